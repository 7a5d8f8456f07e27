//! HTTP handlers of the history feature: the risk formula a province configures.

use shared::risk::{FormulaChange, RiskFormula};

use axum::extract::State;
use axum::http::StatusCode;

use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The risk formula in force.
#[utoipa::path(get, path = "/api/risk/formula", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, body = RiskFormula)))]
pub async fn formula(State(state): State<AppState>) -> AppResult<Json<RiskFormula>> {
    Ok(Json(crate::history::risk::formula(&state.db).await?))
}

/// Changes the risk formula (province administrators). Answers 202: the formula is stored,
/// and every enterprise is recomputed with it by a background job, whose progress
/// `GET /api/jobs/{bureau_id}/{job_id}` shows.
#[utoipa::path(put, path = "/api/risk/formula", tag = "dossier", request_body = RiskFormula, security(("bearer" = [])),
    responses((status = 202, body = FormulaChange), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn set_formula(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(f): Json<RiskFormula>,
) -> AppResult<(StatusCode, Json<FormulaChange>)> {
    let (formula, job) = crate::history::risk::set_formula(&state.db, &user, &scope, f).await?;
    let job = crate::platform::queue::views(&state.db, vec![job])
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("the queued job has no view"))?;
    Ok((StatusCode::ACCEPTED, Json(FormulaChange { formula, job })))
}
