//! Integration tests: the real router over a real, freshly migrated database
//! (SQLite always; PostgreSQL when the test script provides one).

use crate::common::{backend, TestApp};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    assert_eq!(r.json()["database"], backend());
    assert!(
        r.header("x-request-id").is_some_and(|id| id.len() == 36),
        "request id echoed"
    );
}

#[tokio::test]
async fn health_answers_503_in_chinese_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.state.db.clone().close().await.expect("close pool");
    let r = app.get("/api/health").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["error"], "unavailable");
    assert_eq!(r.json()["message"], "服务暂时不可用，请稍后再试");
}

#[tokio::test]
async fn demo_user_signs_in_and_reads_itself() {
    let app = TestApp::with_demo(50).await;
    let r = app.login(341321, "insp11").await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{:?}",
        String::from_utf8_lossy(&r.bytes)
    );
    let body = r.json();
    assert_eq!(body["user"]["bureau"]["name"], "宿州市砀山县生态环境分局");
    assert_eq!(body["user"]["roles"], json!(["inspector"]));
    assert!(body["user"]["certificate_no"]
        .as_str()
        .is_some_and(|c| c.starts_with("皖341321")));
    let token = body["access_token"].as_str().expect("token");
    let me = app
        .get_with(
            "/api/auth/me",
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "insp11");
}

#[tokio::test]
async fn bad_sign_ins_get_clear_chinese_errors() {
    let app = TestApp::with_demo(0).await;
    let wrong = app
        .post_json(
            "/api/auth/login",
            &json!({"bureau_id": 341321, "username": "insp11", "password": "nope"}),
            &[],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"], "invalid_credentials");
    assert_eq!(wrong.json()["message"], "用户名或密码错误");
    assert!(wrong.json()["request_id"].is_string());

    // Same answer for a user that does not exist: no user enumeration.
    let ghost = app
        .post_json(
            "/api/auth/login",
            &json!({"bureau_id": 341321, "username": "ghost", "password": "nope"}),
            &[],
        )
        .await;
    assert_eq!(ghost.status, StatusCode::UNAUTHORIZED);
    assert_eq!(ghost.json()["error"], "invalid_credentials");

    let bureau = app.login(999999, "insp11").await;
    assert_eq!(bureau.status, StatusCode::NOT_FOUND);
    assert_eq!(bureau.json()["message"], "未找到该单位");

    let empty = app
        .post_json(
            "/api/auth/login",
            &json!({"bureau_id": 341321, "username": " ", "password": "x"}),
            &[],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json()["detail"]["field"], "username");
    assert_eq!(empty.json()["message"], "请输入用户名");

    let malformed = app
        .post_json(
            "/api/auth/login",
            &json!({"bureau_id": "x"}),
            &[("accept-language", "en-US")],
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["error"], "malformed_request");
    assert_eq!(malformed.json()["message"], "The request is malformed");
}

#[tokio::test]
async fn tokens_are_checked() {
    let app = TestApp::with_demo(0).await;
    let none = app.get("/api/auth/me").await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.json()["message"], "请先登录");

    let token = app.login(341300, "leader").await.json()["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    // Flip one character of the signature.
    let mut tampered = token.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).expect("ascii");
    let r = app
        .get_with(
            "/api/auth/me",
            &[("authorization", &format!("Bearer {tampered}"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // alg=none with the same claims.
    let claims = token.split('.').nth(1).expect("payload");
    let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    let r = app
        .get_with(
            "/api/auth/me",
            &[("authorization", &format!("Bearer {none_header}.{claims}."))],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bureau_search_for_the_login_page() {
    let app = TestApp::with_demo(0).await;
    let all = app.get("/api/bureaus").await.json();
    let names: Vec<&str> = all
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|b| b["name"].as_str())
        .collect();
    assert_eq!(
        names.len(),
        7,
        "province, city and five counties; squads do not sign in: {names:?}"
    );
    assert_eq!(names[0], "安徽省生态环境厅");
    let by_name = app.get("/api/bureaus?q=%E7%81%B5%E7%92%A7").await.json(); // 灵璧
    assert_eq!(by_name[0]["division_code"], "341323");
    let by_code = app.get("/api/bureaus?q=34132").await.json();
    assert_eq!(by_code.as_array().map(Vec::len), Some(4));
    // Full-width digits typed on a Chinese keyboard work too.
    let full_width = app
        .get("/api/bureaus?q=%EF%BC%93%EF%BC%94%EF%BC%91%EF%BC%93%EF%BC%92%EF%BC%94")
        .await
        .json();
    assert_eq!(full_width[0]["name"], "宿州市泗县生态环境分局");
}

#[tokio::test]
async fn unknown_api_paths_answer_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/nothing/here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"], "not_found");
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json").await.json();
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.")),
        Some(true)
    );
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/health",
        "/api/auth/login",
        "/api/auth/me",
        "/api/bureaus",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
