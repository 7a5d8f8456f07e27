use axum::extract::State;
use shared::bureau::BureauSummary;
use shared::query::BureauQuery;

use crate::platform::error::{AppResult, Json, Query};
use crate::platform::state::AppState;

/// Bureaus for the shared login page (public: bureau names are public information).
#[utoipa::path(get, path = "/api/bureaus", tag = "org", params(BureauQuery),
    responses((status = 200, body = Vec<BureauSummary>)))]
pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<BureauQuery>,
) -> AppResult<Json<Vec<BureauSummary>>> {
    Ok(Json(
        crate::org::service::search_bureaus(&state.db, &query.q, 50).await?,
    ))
}
