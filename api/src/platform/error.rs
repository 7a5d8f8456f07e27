//! The server side of the two error layers: [`AppError`] carries the cause for the log,
//! [`shared::ApiError`] is what the client sees.
//!
//! Handlers return `Result<_, AppError>`. The response carries the `ApiError` as an extension;
//! the `localize_errors` middleware then writes the body once, in the language the request
//! asked for and with its request id, so no handler deals with either.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DbErr;
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
    let Some(error) = response.extensions().get::<ApiError>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    let body = ErrorBody {
        message: error.message(lang),
        error,
        request_id,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `axum::Json` whose rejections answer in the API's own error shape.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
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
