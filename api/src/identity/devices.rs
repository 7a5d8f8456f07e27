//! Field devices: registration by their user, approval and revocation by an admin, and the
//! check of device-signed requests that guards sync and upload.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
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
        .one(db)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict {
            reason: "该设备已注册".into(),
        }
        .into());
    }
    let txn = audit::begin(db, bureau).await?;
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
    .exec_with_returning(&txn)
    .await?;
    let mut a = Actor::of(caller);
    a.device_id = Some(id.to_string());
    audit::append(
        &txn,
        bureau,
        &a,
        "device.register",
        &format!("device:{id}"),
        json!({ "after": { "name": name, "status": "pending" } }),
    )
    .await?;
    txn.commit().await?;
    Ok(summaries(db, vec![model]).await?.remove(0))
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
    let (bureau, id) = (key.bureau(), key.id());
    let txn = audit::begin(db, bureau.0).await?;
    let row = device::Entity::find_by_id(key.pk())
        .one(&txn)
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
    let row = active.update(&txn).await?;
    let action = if to == DeviceStatus::Approved {
        "device.approve"
    } else {
        "device.revoke"
    };
    let summary = json!({ "before": { "status": before }, "after": { "status": to.code() } });
    audit::append(
        &txn,
        bureau.0,
        &Actor::of(caller),
        action,
        &format!("device:{id}"),
        summary,
    )
    .await?;
    txn.commit().await?;
    Ok(summaries(db, vec![row]).await?.remove(0))
}

/// Checks a device-signed request of `caller`: the device is the caller's, approved, and the
/// signature over method, path, timestamp and body hash verifies with its key. Marks it seen.
pub async fn verify_signed(
    db: &DatabaseConnection,
    caller: &AuthUser,
    method: &str,
    path: &str,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> AppResult<device::Model> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let (Some(id), Some(ts), Some(sig)) = (
        header(shared::device::HEADER_ID),
        header(shared::device::HEADER_TIMESTAMP),
        header(shared::device::HEADER_SIGNATURE),
    ) else {
        return Err(ApiError::DeviceSignatureInvalid.into());
    };
    let id = Uuid::parse_str(id).map_err(|_| ApiError::DeviceSignatureInvalid)?;
    let ts: i64 = ts.parse().map_err(|_| ApiError::DeviceSignatureInvalid)?;
    let now = now_secs() as i64;
    if (now - ts).abs() > MAX_SKEW_SECS {
        return Err(ApiError::DeviceSignatureInvalid.into());
    }
    let row = device::Entity::find_by_id((caller.bureau_id.0, id))
        .one(db)
        .await?
        .filter(|d| d.user_id == caller.user_id)
        .ok_or(ApiError::DeviceSignatureInvalid)?;
    match crate::platform::stored::code("status", &row.status, DeviceStatus::from_code)? {
        DeviceStatus::Approved => {}
        DeviceStatus::Pending => return Err(ApiError::DeviceNotApproved.into()),
        DeviceStatus::Revoked => return Err(ApiError::DeviceRevoked.into()),
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
    let mut seen: device::ActiveModel = row.clone().into();
    seen.last_seen_at = Set(Some(now));
    Ok(seen.update(db).await?)
}
