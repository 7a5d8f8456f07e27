//! The stored risk index: inputs counted from the timeline, permits and tags; the formula from
//! `shared::risk`, configurable per deployment.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use shared::dossier::{PermitStatus, TimelineKind};
use shared::job::JobKind;
use shared::risk::{RiskAssessment, RiskFormula, RiskInputs, RiskLevel};
use shared::{ApiError, Lang};
use time::{Date, Duration, OffsetDateTime, UtcOffset};
use uuid::Uuid;

use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{enterprise, enterprise_tag, job, permit, setting, timeline_event};
use crate::platform::error::{AppError, AppResult};
use crate::platform::queue::{self, Enterprises, NewJob};

pub const FORMULA_KEY: &str = "risk_formula";
pub const KEY_SOURCE_TAG: &str = "key_source";

/// Today in China (UTC+8), the date permits expire by.
pub fn today() -> Date {
    OffsetDateTime::now_utc()
        .to_offset(UtcOffset::from_hms(8, 0, 0).expect("valid offset"))
        .date()
}

/// The formula in force: the documented default until a province administrator stores one. A
/// stored formula that does not parse is an error, never silently the default.
pub async fn formula(conn: &impl ConnectionTrait) -> AppResult<RiskFormula> {
    match setting::Entity::find_by_id(FORMULA_KEY).one(conn).await? {
        None => Ok(RiskFormula::default()),
        Some(s) => crate::platform::stored::json("setting.risk_formula", &s.value),
    }
}

/// The state of a set of permits on `today`: the best permit counts.
pub fn permit_status(permits: &[permit::Model], today: Date, expiring_days: u32) -> PermitStatus {
    let soon = today + Duration::days(expiring_days as i64);
    permits
        .iter()
        .map(|p| {
            if p.valid_until < today {
                PermitStatus::Expired
            } else if p.valid_until <= soon {
                PermitStatus::Expiring
            } else {
                PermitStatus::Valid
            }
        })
        .min_by_key(|s| match s {
            PermitStatus::Valid => 0,
            PermitStatus::Expiring => 1,
            PermitStatus::Expired => 2,
            PermitStatus::None => 3,
        })
        .unwrap_or(PermitStatus::None)
}

fn months_ago(now: OffsetDateTime, months: u32) -> OffsetDateTime {
    now - Duration::days(months as i64 * 30 + months as i64 / 2)
}

/// Counts one enterprise's inputs within the formula's windows.
pub async fn inputs(
    conn: &impl ConnectionTrait,
    f: &RiskFormula,
    bureau: i64,
    id: Uuid,
) -> AppResult<RiskInputs> {
    let now = OffsetDateTime::now_utc();
    let count = |kind: TimelineKind, since: OffsetDateTime| {
        timeline_event::Entity::find()
            .filter(timeline_event::Column::BureauId.eq(bureau))
            .filter(timeline_event::Column::EnterpriseId.eq(id))
            .filter(timeline_event::Column::Kind.eq(kind.code()))
            .filter(timeline_event::Column::OccurredAt.gte(since))
            .count(conn)
    };
    let years = months_ago(now, f.violation_years * 12);
    let permits = permit::Entity::find()
        .filter(permit::Column::BureauId.eq(bureau))
        .filter(permit::Column::EnterpriseId.eq(id))
        .all(conn)
        .await?;
    let key_source = enterprise_tag::Entity::find_by_id((bureau, id, KEY_SOURCE_TAG.to_string()))
        .one(conn)
        .await?
        .is_some();
    Ok(RiskInputs {
        violations: count(TimelineKind::Violation, years).await? as u32,
        penalties: count(TimelineKind::Penalty, years).await? as u32,
        alarms: count(TimelineKind::Alarm, months_ago(now, f.alarm_months)).await? as u32,
        complaints: count(TimelineKind::Complaint, months_ago(now, f.complaint_months)).await?
            as u32,
        permit: permit_status(&permits, today(), f.permit_expiring_days),
        key_source,
    })
}

/// Recomputes and stores one enterprise's risk; a change of level goes on its timeline.
pub async fn recompute(
    conn: &impl ConnectionTrait,
    f: &RiskFormula,
    bureau: i64,
    id: Uuid,
) -> AppResult<RiskAssessment> {
    let Some(e) = enterprise::Entity::find_by_id((bureau, id))
        .one(conn)
        .await?
    else {
        return Err(ApiError::NotFound.into());
    };
    let i = inputs(conn, f, bureau, id).await?;
    let a = f.assess(&i);
    let reasons = serde_json::to_string(&a.reasons).map_err(anyhow::Error::from)?;
    if e.risk_score != a.score
        || e.risk_level != a.level.code()
        || e.risk_reasons != reasons
        || e.permit_status != i.permit.code()
    {
        enterprise::Entity::update(enterprise::ActiveModel {
            bureau_id: Set(bureau),
            id: Set(id),
            risk_score: Set(a.score),
            risk_level: Set(a.level.code().into()),
            risk_reasons: Set(reasons),
            permit_status: Set(i.permit.code().into()),
            ..Default::default()
        })
        .exec(conn)
        .await?;
    }
    let old = crate::platform::stored::code("risk_level", &e.risk_level, RiskLevel::from_code)?;
    if old != a.level {
        let ev = super::timeline::NewEvent::now(
            TimelineKind::RiskChanged,
            format!(
                "风险等级由{}变为{}（{}分）",
                old.label(Lang::Zh),
                a.level.label(Lang::Zh),
                a.score
            ),
        );
        timeline_event::Entity::insert(super::timeline::row(bureau, id, ev))
            .exec_without_returning(conn)
            .await?;
    }
    Ok(a)
}

/// The stored assessment of an enterprise row.
pub fn stored(e: &enterprise::Model) -> AppResult<RiskAssessment> {
    Ok(RiskAssessment {
        score: e.risk_score,
        level: crate::platform::stored::code("risk_level", &e.risk_level, RiskLevel::from_code)?,
        reasons: crate::platform::stored::json("risk_reasons", &e.risk_reasons)?,
    })
}

/// Recomputes every enterprise at once (nightly, as permits age: `huanjian recompute-risk`).
/// Returns how many were recomputed. A formula change does this as a background job instead.
pub async fn recompute_all(db: &DatabaseConnection) -> AppResult<u64> {
    let f = formula(db).await?;
    let mut after = i64::MIN;
    let mut n = 0;
    loop {
        let batch: Vec<(i64, Uuid, i64)> = enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::BureauId)
            .column(enterprise::Column::Id)
            .column(enterprise::Column::Seq)
            .filter(enterprise::Column::Seq.gt(after))
            .order_by_asc(enterprise::Column::Seq)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.2;
        let txn = sea_orm::TransactionTrait::begin(db).await?;
        for (b, id, _) in &batch {
            recompute(&txn, &f, *b, *id).await?;
            n += 1;
        }
        txn.commit().await?;
    }
    Ok(n)
}

/// Stores a new formula (province administrators) and queues the job that recomputes every
/// enterprise with it (`jobs`), in one transaction: the formula is never stored without the
/// job that applies it. Until the job has passed an enterprise, its stored risk is the old
/// formula's.
pub async fn set_formula(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &crate::platform::scope::Scope,
    f: RiskFormula,
) -> AppResult<(RiskFormula, job::Model)> {
    if scope.root().parent_id.is_some() {
        return Err(ApiError::Forbidden.into());
    }
    f.validate().map_err(|m| AppError::invalid("formula", m))?;
    let value = serde_json::to_string(&f).map_err(anyhow::Error::from)?;
    let txn = audit::begin(db, caller.bureau_id.0).await?;
    let before = formula(&txn).await?;
    setting::Entity::delete_by_id(FORMULA_KEY)
        .exec(&txn)
        .await?;
    setting::Entity::insert(setting::ActiveModel {
        key: Set(FORMULA_KEY.into()),
        value: Set(value),
    })
    .exec_without_returning(&txn)
    .await?;
    let total = enterprise::Entity::find().count(&txn).await?;
    let job = queue::enqueue(
        &txn,
        NewJob {
            kind: JobKind::RiskRecompute,
            bureau: caller.bureau_id.0,
            started_by: Some(caller.user_id),
            enterprises: Enterprises::All,
            total,
        },
    )
    .await?;
    audit::append(
        &txn,
        caller.bureau_id.0,
        &Actor::of(caller),
        "risk.formula",
        "setting:risk_formula",
        json!({ "before": before, "after": f, "job": job.id }),
    )
    .await?;
    txn.commit().await?;
    Ok((f, job))
}
