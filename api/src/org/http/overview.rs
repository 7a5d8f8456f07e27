use axum::extract::State;
use shared::org::JurisdictionOverview;
use shared::query::BureauFilter;

use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Figures of the caller's jurisdiction, bureau by bureau.
#[utoipa::path(get, path = "/api/org/overview", tag = "org", params(BureauFilter), security(("bearer" = [])),
    responses((status = 200, body = JurisdictionOverview), (status = 401, body = shared::ErrorBody),
              (status = 403, description = "不在本单位辖区内", body = shared::ErrorBody)))]
pub async fn overview(
    State(state): State<AppState>,
    scope: Scope,
    Query(q): Query<BureauFilter>,
) -> AppResult<Json<JurisdictionOverview>> {
    let scope = scope.narrowed(&state.db, q.bureau).await?;
    Ok(Json(
        crate::org::service::overview(&state.db, &scope).await?,
    ))
}

/// The caller's squad (中队): colleagues with their certificates.
#[utoipa::path(get, path = "/api/org/squad", tag = "org", security(("bearer" = [])),
    responses((status = 200, body = Vec<shared::org::SquadMember>), (status = 401, body = shared::ErrorBody)))]
pub async fn squad(
    State(state): State<AppState>,
    user: crate::platform::auth::AuthUser,
) -> AppResult<Json<Vec<shared::org::SquadMember>>> {
    Ok(Json(
        crate::org::service::squad_members(&state.db, &user).await?,
    ))
}
