use axum::extract::State;
use shared::auth::{CurrentUser, LoginRequest, LoginResponse};

use crate::auth::AuthUser;
use crate::error::{AppResult, Json};
use crate::service;
use crate::state::AppState;

/// Signs a user of a bureau in and returns an access token.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "用户名或密码错误", body = shared::ErrorBody),
              (status = 404, description = "未找到该单位", body = shared::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let response = service::auth::login(&state.db, &state.tokens, req).await?;
    tracing::info!(user = %response.user.id.0, bureau = %response.user.bureau.id, "signed in");
    Ok(Json(response))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = CurrentUser), (status = 401, body = shared::ErrorBody)))]
pub async fn me(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<CurrentUser>> {
    Ok(Json(
        service::auth::current_user(&state.db, user.bureau_id.0, user.user_id).await?,
    ))
}
