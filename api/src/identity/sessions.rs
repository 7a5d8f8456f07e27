//! Signing in and out, token refresh, password changes.

use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::auth::{check_new_password, CurrentUser, LoginRequest, LoginResponse, PasswordChange};
use shared::{ApiError, UserId};
use uuid::Uuid;

use crate::identity::password;
use crate::identity::throttle;
use crate::org::service as org;
use crate::platform::audit::{self, Actor};
use crate::platform::auth::token::{now_secs, TokenKeys};
use crate::platform::auth::AuthUser;
use crate::platform::config::Config;
use crate::platform::entity::{app_user, refresh_token};
use crate::platform::error::{AppError, AppResult};
use crate::platform::stored::{bureau_summary, roles};

/// What signing in needs besides the database.
pub struct AuthContext<'a> {
    pub tokens: &'a TokenKeys,
    pub config: &'a Config,
    pub client: &'a str,
}

pub async fn login(
    db: &DatabaseConnection,
    ctx: &AuthContext<'_>,
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
    if bureau.level == "squad" {
        return Err(ApiError::UnknownBureau.into());
    }
    let now = now_secs() as i64;
    let account = throttle::account_key(bureau.id, &username);
    let address = throttle::address_key(ctx.client);
    throttle::check(db, &[account.clone(), address.clone()], now).await?;

    let user = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(bureau.id))
        .filter(app_user::Column::Username.eq(&username))
        .one(db)
        .await?;
    let stored = user.as_ref().map_or_else(
        || password::decoy_hash().to_string(),
        |u| u.password_hash.clone(),
    );
    let ok = password::verify_off_thread(req.password, stored).await?;
    let user = match user {
        Some(u) if ok => u,
        found => {
            throttle::fail(db, &account, &throttle::ACCOUNT, now).await?;
            throttle::fail(db, &address, &throttle::ADDRESS, now).await?;
            let txn = audit::begin(db, bureau.id).await?;
            let actor = Actor {
                user_id: found.as_ref().map(|u| u.id),
                bureau_id: Some(bureau.id),
                device_id: None,
            };
            let summary = json!({ "username": username, "client": ctx.client });
            audit::append(
                &txn,
                bureau.id,
                &actor,
                "auth.login_failed",
                &format!("user:{username}"),
                summary,
            )
            .await?;
            txn.commit().await?;
            return Err(ApiError::InvalidCredentials.into());
        }
    };
    if !user.active {
        return Err(ApiError::AccountDisabled.into());
    }
    throttle::clear(db, &account).await?;
    let txn = audit::begin(db, user.bureau_id).await?;
    let refresh = issue_refresh(&txn, ctx.config, &user, Uuid::new_v4(), now).await?;
    let actor = Actor::user(user.id, user.bureau_id);
    audit::append(
        &txn,
        user.bureau_id,
        &actor,
        "auth.login",
        &format!("user:{}", user.id),
        json!({ "client": ctx.client }),
    )
    .await?;
    txn.commit().await?;
    respond(db, ctx.tokens, user, refresh).await
}

/// Exchanges a refresh token for a new pair (rotation: each refresh token is spent once).
///
/// The successor of a token is derived from it with the deployment's secret
/// ([`successor_of`]), so the server can hand out the same successor again without storing
/// it: a refresh whose reply was lost, or two tabs and a background sync refreshing with the
/// same token at once, get that same successor while it is unused and the first use is less
/// than `refresh_grace_secs` ago. The family never forks: there is one live successor. Any
/// other reuse of a spent token revokes its whole family (the sign-in).
pub async fn refresh(
    db: &DatabaseConnection,
    ctx: &AuthContext<'_>,
    token: &str,
) -> AppResult<LoginResponse> {
    let bureau_id: i64 = token
        .split('.')
        .next()
        .and_then(|b| b.parse().ok())
        .ok_or(ApiError::Unauthenticated)?;
    let now = now_secs() as i64;
    // The chain lock also serialises refreshes: of several at once, one rotates, the others
    // find the token spent a moment ago and share its successor.
    let txn = audit::begin(db, bureau_id).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::BureauId.eq(bureau_id))
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let successor = successor_of(ctx.tokens, bureau_id, token)?;
    if let Some(used_at) = row.used_at {
        let grace = i64::try_from(ctx.config.refresh_grace_secs).unwrap_or(i64::MAX);
        if now < used_at.saturating_add(grace)
            && is_live(&txn, bureau_id, row.family_id, &successor, now).await?
        {
            let user = active_user(&txn, bureau_id, row.user_id).await?;
            txn.commit().await?;
            return respond(db, ctx.tokens, user, successor).await;
        }
        revoke_family(&txn, bureau_id, row.family_id, now).await?;
        let actor = Actor::user(row.user_id, bureau_id);
        audit::append(
            &txn,
            bureau_id,
            &actor,
            "auth.refresh_reuse",
            &format!("user:{}", row.user_id),
            json!({ "seconds_since_use": now - used_at }),
        )
        .await?;
        txn.commit().await?;
        return Err(ApiError::Unauthenticated.into());
    }
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(ApiError::TokenExpired.into());
    }
    let user = active_user(&txn, bureau_id, row.user_id).await?;
    let family = row.family_id;
    let mut spent: refresh_token::ActiveModel = row.into();
    spent.used_at = Set(Some(now));
    spent.update(&txn).await?;
    store_refresh(&txn, ctx.config, &user, family, now, &successor).await?;
    let actor = Actor::user(user.id, bureau_id);
    audit::append(
        &txn,
        bureau_id,
        &actor,
        "auth.refresh",
        &format!("user:{}", user.id),
        json!({ "client": ctx.client }),
    )
    .await?;
    txn.commit().await?;
    respond(db, ctx.tokens, user, successor).await
}

/// The refresh token that follows `token`: an HMAC of it under the deployment's secret, so
/// only the server can compute it (a stolen spent token does not reveal its successor).
fn successor_of(tokens: &TokenKeys, bureau: i64, token: &str) -> AppResult<String> {
    let mac = tokens.mac("refresh-successor", token.as_bytes())?;
    Ok(format!("{bureau}.{}", audit::hex(&mac)))
}

/// Whether `token` is an unused, unrevoked, unexpired refresh token of `family`.
async fn is_live(
    txn: &DatabaseTransaction,
    bureau: i64,
    family: Uuid,
    token: &str,
    now: i64,
) -> AppResult<bool> {
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::BureauId.eq(bureau))
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(now))
        .one(txn)
        .await?
        .is_some())
}

async fn active_user(
    txn: &DatabaseTransaction,
    bureau: i64,
    user: Uuid,
) -> AppResult<app_user::Model> {
    let user = app_user::Entity::find_by_id((bureau, user))
        .one(txn)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !user.active {
        return Err(ApiError::AccountDisabled.into());
    }
    Ok(user)
}

/// Revokes the sign-in the refresh token belongs to.
pub async fn logout(db: &DatabaseConnection, caller: &AuthUser, token: &str) -> AppResult<()> {
    let bureau = caller.bureau_id.0;
    let now = now_secs() as i64;
    let txn = audit::begin(db, bureau).await?;
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::BureauId.eq(bureau))
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .filter(refresh_token::Column::UserId.eq(caller.user_id))
        .one(&txn)
        .await?;
    if let Some(row) = row {
        revoke_family(&txn, bureau, row.family_id, now).await?;
    }
    let actor = Actor::user(caller.user_id, bureau);
    audit::append(
        &txn,
        bureau,
        &actor,
        "auth.logout",
        &format!("user:{}", caller.user_id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn change_password(
    db: &DatabaseConnection,
    ctx: &AuthContext<'_>,
    caller: &AuthUser,
    req: PasswordChange,
) -> AppResult<LoginResponse> {
    let bureau = caller.bureau_id.0;
    let user = app_user::Entity::find_by_id((bureau, caller.user_id))
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !password::verify_off_thread(req.current_password.clone(), user.password_hash.clone())
        .await?
    {
        return Err(AppError::invalid("current_password", "原密码不正确"));
    }
    check_new_password(&req.current_password, &req.new_password)
        .map_err(|m| AppError::invalid("new_password", m))?;
    let new_password = req.new_password;
    let hash = password::hash_off_thread(new_password).await?;
    let now = now_secs() as i64;
    let txn = audit::begin(db, bureau).await?;
    revoke_user(&txn, bureau, user.id, now).await?;
    let mut active: app_user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    let user = active.update(&txn).await?;
    let refresh = issue_refresh(&txn, ctx.config, &user, Uuid::new_v4(), now).await?;
    let actor = Actor::user(user.id, bureau);
    audit::append(
        &txn,
        bureau,
        &actor,
        "auth.password_changed",
        &format!("user:{}", user.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    respond(db, ctx.tokens, user, refresh).await
}

pub fn hash_token(token: &str) -> String {
    audit::hex(&Sha256::digest(token.as_bytes()))
}

/// A new random refresh token opening `family` (a sign-in).
async fn issue_refresh(
    txn: &DatabaseTransaction,
    config: &Config,
    user: &app_user::Model,
    family: Uuid,
    now: i64,
) -> AppResult<String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{}.{}", user.bureau_id, audit::hex(&bytes));
    store_refresh(txn, config, user, family, now, &token).await?;
    Ok(token)
}

async fn store_refresh(
    txn: &DatabaseTransaction,
    config: &Config,
    user: &app_user::Model,
    family: Uuid,
    now: i64,
    token: &str,
) -> AppResult<()> {
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        bureau_id: Set(user.bureau_id),
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        family_id: Set(family),
        token_hash: Set(hash_token(token)),
        expires_at: Set(now + config.refresh_token_days as i64 * 86_400),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    })
    .exec(txn)
    .await?;
    Ok(())
}

async fn revoke_family(
    txn: &DatabaseTransaction,
    bureau: i64,
    family: Uuid,
    now: i64,
) -> AppResult<()> {
    revoke_where(txn, bureau, refresh_token::Column::FamilyId.eq(family), now).await
}

/// Revokes every sign-in of a user (password change, reset, disabling).
pub async fn revoke_user(
    txn: &DatabaseTransaction,
    bureau: i64,
    user: Uuid,
    now: i64,
) -> AppResult<()> {
    revoke_where(txn, bureau, refresh_token::Column::UserId.eq(user), now).await
}

async fn revoke_where(
    txn: &DatabaseTransaction,
    bureau: i64,
    which: sea_orm::sea_query::SimpleExpr,
    now: i64,
) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(refresh_token::Column::BureauId.eq(bureau))
        .filter(which)
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

async fn respond(
    db: &DatabaseConnection,
    tokens: &TokenKeys,
    user: app_user::Model,
    refresh_token: String,
) -> AppResult<LoginResponse> {
    let access_token = tokens.issue(user.id, user.bureau_id, roles(&user.roles)?)?;
    Ok(LoginResponse {
        access_token,
        refresh_token,
        expires_in: tokens.ttl_secs,
        user: to_current(db, user).await?,
    })
}

async fn to_current(db: &DatabaseConnection, user: app_user::Model) -> AppResult<CurrentUser> {
    let bureau = org::get(db, user.bureau_id)
        .await?
        .ok_or(ApiError::UnknownBureau)?;
    let squad = match user.squad_id {
        Some(id) => org::get(db, id)
            .await?
            .map(|s| bureau_summary(&s))
            .transpose()?,
        None => None,
    };
    Ok(CurrentUser {
        id: UserId(user.id.to_string()),
        username: user.username,
        display_name: user.display_name,
        roles: roles(&user.roles)?,
        bureau: bureau_summary(&bureau)?,
        certificate_no: user.certificate_no,
        squad,
        must_change_password: user.must_change_password,
    })
}

pub async fn current_user(db: &DatabaseConnection, caller: &AuthUser) -> AppResult<CurrentUser> {
    let user = app_user::Entity::find_by_id((caller.bureau_id.0, caller.user_id))
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    to_current(db, user).await
}
