use axum::extract::{Path, State};
use shared::query::BureauFilter;
use shared::user::{NewUser, TemporaryPassword, UserStatus, UserSummary};
use shared::BureauId;

use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Users of the jurisdiction (optionally of one bureau in it).
#[utoipa::path(get, path = "/api/users", tag = "admin", params(BureauFilter), security(("bearer" = [])),
    responses((status = 200, body = Vec<UserSummary>), (status = 403, body = shared::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    scope: Scope,
    Query(q): Query<BureauFilter>,
) -> AppResult<Json<Vec<UserSummary>>> {
    let scope = scope.narrowed(&state.db, q.bureau).await?;
    Ok(Json(crate::identity::users::list(&state.db, &scope).await?))
}

/// Creates a user with a one-time password that must be changed at first sign-in.
#[utoipa::path(post, path = "/api/users", tag = "admin", request_body = NewUser, security(("bearer" = [])),
    responses((status = 200, body = TemporaryPassword), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    scope: Scope,
    user: AuthUser,
    Json(new): Json<NewUser>,
) -> AppResult<Json<TemporaryPassword>> {
    Ok(Json(
        crate::identity::users::create(&state.db, &scope, &user, new).await?,
    ))
}

/// Resets a user's password to a one-time password; the user's sign-ins are revoked.
#[utoipa::path(post, path = "/api/users/{bureau_id}/{user_id}/password-reset", tag = "admin", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("user_id" = String, Path)),
    responses((status = 200, body = TemporaryPassword), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    scope: Scope,
    user: AuthUser,
    Path((bureau_id, user_id)): Path<(i64, String)>,
) -> AppResult<Json<TemporaryPassword>> {
    Ok(Json(
        crate::identity::users::reset_password(
            &state.db,
            &scope,
            &user,
            scope.admit(BureauId(bureau_id), &user_id)?,
        )
        .await?,
    ))
}

/// Enables or disables a user; disabling revokes the user's sign-ins at once.
#[utoipa::path(post, path = "/api/users/{bureau_id}/{user_id}/status", tag = "admin", request_body = UserStatus, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("user_id" = String, Path)),
    responses((status = 200, body = UserSummary), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    scope: Scope,
    user: AuthUser,
    Path((bureau_id, user_id)): Path<(i64, String)>,
    Json(status): Json<UserStatus>,
) -> AppResult<Json<UserSummary>> {
    Ok(Json(
        crate::identity::users::set_active(
            &state.db,
            &scope,
            &user,
            scope.admit(BureauId(bureau_id), &user_id)?,
            status.active,
        )
        .await?,
    ))
}
