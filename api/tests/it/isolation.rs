//! Tenant isolation, tried exhaustively: every route of the router (taken from its own route
//! list, the OpenAPI document) as every role of the own county, a sibling county, the parent
//! city and the province, against resources of 砀山县 (341321).
//!
//! The expectation is the written table [`EXPECTED`], not the server's own policy: a grant the
//! server gets wrong, or a route added without a row here, fails the test.

use std::collections::{HashMap, HashSet};

use sea_orm::EntityTrait;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::common::TestApp;

const TARGET_BUREAU: i64 = 341321;

/// Who may use each route, by role: I 执法人员 (`insp11`), S 中队长 (`squad1`), L 法制审核
/// (`legal`), D 调度 (`dispatch`), B 局领导 (`leader`), A 管理员 (`admin`); `*` anyone, signed in
/// or not; `+` any signed-in user. Beyond the role, a route whose path names a bureau (and
/// creating a user there) is refused outside the caller's jurisdiction, and the last column adds:
/// `province` (only the province's own staff), `assigned` (only the task's inspectors) or `own`
/// (only the staff of the county the row belongs to: a superior bureau reads its counties'
/// cases but does not act in them).
#[rustfmt::skip]
const EXPECTED: &[(&str, &str, &str, &str)] = &[
    ("GET",  "/api/health",                                        "*",      ""),
    ("GET",  "/api/openapi.json",                                  "*",      ""),
    ("GET",  "/api/bureaus",                                       "*",      ""),
    ("POST", "/api/auth/login",                                    "*",      ""),
    ("POST", "/api/auth/refresh",                                  "*",      ""),
    ("GET",  "/api/auth/me",                                       "+",      ""),
    ("POST", "/api/auth/logout",                                   "+",      ""),
    ("POST", "/api/auth/password",                                 "+",      ""),
    // Organisation
    ("GET",  "/api/org/overview",                                  "ISLDBA", ""),
    ("GET",  "/api/org/squad",                                     "ISLDBA", ""),
    // Users, devices, audit
    ("GET",  "/api/users",                                         "A",      ""),
    ("POST", "/api/users",                                         "A",      "county"),
    ("POST", "/api/users/{bureau_id}/{user_id}/password-reset",    "A",      ""),
    ("POST", "/api/users/{bureau_id}/{user_id}/status",            "A",      ""),
    ("GET",  "/api/audit",                                         "BA",     ""),
    ("GET",  "/api/audit/verify",                                  "BA",     ""),
    ("GET",  "/api/jobs",                                          "A",      ""),
    ("GET",  "/api/jobs/{bureau_id}/{job_id}",                     "A",      ""),
    ("POST", "/api/devices",                                       "IS",     ""),
    ("GET",  "/api/devices/mine",                                  "IS",     ""),
    ("POST", "/api/sync/ping",                                     "IS",     ""),
    ("GET",  "/api/devices",                                       "A",      ""),
    ("POST", "/api/devices/{bureau_id}/{device_id}/approve",       "A",      ""),
    ("POST", "/api/devices/{bureau_id}/{device_id}/revoke",        "A",      ""),
    // Dossier
    ("GET",  "/api/enterprises",                                   "ISLDBA", ""),
    ("GET",  "/api/enterprises/{bureau_id}/{enterprise_id}",       "ISLDBA", ""),
    ("GET",  "/api/enterprises/map",                               "ISLDBA", ""),
    ("GET",  "/api/enterprises/near",                              "ISLDBA", ""),
    ("GET",  "/api/tags",                                          "ISLDBA", ""),
    ("GET",  "/api/projects",                                      "ISLDBA", ""),
    ("GET",  "/api/map/boundaries",                                "ISLDBA", ""),
    ("GET",  "/api/map/config",                                    "ISLDBA", ""),
    ("GET",  "/api/enterprises/export",                            "LDBA",   ""),
    ("POST", "/api/enterprises/import",                            "DA",     ""),
    ("GET",  "/api/enterprises/import/template",                   "DA",     ""),
    ("POST", "/api/projects",                                      "DA",     ""),
    ("POST", "/api/projects/{bureau_id}/{project_id}/accept",      "DA",     ""),
    ("GET",  "/api/risk/formula",                                  "ISLDBA", ""),
    ("PUT",  "/api/risk/formula",                                  "A",      "province"),
    // Field work
    ("GET",  "/api/checklists",                                    "ISLDBA", ""),
    ("GET",  "/api/checklists/{code}/{version}",                   "ISLDBA", ""),
    ("POST", "/api/checklists",                                    "A",      "province"),
    ("GET",  "/api/enterprises/{bureau_id}/{enterprise_id}/checklist", "ISLDBA", ""),
    ("GET",  "/api/tasks/mine",                                    "IS",     ""),
    ("GET",  "/api/tasks",                                         "ISLDBA", ""),
    ("POST", "/api/tasks",                                         "S",      ""),
    ("GET",  "/api/tasks/{bureau_id}/{task_id}",                   "ISLDBA", ""),
    ("POST", "/api/tasks/{bureau_id}/{task_id}/transition",        "IS",     "assigned"),
    ("POST", "/api/sync",                                          "IS",     ""),
    ("GET",  "/api/inspections/{bureau_id}/{task_id}",             "ISLDBA", ""),
    ("GET",  "/api/inspections/{bureau_id}/{task_id}/records/{record_id}/pdf", "ISLDBA", ""),
    ("GET",  "/api/evidence/{bureau_id}/{evidence_id}/upload",     "ISLDBA", ""),
    ("PUT",  "/api/evidence/{bureau_id}/{evidence_id}/upload",     "IS",     "assigned"),
    ("GET",  "/api/evidence/{bureau_id}/{evidence_id}/content",    "ISLDBA", ""),
    // Cases and penalties
    ("GET",  "/api/cases",                                         "ISLDBA", ""),
    ("POST", "/api/cases",                                         "ISLB",   "own"),
    ("GET",  "/api/cases/{bureau_id}/{case_id}",                   "ISLDBA", ""),
    ("POST", "/api/cases/{bureau_id}/{case_id}/steps",             "ISLB",   "own"),
    ("POST", "/api/cases/{bureau_id}/{case_id}/corrections",       "ISLB",   "own"),
    ("POST", "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/result", "ISLB", "own"),
    ("POST", "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/follow-up", "ISLB", "own"),
    ("GET",  "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/pdf", "ISLDBA", ""),
    ("POST", "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/corrections", "ISLB", "own"),
    ("GET",  "/api/calendar",                                      "ISLDBA", ""),
    ("PUT",  "/api/calendar/{year}",                               "A",      "province"),
    ("GET",  "/api/discretion/benchmark",                          "ISLDBA", ""),
    ("PUT",  "/api/discretion/benchmark",                          "A",      "province"),
    ("GET",  "/api/discretion/benchmark/versions",                 "ISLDBA", ""),
    // Online monitoring
    ("GET",  "/api/monitoring/points/{bureau_id}/{point_id}/loggers", "ISLDBA", ""),
    ("POST", "/api/monitoring/points/{bureau_id}/{point_id}/loggers", "A",    ""),
    ("GET",  "/api/monitoring/points/{bureau_id}/{point_id}/limits",  "ISLDBA", ""),
    ("PUT",  "/api/monitoring/points/{bureau_id}/{point_id}/limits",  "A",    ""),
    ("PUT",  "/api/monitoring/points/{bureau_id}/{point_id}/quality-class", "A", ""),
    ("GET",  "/api/alarms",                                        "ISLDBA", ""),
    ("GET",  "/api/alarms/{bureau_id}/{alarm_id}",                 "ISLDBA", ""),
    ("POST", "/api/alarms/{bureau_id}/{alarm_id}/acknowledge",     "SDB",    ""),
    ("POST", "/api/alarms/{bureau_id}/{alarm_id}/close",           "SDB",    ""),
    // Field force and dispatch
    ("GET",  "/api/duty",                                          "IS",     ""),
    ("PUT",  "/api/duty",                                          "IS",     ""),
    ("POST", "/api/duty/positions",                                "IS",     ""),
    ("GET",  "/api/field-force",                                   "SDB",    ""),
    ("GET",  "/api/field-force/nearby",                            "SDB",    "county"),
    ("GET",  "/api/alarms/{bureau_id}/{alarm_id}/nearby",          "SDB",    ""),
    ("POST", "/api/alarms/{bureau_id}/{alarm_id}/dispatch",        "SDB",    ""),
    ("GET",  "/api/field-force/retention/{bureau_id}",             "ISLDBA", ""),
    ("PUT",  "/api/field-force/retention/{bureau_id}",             "A",      ""),
];

/// The row of [`EXPECTED`] for a route: (roles, extra condition).
fn expected(method: &Method, path: &str) -> Option<(&'static str, &'static str)> {
    EXPECTED
        .iter()
        .find(|(m, p, _, _)| *m == method.as_str() && *p == path)
        .map(|&(_, _, roles, extra)| (roles, extra))
}

/// The letter of [`EXPECTED`] for a demo user name.
fn letter(username: &str) -> char {
    match username {
        "insp11" => 'I',
        "squad1" => 'S',
        "legal" => 'L',
        "dispatch" => 'D',
        "leader" => 'B',
        "admin" => 'A',
        other => panic!("no letter for {other}"),
    }
}

struct Actor {
    bureau: i64,
    username: &'static str,
    /// Whether 砀山县 lies in this actor's jurisdiction.
    covers_target: bool,
    /// Bureaus this actor may see.
    scope: Vec<i64>,
}

fn actors() -> Vec<Actor> {
    let county = |b: i64| vec![b, b * 100 + 1, b * 100 + 2];
    let mut city_scope = vec![341300];
    for c in [341302, 341321, 341322, 341323, 341324] {
        city_scope.extend(county(c));
        if c == 341302 {
            city_scope.push(c * 100 + 3);
        }
    }
    let mut province_scope = city_scope.clone();
    province_scope.push(340000);
    let mut out = vec![];
    for (bureau, covers, scope) in [
        (341321, true, county(341321)),
        (341322, false, county(341322)),
    ] {
        for username in ["insp11", "squad1", "legal", "dispatch", "leader", "admin"] {
            out.push(Actor {
                bureau,
                username,
                covers_target: covers,
                scope: scope.clone(),
            });
        }
    }
    for username in ["leader", "dispatch", "legal", "admin"] {
        out.push(Actor {
            bureau: 341300,
            username,
            covers_target: true,
            scope: city_scope.clone(),
        });
    }
    for username in ["leader", "dispatch", "admin"] {
        out.push(Actor {
            bureau: 340000,
            username,
            covers_target: true,
            scope: province_scope.clone(),
        });
    }
    out
}

/// The bureau ids a response talks about, wherever they appear: stated bureau fields and the
/// real (database) bureau of every user it lists.
fn bureaus_in(v: &Value, users: &HashMap<String, i64>, out: &mut HashSet<i64>) {
    match v {
        Value::Object(map) => {
            if let Some(b) = map
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| users.get(id))
            {
                out.insert(*b);
            }
            for (k, val) in map {
                if k == "bureau_id" {
                    if let Some(id) = val.as_i64() {
                        out.insert(id);
                    }
                }
                if k == "bureau" || k == "squad" {
                    if let Some(id) = val.get("id").and_then(Value::as_i64) {
                        out.insert(id);
                    }
                }
                bureaus_in(val, users, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| bureaus_in(i, users, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_route_as_every_role_of_every_kind_of_bureau() {
    let app = TestApp::with_demo(60).await;
    let doc = app.get("/api/openapi.json").await.json();
    let mut routes = vec![];
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let rule = expected(&m, path);
            assert!(
                rule.is_some(),
                "{m} {path} is served but has no row in EXPECTED: write down who may use it"
            );
            routes.push((m, path.clone(), rule.expect("checked")));
        }
    }
    routes.push((
        Method::GET,
        "/api/openapi.json".into(),
        expected(&Method::GET, "/api/openapi.json").expect("row"),
    ));
    for (m, p, _, _) in EXPECTED {
        assert!(
            routes
                .iter()
                .any(|(rm, rp, _)| rm.as_str() == *m && rp == p),
            "EXPECTED names {m} {p}, which the router does not serve"
        );
    }
    assert_eq!(routes.len(), EXPECTED.len(), "one row per route");

    // A user of 砀山县 the actors act upon.
    let county_admin = app.login(TARGET_BUREAU, "admin").await.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let users = app
        .get_with(
            "/api/users",
            &[("authorization", &format!("Bearer {county_admin}"))],
        )
        .await
        .json();
    let target_user = users
        .as_array()
        .expect("users")
        .iter()
        .find(|u| u["username"] == "insp22")
        .expect("insp22")["id"]
        .as_str()
        .expect("id")
        .to_string();
    // A device of 砀山县 for the device routes.
    let owner = app.login(TARGET_BUREAU, "insp22").await.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let target_device = uuid::Uuid::new_v4().to_string();
    let key = p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng);
    let public_key = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(key.verifying_key().to_encoded_point(false).as_bytes())
    };
    let reg = app
        .post_json(
            "/api/devices",
            &json!({ "id": target_device, "name": "PDA", "public_key": public_key }),
            &[("authorization", &format!("Bearer {owner}"))],
        )
        .await;
    assert_eq!(reg.status, StatusCode::OK);

    let target_enterprise = api::platform::entity::enterprise::Entity::find()
        .all(&app.state.db)
        .await
        .expect("enterprises")
        .into_iter()
        .find(|e| e.bureau_id == TARGET_BUREAU)
        .expect("an enterprise of the county")
        .id
        .to_string();

    // A construction project of 砀山县 for the acceptance route.
    let project = app
        .post_json(
            "/api/projects",
            &json!({ "name": "年产2万吨包装材料项目", "builder": "砀山县隔离测试包装有限公司",
                "credit_code": "91341321MA2N0000XK", "legal_representative": "王测",
                "address": "安徽省宿州市砀山县砀城镇测试路1号", "division_code": TARGET_BUREAU.to_string(),
                "longitude": 116.37, "latitude": 34.43, "industry_code": "C2319",
                "eia_category": "table", "eia_approval_no": "砀环审〔2026〕1号", "eia_approved_on": "2026-03-01" }),
            &[("authorization", &format!("Bearer {county_admin}"))],
        )
        .await;
    let target_project = project.json()["id"].as_str().map(str::to_string);
    let target_project =
        target_project.unwrap_or_else(|| panic!("project created: {:?}", project.json()));

    // An inspection task of 砀山县 for insp11 and insp12, for the task routes.
    let squad_leader = app.login(TARGET_BUREAU, "squad1").await.json()["access_token"]
        .as_str()
        .expect("t")
        .to_string();
    let squad = app
        .get_with(
            "/api/org/squad",
            &[("authorization", &format!("Bearer {squad_leader}"))],
        )
        .await
        .json();
    let member = |name: &str| {
        squad
            .as_array()
            .expect("squad")
            .iter()
            .find(|m| m["username"] == name)
            .unwrap_or_else(|| panic!("{name} in squad: {squad}"))
            .clone()
    };
    let users_by_name: HashMap<String, String> = users
        .as_array()
        .expect("users")
        .iter()
        .map(|u| {
            (
                u["username"].as_str().expect("n").to_string(),
                u["id"].as_str().expect("i").to_string(),
            )
        })
        .collect();
    let _ = (member("insp11"), member("insp12"));
    let task = app
        .post_json(
            "/api/tasks",
            &json!({ "enterprise_bureau_id": TARGET_BUREAU, "enterprise_id": target_enterprise,
                "due_on": "2099-01-01", "inspector_ids": [users_by_name["insp11"], users_by_name["insp12"]], "note": "" }),
            &[("authorization", &format!("Bearer {squad_leader}"))],
        )
        .await;
    assert_eq!(
        task.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certificates end before 2099"
    );
    let due = (time::OffsetDateTime::now_utc() + time::Duration::days(7))
        .date()
        .to_string();
    let task = app
        .post_json(
            "/api/tasks",
            &json!({ "enterprise_bureau_id": TARGET_BUREAU, "enterprise_id": target_enterprise,
                "due_on": due, "inspector_ids": [users_by_name["insp11"], users_by_name["insp12"]], "note": "" }),
            &[("authorization", &format!("Bearer {squad_leader}"))],
        )
        .await;
    let target_task = task.json()["id"]
        .as_str()
        .unwrap_or_else(|| panic!("task created: {:?}", task.json()))
        .to_string();
    // Evidence and a record on the task, made by its inspector.
    let field = crate::inspections::Task {
        leader: String::new(),
        insp: app.bearer(TARGET_BUREAU, "insp11").await,
        insp2: String::new(),
        bureau: TARGET_BUREAU,
        id: target_task.clone(),
        inspector_ids: vec![
            users_by_name["insp11"].clone(),
            users_by_name["insp12"].clone(),
        ],
    };
    let (target_evidence, declare) = crate::inspections::evidence(&field, b"0123456789", None);
    let target_record = uuid::Uuid::new_v4().to_string();
    let made = crate::inspections::sync(
        &app,
        &field.insp,
        &[
            crate::inspections::op(&field, declare),
            crate::inspections::op(
                &field,
                json!({ "type": "save_record", "base_rev": 0,
                "record": crate::inspections::record(&field, &target_record, true) }),
            ),
        ],
    )
    .await;
    assert!(made.iter().all(|r| r["outcome"] == "applied"), "{made:?}");

    // A background job of 砀山县 for the job routes.
    let target_job = api::platform::queue::enqueue(
        &app.state.db,
        api::platform::queue::NewJob {
            kind: shared::job::JobKind::Import,
            bureau: TARGET_BUREAU,
            started_by: None,
            enterprises: api::platform::queue::Enterprises::seqs([]),
            total: 0,
        },
    )
    .await
    .expect("job")
    .id
    .to_string();

    // A case of 砀山县 (立案待批), proposed by insp11 and insp12.
    let case = app
        .post_json(
            "/api/cases",
            &json!({ "enterprise_bureau_id": TARGET_BUREAU, "enterprise_id": target_enterprise,
                "source": "inspection", "source_task_id": target_task, "cause": "超标排放大气污染物",
                "summary": "现场检查发现颗粒物超标", "problems": ["a1"],
                "officer_ids": [users_by_name["insp11"], users_by_name["insp12"]] }),
            &[("authorization", &field.insp)],
        )
        .await;
    let target_case = case.json()["id"]
        .as_str()
        .unwrap_or_else(|| panic!("case created: {:?}", case.json()))
        .to_string();

    // A monitoring point of 砀山县 (its loggers and limits); the alarm id names none (404).
    use sea_orm::{ColumnTrait, QueryFilter};
    let target_point = api::platform::entity::monitoring_point::Entity::find()
        .filter(api::platform::entity::monitoring_point::Column::BureauId.eq(TARGET_BUREAU))
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("a monitoring point of 砀山县")
        .id
        .to_string();

    let mut checked = 0;
    for (n, actor) in actors().iter().enumerate() {
        let login = app.login(actor.bureau, actor.username).await;
        assert_eq!(
            login.status,
            StatusCode::OK,
            "{}/{} signs in",
            actor.bureau,
            actor.username
        );
        let login = login.json();
        let token = format!("Bearer {}", login["access_token"].as_str().expect("t"));
        let refresh = login["refresh_token"].as_str().expect("r").to_string();
        for (method, template, (roles, extra)) in &routes {
            let path = template
                .replace("{bureau_id}", &TARGET_BUREAU.to_string())
                .replace("{user_id}", &target_user)
                .replace("{device_id}", &target_device)
                .replace("{enterprise_id}", &target_enterprise)
                .replace("{project_id}", &target_project)
                .replace("{task_id}", &target_task)
                .replace("{evidence_id}", &target_evidence)
                .replace("{record_id}", &target_record)
                .replace("{job_id}", &target_job)
                .replace("{case_id}", &target_case)
                .replace("{point_id}", &target_point)
                .replace("{alarm_id}", &uuid::Uuid::new_v4().to_string())
                .replace("{rectification_id}", &uuid::Uuid::new_v4().to_string())
                .replace("{document_id}", &uuid::Uuid::new_v4().to_string())
                .replace("{year}", "2099")
                .replace("{code}", "general")
                .replace("{version}", "1");
            // Ask the export for CSV so that its rows can be checked against the scope below.
            let path = match template.as_str() {
                "/api/enterprises/export" => format!("{path}?format=csv"),
                // Around 砀山县, wide enough to reach its neighbours.
                "/api/enterprises/near" => format!("{path}?lat=34.4&lng=116.4&radius=50000"),
                "/api/field-force/nearby" => {
                    format!("{path}?bureau_id={TARGET_BUREAU}&longitude=116.4&latitude=34.4")
                }
                p if p.ends_with("/upload") && *method == Method::PUT => format!("{path}?offset=0"),
                _ => path,
            };
            let body = match (method.as_str(), template.as_str()) {
                ("POST", "/api/auth/login") => {
                    json!({ "bureau_id": actor.bureau, "username": actor.username, "password": api::demo::DEMO_PASSWORD })
                }
                ("POST", "/api/auth/refresh") => json!({ "refresh_token": "0.invalid" }),
                ("POST", "/api/auth/logout") => json!({ "refresh_token": "0.invalid" }),
                ("POST", "/api/auth/password") => {
                    json!({ "current_password": "not-mine", "new_password": "Whatever2026" })
                }
                ("POST", "/api/users") => {
                    json!({ "bureau_id": TARGET_BUREAU, "squad_id": null, "username": format!("iso{n}"),
                    "display_name": "测试", "roles": ["inspector"], "certificate_no": null, "certificate_valid_until": null, "phone": null })
                }
                ("POST", p) if p.ends_with("/status") => json!({ "active": true }),
                ("POST", p) if p.ends_with("/accept") => json!({ "accepted_on": "2026-11-20" }),
                ("POST", p) if p.ends_with("/transition") => json!({ "action": "start" }),
                ("POST", "/api/sync") => {
                    let (_, declare) = crate::inspections::evidence(&field, b"sync", None);
                    json!({ "ops": [crate::inspections::op(&field, declare)] })
                }
                ("POST", "/api/checklists") => {
                    let mut t = api::refdata::checklists::all().remove(0);
                    t.code = format!("iso{n}");
                    serde_json::to_value(t).expect("template")
                }
                ("PUT", "/api/risk/formula") => {
                    serde_json::to_value(shared::risk::RiskFormula::default()).expect("formula")
                }
                // A stale revision: whoever may act is answered 409, never 403.
                ("POST", p) if p.ends_with("/steps") => {
                    json!({ "revision": 999, "action": "approve", "opinion": "" })
                }
                ("POST", p) if p.contains("/documents/") => {
                    json!({ "revision": 999, "reason": "笔误",
                        "items": [{ "item": "地址", "was": "甲", "now": "乙" }] })
                }
                ("POST", p) if p.ends_with("/corrections") => {
                    json!({ "revision": 999, "ordered_on": "2026-01-05", "deadline": "2026-02-05",
                        "requirement": "停止超标排放", "inspector_ids": [] })
                }
                ("POST", p) if p.ends_with("/follow-up") => {
                    json!({ "revision": 999, "decided_on": "2026-02-06", "note": "" })
                }
                ("POST", p) if p.ends_with("/result") => {
                    json!({ "revision": 999, "found_on": "2026-02-06", "outcome": "corrected", "note": "" })
                }
                // Without officers: whoever may propose is answered 422.
                ("POST", "/api/cases") => {
                    json!({ "enterprise_bureau_id": TARGET_BUREAU, "enterprise_id": target_enterprise,
                        "source": "manual", "cause": "未批先建", "summary": "举报核实", "officer_ids": [] })
                }
                ("PUT", "/api/calendar/{year}") => json!({ "entries": [] }),
                ("POST", p) if p.ends_with("/loggers") => {
                    json!({ "mn": format!("ISO{n:011}"), "password": "123456", "st": "32", "interval_secs": 30 })
                }
                ("PUT", p) if p.ends_with("/limits") => json!({ "limits": [] }),
                ("PUT", p) if p.ends_with("/quality-class") => json!({ "class": 2 }),
                ("PUT", "/api/duty") => json!({ "on_duty": false }),
                ("POST", "/api/duty/positions") => json!({ "fixes": [] }),
                ("POST", p) if p.ends_with("/dispatch") => json!({}),
                ("PUT", p) if p.starts_with("/api/field-force/retention") => json!({ "days": 30 }),
                ("POST", p) if p.ends_with("/close") => json!({ "reason": "核实为设备校准" }),
                ("PUT", "/api/discretion/benchmark") => {
                    serde_json::from_str(shared::enforcement::discretion::SEED_JSON).expect("seed")
                }
                ("POST", "/api/devices") => {
                    json!({ "id": uuid::Uuid::new_v4().to_string(), "name": "PDA", "public_key": public_key })
                }
                _ => Value::Null,
            };
            let mut req = Request::builder()
                .method(method.clone())
                .uri(&path)
                .header("authorization", &token);
            let bytes = if template.ends_with("/upload") && *method == Method::PUT {
                b"0".to_vec()
            } else if body.is_null() {
                Vec::new()
            } else {
                req = req.header("content-type", "application/json");
                body.to_string().into_bytes()
            };
            // Device-signed routes: whoever may use them signs with an approved device of
            // their own, so that what is checked here is the jurisdiction, not the device.
            let signed = template.starts_with("/api/sync")
                || (template.ends_with("/upload") && *method == Method::PUT);
            if signed && "IS".contains(letter(actor.username)) {
                let device = app.device(&token).await;
                for (k, v) in device.headers(method.as_str(), &path, &bytes) {
                    req = req.header(k, v);
                }
            }
            let req = req.body(Body::from(bytes)).expect("request");
            let r = app.send(req).await;
            let who = format!("{} {} as {}/{}", method, path, actor.bureau, actor.username);
            let targets_county =
                template.contains("{bureau_id}") || *extra == "county" || *extra == "own";
            // Only the task's own inspectors move it (insp11 of 砀山县 here).
            let assigned = actor.bureau == TARGET_BUREAU && actor.username == "insp11";
            let public = *roles == "*";
            let allowed = match *roles {
                "*" | "+" => true,
                roles => {
                    roles.contains(letter(actor.username))
                        && (!targets_county || actor.covers_target)
                        && (*extra != "province" || actor.bureau == 340000)
                        && (*extra != "assigned" || assigned)
                        && (*extra != "own" || actor.bureau == TARGET_BUREAU)
                }
            };
            // Sync has no bureau in its path: each op is judged on its own.
            if template == "/api/sync" && r.status == StatusCode::OK {
                let outcome = r.json()["results"][0]["outcome"].clone();
                if !actor.covers_target {
                    assert_eq!(outcome, "rejected", "{who}");
                } else if !assigned {
                    assert_eq!(outcome, "conflict", "{who}: not on the task");
                }
            }
            if allowed {
                // Auth routes may answer 401/422 to the deliberately wrong tokens and passwords
                // sent here; what matters is that no route refuses an allowed caller.
                let unauthorised_ok =
                    template.starts_with("/api/auth") || template == "/api/sync/ping";
                assert!(
                    r.status != StatusCode::FORBIDDEN
                        && (unauthorised_ok || r.status != StatusCode::UNAUTHORIZED)
                        && r.status.as_u16() < 500,
                    "{who}: expected access, got {} {:?}",
                    r.status,
                    String::from_utf8_lossy(&r.bytes)
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{who}: expected refusal, got {:?}",
                    String::from_utf8_lossy(&r.bytes)
                );
                assert_eq!(r.json()["message"], "无权进行此操作", "{who}");
            }
            // Row sets: whatever a signed-in route returns lies inside the actor's jurisdiction.
            if allowed
                && r.status == StatusCode::OK
                && !public
                && !template.starts_with("/api/auth")
            {
                let mut seen = HashSet::new();
                let users: HashMap<String, i64> = api::platform::entity::app_user::Entity::find()
                    .all(&app.state.db)
                    .await
                    .expect("users")
                    .into_iter()
                    .map(|u| (u.id.to_string(), u.bureau_id))
                    .collect();
                match r.header("content-type").unwrap_or_default() {
                    ct if ct.contains("json") => bureaus_in(&r.json(), &users, &mut seen),
                    ct if ct.starts_with("text/csv") => {
                        // Column 5 is the 行政区划代码, which names the county bureau.
                        let text = String::from_utf8_lossy(&r.bytes).to_string();
                        for line in text.lines().skip(1) {
                            let code = line.split(',').nth(4).expect("division column");
                            seen.insert(code.parse::<i64>().expect("division code"));
                        }
                    }
                    // Files of one task: the path named the bureau, checked above.
                    ct if ct == "application/pdf" || ct.starts_with("image/") => {
                        seen.insert(TARGET_BUREAU);
                    }
                    ct => assert!(
                        ct.contains("spreadsheetml"),
                        "{who}: unexpected content type {ct}"
                    ),
                }
                for b in seen {
                    assert!(
                        actor.scope.contains(&b),
                        "{who}: returned bureau {b} outside the jurisdiction"
                    );
                }
            }
            checked += 1;
        }
        // Narrowing to 砀山县 is allowed exactly when it lies in the jurisdiction.
        let narrowed = app
            .get_with(
                &format!("/api/org/overview?bureau={TARGET_BUREAU}"),
                &[("authorization", &token)],
            )
            .await;
        assert_eq!(
            narrowed.status == StatusCode::OK,
            actor.covers_target,
            "overview narrowed as {}/{}",
            actor.bureau,
            actor.username
        );
        let _ = refresh;
    }
    assert!(
        checked > 200,
        "{checked} route × actor combinations checked"
    );
}

#[test]
fn unknown_routes_have_no_rule() {
    let table = api::access_table();
    assert_eq!(table.get("DELETE", "/api/users"), None);
    assert_eq!(table.get("GET", "/api/secret/new-thing"), None);
}
