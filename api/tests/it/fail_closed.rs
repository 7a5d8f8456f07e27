//! Fail closed: a stored code no enum knows, or a stored formula that does not parse, is an
//! internal error (500, nothing internal in the body), never a default that looks valid.

use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::common::TestApp;

const COUNTY: i64 = 341302;

async fn exec(app: &TestApp, sql: &str) {
    app.state.db.execute_unprepared(sql).await.expect(sql);
}

fn is_internal(r: &crate::common::Reply, what: &str) {
    assert_eq!(
        r.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{what}: {:?}",
        String::from_utf8_lossy(&r.bytes)
    );
    let body = r.json();
    assert_eq!(body["error"], "internal", "{what}");
    assert!(
        !body.to_string().contains("not a known code"),
        "{what}: the cause stays in the log"
    );
}

async fn county_enterprise(app: &TestApp) -> api::platform::entity::enterprise::Model {
    api::platform::entity::enterprise::Entity::find()
        .all(&app.state.db)
        .await
        .expect("enterprises")
        .into_iter()
        .find(|e| e.bureau_id == COUNTY)
        .expect("an enterprise of the county")
}

#[tokio::test]
async fn an_unknown_risk_level_is_not_shown_green() {
    let app = TestApp::with_demo(30).await;
    let e = county_enterprise(&app).await;
    let leader = app.bearer(COUNTY, "leader").await;
    let path = format!("/api/enterprises/{COUNTY}/{}", e.id);
    assert_eq!(
        app.get_with(&path, &[("authorization", &leader)])
            .await
            .status,
        StatusCode::OK
    );
    let mut row: api::platform::entity::enterprise::ActiveModel = e.into();
    row.risk_level = Set("purple".into());
    row.update(&app.state.db).await.expect("stored");
    is_internal(
        &app.get_with(&path, &[("authorization", &leader)]).await,
        "dossier",
    );
    is_internal(
        &app.get_with("/api/enterprises?limit=200", &[("authorization", &leader)])
            .await,
        "list",
    );
}

#[tokio::test]
async fn an_unknown_task_status_is_not_assigned_and_cannot_be_moved() {
    let app = TestApp::with_demo(30).await;
    let squad = app.bearer(COUNTY, "squad1").await;
    let tasks = app
        .get_with("/api/tasks", &[("authorization", &squad)])
        .await
        .json();
    let task = tasks.as_array().expect("tasks").first().cloned();
    let task = match task {
        Some(t) => t,
        None => {
            let insp = app
                .get_with("/api/org/squad", &[("authorization", &squad)])
                .await
                .json();
            let ids: Vec<String> = insp
                .as_array()
                .expect("squad")
                .iter()
                .filter(|m| m["username"] == "insp11" || m["username"] == "insp12")
                .map(|m| m["id"].as_str().expect("id").to_string())
                .collect();
            let e = county_enterprise(&app).await;
            let due = (time::OffsetDateTime::now_utc() + time::Duration::days(7))
                .date()
                .to_string();
            let r = app
                .post_json(
                    "/api/tasks",
                    &serde_json::json!({ "enterprise_bureau_id": COUNTY, "enterprise_id": e.id.to_string(),
                        "due_on": due, "inspector_ids": ids, "note": "" }),
                    &[("authorization", &squad)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
            r.json()
        }
    };
    let id = task["id"].as_str().expect("id");
    let key = (COUNTY, uuid::Uuid::parse_str(id).expect("uuid"));
    let row = api::platform::entity::task::Entity::find_by_id(key)
        .one(&app.state.db)
        .await
        .expect("task")
        .expect("exists");
    let mut row: api::platform::entity::task::ActiveModel = row.into();
    row.status = Set("archived_in_2030".into());
    row.update(&app.state.db).await.expect("stored");
    let path = format!("/api/tasks/{COUNTY}/{id}");
    is_internal(
        &app.get_with(&path, &[("authorization", &squad)]).await,
        "task",
    );
    let insp = app.bearer(COUNTY, "insp11").await;
    let moved = app
        .post_json(
            &format!("{path}/transition"),
            &serde_json::json!({ "action": "start" }),
            &[("authorization", &insp)],
        )
        .await;
    assert_ne!(
        moved.status,
        StatusCode::OK,
        "a task of unknown state is never moved"
    );
}

#[tokio::test]
async fn a_stored_formula_that_does_not_parse_is_not_the_default() {
    let app = TestApp::with_demo(10).await;
    let leader = app.bearer(COUNTY, "leader").await;
    assert_eq!(
        app.get_with("/api/risk/formula", &[("authorization", &leader)])
            .await
            .status,
        StatusCode::OK
    );
    exec(
        &app,
        "INSERT INTO setting (key, value) VALUES ('risk_formula', '{\"yellow_from\": \"twenty\"}')",
    )
    .await;
    is_internal(
        &app.get_with("/api/risk/formula", &[("authorization", &leader)])
            .await,
        "formula",
    );
}

#[tokio::test]
async fn an_unknown_role_grants_nothing() {
    let app = TestApp::with_demo(10).await;
    let token = app.bearer(COUNTY, "insp11").await;
    exec(&app, &format!("UPDATE app_user SET roles = 'inspector,wizard' WHERE bureau_id = {COUNTY} AND username = 'insp11'")).await;
    is_internal(
        &app.get_with("/api/tasks/mine", &[("authorization", &token)])
            .await,
        "signed-in request",
    );
}
