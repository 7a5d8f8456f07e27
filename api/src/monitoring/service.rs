//! The desk side of monitoring: data loggers and limits (admins), the alarm list, an alarm with
//! its trend, acknowledging and closing. Every row is reached through the caller's scope.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use shared::monitoring::{
    AlarmDetail, AlarmKind, AlarmQuery, AlarmState, AlarmStatus, AlarmView, DataLoggerView,
    NewDataLogger, PointLimitView, PointLimits, QualityClass, Trend,
};
use shared::{ApiError, BureauId};
use time::OffsetDateTime;
use uuid::Uuid;

use super::alarms::{CN_DAY, CN_HOUR, CN_MINUTE, CN_REALTIME};
use super::gateway::password_hash;
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{
    alarm, data_logger, enterprise, monitoring_point, point_limit, reading, task,
};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{self, Key, Scope};
use crate::refdata::quality;

async fn point(
    db: &DatabaseConnection,
    key: &Key<scope::Point>,
) -> AppResult<monitoring_point::Model> {
    monitoring_point::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound.into())
}

fn logger_view(m: data_logger::Model) -> DataLoggerView {
    DataLoggerView {
        bureau_id: BureauId(m.bureau_id),
        id: m.id.to_string(),
        point_id: m.point_id.to_string(),
        enterprise_id: m.enterprise_id.to_string(),
        mn: m.mn,
        st: m.st,
        interval_secs: m.interval_secs.max(0) as u32,
        active: m.active,
        last_seen_at: m.last_seen_at,
    }
}

/// Registers a data logger to a monitoring point of the caller's jurisdiction.
pub async fn register_logger(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<scope::Point>,
    n: NewDataLogger,
) -> AppResult<DataLoggerView> {
    let p = point(db, &key).await?;
    let mn = n.mn.trim().to_string();
    if mn.len() < 14 || mn.len() > 24 || !mn.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::invalid(
            "mn",
            "设备唯一标识 MN 应为 14～24 位字母或数字",
        ));
    }
    if n.password.len() != 6 || !n.password.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::invalid(
            "password",
            "访问密码 PW 应为 6 位字母或数字",
        ));
    }
    if !matches!(
        n.st.as_str(),
        "21" | "22" | "23" | "31" | "32" | "51" | "52"
    ) {
        return Err(AppError::invalid(
            "st",
            "系统编码 ST 应为 21、22、23、31、32、51 或 52",
        ));
    }
    if !(10..=86_400).contains(&n.interval_secs) {
        return Err(AppError::invalid(
            "interval_secs",
            "数据间隔应为 10 秒至 1 天",
        ));
    }
    let txn = audit::begin(db, p.bureau_id).await?;
    if data_logger::Entity::find()
        .filter(data_logger::Column::Mn.eq(mn.as_str()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict {
            reason: format!("MN {mn} 已登记到其他点位"),
        }
        .into());
    }
    let row = data_logger::Model {
        bureau_id: p.bureau_id,
        id: Uuid::now_v7(),
        point_id: p.id,
        enterprise_id: p.enterprise_id,
        pw_sha256: password_hash(&mn, &n.password),
        mn,
        st: n.st,
        interval_secs: n.interval_secs as i32,
        active: true,
        created_at: OffsetDateTime::now_utc(),
        created_by: Some(caller.user_id),
        last_seen_at: None,
    };
    data_logger::Entity::insert(data_logger::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    audit::append(
        &txn,
        p.bureau_id,
        &Actor::of(caller),
        "monitoring.logger.register",
        &format!("point:{}", p.id),
        json!({ "mn": row.mn, "st": row.st, "interval_secs": row.interval_secs }),
    )
    .await?;
    txn.commit().await?;
    Ok(logger_view(row))
}

/// The loggers of a monitoring point.
pub async fn loggers(
    db: &DatabaseConnection,
    key: Key<scope::Point>,
) -> AppResult<Vec<DataLoggerView>> {
    let (bureau, id) = key.pk();
    Ok(data_logger::Entity::find()
        .filter(data_logger::Column::BureauId.eq(bureau))
        .filter(data_logger::Column::PointId.eq(id))
        .order_by_asc(data_logger::Column::Mn)
        .all(db)
        .await?
        .into_iter()
        .map(logger_view)
        .collect())
}

fn limit_view(l: point_limit::Model) -> PointLimitView {
    PointLimitView {
        name: hj212::pollutant_name(&l.pollutant)
            .unwrap_or("")
            .to_string(),
        pollutant: l.pollutant,
        upper: l.upper,
        lower: l.lower,
        unit: l.unit,
        basis: l.basis,
        consecutive: l.consecutive.max(1) as u32,
    }
}

pub async fn limits(db: &DatabaseConnection, key: Key<scope::Point>) -> AppResult<PointLimits> {
    let (bureau, id) = key.pk();
    Ok(PointLimits {
        limits: point_limit::Entity::find()
            .filter(point_limit::Column::BureauId.eq(bureau))
            .filter(point_limit::Column::PointId.eq(id))
            .order_by_asc(point_limit::Column::Pollutant)
            .all(db)
            .await?
            .into_iter()
            .map(limit_view)
            .collect(),
    })
}

/// Replaces the point's limits.
pub async fn set_limits(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<scope::Point>,
    body: PointLimits,
) -> AppResult<PointLimits> {
    let p = point(db, &key).await?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, l) in body.limits.iter().enumerate() {
        let field = |f: &str| format!("limits[{i}].{f}");
        if hj212::pollutant_name(&l.pollutant).is_none() {
            return Err(AppError::invalid(
                &field("pollutant"),
                format!(
                    "未知的污染物编码 {}（应为 HJ 212-2017 编码，如 w01018）",
                    l.pollutant
                ),
            ));
        }
        if !seen.insert(l.pollutant.clone()) {
            return Err(AppError::invalid(
                &field("pollutant"),
                "同一污染物只能设一个限值",
            ));
        }
        let finite = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v >= 0.0);
        if l.upper.is_none() && l.lower.is_none() || !finite(l.upper) || !finite(l.lower) {
            return Err(AppError::invalid(
                &field("upper"),
                "请填写上限或下限（不小于 0 的数）",
            ));
        }
        if let (Some(lo), Some(up)) = (l.lower, l.upper) {
            if lo >= up {
                return Err(AppError::invalid(&field("lower"), "下限应小于上限"));
            }
        }
        if !(1..=60).contains(&l.consecutive) {
            return Err(AppError::invalid(
                &field("consecutive"),
                "连续超标个数应为 1～60",
            ));
        }
        if l.basis.trim().is_empty() || l.basis.chars().count() > 200 {
            return Err(AppError::invalid(
                &field("basis"),
                "请填写限值依据（排污许可证或标准），不超过200字",
            ));
        }
        if l.unit.chars().count() > 16 {
            return Err(AppError::invalid(&field("unit"), "单位不超过16字"));
        }
    }
    let txn = audit::begin(db, p.bureau_id).await?;
    point_limit::Entity::delete_many()
        .filter(point_limit::Column::BureauId.eq(p.bureau_id))
        .filter(point_limit::Column::PointId.eq(p.id))
        .exec(&txn)
        .await?;
    let now = OffsetDateTime::now_utc();
    for l in &body.limits {
        point_limit::Entity::insert(point_limit::ActiveModel {
            bureau_id: Set(p.bureau_id),
            point_id: Set(p.id),
            pollutant: Set(l.pollutant.clone()),
            upper: Set(l.upper),
            lower: Set(l.lower),
            unit: Set(l.unit.trim().to_string()),
            basis: Set(l.basis.trim().to_string()),
            consecutive: Set(l.consecutive as i32),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    audit::append(
        &txn,
        p.bureau_id,
        &Actor::of(caller),
        "monitoring.limits.set",
        &format!("point:{}", p.id),
        serde_json::to_value(&body).unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    limits(db, key).await
}

/// Replaces an ambient station's limits with those of its quality class (GB 3838-2002 for
/// surface water, GB 3095-2012 for air), the class named in every limit's basis.
pub async fn set_quality_class(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<scope::Point>,
    body: QualityClass,
) -> AppResult<PointLimits> {
    let (bureau, id) = key.pk();
    let st = data_logger::Entity::find()
        .filter(data_logger::Column::BureauId.eq(bureau))
        .filter(data_logger::Column::PointId.eq(id))
        .filter(data_logger::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.st)
        .find(|st| quality::is_quality_station(st));
    let Some(st) = st else {
        // The point must exist in the caller's jurisdiction before anything is said about it.
        point(db, &key).await?;
        return Err(AppError::invalid(
            "class",
            "该监测点没有环境质量监测站（系统编码 ST 21 地表水、22 环境空气）的数采仪，不能按质量类别设限值",
        ));
    };
    let Some((basis, items)) = quality::class_limits(&st, body.class) else {
        let allowed = quality::classes(&st)
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}（{c}）", i + 1))
            .collect::<Vec<_>>()
            .join("、");
        return Err(AppError::invalid(
            "class",
            format!("质量类别应为 {allowed}"),
        ));
    };
    let limits = items
        .into_iter()
        .map(|l| PointLimitView {
            pollutant: l.pollutant.to_string(),
            name: String::new(),
            upper: l.upper,
            lower: l.lower,
            unit: l.unit.to_string(),
            basis: basis.clone(),
            consecutive: 1,
        })
        .collect();
    set_limits(db, caller, key, PointLimits { limits }).await
}

/// Alarms of the jurisdiction, newest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    q: AlarmQuery,
) -> AppResult<Vec<AlarmView>> {
    let mut find = alarm::Entity::find().filter(alarm::Column::BureauId.is_in(scope.bureau_ids()));
    match q.state {
        AlarmState::Open => {
            find = find.filter(alarm::Column::Status.ne(AlarmStatus::Closed.code()))
        }
        AlarmState::Closed => {
            find = find.filter(alarm::Column::Status.eq(AlarmStatus::Closed.code()))
        }
        AlarmState::All => {}
    }
    if let Some(kind) = q.kind {
        find = find.filter(alarm::Column::Kind.eq(kind.code()));
    }
    if let Some(b) = q.bureau_id {
        find = find.filter(alarm::Column::BureauId.eq(scope.admit_bureau(b)?.id().0));
    }
    let rows = find
        .order_by_desc(alarm::Column::LastAt)
        .limit(q.limit.unwrap_or(200).clamp(1, 1000) as u64)
        .all(db)
        .await?;
    views(db, rows).await
}

pub(crate) async fn views(
    db: &DatabaseConnection,
    rows: Vec<alarm::Model>,
) -> AppResult<Vec<AlarmView>> {
    use std::collections::HashMap;
    let points: HashMap<Uuid, monitoring_point::Model> = monitoring_point::Entity::find()
        .filter(
            monitoring_point::Column::Id
                .is_in(rows.iter().filter_map(|r| r.point_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let enterprises: HashMap<Uuid, (String, f64, f64)> = enterprise::Entity::find()
        .select_only()
        .column(enterprise::Column::Id)
        .column(enterprise::Column::Name)
        .column(enterprise::Column::Longitude)
        .column(enterprise::Column::Latitude)
        .filter(
            enterprise::Column::Id.is_in(rows.iter().map(|r| r.enterprise_id).collect::<Vec<_>>()),
        )
        .into_tuple::<(Uuid, String, f64, f64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, lon, lat)| (id, (name, lon, lat)))
        .collect();
    // An overdue task's alarm is shown under its task's note.
    let tasks: HashMap<Uuid, String> = task::Entity::find()
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Note)
        .filter(
            task::Column::Id.is_in(
                rows.iter()
                    .filter_map(|r| r.overdue_task_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|a| {
            let kind =
                AlarmKind::from_code(&a.kind).ok_or_else(|| stored("alarm.kind", &a.kind))?;
            let status = AlarmStatus::from_code(&a.status)
                .ok_or_else(|| stored("alarm.status", &a.status))?;
            let p = a.point_id.and_then(|id| points.get(&id));
            let e = enterprises.get(&a.enterprise_id);
            let point_name = match (p, a.overdue_task_id) {
                (Some(p), _) => p.name.clone(),
                (None, Some(t)) => match tasks.get(&t).map(|n| n.trim()) {
                    Some(note) if !note.is_empty() => format!("执法任务：{note}"),
                    _ => "执法任务".to_string(),
                },
                (None, None) => String::new(),
            };
            Ok(AlarmView {
                bureau_id: BureauId(a.bureau_id),
                id: a.id.to_string(),
                enterprise_id: a.enterprise_id.to_string(),
                enterprise_name: e.map(|e| e.0.clone()).unwrap_or_default(),
                point_id: a.point_id.map(|p| p.to_string()).unwrap_or_default(),
                point_name,
                longitude: p.map(|p| p.longitude).or(e.map(|e| e.1)).unwrap_or(0.0),
                latitude: p.map(|p| p.latitude).or(e.map(|e| e.2)).unwrap_or(0.0),
                pollutant_name: hj212::pollutant_name(&a.pollutant)
                    .unwrap_or("")
                    .to_string(),
                pollutant: a.pollutant,
                kind,
                status,
                opened_at: a.opened_at,
                last_at: a.last_at,
                peak: a.peak,
                threshold: a.threshold,
                unit: a.unit,
                hits: a.hits.max(0) as u32,
                detail: a.detail,
                task_id: a.task_id.map(|t| t.to_string()),
                closed_reason: a.closed_reason,
                overdue_task_id: a.overdue_task_id.map(|t| t.to_string()),
            })
        })
        .collect()
}

fn stored(what: &str, value: &str) -> AppError {
    AppError::Other(anyhow::anyhow!("unknown stored {what} {value:?}"))
}

pub(crate) async fn row(
    db: &impl sea_orm::ConnectionTrait,
    key: &Key<scope::Alarm>,
) -> AppResult<alarm::Model> {
    alarm::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound.into())
}

/// An alarm with its trend: the pollutant's real-time values (minute averages without them) from
/// two hours before it opened to an hour after its latest repeat; for an hourly alarm the hourly
/// averages from a day before to six hours after; for an ambient station the averages it was
/// judged on (daily ones from a week before to two days after).
pub async fn detail(db: &DatabaseConnection, key: Key<scope::Alarm>) -> AppResult<AlarmDetail> {
    let a = row(db, &key).await?;
    let daily = quality::averaging(quality::AIR, &a.pollutant) == quality::Averaging::Day;
    let (cn, before, after) = match AlarmKind::from_code(&a.kind) {
        Some(AlarmKind::ExceedHour) => (CN_HOUR, 86_400, 6 * 3600),
        Some(AlarmKind::Quality) if daily => (CN_DAY, 7 * 86_400, 2 * 86_400),
        Some(AlarmKind::Quality) => (CN_HOUR, 86_400, 6 * 3600),
        _ => (CN_REALTIME, 7200, 3600),
    };
    let series = |point: Uuid, cn: i16| {
        reading::Entity::find()
            .filter(reading::Column::BureauId.eq(a.bureau_id))
            .filter(reading::Column::PointId.eq(point))
            .filter(reading::Column::Pollutant.eq(a.pollutant.as_str()))
            .filter(reading::Column::Cn.eq(cn))
            .filter(reading::Column::DataTime.between(a.opened_at - before, a.last_at + after))
            .order_by_asc(reading::Column::DataTime)
            .limit(5000)
            .all(db)
    };
    // An overdue task's alarm has no point and no readings.
    let mut rows = Vec::new();
    if let Some(point) = a.point_id {
        rows = series(point, cn).await?;
        if rows.is_empty() && cn == CN_REALTIME {
            rows = series(point, CN_MINUTE).await?;
        }
    }
    let trend = Trend {
        pollutant: a.pollutant.clone(),
        unit: a.unit.clone(),
        threshold: a.threshold,
        points: rows
            .into_iter()
            .filter_map(|r| r.rtd.or(r.avg).map(|v| (r.data_time, v, r.flag)))
            .collect(),
    };
    let alarm = views(db, vec![a]).await?.pop().ok_or(ApiError::NotFound)?;
    Ok(AlarmDetail { alarm, trend })
}

/// new → acknowledged.
pub async fn acknowledge(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<scope::Alarm>,
) -> AppResult<AlarmDetail> {
    let txn = audit::begin(db, key.bureau().0).await?;
    let a = row(&txn, &key).await?;
    if a.status != AlarmStatus::New.code() {
        return Err(ApiError::Conflict {
            reason: "该报警已确认或已处理".into(),
        }
        .into());
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    alarm::Entity::update(alarm::ActiveModel {
        bureau_id: Set(a.bureau_id),
        id: Set(a.id),
        status: Set(AlarmStatus::Acknowledged.code().into()),
        acknowledged_by: Set(Some(caller.user_id)),
        acknowledged_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::append(
        &txn,
        a.bureau_id,
        &Actor::of(caller),
        "alarm.acknowledge",
        &format!("alarm:{}", a.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    detail(db, key).await
}

/// Any open state → closed, with the reason.
pub async fn close(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<scope::Alarm>,
    reason: String,
) -> AppResult<AlarmDetail> {
    let reason = reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "请填写关闭原因（不超过500字）"));
    }
    let txn = audit::begin(db, key.bureau().0).await?;
    let a = row(&txn, &key).await?;
    if a.status == AlarmStatus::Closed.code() {
        return Err(ApiError::Conflict {
            reason: "该报警已关闭".into(),
        }
        .into());
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    alarm::Entity::update(alarm::ActiveModel {
        bureau_id: Set(a.bureau_id),
        id: Set(a.id),
        status: Set(AlarmStatus::Closed.code().into()),
        closed_by: Set(Some(caller.user_id)),
        closed_at: Set(Some(now)),
        closed_reason: Set(Some(reason.clone())),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::append(
        &txn,
        a.bureau_id,
        &Actor::of(caller),
        "alarm.close",
        &format!("alarm:{}", a.id),
        json!({ "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    detail(db, key).await
}
