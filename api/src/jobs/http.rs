//! HTTP handlers of the jobs feature: an administrator follows the background work.

use axum::extract::{Path, State};
use shared::job::JobView;
use shared::BureauId;

use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Background jobs of the jurisdiction (risk recomputes after a formula change or an import),
/// newest first, at most 100, with their progress.
#[utoipa::path(get, path = "/api/jobs", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<JobView>), (status = 403, body = shared::ErrorBody)))]
pub async fn list(State(state): State<AppState>, scope: Scope) -> AppResult<Json<Vec<JobView>>> {
    Ok(Json(crate::jobs::views::list(&state.db, &scope).await?))
}

/// One background job and its progress.
#[utoipa::path(get, path = "/api/jobs/{bureau_id}/{job_id}", tag = "admin", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("job_id" = String, Path)),
    responses((status = 200, body = JobView), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, job_id)): Path<(i64, String)>,
) -> AppResult<Json<JobView>> {
    Ok(Json(
        crate::jobs::views::get(&state.db, scope.admit(BureauId(bureau_id), &job_id)?).await?,
    ))
}
