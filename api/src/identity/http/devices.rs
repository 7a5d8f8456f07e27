use axum::extract::{Path, State};
use shared::device::{DeviceRegistration, DeviceStatus, DeviceSummary, SyncPing};
use shared::BureauId;

use super::signed::Signed;
use crate::platform::auth::token::now_secs;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Registers the caller's device (its public key); an admin must approve it before it syncs.
#[utoipa::path(post, path = "/api/devices", tag = "devices", request_body = DeviceRegistration, security(("bearer" = [])),
    responses((status = 200, body = DeviceSummary), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    user: AuthUser,
    Json(reg): Json<DeviceRegistration>,
) -> AppResult<Json<DeviceSummary>> {
    Ok(Json(
        crate::identity::devices::register(&state.db, &user, reg).await?,
    ))
}

/// The caller's own devices and their approval state.
#[utoipa::path(get, path = "/api/devices/mine", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = Vec<DeviceSummary>)))]
pub async fn mine(
    State(state): State<AppState>,
    user: AuthUser,
) -> AppResult<Json<Vec<DeviceSummary>>> {
    Ok(Json(
        crate::identity::devices::mine(&state.db, &user).await?,
    ))
}

/// Devices of the jurisdiction with owner and last-seen time.
#[utoipa::path(get, path = "/api/devices", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = Vec<DeviceSummary>), (status = 403, body = shared::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    scope: Scope,
) -> AppResult<Json<Vec<DeviceSummary>>> {
    Ok(Json(
        crate::identity::devices::list(&state.db, &scope).await?,
    ))
}

/// Approves a registered device.
#[utoipa::path(post, path = "/api/devices/{bureau_id}/{device_id}/approve", tag = "devices", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("device_id" = String, Path)),
    responses((status = 200, body = DeviceSummary), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    scope: Scope,
    user: AuthUser,
    Path((bureau_id, device_id)): Path<(i64, String)>,
) -> AppResult<Json<DeviceSummary>> {
    let d = crate::identity::devices::decide(
        &state.db,
        &user,
        scope.admit(BureauId(bureau_id), &device_id)?,
        DeviceStatus::Approved,
    )
    .await?;
    Ok(Json(d))
}

/// Revokes a device: its signed requests (sync, upload) are refused from now on.
#[utoipa::path(post, path = "/api/devices/{bureau_id}/{device_id}/revoke", tag = "devices", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("device_id" = String, Path)),
    responses((status = 200, body = DeviceSummary), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    scope: Scope,
    user: AuthUser,
    Path((bureau_id, device_id)): Path<(i64, String)>,
) -> AppResult<Json<DeviceSummary>> {
    let d = crate::identity::devices::decide(
        &state.db,
        &user,
        scope.admit(BureauId(bureau_id), &device_id)?,
        DeviceStatus::Revoked,
    )
    .await?;
    Ok(Json(d))
}

/// A device-signed heartbeat: tells the phone whether it may sync (the same check as sync and
/// upload, with the same refusals).
#[utoipa::path(post, path = "/api/sync/ping", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = SyncPing),
              (status = 401, description = "设备签名无效", body = shared::ErrorBody),
              (status = 403, description = "设备未注册、未批准或已停用", body = shared::ErrorBody)))]
pub async fn ping(signed: Signed) -> AppResult<Json<SyncPing>> {
    Ok(Json(SyncPing {
        device_id: signed.device.id.to_string(),
        server_time: now_secs() as i64,
    }))
}
