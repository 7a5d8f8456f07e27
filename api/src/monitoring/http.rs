//! Handlers of the monitoring feature.

use axum::extract::{Path, State};
use shared::monitoring::{
    AlarmDetail, AlarmQuery, AlarmView, CloseAlarm, DataLoggerView, NewDataLogger, PointLimits,
    QualityClass,
};
use shared::BureauId;

use super::service;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The data loggers (数采仪) of a monitoring point.
#[utoipa::path(get, path = "/api/monitoring/points/{bureau_id}/{point_id}/loggers", tag = "monitoring", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("point_id" = String, Path)),
    responses((status = 200, body = Vec<DataLoggerView>), (status = 404, body = shared::ErrorBody)))]
pub async fn loggers(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, point_id)): Path<(i64, String)>,
) -> AppResult<Json<Vec<DataLoggerView>>> {
    Ok(Json(
        service::loggers(&state.db, scope.admit(BureauId(bureau_id), &point_id)?).await?,
    ))
}

/// Registers a data logger to the point by its MN and password (admins).
#[utoipa::path(post, path = "/api/monitoring/points/{bureau_id}/{point_id}/loggers", tag = "monitoring", request_body = NewDataLogger, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("point_id" = String, Path)),
    responses((status = 200, body = DataLoggerView), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, point_id)): Path<(i64, String)>,
    Json(body): Json<NewDataLogger>,
) -> AppResult<Json<DataLoggerView>> {
    let key = scope.admit(BureauId(bureau_id), &point_id)?;
    Ok(Json(
        service::register_logger(&state.db, &user, key, body).await?,
    ))
}

/// The point's limits per pollutant.
#[utoipa::path(get, path = "/api/monitoring/points/{bureau_id}/{point_id}/limits", tag = "monitoring", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("point_id" = String, Path)),
    responses((status = 200, body = PointLimits), (status = 404, body = shared::ErrorBody)))]
pub async fn limits(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, point_id)): Path<(i64, String)>,
) -> AppResult<Json<PointLimits>> {
    Ok(Json(
        service::limits(&state.db, scope.admit(BureauId(bureau_id), &point_id)?).await?,
    ))
}

/// Replaces the point's limits (admins).
#[utoipa::path(put, path = "/api/monitoring/points/{bureau_id}/{point_id}/limits", tag = "monitoring", request_body = PointLimits, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("point_id" = String, Path)),
    responses((status = 200, body = PointLimits), (status = 422, body = shared::ErrorBody)))]
pub async fn set_limits(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, point_id)): Path<(i64, String)>,
    Json(body): Json<PointLimits>,
) -> AppResult<Json<PointLimits>> {
    let key = scope.admit(BureauId(bureau_id), &point_id)?;
    Ok(Json(
        service::set_limits(&state.db, &user, key, body).await?,
    ))
}

/// Sets an ambient station's limits from its water or air quality class (admins).
#[utoipa::path(put, path = "/api/monitoring/points/{bureau_id}/{point_id}/quality-class", tag = "monitoring", request_body = QualityClass, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("point_id" = String, Path)),
    responses((status = 200, body = PointLimits), (status = 422, body = shared::ErrorBody)))]
pub async fn set_quality_class(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, point_id)): Path<(i64, String)>,
    Json(body): Json<QualityClass>,
) -> AppResult<Json<PointLimits>> {
    let key = scope.admit(BureauId(bureau_id), &point_id)?;
    Ok(Json(
        service::set_quality_class(&state.db, &user, key, body).await?,
    ))
}

/// Alarms of the jurisdiction, newest first.
#[utoipa::path(get, path = "/api/alarms", tag = "monitoring", params(AlarmQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<AlarmView>), (status = 422, body = shared::ErrorBody)))]
pub async fn alarms(
    State(state): State<AppState>,
    scope: Scope,
    Query(q): Query<AlarmQuery>,
) -> AppResult<Json<Vec<AlarmView>>> {
    Ok(Json(service::list(&state.db, &scope, q).await?))
}

/// One alarm with the trend of its pollutant around it.
#[utoipa::path(get, path = "/api/alarms/{bureau_id}/{alarm_id}", tag = "monitoring", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("alarm_id" = String, Path)),
    responses((status = 200, body = AlarmDetail), (status = 404, body = shared::ErrorBody)))]
pub async fn alarm(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, alarm_id)): Path<(i64, String)>,
) -> AppResult<Json<AlarmDetail>> {
    Ok(Json(
        service::detail(&state.db, scope.admit(BureauId(bureau_id), &alarm_id)?).await?,
    ))
}

/// Acknowledges a new alarm.
#[utoipa::path(post, path = "/api/alarms/{bureau_id}/{alarm_id}/acknowledge", tag = "monitoring", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("alarm_id" = String, Path)),
    responses((status = 200, body = AlarmDetail), (status = 409, body = shared::ErrorBody)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, alarm_id)): Path<(i64, String)>,
) -> AppResult<Json<AlarmDetail>> {
    let key = scope.admit(BureauId(bureau_id), &alarm_id)?;
    Ok(Json(service::acknowledge(&state.db, &user, key).await?))
}

/// Closes an alarm with its reason.
#[utoipa::path(post, path = "/api/alarms/{bureau_id}/{alarm_id}/close", tag = "monitoring", request_body = CloseAlarm, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("alarm_id" = String, Path)),
    responses((status = 200, body = AlarmDetail), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, alarm_id)): Path<(i64, String)>,
    Json(body): Json<CloseAlarm>,
) -> AppResult<Json<AlarmDetail>> {
    let key = scope.admit(BureauId(bureau_id), &alarm_id)?;
    Ok(Json(
        service::close(&state.db, &user, key, body.reason).await?,
    ))
}
