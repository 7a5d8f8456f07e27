//! The demo's online monitoring: a data logger (数采仪) on the first online points of every
//! county, with the limits of the national standards for its kind, so that a fake logger
//! (`huanjian send-hj212`) can raise an alarm on the desk. MN `HJ<county><8 digits>`, PW
//! `123456` (demo only, like the demo password). With the field work, a short alarm history
//! ([`history`]).

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use shared::dossier::TimelineKind;
use shared::monitoring::{AlarmKind, AlarmStatus};
use shared::task::{TaskSource, TaskStatus};
use shared::Lang;

use crate::history::timeline::NewEvent;
use crate::monitoring::alarms::{limit_text, CN_HOUR, CN_REALTIME};
use crate::monitoring::gateway::password_hash;
use crate::platform::entity::{
    alarm, app_user, data_logger, monitoring_point, point_limit, reading, task,
};

/// Points per county that get a logger.
const PER_COUNTY: u64 = 40;
pub const DEMO_LOGGER_PW: &str = "123456";

/// (pollutant, lower, upper, unit, basis).
type Limit = (
    &'static str,
    Option<f64>,
    Option<f64>,
    &'static str,
    &'static str,
);

/// The limits per point kind.
const WATER: &[Limit] = &[
    (
        "w01018",
        None,
        Some(100.0),
        "mg/L",
        "GB 8978-1996 表4 一级标准",
    ),
    (
        "w21003",
        None,
        Some(15.0),
        "mg/L",
        "GB 8978-1996 表4 一级标准",
    ),
    (
        "w01001",
        Some(6.0),
        Some(9.0),
        "",
        "GB 8978-1996 表4 一级标准",
    ),
];
const GAS: &[Limit] = &[
    (
        "a21026",
        None,
        Some(50.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
    (
        "a21002",
        None,
        Some(100.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
    (
        "a34013",
        None,
        Some(20.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
];

/// The demo MN of a county's `n`-th logger.
pub fn demo_mn(county: i64, n: usize) -> String {
    format!("HJ{county}{n:08}")
}

pub async fn seed(db: &DatabaseConnection, counties: &[i64]) -> anyhow::Result<usize> {
    let now = time::OffsetDateTime::now_utc();
    let txn = db.begin().await?;
    let mut n_all = 0;
    for county in counties {
        let points = monitoring_point::Entity::find()
            .filter(monitoring_point::Column::BureauId.eq(*county))
            .filter(monitoring_point::Column::Online.eq(true))
            .order_by_asc(monitoring_point::Column::EnterpriseId)
            .order_by_asc(monitoring_point::Column::Code)
            .limit(PER_COUNTY)
            .all(&txn)
            .await?;
        let mut loggers = Vec::new();
        let mut limits = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let (st, table) = match p.kind.as_str() {
                "water" => ("32", WATER),
                "gas" => ("31", GAS),
                _ => continue,
            };
            let mn = demo_mn(*county, i + 1);
            // The id follows from the MN: the same seed gives the same rows.
            let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, mn.as_bytes());
            loggers.push(data_logger::ActiveModel {
                bureau_id: Set(*county),
                id: Set(id),
                point_id: Set(p.id),
                enterprise_id: Set(p.enterprise_id),
                pw_sha256: Set(password_hash(&mn, DEMO_LOGGER_PW)),
                mn: Set(mn),
                st: Set(st.into()),
                interval_secs: Set(30),
                active: Set(true),
                created_at: Set(now),
                created_by: Set(None),
                last_seen_at: Set(None),
            });
            for (code, lower, upper, unit, basis) in table {
                limits.push(point_limit::ActiveModel {
                    bureau_id: Set(*county),
                    point_id: Set(p.id),
                    pollutant: Set(code.to_string()),
                    upper: Set(*upper),
                    lower: Set(*lower),
                    unit: Set(unit.to_string()),
                    basis: Set(basis.to_string()),
                    consecutive: Set(3),
                    updated_at: Set(now),
                });
            }
        }
        n_all += loggers.len();
        if !loggers.is_empty() {
            data_logger::Entity::insert_many(loggers)
                .exec_without_returning(&txn)
                .await?;
            point_limit::Entity::insert_many(limits)
                .exec_without_returning(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(n_all)
}

/// One past alarm of the demo: where (the `n`-th logger of a kind, by MN), what, when (days and
/// minutes before or after today's midnight, China time) and how far its life went.
struct Story {
    st: &'static str,
    nth: usize,
    pollutant: &'static str,
    kind: AlarmKind,
    day: i64,
    minute: i64,
    /// The values over the limit, one per interval, from the opening on.
    over: &'static [f64],
    /// The values before and after, below the limit.
    normal: f64,
    /// Minutes after the opening it was acknowledged and closed (with the reason).
    acknowledged: Option<i64>,
    /// Minutes after the opening it was dispatched, and to whom (demo usernames): a task with
    /// the alarm as its source, assigned to them and due three days after today.
    dispatched: Option<(i64, [&'static str; 2])>,
    closed: Option<(i64, &'static str)>,
}

const STORIES: &[Story] = &[
    Story {
        st: "32",
        nth: 1,
        pollutant: "w01018",
        kind: AlarmKind::ExceedRtd,
        day: -9,
        minute: 10 * 60 + 20,
        over: &[131.6, 152.3, 168.4, 149.0],
        normal: 62.0,
        acknowledged: Some(25),
        dispatched: None,
        closed: Some((
            29 * 60 + 40,
            "经现场核查，污水处理设施曝气风机故障致出水超标；已责令立即改正并移送立案调查",
        )),
    },
    Story {
        st: "31",
        nth: 0,
        pollutant: "a21026",
        kind: AlarmKind::ExceedHour,
        day: -1,
        minute: 14 * 60,
        over: &[63.7],
        normal: 31.0,
        acknowledged: Some(35),
        dispatched: Some((50, ["insp21", "insp22"])),
        closed: None,
    },
    Story {
        st: "32",
        nth: 2,
        pollutant: "w21003",
        kind: AlarmKind::ExceedHour,
        day: -1,
        minute: 21 * 60,
        over: &[18.2],
        normal: 7.5,
        acknowledged: None,
        dispatched: None,
        closed: None,
    },
];

/// The demo's alarm history on its loggers, relative to today (China): a real-time COD alarm
/// nine days ago, acknowledged and closed with its finding; yesterday an hourly SO₂ alarm,
/// acknowledged and dispatched to two inspectors of the second squad (their task, from the
/// alarm, not yet started), and an hourly NH₃-N alarm still new; each with the readings around it (its
/// trend) and on its enterprise's timeline (which feeds the risk index). Open alarms are of
/// other kinds and pollutants than a live logger's real-time COD, which opens its own alarm.
/// Ids follow from the MN and the story: the same seed gives the same rows.
pub async fn history(db: &DatabaseConnection, counties: &[i64]) -> anyhow::Result<usize> {
    let now = time::OffsetDateTime::now_utc();
    crate::monitoring::gateway::partitions(db, now).await?;
    let today = crate::history::risk::today();
    let cst = time::UtcOffset::from_whole_seconds(8 * 3600)?;
    let at = |day: i64, minute: i64| {
        ((today + time::Duration::days(day))
            .midnight()
            .assume_offset(cst)
            + time::Duration::minutes(minute))
        .unix_timestamp()
    };
    let txn = db.begin().await?;
    let mut n = 0;
    for &county in counties {
        let loggers = data_logger::Entity::find()
            .filter(data_logger::Column::BureauId.eq(county))
            .order_by_asc(data_logger::Column::Mn)
            .all(&txn)
            .await?;
        let desk = app_user::Entity::find()
            .filter(app_user::Column::BureauId.eq(county))
            .filter(app_user::Column::Username.eq("dispatch"))
            .one(&txn)
            .await?
            .map(|u| u.id);
        for (k, s) in STORIES.iter().enumerate() {
            let Some(logger) = loggers.iter().filter(|l| l.st == s.st).nth(s.nth) else {
                continue;
            };
            let Some(point) = monitoring_point::Entity::find_by_id((county, logger.point_id))
                .one(&txn)
                .await?
            else {
                continue;
            };
            let Some(limit) =
                point_limit::Entity::find_by_id((county, logger.point_id, s.pollutant.to_string()))
                    .one(&txn)
                    .await?
            else {
                continue;
            };
            let opened = at(s.day, s.minute);
            let (cn, step) = match s.kind {
                AlarmKind::ExceedHour => (CN_HOUR, 3600),
                _ => (CN_REALTIME, i64::from(logger.interval_secs.max(10))),
            };
            // The readings: normal values before and after, the ones over the limit between.
            let before = if cn == CN_HOUR { 12 } else { 20 };
            let mut rows = Vec::new();
            for i in -before..(s.over.len() as i64 + before / 2) {
                let t = opened + i * step;
                if t > now.unix_timestamp() {
                    break;
                }
                let wobble = ((i * 7 + k as i64 * 3).rem_euclid(11) as f64 - 5.0) / 50.0;
                let v = usize::try_from(i)
                    .ok()
                    .and_then(|j| s.over.get(j).copied())
                    .unwrap_or(s.normal * (1.0 + wobble));
                let v = (v * 10.0).round() / 10.0;
                let (rtd, avg) = if cn == CN_HOUR {
                    (None, Some(v))
                } else {
                    (Some(v), None)
                };
                rows.push(reading::ActiveModel {
                    bureau_id: Set(county),
                    point_id: Set(point.id),
                    pollutant: Set(s.pollutant.into()),
                    cn: Set(cn),
                    data_time: Set(t),
                    rtd: Set(rtd),
                    min: Set(avg.map(|a| a * 0.9)),
                    avg: Set(avg),
                    max: Set(avg.map(|a| a * 1.1)),
                    cou: Set(None),
                    zs: Set(None),
                    flag: Set("N".into()),
                    received_at: Set(t + 5),
                });
            }
            reading::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            let name = hj212::pollutant_name(s.pollutant).unwrap_or(s.pollutant);
            let peak = s.over.iter().copied().fold(f64::MIN, f64::max);
            let last = opened + (s.over.len() as i64 - 1) * step;
            let detail = if cn == CN_HOUR {
                format!(
                    "{name}小时均值 {peak} {} 超过限值 {}（{}）",
                    limit.unit,
                    limit_text(&limit),
                    limit.basis
                )
            } else {
                format!(
                    "{name}连续{}个实时数据超过限值 {}（{}），最新 {} {}",
                    s.over.len(),
                    limit_text(&limit),
                    limit.basis,
                    s.over.last().copied().unwrap_or(peak),
                    limit.unit
                )
            };
            let id = Uuid::new_v5(
                &Uuid::NAMESPACE_OID,
                format!("demo-alarm-{}-{k}", logger.mn).as_bytes(),
            );
            let status = match (s.acknowledged, s.dispatched, s.closed) {
                (_, _, Some(_)) => AlarmStatus::Closed,
                (_, Some(_), None) => AlarmStatus::Dispatched,
                (Some(_), None, None) => AlarmStatus::Acknowledged,
                (None, None, None) => AlarmStatus::New,
            };
            let task_id = match (s.dispatched, desk) {
                (Some((minute, who)), Some(desk)) => {
                    let headline = s.kind.headline(name, Lang::Zh);
                    let note = format!(
                        "报警派单：{}{headline}，峰值 {peak} {}",
                        point.name, limit.unit
                    );
                    let sent = Sent {
                        bureau: county,
                        alarm: id,
                        enterprise: point.enterprise_id,
                        by: desk,
                        at: opened + minute * 60,
                        due: today + time::Duration::days(3),
                        note: &note,
                        headline: &headline,
                    };
                    Some(dispatch(&txn, &sent, &who).await?)
                }
                _ => None,
            };
            alarm::Entity::insert(alarm::ActiveModel {
                bureau_id: Set(county),
                id: Set(id),
                enterprise_id: Set(point.enterprise_id),
                point_id: Set(Some(point.id)),
                pollutant: Set(s.pollutant.into()),
                kind: Set(s.kind.code().into()),
                status: Set(status.code().into()),
                opened_at: Set(opened),
                last_at: Set(last),
                peak: Set(Some(peak)),
                threshold: Set(limit.upper.or(limit.lower)),
                unit: Set(limit.unit.clone()),
                hits: Set(s.over.len() as i32),
                detail: Set(detail.clone()),
                task_id: Set(task_id),
                acknowledged_by: Set(s.acknowledged.and(desk)),
                acknowledged_at: Set(s.acknowledged.map(|m| opened + m * 60)),
                closed_by: Set(s.closed.and(desk)),
                closed_at: Set(s.closed.map(|(m, _)| opened + m * 60)),
                closed_reason: Set(s.closed.map(|(_, r)| r.to_string())),
                overdue_task_id: Set(None),
            })
            .exec_without_returning(&txn)
            .await?;
            crate::history::record(
                &txn,
                county,
                point.enterprise_id,
                NewEvent {
                    occurred_at: time::OffsetDateTime::from_unix_timestamp(opened)?,
                    ..NewEvent::now(
                        TimelineKind::Alarm,
                        format!("{}：{}", point.name, s.kind.headline(name, Lang::Zh)),
                    )
                    .detail(detail)
                    .reference(format!("alarm:{id}"))
                },
            )
            .await?;
            n += 1;
        }
    }
    txn.commit().await?;
    Ok(n)
}

/// An alarm's dispatch in the demo's past.
struct Sent<'a> {
    bureau: i64,
    alarm: Uuid,
    enterprise: Uuid,
    by: Uuid,
    at: i64,
    due: time::Date,
    note: &'a str,
    headline: &'a str,
}

/// The task a dispatch made (as `dispatch::service::dispatch` makes it: source, inspectors, its
/// first event and the enterprise's timeline), to the inspectors of `who` in the alarm's county.
async fn dispatch(
    txn: &sea_orm::DatabaseTransaction,
    sent: &Sent<'_>,
    who: &[&str],
) -> anyhow::Result<Uuid> {
    let people = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(sent.bureau))
        .filter(app_user::Column::Username.is_in(who.iter().copied()))
        .order_by_asc(app_user::Column::Username)
        .all(txn)
        .await?;
    anyhow::ensure!(people.len() == who.len(), "the demo inspectors {who:?}");
    let at = time::OffsetDateTime::from_unix_timestamp(sent.at)?;
    let id = Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("demo-alarm-task-{}", sent.alarm).as_bytes(),
    );
    let source_ref = format!("alarm:{}:{}", sent.bureau, sent.alarm);
    let row = task::Model {
        bureau_id: sent.bureau,
        id,
        enterprise_id: sent.enterprise,
        squad_id: people[0].squad_id,
        note: sent.note.into(),
        due_on: sent.due,
        status: TaskStatus::Assigned.code().into(),
        created_by: sent.by,
        created_at: at,
        updated_at: at,
        source_kind: TaskSource::Alarm.code().into(),
        source_ref: source_ref.clone(),
    };
    let inspectors: Vec<Uuid> = people.iter().map(|u| u.id).collect();
    crate::field::tasks::insert_assigned(txn, &row, &inspectors, Uuid::new_v5(&id, b"assigned"))
        .await?;
    let names: Vec<&str> = people.iter().map(|u| u.display_name.as_str()).collect();
    crate::history::record(
        txn,
        sent.bureau,
        sent.enterprise,
        NewEvent {
            occurred_at: at,
            ..NewEvent::now(TimelineKind::Alarm, format!("报警派单：{}", sent.headline))
                .detail(format!("派{}现场核查", names.join("、")))
                .reference(source_ref)
                .by(sent.by)
        },
    )
    .await?;
    Ok(id)
}
