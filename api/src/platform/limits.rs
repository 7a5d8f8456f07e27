//! What one request may cost: the size of its body, per route, and its time.
//!
//! Ordinary JSON is small; only the routes that carry work or files get more, and they are
//! listed here, in one table beside the default, rather than on each route: the limit is a
//! property of the deployment's exposure, read in one place. Every body is read through
//! [`limit_body`], so a handler that reads the body by hand (a device-signed request, an
//! import file) is bounded as well as the extractors are.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use shared::ApiError;

use crate::platform::error::error_response;

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// The body limit of every route not in [`LARGER_BODIES`].
pub const DEFAULT_BODY: usize = 64 * KIB;

/// Routes whose bodies may be larger than [`DEFAULT_BODY`]: method, route template, bytes.
pub const LARGER_BODIES: &[(&str, &str, usize)] = &[
    // Up to `MAX_BATCH` ops of offline work, records with their drawn signatures among them.
    ("POST", "/api/sync", 16 * MIB),
    // One chunk of an evidence file; the app sends `CHUNK`, the server takes up to `MAX_CHUNK`.
    (
        "PUT",
        "/api/evidence/{bureau_id}/{evidence_id}/upload",
        shared::inspection::MAX_CHUNK,
    ),
    // A spreadsheet of up to `MAX_ROWS` enterprises or permits.
    ("POST", "/api/enterprises/import", 32 * MIB),
    // A province's checklist template with its sections and items.
    ("POST", "/api/checklists", MIB),
];

/// The body limit of `method` on the route template `path`.
pub fn body_limit(method: &str, path: &str) -> usize {
    LARGER_BODIES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map_or(DEFAULT_BODY, |(_, _, n)| *n)
}

/// Answers 413 for a body over the route's limit: at once when `Content-Length` says so, and
/// when a streamed body grows past it while a handler reads it.
pub async fn limit_body(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let path = matched
        .as_ref()
        .map(MatchedPath::as_str)
        .unwrap_or_else(|| req.uri().path());
    let limit = body_limit(req.method().as_str(), path);
    let too_large = || {
        error_response(ApiError::PayloadTooLarge {
            max_bytes: limit as u64,
        })
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    let req = req.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    let response = next.run(req).await;
    // Whoever noticed the limit (an extractor, `read_body`), the answer names it.
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    response
}

/// Answers 503 with a JSON error when the request is not done within `timeout`; the
/// handler's future is dropped, which rolls back an open transaction.
pub async fn time_limit(State(timeout): State<Duration>, req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%method, %path, ?timeout, "request timed out");
            error_response(ApiError::Timeout)
        }
    }
}
