//! The audit chain detects any edited or deleted entry.

use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use serde_json::json;

use crate::common::TestApp;

#[tokio::test]
async fn tampering_with_any_single_entry_is_detected() {
    let app = TestApp::with_demo(0).await;
    let admin = app.login(341321, "admin").await.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let auth = format!("Bearer {admin}");
    app.login(341321, "insp11").await;
    app.post_json(
        "/api/auth/login",
        &json!({"bureau_id": 341321, "username": "insp11", "password": "x"}),
        &[],
    )
    .await;
    let users = app
        .get_with("/api/users?bureau=341321", &[("authorization", &auth)])
        .await
        .json();
    let target = users
        .as_array()
        .expect("list")
        .iter()
        .find(|u| u["username"] == "insp12")
        .expect("insp12")
        .clone();
    let id = target["id"].as_str().expect("id");
    for active in [false, true] {
        let r = app
            .post_json(
                &format!("/api/users/341321/{id}/status"),
                &json!({ "active": active }),
                &[("authorization", &auth)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let verify = app
        .get_with("/api/audit/verify", &[("authorization", &auth)])
        .await
        .json();
    assert_eq!(verify["ok"], true, "{verify}");
    let entries = api::platform::entity::audit_log::Entity::find()
        .order_by_asc(api::platform::entity::audit_log::Column::Seq)
        .all(&app.state.db)
        .await
        .expect("entries");
    assert!(
        entries.len() >= 5,
        "login, failed login, two status changes: {}",
        entries.len()
    );
    let log = app
        .get_with("/api/audit?action=user.", &[("authorization", &auth)])
        .await
        .json();
    assert_eq!(log.as_array().map(Vec::len), Some(2));
    assert_eq!(log[0]["action"], "user.enable");

    let db = &app.state.db;
    let exec = |sql: String| async move { db.execute_unprepared(&sql).await.expect("sql") };
    for e in &entries {
        let key = format!("bureau_id = {} AND seq = {}", e.bureau_id, e.seq);
        // Edit one field of one entry.
        exec(format!(
            "UPDATE audit_log SET summary = '{{\"forged\":true}}' WHERE {key}"
        ))
        .await;
        let v = api::platform::audit::verify(db, None)
            .await
            .expect("verify");
        assert!(!v.ok, "edited entry {} detected", e.seq);
        assert_eq!(v.problems[0].seq, e.seq);
        exec(format!(
            "UPDATE audit_log SET summary = '{}' WHERE {key}",
            e.summary.replace('\'', "''")
        ))
        .await;
        assert!(
            api::platform::audit::verify(db, None)
                .await
                .expect("verify")
                .ok,
            "restored"
        );
        // Edit it and recompute its own hash: the next entry's link breaks (unless it is last).
        if e.seq < entries.len() as i64 {
            exec(format!("DELETE FROM audit_log WHERE {key}")).await;
            let v = api::platform::audit::verify(db, None)
                .await
                .expect("verify");
            assert!(!v.ok, "deleted entry {} detected", e.seq);
            api::platform::entity::audit_log::Entity::insert(
                api::platform::entity::audit_log::ActiveModel::from(e.clone()),
            )
            .exec(db)
            .await
            .expect("restore");
        }
    }
    assert!(
        api::platform::audit::verify(db, None)
            .await
            .expect("verify")
            .ok
    );
}
