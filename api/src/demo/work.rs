//! The demo jurisdiction's field work, so that it looks worked in: every squad has a few dozen
//! inspection tasks in every state (assigned and due soon, in progress, sent back, submitted,
//! reviewed over the past six months) with the history of who moved them when; the inspections
//! that reached the site have findings on the checklist that fits the enterprise, photos (real
//! PNG files in the store, so the server's hash matches) and on-site records signed by both
//! inspectors and the party. Reviewed inspections are on the enterprise's timeline, and the
//! most serious problems they found were taken up as cases (立案查处), which the risk index
//! counts.
//!
//! Bounded by squad, not by enterprise: the same few hundred tasks for 100 or 1,000,000
//! enterprises. Times are working hours in China, relative to today's date there, and always
//! at least a day in the past (due dates may lie ahead), so the same seed gives the same work on
//! the same day. No audit entries are invented for this history: one entry per county says
//! that the demo work was generated, through the chain writer.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction, EntityTrait};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::checklist::{ChecklistItem, ChecklistTemplate, ItemKind};
use shared::device::{DeviceRegistration, DeviceStatus};
use shared::dossier::TimelineKind;
use shared::inspection::{
    EvidenceKind, Findings, ItemAnswer, QuestionAnswer, RecordDoc, RecordKind, Signature,
    SignerRole, Verdict,
};
use shared::task::{TaskSource, TaskStatus};
use shared::{BureauId, Role};
use time::{Date, Duration, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use super::png::{self, Scene};
use crate::history::timeline::{self, NewEvent};
use crate::identity::devices;
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{
    enterprise, evidence, inspection, inspection_record, task, task_event, task_inspector,
    timeline_event,
};
use crate::platform::scope::{Device, Scope};
use crate::platform::storage::{evidence_path, Store};

/// A demo account the work is done by.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    /// 执法证号.
    pub cert: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Squad {
    pub id: i64,
    pub leader: Person,
    /// The squad's inspectors (`insp{n}1` … `insp{n}4`), in user-name order.
    pub inspectors: Vec<Person>,
}

/// A county bureau's people, as the generator made them.
#[derive(Debug, Clone)]
pub struct Staff {
    pub bureau: i64,
    pub admin: Person,
    pub squads: Vec<Squad>,
}

/// An enterprise the squads may inspect: operating, registered long enough ago.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub enterprise: enterprise::Model,
    pub tags: Vec<String>,
}

/// Enterprises kept per county to draw the work from.
pub const POOL: usize = 72;
/// Candidates were registered at least this long before today.
pub const MIN_AGE_DAYS: i64 = 200;

/// How many tasks of each shape every squad gets.
const SHAPES: &[(Shape, usize)] = &[
    (Shape::Assigned, 4),
    (Shape::InProgress, 2),
    (Shape::SentBack, 1),
    (Shape::Submitted, 3),
    (Shape::Reviewed, 14),
];
/// Inspector pairs by task index: the first inspector (`insp{n}1`) is on pairs 0 and 2, so
/// every shape with two or more tasks reaches him.
const PAIRS: [(usize, usize); 6] = [(0, 1), (2, 3), (0, 2), (1, 3), (0, 3), (1, 2)];
const DEVICE_NAME: &str = "Android · Chrome";

#[derive(Debug, Clone, Default)]
pub struct WorkSummary {
    pub tasks: usize,
    /// Tasks per county bureau and status code; `sent_back` counts the in-progress tasks that
    /// were returned by the reviewer (they are also in `in_progress`).
    pub by_status: BTreeMap<(i64, String), usize>,
    pub inspections: usize,
    pub evidence: usize,
    pub records: usize,
    pub violations: usize,
    pub devices: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Assigned,
    InProgress,
    SentBack,
    Submitted,
    Reviewed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Create,
    Start,
    Submit,
    Return,
    Accept,
}

/// A moment as a day relative to today (China) and a minute of that day (China time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct T {
    day: i64,
    min: i64,
}

fn cst() -> UtcOffset {
    UtcOffset::from_whole_seconds(8 * 3600).unwrap_or(UtcOffset::UTC)
}

impl T {
    fn at(self, today: Date) -> OffsetDateTime {
        ((today + Duration::days(self.day))
            .midnight()
            .assume_offset(cst())
            + Duration::minutes(self.min))
        .to_offset(UtcOffset::UTC)
    }
    fn plus(self, minutes: i64) -> T {
        let m = self.min + minutes;
        T {
            day: self.day + m.div_euclid(1440),
            min: m.rem_euclid(1440),
        }
    }
    fn shift(self, days: i64) -> T {
        T {
            day: self.day + days,
            min: self.min,
        }
    }
}

/// A working-hours moment `gap` days after `t` (the same day: at least 45 minutes later).
fn next(rng: &mut ChaCha8Rng, t: T, gap: RangeInclusive<i64>) -> T {
    let g = rng.gen_range(gap);
    if g == 0 {
        let m = t.min + rng.gen_range(45..150);
        if m < 18 * 60 {
            return T { day: t.day, min: m };
        }
        return T {
            day: t.day + 1,
            min: rng.gen_range(510..720),
        };
    }
    T {
        day: t.day + g,
        min: rng.gen_range(510..900),
    }
}

/// The device clock's format (JavaScript `toISOString`).
fn iso(t: OffsetDateTime) -> String {
    let u = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        u.year(),
        u.month() as u8,
        u.day(),
        u.hour(),
        u.minute(),
        u.second(),
        u.millisecond()
    )
}

fn local(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(cst())
}

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

fn hex(bytes: &[u8]) -> String {
    crate::platform::audit::hex(&Sha256::digest(bytes))
}

fn scene_of(text: &str) -> Scene {
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["危废", "危险废物", "固废", "污泥"]) {
        Scene::Store
    } else if has(&["台账", "联单", "记录"]) {
        Scene::Ledger
    } else if has(&["在线监测", "仪表", "站房"]) {
        Scene::Station
    } else if has(&[
        "排口",
        "排放口",
        "出水",
        "水样",
        "废水",
        "雨水",
        "溢流",
        "雨污",
    ]) {
        Scene::Outfall
    } else {
        Scene::Plant
    }
}

/// What a serious problem is called when a case is opened for it; `None` for problems that
/// are only ordered put right (a ledger, a sign).
fn offence(item: &ChecklistItem) -> Option<&'static str> {
    let t = item.text.as_str();
    match item.kind {
        ItemKind::Numeric => Some(if item.unit.as_deref() == Some("mg/L") {
            "超标排放水污染物"
        } else {
            "超标排放大气污染物"
        }),
        ItemKind::YesNo => {
            let rules: &[(&str, &str)] = &[
                ("暗管", "通过暗管等逃避监管的方式排放污染物"),
                ("旁路", "通过旁路违法排放水污染物"),
                ("篡改", "篡改、伪造自动监测数据"),
                ("混入", "危险废物混入非危险废物中贮存"),
                ("无组织排放", "无组织排放挥发性有机物"),
                ("雨水排口", "通过雨水排口违法排放废水"),
                ("在线监测设备", "未保证自动监测设备正常运行"),
                ("正常运行", "未正常运行污染防治设施"),
                ("环评批复", "未依法报批环境影响评价文件擅自开工建设"),
            ];
            rules.iter().find(|(w, _)| t.contains(w)).map(|(_, o)| *o)
        }
        _ => None,
    }
}

/// A reading below the limit, or above it for a problem, rounded as an instrument shows it.
fn reading(rng: &mut ChaCha8Rng, limit: f64, problem: bool) -> f64 {
    let v = if problem {
        limit * rng.gen_range(1.12..2.4)
    } else {
        limit * rng.gen_range(0.18..0.86)
    };
    let scale = if limit < 1.0 {
        100.0
    } else if limit < 100.0 {
        10.0
    } else {
        1.0
    };
    (v * scale).round() / scale
}

fn problem_note(rng: &mut ChaCha8Rng, item: &ChecklistItem, value: Option<f64>) -> String {
    match (item.kind, value, item.limit) {
        (ItemKind::Numeric, Some(v), Some(l)) => format!(
            "便携式仪器现场快速检测{v}{}，超过限值{}{}（超标{:.0}%），已采样送检",
            item.unit.as_deref().unwrap_or(""),
            l,
            item.unit.as_deref().unwrap_or(""),
            (v / l - 1.0) * 100.0
        ),
        _ if item.expected == Some(false) => [
            "现场发现该情况，已拍照取证",
            "经现场核实存在该情况，已拍照并询问相关人员",
        ]
        .choose(rng)
        .copied()
        .unwrap_or_default()
        .to_string(),
        _ => [
            "现场核实不符合要求，已拍照取证",
            "未能提供相关材料，已责令限期补正",
            "现场检查时未见落实，已当场指出",
        ]
        .choose(rng)
        .copied()
        .unwrap_or_default()
        .to_string(),
    }
}

/// The squad-leader's note on the task at assignment, from what the enterprise is.
fn task_note(rng: &mut ChaCha8Rng, tags: &[String]) -> String {
    let has = |t: &str| tags.iter().any(|x| x == t);
    let mut options = vec![
        "“双随机、一公开”抽查",
        "日常监管现场检查",
        "排污许可证执行情况检查",
    ];
    if has("key_source") {
        options.push("重点排污单位季度现场检查");
    }
    if has("hazardous_waste") {
        options.push("危险废物规范化环境管理专项检查");
    }
    if has("vocs") {
        options.push("夏秋季臭氧污染防治VOCs专项检查");
    }
    if has("online_monitoring") {
        options.push("在线监测数据异常现场核查");
    }
    if rng.gen_bool(0.12) {
        return format!(
            "信访投诉核查：{}",
            [
                "群众反映夜间有刺鼻气味",
                "群众反映厂区噪声扰民",
                "群众反映雨水排口有异色废水"
            ]
            .choose(rng)
            .copied()
            .unwrap_or_default()
        );
    }
    options.choose(rng).copied().unwrap_or_default().to_string()
}

const RETURN_NOTES: &[&str] = &[
    "现场照片未反映总排口全貌，请补充说明",
    "笔录中检查情况描述不完整，请写明问题的具体位置",
    "读数项未注明检测仪器型号，请在备注中补充",
    "当事人签字与身份信息不一致，请核实后重新提交",
];
const ACCEPT_NOTES: &[&str] = &[
    "检查内容完整，证据齐全，同意。",
    "未发现环境违法问题，同意归档。",
    "笔录规范，照片清晰，同意。",
];
const TITLES: &[&str] = &[
    "环保负责人",
    "厂长",
    "生产副总经理",
    "安全环保部经理",
    "法定代表人",
];

/// Everything the generator made, written at the end: rows in one transaction, files before.
#[derive(Default)]
struct Out {
    tasks: Vec<task::ActiveModel>,
    links: Vec<task_inspector::ActiveModel>,
    events: Vec<task_event::ActiveModel>,
    inspections: Vec<inspection::ActiveModel>,
    records: Vec<inspection_record::ActiveModel>,
    evidence: Vec<evidence::ActiveModel>,
    timeline: Vec<timeline_event::ActiveModel>,
    /// Each county's phones, registered and approved through the devices service.
    phones: Vec<Phone>,
    files: Vec<(object_store::path::Path, Vec<u8>)>,
    /// Each inspector's signature, drawn once.
    ink: BTreeMap<Uuid, String>,
    /// Enterprises whose risk inputs changed.
    recompute: Vec<(i64, Uuid)>,
}

/// Generates the work of every county and writes it: files first, then the rows in one
/// transaction that also appends one audit entry per county.
pub async fn seed(
    db: &DatabaseConnection,
    store: &Store,
    seed: u64,
    staff: &[Staff],
    pool: &BTreeMap<i64, Vec<Candidate>>,
) -> anyhow::Result<WorkSummary> {
    let today = crate::history::risk::today();
    let templates = crate::field::checklists::latest(db)
        .await
        .map_err(|e| anyhow::anyhow!("checklists: {e}"))?;
    // Its own stream: the work does not depend on how many enterprises were drawn before.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6669_656c_6477_6f72);
    let mut out = Out::default();
    let mut summary = WorkSummary::default();
    for county in staff {
        let Some(candidates) = pool.get(&county.bureau).filter(|p| !p.is_empty()) else {
            continue;
        };
        let devices = phones(seed, county, &mut out);
        let n = county.squads.len().max(1);
        for (s, squad) in county.squads.iter().enumerate() {
            let share: Vec<&Candidate> = candidates
                .iter()
                .enumerate()
                .filter(|(j, _)| j % n == s)
                .map(|(_, c)| c)
                .collect();
            if share.is_empty() || squad.inspectors.len() < 4 {
                continue;
            }
            let mut t = 0;
            for (shape, count) in SHAPES {
                for k in 0..*count {
                    let c = share[t % share.len()];
                    t += 1;
                    let Some(template) = crate::field::checklists::best_fit(
                        &templates,
                        &c.enterprise.industry_code,
                        &c.tags,
                    ) else {
                        continue;
                    };
                    let (a, b) = PAIRS[k % PAIRS.len()];
                    let pair = [&squad.inspectors[a], &squad.inspectors[b]];
                    let status = one_task(
                        &mut rng,
                        &mut out,
                        &mut summary,
                        today,
                        county,
                        squad,
                        pair,
                        &devices,
                        c,
                        template,
                        *shape,
                        k,
                    );
                    *summary
                        .by_status
                        .entry((county.bureau, status.code().to_string()))
                        .or_default() += 1;
                    if *shape == Shape::SentBack {
                        *summary
                            .by_status
                            .entry((county.bureau, "sent_back".into()))
                            .or_default() += 1;
                    }
                    summary.tasks += 1;
                }
            }
        }
    }
    summary.devices = out.phones.len();

    futures_util::stream::iter(std::mem::take(&mut out.files))
        .map(|(path, bytes)| async move {
            store
                .put(&path, PutPayload::from(bytes))
                .await
                .map(|_| ())
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;

    let bureaus: Vec<i64> = staff.iter().map(|s| s.bureau).collect();
    let mut scopes = BTreeMap::new();
    for county in staff {
        let admin = as_user(&county.admin, county.bureau, Role::Admin);
        let scope = Scope::for_user(db, &admin)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        scopes.insert(county.bureau, (admin, scope));
    }
    let txn = audit::begin_many(db, &bureaus)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    approve_phones(&txn, &scopes, std::mem::take(&mut out.phones)).await?;
    write(&txn, &mut out).await?;
    let formula = crate::history::risk::formula(&txn)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    out.recompute.sort();
    out.recompute.dedup();
    for (b, id) in &out.recompute {
        crate::history::risk::recompute(&txn, &formula, *b, *id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    for b in &bureaus {
        let count = |s: &str| {
            summary
                .by_status
                .get(&(*b, s.to_string()))
                .copied()
                .unwrap_or(0)
        };
        audit::append(
            &txn,
            *b,
            &Actor::default(),
            "demo.seed",
            &format!("bureau:{b}"),
            json!({
                "note": "演示数据：生成的检查任务与现场检查记录（非真实执法活动）",
                "seed": seed,
                "tasks": { "assigned": count("assigned"), "in_progress": count("in_progress"),
                    "sent_back": count("sent_back"), "submitted": count("submitted"),
                    "reviewed": count("reviewed") },
            }),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    txn.commit().await?;
    Ok(summary)
}

async fn write(txn: &DatabaseTransaction, out: &mut Out) -> anyhow::Result<()> {
    macro_rules! rows {
        ($field:ident, $entity:path) => {
            for chunk in std::mem::take(&mut out.$field).chunks(200) {
                <$entity>::insert_many(chunk.to_vec())
                    .exec_without_returning(txn)
                    .await?;
            }
        };
    }
    rows!(tasks, task::Entity);
    rows!(links, task_inspector::Entity);
    rows!(events, task_event::Entity);
    rows!(inspections, inspection::Entity);
    rows!(records, inspection_record::Entity);
    rows!(evidence, evidence::Entity);
    rows!(timeline, timeline_event::Entity);
    Ok(())
}

/// A demo inspector's phone, to be registered by the inspector and approved by the county's
/// admin.
struct Phone {
    bureau: i64,
    owner: Person,
    id: Uuid,
    public_key: String,
}

/// The demo phone of `user`: its id and P-256 key follow from the seed and the user, so that
/// tests and tools can sign as it. Demo only — whoever knows the seed can sign as these
/// phones, as whoever knows the demo password can sign in.
pub fn phone(seed: u64, user: Uuid) -> (Uuid, p256::ecdsa::SigningKey) {
    let digest = |label: &[u8], counter: u8| {
        let mut h = Sha256::new();
        h.update(b"huanjian demo phone\0");
        h.update(label);
        h.update(seed.to_le_bytes());
        h.update(user.as_bytes());
        h.update([counter]);
        h.finalize()
    };
    let id_bytes = digest(b"id", 0);
    let mut id = [0u8; 16];
    id.copy_from_slice(&id_bytes[..16]);
    let id = uuid::Builder::from_random_bytes(id).into_uuid();
    // A digest outside the curve's order is vanishingly rare; the next counter then serves.
    let key = (0..=u8::MAX)
        .find_map(|c| p256::ecdsa::SigningKey::from_slice(&digest(b"key", c)).ok())
        .unwrap_or_else(|| p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng));
    (id, key)
}

/// One phone per inspector of the county. Returns the label each writes into evidence.
fn phones(seed: u64, county: &Staff, out: &mut Out) -> BTreeMap<Uuid, String> {
    let mut labels = BTreeMap::new();
    for p in county.squads.iter().flat_map(|s| &s.inspectors) {
        let (id, key) = phone(seed, p.id);
        let public = URL_SAFE_NO_PAD.encode(key.verifying_key().to_encoded_point(false).as_bytes());
        out.phones.push(Phone {
            bureau: county.bureau,
            owner: p.clone(),
            id,
            public_key: public,
        });
        labels.insert(p.id, crate::identity::devices::label(id, DEVICE_NAME));
    }
    labels
}

/// A demo account as the services see a signed-in caller.
fn as_user(p: &Person, bureau: i64, role: Role) -> AuthUser {
    AuthUser {
        user_id: p.id,
        bureau_id: BureauId(bureau),
        roles: vec![role],
        must_change_password: false,
    }
}

/// The demo phones go the way every phone goes: registered by their inspector (pending), then
/// approved by the county's admin, each step through the devices service and in the audit
/// trail. No phone is approved by any other path.
async fn approve_phones(
    txn: &DatabaseTransaction,
    admins: &BTreeMap<i64, (AuthUser, Scope)>,
    phones: Vec<Phone>,
) -> anyhow::Result<()> {
    const NOTE: &str = "演示数据：演示手机由演示管理员批准";
    let err = |e: crate::platform::error::AppError| anyhow::anyhow!("demo phone: {e}");
    for p in phones {
        let (admin, scope) = admins
            .get(&p.bureau)
            .ok_or_else(|| anyhow::anyhow!("no admin for bureau {}", p.bureau))?;
        let owner = as_user(&p.owner, p.bureau, Role::Inspector);
        let reg = DeviceRegistration {
            id: p.id.to_string(),
            name: DEVICE_NAME.into(),
            public_key: p.public_key,
        };
        devices::register_in(txn, &owner, reg, Some(NOTE))
            .await
            .map_err(err)?;
        let key = scope
            .admit::<Device>(BureauId(p.bureau), &p.id.to_string())
            .map_err(err)?;
        devices::decide_in(txn, admin, key, DeviceStatus::Approved, Some(NOTE))
            .await
            .map_err(err)?;
    }
    Ok(())
}

/// The on-site visit, from arrival to leaving, when there was one.
type Visit = Option<(T, T)>;

/// The moves of a task of `shape` (the `k`th of its shape in the squad), oldest first, all at
/// least a day ago, and the on-site window when the inspectors got there.
fn plan(rng: &mut ChaCha8Rng, shape: Shape, k: usize) -> (Vec<(Move, T)>, Visit) {
    let work = |rng: &mut ChaCha8Rng| rng.gen_range(510..960);
    let start_of = |rng: &mut ChaCha8Rng, day: i64| T {
        day,
        min: rng.gen_range(510..900),
    };
    let created_days_ago = match shape {
        Shape::Assigned => rng.gen_range(1..=4),
        Shape::InProgress => rng.gen_range(5..=10),
        Shape::SentBack => rng.gen_range(12..=18),
        Shape::Submitted => rng.gen_range(8..=14),
        Shape::Reviewed => 24 + k as i64 * 11 + rng.gen_range(0..=6),
    };
    let create = T {
        day: -created_days_ago,
        min: work(rng),
    };
    let mut moves = vec![(Move::Create, create)];
    let mut site = None;
    if shape != Shape::Assigned {
        let day = create.day + rng.gen_range(1..=3);
        let start = start_of(rng, day);
        moves.push((Move::Start, start));
        let from = start.plus(rng.gen_range(10..25));
        let to = from.plus(rng.gen_range(55..130));
        site = Some((from, to));
        if shape != Shape::InProgress {
            let mut last = next(rng, to, 0..=1);
            moves.push((Move::Submit, last));
            let cycles = match shape {
                Shape::SentBack => 1,
                Shape::Submitted if k == 0 => 1,
                Shape::Reviewed if rng.gen_bool(0.25) => 1,
                _ => 0,
            };
            for _ in 0..cycles {
                last = next(rng, last, 1..=2);
                moves.push((Move::Return, last));
                if shape != Shape::SentBack {
                    last = next(rng, last, 1..=2);
                    moves.push((Move::Submit, last));
                }
            }
            if shape == Shape::Reviewed {
                last = next(rng, last, 1..=4);
                moves.push((Move::Accept, last));
            }
        }
    }
    // Everything happened by yesterday: move the whole story back if it ran late.
    let last = moves.last().map(|m| m.1).unwrap_or(create);
    if last.day > -1 {
        let back = -1 - last.day;
        for m in &mut moves {
            m.1 = m.1.shift(back);
        }
        site = site.map(|(a, b)| (a.shift(back), b.shift(back)));
    }
    (moves, site)
}

#[allow(clippy::too_many_arguments)]
fn one_task(
    rng: &mut ChaCha8Rng,
    out: &mut Out,
    summary: &mut WorkSummary,
    today: Date,
    county: &Staff,
    squad: &Squad,
    pair: [&Person; 2],
    devices: &BTreeMap<Uuid, String>,
    c: &Candidate,
    template: &ChecklistTemplate,
    shape: Shape,
    k: usize,
) -> TaskStatus {
    let e = &c.enterprise;
    let bureau = county.bureau;
    let id = uuid(rng);
    let (moves, site) = plan(rng, shape, k);
    let create = moves[0].1;
    let status = match shape {
        Shape::Assigned => TaskStatus::Assigned,
        Shape::InProgress | Shape::SentBack => TaskStatus::InProgress,
        Shape::Submitted => TaskStatus::Submitted,
        Shape::Reviewed => TaskStatus::Reviewed,
    };
    let due = match shape {
        // The first assigned task of each squad is due in two days.
        Shape::Assigned => today + Duration::days([2, 4, 7, 10][k % 4]),
        Shape::InProgress | Shape::SentBack => today + Duration::days(rng.gen_range(1..=6)),
        Shape::Submitted | Shape::Reviewed => {
            today + Duration::days(create.day + rng.gen_range(10..=20))
        }
    };
    let note = task_note(rng, &c.tags);
    let lead = pair[if rng.gen_bool(0.7) { 0 } else { 1 }];

    // What the inspectors found, when they got there.
    let items: Vec<&ChecklistItem> = template.sections.iter().flat_map(|s| &s.items).collect();
    let complete = !matches!(shape, Shape::InProgress);
    let answered = if complete {
        items.len()
    } else {
        (items.len() * rng.gen_range(45..85) / 100).max(1)
    };
    let mut problems: Vec<&ChecklistItem> = Vec::new();
    if site.is_some() {
        let forced = shape == Shape::Reviewed && k % 5 == 1;
        let chance = match shape {
            Shape::Reviewed => 0.2,
            _ => 0.4,
        };
        if forced || rng.gen_bool(chance) {
            let mut pickable: Vec<&ChecklistItem> = items
                .iter()
                .take(answered)
                .copied()
                .filter(|i| {
                    (i.kind == ItemKind::YesNo && i.expected.is_some())
                        || i.kind == ItemKind::Numeric
                })
                .collect();
            pickable.shuffle(rng);
            // Readings over the limit are what forced ones find, where the template has any.
            if forced {
                pickable.sort_by_key(|i| i.kind != ItemKind::Numeric);
            }
            problems = pickable.into_iter().take(rng.gen_range(1..=3)).collect();
        }
    }
    let is_problem = |code: &str| problems.iter().any(|p| p.code == code);

    let mut answers: Vec<ItemAnswer> = Vec::new();
    // Most serious problems are taken up as a case (the rest are ordered put right); a case is
    // prepared by an interrogation (询问笔录) in the last half hour of the visit, after the
    // on-site record and its photos.
    // `charged`: the offences a case is opened for.
    let mut charged: Vec<&'static str> = problems.iter().filter_map(|p| offence(p)).collect();
    if !charged.is_empty() && !rng.gen_bool(0.6) {
        charged.clear();
    }
    let interrogation = complete && !charged.is_empty();
    if let Some((from, to)) = site {
        let onsite_end = if interrogation { to.plus(-35) } else { to };
        let window = (onsite_end.day * 1440 + onsite_end.min) - (from.day * 1440 + from.min);
        let mut shots: Vec<(Option<String>, Scene, bool, Option<f64>)> = Vec::new();
        for item in items.iter().take(answered) {
            let problem = is_problem(&item.code);
            let mut a = ItemAnswer {
                code: item.code.clone(),
                ..Default::default()
            };
            match item.kind {
                ItemKind::YesNo => {
                    let expected = item.expected.unwrap_or(true);
                    a.verdict = Some(if !problem && rng.gen_bool(0.04) {
                        Verdict::NotApplicable
                    } else if expected != problem {
                        Verdict::Yes
                    } else {
                        Verdict::No
                    });
                }
                ItemKind::Numeric => {
                    a.value = Some(reading(rng, item.limit.unwrap_or(1.0), problem));
                }
                ItemKind::Text => {
                    a.text = if problems.is_empty() {
                        "未发现其他环境问题".into()
                    } else {
                        format!(
                            "发现问题{}项，已当场告知企业负责人，责令立即整改",
                            problems.len()
                        )
                    };
                }
                ItemKind::Photo => {
                    shots.push((Some(item.code.clone()), scene_of(&item.text), false, None));
                }
            }
            if problem {
                a.note = problem_note(rng, item, a.value);
                let scene = if item.kind == ItemKind::Numeric {
                    Scene::Station
                } else {
                    scene_of(&item.text)
                };
                shots.push((Some(item.code.clone()), scene, true, a.value));
            }
            answers.push(a);
        }
        if complete && rng.gen_bool(0.4) {
            shots.push((None, Scene::Plant, false, None));
        }
        // Photos are taken through the visit, in order.
        let mut minute = rng.gen_range(3..12);
        for (item_code, scene, problem, value) in shots {
            let taken = from.plus(minute.min(window - 2)).at(today)
                + Duration::seconds(rng.gen_range(0..60));
            minute += rng.gen_range(4..12);
            let lat = ((e.latitude + rng.gen_range(-0.0006..0.0006)) * 1e6).round() / 1e6;
            let lng = ((e.longitude + rng.gen_range(-0.0006..0.0006)) * 1e6).round() / 1e6;
            let l = local(taken);
            let stamp = vec![
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                    l.year(),
                    l.month() as u8,
                    l.day(),
                    l.hour(),
                    l.minute(),
                    l.second()
                ),
                format!("N{lat:.5} E{lng:.5}"),
            ];
            let bytes = png::photo(scene, problem, value, &stamp, rng);
            let eid = uuid(rng);
            let other = if lead.id == pair[0].id {
                pair[1]
            } else {
                pair[0]
            };
            let by = if rng.gen_bool(0.8) { lead } else { other };
            out.evidence.push(evidence::ActiveModel {
                bureau_id: Set(bureau),
                id: Set(eid),
                task_id: Set(id),
                kind: Set(EvidenceKind::Photo.code().into()),
                mime: Set("image/png".into()),
                file_name: Set(format!(
                    "IMG_{:04}{:02}{:02}_{:02}{:02}{:02}.png",
                    l.year(),
                    l.month() as u8,
                    l.day(),
                    l.hour(),
                    l.minute(),
                    l.second()
                )),
                size: Set(bytes.len() as i64),
                sha256: Set(hex(&bytes)),
                captured_at: Set(iso(taken)),
                latitude: Set(Some(lat)),
                longitude: Set(Some(lng)),
                accuracy: Set(Some((rng.gen_range(3.0..15.0f64) * 10.0).round() / 10.0)),
                device: Set(devices.get(&by.id).cloned().unwrap_or_default()),
                item_code: Set(item_code.clone()),
                received: Set(bytes.len() as i64),
                verified: Set(true),
                uploaded_by: Set(by.id),
                // Sent when the phone had a network again, before the visit was handed in.
                created_at: Set(to.at(today) + Duration::minutes(rng.gen_range(5..40))),
            });
            out.files.push((evidence_path(bureau, &eid), bytes));
            if let Some(code) = item_code {
                if let Some(a) = answers.iter_mut().find(|a| a.code == code) {
                    a.evidence.push(eid.to_string());
                }
            }
            summary.evidence += 1;
        }
    }

    // Records: the on-site record, and an interrogation where a case will follow.
    let mut record_docs: Vec<RecordDoc> = Vec::new();
    if let Some((from, to)) = site {
        let onsite_end = if interrogation { to.plus(-35) } else { to };
        let respondent = e
            .contact_name
            .clone()
            .unwrap_or_else(|| e.legal_representative.clone());
        let title = TITLES
            .choose(rng)
            .copied()
            .unwrap_or("环保负责人")
            .to_string();
        let signed = complete || rng.gen_bool(0.3);
        let ink: Vec<String> = pair
            .iter()
            .map(|p| {
                out.ink
                    .entry(p.id)
                    .or_insert_with(|| data_url(&png::signature(&p.name, rng)))
                    .clone()
            })
            .collect();
        // Both inspectors and the party sign; now and then the party refuses (may_refuse).
        let signatures = |rng: &mut ChaCha8Rng, end: T, may_refuse: bool| {
            let mut v: Vec<Signature> = pair
                .iter()
                .zip(&ink)
                .map(|(p, image)| Signature {
                    role: SignerRole::Inspector,
                    user_id: p.id.to_string(),
                    name: p.name.clone(),
                    image: image.clone(),
                    signed_at: iso(end.plus(-rng.gen_range(4..9)).at(today)),
                })
                .collect();
            let refused = may_refuse && rng.gen_bool(0.08);
            if !refused {
                v.push(Signature {
                    role: SignerRole::Party,
                    user_id: String::new(),
                    name: respondent.clone(),
                    image: data_url(&png::signature(&respondent, rng)),
                    signed_at: iso(end.plus(-rng.gen_range(1..3)).at(today)),
                });
            }
            (
                v,
                refused.then(|| "当事人拒绝签字，执法人员已现场录像记录".to_string()),
            )
        };
        let problem_lines: Vec<String> = problems
            .iter()
            .map(|p| {
                let n = answers
                    .iter()
                    .find(|a| a.code == p.code)
                    .map(|a| a.note.clone())
                    .unwrap_or_default();
                if n.is_empty() {
                    p.text.clone()
                } else {
                    format!("{}（{}）", p.text, n)
                }
            })
            .collect();
        let visit = local(from.at(today));
        let intro = format!(
            "{}年{}月{}日，执法人员{}、{}出示执法证件，表明身份，在{}（{}）陪同下对该单位进行现场检查。检查时该单位{}。\n",
            visit.year(),
            visit.month() as u8,
            visit.day(),
            officer(pair[0]),
            officer(pair[1]),
            respondent,
            title,
            if rng.gen_bool(0.85) { "正常生产" } else { "部分生产线停产检修" }
        );
        let content = if problem_lines.is_empty() {
            format!(
                "{intro}执法人员依据《{}》对该单位进行现场检查，未发现环境违法问题。",
                template.name
            )
        } else {
            let list: Vec<String> = problem_lines
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}. {}", i + 1, p))
                .collect();
            format!(
                "{intro}执法人员依据《{}》对该单位进行现场检查，发现以下问题：\n{}",
                template.name,
                list.join("\n")
            )
        };
        let (sigs, refusal) = if signed {
            signatures(rng, onsite_end, true)
        } else {
            (Vec::new(), None)
        };
        record_docs.push(RecordDoc {
            id: uuid(rng).to_string(),
            task_id: id.to_string(),
            kind: RecordKind::Onsite,
            started_at: iso(from.at(today)),
            ended_at: if signed {
                iso(onsite_end.at(today))
            } else {
                String::new()
            },
            place: e.address.clone(),
            party_name: e.name.clone(),
            respondent: respondent.clone(),
            respondent_title: title.clone(),
            respondent_phone: e.contact_phone.clone().unwrap_or_default(),
            content,
            questions: vec![],
            signatures: sigs,
            party_refusal: refusal,
        });
        if interrogation {
            let industry = crate::refdata::industries::name(&e.industry_code).unwrap_or("生产经营");
            let permit = match e.permit_status.as_str() {
                "valid" | "expiring" => "我公司已取得排污许可证（或完成排污登记），在有效期内。",
                "expired" => "我公司排污许可证已过期，正在申请延续。",
                _ => "我公司尚未办理排污许可手续。",
            };
            let (sigs, _) = signatures(rng, to, false);
            record_docs.push(RecordDoc {
                id: uuid(rng).to_string(),
                task_id: id.to_string(),
                kind: RecordKind::Interrogation,
                started_at: iso(to.plus(-30).at(today)),
                ended_at: iso(to.at(today)),
                place: format!("{}办公室", e.name),
                party_name: e.name.clone(),
                respondent: respondent.clone(),
                respondent_title: title.clone(),
                respondent_phone: e.contact_phone.clone().unwrap_or_default(),
                content: String::new(),
                questions: vec![
                    QuestionAnswer {
                        question: "请说明你的姓名、职务及与被检查单位的关系。".into(),
                        answer: format!(
                            "我叫{respondent}，是{}的{title}，受单位委托接受询问。",
                            e.name
                        ),
                    },
                    QuestionAnswer {
                        question: "你单位的主要产品、生产工艺和污染物排放情况是什么？".into(),
                        answer: format!(
                            "我单位从事{industry}，生产中产生的废水、废气经处理设施处理后排放。"
                        ),
                    },
                    QuestionAnswer {
                        question: "你单位是否取得排污许可证？是否按证排污？".into(),
                        answer: permit.into(),
                    },
                    QuestionAnswer {
                        question: "对本次检查发现的问题，你有什么说明？".into(),
                        answer: format!(
                            "对检查发现的{}，我们没有异议，将立即整改。",
                            charged.join("、")
                        ),
                    },
                ],
                signatures: sigs,
                party_refusal: None,
            });
        }
    }

    // The task, its inspectors and its history.
    let last = moves.last().map(|m| m.1).unwrap_or(create);
    out.tasks.push(task::ActiveModel {
        bureau_id: Set(bureau),
        id: Set(id),
        enterprise_id: Set(e.id),
        squad_id: Set(Some(squad.id)),
        note: Set(note.clone()),
        due_on: Set(due),
        status: Set(status.code().into()),
        created_by: Set(squad.leader.id),
        created_at: Set(create.at(today)),
        updated_at: Set(last.at(today)),
        source_kind: Set(TaskSource::Plan.code().into()),
        source_ref: Set(String::new()),
    });
    for p in pair {
        out.links.push(task_inspector::ActiveModel {
            bureau_id: Set(bureau),
            task_id: Set(id),
            user_id: Set(p.id),
        });
    }
    let review_note = if !charged.is_empty() {
        format!("发现{}等问题，证据确凿，同意移送立案审查。", charged[0])
    } else if !problems.is_empty() {
        format!(
            "发现问题{}项，已当场责令整改，请于15日内复查。",
            problems.len()
        )
    } else {
        ACCEPT_NOTES
            .choose(rng)
            .copied()
            .unwrap_or_default()
            .to_string()
    };
    let mut state = None::<TaskStatus>;
    let mut last_submit = create;
    for (m, t) in &moves {
        let (actor, to, note) = match m {
            Move::Create => (squad.leader.id, TaskStatus::Assigned, note.clone()),
            Move::Start => (lead.id, TaskStatus::InProgress, String::new()),
            Move::Submit => {
                last_submit = *t;
                (lead.id, TaskStatus::Submitted, String::new())
            }
            Move::Return => (
                squad.leader.id,
                TaskStatus::InProgress,
                RETURN_NOTES.choose(rng).copied().unwrap_or_default().into(),
            ),
            Move::Accept => (squad.leader.id, TaskStatus::Reviewed, review_note.clone()),
        };
        out.events.push(task_event::ActiveModel {
            bureau_id: Set(bureau),
            id: Set(uuid(rng)),
            task_id: Set(id),
            at: Set(t.at(today)),
            actor_id: Set(actor),
            from_status: Set(state.map(|s| s.code().to_string())),
            to_status: Set(to.code().into()),
            note: Set(note),
        });
        state = Some(to);
    }

    // The saved documents: last saved at the visit, or just before the resubmission.
    if let Some((_, to)) = site {
        let resubmitted = moves.iter().filter(|m| m.0 == Move::Submit).count() > 1;
        let saved = if resubmitted {
            last_submit.plus(-rng.gen_range(10..40))
        } else {
            to.plus(rng.gen_range(1..5))
        };
        let findings = Findings {
            template_code: template.code.clone(),
            template_version: template.version,
            answers,
        };
        out.inspections.push(inspection::ActiveModel {
            bureau_id: Set(bureau),
            task_id: Set(id),
            template_code: Set(template.code.clone()),
            template_version: Set(template.version),
            body: Set(serde_json::to_string(&findings).unwrap_or_default()),
            rev: Set(rng.gen_range(2..=5) + resubmitted as i64),
            updated_by: Set(lead.id),
            updated_at: Set(saved.at(today)),
        });
        summary.inspections += 1;
        for doc in &record_docs {
            let rid = Uuid::parse_str(&doc.id).unwrap_or_default();
            out.records.push(inspection_record::ActiveModel {
                bureau_id: Set(bureau),
                id: Set(rid),
                task_id: Set(id),
                kind: Set(doc.kind.code().into()),
                body: Set(serde_json::to_string(doc).unwrap_or_default()),
                rev: Set(1 + resubmitted as i64),
                updated_by: Set(lead.id),
                updated_at: Set(saved.at(today)),
            });
            summary.records += 1;
        }
    }

    // A reviewed inspection goes on the timeline, as the review does in the product; where it
    // is taken up as a case, the case is opened some days later, and the older ones decided
    // with a penalty.
    if let Some((_, accepted)) = moves.iter().find(|m| m.0 == Move::Accept) {
        let at = accepted.at(today);
        let mut push = |rng: &mut ChaCha8Rng, ev: NewEvent| {
            let occurred = ev.occurred_at;
            let mut r = timeline::row(bureau, e.id, ev);
            r.id = Set(uuid(rng));
            r.created_at = Set(occurred);
            out.timeline.push(r);
        };
        push(
            rng,
            NewEvent {
                occurred_at: at,
                ..NewEvent::now(TimelineKind::Inspection, "现场检查（审核通过）")
                    .detail(review_note.clone())
                    .reference(format!("task:{id}"))
                    .by(squad.leader.id)
            },
        );
        if let Some(what) = charged.first() {
            let case = next(rng, *accepted, 3..=10);
            if case.day <= -1 {
                let visit = local(site.map(|s| s.0).unwrap_or(create).at(today));
                push(
                    rng,
                    NewEvent {
                        occurred_at: case.at(today),
                        ..NewEvent::now(TimelineKind::Violation, format!("立案查处：{what}"))
                            .detail(format!(
                                "{}年{}月{}日现场检查发现：{}",
                                visit.year(),
                                visit.month() as u8,
                                visit.day(),
                                problems
                                    .iter()
                                    .map(|p| p.text.as_str())
                                    .collect::<Vec<_>>()
                                    .join("；")
                            ))
                            .reference(format!("task:{id}"))
                    },
                );
                summary.violations += 1;
                let decided = next(rng, case, 25..=50);
                if decided.day <= -1 && rng.gen_bool(0.7) {
                    let fine = rng.gen_range(2..30) * 10_000;
                    push(
                        rng,
                        NewEvent {
                            occurred_at: decided.at(today),
                            ..NewEvent::now(
                                TimelineKind::Penalty,
                                format!("行政处罚：罚款{}万元", fine / 10_000),
                            )
                            .detail(format!("因{what}，依法作出行政处罚决定"))
                            .reference(format!("task:{id}"))
                        },
                    );
                }
                out.recompute.push((bureau, e.id));
            }
        }
    }
    status
}

fn officer(p: &Person) -> String {
    match &p.cert {
        Some(c) => format!("{}（执法证号{c}）", p.name),
        None => p.name.clone(),
    }
}

fn data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", STANDARD.encode(png))
}
