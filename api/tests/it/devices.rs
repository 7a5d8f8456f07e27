//! Field devices: a device key registered by its user, approved by an admin; signed sync
//! requests from unapproved, revoked or impostor devices are refused.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::TestApp;

struct Device {
    id: String,
    key: SigningKey,
}

impl Device {
    fn new() -> Device {
        Device {
            id: uuid::Uuid::new_v4().to_string(),
            key: SigningKey::random(&mut rand::rngs::OsRng),
        }
    }
    fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.verifying_key().to_encoded_point(false).as_bytes())
    }
    /// A signed ping; `skew` shifts the timestamp, `sign_path` lets a test sign something else.
    fn ping(&self, token: &str, skew: i64, sign_path: &str) -> Request<Body> {
        let ts = api::platform::auth::token::now_secs() as i64 + skew;
        let body_hash: String = Sha256::digest(b"")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let message = shared::device::signing_message("POST", sign_path, ts, &body_hash);
        let sig: Signature = self.key.sign(message.as_bytes());
        Request::post("/api/sync/ping")
            .header("authorization", format!("Bearer {token}"))
            .header("x-device-id", &self.id)
            .header("x-device-timestamp", ts.to_string())
            .header("x-device-signature", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
            .body(Body::empty())
            .expect("request")
    }
}

async fn token(app: &TestApp, bureau: i64, user: &str) -> String {
    app.login(bureau, user).await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> crate::common::Reply {
    app.post_json(
        path,
        &body,
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await
}

#[tokio::test]
async fn only_approved_devices_sync_and_revoking_cuts_them_off() {
    let app = TestApp::with_demo(0).await;
    let inspector = token(&app, 341321, "insp11").await;
    let device = Device::new();
    let reg = post(
        &app,
        &inspector,
        "/api/devices",
        json!({ "id": device.id, "name": "华为 PDA", "public_key": device.public_key() }),
    )
    .await;
    assert_eq!(reg.status, StatusCode::OK, "{:?}", reg.json());
    assert_eq!(reg.json()["status"], "pending");

    let pending = app.send(device.ping(&inspector, 0, "/api/sync/ping")).await;
    assert_eq!(pending.status, StatusCode::FORBIDDEN);
    assert_eq!(
        pending.json()["message"],
        "本设备尚未获管理员批准，暂不能同步数据"
    );

    let approve = format!("/api/devices/341321/{}/approve", device.id);
    let sibling_admin = token(&app, 341322, "admin").await;
    assert_eq!(
        post(&app, &sibling_admin, &approve, json!(null))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let inspector_try = post(&app, &inspector, &approve, json!(null)).await;
    assert_eq!(
        inspector_try.status,
        StatusCode::FORBIDDEN,
        "users do not approve their own devices"
    );
    let admin = token(&app, 341321, "admin").await;
    assert_eq!(
        post(&app, &admin, &approve, json!(null)).await.json()["status"],
        "approved"
    );

    let ok = app.send(device.ping(&inspector, 0, "/api/sync/ping")).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.json());
    assert_eq!(ok.json()["device_id"], device.id.as_str());
    let listed = app
        .get_with(
            "/api/devices",
            &[("authorization", &format!("Bearer {admin}"))],
        )
        .await
        .json();
    let row = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["id"] == device.id.as_str())
        .expect("listed")
        .clone();
    assert_eq!(row["owner_username"], "insp11");
    assert!(row["last_seen_at"].as_i64().is_some(), "last seen recorded");
    let city_list = app
        .get_with(
            "/api/devices",
            &[(
                "authorization",
                &format!("Bearer {}", token(&app, 341300, "admin").await),
            )],
        )
        .await;
    assert_eq!(
        city_list.json().as_array().map(Vec::len),
        Some(1),
        "the city admin sees the county's device"
    );
    let sibling_list = app
        .get_with(
            "/api/devices",
            &[("authorization", &format!("Bearer {sibling_admin}"))],
        )
        .await;
    assert_eq!(
        sibling_list.json().as_array().map(Vec::len),
        Some(0),
        "a sibling county sees none"
    );

    // Wrong message signed, stale timestamp, unsigned, another user's token: refused.
    let forged = app
        .send(device.ping(&inspector, 0, "/api/sync/other"))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.json()["error"], "device_signature_invalid");
    assert_eq!(
        app.send(device.ping(&inspector, -400, "/api/sync/ping"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let unsigned = app
        .post_json(
            "/api/sync/ping",
            &json!(null),
            &[("authorization", &format!("Bearer {inspector}"))],
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    let colleague = token(&app, 341321, "insp12").await;
    assert_eq!(
        app.send(device.ping(&colleague, 0, "/api/sync/ping"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let impostor = Device {
        id: device.id.clone(),
        key: SigningKey::random(&mut rand::rngs::OsRng),
    };
    assert_eq!(
        app.send(impostor.ping(&inspector, 0, "/api/sync/ping"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let revoke = format!("/api/devices/341321/{}/revoke", device.id);
    assert_eq!(
        post(&app, &admin, &revoke, json!(null)).await.json()["status"],
        "revoked"
    );
    let cut = app.send(device.ping(&inspector, 0, "/api/sync/ping")).await;
    assert_eq!(cut.status, StatusCode::FORBIDDEN);
    assert_eq!(
        cut.json()["message"],
        "本设备已被停用，无法同步数据，请联系本单位管理员"
    );
    assert_eq!(
        post(&app, &admin, &approve, json!(null)).await.status,
        StatusCode::CONFLICT
    );

    let bad_key = post(
        &app,
        &inspector,
        "/api/devices",
        json!({ "id": uuid::Uuid::new_v4().to_string(), "name": "x", "public_key": "AAAA" }),
    )
    .await;
    assert_eq!(bad_key.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_key.json()["message"], "设备公钥不是有效的P-256公钥");

    // Every step is in the audit trail, with the device where a device acted.
    let log = app
        .get_with(
            "/api/audit?action=device.",
            &[("authorization", &format!("Bearer {admin}"))],
        )
        .await
        .json();
    let actions: Vec<_> = log
        .as_array()
        .expect("log")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        actions,
        ["device.revoke", "device.approve", "device.register"]
    );
    assert_eq!(log[2]["device_id"], device.id.as_str());
}
