//! The extractor of device-signed requests (sync, evidence upload, the heartbeat).
//!
//! The signature covers the SHA-256 of the exact body bytes, so the extractor reads the whole
//! body first, verifies it, and hands the handler those same bytes to parse: what is applied is
//! what was signed. A batch's op ids are inside the signed bytes, so a captured batch cannot be
//! re-signed with other ops; sent again as it was (within the timestamp window) it only gets
//! the ledger's `duplicate` answers, and a chunk sent again overwrites itself.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::identity::devices::{verify_signed, VerifiedDevice};
use crate::platform::auth::AuthUser;
use crate::platform::error::AppError;
use crate::platform::state::AppState;

/// A request signed by an approved device of the caller: the device the server verified and
/// the body whose hash it signed.
pub struct Signed {
    pub device: VerifiedDevice,
    pub body: Bytes,
}

impl Signed {
    /// The signed body as JSON of `T` (a body that is not is a `malformed_request`), within
    /// the lengths `T` declares (`shared::limits`), like every other body the API takes.
    pub fn json<T: DeserializeOwned + shared::limits::Bounded>(&self) -> Result<T, AppError> {
        crate::platform::error::decode_json(&self.body)
    }
}

impl FromRequest<AppState> for Signed {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = AuthUser::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let method = parts.method.clone();
        let path = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
        let headers = parts.headers.clone();
        // The route's body limit applies as for any other body (a too large one is a 413).
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let device = verify_signed(&state.db, &user, method.as_str(), &path, &headers, &bytes)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Signed {
            device,
            body: bytes,
        })
    }
}
