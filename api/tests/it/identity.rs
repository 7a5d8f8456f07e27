//! Sign-in hardening: tokens, throttling, refresh rotation, forced password change, disabling.

use api::platform::auth::token::{now_secs, Claims, AUDIENCE};
use axum::http::StatusCode;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::common::TestApp;

const KEY: &str = "test-key-0123456789abcdef0123456789abcdef";

fn bearer(t: &str) -> String {
    format!("Bearer {t}")
}

async fn me_status(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let r = app
        .get_with("/api/auth/me", &[("authorization", &bearer(token))])
        .await;
    (r.status, r.json())
}

fn claims_for(app_body: &Value) -> Claims {
    Claims {
        sub: app_body["user"]["id"]
            .as_str()
            .expect("id")
            .parse()
            .expect("uuid"),
        bid: app_body["user"]["bureau"]["id"].as_i64().expect("bid"),
        roles: vec![shared::Role::Inspector],
        iss: "huanjian".into(),
        aud: AUDIENCE.into(),
        iat: now_secs(),
        nbf: now_secs(),
        exp: now_secs() + 600,
        jti: uuid::Uuid::new_v4(),
    }
}

fn sign(claims: &Claims, key: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(key.as_bytes()),
    )
    .expect("sign")
}

#[tokio::test]
async fn forged_expired_and_altered_tokens_are_rejected() {
    let app = TestApp::with_demo(0).await;
    let signed_in = app.login(341321, "insp11").await.json();
    let good = claims_for(&signed_in);
    assert_eq!(
        me_status(&app, &sign(&good, KEY)).await.0,
        StatusCode::OK,
        "a correctly signed token works"
    );

    let wrong_key = sign(&good, "another-key-0123456789abcdef0123456789");
    assert_eq!(
        me_status(&app, &wrong_key).await.0,
        StatusCode::UNAUTHORIZED
    );

    let mut expired = good.clone();
    expired.iat -= 1000;
    expired.nbf -= 1000;
    expired.exp = now_secs() - 61;
    let (status, body) = me_status(&app, &sign(&expired, KEY)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "token_expired");
    assert_eq!(body["message"], "登录已过期，请重新登录");

    let mut audience = good.clone();
    audience.aud = "someone-else".into();
    assert_eq!(
        me_status(&app, &sign(&audience, KEY)).await.0,
        StatusCode::UNAUTHORIZED
    );

    let mut issuer = good.clone();
    issuer.iss = "elsewhere".into();
    assert_eq!(
        me_status(&app, &sign(&issuer, KEY)).await.0,
        StatusCode::UNAUTHORIZED
    );

    let mut early = good.clone();
    early.nbf = now_secs() + 120;
    assert_eq!(
        me_status(&app, &sign(&early, KEY)).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Altered claims under the original signature: become a city admin.
    let real = signed_in["access_token"].as_str().expect("token");
    let parts: Vec<&str> = real.split('.').collect();
    let mut promoted = good.clone();
    promoted.bid = 341300;
    promoted.roles = vec![shared::Role::Admin];
    let forged_payload = sign(&promoted, KEY)
        .split('.')
        .nth(1)
        .expect("payload")
        .to_string();
    let altered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(me_status(&app, &altered).await.0, StatusCode::UNAUTHORIZED);

    // alg=none and HS512 are not accepted even with a valid key.
    let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.", parts[1]);
    assert_eq!(me_status(&app, &none).await.0, StatusCode::UNAUTHORIZED);
    let hs512 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS512),
        &good,
        &EncodingKey::from_secret(KEY.as_bytes()),
    )
    .expect("sign");
    assert_eq!(me_status(&app, &hs512).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(me_status(&app, "garbage").await.0, StatusCode::UNAUTHORIZED);
}

async fn attempt(app: &TestApp, user: &str, password: &str, client: &str) -> (StatusCode, Value) {
    let body = json!({ "bureau_id": 341321, "username": user, "password": password });
    let r = app
        .post_json("/api/auth/login", &body, &[("x-forwarded-for", client)])
        .await;
    (r.status, r.json())
}

#[tokio::test]
async fn repeated_failures_slow_down_then_lock() {
    let app = TestApp::with_demo(0).await;
    for _ in 0..3 {
        assert_eq!(
            attempt(&app, "insp11", "wrong", "10.0.0.1").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    // After three failures the account waits 30 s, even for the right password.
    let (status, body) = attempt(&app, "insp11", api::demo::DEMO_PASSWORD, "10.0.0.1").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "account_locked");
    assert!(body["detail"]["retry_after_secs"]
        .as_u64()
        .is_some_and(|s| s <= 30));
    assert_eq!(body["message"], "登录失败次数过多，请1分钟后再试");
    // Another account from the same address is not affected.
    assert_eq!(
        attempt(&app, "insp12", api::demo::DEMO_PASSWORD, "10.0.0.1")
            .await
            .0,
        StatusCode::OK
    );

    // One address trying many accounts is locked as a whole after 20 failures.
    for i in 0..20 {
        let user = format!("nobody{i}");
        assert_eq!(
            attempt(&app, &user, "wrong", "10.0.0.9").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, body) = attempt(&app, "insp13", api::demo::DEMO_PASSWORD, "10.0.0.9").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["message"], "登录失败次数过多，请15分钟后再试");
    assert_eq!(
        attempt(&app, "insp13", api::demo::DEMO_PASSWORD, "10.0.0.10")
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn account_locks_after_five_failures() {
    let app = TestApp::with_demo(0).await;
    // Age each failure past the 30 s pause by clearing it, as a patient attacker would wait.
    for _ in 0..5 {
        let (status, _) = attempt(&app, "insp21", "wrong", "10.0.1.1").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        use sea_orm::ConnectionTrait;
        app.state
            .db
            .execute_unprepared("UPDATE login_throttle SET locked_until = NULL WHERE key LIKE 'acct:%' AND failures < 5")
            .await
            .expect("age");
    }
    let (status, body) = attempt(&app, "insp21", api::demo::DEMO_PASSWORD, "10.0.1.2").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["detail"]["retry_after_secs"]
        .as_u64()
        .is_some_and(|s| s > 800));
}

#[tokio::test]
async fn refresh_rotates_and_reuse_or_logout_revokes() {
    // No grace window: any reuse of a spent token is a replay (the window: sessions.rs).
    let app = TestApp::with_demo_config(0, |c| c.refresh_grace_secs = 0).await;
    let first = app.login(341321, "insp11").await.json();
    let r1 = first["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    let second = app
        .post_json("/api/auth/refresh", &json!({ "refresh_token": r1 }), &[])
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let r2 = second.json()["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    assert_ne!(r1, r2);
    // Replaying the spent token revokes the whole sign-in, including the new token.
    let replay = app
        .post_json("/api/auth/refresh", &json!({ "refresh_token": r1 }), &[])
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    let after = app
        .post_json("/api/auth/refresh", &json!({ "refresh_token": r2 }), &[])
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    let fresh = app.login(341321, "insp11").await.json();
    let access = fresh["access_token"].as_str().expect("access").to_string();
    let refresh = fresh["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    let out = app
        .post_json(
            "/api/auth/logout",
            &json!({ "refresh_token": refresh }),
            &[("authorization", &bearer(&access))],
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let dead = app
        .post_json(
            "/api/auth/refresh",
            &json!({ "refresh_token": refresh }),
            &[],
        )
        .await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
    let bogus = app
        .post_json(
            "/api/auth/refresh",
            &json!({ "refresh_token": "341321.deadbeef" }),
            &[],
        )
        .await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn new_users_must_change_their_password_and_disabled_users_are_cut_off() {
    let app = TestApp::with_demo(0).await;
    let admin = app.login(341321, "admin").await.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let auth = [("authorization", bearer(&admin))];
    let auth: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let new_user = json!({
        "bureau_id": 341321, "squad_id": 34132101, "username": "newbie", "display_name": "李新",
        "roles": ["inspector"], "certificate_no": "皖3413219999", "certificate_valid_until": "2028-12-31", "phone": null
    });
    let created = app.post_json("/api/users", &new_user, &auth).await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.json());
    let temp = created.json()["temporary_password"]
        .as_str()
        .expect("temp")
        .to_string();
    let user_id = created.json()["user"]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let dup = app.post_json("/api/users", &new_user, &auth).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.json()["message"], "本单位已有用户名“newbie”");

    let login = app
        .post_json(
            "/api/auth/login",
            &json!({ "bureau_id": 341321, "username": "newbie", "password": temp }),
            &[],
        )
        .await
        .json();
    assert_eq!(login["user"]["must_change_password"], true);
    let token = login["access_token"].as_str().expect("t").to_string();
    let blocked = app
        .get_with("/api/org/overview", &[("authorization", &bearer(&token))])
        .await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(
        blocked.json()["message"],
        "首次登录或密码已重置，请先修改密码"
    );
    let weak = app
        .post_json(
            "/api/auth/password",
            &json!({ "current_password": temp, "new_password": "short" }),
            &[("authorization", &bearer(&token))],
        )
        .await;
    assert_eq!(weak.json()["message"], "新密码至少8位");
    let changed = app
        .post_json(
            "/api/auth/password",
            &json!({ "current_password": temp, "new_password": "Lixin2026!" }),
            &[("authorization", &bearer(&token))],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let token = changed.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    assert_eq!(
        app.get_with("/api/org/overview", &[("authorization", &bearer(&token))])
            .await
            .status,
        StatusCode::OK
    );

    let disabled = app
        .post_json(
            &format!("/api/users/341321/{user_id}/status"),
            &json!({ "active": false }),
            &auth,
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK);
    let (status, body) = me_status(&app, &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["message"], "该账号已停用，请联系本单位管理员");
    let again = app
        .post_json(
            "/api/auth/login",
            &json!({ "bureau_id": 341321, "username": "newbie", "password": "Lixin2026!" }),
            &[],
        )
        .await;
    assert_eq!(again.json()["error"], "account_disabled");
}
