//! Refresh rotation with a grace window: a refresh whose reply was lost, or several refreshes
//! with the same token at once (two tabs, a background sync), get the same successor; a spent
//! token replayed after the window revokes the sign-in.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::TestApp;
use api::platform::entity::refresh_token;

async fn refresh(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let r = app
        .post_json("/api/auth/refresh", &json!({ "refresh_token": token }), &[])
        .await;
    (r.status, r.json())
}

async fn sign_in(app: &TestApp) -> String {
    app.login(341321, "insp11").await.json()["refresh_token"]
        .as_str()
        .expect("refresh token")
        .to_string()
}

/// The live (unused, unrevoked) refresh tokens of the sign-in `token` belongs to.
async fn live_in_family(app: &TestApp, token: &str) -> u64 {
    let hash = api::identity::sessions::hash_token(token);
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("token stored");
    refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(row.family_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .count(&app.state.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_refresh_retried_within_the_window_gets_the_same_successor() {
    let app = TestApp::with_demo(0).await;
    let r0 = sign_in(&app).await;
    let (status, first) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::OK);
    let successor = first["refresh_token"]
        .as_str()
        .expect("successor")
        .to_string();
    assert_ne!(successor, r0);
    // The reply was lost; the client sends the spent token again.
    let (status, retry) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::OK, "{retry:?}");
    assert_eq!(
        retry["refresh_token"],
        successor.as_str(),
        "the same successor"
    );
    let access = retry["access_token"].as_str().expect("access");
    let me = app
        .get_with(
            "/api/auth/me",
            &[("authorization", &format!("Bearer {access}"))],
        )
        .await;
    assert_eq!(me.status, StatusCode::OK, "the retry's access token works");
    assert_eq!(
        live_in_family(&app, &r0).await,
        1,
        "the sign-in did not fork"
    );
    // The successor rotates on as usual.
    let (status, next) = refresh(&app, &successor).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(next["refresh_token"], successor.as_str());
    // Once the successor is spent too, the first token is no lost reply any more: a replay.
    let (status, _) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = refresh(&app, next["refresh_token"].as_str().expect("t")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the sign-in is revoked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_with_one_token_share_one_successor() {
    let app = TestApp::with_demo(0).await;
    let r0 = sign_in(&app).await;
    let body = json!({ "refresh_token": r0 }).to_string();
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let router = app.router.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let req = Request::post("/api/auth/refresh")
                    .header("content-type", "application/json")
                    .body(Body::from(body))
                    .expect("request");
                let res = router.oneshot(req).await.expect("answer");
                let status = res.status();
                let bytes = http_body_util::BodyExt::collect(res.into_body())
                    .await
                    .expect("body")
                    .to_bytes();
                (
                    status,
                    serde_json::from_slice::<Value>(&bytes).expect("json"),
                )
            })
        })
        .collect();
    let mut successors = std::collections::BTreeSet::new();
    for t in tasks {
        let (status, body) = t.await.expect("task");
        assert_eq!(status, StatusCode::OK, "{body:?}");
        successors.insert(body["refresh_token"].as_str().expect("t").to_string());
    }
    assert_eq!(successors.len(), 1, "{successors:?}");
    assert_eq!(live_in_family(&app, &r0).await, 1);
    let only = successors.into_iter().next().expect("one");
    assert_eq!(refresh(&app, &only).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_spent_token_replayed_after_the_window_revokes_the_sign_in() {
    // With the window off, the very next reuse is a replay.
    let app = TestApp::with_demo_config(0, |c| c.refresh_grace_secs = 0).await;
    let r0 = sign_in(&app).await;
    let (status, first) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::OK);
    let successor = first["refresh_token"].as_str().expect("t").to_string();
    let (status, replay) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{replay:?}");
    let (status, _) = refresh(&app, &successor).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the successor is revoked too"
    );
    assert_eq!(live_in_family(&app, &r0).await, 0);

    // With the default window, once the window has passed (the spent mark moved back).
    let app = TestApp::with_demo(0).await;
    assert_eq!(app.state.config.refresh_grace_secs, 30);
    let r0 = sign_in(&app).await;
    let (_, first) = refresh(&app, &r0).await;
    let successor = first["refresh_token"].as_str().expect("t").to_string();
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::UsedAt,
            sea_orm::sea_query::Expr::col(refresh_token::Column::UsedAt).sub(31),
        )
        .filter(refresh_token::Column::TokenHash.eq(api::identity::sessions::hash_token(&r0)))
        .exec(&app.state.db)
        .await
        .expect("age the spent mark");
    let (status, _) = refresh(&app, &r0).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = refresh(&app, &successor).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the successor is revoked too"
    );
    let audit = app
        .get_with(
            "/api/audit?action=auth.refresh_reuse",
            &[("authorization", &app.bearer(341321, "admin").await)],
        )
        .await
        .json();
    assert_eq!(audit.as_array().map(Vec::len), Some(1), "{audit:?}");
}
