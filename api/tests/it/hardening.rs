//! Bad input gets a clear answer and costs nothing: length limits before anything is written,
//! the client address from the trusted proxy's hop, exact throttle counts under concurrency,
//! neutralised CSV cells, the app's security headers, bounded bodies and time, 405 for a
//! method a route does not have, and an OpenAPI document that names every error it sends.

use std::net::SocketAddr;

use api::platform::entity::{audit_log, enterprise, login_throttle};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

use crate::common::{enc, TestApp};

async fn throttle_rows(app: &TestApp) -> Vec<login_throttle::Model> {
    login_throttle::Entity::find()
        .all(&app.state.db)
        .await
        .expect("throttle rows")
}

async fn failed_sign_ins_audited(app: &TestApp) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.login_failed"))
        .count(&app.state.db)
        .await
        .expect("audit count")
}

fn login_body(user: &str, password: &str) -> Value {
    json!({ "bureau_id": 341321, "username": user, "password": password })
}

#[tokio::test]
async fn texts_over_their_limit_are_refused_before_anything_is_written() {
    let app = TestApp::with_demo(0).await;

    // A sign-in name of 65 characters (Chinese: 195 bytes) is refused, naming field and limit,
    // and leaves no throttle row and no audit entry behind.
    let long_name = "用".repeat(65);
    let r = app
        .post_json("/api/auth/login", &login_body(&long_name, "wrong"), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["error"], "invalid_input");
    assert_eq!(body["detail"]["field"], "username");
    assert_eq!(body["message"], "用户名不能超过64个字符");
    let r = app
        .post_json(
            "/api/auth/login",
            &login_body("insp11", &"x".repeat(129)),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["detail"]["field"], "password");
    assert_eq!(r.json()["message"], "密码不能超过128个字符");
    assert!(throttle_rows(&app).await.is_empty(), "nothing throttled");
    assert_eq!(failed_sign_ins_audited(&app).await, 0, "nothing audited");
    // 64 characters is within the limit: an ordinary failed sign-in.
    let r = app
        .post_json(
            "/api/auth/login",
            &login_body(&"用".repeat(64), "wrong"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // An admin's new user with a 65-character name: refused, no account made.
    let admin = app.bearer(341321, "admin").await;
    let new_user = json!({
        "bureau_id": 341321, "squad_id": null, "username": "clerk9",
        "display_name": "张".repeat(65), "roles": ["dispatcher"],
        "certificate_no": null, "certificate_valid_until": null, "phone": null
    });
    let r = app
        .post_json("/api/users", &new_user, &[("authorization", &admin)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["detail"]["field"], "display_name");
    assert_eq!(r.json()["message"], "姓名不能超过64个字符");
    let users = app
        .get_with("/api/users", &[("authorization", &admin)])
        .await
        .json();
    assert!(
        !users
            .as_array()
            .expect("users")
            .iter()
            .any(|u| u["username"] == "clerk9"),
        "no account was created"
    );

    // Query strings too: a search text over 200 characters.
    let r = app
        .get(&format!("/api/bureaus?q={}", enc(&"宿".repeat(201))))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["message"], "搜索内容不能超过200个字符");
}

#[test]
fn a_signature_image_has_its_own_limit() {
    use shared::inspection::{Op, OpBody, RecordDoc, RecordKind, Signature, SignerRole, SyncBatch};
    let record = |image: String| RecordDoc {
        id: "r1".into(),
        task_id: "t1".into(),
        kind: RecordKind::Onsite,
        started_at: "2026-01-05T09:00:00+08:00".into(),
        ended_at: String::new(),
        place: "车间".into(),
        party_name: "某化工有限公司".into(),
        respondent: String::new(),
        respondent_title: String::new(),
        respondent_phone: String::new(),
        content: "检查情况".into(),
        questions: vec![],
        signatures: vec![Signature {
            role: SignerRole::Party,
            user_id: String::new(),
            name: "李四".into(),
            image,
            signed_at: "2026-01-05T10:00:00+08:00".into(),
        }],
        party_refusal: None,
    };
    let batch = |image: String| SyncBatch {
        ops: vec![Op {
            id: "op1".into(),
            bureau_id: shared::BureauId(341321),
            task_id: "t1".into(),
            made_at: "2026-01-05T10:00:00+08:00".into(),
            body: OpBody::SaveRecord {
                record: record(image),
                base_rev: 0,
            },
        }],
    };
    let png = |n: usize| format!("data:image/png;base64,{}", "A".repeat(n));
    // A drawn signature of 300 KB is fine; one over 512 KB is refused by name.
    assert_eq!(shared::limits::check(&batch(png(300 * 1024))), Ok(()));
    let e = shared::limits::check(&batch(png(512 * 1024))).expect_err("over 512 KB");
    assert_eq!(e.field, "ops[0].body.record.signatures[0].image");
    assert_eq!(e.reason(), "签名图片不能超过512KB");
    // The record's text has a limit far above the one-line fields'.
    let mut long = batch(png(10));
    if let OpBody::SaveRecord { record, .. } = &mut long.ops[0].body {
        record.content = "查".repeat(20_001);
    }
    assert_eq!(
        shared::limits::check(&long).expect_err("long").reason(),
        "检查情况不能超过20000个字符"
    );
}

async fn fail_sign_in(app: &TestApp, peer: Option<&str>, forwarded: &str) -> StatusCode {
    let mut req = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(login_body("insp11", "wrong").to_string()))
        .expect("request");
    if let Some(peer) = peer {
        let addr: SocketAddr = peer.parse().expect("socket address");
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    app.send(req).await.status
}

async fn address_keys(app: &TestApp) -> Vec<String> {
    throttle_rows(app)
        .await
        .into_iter()
        .map(|r| r.key)
        .filter(|k| k.starts_with("ip:"))
        .collect()
}

#[tokio::test]
async fn the_client_address_is_the_trusted_proxys_hop_not_the_clients_own() {
    // By default no proxy is trusted: the socket peer is the client, whatever the header says.
    let app = TestApp::with_demo_config(0, |c| c.trusted_proxy_hops = 0).await;
    let status = fail_sign_in(&app, Some("192.0.2.10:50000"), "6.6.6.6").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(address_keys(&app).await, vec!["ip:192.0.2.10".to_string()]);

    // One proxy in front: the entry it appended (the last) names the client; the client's own
    // entry (the first) is ignored, so a script cannot pick a fresh address per guess.
    let app = TestApp::with_demo_config(0, |c| c.trusted_proxy_hops = 1).await;
    fail_sign_in(&app, Some("10.0.0.2:443"), "6.6.6.6, 203.0.113.7").await;
    fail_sign_in(&app, Some("10.0.0.2:443"), "7.7.7.7, 203.0.113.7").await;
    assert_eq!(address_keys(&app).await, vec!["ip:203.0.113.7".to_string()]);
    let rows = throttle_rows(&app).await;
    let row = rows
        .iter()
        .find(|r| r.key == "ip:203.0.113.7")
        .expect("row");
    assert_eq!(row.failures, 2, "both guesses count against one address");
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("auth.login_failed"))
        .all(&app.state.db)
        .await
        .expect("audit");
    assert!(audited
        .iter()
        .all(|a| a.summary.contains("203.0.113.7") && !a.summary.contains("6.6.6.6")));

    // Proxies named by address: read from the right while the hop is one of them.
    let app = TestApp::with_demo_config(0, |c| {
        c.trusted_proxy_hops = 0;
        c.trusted_proxies = vec!["10.0.0.0/8".into(), "172.16.0.1".into()];
    })
    .await;
    fail_sign_in(
        &app,
        Some("10.0.0.2:443"),
        "6.6.6.6, 198.51.100.4, 172.16.0.1",
    )
    .await;
    assert_eq!(
        address_keys(&app).await,
        vec!["ip:198.51.100.4".to_string()]
    );
    // A peer that is not a trusted proxy is the client itself.
    fail_sign_in(&app, Some("198.51.100.99:443"), "6.6.6.6").await;
    let mut keys = address_keys(&app).await;
    keys.sort();
    assert_eq!(keys, vec!["ip:198.51.100.4", "ip:198.51.100.99"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failed_sign_ins_are_each_counted() {
    let app = std::sync::Arc::new(TestApp::with_demo(0).await);
    // Fifteen guesses at once from one address, each at a different (unknown) account, so that
    // no account lock turns any of them away before it is counted.
    let guesses: Vec<_> = (0..15)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.post_json(
                    "/api/auth/login",
                    &login_body(&format!("nobody{i}"), "wrong"),
                    &[("x-forwarded-for", "203.0.113.50")],
                )
                .await
                .status
            })
        })
        .collect();
    for g in guesses {
        assert_eq!(g.await.expect("joined"), StatusCode::UNAUTHORIZED);
    }
    let rows = throttle_rows(&app).await;
    let address = rows
        .iter()
        .find(|r| r.key == "ip:203.0.113.50")
        .expect("address row");
    assert_eq!(address.failures, 15, "every failure counted exactly once");

    // The same for one account: every failure that was not turned away is counted.
    let attempts: Vec<_> = (0..8)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.post_json(
                    "/api/auth/login",
                    &login_body("insp11", "wrong"),
                    &[("x-forwarded-for", &format!("198.51.100.{i}"))],
                )
                .await
                .status
            })
        })
        .collect();
    let mut refused = 0;
    for a in attempts {
        match a.await.expect("joined") {
            StatusCode::UNAUTHORIZED => refused += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    let rows = throttle_rows(&app).await;
    let account = rows
        .iter()
        .find(|r| r.key == "acct:341321:insp11")
        .expect("account row");
    assert_eq!(account.failures, refused);
    assert!(
        account.locked_until.is_some(),
        "three or more failures slow it down"
    );
}

#[tokio::test]
async fn csv_export_neutralises_cells_that_would_run_as_formulas() {
    let app = TestApp::with_demo(3).await;
    let names = [
        "=HYPERLINK(\"http://evil.example\",\"点击\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    let ids: Vec<_> = enterprise::Entity::find()
        .all(&app.state.db)
        .await
        .expect("enterprises")
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(ids.len() >= 3, "the demo made enterprises");
    for (id, name) in ids.iter().zip(names) {
        enterprise::Entity::update_many()
            .col_expr(enterprise::Column::Name, Expr::value(name))
            .filter(enterprise::Column::Id.eq(*id))
            .exec(&app.state.db)
            .await
            .expect("rename");
    }
    enterprise::Entity::update_many()
        .col_expr(
            enterprise::Column::LegalRepresentative,
            Expr::value("\t=1+1"),
        )
        .filter(enterprise::Column::Id.eq(ids[0]))
        .exec(&app.state.db)
        .await
        .expect("rename");
    let admin = app.bearer(341300, "admin").await;
    let r = app
        .get_with(
            "/api/enterprises/export?format=csv",
            &[("authorization", &admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = String::from_utf8(r.bytes.clone()).expect("utf-8");
    let mut reader =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| {
            r.expect("record")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for name in names.iter().take(ids.len()) {
        assert!(
            cells.contains(&format!("'{name}")),
            "{name} is exported as text: {cells:?}"
        );
        assert!(!cells.contains(&name.to_string()), "{name} never bare");
    }
    assert!(cells.contains(&"'\t=1+1".to_string()), "a leading tab too");
    let formula_like = |c: &&String| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    assert_eq!(cells.iter().filter(formula_like).count(), 0);

    // Ordinary text is left alone, and the writer's output parses back to the same cells.
    let plain = api::registry::transfer::csv_bytes(
        &["企业名称", "联系电话"],
        &[vec!["宿州某化工".into(), "\r=evil".into()]],
    )
    .expect("csv");
    let plain = String::from_utf8(plain).expect("utf-8");
    assert!(plain.contains("宿州某化工,"), "{plain}");
    assert!(plain.contains("'\r=evil"), "{plain:?}");
}

const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https://*.tiles.example.cn; \
    connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

#[tokio::test]
async fn the_app_is_served_under_a_content_security_policy() {
    let dist = tempfile::tempdir().expect("dist");
    let d = dist.path();
    std::fs::write(d.join("index.html"), "<!doctype html><title>环监</title>").expect("write");
    std::fs::write(d.join("app-3f2a9c1b.js"), "export{}").expect("write");
    let long = format!("app-{}_bg.wasm", "0123456789abcdef".repeat(4));
    std::fs::write(d.join(&long), b"\0asm").expect("write");
    std::fs::write(d.join("sw.js"), "").expect("write");
    let app = TestApp::with_config(|c| {
        c.static_dir = d.to_path_buf();
        c.map_tiles = Some("https://{s}.tiles.example.cn/{z}/{x}/{y}.png".into());
    })
    .await;

    for path in ["/", "/sw.js", "/enterprises/1", "/app-3f2a9c1b.js"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let csp = r.header("content-security-policy").expect("policy");
        assert_eq!(csp, POLICY, "{path}");
        assert!(!csp.contains("'unsafe-eval'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("same-origin"));
    }
    // Hashes of 8 and of 64 hex digits are both immutable assets.
    for path in ["/app-3f2a9c1b.js".to_string(), format!("/{long}")] {
        assert_eq!(
            app.get(&path).await.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
    }
    // The API's answers, errors included, carry the same two headers.
    for r in [app.get("/api/health").await, app.get("/api/nothing").await] {
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("same-origin"));
    }
    // Without tiles the images are the app's own, data and blob URLs.
    let app = TestApp::with_config(|c| c.static_dir = d.to_path_buf()).await;
    let csp = app.get("/").await;
    assert!(csp
        .header("content-security-policy")
        .expect("policy")
        .contains("img-src 'self' data: blob:; connect-src"));
}

#[tokio::test]
async fn bodies_are_bounded_per_route_and_requests_in_time() {
    let app = TestApp::spawn().await;
    let big = json!({ "bureau_id": 341321, "username": "a", "password": "x".repeat(70 * 1024) });
    let r = app.post_json("/api/auth/login", &big, &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let body = r.json();
    assert_eq!(body["error"], "payload_too_large");
    assert_eq!(body["detail"]["max_bytes"], 64 * 1024);
    assert_eq!(body["message"], "请求内容过大，最多64KB");

    // A streamed body without a length is cut off at the limit just the same.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..80).map(|_| Ok(vec![b' '; 1024])).collect();
    let req = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["error"], "payload_too_large");

    // The routes that carry files take more than the default.
    let app = TestApp::with_demo(0).await;
    let admin = app.bearer(341321, "admin").await;
    let file = vec![b'x'; 200 * 1024];
    let req = Request::post("/api/enterprises/import?kind=enterprises&dry_run=true")
        .header("authorization", &admin)
        .body(Body::from(file))
        .expect("request");
    let r = app.send(req).await;
    assert_ne!(
        r.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "an import file of 200 KB"
    );
    let limit = api::platform::limits::body_limit("POST", "/api/sync");
    assert!(limit >= 8 * 1024 * 1024, "sync batches carry signatures");

    // A request that does not finish in time (its body never arrives) is answered 503.
    let app = TestApp::with_config(|c| c.request_timeout_secs = 1).await;
    let stalled = futures_util::stream::once(async { Ok::<_, std::io::Error>(b"{".to_vec()) })
        .chain(futures_util::stream::pending());
    let req = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stalled))
        .expect("request");
    let started = std::time::Instant::now();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["error"], "timeout");
    assert_eq!(r.json()["message"], "请求处理超时，请稍后再试");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

use futures_util::StreamExt;

#[tokio::test]
async fn a_method_a_route_does_not_have_is_405() {
    let app = TestApp::with_demo(0).await;
    for (method, path, allow) in [
        (Method::DELETE, "/api/users", "GET, HEAD, POST"),
        (Method::PATCH, "/api/health", "GET, HEAD"),
        (Method::GET, "/api/auth/login", "POST"),
    ] {
        let r = app
            .send(
                Request::builder()
                    .method(method.clone())
                    .uri(path)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(r.header("allow"), Some(allow), "{method} {path}");
        assert_eq!(r.json()["error"], "method_not_allowed");
        assert_eq!(r.json()["message"], "该接口不支持此请求方法");
    }
    // HEAD of a GET route is the GET route.
    let r = app
        .send(
            Request::head("/api/health")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // What the framework refuses by itself leaves in the one error shape too.
    let admin = app.bearer(341321, "admin").await;
    let r = app
        .post_json(
            "/api/users/not-a-number/x/status",
            &json!({ "active": true }),
            &[("authorization", &admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "malformed_request");
    let r = app
        .get_with("/api/enterprises/near?lat=x", &[("authorization", &admin)])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "malformed_request");
}

#[tokio::test]
async fn the_openapi_document_names_every_error_it_sends() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json").await.json();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    // Every reference resolves (a query enum left out of the components broke fuzzing).
    let text = doc.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().expect("name");
        assert!(schemas.contains_key(name), "unresolved reference {name}");
    }
    let table = api::access_table();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let upper = method.to_uppercase();
            let Some(access) = table.get(&upper, path) else {
                continue;
            };
            operations += 1;
            let responses = op["responses"].as_object().expect("responses");
            let mut expected = vec!["400", "404", "422", "500", "503"];
            if access != api::platform::access::Access::Public {
                expected.extend(["401", "403"]);
            }
            if op.get("requestBody").is_some() {
                expected.push("413");
            }
            if upper != "GET" {
                expected.push("409");
            }
            for status in expected {
                let response = responses
                    .get(status)
                    .unwrap_or_else(|| panic!("{upper} {path} documents no {status}"));
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{upper} {path} {status}"
                );
            }
        }
    }
    assert!(operations > 40, "{operations} operations checked");
    // The error shape names the new errors.
    for tag in ["method_not_allowed", "payload_too_large", "timeout"] {
        assert!(text.contains(tag), "{tag} in the schema");
    }
}
