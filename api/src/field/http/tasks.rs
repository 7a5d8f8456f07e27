use axum::extract::{Path, State};
use shared::task::{NewTask, TaskTransition, TaskView};
use shared::BureauId;

use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The caller's own inspection tasks, open ones first.
#[utoipa::path(get, path = "/api/tasks/mine", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, body = Vec<TaskView>)))]
pub async fn mine(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<Vec<TaskView>>> {
    Ok(Json(crate::field::tasks::mine(&state.db, &user).await?))
}

/// Tasks of the jurisdiction; a squad leader sees the squad's.
#[utoipa::path(get, path = "/api/tasks", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, body = Vec<TaskView>)))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
) -> AppResult<Json<Vec<TaskView>>> {
    Ok(Json(
        crate::field::tasks::list(&state.db, &user, &scope).await?,
    ))
}

/// Assigns an inspection task to at least two certified inspectors of the squad.
#[utoipa::path(post, path = "/api/tasks", tag = "tasks", request_body = NewTask, security(("bearer" = [])),
    responses((status = 200, body = TaskView), (status = 422, body = shared::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(t): Json<NewTask>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(
        crate::field::tasks::create(&state.db, &user, &scope, t).await?,
    ))
}

/// One task with its inspectors and history.
#[utoipa::path(get, path = "/api/tasks/{bureau_id}/{task_id}", tag = "tasks", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("task_id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, task_id)): Path<(i64, String)>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(
        crate::field::tasks::get(&state.db, scope.admit(BureauId(bureau_id), &task_id)?).await?,
    ))
}

/// Start, submit (the task's inspectors), accept or send back (the squad leader).
#[utoipa::path(post, path = "/api/tasks/{bureau_id}/{task_id}/transition", tag = "tasks", request_body = TaskTransition, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("task_id" = String, Path)),
    responses((status = 200, body = TaskView), (status = 409, body = shared::ErrorBody)))]
pub async fn transition(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, task_id)): Path<(i64, String)>,
    Json(tr): Json<TaskTransition>,
) -> AppResult<Json<TaskView>> {
    Ok(Json(
        crate::field::tasks::transition(
            &state.db,
            &user,
            scope.admit(BureauId(bureau_id), &task_id)?,
            tr,
        )
        .await?,
    ))
}
