use axum::extract::{Path, State};
use shared::checklist::ChecklistTemplate;
use shared::BureauId;

use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The latest version of every inspection checklist template.
#[utoipa::path(get, path = "/api/checklists", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, body = Vec<ChecklistTemplate>)))]
pub async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<ChecklistTemplate>>> {
    Ok(Json(crate::field::checklists::latest(&state.db).await?))
}

/// Saves a template as the next version of its code (province administrators).
#[utoipa::path(post, path = "/api/checklists", tag = "tasks", request_body = ChecklistTemplate, security(("bearer" = [])),
    responses((status = 200, body = ChecklistTemplate), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(t): Json<ChecklistTemplate>,
) -> AppResult<Json<ChecklistTemplate>> {
    Ok(Json(
        crate::field::checklists::save(&state.db, &user, &scope, t).await?,
    ))
}

/// One version of a template (an inspection keeps the version it used).
#[utoipa::path(get, path = "/api/checklists/{code}/{version}", tag = "tasks", security(("bearer" = [])),
    params(("code" = String, Path), ("version" = i32, Path)),
    responses((status = 200, body = ChecklistTemplate), (status = 404, body = shared::ErrorBody)))]
pub async fn version(
    State(state): State<AppState>,
    Path((code, version)): Path<(String, i32)>,
) -> AppResult<Json<ChecklistTemplate>> {
    Ok(Json(
        crate::field::checklists::version(&state.db, &code, version).await?,
    ))
}

/// The checklist that fits an enterprise (by industry, then tag; else the general one).
#[utoipa::path(get, path = "/api/enterprises/{bureau_id}/{enterprise_id}/checklist", tag = "tasks", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("enterprise_id" = String, Path)),
    responses((status = 200, body = ChecklistTemplate), (status = 403, body = shared::ErrorBody)))]
pub async fn for_enterprise(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, enterprise_id)): Path<(i64, String)>,
) -> AppResult<Json<ChecklistTemplate>> {
    Ok(Json(
        crate::field::checklists::for_enterprise(
            &state.db,
            scope.admit(BureauId(bureau_id), &enterprise_id)?,
        )
        .await?,
    ))
}
