use axum::extract::State;
use axum::http::StatusCode;
use shared::auth::{CurrentUser, LoginRequest, LoginResponse, PasswordChange, RefreshRequest};

use crate::identity::sessions::AuthContext;
use crate::platform::auth::{AuthUser, ClientAddr};
use crate::platform::error::{AppResult, Json};
use crate::platform::state::AppState;

fn ctx<'a>(state: &'a AppState, client: &'a ClientAddr) -> AuthContext<'a> {
    AuthContext {
        tokens: &state.tokens,
        config: &state.config,
        client: &client.0,
    }
}

/// Signs a user of a bureau in: an access token and a single-use refresh token.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "用户名或密码错误", body = shared::ErrorBody),
              (status = 403, description = "账号已停用", body = shared::ErrorBody),
              (status = 404, description = "未找到该单位", body = shared::ErrorBody),
              (status = 429, description = "登录失败次数过多", body = shared::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(req): Json<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let response = crate::identity::sessions::login(&state.db, &ctx(&state, &client), req).await?;
    tracing::info!(user = %response.user.id.0, bureau = %response.user.bureau.id, "signed in");
    Ok(Json(response))
}

/// Exchanges a refresh token for a new pair (rotation; reuse revokes the sign-in).
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = shared::ErrorBody)))]
pub async fn refresh(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(req): Json<RefreshRequest>,
) -> AppResult<Json<LoginResponse>> {
    Ok(Json(
        crate::identity::sessions::refresh(&state.db, &ctx(&state, &client), &req.refresh_token)
            .await?,
    ))
}

/// Signs out: the refresh token's sign-in is revoked.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", request_body = RefreshRequest, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = shared::ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    user: AuthUser,
    Json(req): Json<RefreshRequest>,
) -> AppResult<StatusCode> {
    crate::identity::sessions::logout(&state.db, &user, &req.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the own password; every other sign-in of the user is revoked.
#[utoipa::path(post, path = "/api/auth/password", tag = "auth", request_body = PasswordChange, security(("bearer" = [])),
    responses((status = 200, body = LoginResponse), (status = 422, body = shared::ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    client: ClientAddr,
    user: AuthUser,
    Json(req): Json<PasswordChange>,
) -> AppResult<Json<LoginResponse>> {
    Ok(Json(
        crate::identity::sessions::change_password(&state.db, &ctx(&state, &client), &user, req)
            .await?,
    ))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = CurrentUser), (status = 401, body = shared::ErrorBody)))]
pub async fn me(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<CurrentUser>> {
    Ok(Json(
        crate::identity::sessions::current_user(&state.db, &user).await?,
    ))
}
