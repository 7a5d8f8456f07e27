use axum::extract::{Path, Query, State};
use shared::enterprise::{EnterpriseDetail, EnterprisePage, TagCategoryView};
use shared::BureauId;

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

/// One enterprise's dossier.
#[utoipa::path(get, path = "/api/enterprises/{bureau_id}/{enterprise_id}", tag = "dossier", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("enterprise_id" = String, Path)),
    responses((status = 200, body = EnterpriseDetail), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, enterprise_id)): Path<(i64, String)>,
) -> AppResult<Json<EnterpriseDetail>> {
    Ok(Json(
        service::enterprises::get(&state.db, &scope, BureauId(bureau_id), &enterprise_id).await?,
    ))
}

/// The tag taxonomy (categories and tags).
#[utoipa::path(get, path = "/api/tags", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, body = Vec<TagCategoryView>)))]
pub async fn tags(State(state): State<AppState>) -> AppResult<Json<Vec<TagCategoryView>>> {
    Ok(Json(service::enterprises::taxonomy(&state.db).await?))
}
