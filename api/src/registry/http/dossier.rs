use axum::extract::{Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::dossier::{
    AcceptProject, AcceptedProject, Dossier, ImportReport, MapConfig, MapPoint, MapPoints,
    NewProject, ProjectView,
};
use shared::query::{
    EnterpriseSearch, ExportFormat, ExportQuery, ImportKind, ImportQuery, ProjectQuery,
    TemplateQuery,
};
use shared::risk::RiskLevel;
use shared::BureauId;

use crate::platform::auth::AuthUser;
use crate::platform::error::{read_body, AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// One enterprise's whole dossier: basics, risk with reasons, permits, projects, monitoring
/// points, timeline and the URL its QR code encodes.
#[utoipa::path(get, path = "/api/enterprises/{bureau_id}/{enterprise_id}", tag = "dossier", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("enterprise_id" = String, Path)),
    responses((status = 200, body = Dossier), (status = 403, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, enterprise_id)): Path<(i64, String)>,
) -> AppResult<Json<Dossier>> {
    Ok(Json(
        crate::registry::dossier::get(
            &state.db,
            &scope,
            scope.admit(BureauId(bureau_id), &enterprise_id)?,
            state.config.public_url.as_deref(),
        )
        .await?,
    ))
}

/// The most points one map request returns.
const MAP_LIMIT: u64 = 20_000;

/// Enterprises of the search as map points (at most 20,000; `truncated` says when more matched).
#[utoipa::path(get, path = "/api/enterprises/map", tag = "dossier", params(EnterpriseSearch), security(("bearer" = [])),
    responses((status = 200, body = MapPoints)))]
pub async fn map(
    State(state): State<AppState>,
    scope: Scope,
    Query(search): Query<EnterpriseSearch>,
) -> AppResult<Json<MapPoints>> {
    let mut rows =
        crate::registry::search::find_points(&state.db, &scope, &search, MAP_LIMIT).await?;
    let truncated = rows.len() as u64 > MAP_LIMIT;
    rows.truncate(MAP_LIMIT as usize);
    Ok(Json(MapPoints {
        points: rows
            .into_iter()
            .map(|r| {
                Ok(MapPoint {
                    bureau_id: BureauId(r.bureau_id),
                    id: r.id.to_string(),
                    name: r.name,
                    longitude: r.longitude,
                    latitude: r.latitude,
                    risk: crate::platform::stored::code(
                        "risk_level",
                        &r.risk_level,
                        RiskLevel::from_code,
                    )?,
                })
            })
            .collect::<AppResult<_>>()?,
        truncated,
    }))
}

/// The filtered list as a spreadsheet, in the import's columns plus risk and permit state.
#[utoipa::path(get, path = "/api/enterprises/export", tag = "dossier", params(EnterpriseSearch, ExportQuery), security(("bearer" = [])),
    responses((status = 200, description = "XLSX or CSV file"), (status = 422, body = shared::ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    scope: Scope,
    Query(search): Query<EnterpriseSearch>,
    Query(p): Query<ExportQuery>,
) -> AppResult<Response> {
    let format = p.format.unwrap_or(ExportFormat::Xlsx);
    let bytes = crate::registry::transfer::export(&state.db, &scope, &search, format).await?;
    let date = crate::history::risk::today();
    let name = format!(
        "企业名录-{}{:02}{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    );
    let ext = match format {
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Csv => "csv",
    };
    Ok(crate::platform::http::attachment(bytes, &name, ext))
}

/// Imports enterprises or permits from the request body (an .xlsx or .csv file). Every problem is
/// reported by row and column; a file with any problem writes nothing.
#[utoipa::path(post, path = "/api/enterprises/import", tag = "dossier", params(ImportQuery), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport)))]
pub async fn import(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Query(p): Query<ImportQuery>,
    req: Request,
) -> AppResult<Json<ImportReport>> {
    let bytes = read_body(req.into_body()).await?;
    Ok(Json(
        crate::registry::transfer::import(&state.db, &user, &scope, p.kind, &bytes, p.dry_run)
            .await?,
    ))
}

/// An empty import sheet with its columns (required ones marked *).
#[utoipa::path(get, path = "/api/enterprises/import/template", tag = "dossier", params(TemplateQuery), security(("bearer" = [])),
    responses((status = 200, description = "XLSX file")))]
pub async fn template(Query(p): Query<TemplateQuery>) -> AppResult<Response> {
    let name = match p.kind {
        ImportKind::Enterprises => "企业导入模板",
        ImportKind::Permits => "排污许可证导入模板",
    };
    Ok(crate::platform::http::attachment(
        crate::registry::transfer::template(p.kind)?,
        name,
        "xlsx",
    ))
}

/// Construction projects of the jurisdiction, newest EIA approval first.
#[utoipa::path(get, path = "/api/projects", tag = "dossier", params(ProjectQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ProjectView>)))]
pub async fn projects(
    State(state): State<AppState>,
    scope: Scope,
    Query(p): Query<ProjectQuery>,
) -> AppResult<Json<Vec<ProjectView>>> {
    Ok(Json(
        crate::registry::dossier::projects(&state.db, &scope, p.stage.as_deref()).await?,
    ))
}

/// Records an EIA approval (环评批复).
#[utoipa::path(post, path = "/api/projects", tag = "dossier", request_body = NewProject, security(("bearer" = [])),
    responses((status = 200, body = ProjectView), (status = 422, body = shared::ErrorBody)))]
pub async fn create_project(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(p): Json<NewProject>,
) -> AppResult<Json<ProjectView>> {
    Ok(Json(
        crate::registry::dossier::create_project(&state.db, &user, &scope, p).await?,
    ))
}

/// Completion acceptance (竣工验收): the project becomes a pollution source.
#[utoipa::path(post, path = "/api/projects/{bureau_id}/{project_id}/accept", tag = "dossier", request_body = AcceptProject, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("project_id" = String, Path)),
    responses((status = 200, body = AcceptedProject), (status = 409, body = shared::ErrorBody)))]
pub async fn accept_project(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, project_id)): Path<(i64, String)>,
    Json(a): Json<AcceptProject>,
) -> AppResult<Json<AcceptedProject>> {
    Ok(Json(
        crate::registry::dossier::accept_project(
            &state.db,
            &user,
            scope.admit(BureauId(bureau_id), &project_id)?,
            a,
        )
        .await?,
    ))
}

/// Outlines (GeoJSON) of the counties in the caller's jurisdiction, drawn under the markers with
/// or without tiles. Only divisions the deployment's bureaus serve are shown.
#[utoipa::path(get, path = "/api/map/boundaries", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, description = "GeoJSON FeatureCollection")))]
pub async fn boundaries(scope: Scope) -> AppResult<Response> {
    let codes = scope
        .bureaus()
        .iter()
        .map(|b| b.division_code.clone())
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        crate::refdata::divisions::boundaries_of(&codes)?,
    )
        .into_response())
}

/// The map's tile source (configuration).
#[utoipa::path(get, path = "/api/map/config", tag = "dossier", security(("bearer" = [])),
    responses((status = 200, body = MapConfig)))]
pub async fn map_config(State(state): State<AppState>) -> Json<MapConfig> {
    Json(MapConfig {
        tiles: state.config.map_tiles.clone().filter(|t| !t.is_empty()),
        attribution: state.config.map_attribution.clone(),
    })
}
