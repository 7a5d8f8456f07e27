//! Field devices: registration by their user, approval and revocation by an admin, and the
//! check of device-signed requests that guards sync and upload.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::device::{
    signing_message, DeviceRegistration, DeviceStatus, DeviceSummary, MAX_SKEW_SECS,
};
use shared::{ApiError, BureauId};
use uuid::Uuid;

use crate::platform::audit::{self, Actor};
use crate::platform::auth::token::now_secs;
use crate::platform::auth::AuthUser;
use crate::platform::entity::{app_user, device};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Device, Key, Scope};

async fn summaries(
    db: &DatabaseConnection,
    rows: Vec<device::Model>,
) -> AppResult<Vec<DeviceSummary>> {
    let owners: std::collections::HashMap<Uuid, app_user::Model> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(rows.iter().map(|d| d.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    rows.into_iter()
        .map(|d| {
            let owner = owners.get(&d.user_id);
            Ok(DeviceSummary {
                id: d.id.to_string(),
                bureau_id: BureauId(d.bureau_id),
                owner_id: d.user_id.to_string(),
                owner_name: owner.map(|o| o.display_name.clone()).unwrap_or_default(),
                owner_username: owner.map(|o| o.username.clone()).unwrap_or_default(),
                name: d.name,
                status: crate::platform::stored::code(
                    "status",
                    &d.status,
                    DeviceStatus::from_code,
                )?,
                registered_at: d.created_at,
                last_seen_at: d.last_seen_at,
            })
        })
        .collect()
}

pub async fn register(
    db: &DatabaseConnection,
    caller: &AuthUser,
    reg: DeviceRegistration,
) -> AppResult<DeviceSummary> {
    let txn = audit::begin(db, caller.bureau_id.0).await?;
    let model = register_in(&txn, caller, reg, None).await?;
    txn.commit().await?;
    Ok(summaries(db, vec![model]).await?.remove(0))
}

/// [`register`] inside `txn` (from `audit::begin` on the caller's bureau), with an optional
/// note for the audit entry (the demo seed says it registered the demo phones).
pub async fn register_in(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    reg: DeviceRegistration,
    note: Option<&str>,
) -> AppResult<device::Model> {
    let id = Uuid::parse_str(&reg.id).map_err(|_| AppError::invalid("id", "设备编号格式不正确"))?;
    let key = URL_SAFE_NO_PAD
        .decode(reg.public_key.trim())
        .map_err(|_| AppError::invalid("public_key", "设备公钥格式不正确"))?;
    VerifyingKey::from_sec1_bytes(&key)
        .map_err(|_| AppError::invalid("public_key", "设备公钥不是有效的P-256公钥"))?;
    let name = reg.name.trim().chars().take(120).collect::<String>();
    let name = if name.is_empty() {
        "移动设备".to_string()
    } else {
        name
    };
    let bureau = caller.bureau_id.0;
    if device::Entity::find_by_id((bureau, id))
        .one(txn)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict {
            reason: "该设备已注册".into(),
        }
        .into());
    }
    let model = device::Entity::insert(device::ActiveModel {
        bureau_id: Set(bureau),
        id: Set(id),
        user_id: Set(caller.user_id),
        name: Set(name.clone()),
        public_key: Set(reg.public_key.trim().to_string()),
        status: Set(DeviceStatus::Pending.code().into()),
        created_at: Set(now_secs() as i64),
        decided_by: Set(None),
        decided_at: Set(None),
        last_seen_at: Set(None),
    })
    .exec_with_returning(txn)
    .await?;
    let mut a = Actor::of(caller);
    a.device_id = Some(id.to_string());
    let mut summary = json!({ "after": { "name": name, "status": "pending" } });
    if let Some(note) = note {
        summary["note"] = note.into();
    }
    audit::append(
        txn,
        bureau,
        &a,
        "device.register",
        &format!("device:{id}"),
        summary,
    )
    .await?;
    Ok(model)
}

pub async fn mine(db: &DatabaseConnection, caller: &AuthUser) -> AppResult<Vec<DeviceSummary>> {
    let rows = device::Entity::find()
        .filter(device::Column::BureauId.eq(caller.bureau_id.0))
        .filter(device::Column::UserId.eq(caller.user_id))
        .order_by_desc(device::Column::CreatedAt)
        .all(db)
        .await?;
    summaries(db, rows).await
}

pub async fn list(db: &DatabaseConnection, scope: &Scope) -> AppResult<Vec<DeviceSummary>> {
    let rows = device::Entity::find()
        .filter(device::Column::BureauId.is_in(scope.bureau_ids()))
        .order_by_desc(device::Column::CreatedAt)
        .all(db)
        .await?;
    summaries(db, rows).await
}

pub async fn decide(
    db: &DatabaseConnection,
    caller: &AuthUser,
    key: Key<Device>,
    to: DeviceStatus,
) -> AppResult<DeviceSummary> {
    let txn = audit::begin(db, key.bureau().0).await?;
    let row = decide_in(&txn, caller, key, to, None).await?;
    txn.commit().await?;
    Ok(summaries(db, vec![row]).await?.remove(0))
}

/// [`decide`] inside `txn` (from `audit::begin` on the device's bureau), with an optional note
/// for the audit entry.
pub async fn decide_in(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    key: Key<Device>,
    to: DeviceStatus,
    note: Option<&str>,
) -> AppResult<device::Model> {
    let (bureau, id) = (key.bureau(), key.id());
    let row = device::Entity::find_by_id(key.pk())
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let before = row.status.clone();
    if to == DeviceStatus::Approved && before == DeviceStatus::Revoked.code() {
        return Err(ApiError::Conflict {
            reason: "已停用的设备不能重新批准，请让使用人重新注册".into(),
        }
        .into());
    }
    let mut active: device::ActiveModel = row.into();
    active.status = Set(to.code().into());
    active.decided_by = Set(Some(caller.user_id));
    active.decided_at = Set(Some(now_secs() as i64));
    let row = active.update(txn).await?;
    let action = if to == DeviceStatus::Approved {
        "device.approve"
    } else {
        "device.revoke"
    };
    let mut summary = json!({ "before": { "status": before }, "after": { "status": to.code() } });
    if let Some(note) = note {
        summary["note"] = note.into();
    }
    audit::append(
        txn,
        bureau.0,
        &Actor::of(caller),
        action,
        &format!("device:{id}"),
        summary,
    )
    .await?;
    Ok(row)
}

/// The device a signed request came from, as the server verified it. Sync and upload name
/// this device on what they write (evidence, audit), never one named in the request body.
#[derive(Debug, Clone)]
pub struct VerifiedDevice {
    pub id: Uuid,
    pub name: String,
}

impl VerifiedDevice {
    /// How evidence names the device it came from.
    pub fn label(&self) -> String {
        label(self.id, &self.name)
    }

    /// The caller acting through this device, for the audit trail.
    pub fn actor(&self, caller: &AuthUser) -> Actor {
        let mut a = Actor::of(caller);
        a.device_id = Some(self.id.to_string());
        a
    }
}

/// `设备 <id> · <name>`: the device as evidence names it.
pub fn label(id: Uuid, name: &str) -> String {
    format!("设备 {id} · {name}")
}

/// Marks a device seen at most once a minute, so a burst of signed requests is not a burst of
/// writes.
const SEEN_EVERY_SECS: i64 = 60;

/// Checks a device-signed request of `caller`: the device is registered to the caller and
/// approved, the timestamp is within [`MAX_SKEW_SECS`] of the server's clock, and the
/// signature over [`signing_message`] (method, path with query, timestamp, SHA-256 of the
/// body) verifies with the device's key. Each refusal has its own error, so the phone can
/// tell "register" from "wait for approval" from "revoked" from "signature wrong".
pub async fn verify_signed(
    db: &DatabaseConnection,
    caller: &AuthUser,
    method: &str,
    path: &str,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> AppResult<VerifiedDevice> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let id = header(shared::device::HEADER_ID)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or(ApiError::DeviceNotRegistered)?;
    let row = device::Entity::find_by_id((caller.bureau_id.0, id))
        .one(db)
        .await?
        .filter(|d| d.user_id == caller.user_id)
        .ok_or(ApiError::DeviceNotRegistered)?;
    match crate::platform::stored::code("status", &row.status, DeviceStatus::from_code)? {
        DeviceStatus::Approved => {}
        DeviceStatus::Pending => return Err(ApiError::DeviceNotApproved.into()),
        DeviceStatus::Revoked => return Err(ApiError::DeviceRevoked.into()),
    }
    let (Some(ts), Some(sig)) = (
        header(shared::device::HEADER_TIMESTAMP),
        header(shared::device::HEADER_SIGNATURE),
    ) else {
        return Err(ApiError::DeviceSignatureInvalid.into());
    };
    let ts: i64 = ts.parse().map_err(|_| ApiError::DeviceSignatureInvalid)?;
    let now = now_secs() as i64;
    if (now - ts).abs() > MAX_SKEW_SECS {
        return Err(ApiError::DeviceSignatureInvalid.into());
    }
    let key = URL_SAFE_NO_PAD
        .decode(&row.public_key)
        .ok()
        .and_then(|k| VerifyingKey::from_sec1_bytes(&k).ok())
        .ok_or(ApiError::DeviceSignatureInvalid)?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .ok()
        .and_then(|s| Signature::from_slice(&s).ok())
        .ok_or(ApiError::DeviceSignatureInvalid)?;
    let message = signing_message(method, path, ts, &audit::hex(&Sha256::digest(body)));
    key.verify(message.as_bytes(), &signature)
        .map_err(|_| ApiError::DeviceSignatureInvalid)?;
    if row.last_seen_at.is_none_or(|t| t <= now - SEEN_EVERY_SECS) {
        device::Entity::update_many()
            .col_expr(device::Column::LastSeenAt, Expr::value(now))
            .filter(device::Column::BureauId.eq(row.bureau_id))
            .filter(device::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(VerifiedDevice {
        id: row.id,
        name: row.name,
    })
}
