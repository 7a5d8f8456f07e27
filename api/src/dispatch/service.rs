//! Duty shifts and positions (the inspector's side), the live field force, the nearest
//! certified inspectors to a place and the dispatch of an alarm (the desk's side), and the
//! positions' retention. Every row is reached through the caller's scope or is the caller's own.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde_json::json;
use shared::dossier::TimelineKind;
use shared::field_force::{
    distance_m, DispatchAlarm, Dispatched, DutyView, ForceMember, ForceStatus, Nearby,
    NearbyInspector, PositionBatch, PositionRetention, PositionsStored, SetDuty,
    SquadLeaderContact, DEFAULT_RETENTION_DAYS, LIVE_SECS, RETENTION_DAYS, RINGS_M,
};
use shared::monitoring::AlarmStatus;
use shared::task::{TaskSource, TaskStatus, MIN_INSPECTORS};
use shared::{ApiError, BureauId, Lang, Role};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::history::{self, NewEvent};
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{alarm, app_user, bureau, duty, position, task, task_inspector};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{self, InScope, Key, Scope};
use crate::platform::stored::roles;

/// A phone's clock may be a little off the server's: a fix up to this much before the shift
/// began or after now still counts.
const CLOCK_SKEW_SECS: i64 = 120;

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

async fn retention_of(conn: &impl ConnectionTrait, bureau_id: i64) -> AppResult<u32> {
    Ok(bureau::Entity::find_by_id(bureau_id)
        .one(conn)
        .await?
        .map_or(DEFAULT_RETENTION_DAYS, |b| {
            b.position_retention_days.max(1) as u32
        }))
}

fn duty_view(d: Option<duty::Model>, retention_days: u32) -> DutyView {
    match d {
        Some(d) => DutyView {
            on_duty: d.on_duty,
            purpose: if d.on_duty { d.purpose } else { String::new() },
            since: d.since.filter(|_| d.on_duty),
            last_seen_at: d.last_seen_at,
            retention_days,
        },
        None => DutyView {
            on_duty: false,
            purpose: String::new(),
            since: None,
            last_seen_at: None,
            retention_days,
        },
    }
}

/// The caller's own duty state.
pub async fn duty(db: &DatabaseConnection, caller: &AuthUser) -> AppResult<DutyView> {
    let d = duty::Entity::find_by_id((caller.bureau_id.0, caller.user_id))
        .one(db)
        .await?;
    Ok(duty_view(d, retention_of(db, caller.bureau_id.0).await?))
}

/// Goes on duty (with the shift's purpose) or off duty. Off duty, the latest position is
/// cleared so the map no longer shows where the inspector went home; the history stays for the
/// bureau's retention.
pub async fn set_duty(
    db: &DatabaseConnection,
    caller: &AuthUser,
    s: SetDuty,
) -> AppResult<DutyView> {
    let purpose = s.purpose.trim().to_string();
    if s.on_duty && purpose.is_empty() {
        return Err(AppError::invalid(
            "purpose",
            "请填写在岗事由，例如“日常巡查”",
        ));
    }
    let (b, u) = (caller.bureau_id.0, caller.user_id);
    let txn = audit::begin(db, b).await?;
    let before = duty::Entity::find_by_id((b, u)).one(&txn).await?;
    let was_on = before.as_ref().is_some_and(|d| d.on_duty);
    let t = now();
    let row = duty::ActiveModel {
        bureau_id: Set(b),
        user_id: Set(u),
        on_duty: Set(s.on_duty),
        purpose: Set(if s.on_duty {
            purpose.clone()
        } else {
            String::new()
        }),
        since: Set(if s.on_duty {
            Some(
                before
                    .as_ref()
                    .and_then(|d| d.since)
                    .filter(|_| was_on)
                    .unwrap_or(t),
            )
        } else {
            None
        }),
        longitude: Set(before
            .as_ref()
            .and_then(|d| d.longitude)
            .filter(|_| s.on_duty)),
        latitude: Set(before
            .as_ref()
            .and_then(|d| d.latitude)
            .filter(|_| s.on_duty)),
        last_seen_at: Set(before.as_ref().and_then(|d| d.last_seen_at)),
    };
    if before.is_some() {
        duty::Entity::update(row).exec(&txn).await?;
    } else {
        duty::Entity::insert(row)
            .exec_without_returning(&txn)
            .await?;
    }
    if was_on != s.on_duty {
        audit::append(
            &txn,
            b,
            &Actor::of(caller),
            if s.on_duty { "duty.on" } else { "duty.off" },
            &format!("user:{u}"),
            json!({ "purpose": purpose }),
        )
        .await?;
    }
    txn.commit().await?;
    duty(db, caller).await
}

/// Stores the caller's position fixes. Only fixes taken during the current shift (give or
/// take [`CLOCK_SKEW_SECS`]) are kept
/// (a phone that queued fixes offline sends them later with their own times); a fix of the
/// same second is stored once, so a resent batch changes nothing.
pub async fn positions(
    db: &DatabaseConnection,
    caller: &AuthUser,
    batch: PositionBatch,
) -> AppResult<PositionsStored> {
    for f in &batch.fixes {
        let ok = (-180.0..=180.0).contains(&f.longitude)
            && (-90.0..=90.0).contains(&f.latitude)
            && f.longitude.is_finite()
            && f.latitude.is_finite()
            && f.accuracy_m.is_none_or(|a| a.is_finite() && a >= 0.0);
        if !ok {
            return Err(AppError::invalid("fixes", "位置坐标无效"));
        }
    }
    let (b, u) = (caller.bureau_id.0, caller.user_id);
    let d = duty::Entity::find_by_id((b, u)).one(db).await?;
    let total = batch.fixes.len() as u32;
    let Some(d) = d.filter(|d| d.on_duty) else {
        return Ok(PositionsStored {
            stored: 0,
            refused: total,
        });
    };
    let since = d.since.map_or(i64::MAX, |s| s - CLOCK_SKEW_SECS);
    let limit = now() + CLOCK_SKEW_SECS;
    let keep: Vec<_> = batch
        .fixes
        .into_iter()
        .filter(|f| f.at >= since && f.at <= limit)
        .collect();
    let refused = total - keep.len() as u32;
    let Some(latest) = keep.iter().max_by_key(|f| f.at).cloned() else {
        return Ok(PositionsStored { stored: 0, refused });
    };
    let stored = position::Entity::insert_many(keep.iter().map(|f| position::ActiveModel {
        bureau_id: Set(b),
        user_id: Set(u),
        at: Set(f.at),
        longitude: Set(f.longitude),
        latitude: Set(f.latitude),
        accuracy_m: Set(f.accuracy_m),
    }))
    .on_conflict(
        OnConflict::columns([
            position::Column::BureauId,
            position::Column::UserId,
            position::Column::At,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    // The latest position moves forward only: an old queued batch arriving late does not
    // move the marker back.
    duty::Entity::update_many()
        .col_expr(duty::Column::Longitude, Expr::value(latest.longitude))
        .col_expr(duty::Column::Latitude, Expr::value(latest.latitude))
        .col_expr(duty::Column::LastSeenAt, Expr::value(latest.at))
        .filter(duty::Column::BureauId.eq(b))
        .filter(duty::Column::UserId.eq(u))
        .filter(duty::Column::OnDuty.eq(true))
        .filter(
            duty::Column::LastSeenAt
                .is_null()
                .or(duty::Column::LastSeenAt.lt(latest.at)),
        )
        .exec(db)
        .await?;
    Ok(PositionsStored {
        stored: stored as u32,
        refused,
    })
}

/// Open tasks (assigned or in progress) per inspector of the bureaus, and whether any is in
/// progress.
async fn workload(
    conn: &impl ConnectionTrait,
    bureaus: &[i64],
    users: &[Uuid],
) -> AppResult<HashMap<Uuid, (u32, bool)>> {
    let rows: Vec<(Uuid, String)> = task_inspector::Entity::find()
        .select_only()
        .column(task_inspector::Column::UserId)
        .column(task::Column::Status)
        .join(
            sea_orm::JoinType::InnerJoin,
            task_inspector::Entity::belongs_to(task::Entity)
                .from((
                    task_inspector::Column::BureauId,
                    task_inspector::Column::TaskId,
                ))
                .to((task::Column::BureauId, task::Column::Id))
                .into(),
        )
        .filter(task_inspector::Column::BureauId.is_in(bureaus.to_vec()))
        .filter(task_inspector::Column::UserId.is_in(users.to_vec()))
        .filter(
            task::Column::Status
                .is_in([TaskStatus::Assigned.code(), TaskStatus::InProgress.code()]),
        )
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: HashMap<Uuid, (u32, bool)> = HashMap::new();
    for (u, s) in rows {
        let e = out.entry(u).or_default();
        e.0 += 1;
        e.1 |= s == TaskStatus::InProgress.code();
    }
    Ok(out)
}

fn status_of(last_seen: i64, now: i64, busy: bool) -> ForceStatus {
    if now - last_seen > LIVE_SECS {
        ForceStatus::Stale
    } else if busy {
        ForceStatus::OnTask
    } else {
        ForceStatus::Available
    }
}

fn certified(u: &app_user::Model, today: time::Date) -> AppResult<bool> {
    Ok(u.active
        && u.certificate_no
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
        && u.certificate_valid_until.is_some_and(|d| d >= today)
        && roles(&u.roles)?
            .iter()
            .any(|r| matches!(r, Role::Inspector | Role::SquadLeader)))
}

async fn squad_names(
    conn: &impl ConnectionTrait,
    users: &[&app_user::Model],
) -> AppResult<HashMap<i64, String>> {
    let ids: Vec<i64> = users.iter().filter_map(|u| u.squad_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(bureau::Entity::find()
        .filter(bureau::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect())
}

/// The on-duty field force of the jurisdiction with a known position, for the live map.
pub async fn force(db: &DatabaseConnection, scope: &Scope) -> AppResult<Vec<ForceMember>> {
    let bureaus = scope.bureau_ids();
    let rows = duty::Entity::find()
        .filter(duty::Column::BureauId.is_in(bureaus.clone()))
        .filter(duty::Column::OnDuty.eq(true))
        .filter(duty::Column::Latitude.is_not_null())
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|d| d.user_id).collect();
    let users: HashMap<Uuid, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::BureauId.is_in(bureaus.clone()))
        .filter(app_user::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let squads = squad_names(db, &users.values().collect::<Vec<_>>()).await?;
    let load = workload(db, &bureaus, &ids).await?;
    let (t, today) = (now(), crate::history::risk::today());
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        let (Some(u), Some(lon), Some(lat), Some(seen)) = (
            users.get(&d.user_id),
            d.longitude,
            d.latitude,
            d.last_seen_at,
        ) else {
            continue;
        };
        let (open, busy) = load.get(&d.user_id).copied().unwrap_or_default();
        out.push(ForceMember {
            bureau_id: BureauId(d.bureau_id),
            user_id: u.id.to_string(),
            display_name: u.display_name.clone(),
            squad_id: u.squad_id.map(BureauId),
            squad_name: u
                .squad_id
                .and_then(|s| squads.get(&s).cloned())
                .unwrap_or_default(),
            purpose: d.purpose,
            status: status_of(seen, t, busy),
            longitude: lon,
            latitude: lat,
            last_seen_at: seen,
            open_tasks: open,
            certified: certified(u, today)?,
        });
    }
    out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(out)
}

/// The on-duty certified inspectors of `bureau` near a place, nearest first, within the
/// smallest ring (3, 5, 10 km) that holds at least two; the squad leaders are named when even
/// the largest ring holds fewer than two. One index range on `ix_duty_live` (bureau, on duty,
/// latitude band of the largest ring), then exact distances.
pub async fn nearby(
    conn: &impl ConnectionTrait,
    bureau: InScope,
    longitude: f64,
    latitude: f64,
) -> AppResult<Nearby> {
    if !(-180.0..=180.0).contains(&longitude) || !(-90.0..=90.0).contains(&latitude) {
        return Err(AppError::invalid("longitude", "位置坐标无效"));
    }
    let b = bureau.id().0;
    let far = f64::from(RINGS_M[RINGS_M.len() - 1]);
    let dlat = far / 111_000.0;
    let dlon = far / (111_000.0 * latitude.to_radians().cos().max(0.05));
    let rows = duty::Entity::find()
        .filter(duty::Column::BureauId.eq(b))
        .filter(duty::Column::OnDuty.eq(true))
        .filter(duty::Column::Latitude.between(latitude - dlat, latitude + dlat))
        .filter(duty::Column::Longitude.between(longitude - dlon, longitude + dlon))
        .all(conn)
        .await?;
    let users: HashMap<Uuid, app_user::Model> = if rows.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::BureauId.eq(b))
            .filter(app_user::Column::Id.is_in(rows.iter().map(|d| d.user_id).collect::<Vec<_>>()))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect()
    };
    let load = workload(conn, &[b], &users.keys().copied().collect::<Vec<_>>()).await?;
    let (t, today) = (now(), crate::history::risk::today());
    let squads = squad_names(conn, &users.values().collect::<Vec<_>>()).await?;
    let mut found: Vec<NearbyInspector> = Vec::new();
    for d in rows {
        let (Some(u), Some(lon), Some(lat), Some(seen)) = (
            users.get(&d.user_id),
            d.longitude,
            d.latitude,
            d.last_seen_at,
        ) else {
            continue;
        };
        if !certified(u, today)? {
            continue;
        }
        let dist = distance_m(longitude, latitude, lon, lat);
        if dist > far {
            continue;
        }
        let busy = load.get(&u.id).is_some_and(|l| l.1);
        found.push(NearbyInspector {
            bureau_id: BureauId(b),
            user_id: u.id.to_string(),
            display_name: u.display_name.clone(),
            squad_name: u
                .squad_id
                .and_then(|s| squads.get(&s).cloned())
                .unwrap_or_default(),
            certificate_no: u.certificate_no.clone().unwrap_or_default(),
            distance_m: dist.round() as u32,
            last_seen_secs: t - seen,
            status: status_of(seen, t, busy),
        });
    }
    found.sort_by_key(|n| (n.distance_m, n.user_id.clone()));
    let ring_m = RINGS_M
        .into_iter()
        .find(|r| found.iter().filter(|n| n.distance_m <= *r).count() >= MIN_INSPECTORS)
        .unwrap_or(RINGS_M[RINGS_M.len() - 1]);
    found.retain(|n| n.distance_m <= ring_m);
    let squad_leaders = if found.len() < MIN_INSPECTORS {
        squad_leaders(conn, b).await?
    } else {
        Vec::new()
    };
    Ok(Nearby {
        longitude,
        latitude,
        ring_m,
        inspectors: found,
        squad_leaders,
    })
}

async fn squad_leaders(conn: &impl ConnectionTrait, b: i64) -> AppResult<Vec<SquadLeaderContact>> {
    let people = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(b))
        .filter(app_user::Column::Active.eq(true))
        .all(conn)
        .await?;
    let mut leaders = Vec::new();
    for u in &people {
        if roles(&u.roles)?.contains(&Role::SquadLeader) {
            leaders.push(u);
        }
    }
    let squads = squad_names(conn, &leaders).await?;
    let mut out: Vec<SquadLeaderContact> = leaders
        .into_iter()
        .map(|u| SquadLeaderContact {
            user_id: u.id.to_string(),
            display_name: u.display_name.clone(),
            squad_name: u
                .squad_id
                .and_then(|s| squads.get(&s).cloned())
                .unwrap_or_default(),
            phone: u.phone.clone().unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| a.squad_name.cmp(&b.squad_name));
    Ok(out)
}

/// Who is near an alarm's monitoring point.
pub async fn near_alarm(
    db: &DatabaseConnection,
    scope: &Scope,
    key: Key<scope::Alarm>,
) -> AppResult<Nearby> {
    let a = crate::monitoring::service::row(db, &key).await?;
    let view = crate::monitoring::service::views(db, vec![a])
        .await?
        .remove(0);
    nearby(
        db,
        scope.admit_bureau(view.bureau_id)?,
        view.longitude,
        view.latitude,
    )
    .await
}

/// Dispatches an open alarm: one task for the chosen inspectors (or the nearest two live,
/// certified, on-duty ones of the alarm's bureau) with the alarm as its source; the alarm
/// becomes 已派单 and names the task, and the dispatch goes on the enterprise's timeline.
pub async fn dispatch(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    key: Key<scope::Alarm>,
    d: DispatchAlarm,
) -> AppResult<Dispatched> {
    let a = crate::monitoring::service::row(db, &key).await?;
    let view = crate::monitoring::service::views(db, vec![a.clone()])
        .await?
        .remove(0);
    if !matches!(view.status, AlarmStatus::New | AlarmStatus::Acknowledged) {
        return Err(ApiError::Conflict {
            reason: format!("该报警{}，不能再派单", view.status.label(Lang::Zh)),
        }
        .into());
    }
    let today = crate::history::risk::today();
    let due = if d.due_on.trim().is_empty() {
        today
    } else {
        crate::registry::dossier::to_date("完成期限", &d.due_on)
            .map_err(|m| AppError::invalid("due_on", m))?
    };
    if due < today {
        return Err(AppError::invalid("due_on", "完成期限不能早于今天"));
    }
    let chosen: Vec<Uuid> = if d.inspector_ids.is_empty() {
        let near = nearby(
            db,
            scope.admit_bureau(view.bureau_id)?,
            view.longitude,
            view.latitude,
        )
        .await?;
        let live: Vec<Uuid> = near
            .inspectors
            .iter()
            .filter(|n| n.status != ForceStatus::Stale)
            .take(MIN_INSPECTORS)
            .filter_map(|n| Uuid::parse_str(&n.user_id).ok())
            .collect();
        if live.len() < MIN_INSPECTORS {
            let names: Vec<String> = near
                .squad_leaders
                .iter()
                .map(|l| format!("{}（{}）", l.display_name, l.squad_name))
                .collect();
            return Err(ApiError::Conflict {
                reason: format!(
                    "{} 公里内在岗持证执法人员不足两人，请联系中队长：{}",
                    near.ring_m / 1000,
                    if names.is_empty() {
                        "无".to_string()
                    } else {
                        names.join("、")
                    }
                ),
            }
            .into());
        }
        live
    } else {
        let mut ids = Vec::new();
        for s in &d.inspector_ids {
            let id = Uuid::parse_str(s.trim())
                .map_err(|_| AppError::invalid("inspector_ids", "执法人员编号无效"))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    };
    if chosen.len() < MIN_INSPECTORS {
        return Err(AppError::invalid(
            "inspector_ids",
            "现场检查须由两名以上持证执法人员进行，请至少选择两人",
        ));
    }
    let people = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(a.bureau_id))
        .filter(app_user::Column::Id.is_in(chosen.clone()))
        .all(db)
        .await?;
    let mut squad = None;
    for id in &chosen {
        let Some(u) = people.iter().find(|u| u.id == *id) else {
            return Err(AppError::invalid(
                "inspector_ids",
                "所选人员不属于报警所在的局",
            ));
        };
        if !certified(u, due)? {
            return Err(AppError::invalid(
                "inspector_ids",
                format!(
                    "{}不是在岗持证执法人员（执法证须在完成期限内有效）",
                    u.display_name
                ),
            ));
        }
        squad = squad.or(u.squad_id);
    }
    let headline = view.kind.headline(&view.pollutant_name, Lang::Zh);
    let peak = view
        .peak
        .map(|p| format!("，峰值 {p} {}", view.unit))
        .unwrap_or_default();
    let note = format!(
        "报警派单：{}{}{}{}",
        view.point_name,
        headline,
        peak,
        if d.note.trim().is_empty() {
            String::new()
        } else {
            format!("。{}", d.note.trim())
        }
    );
    let source_ref = format!("alarm:{}:{}", a.bureau_id, a.id);
    let txn = audit::begin(db, a.bureau_id).await?;
    let task_id = crate::field::tasks::create_in(
        &txn,
        caller,
        a.bureau_id,
        a.enterprise_id,
        squad,
        &chosen,
        due,
        &note,
        (TaskSource::Alarm, &source_ref),
    )
    .await?;
    // Conditional on the alarm still being open and undispatched: two dispatchers acting at
    // once cannot both send a task.
    let changed = alarm::Entity::update_many()
        .col_expr(
            alarm::Column::Status,
            Expr::value(AlarmStatus::Dispatched.code()),
        )
        .col_expr(alarm::Column::TaskId, Expr::value(Some(task_id)))
        .filter(alarm::Column::BureauId.eq(a.bureau_id))
        .filter(alarm::Column::Id.eq(a.id))
        .filter(
            alarm::Column::Status
                .is_in([AlarmStatus::New.code(), AlarmStatus::Acknowledged.code()]),
        )
        .filter(alarm::Column::TaskId.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::Conflict {
            reason: "该报警已被他人派单，请刷新后再看".into(),
        }
        .into());
    }
    let names: Vec<&str> = chosen
        .iter()
        .filter_map(|id| people.iter().find(|u| u.id == *id))
        .map(|u| u.display_name.as_str())
        .collect();
    history::record(
        &txn,
        a.bureau_id,
        a.enterprise_id,
        NewEvent::now(TimelineKind::Alarm, format!("报警派单：{headline}"))
            .detail(format!("派{}现场核查", names.join("、")))
            .reference(source_ref.clone())
            .by(caller.user_id),
    )
    .await?;
    audit::append(
        &txn,
        a.bureau_id,
        &Actor::of(caller),
        "alarm.dispatch",
        &format!("alarm:{}", a.id),
        json!({ "task": task_id, "inspectors": chosen }),
    )
    .await?;
    txn.commit().await?;
    let alarm = crate::monitoring::service::views(
        db,
        vec![crate::monitoring::service::row(db, &key).await?],
    )
    .await?
    .remove(0);
    let task = crate::field::tasks::get(
        db,
        scope.admit(BureauId(a.bureau_id), &task_id.to_string())?,
    )
    .await?;
    Ok(Dispatched { alarm, task })
}

pub async fn retention(db: &DatabaseConnection, bureau: InScope) -> AppResult<PositionRetention> {
    Ok(PositionRetention {
        days: retention_of(db, bureau.id().0).await?,
    })
}

/// Sets how long the bureau keeps positions (admins); the next purge applies it.
pub async fn set_retention(
    db: &DatabaseConnection,
    caller: &AuthUser,
    bureau: InScope,
    r: PositionRetention,
) -> AppResult<PositionRetention> {
    if !RETENTION_DAYS.contains(&r.days) {
        return Err(AppError::invalid(
            "days",
            format!(
                "位置保存期限应为 {}～{} 天",
                RETENTION_DAYS.start(),
                RETENTION_DAYS.end()
            ),
        ));
    }
    let b = bureau.id().0;
    let txn = audit::begin(db, b).await?;
    let before = retention_of(&txn, b).await?;
    bureau::Entity::update_many()
        .col_expr(
            bureau::Column::PositionRetentionDays,
            Expr::value(r.days as i32),
        )
        .filter(bureau::Column::Id.eq(b))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        b,
        &Actor::of(caller),
        "positions.retention",
        &format!("bureau:{b}"),
        json!({ "before": before, "after": r.days }),
    )
    .await?;
    txn.commit().await?;
    Ok(r)
}

/// Deletes positions older than their bureau's retention. Idempotent, so every API instance's
/// housekeeping may run it.
pub async fn purge_positions(db: &DatabaseConnection, now: i64) -> AppResult<u64> {
    let bureaus: Vec<(i64, i32)> = bureau::Entity::find()
        .select_only()
        .column(bureau::Column::Id)
        .column(bureau::Column::PositionRetentionDays)
        .into_tuple()
        .all(db)
        .await?;
    let mut deleted = 0;
    for (b, days) in bureaus {
        let cutoff = now - i64::from(days.max(1)) * 86_400;
        deleted += position::Entity::delete_many()
            .filter(position::Column::BureauId.eq(b))
            .filter(position::Column::At.lt(cutoff))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}
