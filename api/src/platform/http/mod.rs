//! The platform's own routes: health and the audit chain.

pub mod audit;
pub mod health;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(health::health))
            .routes(routes!(audit::list))
            .routes(routes!(audit::verify)),
        rules: &[
            ("GET", "/api/health", Public),
            ("GET", "/api/openapi.json", Public),
            ("GET", "/api/audit", Needs(ViewAudit)),
            ("GET", "/api/audit/verify", Needs(ViewAudit)),
        ],
    }
}

/// A generated file (export, template, PDF record) as a download named `name.ext`.
pub fn attachment(bytes: Vec<u8>, name: &str, ext: &str) -> Response {
    let mime = match ext {
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let encoded: String = format!("{name}.{ext}")
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"export.{ext}\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
