//! Reference and demo data. The demo jurisdiction is generated deterministically from a seed:
//! the same seed gives the same bureaus, people and enterprises on every machine.
//!
//! 安徽省生态环境厅 (340000) → 宿州市生态环境局 (341300) → the five county-level branches, each
//! with its squads; divisions and county outlines come from `reference` (GB/T 2260 datasets).

pub mod bench;
pub mod dispatch_bench;
pub mod dossier;
pub mod gateway_bench;
pub mod monitoring;
pub mod names;
pub mod png;
pub mod tags;
pub mod work;

use std::collections::{BTreeMap, HashMap, HashSet};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    TransactionTrait,
};
use shared::credit_code::{check_character, ALPHABET};
use shared::Role;
use time::{Date, Duration, Month, OffsetDateTime};
use uuid::Uuid;

use crate::platform::entity::{
    app_user, bureau, enterprise, enterprise_tag, monitoring_point, permit, timeline_event,
};
use crate::platform::stored::roles_to_db;
use crate::refdata::divisions as reference;

/// The password every demo account starts with.
pub const DEMO_PASSWORD: &str = "Huanjian@2026";
pub const CITY_CODE: &str = "341300";
pub const PROVINCE_CODE: &str = "340000";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub enterprises: u32,
    /// Where the demo inspections' photos go (the deployment's evidence store). Without one
    /// no field work is generated: evidence the server cannot show would not be the product's.
    pub store: Option<crate::platform::storage::Store>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 20261125,
            enterprises: 2000,
            store: None,
        }
    }
}

/// One demo account, for printing at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub bureau_id: i64,
    pub bureau: String,
    pub squad: Option<String>,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    pub bureaus: usize,
    pub users: usize,
    pub enterprises: usize,
    pub accounts: Vec<DemoAccount>,
    /// Data loggers registered to online monitoring points (see [`monitoring`]).
    pub loggers: usize,
    /// The field work, when a store was given.
    pub work: Option<work::WorkSummary>,
}

struct County {
    code: String,
    name: String,
    towns: Vec<(String, String)>,
    outline: reference::Outline,
    weight: u32,
}

/// Seeds the demo jurisdiction into a database without bureaus. Returns `None` when the
/// database already holds an organisation (the seed never touches real data).
pub async fn demo(
    db: &DatabaseConnection,
    options: &DemoOptions,
) -> anyhow::Result<Option<DemoSummary>> {
    crate::refdata::install(db).await?;
    crate::field::checklists::install_standard(db)
        .await
        .map_err(|e| anyhow::anyhow!("installing the standard checklists: {e}"))?;
    if bureau::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let divisions = reference::divisions()?;
    let name_of: HashMap<&str, &str> = divisions
        .iter()
        .map(|d| (d.code.as_str(), d.name.as_str()))
        .collect();
    let outlines = reference::outlines()?;
    let counties: Vec<County> = divisions
        .iter()
        .filter(|d| d.parent.as_deref() == Some(CITY_CODE))
        .map(|d| County {
            code: d.code.clone(),
            name: d.name.clone(),
            towns: divisions
                .iter()
                .filter(|t| t.parent.as_deref() == Some(d.code.as_str()))
                .map(|t| (t.code.clone(), t.name.clone()))
                .collect(),
            outline: outlines
                .iter()
                .find(|o| o.code == d.code)
                .cloned()
                .unwrap_or(reference::Outline {
                    code: d.code.clone(),
                    rings: vec![],
                }),
            // 埇桥区 is the city's urban district and holds most of its industry.
            weight: if d.code == "341302" { 3 } else { 1 },
        })
        .collect();
    anyhow::ensure!(
        counties.len() == 5 && counties.iter().all(|c| !c.outline.rings.is_empty()),
        "reference data incomplete"
    );

    let now = OffsetDateTime::now_utc();
    let password_hash = crate::identity::password::hash(DEMO_PASSWORD)?;
    let mut summary = DemoSummary::default();
    let txn = db.begin().await?;

    // Bureaus: ids are the division code for bureaus, code*100+n for squads (stable, readable).
    let province_name = format!(
        "{}生态环境厅",
        name_of.get(PROVINCE_CODE).copied().unwrap_or("安徽省")
    );
    let city_name = format!(
        "{}生态环境局",
        name_of.get(CITY_CODE).copied().unwrap_or("宿州市")
    );
    let province_id: i64 = PROVINCE_CODE.parse()?;
    let city_id: i64 = CITY_CODE.parse()?;
    let mut bureaus = vec![
        (
            province_id,
            None,
            "province",
            PROVINCE_CODE.to_string(),
            province_name,
            format!("/{province_id}/"),
        ),
        (
            city_id,
            Some(province_id),
            "city",
            CITY_CODE.to_string(),
            city_name.clone(),
            format!("/{province_id}/{city_id}/"),
        ),
    ];
    let mut squads_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for c in &counties {
        let id: i64 = c.code.parse()?;
        let path = format!("/{province_id}/{city_id}/{id}/");
        bureaus.push((
            id,
            Some(city_id),
            "county",
            c.code.clone(),
            format!("宿州市{}生态环境分局", c.name),
            path.clone(),
        ));
        let n_squads = if c.code == "341302" { 3 } else { 2 };
        for n in 1..=n_squads {
            let sid = id * 100 + n;
            let ordinal = ["一", "二", "三"][(n - 1) as usize];
            bureaus.push((
                sid,
                Some(id),
                "squad",
                c.code.clone(),
                format!("{}第{}执法中队", c.name, ordinal),
                format!("{path}{sid}/"),
            ));
            squads_of.entry(id).or_default().push(sid);
        }
    }
    for (id, parent, level, code, name, path) in &bureaus {
        bureau::Entity::insert(bureau::ActiveModel {
            id: Set(*id),
            parent_id: Set(*parent),
            level: Set(level.to_string()),
            division_code: Set(code.clone()),
            name: Set(name.clone()),
            path: Set(path.clone()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    summary.bureaus = bureaus.len();
    let bureau_name: HashMap<i64, String> = bureaus.iter().map(|b| (b.0, b.4.clone())).collect();

    // People. Login names are unique within a bureau; squads' people belong to their squad.
    let mut users = Vec::new();
    let mut add = |rng: &mut ChaCha8Rng,
                   bureau_id: i64,
                   squad_id: Option<i64>,
                   username: &str,
                   roles: Vec<Role>,
                   cert: Option<String>| {
        let display_name = person_name(rng);
        let valid_until = cert.as_ref().map(|_| {
            Date::from_calendar_date(2027 + rng.gen_range(0..3), Month::December, 31)
                .unwrap_or(Date::MIN)
        });
        users.push(app_user::ActiveModel {
            bureau_id: Set(bureau_id),
            id: Set(uuid_from(rng)),
            squad_id: Set(squad_id),
            username: Set(username.to_string()),
            display_name: Set(display_name.clone()),
            password_hash: Set(password_hash.clone()),
            roles: Set(roles_to_db(&roles)),
            certificate_no: Set(cert),
            certificate_valid_until: Set(valid_until),
            phone: Set(Some(mobile(rng))),
            active: Set(true),
            must_change_password: Set(false),
            created_at: Set(now),
        });
        summary.accounts.push(DemoAccount {
            bureau_id,
            bureau: bureau_name.get(&bureau_id).cloned().unwrap_or_default(),
            squad: squad_id.and_then(|s| bureau_name.get(&s).cloned()),
            username: username.to_string(),
            display_name,
            roles,
        });
    };
    for (bid, leader_roles) in [
        (province_id, vec![Role::BureauLeader]),
        (city_id, vec![Role::BureauLeader]),
    ] {
        add(&mut rng, bid, None, "admin", vec![Role::Admin], None);
        add(&mut rng, bid, None, "leader", leader_roles, None);
        add(
            &mut rng,
            bid,
            None,
            "dispatch",
            vec![Role::Dispatcher],
            None,
        );
    }
    add(
        &mut rng,
        city_id,
        None,
        "legal",
        vec![Role::LegalReviewer],
        None,
    );
    let mut cert_seq: HashMap<String, u32> = HashMap::new();
    let mut cert = |code: &str| {
        let n = cert_seq.entry(code.to_string()).or_insert(0);
        *n += 1;
        // 执法证编号: province abbreviation, issuing division, sequence.
        format!("皖{code}{:04}", *n)
    };
    for c in &counties {
        let id: i64 = c.code.parse()?;
        add(&mut rng, id, None, "admin", vec![Role::Admin], None);
        add(
            &mut rng,
            id,
            None,
            "leader",
            vec![Role::BureauLeader],
            Some(cert(&c.code)),
        );
        add(
            &mut rng,
            id,
            None,
            "legal",
            vec![Role::LegalReviewer],
            Some(cert(&c.code)),
        );
        add(&mut rng, id, None, "dispatch", vec![Role::Dispatcher], None);
        for (i, sid) in squads_of.get(&id).into_iter().flatten().enumerate() {
            add(
                &mut rng,
                id,
                Some(*sid),
                &format!("squad{}", i + 1),
                vec![Role::SquadLeader, Role::Inspector],
                Some(cert(&c.code)),
            );
            for k in 1..=4 {
                add(
                    &mut rng,
                    id,
                    Some(*sid),
                    &format!("insp{}{k}", i + 1),
                    vec![Role::Inspector],
                    Some(cert(&c.code)),
                );
            }
        }
    }
    summary.users = users.len();
    for chunk in users.chunks(200) {
        app_user::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    let staff = staff(&users, &counties, &squads_of);

    let (inserted, pool) = insert_enterprises(db, &mut rng, &counties, options.enterprises).await?;
    summary.enterprises = inserted;
    let county_ids: Vec<i64> = counties
        .iter()
        .filter_map(|c| c.code.parse().ok())
        .collect();
    summary.loggers = monitoring::seed(db, &county_ids).await?;
    if let Some(store) = &options.store {
        let w = work::seed(db, store, options.seed, &staff, &pool).await?;
        tracing::info!(
            tasks = w.tasks,
            evidence = w.evidence,
            "demo field work seeded"
        );
        summary.work = Some(w);
        let alarms = monitoring::history(db, &county_ids).await?;
        tracing::info!(alarms, "demo alarm history seeded");
    }
    Ok(Some(summary))
}

/// The county bureaus' admins, squad leaders and inspectors, for the field work.
fn staff(
    users: &[app_user::ActiveModel],
    counties: &[County],
    squads_of: &HashMap<i64, Vec<i64>>,
) -> Vec<work::Staff> {
    let person = |u: &app_user::ActiveModel| work::Person {
        id: *u.id.as_ref(),
        name: u.display_name.as_ref().clone(),
        cert: u.certificate_no.as_ref().clone(),
    };
    let find = |bureau: i64, squad: Option<i64>, name: &dyn Fn(&str) -> bool| {
        let mut found: Vec<&app_user::ActiveModel> = users
            .iter()
            .filter(|u| {
                *u.bureau_id.as_ref() == bureau
                    && *u.squad_id.as_ref() == squad
                    && name(u.username.as_ref())
            })
            .collect();
        found.sort_by_key(|u| u.username.as_ref().clone());
        found.into_iter().map(person).collect::<Vec<_>>()
    };
    counties
        .iter()
        .filter_map(|c| {
            let bureau: i64 = c.code.parse().ok()?;
            let admin = find(bureau, None, &|n| n == "admin").into_iter().next()?;
            let squads = squads_of
                .get(&bureau)
                .into_iter()
                .flatten()
                .filter_map(|sid| {
                    Some(work::Squad {
                        id: *sid,
                        leader: find(bureau, Some(*sid), &|n| n.starts_with("squad"))
                            .into_iter()
                            .next()?,
                        inspectors: find(bureau, Some(*sid), &|n| n.starts_with("insp")),
                    })
                })
                .collect();
            Some(work::Staff {
                bureau,
                admin,
                squads,
            })
        })
        .collect()
}

async fn insert_enterprises(
    db: &DatabaseConnection,
    rng: &mut ChaCha8Rng,
    counties: &[County],
    count: u32,
) -> anyhow::Result<(usize, BTreeMap<i64, Vec<work::Candidate>>)> {
    let total_weight: u32 = counties.iter().map(|c| c.weight).sum();
    let industry_weight: u32 = names::INDUSTRIES.iter().map(|i| i.2).sum();
    let mut used_names = HashSet::new();
    let mut used_codes = HashSet::new();
    let base = Date::from_calendar_date(2026, Month::November, 1)?
        .midnight()
        .assume_utc();
    let mut batch = Vec::with_capacity(500);
    let mut tag_batch: Vec<enterprise_tag::ActiveModel> = Vec::with_capacity(2000);
    let mut inserted = 0;
    let mut permits = Vec::new();
    let mut points = Vec::new();
    let mut events = Vec::new();
    let formula = shared::risk::RiskFormula::default();
    let today = crate::history::risk::today();
    let backend = db.get_database_backend();
    let mut txn = db.begin().await?;
    let first_seq = crate::registry::search::reserve_seq(&txn, count as i64).await?;
    let mut samples: HashMap<i64, Vec<enterprise::Model>> = HashMap::new();
    // Enterprises the squads' work is drawn from: the first operating ones of each county.
    let mut pool: BTreeMap<i64, Vec<work::Candidate>> = BTreeMap::new();
    let old_enough = (today - Duration::days(work::MIN_AGE_DAYS))
        .midnight()
        .assume_utc();
    for i in 0..count {
        let county = pick_weighted(rng, counties, total_weight, |c| c.weight);
        let industry = pick_weighted(rng, names::INDUSTRIES, industry_weight, |i| i.2);
        let (town_code, town_name) = county.towns.choose(rng).cloned().unwrap_or_default();
        let mut attempt = 0;
        let name = loop {
            let candidate = enterprise_name(rng, county, industry, attempt);
            if used_names.insert(candidate.clone()) {
                break candidate;
            }
            attempt += 1;
        };
        let code = loop {
            let candidate = credit_code(rng, &county.code);
            if used_codes.insert(candidate.clone()) {
                break candidate;
            }
        };
        let (lng, lat) = point_in(rng, &county.outline);
        let road = format!(
            "{}{}",
            names::ROAD_WORDS.choose(rng).copied().unwrap_or("人民"),
            names::ROAD_KINDS.choose(rng).copied().unwrap_or("路")
        );
        let created = base - Duration::days(rng.gen_range(0..3650));
        let bureau_id: i64 = county.code.parse()?;
        let id = uuid_from(rng);
        let mut model = enterprise::Model {
            bureau_id,
            id,
            name,
            credit_code: code,
            legal_representative: person_name(rng),
            address: format!(
                "安徽省宿州市{}{}{}{}号",
                county.name,
                town_name,
                road,
                rng.gen_range(1..=999)
            ),
            division_code: county.code.clone(),
            town_code: Some(town_code).filter(|t| !t.is_empty()),
            longitude: lng,
            latitude: lat,
            industry_code: industry.0.to_string(),
            scale: pick_scale(rng).to_string(),
            contact_name: Some(person_name(rng)),
            contact_phone: Some(mobile(rng)),
            status: pick_status(rng).to_string(),
            created_at: created,
            updated_at: created,
            seq: first_seq + i as i64,
            risk_score: 0,
            risk_level: String::new(),
            risk_reasons: String::new(),
            permit_status: String::new(),
        };
        let mut own_tags = Vec::new();
        for (tag_code, chance) in tags::industry_tags(industry.0) {
            if rng.gen_range(0..100u8) < *chance {
                own_tags.push(*tag_code);
                tag_batch.push(enterprise_tag::ActiveModel {
                    bureau_id: Set(bureau_id),
                    enterprise_id: Set(id),
                    tag_code: Set(tag_code.to_string()),
                });
            }
        }
        let h = dossier::history(&mut model, &own_tags, base, today, &formula);
        let sample = samples.entry(model.bureau_id).or_default();
        if sample.len() < 12 {
            sample.push(model.clone());
        }
        let candidates = pool.entry(model.bureau_id).or_default();
        if candidates.len() < work::POOL
            && model.status == "operating"
            && model.created_at < old_enough
        {
            candidates.push(work::Candidate {
                enterprise: model.clone(),
                tags: own_tags.iter().map(|t| t.to_string()).collect(),
            });
        }
        permits.extend(h.permits);
        points.extend(h.points);
        events.extend(h.events);
        batch.push(model);
        if batch.len() == 500 || i + 1 == count {
            inserted += batch.len();
            let rows = std::mem::take(&mut batch);
            crate::registry::search::index_new(&txn, &rows).await?;
            let pg_rows = if backend == sea_orm::DbBackend::Postgres {
                rows.clone()
            } else {
                Vec::new()
            };
            enterprise::Entity::insert_many(rows.into_iter().map(enterprise::ActiveModel::from))
                .exec(&txn)
                .await?;
            if backend == sea_orm::DbBackend::Postgres {
                // PostgreSQL's index columns are outside the entity; fill them now the rows exist.
                crate::registry::search::index(&txn, &pg_rows).await?;
            }
            for c in std::mem::take(&mut permits).chunks(500) {
                permit::Entity::insert_many(c.to_vec()).exec(&txn).await?;
            }
            for c in std::mem::take(&mut points).chunks(500) {
                monitoring_point::Entity::insert_many(c.to_vec())
                    .exec(&txn)
                    .await?;
            }
            for c in std::mem::take(&mut events).chunks(500) {
                timeline_event::Entity::insert_many(c.to_vec())
                    .exec(&txn)
                    .await?;
            }
            for chunk in std::mem::take(&mut tag_batch).chunks(1000) {
                enterprise_tag::Entity::insert_many(chunk.to_vec())
                    .exec(&txn)
                    .await?;
            }
            // Commit every 50,000 rows so a million-row seed does not hold one huge transaction.
            if inserted % 50_000 == 0 {
                txn.commit().await?;
                txn = db.begin().await?;
                tracing::info!(inserted, "enterprises seeded");
            }
        }
    }
    txn.commit().await?;
    if count > 0 {
        insert_projects(
            db,
            rng,
            counties,
            &samples,
            &mut used_names,
            &mut used_codes,
            base,
        )
        .await?;
    }
    if backend == sea_orm::DbBackend::Postgres {
        // Fresh statistics for the search index (see the migration), before anyone searches.
        db.execute_unprepared("ANALYZE enterprise").await?;
    }
    Ok((inserted, pool))
}

/// Construction projects per county: some approved and under construction (new builders),
/// some accepted and linked to the enterprise they became.
async fn insert_projects(
    db: &DatabaseConnection,
    rng: &mut ChaCha8Rng,
    counties: &[County],
    samples: &HashMap<i64, Vec<enterprise::Model>>,
    used_names: &mut HashSet<String>,
    used_codes: &mut HashSet<String>,
    base: OffsetDateTime,
) -> anyhow::Result<()> {
    use shared::dossier::{EiaCategory, ProjectStage, TimelineKind};
    let txn = db.begin().await?;
    let mut events = Vec::new();
    for county in counties {
        let bureau: i64 = county.code.parse()?;
        let short = county
            .name
            .trim_end_matches(['县', '区'])
            .chars()
            .next()
            .unwrap_or('宿');
        for n in 0..6u32 {
            let industry = names::INDUSTRIES
                .choose(rng)
                .copied()
                .unwrap_or(names::INDUSTRIES[0]);
            let approved = (base - Duration::days(rng.gen_range(200..900))).date();
            let category = *[EiaCategory::Report, EiaCategory::Table, EiaCategory::Table]
                .choose(rng)
                .unwrap_or(&EiaCategory::Table);
            let linked = samples
                .get(&bureau)
                .and_then(|v| v.get(n as usize))
                .filter(|_| n >= 3);
            // An expansion is approved after the enterprise registered, and accepted before today.
            let latest = (base - Duration::days(60)).date();
            let approved = match linked {
                Some(e) => {
                    (e.created_at.date() + Duration::days(rng.gen_range(30..400))).min(latest)
                }
                None => approved,
            };
            let accepted_by = (base - Duration::days(1)).date();
            let approval_no = format!("{short}环审〔{}〕{}号", approved.year(), 10 + n * 7);
            let (builder, code, person, address, lng, lat, industry_code, accepted, ent) =
                match linked {
                    Some(e) => (
                        e.name.clone(),
                        e.credit_code.clone(),
                        e.legal_representative.clone(),
                        e.address.clone(),
                        e.longitude,
                        e.latitude,
                        e.industry_code.clone(),
                        Some((approved + Duration::days(rng.gen_range(90..400))).min(accepted_by)),
                        Some(e.id),
                    ),
                    None => {
                        let mut attempt = 0;
                        let name = loop {
                            let c = enterprise_name(rng, county, &industry, attempt);
                            if used_names.insert(c.clone()) {
                                break c;
                            }
                            attempt += 1;
                        };
                        let code = loop {
                            let c = credit_code(rng, &county.code);
                            if used_codes.insert(c.clone()) {
                                break c;
                            }
                        };
                        let (lng, lat) = point_in(rng, &county.outline);
                        let (_, town) = county.towns.choose(rng).cloned().unwrap_or_default();
                        (
                            name,
                            code,
                            person_name(rng),
                            format!(
                                "安徽省宿州市{}{}工业集中区{}号",
                                county.name,
                                town,
                                rng.gen_range(1..=200)
                            ),
                            lng,
                            lat,
                            industry.0.to_string(),
                            None,
                            None,
                        )
                    }
                };
            let kind = ["新建", "技术改造", "扩建"][if ent.is_some() {
                1 + (n as usize % 2)
            } else {
                0
            }];
            let project = crate::platform::entity::project::Model {
                bureau_id: bureau,
                id: uuid_from(rng),
                name: format!(
                    "年产{}万吨{}{}项目",
                    rng.gen_range(1..=30),
                    crate::refdata::industries::name(industry.0).unwrap_or(industry.0),
                    kind
                ),
                builder,
                credit_code: code,
                legal_representative: person,
                address,
                division_code: county.code.clone(),
                longitude: lng,
                latitude: lat,
                industry_code,
                eia_category: category.code().into(),
                eia_approval_no: approval_no.clone(),
                eia_approved_on: approved,
                stage: if accepted.is_some() {
                    ProjectStage::Accepted
                } else {
                    ProjectStage::Approved
                }
                .code()
                .into(),
                accepted_on: accepted,
                enterprise_id: ent,
                created_at: base,
            };
            if let (Some(e), Some(on)) = (ent, accepted) {
                use crate::history::timeline::{row, NewEvent};
                let reference = format!("project:{}", project.id);
                for (kind, when, title) in [
                    (
                        TimelineKind::ProjectApproved,
                        approved,
                        format!("环评批复：{}", project.name),
                    ),
                    (
                        TimelineKind::ProjectAccepted,
                        on,
                        format!("竣工环境保护验收：{}", project.name),
                    ),
                ] {
                    let mut r = row(
                        bureau,
                        e,
                        NewEvent {
                            occurred_at: when.midnight().assume_utc(),
                            ..NewEvent::now(kind, title)
                                .detail(format!("批复文号 {approval_no}"))
                                .reference(reference.clone())
                        },
                    );
                    r.id = Set(uuid_from(rng));
                    r.created_at = Set(base);
                    events.push(r);
                }
            }
            crate::platform::entity::project::Entity::insert(
                crate::platform::entity::project::ActiveModel::from(project),
            )
            .exec_without_returning(&txn)
            .await?;
        }
    }
    for c in events.chunks(200) {
        timeline_event::Entity::insert_many(c.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

fn pick_weighted<'a, T>(
    rng: &mut ChaCha8Rng,
    items: &'a [T],
    total: u32,
    weight: impl Fn(&T) -> u32,
) -> &'a T {
    let mut roll = rng.gen_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if roll < w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1]
}

fn uuid_from(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

fn person_name(rng: &mut ChaCha8Rng) -> String {
    let mut s = names::SURNAMES
        .choose(rng)
        .copied()
        .unwrap_or("王")
        .to_string();
    for _ in 0..rng.gen_range(1..=2) {
        s.push_str(names::GIVEN.choose(rng).copied().unwrap_or("伟"));
    }
    s
}

fn mobile(rng: &mut ChaCha8Rng) -> String {
    let prefix = [
        "135", "138", "139", "150", "151", "152", "155", "158", "180", "187", "189", "199",
    ];
    format!(
        "{}{:08}",
        prefix.choose(rng).copied().unwrap_or("139"),
        rng.gen_range(0..100_000_000u32)
    )
}

/// A registrable name. Two-character trade names (字号) run out after a few hundred thousand
/// enterprises, so each collision of the same draw allows a longer one: three characters after
/// 4 collisions, four after 12, which keeps a million-enterprise seed fast.
fn enterprise_name(
    rng: &mut ChaCha8Rng,
    county: &County,
    industry: &(&str, &[&str], u32),
    attempt: u32,
) -> String {
    let mut trade = format!(
        "{}{}",
        names::TRADE_FIRST.choose(rng).copied().unwrap_or("恒"),
        names::TRADE_SECOND.choose(rng).copied().unwrap_or("达")
    );
    for _ in 0..[(4, 1), (12, 2)]
        .iter()
        .filter(|(after, _)| attempt >= *after)
        .count()
    {
        trade.push_str(names::GIVEN.choose(rng).copied().unwrap_or("华"));
    }
    let word = industry.1.choose(rng).copied().unwrap_or("实业");
    let short_county = county.name.trim_end_matches(['县', '区']);
    match rng.gen_range(0..100) {
        0..=34 => format!("宿州市{trade}{word}有限公司"),
        35..=54 => format!("安徽{trade}{word}有限公司"),
        55..=69 => format!("{}{trade}{word}有限公司", county.name),
        70..=77 => format!("安徽省{trade}{word}股份有限公司"),
        78..=87 => format!("{short_county}{trade}{word}有限责任公司"),
        _ => format!("{}{trade}{word}厂", county.name),
    }
}

/// A GB 32100 code for an enterprise registered in `division`: new-style organisation codes
/// ("MA" + six characters) for most, old nine-digit ones for the rest, both with their checks.
fn credit_code(rng: &mut ChaCha8Rng, division: &str) -> String {
    let mut org: Vec<u8> = Vec::with_capacity(9);
    if rng.gen_bool(0.65) {
        org.extend_from_slice(b"MA");
        for _ in 0..6 {
            org.push(ALPHABET[rng.gen_range(0..ALPHABET.len())]);
        }
    } else {
        for _ in 0..8 {
            org.push(b'0' + rng.gen_range(0..10u8));
        }
    }
    org.push(org_code_check(&org));
    let mut first17 = format!("91{division}").into_bytes();
    first17.extend_from_slice(&org);
    let check = check_character(&first17).unwrap_or('0');
    let mut s = String::from_utf8(first17).unwrap_or_default();
    s.push(check);
    s
}

/// GB 11714 check character of an eight-character organisation code.
fn org_code_check(code: &[u8]) -> u8 {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let value = |c: u8| {
        if c.is_ascii_digit() {
            (c - b'0') as u32
        } else {
            (c - b'A') as u32 + 10
        }
    };
    let sum: u32 = code.iter().zip(W).map(|(c, w)| value(*c) * w).sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        n => b'0' + n as u8,
    }
}

fn point_in(rng: &mut ChaCha8Rng, outline: &reference::Outline) -> (f64, f64) {
    let (x0, y0, x1, y1) = outline.bbox();
    for _ in 0..1000 {
        let x = rng.gen_range(x0..x1);
        let y = rng.gen_range(y0..y1);
        if outline.contains(x, y) {
            return ((x * 1e6).round() / 1e6, (y * 1e6).round() / 1e6);
        }
    }
    ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
}

fn pick_scale(rng: &mut ChaCha8Rng) -> &'static str {
    match rng.gen_range(0..100) {
        0..=1 => "large",
        2..=11 => "medium",
        12..=59 => "small",
        _ => "micro",
    }
}

fn pick_status(rng: &mut ChaCha8Rng) -> &'static str {
    match rng.gen_range(0..100) {
        0..=84 => "operating",
        85..=92 => "suspended",
        _ => "closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_credit_codes_are_valid_and_local() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2000 {
            let code = credit_code(&mut rng, "341321");
            let parsed = shared::CreditCode::parse(&code).expect("generated code is valid");
            assert_eq!(parsed.division_part(), "341321");
        }
    }

    #[test]
    fn org_code_check_matches_published_example() {
        // 组织机构代码 D2143569-? : check character is X per GB 11714's worked example.
        assert_eq!(org_code_check(b"D2143569"), b'X');
    }
}
