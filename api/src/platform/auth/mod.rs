//! Authentication of a request: access tokens and the extractor that reads them. Signing in
//! (passwords, refresh tokens) is the identity feature's.

pub mod token;

pub use crate::platform::client::ClientAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use sea_orm::EntityTrait;
use shared::{ApiError, BureauId, Role};
use uuid::Uuid;

use crate::platform::entity::app_user;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::stored::roles;

/// The authenticated caller: a valid bearer token of an active user, with the user's current
/// roles read from the database (a disabled account or a changed role takes effect at once).
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub bureau_id: BureauId,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
}

pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<AuthUser, AppError> {
    let header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthenticated)?;
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or(ApiError::Unauthenticated)?;
    let claims = state.tokens.verify(token.trim())?;
    let user = app_user::Entity::find_by_id((claims.bid, claims.sub))
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !user.active {
        return Err(ApiError::AccountDisabled.into());
    }
    Ok(AuthUser {
        user_id: user.id,
        bureau_id: BureauId(user.bureau_id),
        roles: roles(&user.roles)?,
        must_change_password: user.must_change_password,
    })
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The policy layer has already authenticated every non-public route.
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(user.clone());
        }
        authenticate(state, &parts.headers).await
    }
}
