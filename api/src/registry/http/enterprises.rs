use axum::extract::State;
use shared::enterprise::{EnterprisePage, NearbyEnterprise, TagCategoryView};
use shared::query::{EnterpriseSearch, NearQuery};

use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Enterprises of the jurisdiction, searched and filtered, by name.
#[utoipa::path(get, path = "/api/enterprises", tag = "dossier", params(EnterpriseSearch), security(("bearer" = [])),
    responses((status = 200, body = EnterprisePage), (status = 422, body = shared::ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    scope: Scope,
    Query(search): Query<EnterpriseSearch>,
) -> AppResult<Json<EnterprisePage>> {
    Ok(Json(
        crate::registry::enterprises::search(&state.db, &scope, search).await?,
    ))
}

/// The tag taxonomy (categories and tags).
#[utoipa::path(get, path = "/api/tags", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, body = Vec<TagCategoryView>)))]
pub async fn tags(State(state): State<AppState>) -> AppResult<Json<Vec<TagCategoryView>>> {
    Ok(Json(
        crate::registry::enterprises::taxonomy(&state.db).await?,
    ))
}

/// Enterprises of the jurisdiction near a position, nearest first (S5).
#[utoipa::path(get, path = "/api/enterprises/near", tag = "dossier", params(NearQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<NearbyEnterprise>), (status = 422, body = shared::ErrorBody)))]
pub async fn near(
    State(state): State<AppState>,
    scope: Scope,
    Query(n): Query<NearQuery>,
) -> AppResult<Json<Vec<NearbyEnterprise>>> {
    Ok(Json(
        crate::registry::enterprises::near(&state.db, &scope, n).await?,
    ))
}
