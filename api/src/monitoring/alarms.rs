//! Alarms raised by the platform from the readings (HJ 212-2017 dropped the loggers' own alarm
//! commands: exceedance is judged here, against the limits of the point's permit or standard).
//!
//! Rules, each on N-flagged data only (M maintenance, C calibration, D fault, … never count):
//! - 实时数据超标: the point's last `consecutive` real-time values (CN 2011) are all beyond the
//!   limit (above `upper`, or below `lower` for pH);
//! - 小时均值超标: an hourly average (CN 2061) beyond the limit;
//! - 环境质量超标: at an ambient station (its logger reports as ST 21 surface water or ST 22
//!   air), an hourly average (CN 2061) beyond its class limit, or a daily one (CN 2031) for
//!   PM10 and PM2.5 ([`crate::refdata::quality`]); its real-time values raise nothing;
//! - 数据缺失: an active logger silent for three intervals (at least five minutes);
//! - 任务逾期: a task still to be done (assigned or in progress) after its due day, China time
//!   ([`overdue`], run by the job runner's housekeeping).
//!
//! At most one alarm is open per point, pollutant and kind (`ux_alarm_open`): a repeat raises its
//! `hits`, moves `last_at` and keeps the peak. A new alarm goes on the enterprise's timeline,
//! which feeds its risk index (`history::record`).

use std::collections::BTreeMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use shared::dossier::TimelineKind;
use shared::monitoring::{AlarmKind, AlarmStatus};
use shared::Lang;
use uuid::Uuid;

use crate::history::timeline::NewEvent;
use crate::platform::entity::{alarm, data_logger, monitoring_point, point_limit, reading, task};
use crate::platform::error::AppResult;
use crate::refdata::quality::{self, Averaging};

/// CN codes of the data kinds the platform stores.
pub const CN_REALTIME: i16 = 2011;
pub const CN_MINUTE: i16 = 2051;
pub const CN_HOUR: i16 = 2061;
pub const CN_DAY: i16 = 2031;

/// Whether `v` lies outside the limit.
pub fn beyond(limit: &point_limit::Model, v: f64) -> bool {
    limit.upper.is_some_and(|u| v > u) || limit.lower.is_some_and(|l| v < l)
}

/// The limit written as people read it: "100 mg/L" or "6～9".
pub fn limit_text(limit: &point_limit::Model) -> String {
    let n = |v: f64| {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let range = match (limit.lower, limit.upper) {
        (Some(l), Some(u)) => format!("{}～{}", n(l), n(u)),
        (None, Some(u)) => n(u),
        (Some(l), None) => format!("≥{}", n(l)),
        (None, None) => "—".into(),
    };
    if limit.unit.is_empty() {
        range
    } else {
        format!("{range} {}", limit.unit)
    }
}

/// A value that may raise or repeat an alarm.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub bureau: i64,
    pub point: Uuid,
    pub pollutant: String,
    pub kind: AlarmKind,
    /// Unix seconds of the value.
    pub at: i64,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    pub unit: String,
    pub detail: String,
}

/// One stored value the rules look at (the writer hands over what it just committed).
#[derive(Debug, Clone)]
pub struct Stored {
    pub bureau: i64,
    pub point: Uuid,
    pub pollutant: String,
    pub cn: i16,
    pub data_time: i64,
    pub rtd: Option<f64>,
    pub avg: Option<f64>,
    pub flag: char,
}

/// Applies the exceedance rules to values just stored; returns the alarms raised or repeated.
pub async fn evaluate(db: &DatabaseConnection, stored: &[Stored]) -> AppResult<usize> {
    // Only values that are themselves N-flagged and have a value can start a rule.
    let mut latest: BTreeMap<(i64, Uuid, String, i16), &Stored> = BTreeMap::new();
    for s in stored.iter().filter(|s| s.flag == 'N') {
        let key = (s.bureau, s.point, s.pollutant.clone(), s.cn);
        if latest.get(&key).is_none_or(|o| o.data_time < s.data_time) {
            latest.insert(key, s);
        }
    }
    if latest.is_empty() {
        return Ok(0);
    }
    let points: Vec<Uuid> = latest.keys().map(|k| k.1).collect();
    let limits: BTreeMap<(i64, Uuid, String), point_limit::Model> = point_limit::Entity::find()
        .filter(point_limit::Column::PointId.is_in(points))
        .all(db)
        .await?
        .into_iter()
        .map(|l| ((l.bureau_id, l.point_id, l.pollutant.clone()), l))
        .collect();
    // Ambient stations (ST 21/22) are judged by their quality class on averages, not as outlets.
    let stations: BTreeMap<Uuid, String> = data_logger::Entity::find()
        .filter(data_logger::Column::PointId.is_in(limits.keys().map(|k| k.1)))
        .filter(data_logger::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|l| quality::is_quality_station(&l.st))
        .map(|l| (l.point_id, l.st))
        .collect();
    let mut raised = 0;
    for ((bureau, point, pollutant, cn), s) in latest {
        let Some(limit) = limits.get(&(bureau, point, pollutant.clone())) else {
            continue;
        };
        let name = hj212::pollutant_name(&pollutant).unwrap_or(pollutant.as_str());
        let station = stations.get(&point).map(String::as_str);
        let candidate = match (station, cn) {
            (Some(st), CN_HOUR | CN_DAY) => {
                let (judged, word) = if cn == CN_DAY {
                    (Averaging::Day, "日均值")
                } else {
                    (Averaging::Hour, "小时均值")
                };
                if quality::averaging(st, &pollutant) != judged {
                    continue;
                }
                let Some(v) = s.avg.filter(|v| beyond(limit, *v)) else {
                    continue;
                };
                Candidate {
                    bureau,
                    point,
                    pollutant: pollutant.clone(),
                    kind: AlarmKind::Quality,
                    at: s.data_time,
                    value: Some(v),
                    threshold: limit.upper.or(limit.lower),
                    unit: limit.unit.clone(),
                    detail: format!(
                        "{name}{word} {} 超过{}限值 {}",
                        number(v, &limit.unit),
                        limit.basis,
                        limit_text(limit)
                    ),
                }
            }
            (Some(_), _) => continue,
            (None, CN_REALTIME) => {
                let Some(v) = s.rtd.filter(|v| beyond(limit, *v)) else {
                    continue;
                };
                let n = limit.consecutive.max(1) as u64;
                let last = reading::Entity::find()
                    .filter(reading::Column::BureauId.eq(bureau))
                    .filter(reading::Column::PointId.eq(point))
                    .filter(reading::Column::Pollutant.eq(pollutant.as_str()))
                    .filter(reading::Column::Cn.eq(CN_REALTIME))
                    .filter(reading::Column::DataTime.lte(s.data_time))
                    .order_by_desc(reading::Column::DataTime)
                    .limit(n)
                    .all(db)
                    .await?;
                let all_beyond = last.len() as u64 == n
                    && last
                        .iter()
                        .all(|r| r.flag == "N" && r.rtd.is_some_and(|v| beyond(limit, v)));
                if !all_beyond {
                    continue;
                }
                let peak = last.iter().filter_map(|r| r.rtd).fold(v, f64::max);
                Candidate {
                    bureau,
                    point,
                    pollutant: pollutant.clone(),
                    kind: AlarmKind::ExceedRtd,
                    at: s.data_time,
                    value: Some(peak),
                    threshold: limit.upper.or(limit.lower),
                    unit: limit.unit.clone(),
                    detail: format!(
                        "{name}连续{n}个实时数据超过限值 {}（{}），最新 {}",
                        limit_text(limit),
                        limit.basis,
                        number(v, &limit.unit)
                    ),
                }
            }
            (None, CN_HOUR) => {
                let Some(v) = s.avg.filter(|v| beyond(limit, *v)) else {
                    continue;
                };
                Candidate {
                    bureau,
                    point,
                    pollutant: pollutant.clone(),
                    kind: AlarmKind::ExceedHour,
                    at: s.data_time,
                    value: Some(v),
                    threshold: limit.upper.or(limit.lower),
                    unit: limit.unit.clone(),
                    detail: format!(
                        "{name}小时均值 {} 超过限值 {}（{}）",
                        number(v, &limit.unit),
                        limit_text(limit),
                        limit.basis
                    ),
                }
            }
            _ => continue,
        };
        raise(db, candidate).await?;
        raised += 1;
    }
    Ok(raised)
}

fn number(v: f64, unit: &str) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if unit.is_empty() {
        s.to_string()
    } else {
        format!("{s} {unit}")
    }
}

/// Opens the alarm for the candidate's point, pollutant and kind, or repeats the open one.
/// Returns whether a new alarm was opened.
pub async fn raise(db: &DatabaseConnection, c: Candidate) -> AppResult<bool> {
    // Two writers (gateways) may race for the same new alarm: the unique index lets one win,
    // the other then finds it open and repeats it.
    for _ in 0..2 {
        let txn = db.begin().await?;
        let open = alarm::Entity::find()
            .filter(alarm::Column::BureauId.eq(c.bureau))
            .filter(alarm::Column::PointId.eq(c.point))
            .filter(alarm::Column::Pollutant.eq(c.pollutant.as_str()))
            .filter(alarm::Column::Kind.eq(c.kind.code()))
            .filter(alarm::Column::Status.ne(AlarmStatus::Closed.code()))
            .one(&txn)
            .await?;
        if let Some(a) = open {
            let mut q = alarm::Entity::update_many()
                .col_expr(alarm::Column::Hits, Expr::col(alarm::Column::Hits).add(1))
                .col_expr(alarm::Column::LastAt, Expr::value(a.last_at.max(c.at)))
                .col_expr(alarm::Column::Detail, Expr::value(c.detail.clone()));
            if let Some(v) = c.value {
                if a.peak.is_none_or(|p| v > p) {
                    q = q.col_expr(alarm::Column::Peak, Expr::value(v));
                }
            }
            q.filter(alarm::Column::BureauId.eq(a.bureau_id))
                .filter(alarm::Column::Id.eq(a.id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            return Ok(false);
        }
        let Some(point) = monitoring_point::Entity::find_by_id((c.bureau, c.point))
            .one(&txn)
            .await?
        else {
            return Ok(false);
        };
        let id = Uuid::now_v7();
        let row = alarm::ActiveModel {
            bureau_id: Set(c.bureau),
            id: Set(id),
            enterprise_id: Set(point.enterprise_id),
            point_id: Set(Some(c.point)),
            pollutant: Set(c.pollutant.clone()),
            kind: Set(c.kind.code().into()),
            status: Set(AlarmStatus::New.code().into()),
            opened_at: Set(c.at),
            last_at: Set(c.at),
            peak: Set(c.value),
            threshold: Set(c.threshold),
            unit: Set(c.unit.clone()),
            hits: Set(1),
            detail: Set(c.detail.clone()),
            task_id: Set(None),
            acknowledged_by: Set(None),
            acknowledged_at: Set(None),
            closed_by: Set(None),
            closed_at: Set(None),
            closed_reason: Set(None),
            overdue_task_id: Set(None),
        };
        if alarm::Entity::insert(row)
            .exec_without_returning(&txn)
            .await
            .is_err()
        {
            // Lost the race (or the index refused it): look again.
            txn.rollback().await?;
            continue;
        }
        let name = hj212::pollutant_name(&c.pollutant).unwrap_or("");
        let at = time::OffsetDateTime::from_unix_timestamp(c.at)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
        crate::history::record(
            &txn,
            c.bureau,
            point.enterprise_id,
            NewEvent {
                occurred_at: at,
                ..NewEvent::now(
                    TimelineKind::Alarm,
                    format!("{}：{}", point.name, c.kind.headline(name, Lang::Zh)),
                )
                .detail(c.detail.clone())
                .reference(format!("alarm:{id}"))
            },
        )
        .await?;
        txn.commit().await?;
        return Ok(true);
    }
    Ok(false)
}

/// Raises 数据缺失 for every active logger silent for three intervals (at least five minutes)
/// at `now` (Unix seconds). Loggers never heard from are not yet connected, not missing.
pub async fn missing(db: &DatabaseConnection, now: i64) -> AppResult<usize> {
    let loggers = data_logger::Entity::find()
        .filter(data_logger::Column::Active.eq(true))
        .filter(data_logger::Column::LastSeenAt.is_not_null())
        .all(db)
        .await?;
    let mut n = 0;
    for l in loggers {
        let allowed = (3 * l.interval_secs as i64).max(300);
        let Some(seen) = l.last_seen_at.filter(|s| now - s > allowed) else {
            continue;
        };
        let minutes = (now - seen) / 60;
        raise(
            db,
            Candidate {
                bureau: l.bureau_id,
                point: l.point_id,
                pollutant: String::new(),
                kind: AlarmKind::Missing,
                at: now,
                value: None,
                threshold: None,
                unit: String::new(),
                detail: format!(
                    "数采仪 {} 已 {minutes} 分钟无数据（数据间隔 {} 秒）",
                    l.mn, l.interval_secs
                ),
            },
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// What [`overdue`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OverdueSweep {
    pub raised: usize,
    pub repeated: usize,
    pub closed: usize,
}

/// 任务逾期 at `now`: opens an alarm for every task still assigned or in progress after its due
/// day (China time), one per task, on the enterprise's timeline; repeats it when the days
/// overdue change; closes the open ones whose task is no longer overdue (submitted, reviewed,
/// its due day moved, or deleted) with that reason.
pub async fn overdue(
    db: &DatabaseConnection,
    now: time::OffsetDateTime,
) -> AppResult<OverdueSweep> {
    use shared::task::TaskStatus;
    use std::collections::HashMap;
    let today = now
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).expect("UTC+8"))
        .date();
    let at = now.unix_timestamp();
    let to_do = [TaskStatus::Assigned.code(), TaskStatus::InProgress.code()];
    let late = task::Entity::find()
        .filter(task::Column::Status.is_in(to_do))
        .filter(task::Column::DueOn.lt(today))
        .all(db)
        .await?;
    let mut open: HashMap<(i64, Uuid), alarm::Model> = alarm::Entity::find()
        .filter(alarm::Column::Kind.eq(AlarmKind::Overdue.code()))
        .filter(alarm::Column::Status.ne(AlarmStatus::Closed.code()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| Some(((a.bureau_id, a.overdue_task_id?), a)))
        .collect();
    let mut done = OverdueSweep::default();
    for t in late {
        let days = (today - t.due_on).whole_days();
        let status = TaskStatus::from_code(&t.status).map_or("", |s| s.label(Lang::Zh));
        let detail = format!(
            "执法任务应于{}前完成，已逾期 {days} 天（{status}）",
            shared::format::date_zh(t.due_on.year(), u8::from(t.due_on.month()), t.due_on.day())
        );
        if let Some(a) = open.remove(&(t.bureau_id, t.id)) {
            if a.detail != detail {
                alarm::Entity::update_many()
                    .col_expr(alarm::Column::Hits, Expr::col(alarm::Column::Hits).add(1))
                    .col_expr(alarm::Column::LastAt, Expr::value(at))
                    .col_expr(alarm::Column::Detail, Expr::value(detail))
                    .filter(alarm::Column::BureauId.eq(a.bureau_id))
                    .filter(alarm::Column::Id.eq(a.id))
                    .exec(db)
                    .await?;
                done.repeated += 1;
            }
            continue;
        }
        let txn = db.begin().await?;
        let id = Uuid::now_v7();
        let row = alarm::ActiveModel {
            bureau_id: Set(t.bureau_id),
            id: Set(id),
            enterprise_id: Set(t.enterprise_id),
            point_id: Set(None),
            pollutant: Set(String::new()),
            kind: Set(AlarmKind::Overdue.code().into()),
            status: Set(AlarmStatus::New.code().into()),
            opened_at: Set(at),
            last_at: Set(at),
            peak: Set(None),
            threshold: Set(None),
            unit: Set(String::new()),
            hits: Set(1),
            detail: Set(detail.clone()),
            task_id: Set(None),
            acknowledged_by: Set(None),
            acknowledged_at: Set(None),
            closed_by: Set(None),
            closed_at: Set(None),
            closed_reason: Set(None),
            overdue_task_id: Set(Some(t.id)),
        };
        // Another instance's sweep may have opened it a moment ago (`ux_alarm_overdue_open`).
        if alarm::Entity::insert(row)
            .exec_without_returning(&txn)
            .await
            .is_err()
        {
            txn.rollback().await?;
            continue;
        }
        crate::history::record(
            &txn,
            t.bureau_id,
            t.enterprise_id,
            NewEvent::now(
                TimelineKind::Alarm,
                AlarmKind::Overdue.headline("", Lang::Zh),
            )
            .detail(detail)
            .reference(format!("alarm:{id}")),
        )
        .await?;
        txn.commit().await?;
        done.raised += 1;
    }
    // What is left open is no longer overdue.
    let tasks: HashMap<(i64, Uuid), task::Model> = task::Entity::find()
        .filter(task::Column::Id.is_in(open.keys().map(|k| k.1).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| ((t.bureau_id, t.id), t))
        .collect();
    for (key, a) in open {
        let reason = match tasks.get(&key) {
            None => "任务已删除，自动关闭".to_string(),
            Some(t) if t.status == TaskStatus::Submitted.code() => {
                "任务已提交（待审核），自动关闭".to_string()
            }
            Some(t) if !to_do.contains(&t.status.as_str()) => "任务已完成，自动关闭".to_string(),
            Some(t) => format!(
                "任务期限已调整至{}，自动关闭",
                shared::format::date_zh(
                    t.due_on.year(),
                    u8::from(t.due_on.month()),
                    t.due_on.day()
                )
            ),
        };
        alarm::Entity::update_many()
            .col_expr(
                alarm::Column::Status,
                Expr::value(AlarmStatus::Closed.code()),
            )
            .col_expr(alarm::Column::ClosedAt, Expr::value(Some(at)))
            .col_expr(alarm::Column::ClosedReason, Expr::value(Some(reason)))
            .filter(alarm::Column::BureauId.eq(a.bureau_id))
            .filter(alarm::Column::Id.eq(a.id))
            .filter(alarm::Column::Status.ne(AlarmStatus::Closed.code()))
            .exec(db)
            .await?;
        done.closed += 1;
    }
    Ok(done)
}
