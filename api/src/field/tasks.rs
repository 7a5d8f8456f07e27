//! Inspection tasks (T1 basics). Dispatch, alarms and double-random draws will create tasks
//! through [`create`] too.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use shared::dossier::TimelineKind;
use shared::risk::RiskLevel;
use shared::task::{
    NewTask, TaskAction, TaskHistoryEntry, TaskInspector, TaskSource, TaskStatus, TaskTransition,
    TaskView, MIN_INSPECTORS,
};
use shared::{ApiError, BureauId, Lang, Role};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::history::{self, NewEvent};
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{app_user, enterprise, task, task_event, task_inspector};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Enterprise, Key, Scope, Task};
use crate::platform::stored::rfc3339;
use crate::platform::stored::{self, roles};

async fn views(conn: &impl ConnectionTrait, rows: Vec<task::Model>) -> AppResult<Vec<TaskView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|t| t.id).collect();
    let mut bureaus: Vec<i64> = rows.iter().map(|t| t.bureau_id).collect();
    bureaus.sort_unstable();
    bureaus.dedup();
    let links = task_inspector::Entity::find()
        .filter(task_inspector::Column::BureauId.is_in(bureaus.clone()))
        .filter(task_inspector::Column::TaskId.is_in(ids.clone()))
        .all(conn)
        .await?;
    let events = task_event::Entity::find()
        .filter(task_event::Column::BureauId.is_in(bureaus.clone()))
        .filter(task_event::Column::TaskId.is_in(ids))
        .order_by_asc(task_event::Column::At)
        .all(conn)
        .await?;
    let users: HashMap<Uuid, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::BureauId.is_in(bureaus.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let enterprises: HashMap<Uuid, enterprise::Model> = enterprise::Entity::find()
        .filter(enterprise::Column::BureauId.is_in(bureaus))
        .filter(
            enterprise::Column::Id.is_in(rows.iter().map(|t| t.enterprise_id).collect::<Vec<_>>()),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let name = |id: &Uuid| {
        users
            .get(id)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    rows.into_iter()
        .map(|t| {
            let e = enterprises.get(&t.enterprise_id);
            Ok(TaskView {
                id: t.id.to_string(),
                bureau_id: BureauId(t.bureau_id),
                enterprise_id: t.enterprise_id.to_string(),
                enterprise_name: e.map(|e| e.name.clone()).unwrap_or_default(),
                enterprise_address: e.map(|e| e.address.clone()).unwrap_or_default(),
                longitude: e.map(|e| e.longitude).unwrap_or_default(),
                latitude: e.map(|e| e.latitude).unwrap_or_default(),
                risk: e
                    .map(|e| stored::code("risk_level", &e.risk_level, RiskLevel::from_code))
                    .transpose()?
                    .unwrap_or(RiskLevel::Green),
                squad_id: t.squad_id.map(BureauId),
                note: t.note.clone(),
                due_on: t.due_on.to_string(),
                status: stored::code("status", &t.status, TaskStatus::from_code)?,
                inspectors: links
                    .iter()
                    .filter(|l| l.task_id == t.id)
                    .map(|l| TaskInspector {
                        user_id: l.user_id.to_string(),
                        display_name: name(&l.user_id),
                        certificate_no: users
                            .get(&l.user_id)
                            .and_then(|u| u.certificate_no.clone()),
                    })
                    .collect(),
                created_by: name(&t.created_by),
                source: stored::code("source_kind", &t.source_kind, TaskSource::from_code)?,
                source_ref: t.source_ref.clone(),
                history: events
                    .iter()
                    .filter(|ev| ev.task_id == t.id)
                    .map(|ev| {
                        Ok(TaskHistoryEntry {
                            at: rfc3339(ev.at),
                            actor_name: name(&ev.actor_id),
                            from: stored::opt_code(
                                "from_status",
                                ev.from_status.as_deref(),
                                TaskStatus::from_code,
                            )?,
                            to: stored::code("to_status", &ev.to_status, TaskStatus::from_code)?,
                            note: ev.note.clone(),
                        })
                    })
                    .collect::<AppResult<_>>()?,
            })
        })
        .collect()
}

async fn caller_row(conn: &impl ConnectionTrait, caller: &AuthUser) -> AppResult<app_user::Model> {
    Ok(
        app_user::Entity::find_by_id((caller.bureau_id.0, caller.user_id))
            .one(conn)
            .await?
            .ok_or(ApiError::Unauthenticated)?,
    )
}

/// A squad leader assigns an enterprise to inspectors of the squad.
pub async fn create(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    t: NewTask,
) -> AppResult<TaskView> {
    let me = caller_row(db, caller).await?;
    let Some(squad) = me
        .squad_id
        .filter(|_| caller.roles.contains(&Role::SquadLeader))
    else {
        return Err(ApiError::Forbidden.into());
    };
    if Uuid::parse_str(&t.enterprise_id).is_err() {
        return Err(AppError::invalid("enterprise_id", "企业编号无效"));
    }
    let key = scope.admit::<Enterprise>(t.enterprise_bureau_id, &t.enterprise_id)?;
    let enterprise_id = key.id();
    let e = enterprise::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let due = crate::registry::dossier::to_date("完成期限", &t.due_on)
        .map_err(|m| AppError::invalid("due_on", m))?;
    if due < crate::history::risk::today() {
        return Err(AppError::invalid("due_on", "完成期限不能早于今天"));
    }
    let mut ids: Vec<Uuid> = Vec::new();
    for s in &t.inspector_ids {
        let id = Uuid::parse_str(s)
            .map_err(|_| AppError::invalid("inspector_ids", "执法人员编号无效"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() < MIN_INSPECTORS {
        return Err(AppError::invalid(
            "inspector_ids",
            "现场检查须由两名以上持证执法人员进行，请至少选择两人",
        ));
    }
    let people = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(me.bureau_id))
        .filter(app_user::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    for id in &ids {
        let Some(u) = people.iter().find(|u| u.id == *id) else {
            return Err(AppError::invalid("inspector_ids", "所选人员不属于本中队"));
        };
        if u.squad_id != Some(squad) || !u.active || !roles(&u.roles)?.contains(&Role::Inspector) {
            return Err(AppError::invalid(
                "inspector_ids",
                format!("{}不是本中队在岗执法人员", u.display_name),
            ));
        }
        match (&u.certificate_no, u.certificate_valid_until) {
            (Some(_), Some(until)) if until >= due => {}
            _ => {
                return Err(AppError::invalid(
                    "inspector_ids",
                    format!("{}的执法证在完成期限内无效", u.display_name),
                ))
            }
        }
    }
    let bureau = e.bureau_id;
    let txn = audit::begin(db, bureau).await?;
    let id = create_in(
        &txn,
        caller,
        bureau,
        enterprise_id,
        Some(squad),
        &ids,
        due,
        &t.note,
        (TaskSource::Plan, ""),
    )
    .await?;
    let row = task::Entity::find_by_id((bureau, id))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(views(db, vec![row]).await?.remove(0))
}

/// Creates a task inside the caller's transaction (from [`audit::begin`] on `bureau`): the
/// squad leader's form and the other features that give work to inspectors (a case's 复查, an
/// alarm's dispatch) come through here with their source and its reference. The caller has
/// checked the inspectors; the task is theirs from now on.
#[allow(clippy::too_many_arguments)]
pub async fn create_in(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    bureau: i64,
    enterprise_id: Uuid,
    squad: Option<i64>,
    inspectors: &[Uuid],
    due: time::Date,
    note: &str,
    (source, source_ref): (TaskSource, &str),
) -> AppResult<Uuid> {
    let now = OffsetDateTime::now_utc();
    let row = task::Model {
        bureau_id: bureau,
        id: Uuid::new_v4(),
        enterprise_id,
        squad_id: squad,
        note: note.trim().chars().take(500).collect(),
        due_on: due,
        status: TaskStatus::Assigned.code().into(),
        created_by: caller.user_id,
        created_at: now,
        updated_at: now,
        source_kind: source.code().into(),
        source_ref: source_ref.into(),
    };
    insert_assigned(txn, &row, inspectors, Uuid::new_v4()).await?;
    audit::append(
        txn,
        bureau,
        &Actor::of(caller),
        "task.create",
        &format!("task:{}", row.id),
        json!({ "after": { "enterprise": enterprise_id, "due_on": due.to_string(), "inspectors": inspectors, "source": source.code(), "source_ref": source_ref } }),
    )
    .await?;
    Ok(row.id)
}

/// Writes an assigned task `row` (by `row.created_by`, at `row.created_at`), its inspectors and
/// its first event (`event_id`): [`create_in`] and the demo's past dispatches.
pub async fn insert_assigned(
    txn: &DatabaseTransaction,
    row: &task::Model,
    inspectors: &[Uuid],
    event_id: Uuid,
) -> AppResult<()> {
    task::Entity::insert(task::ActiveModel::from(row.clone()))
        .exec_without_returning(txn)
        .await?;
    task_inspector::Entity::insert_many(inspectors.iter().map(|u| task_inspector::ActiveModel {
        bureau_id: Set(row.bureau_id),
        task_id: Set(row.id),
        user_id: Set(*u),
    }))
    .exec(txn)
    .await?;
    task_event::Entity::insert(task_event::ActiveModel {
        bureau_id: Set(row.bureau_id),
        id: Set(event_id),
        task_id: Set(row.id),
        at: Set(row.created_at),
        actor_id: Set(row.created_by),
        from_status: Set(None),
        to_status: Set(TaskStatus::Assigned.code().into()),
        note: Set(row.note.clone()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The caller's own tasks: open ones first, by due date.
pub async fn mine(db: &DatabaseConnection, caller: &AuthUser) -> AppResult<Vec<TaskView>> {
    let ids: Vec<Uuid> = task_inspector::Entity::find()
        .select_only()
        .column(task_inspector::Column::TaskId)
        .filter(task_inspector::Column::BureauId.eq(caller.bureau_id.0))
        .filter(task_inspector::Column::UserId.eq(caller.user_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut rows = task::Entity::find()
        .filter(task::Column::BureauId.eq(caller.bureau_id.0))
        .filter(task::Column::Id.is_in(ids))
        .order_by_asc(task::Column::DueOn)
        .all(db)
        .await?;
    rows.sort_by_key(|t| (t.status == TaskStatus::Reviewed.code(), t.due_on));
    rows.truncate(200);
    views(db, rows).await
}

/// Tasks of the jurisdiction (a squad leader: the squad's) by urgency: open tasks before
/// finished ones, overdue and soonest due first, and among the same due day an alarm's before a
/// complaint's before the rest ([`TaskSource::urgency`]); finished ones newest due first.
pub async fn list(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
) -> AppResult<Vec<TaskView>> {
    let mut q = task::Entity::find().filter(task::Column::BureauId.is_in(scope.bureau_ids()));
    if caller.roles.contains(&Role::SquadLeader) {
        let me = caller_row(db, caller).await?;
        q = q.filter(task::Column::SquadId.eq(me.squad_id));
    }
    let open = [
        TaskStatus::Assigned.code(),
        TaskStatus::InProgress.code(),
        TaskStatus::Submitted.code(),
    ];
    let mut rows = q
        .clone()
        .filter(task::Column::Status.is_in(open))
        .order_by_asc(task::Column::DueOn)
        .limit(200)
        .all(db)
        .await?;
    let urgency = |t: &task::Model| {
        TaskSource::from_code(&t.source_kind).map_or(u8::MAX, TaskSource::urgency)
    };
    rows.sort_by_key(|t| (t.due_on, urgency(t)));
    let room = 200usize.saturating_sub(rows.len());
    if room > 0 {
        rows.extend(
            q.filter(task::Column::Status.is_not_in(open))
                .order_by_desc(task::Column::DueOn)
                .limit(room as u64)
                .all(db)
                .await?,
        );
    }
    views(db, rows).await
}

pub async fn get(db: &DatabaseConnection, key: Key<Task>) -> AppResult<TaskView> {
    let row = task::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(views(db, vec![row]).await?.remove(0))
}

/// Moves a task along its workflow. The change is conditional on the status the caller saw,
/// so two people acting at once cannot both move it.
pub async fn transition(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<Task>,
    tr: TaskTransition,
) -> AppResult<TaskView> {
    let txn = audit::begin(db, key.bureau().0).await?;
    let row = task::Entity::find_by_id(key.pk())
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let from = stored::code("status", &row.status, TaskStatus::from_code)?;
    apply(&txn, caller, &Actor::of(caller), &row, from, &tr).await?;
    txn.commit().await?;
    let row = task::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(views(db, vec![row]).await?.remove(0))
}

/// The move itself inside the caller's transaction (from [`audit::begin`]): the web form and
/// the offline sync both come through here. `seen` is the status the caller acted on; `actor`
/// is the caller as the audit names it (with the signing device when it came by sync).
pub async fn apply(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    actor: &Actor,
    row: &task::Model,
    seen: TaskStatus,
    tr: &TaskTransition,
) -> AppResult<TaskStatus> {
    let (bureau, id) = (row.bureau_id, row.id);
    let from = stored::code("status", &row.status, TaskStatus::from_code)?;
    if tr.action.by_inspector() {
        let assigned = task_inspector::Entity::find_by_id((bureau, id, caller.user_id))
            .one(txn)
            .await?
            .is_some();
        if !assigned {
            return Err(ApiError::Forbidden.into());
        }
    } else {
        let me = caller_row(txn, caller).await?;
        if !caller.roles.contains(&Role::SquadLeader) || me.squad_id != row.squad_id {
            return Err(ApiError::Forbidden.into());
        }
    }
    if from != seen {
        return Err(ApiError::Conflict {
            reason: format!(
                "任务状态已被他人改为“{}”，请刷新后再试",
                from.label(Lang::Zh)
            ),
        }
        .into());
    }
    let Some(to) = tr.action.apply(from) else {
        return Err(ApiError::Conflict {
            reason: format!(
                "任务当前为“{}”，不能{}",
                from.label(Lang::Zh),
                tr.action.label(Lang::Zh)
            ),
        }
        .into());
    };
    match tr.action {
        TaskAction::Submit => super::work::check_submittable(txn, row).await?,
        TaskAction::Accept => super::work::check_evidence_verified(txn, row).await?,
        _ => {}
    }
    let now = OffsetDateTime::now_utc();
    let note: String = tr.note.trim().chars().take(500).collect();
    let changed = task::Entity::update_many()
        .col_expr(
            task::Column::Status,
            sea_orm::sea_query::Expr::value(to.code()),
        )
        .col_expr(
            task::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(task::Column::BureauId.eq(bureau))
        .filter(task::Column::Id.eq(id))
        .filter(task::Column::Status.eq(from.code()))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::Conflict {
            reason: "任务状态已被他人更改，请刷新后再试".into(),
        }
        .into());
    }
    task_event::Entity::insert(task_event::ActiveModel {
        bureau_id: Set(bureau),
        id: Set(Uuid::new_v4()),
        task_id: Set(id),
        at: Set(now),
        actor_id: Set(caller.user_id),
        from_status: Set(Some(from.code().into())),
        to_status: Set(to.code().into()),
        note: Set(note.clone()),
    })
    .exec_without_returning(txn)
    .await?;
    if to == TaskStatus::Reviewed {
        history::record(
            txn,
            bureau,
            row.enterprise_id,
            NewEvent::now(TimelineKind::Inspection, "现场检查（审核通过）")
                .detail(note.clone())
                .reference(format!("task:{id}"))
                .by(caller.user_id),
        )
        .await?;
    }
    audit::append(
        txn,
        bureau,
        actor,
        "task.transition",
        &format!("task:{id}"),
        json!({ "before": { "status": from.code() }, "after": { "status": to.code() }, "note": note }),
    )
    .await?;
    Ok(to)
}
