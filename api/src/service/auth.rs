//! Signing in.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::auth::{CurrentUser, LoginRequest, LoginResponse};
use shared::{ApiError, UserId};
use uuid::Uuid;

use crate::auth::password;
use crate::auth::token::TokenKeys;
use crate::convert::{bureau_summary, roles};
use crate::entity::app_user;
use crate::error::{AppError, AppResult};
use crate::service::org;

pub async fn login(
    db: &DatabaseConnection,
    tokens: &TokenKeys,
    req: LoginRequest,
) -> AppResult<LoginResponse> {
    let username = req.username.trim().to_string();
    if username.is_empty() {
        return Err(AppError::invalid("username", "请输入用户名"));
    }
    if req.password.is_empty() {
        return Err(AppError::invalid("password", "请输入密码"));
    }
    let bureau = org::get(db, req.bureau_id.0)
        .await?
        .ok_or(ApiError::UnknownBureau)?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(bureau.id))
        .filter(app_user::Column::Username.eq(&username))
        .one(db)
        .await?;
    let stored = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().into());
    let candidate = req.password;
    // Hashing takes tens of milliseconds of CPU: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || password::verify(&candidate, &stored))
        .await
        .map_err(|e| anyhow::anyhow!("password check panicked: {e}"))?;
    let user = match user {
        Some(u) if ok => u,
        _ => return Err(ApiError::InvalidCredentials.into()),
    };
    if !user.active {
        return Err(ApiError::AccountDisabled.into());
    }
    let roles = roles(&user.roles);
    let access_token = tokens.issue(user.id, user.bureau_id, roles.clone())?;
    Ok(LoginResponse {
        access_token,
        expires_in: tokens.ttl_secs,
        user: CurrentUser {
            id: UserId(user.id.to_string()),
            username: user.username,
            display_name: user.display_name,
            roles,
            bureau: bureau_summary(&bureau)?,
            certificate_no: user.certificate_no,
        },
    })
}

pub async fn current_user(
    db: &DatabaseConnection,
    bureau_id: i64,
    user_id: Uuid,
) -> AppResult<CurrentUser> {
    let user = app_user::Entity::find_by_id((bureau_id, user_id))
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !user.active {
        return Err(ApiError::AccountDisabled.into());
    }
    let bureau = org::get(db, bureau_id)
        .await?
        .ok_or(ApiError::UnknownBureau)?;
    Ok(CurrentUser {
        id: UserId(user.id.to_string()),
        username: user.username,
        display_name: user.display_name,
        roles: roles(&user.roles),
        bureau: bureau_summary(&bureau)?,
        certificate_no: user.certificate_no,
    })
}
