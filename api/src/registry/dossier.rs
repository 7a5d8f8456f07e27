//! The whole dossier of an enterprise, and construction projects from EIA approval to the
//! pollution source they become on completion acceptance.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use shared::dossier::{
    AcceptProject, AcceptedProject, Dossier, EiaCategory, MonitoringKind, MonitoringPointView,
    NewProject, PermitCategory, PermitView, ProjectStage, ProjectView, TimelineEvent, TimelineKind,
};
use shared::enterprise::{check, EnterpriseStatus};
use shared::{ApiError, BureauId, CreditCode};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use crate::history::{self, NewEvent};
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{
    bureau, enterprise, monitoring_point, permit, project, timeline_event,
};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Enterprise, Key, Project, Scope};
use crate::platform::stored::rfc3339;

pub fn iso(d: Date) -> String {
    d.to_string()
}

pub fn to_date(label: &str, v: &str) -> Result<Date, String> {
    let (y, m, d) = check::date(label, v)?;
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
        .ok_or_else(|| format!("{label}不是有效日期"))
}

pub fn permit_view(p: &permit::Model, today: Date, expiring_days: u32) -> AppResult<PermitView> {
    Ok(PermitView {
        id: p.id.to_string(),
        number: p.number.clone(),
        category: crate::platform::stored::code(
            "category",
            &p.category,
            PermitCategory::from_code,
        )?,
        issued_by: p.issued_by.clone(),
        valid_from: iso(p.valid_from),
        valid_until: iso(p.valid_until),
        status: crate::history::risk::permit_status(std::slice::from_ref(p), today, expiring_days),
    })
}

pub fn project_view(p: &project::Model) -> AppResult<ProjectView> {
    Ok(ProjectView {
        id: p.id.to_string(),
        bureau_id: BureauId(p.bureau_id),
        name: p.name.clone(),
        builder: p.builder.clone(),
        credit_code: p.credit_code.clone(),
        address: p.address.clone(),
        division_code: p.division_code.clone(),
        industry_code: p.industry_code.clone(),
        eia_category: crate::platform::stored::code(
            "eia_category",
            &p.eia_category,
            EiaCategory::from_code,
        )?,
        eia_approval_no: p.eia_approval_no.clone(),
        eia_approved_on: iso(p.eia_approved_on),
        stage: crate::platform::stored::code("stage", &p.stage, ProjectStage::from_code)?,
        accepted_on: p.accepted_on.map(iso),
        enterprise_id: p.enterprise_id.map(|u| u.to_string()),
    })
}

/// One enterprise's whole dossier, if it lies in the jurisdiction.
pub async fn get(
    db: &DatabaseConnection,
    scope: &Scope,
    key: Key<Enterprise>,
    public_url: Option<&str>,
) -> AppResult<Dossier> {
    let bureau = key.bureau();
    let (e, detail) = super::enterprises::get(db, scope, key).await?;
    let id = e.id;
    let formula = crate::history::risk::formula(db).await?;
    let today = crate::history::risk::today();
    let permits = permit::Entity::find()
        .filter(permit::Column::BureauId.eq(bureau.0))
        .filter(permit::Column::EnterpriseId.eq(id))
        .order_by_desc(permit::Column::ValidUntil)
        .all(db)
        .await?
        .iter()
        .map(|p| permit_view(p, today, formula.permit_expiring_days))
        .collect::<AppResult<Vec<_>>>()?;
    let projects = project::Entity::find()
        .filter(project::Column::BureauId.eq(bureau.0))
        .filter(
            Condition::any()
                .add(project::Column::EnterpriseId.eq(id))
                .add(project::Column::CreditCode.eq(e.credit_code.clone())),
        )
        .order_by_desc(project::Column::EiaApprovedOn)
        .all(db)
        .await?
        .iter()
        .map(project_view)
        .collect::<AppResult<Vec<_>>>()?;
    let monitoring_points = monitoring_point::Entity::find()
        .filter(monitoring_point::Column::BureauId.eq(bureau.0))
        .filter(monitoring_point::Column::EnterpriseId.eq(id))
        .order_by_asc(monitoring_point::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            Ok(MonitoringPointView {
                id: p.id.to_string(),
                code: p.code,
                name: p.name,
                kind: crate::platform::stored::code("kind", &p.kind, MonitoringKind::from_code)?,
                pollutants: p.pollutants,
                online: p.online,
                longitude: p.longitude,
                latitude: p.latitude,
            })
        })
        .collect::<AppResult<_>>()?;
    let timeline = timeline_event::Entity::find()
        .filter(timeline_event::Column::BureauId.eq(bureau.0))
        .filter(timeline_event::Column::EnterpriseId.eq(id))
        .order_by_desc(timeline_event::Column::OccurredAt)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            Ok(TimelineEvent {
                id: t.id.to_string(),
                kind: crate::platform::stored::code("kind", &t.kind, TimelineKind::from_code)?,
                occurred_at: rfc3339(t.occurred_at),
                title: t.title,
                detail: t.detail,
            })
        })
        .collect::<AppResult<_>>()?;
    let path = format!("/e/{}/{}", bureau.0, id);
    Ok(Dossier {
        enterprise: detail,
        risk: crate::history::risk::stored(&e)?,
        permits,
        projects,
        monitoring_points,
        timeline,
        url: match public_url {
            Some(base) => format!("{}{path}", base.trim_end_matches('/')),
            None => path,
        },
    })
}

/// Projects of the jurisdiction, newest approval first.
pub async fn projects(
    db: &DatabaseConnection,
    scope: &Scope,
    stage: Option<&str>,
) -> AppResult<Vec<ProjectView>> {
    let mut q = project::Entity::find().filter(project::Column::BureauId.is_in(scope.bureau_ids()));
    if let Some(s) = stage.filter(|s| !s.is_empty()) {
        let s =
            ProjectStage::from_code(s).ok_or_else(|| AppError::invalid("stage", "项目阶段无效"))?;
        q = q.filter(project::Column::Stage.eq(s.code()));
    }
    q.order_by_desc(project::Column::EiaApprovedOn)
        .order_by_asc(project::Column::Id)
        .limit(500)
        .all(db)
        .await?
        .iter()
        .map(project_view)
        .collect()
}

/// The county (or city) bureau that owns `division`, which must lie in the scope.
pub async fn owning_bureau(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    division: &str,
) -> Result<i64, String> {
    let code = division.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("行政区划代码“{code}”应为6位数字"));
    }
    let id: i64 = code.parse().map_err(|_| "行政区划代码无效".to_string())?;
    let found = bureau::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(|_| "暂时无法核对行政区划，请稍后再试".to_string())?;
    match found {
        Some(b) if scope.admit_bureau(BureauId(b.id)).is_ok() => Ok(b.id),
        Some(_) => Err(format!("行政区划{code}不在本局辖区内")),
        None => Err(format!("行政区划{code}没有对应的生态环境部门")),
    }
}

fn field<T>(name: &str, r: Result<T, String>) -> AppResult<T> {
    r.map_err(|m| AppError::invalid(name, m))
}

async fn by_credit_code(
    conn: &impl ConnectionTrait,
    bureau: i64,
    code: &str,
) -> AppResult<Option<enterprise::Model>> {
    Ok(enterprise::Entity::find()
        .filter(enterprise::Column::BureauId.eq(bureau))
        .filter(enterprise::Column::CreditCode.eq(code))
        .one(conn)
        .await?)
}

/// Records an EIA approval (环评批复). An existing enterprise with the builder's credit code
/// (an expansion) gets the approval on its timeline.
pub async fn create_project(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    p: NewProject,
) -> AppResult<ProjectView> {
    let name = field("name", check::text("项目名称", &p.name, 128))?;
    let builder = field("builder", check::text("建设单位", &p.builder, 128))?;
    let code =
        CreditCode::parse(&p.credit_code).map_err(|e| AppError::invalid("credit_code", e))?;
    let person = field(
        "legal_representative",
        check::text("法定代表人", &p.legal_representative, 64),
    )?;
    let address = field("address", check::text("建设地点", &p.address, 255))?;
    let (lng, lat) = field("longitude", check::coordinates(p.longitude, p.latitude))?;
    let industry = field("industry_code", check::industry_code(&p.industry_code))?;
    let approval_no = field(
        "eia_approval_no",
        check::text("环评批复文号", &p.eia_approval_no, 64),
    )?;
    let approved_on = field("eia_approved_on", to_date("批复日期", &p.eia_approved_on))?;
    let bureau = field(
        "division_code",
        owning_bureau(db, scope, &p.division_code).await,
    )?;
    let now = OffsetDateTime::now_utc();
    let txn = audit::begin(db, bureau).await?;
    let model = project::Model {
        bureau_id: bureau,
        id: Uuid::new_v4(),
        name,
        builder,
        credit_code: code.to_string(),
        legal_representative: person,
        address,
        division_code: p.division_code.trim().to_string(),
        longitude: lng,
        latitude: lat,
        industry_code: industry,
        eia_category: p.eia_category.code().into(),
        eia_approval_no: approval_no,
        eia_approved_on: approved_on,
        stage: ProjectStage::Approved.code().into(),
        accepted_on: None,
        enterprise_id: None,
        created_at: now,
    };
    project::Entity::insert(project::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    if let Some(e) = by_credit_code(&txn, bureau, code.as_str()).await? {
        history::record(
            &txn,
            bureau,
            e.id,
            NewEvent {
                occurred_at: approved_on.midnight().assume_utc(),
                ..NewEvent::now(
                    TimelineKind::ProjectApproved,
                    format!("环评批复：{}", model.name),
                )
                .detail(format!("批复文号 {}", model.eia_approval_no))
                .reference(format!("project:{}", model.id))
                .by(caller.user_id)
            },
        )
        .await?;
    }
    audit::append(
        &txn,
        bureau,
        &Actor::of(caller),
        "project.create",
        &format!("project:{}", model.id),
        json!({ "after": { "name": model.name, "credit_code": model.credit_code, "eia_approval_no": model.eia_approval_no } }),
    )
    .await?;
    txn.commit().await?;
    project_view(&model)
}

/// Inserts a new enterprise with its search entry, a "registered" event and its risk.
pub async fn register_enterprise(
    conn: &impl ConnectionTrait,
    mut e: enterprise::Model,
    event: NewEvent,
) -> AppResult<enterprise::Model> {
    e.seq = super::search::reserve_seq(conn, 1).await?;
    enterprise::Entity::insert(enterprise::ActiveModel::from(e.clone()))
        .exec_without_returning(conn)
        .await?;
    super::search::index(conn, std::slice::from_ref(&e)).await?;
    history::record(conn, e.bureau_id, e.id, event).await?;
    let f = crate::history::risk::formula(conn).await?;
    crate::history::risk::recompute(conn, &f, e.bureau_id, e.id).await?;
    Ok(e)
}

/// 竣工环境保护验收: the project becomes a pollution source — linked to the enterprise with the
/// builder's credit code, or registered as a new one.
pub async fn accept_project(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<Project>,
    a: AcceptProject,
) -> AppResult<AcceptedProject> {
    let (bureau, id) = (key.bureau(), key.id());
    let accepted_on = field("accepted_on", to_date("验收日期", &a.accepted_on))?;
    let txn = audit::begin(db, bureau.0).await?;
    let mut p = project::Entity::find_by_id((bureau.0, id))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if p.stage == ProjectStage::Accepted.code() {
        return Err(ApiError::Conflict {
            reason: "该项目已通过竣工验收".into(),
        }
        .into());
    }
    if accepted_on < p.eia_approved_on {
        return Err(AppError::invalid(
            "accepted_on",
            "验收日期不能早于环评批复日期",
        ));
    }
    let now = OffsetDateTime::now_utc();
    let when = accepted_on.midnight().assume_utc();
    let accepted_event = NewEvent {
        occurred_at: when,
        ..NewEvent::now(
            TimelineKind::ProjectAccepted,
            format!("竣工环境保护验收：{}", p.name),
        )
        .detail(format!("环评批复文号 {}", p.eia_approval_no))
        .reference(format!("project:{}", p.id))
        .by(caller.user_id)
    };
    let (enterprise_id, created) = match by_credit_code(&txn, bureau.0, &p.credit_code).await? {
        Some(e) => {
            history::record(&txn, bureau.0, e.id, accepted_event).await?;
            (e.id, false)
        }
        None => {
            let e = enterprise::Model {
                bureau_id: bureau.0,
                id: Uuid::new_v4(),
                name: p.builder.clone(),
                credit_code: p.credit_code.clone(),
                legal_representative: p.legal_representative.clone(),
                address: p.address.clone(),
                division_code: p.division_code.clone(),
                town_code: None,
                longitude: p.longitude,
                latitude: p.latitude,
                industry_code: p.industry_code.clone(),
                scale: "small".into(),
                contact_name: None,
                contact_phone: None,
                status: EnterpriseStatus::Operating.code().into(),
                created_at: now,
                updated_at: now,
                seq: 0,
                risk_score: 0,
                risk_level: "green".into(),
                risk_reasons: "[]".into(),
                permit_status: "none".into(),
            };
            let registered = NewEvent {
                occurred_at: when,
                ..NewEvent::now(TimelineKind::Registered, "竣工验收后纳入污染源管理")
                    .reference(format!("project:{}", p.id))
                    .by(caller.user_id)
            };
            let e = register_enterprise(&txn, e, registered).await?;
            history::record(&txn, bureau.0, e.id, accepted_event).await?;
            (e.id, true)
        }
    };
    p.stage = ProjectStage::Accepted.code().into();
    p.accepted_on = Some(accepted_on);
    p.enterprise_id = Some(enterprise_id);
    project::Entity::update(project::ActiveModel {
        bureau_id: Set(p.bureau_id),
        id: Set(p.id),
        stage: Set(p.stage.clone()),
        accepted_on: Set(p.accepted_on),
        enterprise_id: Set(p.enterprise_id),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::append(
        &txn,
        bureau.0,
        &Actor::of(caller),
        "project.accept",
        &format!("project:{}", p.id),
        json!({ "after": { "stage": "accepted", "accepted_on": iso(accepted_on), "enterprise": enterprise_id, "created_enterprise": created } }),
    )
    .await?;
    txn.commit().await?;
    Ok(AcceptedProject {
        project: project_view(&p)?,
        created_enterprise: created,
    })
}
