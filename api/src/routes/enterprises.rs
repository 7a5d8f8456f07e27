use axum::extract::{Query, State};
use shared::enterprise::{EnterprisePage, TagCategoryView};

use crate::error::{AppResult, Json};
use crate::scope::Scope;
use crate::service;
use crate::service::enterprises::Search;
use crate::state::AppState;

/// Enterprises of the jurisdiction, searched and filtered, by name.
#[utoipa::path(get, path = "/api/enterprises", tag = "dossier", params(Search), security(("bearer" = [])),
    responses((status = 200, body = EnterprisePage), (status = 422, body = shared::ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    scope: Scope,
    Query(search): Query<Search>,
) -> AppResult<Json<EnterprisePage>> {
    Ok(Json(
        service::enterprises::search(&state.db, &scope, search).await?,
    ))
}

/// The tag taxonomy (categories and tags).
#[utoipa::path(get, path = "/api/tags", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, body = Vec<TagCategoryView>)))]
pub async fn tags(State(state): State<AppState>) -> AppResult<Json<Vec<TagCategoryView>>> {
    Ok(Json(service::enterprises::taxonomy(&state.db).await?))
}
