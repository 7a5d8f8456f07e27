//! Field devices (手机硬件注册): registered by their user, approved and revoked by an admin.
//!
//! A device holds a P-256 key pair made in the browser (WebCrypto, private key not
//! extractable). Sync and upload requests carry a signature over
//! [`signing_message`] in the `X-Device-Signature` header.

use serde::{Deserialize, Serialize};

use crate::BureauId;

pub const HEADER_ID: &str = "x-device-id";
pub const HEADER_TIMESTAMP: &str = "x-device-timestamp";
pub const HEADER_SIGNATURE: &str = "x-device-signature";
/// How far a signed request's timestamp may be from the server's clock.
pub const MAX_SKEW_SECS: i64 = 300;

/// The text a device signs: method, path with query, timestamp and the body's SHA-256 (hex).
pub fn signing_message(method: &str, path: &str, timestamp: i64, body_sha256_hex: &str) -> String {
    format!(
        "{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path,
        timestamp,
        body_sha256_hex
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Pending,
    Approved,
    Revoked,
}

impl DeviceStatus {
    pub fn code(self) -> &'static str {
        match self {
            DeviceStatus::Pending => "pending",
            DeviceStatus::Approved => "approved",
            DeviceStatus::Revoked => "revoked",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            DeviceStatus::Pending,
            DeviceStatus::Approved,
            DeviceStatus::Revoked,
        ]
        .into_iter()
        .find(|d| d.code() == s)
    }
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            DeviceStatus::Pending => lang.pick("待审批", "Pending"),
            DeviceStatus::Approved => lang.pick("已批准", "Approved"),
            DeviceStatus::Revoked => lang.pick("已停用", "Revoked"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceRegistration {
    /// Chosen by the device, so that it knows its id before the server answers.
    pub id: String,
    pub name: String,
    /// P-256 public key: uncompressed SEC1 point (65 bytes), base64url without padding.
    pub public_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    pub id: String,
    pub bureau_id: BureauId,
    pub owner_id: String,
    pub owner_name: String,
    pub owner_username: String,
    pub name: String,
    pub status: DeviceStatus,
    /// Unix seconds.
    pub registered_at: i64,
    pub last_seen_at: Option<i64>,
}

/// What a device-signed heartbeat answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncPing {
    pub device_id: String,
    pub server_time: i64,
}

use crate::limits::{Bounded, Bounds, LINE, SHORT, TOKEN};

impl Bounded for DeviceRegistration {
    fn bounds(&self, b: &mut Bounds) {
        b.text("id", "设备编号", &self.id, SHORT)
            .text("name", "设备名称", &self.name, LINE)
            .text("public_key", "设备公钥", &self.public_key, TOKEN);
    }
}
