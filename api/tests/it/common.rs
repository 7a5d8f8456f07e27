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
    _dir: Option<tempfile::TempDir>,
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

async fn fresh_database_url() -> (String, Option<tempfile::TempDir>) {
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
        let mut config = Config::for_database(&url);
        adjust(&mut config);
        let state = api::build_state(config).await.expect("state builds");
        let router = api::router(state.clone());
        TestApp {
            state,
            router,
            _dir: dir,
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
