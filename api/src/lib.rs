//! Huanjian API. [`router`] is the one composition point: the server binary serves it,
//! tests drive it, and the `lambda` feature runs it as a function.
//!
//! One folder per capability, each with its routes and their access rules (`mod.rs`), its
//! handlers (`http/`), its rules and transactions, queries and row → wire conversions. They
//! depend one way (docs/architecture.md; `tests/it/layout.rs` fails on a cycle):
//!
//! ```text
//! enforcement ──► field         monitoring (HJ 212 gateway, alarms) ──► history
//! field ──► registry ──► history ──► platform
//!   │          │                        ▲
//!   └──────────┴──► org ◄── identity ───┘      refdata: reference data, below every feature
//! jobs (background work, run by every instance) ──► history
//! demo (the demo generator and the bench) may use everything; nothing uses it.
//! ```

pub mod demo;
pub mod dispatch;
pub mod enforcement;
pub mod field;
pub mod history;
pub mod identity;
pub mod jobs;
pub mod monitoring;
pub mod org;
pub mod platform;
pub mod refdata;
pub mod registry;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::routing::{any, get};
use axum::Router;
use shared::ApiError;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use platform::access::{AccessTable, Feature};
pub use platform::state::AppState;
use platform::{error, static_files};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Every capability's routes and access rules. A new capability adds one line here.
pub fn features() -> Vec<Feature> {
    vec![
        platform::http::feature(),
        identity::feature(),
        org::feature(),
        registry::feature(),
        history::feature(),
        field::feature(),
        jobs::feature(),
        enforcement::feature(),
        monitoring::feature(),
        dispatch::feature(),
    ]
}

/// Opens the configured database, migrates it and installs the reference data every
/// deployment needs (divisions, tags, the standard checklists): idempotent, run at each start.
pub async fn open_database(
    config: &platform::config::Config,
) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let db = platform::db::connect(config).await?;
    refdata::install(&db).await?;
    field::checklists::install_standard(&db)
        .await
        .map_err(|e| anyhow::anyhow!("installing the standard checklists: {e}"))?;
    enforcement::rules::install(&db)
        .await
        .map_err(|e| anyhow::anyhow!("installing the working-day calendar: {e}"))?;
    Ok(db)
}

/// The state for `config`: database opened as by [`open_database`], keys and storage.
pub async fn build_state(config: platform::config::Config) -> anyhow::Result<AppState> {
    let db = open_database(&config).await?;
    AppState::new(config, db)
}

/// Every feature's routes in one OpenAPI router, and their rules in one access table.
fn compose() -> (utoipa_axum::router::OpenApiRouter<AppState>, AccessTable) {
    use utoipa::OpenApi;
    let mut api =
        utoipa_axum::router::OpenApiRouter::with_openapi(platform::openapi::ApiDoc::openapi());
    let mut table = AccessTable::default();
    for f in features() {
        table.add(f.rules);
        api = api.merge(f.routes);
    }
    (api, table)
}

/// The access table of every feature's routes (see [`platform::access`]).
pub fn access_table() -> AccessTable {
    compose().1
}

/// The whole HTTP surface: API, OpenAPI document and (when built) the app's static files.
///
/// Every route's body is bounded (`platform::limits`), every request's time too, every error
/// leaves in the one JSON shape (`platform::error::localize_errors`), and every response says
/// `nosniff` and `same-origin`.
pub fn router(state: AppState) -> Router {
    let static_dir = state.config.static_dir.clone();
    let map_tiles = state.config.map_tiles.clone();
    let timeout = Duration::from_secs(state.config.request_timeout_secs.max(1));
    let (api, table) = compose();
    let (api, mut openapi) = api.with_state(state.clone()).split_for_parts();
    platform::openapi::document_errors(&mut openapi, &table);
    let openapi = Arc::new(openapi);
    let mut app = api
        .route(
            "/api/openapi.json",
            get(move || async move { axum::Json(openapi.as_ref().clone()) }),
        )
        .route_layer(axum::middleware::from_fn(platform::limits::limit_body))
        .route_layer(axum::middleware::from_fn_with_state(
            (state, Arc::new(table)),
            platform::access::enforce,
        ))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found));
    if static_dir.join("index.html").is_file() {
        app = app.merge(static_files::router(&static_dir, map_tiles.as_deref()));
    } else if !static_dir.as_os_str().is_empty() {
        tracing::warn!(dir = %static_dir.display(), "no built app there (run trunk build); serving the API only");
    }
    // Bodies are bounded per route by `limits::limit_body`, not by axum's flat default.
    app.layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            timeout,
            platform::limits::time_limit,
        ))
        .layer(axum::middleware::from_fn(error::localize_errors))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(CatchPanicLayer::custom(|_| error::error_response(ApiError::Internal)))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(tower_http::LatencyUnit::Millis),
                ),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

async fn api_not_found() -> error::AppError {
    ApiError::NotFound.into()
}

/// Serves `router` until SIGINT or SIGTERM, then finishes the requests in flight. The job
/// runner ([`jobs::runner::run`]) works beside it and stops with it.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let bind = state.config.bind;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let runner = tokio::spawn(jobs::runner::run(
        state.db.clone(),
        jobs::instance_id(),
        async move {
            let _ = stopped.await;
        },
    ));
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    let _ = stop.send(());
    let _ = runner.await;
    served?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down, draining requests");
    // Give in-flight requests a bounded time; Lambda/containers send SIGKILL after their own grace.
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(20)).await;
        std::process::exit(0);
    });
}
