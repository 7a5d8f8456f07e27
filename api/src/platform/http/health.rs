use axum::extract::State;
use sea_orm::ConnectionTrait;
use shared::health::Health;
use shared::ApiError;

use crate::platform::error::{AppResult, Json};
use crate::platform::state::AppState;

/// Answers ok when this instance can reach its database.
#[utoipa::path(get, path = "/api/health", tag = "system",
    responses((status = 200, body = Health), (status = 503, body = shared::ErrorBody)))]
pub async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    if let Err(e) = state.db.ping().await {
        tracing::error!(error = %e, "database ping failed");
        return Err(ApiError::Unavailable.into());
    }
    Ok(Json(Health {
        status: "ok".into(),
        database: format!("{:?}", state.db.get_database_backend()).to_lowercase(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
