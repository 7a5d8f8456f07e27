//! Test harness: the real router over a fresh, migrated database per test.
//!
//! SQLite by default (a file in a temporary directory). With `HJ_TEST_PG_URL` set (the test
//! script starts a throwaway PostgreSQL 15), every test creates its own database there.

use api::platform::config::Config;
use api::platform::state::AppState;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// Each user's approved device (see [`TestApp::device`]), by user id.
    devices: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Device>>>,
    _dir: Option<tempfile::TempDir>,
}

/// A field device as the phone has it: an id and a P-256 key whose public half is registered.
/// Signs sync and upload requests as the app does (`shared::device::signing_message`).
pub struct Device {
    pub id: String,
    pub key: p256::ecdsa::SigningKey,
}

impl Default for Device {
    fn default() -> Self {
        Device::new()
    }
}

impl Device {
    pub fn new() -> Device {
        Device {
            id: uuid::Uuid::new_v4().to_string(),
            key: p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng),
        }
    }

    /// The public key as registration sends it: uncompressed SEC1, base64url without padding.
    pub fn public_key(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(self.key.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// The three device headers for `method` `path` (with its query) and `body`, signed at
    /// the server's clock shifted by `skew` seconds.
    pub fn headers_at(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        skew: i64,
    ) -> [(&'static str, String); 3] {
        use base64::Engine;
        use p256::ecdsa::signature::Signer;
        use sha2::Digest;
        let ts = api::platform::auth::token::now_secs() as i64 + skew;
        let hash = api::platform::audit::hex(&sha2::Sha256::digest(body));
        let message = shared::device::signing_message(method, path, ts, &hash);
        let sig: p256::ecdsa::Signature = self.key.sign(message.as_bytes());
        [
            (shared::device::HEADER_ID, self.id.clone()),
            (shared::device::HEADER_TIMESTAMP, ts.to_string()),
            (
                shared::device::HEADER_SIGNATURE,
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig.to_bytes()),
            ),
        ]
    }

    pub fn headers(&self, method: &str, path: &str, body: &[u8]) -> [(&'static str, String); 3] {
        self.headers_at(method, path, body, 0)
    }

    /// A request signed by this device, with the caller's `Authorization` value.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        auth: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Request<Body> {
        let mut b = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::AUTHORIZATION, auth)
            .header(header::CONTENT_TYPE, content_type);
        for (k, v) in self.headers(method.as_str(), path, &body) {
            b = b.header(k, v);
        }
        b.body(Body::from(body)).expect("request")
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.bytes))
        })
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn backend() -> &'static str {
    if std::env::var("HJ_TEST_PG_URL").is_ok() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A new, empty database: a SQLite file in a temporary directory (kept alive by the returned
/// guard), or a new database on the test PostgreSQL when `HJ_TEST_PG_URL` is set.
pub async fn fresh_database_url() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("HJ_TEST_PG_URL") {
        Ok(admin_url) => {
            use sea_orm::{ConnectionTrait, Database};
            let name = format!("hj_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect to test PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            // The admin URL names the `postgres` database; swap in the new one.
            let (base, query) = admin_url
                .split_once('?')
                .map_or((admin_url.as_str(), ""), |(b, q)| (b, q));
            let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
            let url = if query.is_empty() {
                format!("{base}/{name}")
            } else {
                format!("{base}/{name}?{query}")
            };
            (url, None)
        }
        Err(_) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let (url, dir) = fresh_database_url().await;
        let mut app = Self::on_database(&url, adjust).await;
        app._dir = dir;
        app
    }

    /// A test app over the database at `url` (which the caller keeps).
    pub async fn on_database(url: &str, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_database(url);
        adjust(&mut config);
        let state = api::build_state(config).await.expect("state builds");
        let router = api::router(state.clone());
        TestApp {
            state,
            router,
            devices: Default::default(),
            _dir: None,
        }
    }

    /// A test app with the demo organisation and `enterprises` generated enterprises.
    pub async fn with_demo(enterprises: u32) -> TestApp {
        Self::with_demo_config(enterprises, |_| {}).await
    }

    pub async fn with_demo_config(enterprises: u32, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let app = Self::with_config(adjust).await;
        api::demo::demo(
            &app.state.db,
            &api::demo::DemoOptions {
                enterprises,
                ..Default::default()
            },
        )
        .await
        .expect("demo seed")
        .expect("empty database gets seeded");
        app
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            bytes,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut b = Request::get(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::empty()).expect("request")).await
    }

    pub async fn post_json(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Signs in and returns the `Authorization` header value.
    pub async fn bearer(&self, bureau: i64, user: &str) -> String {
        let r = self.login(bureau, user).await;
        assert_eq!(r.status, StatusCode::OK, "{bureau}/{user} signs in");
        format!(
            "Bearer {}",
            r.json()["access_token"].as_str().expect("token")
        )
    }

    /// The approved device of the user behind `auth` (an `Authorization` value): registered by
    /// the user and approved by the admin of the user's bureau, through the API, once per
    /// user; later calls give the same device.
    pub async fn device(&self, auth: &str) -> std::sync::Arc<Device> {
        let me = self
            .get_with("/api/auth/me", &[("authorization", auth)])
            .await;
        assert_eq!(me.status, StatusCode::OK, "{:?}", me.json());
        let me = me.json();
        let user = me["id"].as_str().expect("user id").to_string();
        if let Some(d) = self.devices.lock().expect("devices").get(&user) {
            return d.clone();
        }
        let device = Device::new();
        let reg = self
            .post_json(
                "/api/devices",
                &serde_json::json!({ "id": device.id, "name": "测试手机", "public_key": device.public_key() }),
                &[("authorization", auth)],
            )
            .await;
        assert_eq!(reg.status, StatusCode::OK, "{:?}", reg.json());
        let bureau = me["bureau"]["id"].as_i64().expect("bureau");
        let admin = self.bearer(bureau, "admin").await;
        let ok = self
            .post_json(
                &format!("/api/devices/{bureau}/{}/approve", device.id),
                &Value::Null,
                &[("authorization", &admin)],
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.json());
        let device = std::sync::Arc::new(device);
        self.devices
            .lock()
            .expect("devices")
            .insert(user, device.clone());
        device
    }

    /// Sends `body` to `path` signed by the caller's approved device ([`TestApp::device`]).
    pub async fn send_signed(
        &self,
        method: Method,
        path: &str,
        auth: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let device = self.device(auth).await;
        self.send(device.request(method, path, auth, content_type, body))
            .await
    }

    /// Runs the queued background jobs to the end, as a serving instance's runner would.
    pub async fn run_jobs(&self) -> usize {
        api::jobs::run_pending(&self.state.db, "test", time::OffsetDateTime::now_utc())
            .await
            .expect("jobs run")
            .len()
    }

    pub async fn login(&self, bureau_id: i64, username: &str) -> Reply {
        let body = serde_json::json!({ "bureau_id": bureau_id, "username": username, "password": api::demo::DEMO_PASSWORD });
        self.post_json("/api/auth/login", &body, &[]).await
    }
}

/// Percent-encodes a query value (Chinese text, full-width digits).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
