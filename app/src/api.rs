//! Typed client of the Huanjian API. Two types: [`Public`] for endpoints anyone may call and
//! [`Authed`] that carries the access token, so a call that needs a token cannot forget it.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use shared::auth::{CurrentUser, LoginRequest, LoginResponse};
use shared::bureau::BureauSummary;
use shared::org::JurisdictionOverview;
use shared::{ApiError, ErrorBody, Lang};

/// What a call can end in besides success: the API's own error or no connection at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    Api(ErrorBody),
    Network,
}

impl CallError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CallError::Api(body) => body.message.clone(),
            CallError::Network => lang
                .pick("网络不可用，请检查网络连接后重试", "No network connection")
                .into(),
        }
    }

    pub fn is_unauthenticated(&self) -> bool {
        matches!(
            self,
            CallError::Api(ErrorBody {
                error: ApiError::Unauthenticated | ApiError::TokenExpired,
                ..
            })
        )
    }
}

async fn read<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, CallError> {
    let response = response.map_err(|_| CallError::Network)?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| CallError::Network);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(CallError::Api(body)),
        // Not our error shape: a proxy or an offline service worker answered.
        Err(_) => Err(CallError::Network),
    }
}

fn with_lang(builder: RequestBuilder, lang: Lang) -> RequestBuilder {
    builder.header("Accept-Language", lang.tag())
}

#[derive(Clone, Copy)]
pub struct Public {
    pub lang: Lang,
}

impl Public {
    pub async fn bureaus(&self, query: &str) -> Result<Vec<BureauSummary>, CallError> {
        let req = with_lang(Request::get("/api/bureaus"), self.lang).query([("q", query)]);
        read(req.send().await).await
    }

    pub async fn login(&self, body: &LoginRequest) -> Result<LoginResponse, CallError> {
        let req = with_lang(Request::post("/api/auth/login"), self.lang).json(body);
        match req {
            Ok(r) => read(r.send().await).await,
            Err(_) => Err(CallError::Network),
        }
    }
}

#[derive(Clone)]
pub struct Authed {
    pub lang: Lang,
    pub token: String,
}

impl Authed {
    fn get(&self, path: &str) -> RequestBuilder {
        with_lang(Request::get(path), self.lang)
            .header("Authorization", &format!("Bearer {}", self.token))
    }

    pub async fn me(&self) -> Result<CurrentUser, CallError> {
        read(self.get("/api/auth/me").send().await).await
    }

    pub async fn overview(&self) -> Result<JurisdictionOverview, CallError> {
        read(self.get("/api/org/overview").send().await).await
    }
}
