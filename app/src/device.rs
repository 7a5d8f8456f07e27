//! This device's identity: the key pair kept by `js/device.js`, and signed requests.

use gloo_net::http::Request;
use serde::Deserialize;
use shared::device::{signing_message, DeviceRegistration, DeviceSummary, SyncPing};
use shared::Lang;
use wasm_bindgen::prelude::*;

use crate::api::{Authed, CallError};

#[wasm_bindgen(module = "/js/device.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = deviceInfo)]
    async fn device_info() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = createDevice)]
    async fn create_device() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = signMessage)]
    async fn sign_message(message: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = sha256Hex)]
    async fn sha256_hex(text: &str) -> Result<JsValue, JsValue>;
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

/// The key this browser holds, if it was registered here.
pub async fn local() -> Option<LocalDevice> {
    device_info().await.ok().and_then(parse)
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
    let created = create_device()
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
    let device = local().await.ok_or(CallError::Network)?;
    let path = "/api/sync/ping";
    let ts = (js_sys::Date::now() / 1000.0) as i64;
    let body_hash = sha256_hex("")
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(CallError::Network)?;
    let signature = sign_message(&signing_message("POST", path, ts, &body_hash))
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(CallError::Network)?;
    let req = Request::post(path)
        .header("Accept-Language", lang.tag())
        .header("Authorization", &format!("Bearer {}", api.token))
        .header(shared::device::HEADER_ID, &device.id)
        .header(shared::device::HEADER_TIMESTAMP, &ts.to_string())
        .header(shared::device::HEADER_SIGNATURE, &signature);
    crate::api::read(req.send().await).await
}
