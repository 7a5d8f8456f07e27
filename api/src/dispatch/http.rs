//! Handlers of the field force and dispatch.

use axum::extract::{Path, State};
use shared::field_force::{
    DispatchAlarm, Dispatched, DutyView, ForceMember, Nearby, NearbyQuery, PositionBatch,
    PositionRetention, PositionsStored, SetDuty,
};
use shared::BureauId;

use super::service;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The caller's duty state (on or off duty, since when, the shift's purpose).
#[utoipa::path(get, path = "/api/duty", tag = "dispatch", security(("bearer" = [])),
    responses((status = 200, body = DutyView)))]
pub async fn duty(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<DutyView>> {
    Ok(Json(service::duty(&state.db, &user).await?))
}

/// Goes on duty with a purpose, or off duty.
#[utoipa::path(put, path = "/api/duty", tag = "dispatch", request_body = SetDuty, security(("bearer" = [])),
    responses((status = 200, body = DutyView), (status = 422, body = shared::ErrorBody)))]
pub async fn set_duty(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<SetDuty>,
) -> AppResult<Json<DutyView>> {
    Ok(Json(service::set_duty(&state.db, &user, body).await?))
}

/// The caller's position fixes, live or queued offline; kept only while on duty.
#[utoipa::path(post, path = "/api/duty/positions", tag = "dispatch", request_body = PositionBatch, security(("bearer" = [])),
    responses((status = 200, body = PositionsStored), (status = 422, body = shared::ErrorBody)))]
pub async fn positions(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<PositionBatch>,
) -> AppResult<Json<PositionsStored>> {
    Ok(Json(service::positions(&state.db, &user, body).await?))
}

/// The on-duty field force of the jurisdiction, for the live map.
#[utoipa::path(get, path = "/api/field-force", tag = "dispatch", security(("bearer" = [])),
    responses((status = 200, body = Vec<ForceMember>)))]
pub async fn force(
    State(state): State<AppState>,
    scope: Scope,
) -> AppResult<Json<Vec<ForceMember>>> {
    Ok(Json(service::force(&state.db, &scope).await?))
}

/// The nearest on-duty certified inspectors of a bureau to a place (3, 5, then 10 km).
#[utoipa::path(get, path = "/api/field-force/nearby", tag = "dispatch", params(NearbyQuery), security(("bearer" = [])),
    responses((status = 200, body = Nearby), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn nearby(
    State(state): State<AppState>,
    scope: Scope,
    Query(q): Query<NearbyQuery>,
) -> AppResult<Json<Nearby>> {
    let b = scope.admit_bureau(q.bureau_id)?;
    Ok(Json(
        service::nearby(&state.db, b, q.longitude, q.latitude).await?,
    ))
}

/// The nearest on-duty certified inspectors to an alarm's monitoring point.
#[utoipa::path(get, path = "/api/alarms/{bureau_id}/{alarm_id}/nearby", tag = "dispatch", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("alarm_id" = String, Path)),
    responses((status = 200, body = Nearby), (status = 404, body = shared::ErrorBody)))]
pub async fn near_alarm(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, alarm_id)): Path<(i64, String)>,
) -> AppResult<Json<Nearby>> {
    let key = scope.admit(BureauId(bureau_id), &alarm_id)?;
    Ok(Json(service::near_alarm(&state.db, &scope, key).await?))
}

/// Dispatches the chosen inspectors, or the nearest two, to an alarm: a task with the alarm as
/// its source.
#[utoipa::path(post, path = "/api/alarms/{bureau_id}/{alarm_id}/dispatch", tag = "dispatch", request_body = DispatchAlarm, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("alarm_id" = String, Path)),
    responses((status = 200, body = Dispatched), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn dispatch(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, alarm_id)): Path<(i64, String)>,
    Json(body): Json<DispatchAlarm>,
) -> AppResult<Json<Dispatched>> {
    let key = scope.admit(BureauId(bureau_id), &alarm_id)?;
    Ok(Json(
        service::dispatch(&state.db, &user, &scope, key, body).await?,
    ))
}

/// How long a bureau keeps its field force's positions.
#[utoipa::path(get, path = "/api/field-force/retention/{bureau_id}", tag = "dispatch", security(("bearer" = [])),
    params(("bureau_id" = i64, Path)),
    responses((status = 200, body = PositionRetention), (status = 403, body = shared::ErrorBody)))]
pub async fn retention(
    State(state): State<AppState>,
    scope: Scope,
    Path(bureau_id): Path<i64>,
) -> AppResult<Json<PositionRetention>> {
    let b = scope.admit_bureau(BureauId(bureau_id))?;
    Ok(Json(service::retention(&state.db, b).await?))
}

/// Sets the retention of positions, 1 to 365 days (admins).
#[utoipa::path(put, path = "/api/field-force/retention/{bureau_id}", tag = "dispatch", request_body = PositionRetention, security(("bearer" = [])),
    params(("bureau_id" = i64, Path)),
    responses((status = 200, body = PositionRetention), (status = 422, body = shared::ErrorBody)))]
pub async fn set_retention(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path(bureau_id): Path<i64>,
    Json(body): Json<PositionRetention>,
) -> AppResult<Json<PositionRetention>> {
    let b = scope.admit_bureau(BureauId(bureau_id))?;
    Ok(Json(
        service::set_retention(&state.db, &user, b, body).await?,
    ))
}
