//! Authentication: password hashes, access tokens and the extractor that reads them.

pub mod password;
pub mod token;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::{ApiError, BureauId, Role};
use uuid::Uuid;

use crate::error::AppError;
use crate::state::AppState;

/// The authenticated caller, taken from a valid bearer token.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub bureau_id: BureauId,
    pub roles: Vec<Role>,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiError::Unauthenticated)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or(ApiError::Unauthenticated)?;
        let claims = state.tokens.verify(token.trim())?;
        Ok(AuthUser {
            user_id: claims.sub,
            bureau_id: BureauId(claims.bid),
            roles: claims.roles,
        })
    }
}
