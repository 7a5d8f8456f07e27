//! This device's identity: the key pair kept by `js/device.js`, and signed requests.

use gloo_net::http::{Request, RequestBuilder};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::device::{signing_message, DeviceRegistration, DeviceSummary, SyncPing};
use shared::{ApiError, ErrorBody, Lang};
use wasm_bindgen::prelude::*;

use crate::api::{Authed, CallError};

#[wasm_bindgen(module = "/js/device.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = deviceInfo)]
    async fn device_info(owner: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = createDevice)]
    async fn create_device(owner: &str, id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = signMessage)]
    async fn sign_message(owner: &str, message: &str) -> Result<JsValue, JsValue>;
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalDevice {
    pub id: String,
    pub public_key: String,
}

fn parse(v: JsValue) -> Option<LocalDevice> {
    v.as_string().and_then(|s| serde_json::from_str(&s).ok())
}

/// The key the signed-in user holds on this browser, if they registered it here.
pub async fn local() -> Option<LocalDevice> {
    let owner = crate::offline::owner()?;
    device_info(&owner).await.ok().and_then(parse)
}

/// The headers of a device-signed request (see `shared::device::signing_message`).
#[derive(Debug, Clone)]
pub struct Signature {
    id: String,
    timestamp: i64,
    signature: String,
}

impl Signature {
    pub fn apply(&self, builder: RequestBuilder) -> RequestBuilder {
        builder
            .header(shared::device::HEADER_ID, &self.id)
            .header(
                shared::device::HEADER_TIMESTAMP,
                &self.timestamp.to_string(),
            )
            .header(shared::device::HEADER_SIGNATURE, &self.signature)
    }
}

fn refused(error: ApiError, lang: Lang) -> CallError {
    CallError::Api(ErrorBody {
        message: error.message(lang),
        error,
        request_id: None,
    })
}

/// Signs `method path` with the SHA-256 of the exact body bytes sent, with the key of the
/// signed-in user on this device. Without one the answer is the server's own refusal
/// (`device_not_registered`), so the phone treats both alike: the work stays queued.
pub async fn sign(
    lang: Lang,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<Signature, CallError> {
    let owner = crate::offline::owner().ok_or_else(|| refused(ApiError::Unauthenticated, lang))?;
    let device = device_info(&owner)
        .await
        .ok()
        .and_then(parse)
        .ok_or_else(|| refused(ApiError::DeviceNotRegistered, lang))?;
    let timestamp = (js_sys::Date::now() / 1000.0) as i64;
    let hash: String = Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let signature = sign_message(&owner, &signing_message(method, path, timestamp, &hash))
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| refused(ApiError::DeviceNotRegistered, lang))?;
    Ok(Signature {
        id: device.id,
        timestamp,
        signature,
    })
}

/// A name people recognise in the admin's list.
pub fn device_name() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let os = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS") {
        "macOS"
    } else {
        "Linux"
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Chrome") {
        "Chrome"
    } else if ua.contains("Firefox") {
        "Firefox"
    } else {
        "浏览器"
    };
    format!("{os} · {browser}")
}

/// Makes a new key on this device and registers it for the signed-in user.
pub async fn register(api: &Authed) -> Result<DeviceSummary, CallError> {
    let owner = crate::offline::owner().ok_or(CallError::Network)?;
    let created = create_device(&owner, &crate::offline::new_id())
        .await
        .ok()
        .and_then(parse)
        .ok_or(CallError::Network)?;
    let body = DeviceRegistration {
        id: created.id,
        name: device_name(),
        public_key: created.public_key,
    };
    api.register_device(&body).await
}

/// A device-signed heartbeat: proves the approved device can sync.
pub async fn ping(api: &Authed, lang: Lang) -> Result<SyncPing, CallError> {
    let path = "/api/sync/ping";
    let signature = sign(lang, "POST", path, b"").await?;
    let req = signature.apply(
        Request::post(path)
            .header("Accept-Language", lang.tag())
            .header("Authorization", &format!("Bearer {}", api.token)),
    );
    crate::api::read(req.send().await).await
}
