//! The server side of the two error layers: [`AppError`] carries the cause for the log,
//! [`shared::ApiError`] is what the client sees.
//!
//! Handlers return `Result<_, AppError>`. The response carries the `ApiError` as an extension;
//! the `localize_errors` middleware then writes the body once, in the language the request
//! asked for and with its request id, so no handler deals with either.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
use shared::limits::{self, Bounded};
use shared::{ApiError, ErrorBody, Lang};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0:?}")]
    Api(ApiError),
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        AppError::Api(e)
    }
}

impl AppError {
    pub fn invalid(field: &str, reason: impl ToString) -> Self {
        AppError::Api(ApiError::InvalidInput {
            field: field.into(),
            reason: reason.to_string(),
        })
    }

    fn public(&self) -> ApiError {
        match self {
            AppError::Api(e) => e.clone(),
            AppError::Db(DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) => ApiError::Unavailable,
            AppError::Db(_) | AppError::Other(_) => ApiError::Internal,
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let public = self.public();
        if public.status() >= 500 {
            tracing::error!(error = %self, "request failed");
        }
        error_response(public)
    }
}

/// A response for `error` with a provisional Chinese body; `localize_errors` finalises it.
pub fn error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = ErrorBody {
        message: error.message(Lang::Zh),
        error: error.clone(),
        request_id: None,
    };
    let mut response = (status, axum::Json(body)).into_response();
    if let ApiError::AccountLocked { retry_after_secs } = &error {
        if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
    }
    response.extensions_mut().insert(error);
    response
}

/// Rewrites every error body in the request's language and stamps the request id.
pub async fn localize_errors(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_tag)
        .unwrap_or_default();
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let response = next.run(req).await;
    let Some(error) = response
        .extensions()
        .get::<ApiError>()
        .cloned()
        .or_else(|| bare_error(response.status()))
    else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = ErrorBody {
        message: error.message(lang),
        error,
        request_id,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The error of a response the framework made by itself (a path or query that does not
/// parse, a method the route does not have, a body over the limit): every error leaves in the
/// one JSON shape, whoever made it.
fn bare_error(status: StatusCode) -> Option<ApiError> {
    Some(match status.as_u16() {
        0..=399 => return None,
        401 => ApiError::Unauthenticated,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        405 => ApiError::MethodNotAllowed,
        408 | 504 => ApiError::Timeout,
        413 => ApiError::PayloadTooLarge { max_bytes: 0 },
        429 => ApiError::AccountLocked {
            retry_after_secs: 60,
        },
        400..=499 => ApiError::MalformedRequest,
        503 => ApiError::Unavailable,
        _ => ApiError::Internal,
    })
}

/// `axum::Json` whose rejections answer in the API's own error shape, and whose value is
/// refused (422, naming the field and its limit) when a text in it is over its length limit:
/// every JSON body is checked here, before a handler can write anything.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    T: Bounded,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => {
                within_limits(&v)?;
                Ok(Json(v))
            }
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(too_large(&rejection))
            }
            Err(rejection) => {
                tracing::debug!(%rejection, "malformed request body");
                Err(ApiError::MalformedRequest.into())
            }
        }
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` with the same two guarantees as [`Json`]: a query string that does
/// not parse is a JSON `malformed_request`, a text over its limit a 422 naming it.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned + Bounded,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => {
                within_limits(&v)?;
                Ok(Query(v))
            }
            Err(rejection) => {
                tracing::debug!(%rejection, "malformed query string");
                Err(ApiError::MalformedRequest.into())
            }
        }
    }
}

/// Decodes a JSON body read by hand (a device-signed request hashes the raw bytes first)
/// with the same checks as [`Json`].
pub fn decode_json<T: serde::de::DeserializeOwned + Bounded>(bytes: &[u8]) -> AppResult<T> {
    let v: T = serde_json::from_slice(bytes).map_err(|e| {
        tracing::debug!(%e, "malformed request body");
        AppError::from(ApiError::MalformedRequest)
    })?;
    within_limits(&v)?;
    Ok(v)
}

/// Reads a whole body within the route's limit (see [`crate::platform::limits`]): a body
/// over it is a 413 in the API's error shape, not a malformed request.
pub async fn read_body(body: axum::body::Body) -> AppResult<axum::body::Bytes> {
    axum::body::to_bytes(body, usize::MAX).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
            || e.to_string().contains("length limit");
        if too_large {
            AppError::from(ApiError::PayloadTooLarge { max_bytes: 0 })
        } else {
            tracing::debug!(%e, "request body could not be read");
            AppError::from(ApiError::MalformedRequest)
        }
    })
}

/// Refuses `value` when one of its texts is over its limit.
pub fn within_limits<T: Bounded + ?Sized>(value: &T) -> AppResult<()> {
    limits::check(value).map_err(|e| AppError::invalid(&e.field, e.reason()))
}

fn too_large(rejection: &JsonRejection) -> AppError {
    tracing::debug!(%rejection, "request body too large");
    ApiError::PayloadTooLarge { max_bytes: 0 }.into()
}
