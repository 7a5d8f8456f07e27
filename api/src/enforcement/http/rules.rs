use axum::extract::{Path, State};
use shared::enforcement::calendar::CalendarEntry;
use shared::enforcement::case::{BenchmarkQuery, CalendarYear};
use shared::enforcement::discretion::BenchmarkTable;

use crate::enforcement::rules;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The working-day calendar: official holidays and 调休 make-up days.
#[utoipa::path(get, path = "/api/calendar", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = Vec<CalendarEntry>)))]
pub async fn calendar(State(state): State<AppState>) -> AppResult<Json<Vec<CalendarEntry>>> {
    Ok(Json(rules::entries(&state.db).await?))
}

/// Replaces one year of the calendar (province administrators).
#[utoipa::path(put, path = "/api/calendar/{year}", tag = "cases", request_body = CalendarYear, security(("bearer" = [])),
    params(("year" = i32, Path)),
    responses((status = 200, body = Vec<CalendarEntry>), (status = 422, body = shared::ErrorBody)))]
pub async fn set_year(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path(year): Path<i32>,
    Json(body): Json<CalendarYear>,
) -> AppResult<Json<Vec<CalendarEntry>>> {
    Ok(Json(
        rules::set_year(&state.db, &user, &scope, year, body.entries).await?,
    ))
}

/// The discretion benchmark of the caller's province: in force today, or a named version.
#[utoipa::path(get, path = "/api/discretion/benchmark", tag = "cases", params(BenchmarkQuery), security(("bearer" = [])),
    responses((status = 200, body = BenchmarkTable), (status = 404, body = shared::ErrorBody)))]
pub async fn benchmark(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<BenchmarkQuery>,
) -> AppResult<Json<BenchmarkTable>> {
    let province = rules::province_of(&state.db, user.bureau_id.0).await?;
    Ok(Json(
        rules::benchmark(
            &state.db,
            &province.division_code,
            state.clock.today(),
            q.version,
        )
        .await?,
    ))
}

/// Every version of the province's benchmark, newest first.
#[utoipa::path(get, path = "/api/discretion/benchmark/versions", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = Vec<BenchmarkTable>)))]
pub async fn versions(
    State(state): State<AppState>,
    user: AuthUser,
) -> AppResult<Json<Vec<BenchmarkTable>>> {
    let province = rules::province_of(&state.db, user.bureau_id.0).await?;
    Ok(Json(
        rules::versions(&state.db, &province.division_code).await?,
    ))
}

/// Saves an edited benchmark as a new version (province administrators).
#[utoipa::path(put, path = "/api/discretion/benchmark", tag = "cases", request_body = BenchmarkTable, security(("bearer" = [])),
    responses((status = 200, body = BenchmarkTable), (status = 422, body = shared::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(t): Json<BenchmarkTable>,
) -> AppResult<Json<BenchmarkTable>> {
    Ok(Json(
        rules::save_benchmark(&state.db, &user, &scope, t).await?,
    ))
}
