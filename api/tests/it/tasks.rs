//! Inspection tasks: two certified inspectors, the workflow with history, roles on each step.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::TestApp;

#[tokio::test]
async fn a_task_goes_from_assignment_to_review_with_history() {
    let app = TestApp::with_demo(60).await;
    let leader = app.bearer(341302, "squad1").await;
    let admin = app.bearer(341302, "admin").await;
    let users = app
        .get_with("/api/users", &[("authorization", &admin)])
        .await
        .json();
    let id = |name: &str| {
        users
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["username"] == name)
            .expect("user")["id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let e = app
        .get_with(
            "/api/enterprises?division=341302&limit=1",
            &[("authorization", &leader)],
        )
        .await
        .json()["items"][0]
        .clone();
    let due = (time::OffsetDateTime::now_utc() + time::Duration::days(5))
        .date()
        .to_string();
    let body = |inspectors: Vec<String>| {
        json!({ "enterprise_bureau_id": 341302, "enterprise_id": e["id"], "due_on": due,
            "inspector_ids": inspectors, "note": "例行检查" })
    };
    let post = |path: &str, b: Value, auth: &str| {
        let (path, auth) = (path.to_string(), auth.to_string());
        let app = &app;
        async move { app.post_json(&path, &b, &[("authorization", &auth)]).await }
    };

    // The law wants two: one is refused, in Chinese.
    let one = post("/api/tasks", body(vec![id("insp11")]), &leader).await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(one.json()["message"]
        .as_str()
        .expect("m")
        .contains("两名以上"));
    // Another squad's inspector is not the leader's to assign.
    let other = post(
        "/api/tasks",
        body(vec![id("insp11"), id("insp21")]),
        &leader,
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        other.json()
    );
    // An inspector cannot assign at all.
    let insp = app.bearer(341302, "insp11").await;
    let refused = post("/api/tasks", body(vec![id("insp11"), id("insp12")]), &insp).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let t = post(
        "/api/tasks",
        body(vec![id("insp11"), id("insp12")]),
        &leader,
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{:?}", t.json());
    let t = t.json();
    assert_eq!(t["status"], "assigned");
    assert_eq!(t["inspectors"].as_array().expect("i").len(), 2);
    assert!(t["inspectors"][0]["certificate_no"].as_str().is_some());

    // It is first on the inspector's list; not on a colleague's who is not on it.
    let mine = app
        .get_with("/api/tasks/mine", &[("authorization", &insp)])
        .await
        .json();
    assert_eq!(mine[0]["id"], t["id"]);
    let insp13 = app.bearer(341302, "insp13").await;
    let theirs = app
        .get_with("/api/tasks/mine", &[("authorization", &insp13)])
        .await
        .json();
    assert!(theirs
        .as_array()
        .expect("list")
        .iter()
        .all(|x| x["id"] != t["id"]));

    let path = format!(
        "/api/tasks/341302/{}/transition",
        t["id"].as_str().expect("id")
    );
    let step =
        |action: &str, auth: &str| post(&path, json!({ "action": action, "note": "" }), auth);
    assert_eq!(
        step("start", &insp13).await.status,
        StatusCode::FORBIDDEN,
        "not on the task"
    );
    assert_eq!(
        step("submit", &insp).await.status,
        StatusCode::CONFLICT,
        "not started yet"
    );
    assert_eq!(step("start", &insp).await.json()["status"], "in_progress");
    // Nothing filled in yet: submission says what is missing.
    let early = step("submit", &insp).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.json()["message"]
        .as_str()
        .expect("m")
        .contains("检查表尚未填写"));
    let field = crate::inspections::Task {
        leader: leader.clone(),
        insp: insp.clone(),
        insp2: String::new(),
        bureau: 341302,
        id: t["id"].as_str().expect("id").to_string(),
        inspector_ids: vec![id("insp11"), id("insp12")],
    };
    crate::inspections::complete(&app, &field).await;
    assert_eq!(step("submit", &insp).await.json()["status"], "submitted");
    assert_eq!(
        step("accept", &insp).await.status,
        StatusCode::FORBIDDEN,
        "inspectors do not review"
    );
    assert_eq!(
        step("return", &leader).await.json()["status"],
        "in_progress"
    );
    assert_eq!(step("submit", &insp).await.json()["status"], "submitted");
    let done = step("accept", &leader).await.json();
    assert_eq!(done["status"], "reviewed");
    let history: Vec<&str> = done["history"]
        .as_array()
        .expect("h")
        .iter()
        .map(|h| h["to"].as_str().expect("to"))
        .collect();
    assert_eq!(
        history,
        [
            "assigned",
            "in_progress",
            "submitted",
            "in_progress",
            "submitted",
            "reviewed"
        ]
    );
    let again = step("accept", &leader).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["message"]
        .as_str()
        .expect("m")
        .contains("已审核"));

    // The reviewed inspection is on the enterprise's timeline.
    let d = app
        .get_with(
            &format!("/api/enterprises/341302/{}", e["id"].as_str().expect("id")),
            &[("authorization", &leader)],
        )
        .await
        .json();
    assert!(d["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .any(|x| x["kind"] == "inspection"));
    // A sibling county does not see the task.
    let sibling = app.bearer(341321, "leader").await;
    let r = app
        .get_with(
            &format!("/api/tasks/341302/{}", t["id"].as_str().expect("id")),
            &[("authorization", &sibling)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn checklists_fit_the_industry_and_are_versioned() {
    let app = TestApp::with_demo(300).await;
    let city = app.bearer(341300, "leader").await;
    let pick = |industry: &'static str| {
        let (app, city) = (&app, city.clone());
        async move {
            let r = app
                .get_with(
                    &format!("/api/enterprises?industry={industry}&limit=1"),
                    &[("authorization", &city)],
                )
                .await
                .json();
            let e = r["items"][0].clone();
            assert!(e.is_object(), "a demo enterprise of {industry}");
            let t = app
                .get_with(
                    &format!(
                        "/api/enterprises/{}/{}/checklist",
                        e["bureau_id"],
                        e["id"].as_str().expect("id")
                    ),
                    &[("authorization", &city)],
                )
                .await
                .json();
            t["code"].as_str().expect("code").to_string()
        }
    };
    assert_eq!(pick("D4620").await, "wastewater_plant");
    assert_eq!(pick("C26").await, "chemical");
    assert_eq!(pick("C2319").await, "vocs_printing");
    assert_eq!(pick("C30").await, "general");

    // A new version from the province; the old one stays readable for inspections that used it.
    let mut t = app
        .get_with(
            "/api/checklists/wastewater_plant/1",
            &[("authorization", &city)],
        )
        .await
        .json();
    t["sections"][0]["items"][0]["text"] = json!("排污许可证是否在有效期内（修订）");
    let city_admin = app.bearer(341300, "admin").await;
    let refused = app
        .post_json("/api/checklists", &t, &[("authorization", &city_admin)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let province = app.bearer(340000, "admin").await;
    let saved = app
        .post_json("/api/checklists", &t, &[("authorization", &province)])
        .await
        .json();
    assert_eq!(saved["version"], 2);
    let latest = app
        .get_with("/api/checklists", &[("authorization", &city)])
        .await
        .json();
    let ww = latest
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["code"] == "wastewater_plant")
        .expect("ww")
        .clone();
    assert_eq!(ww["version"], 2);
    let v1 = app
        .get_with(
            "/api/checklists/wastewater_plant/1",
            &[("authorization", &city)],
        )
        .await
        .json();
    assert_eq!(
        v1["sections"][0]["items"][0]["text"],
        "排污许可证是否在有效期内，执行标准与许可一致"
    );
    // A numeric item without its limit is refused in Chinese.
    let mut bad = t.clone();
    bad["sections"][2]["items"][0]["limit"] = Value::Null;
    let r = app
        .post_json("/api/checklists", &bad, &[("authorization", &province)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["message"]
        .as_str()
        .expect("m")
        .contains("单位和限值"));
}
