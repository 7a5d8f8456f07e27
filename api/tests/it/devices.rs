//! Field devices: a device key registered by its user, approved by an admin; signed sync
//! requests from unapproved, revoked or impostor devices are refused.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use p256::ecdsa::SigningKey;
use serde_json::{json, Value};

use crate::common::{Device, TestApp};

/// A signed ping; `skew` shifts the timestamp, `sign_path` lets a test sign something else.
fn ping(device: &Device, token: &str, skew: i64, sign_path: &str) -> Request<Body> {
    let mut b = Request::post("/api/sync/ping").header("authorization", format!("Bearer {token}"));
    for (k, v) in device.headers_at("POST", sign_path, b"", skew) {
        b = b.header(k, v);
    }
    b.body(Body::empty()).expect("request")
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

    let pending = app
        .send(ping(&device, &inspector, 0, "/api/sync/ping"))
        .await;
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

    let ok = app
        .send(ping(&device, &inspector, 0, "/api/sync/ping"))
        .await;
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
        .send(ping(&device, &inspector, 0, "/api/sync/other"))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.json()["error"], "device_signature_invalid");
    assert_eq!(
        app.send(ping(&device, &inspector, -400, "/api/sync/ping"))
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
    assert_eq!(unsigned.status, StatusCode::FORBIDDEN);
    assert_eq!(unsigned.json()["error"], "device_not_registered");
    // insp11's phone is not insp12's: for insp12 it is an unregistered device.
    let colleague = token(&app, 341321, "insp12").await;
    let borrowed = app
        .send(ping(&device, &colleague, 0, "/api/sync/ping"))
        .await;
    assert_eq!(borrowed.status, StatusCode::FORBIDDEN);
    assert_eq!(borrowed.json()["error"], "device_not_registered");
    let impostor = Device {
        id: device.id.clone(),
        key: SigningKey::random(&mut rand::rngs::OsRng),
    };
    assert_eq!(
        app.send(ping(&impostor, &inspector, 0, "/api/sync/ping"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let revoke = format!("/api/devices/341321/{}/revoke", device.id);
    assert_eq!(
        post(&app, &admin, &revoke, json!(null)).await.json()["status"],
        "revoked"
    );
    let cut = app
        .send(ping(&device, &inspector, 0, "/api/sync/ping"))
        .await;
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

async fn register(app: &TestApp, auth: &str, device: &Device, name: &str) {
    let r = app
        .post_json(
            "/api/devices",
            &json!({ "id": device.id, "name": name, "public_key": device.public_key() }),
            &[("authorization", auth)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(r.json()["status"], "pending");
}

async fn decide(app: &TestApp, admin: &str, bureau: i64, device: &Device, to: &str) -> Value {
    let r = app
        .post_json(
            &format!("/api/devices/{bureau}/{}/{to}", device.id),
            &json!(null),
            &[("authorization", admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    r.json()
}

/// A sync batch signed by `device`.
async fn signed_sync(
    app: &TestApp,
    auth: &str,
    device: &Device,
    ops: &[Value],
) -> crate::common::Reply {
    let body = json!({ "ops": ops }).to_string().into_bytes();
    app.send(device.request(Method::POST, "/api/sync", auth, "application/json", body))
        .await
}

/// One evidence chunk signed by `device`.
async fn signed_chunk(
    app: &TestApp,
    auth: &str,
    device: &Device,
    path: &str,
    bytes: &[u8],
) -> crate::common::Reply {
    app.send(device.request(
        Method::PUT,
        path,
        auth,
        "application/octet-stream",
        bytes.to_vec(),
    ))
    .await
}

async fn ledger(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    api::platform::entity::sync_op::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn revoking_a_device_cuts_its_sync_and_upload_until_a_new_one_is_approved() {
    use crate::inspections::{evidence, new_task, op, record};
    let app = TestApp::with_demo(40).await;
    let t = new_task(&app).await;
    let admin = app.bearer(t.bureau, "admin").await;
    let phone = Device::new();
    register(&app, &t.insp, &phone, "华为 PDA").await;

    let photo: Vec<u8> = (0..40_000u32).map(|i| (i * 31 % 253) as u8).collect();
    let (eid, mut declare) = evidence(&t, &photo, None);
    // The body names another device; the server records the one that signed.
    declare["evidence"]["device"] = json!("设备 00000000-0000-4000-8000-000000000000 · 别人的手机");
    let record_id = uuid::Uuid::new_v4().to_string();
    let ops = [
        op(&t, declare),
        op(
            &t,
            json!({ "type": "save_record", "base_rev": 0, "record": record(&t, &record_id, false) }),
        ),
    ];

    // Pending: refused with its own code and a Chinese reason; nothing is written.
    let pending = signed_sync(&app, &t.insp, &phone, &ops).await;
    assert_eq!(pending.status, StatusCode::FORBIDDEN);
    assert_eq!(pending.json()["error"], "device_not_approved");
    assert_eq!(
        pending.json()["message"],
        "本设备尚未获管理员批准，暂不能同步数据"
    );
    // Unsigned (no device at all): the phone is told to register.
    let unsigned = app
        .post_json(
            "/api/sync",
            &json!({ "ops": ops }),
            &[("authorization", &t.insp)],
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::FORBIDDEN);
    assert_eq!(unsigned.json()["error"], "device_not_registered");
    assert!(unsigned.json()["message"]
        .as_str()
        .expect("message")
        .contains("注册"));
    assert_eq!(ledger(&app).await, 0, "a refused batch writes nothing");

    // Approved: applied, and what is written names the verified device.
    decide(&app, &admin, t.bureau, &phone, "approve").await;
    let ok = signed_sync(&app, &t.insp, &phone, &ops).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.json());
    for r in ok.json()["results"].as_array().expect("results") {
        assert_eq!(r["outcome"], "applied", "{r:?}");
    }
    let view = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.leader)],
        )
        .await
        .json();
    let ev = view["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["id"] == eid.as_str())
        .expect("declared")
        .clone();
    assert_eq!(ev["device"], format!("设备 {} · 华为 PDA", phone.id));
    let log = app
        .get_with(
            "/api/audit?action=inspection.",
            &[("authorization", &admin)],
        )
        .await
        .json();
    let entries = log.as_array().expect("log");
    assert_eq!(entries.len(), 2, "{log:?}");
    for e in entries {
        assert_eq!(e["device_id"], phone.id.as_str(), "{e:?}");
        assert!(!e["summary"].as_str().expect("s").contains("别人的手机"));
    }

    // The very same signed request again (a capture replayed, or a lost reply resent): the
    // ledger answers duplicate. The signature covers the body, op ids included: the old
    // signature on another batch is refused.
    let body = json!({ "ops": ops }).to_string().into_bytes();
    let headers = phone.headers("POST", "/api/sync", &body);
    let replay = |body: Vec<u8>| {
        let mut b = Request::post("/api/sync")
            .header("authorization", &t.insp)
            .header("content-type", "application/json");
        for (k, v) in &headers {
            b = b.header(*k, v);
        }
        b.body(Body::from(body)).expect("request")
    };
    let again = app.send(replay(body.clone())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.json()["results"]
        .as_array()
        .expect("r")
        .iter()
        .all(|r| r["outcome"] == "duplicate"));
    let other = [op(
        &t,
        json!({ "type": "save_record", "base_rev": 0, "record": record(&t, &uuid::Uuid::new_v4().to_string(), false) }),
    )];
    let forged = app
        .send(replay(json!({ "ops": other }).to_string().into_bytes()))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.json()["error"], "device_signature_invalid");

    // Half the photo arrives from the approved phone.
    let upload = |at: usize| format!("/api/evidence/{}/{eid}/upload?offset={at}", t.bureau);
    let half = photo.len() / 2;
    let first = signed_chunk(&app, &t.insp, &phone, &upload(0), &photo[..half]).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.json());
    assert_eq!(first.json()["received"], half);
    // An unsigned chunk is refused.
    let bare = app
        .send(
            Request::put(upload(half))
                .header("authorization", &t.insp)
                .body(Body::from(photo[half..].to_vec()))
                .expect("request"),
        )
        .await;
    assert_eq!(bare.status, StatusCode::FORBIDDEN);
    assert_eq!(bare.json()["error"], "device_not_registered");

    // Revoked: sync and upload are cut off, with the reason.
    decide(&app, &admin, t.bureau, &phone, "revoke").await;
    let cut = signed_sync(&app, &t.insp, &phone, &other).await;
    assert_eq!(cut.status, StatusCode::FORBIDDEN);
    assert_eq!(cut.json()["error"], "device_revoked");
    assert_eq!(
        cut.json()["message"],
        "本设备已被停用，无法同步数据，请联系本单位管理员"
    );
    let cut = signed_chunk(&app, &t.insp, &phone, &upload(half), &photo[half..]).await;
    assert_eq!(cut.status, StatusCode::FORBIDDEN);
    assert_eq!(cut.json()["error"], "device_revoked");
    let before = ledger(&app).await;

    // The phone registers anew (a new key; the revoked one stays revoked) and, once approved,
    // its work kept meanwhile goes through: the refused op applies, the upload resumes.
    let renewed = Device::new();
    register(&app, &t.insp, &renewed, "华为 PDA").await;
    let waiting = signed_sync(&app, &t.insp, &renewed, &other).await;
    assert_eq!(waiting.json()["error"], "device_not_approved");
    assert_eq!(ledger(&app).await, before);
    decide(&app, &admin, t.bureau, &renewed, "approve").await;
    let resumed = signed_sync(&app, &t.insp, &renewed, &other).await;
    assert_eq!(resumed.status, StatusCode::OK);
    assert_eq!(resumed.json()["results"][0]["outcome"], "applied");
    let rest = signed_chunk(&app, &t.insp, &renewed, &upload(half), &photo[half..]).await;
    assert_eq!(rest.status, StatusCode::OK, "{:?}", rest.json());
    assert_eq!(rest.json()["verified"], true);
    let log = app
        .get_with(
            "/api/audit?action=inspection.record",
            &[("authorization", &admin)],
        )
        .await
        .json();
    assert_eq!(
        log[0]["device_id"],
        renewed.id.as_str(),
        "the newest record"
    );
}

#[tokio::test]
async fn the_demo_phones_are_approved_by_the_demo_admin_through_the_devices_service() {
    let app = TestApp::spawn().await;
    let options = api::demo::DemoOptions {
        enterprises: 40,
        store: Some(app.state.store.clone()),
        ..Default::default()
    };
    api::demo::demo(&app.state.db, &options)
        .await
        .expect("demo seed")
        .expect("seeded");
    let admin = app.bearer(341302, "admin").await;
    let users = app
        .get_with("/api/users", &[("authorization", &admin)])
        .await
        .json();
    let insp11 = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["username"] == "insp11")
        .expect("insp11")["id"]
        .as_str()
        .expect("id")
        .parse::<uuid::Uuid>()
        .expect("uuid");
    let (id, key) = api::demo::work::phone(options.seed, insp11);
    let phone = Device {
        id: id.to_string(),
        key,
    };
    // The demo phone signs like any approved phone.
    let token = token(&app, 341302, "insp11").await;
    let ok = app.send(ping(&phone, &token, 0, "/api/sync/ping")).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.json());
    assert_eq!(ok.json()["device_id"], phone.id.as_str());
    // It got there as every phone does: registered by insp11, approved by the admin, audited.
    let log = app
        .get_with("/api/audit?action=device.", &[("authorization", &admin)])
        .await
        .json();
    let mine: Vec<&Value> = log
        .as_array()
        .expect("log")
        .iter()
        .filter(|e| e["target"] == format!("device:{id}"))
        .collect();
    let steps: Vec<(&str, &str)> = mine
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or(""),
                e["actor"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let name = |u: &str| {
        let user = users
            .as_array()
            .expect("users")
            .iter()
            .find(|x| x["username"] == u)
            .expect("user")
            .clone();
        format!(
            "{}（{u}）",
            user["display_name"].as_str().expect("display name")
        )
    };
    assert_eq!(
        steps,
        [
            ("device.approve", name("admin").as_str()),
            ("device.register", name("insp11").as_str())
        ]
    );
    assert!(mine[0]["summary"].as_str().expect("s").contains("演示"));
    let chain = app
        .get_with("/api/audit/verify", &[("authorization", &admin)])
        .await
        .json();
    assert_eq!(chain["ok"], true, "{chain:?}");
}
