//! The demo jurisdiction: deterministic, realistic, inside its counties.

use crate::common::TestApp;
use api::demo::{self, DemoOptions};
use api::platform::entity::{app_user, bureau, enterprise};
use api::refdata::divisions as reference;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

#[tokio::test]
async fn demo_seed_builds_a_realistic_jurisdiction() {
    let app = TestApp::with_demo(400).await;
    let db = &app.state.db;
    let bureaus = bureau::Entity::find().all(db).await.expect("bureaus");
    let counties: Vec<_> = bureaus
        .iter()
        .filter(|b| b.level == "county")
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(
        counties,
        [
            "宿州市埇桥区生态环境分局",
            "宿州市砀山县生态环境分局",
            "宿州市萧县生态环境分局",
            "宿州市灵璧县生态环境分局",
            "宿州市泗县生态环境分局"
        ]
    );
    assert!(bureaus
        .iter()
        .filter(|b| b.level == "squad")
        .all(|s| s.path.starts_with("/340000/341300/34132")
            || s.path.starts_with("/340000/341300/341302/")));

    let users = app_user::Entity::find().all(db).await.expect("users");
    for b in bureaus.iter().filter(|b| b.level != "squad") {
        let here: Vec<_> = users.iter().filter(|u| u.bureau_id == b.id).collect();
        assert!(
            here.iter().any(|u| u.roles.contains("admin")),
            "{} has an admin",
            b.name
        );
        assert!(
            here.iter().any(|u| u.roles.contains("bureau_leader")),
            "{} has a leader",
            b.name
        );
        if b.level == "county" {
            let inspectors = here
                .iter()
                .filter(|u| u.roles.contains("inspector"))
                .count();
            assert!(inspectors >= 8, "{} has {inspectors} inspectors", b.name);
            assert!(here
                .iter()
                .filter(|u| u.roles.contains("inspector"))
                .all(|u| u.certificate_no.is_some() && u.squad_id.is_some()));
        }
    }

    let outlines = reference::outlines().expect("outlines");
    let rows = enterprise::Entity::find()
        .all(db)
        .await
        .expect("enterprises");
    assert_eq!(rows.len(), 400);
    let mut names = HashSet::new();
    for e in &rows {
        let code = shared::CreditCode::parse(&e.credit_code).expect("valid credit code");
        assert_eq!(code.division_part(), e.division_code);
        assert_eq!(
            e.bureau_id.to_string(),
            e.division_code,
            "owned by its county bureau"
        );
        let outline = outlines
            .iter()
            .find(|o| o.code == e.division_code)
            .expect("county outline");
        assert!(
            outline.contains(e.longitude, e.latitude),
            "{} at {},{} inside {}",
            e.name,
            e.longitude,
            e.latitude,
            e.division_code
        );
        assert!(e.address.starts_with("安徽省宿州市"), "{}", e.address);
        assert!(names.insert(e.name.clone()), "unique name {}", e.name);
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_reseeding_is_refused() {
    let a = TestApp::with_demo(30).await;
    let b = TestApp::with_demo(30).await;
    let names = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            enterprise::Entity::find()
                .order_by_asc(enterprise::Column::CreditCode)
                .all(&db)
                .await
                .expect("rows")
                .into_iter()
                .map(|e| (e.name, e.credit_code, e.id))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names(&a).await, names(&b).await);
    let again = demo::demo(&a.state.db, &DemoOptions::default())
        .await
        .expect("runs");
    assert!(
        again.is_none(),
        "an existing organisation is never reseeded"
    );
    assert_eq!(
        enterprise::Entity::find()
            .count(&a.state.db)
            .await
            .expect("count"),
        30
    );
}

/// A demo with its field work: the photos go to the app's own evidence store.
async fn with_work(enterprises: u32, seed: u64) -> (TestApp, demo::DemoSummary) {
    let app = TestApp::spawn().await;
    let summary = demo::demo(
        &app.state.db,
        &DemoOptions {
            seed,
            enterprises,
            store: Some(app.state.store.clone()),
        },
    )
    .await
    .expect("demo seed")
    .expect("empty database gets seeded");
    (app, summary)
}

/// Everything the field work wrote, rows and files: one SHA-256 per table, so that a
/// difference names where it is.
async fn work_digest(app: &TestApp) -> Vec<(&'static str, String)> {
    use api::platform::entity::{
        alarm, evidence, inspection, inspection_record, reading, task, task_event, task_inspector,
        timeline_event,
    };
    use object_store::ObjectStoreExt;
    use sha2::{Digest, Sha256};
    let db = &app.state.db;
    let mut out = Vec::new();
    let mut add = |table: &'static str, rows: Vec<String>| {
        let mut h = Sha256::new();
        for r in &rows {
            h.update(r.as_bytes());
            h.update(b"\n");
        }
        out.push((
            table,
            format!(
                "{} rows {}",
                rows.len(),
                api::platform::audit::hex(&h.finalize())
            ),
        ));
    };
    macro_rules! all {
        ($m:ident, $($col:ident),+) => {
            $m::Entity::find()
                $(.order_by_asc($m::Column::$col))+
                .all(db)
                .await
                .expect("rows")
                .into_iter()
                .map(|r| format!("{r:?}"))
                .collect::<Vec<_>>()
        };
    }
    add("task", all!(task, BureauId, Id));
    add(
        "task_inspector",
        all!(task_inspector, BureauId, TaskId, UserId),
    );
    add("task_event", all!(task_event, BureauId, Id));
    add("inspection", all!(inspection, BureauId, TaskId));
    add("inspection_record", all!(inspection_record, BureauId, Id));
    add("alarm", all!(alarm, BureauId, Id));
    add(
        "reading",
        all!(reading, BureauId, PointId, Pollutant, Cn, DataTime),
    );
    let files = evidence::Entity::find()
        .order_by_asc(evidence::Column::BureauId)
        .order_by_asc(evidence::Column::Id)
        .all(db)
        .await
        .expect("evidence");
    assert!(!files.is_empty());
    let mut photos = Vec::new();
    for e in &files {
        let bytes = app
            .state
            .store
            .get(&api::platform::storage::evidence_path(e.bureau_id, &e.id))
            .await
            .expect("the photo is in the store")
            .bytes()
            .await
            .expect("bytes");
        let sha = crate::inspections::hex(&bytes);
        assert_eq!(sha, e.sha256, "the stored file has the declared hash");
        photos.push(format!("{e:?}"));
        photos.push(sha);
    }
    add("evidence", photos);
    let inspections = timeline_event::Entity::find()
        .filter(timeline_event::Column::RefId.starts_with("task:"))
        .order_by_asc(timeline_event::Column::BureauId)
        .order_by_asc(timeline_event::Column::Id)
        .all(db)
        .await
        .expect("timeline");
    add(
        "timeline_event",
        inspections.into_iter().map(|r| format!("{r:?}")).collect(),
    );
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_field_work() {
    // Times are relative to today's date in China: retry if a seed straddled midnight there.
    for _ in 0..2 {
        let day = api::history::risk::today();
        let ((a, sa), (b, sb)) = tokio::join!(with_work(40, 7), with_work(40, 7));
        if api::history::risk::today() != day {
            continue;
        }
        let work = sa.work.as_ref().expect("work summary");
        assert_eq!(work.tasks, sb.work.as_ref().expect("work").tasks);
        assert!(work.tasks >= 100, "{} tasks", work.tasks);
        assert_eq!(work_digest(&a).await, work_digest(&b).await);
        let (c, _) = with_work(40, 8).await;
        assert_ne!(
            work_digest(&a).await,
            work_digest(&c).await,
            "another seed, other work"
        );
        return;
    }
    panic!("the date kept changing");
}

fn parse<T: serde::de::DeserializeOwned>(r: &crate::common::Reply) -> T {
    assert_eq!(
        r.status,
        axum::http::StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    serde_json::from_slice(&r.bytes).expect("wire type")
}

#[tokio::test]
async fn newcomers_find_work_in_every_state_through_the_api() {
    use api::platform::entity::timeline_event;
    use serde_json::json;
    use shared::inspection::{InspectionView, SignerRole};
    use shared::task::{TaskStatus, TaskView};

    let (app, summary) = with_work(150, DemoOptions::default().seed).await;
    let work = summary.work.expect("work");
    let now = time::OffsetDateTime::now_utc();
    let today = api::history::risk::today();
    let insp = app.bearer(341302, "insp11").await;
    let leader = app.bearer(341302, "squad1").await;
    let get = |path: String, auth: &str| {
        let auth = auth.to_string();
        let app = &app;
        async move { app.get_with(&path, &[("authorization", &auth)]).await }
    };

    // insp11: something due soon, something under way, something handed in, past work.
    let mine: Vec<TaskView> = parse(&get("/api/tasks/mine".into(), &insp).await);
    assert!(
        mine[0].inspectors.iter().any(|i| mine
            .iter()
            .all(|t| t.inspectors.iter().any(|x| x.user_id == i.user_id))),
        "insp11 is on every one of his tasks"
    );
    let of = |s: TaskStatus| mine.iter().filter(move |t| t.status == s);
    let due_soon = of(TaskStatus::Assigned)
        .filter(|t| {
            let due = time::Date::parse(
                &t.due_on,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .expect("date");
            due >= today && due <= today + time::Duration::days(3)
        })
        .count();
    assert!(due_soon >= 1, "an assigned task due within three days");
    assert!(of(TaskStatus::InProgress).count() >= 1);
    let sent_back: Vec<&TaskView> = of(TaskStatus::InProgress)
        .filter(|t| t.history.last().and_then(|h| h.from) == Some(TaskStatus::Submitted))
        .collect();
    assert!(!sent_back.is_empty(), "a task the reviewer sent back");
    assert!(of(TaskStatus::Submitted).count() >= 1);
    let reviewed: Vec<&TaskView> = of(TaskStatus::Reviewed).collect();
    assert!(reviewed.len() >= 3, "{} reviewed", reviewed.len());
    assert_ne!(mine[0].status, TaskStatus::Reviewed, "open work first");

    // Each history is a path through the workflow, over the past months, never in the future
    // and never before the enterprise was registered.
    let mut oldest = now;
    for t in &mine {
        let e = enterprise::Entity::find_by_id((341302, t.enterprise_id.parse().expect("id")))
            .one(&app.state.db)
            .await
            .expect("db")
            .expect("enterprise");
        let mut state = None;
        let mut last = e.created_at;
        for h in &t.history {
            assert_eq!(h.from, state, "{} moves from where it was", t.id);
            if let Some(from) = h.from {
                use shared::task::TaskAction::*;
                assert!(
                    [Start, Submit, Accept, Return]
                        .iter()
                        .any(|a| a.apply(from) == Some(h.to)),
                    "{from:?} → {:?} is a move of the workflow",
                    h.to
                );
            }
            let at =
                time::OffsetDateTime::parse(&h.at, &time::format_description::well_known::Rfc3339)
                    .expect("time");
            assert!(at > last && at < now, "{} at {at}", t.id);
            assert!(!h.actor_name.is_empty());
            last = at;
            oldest = oldest.min(at);
            state = Some(h.to);
        }
        assert_eq!(state, Some(t.status));
    }
    assert!(
        now - oldest > time::Duration::days(120),
        "reviewed work goes back months"
    );

    // squad1 has handed-in work to review, all of the own squad.
    let squad: Vec<TaskView> = parse(&get("/api/tasks".into(), &leader).await);
    assert!(squad
        .iter()
        .all(|t| t.squad_id == Some(shared::BureauId(34130201))));
    let to_review: Vec<&TaskView> = squad
        .iter()
        .filter(|t| t.status == TaskStatus::Submitted)
        .collect();
    assert!(!to_review.is_empty(), "submitted tasks to review");
    let city: Vec<TaskView> =
        parse(&get("/api/tasks".into(), &app.bearer(341300, "leader").await).await);
    let counties: std::collections::BTreeSet<i64> = city.iter().map(|t| t.bureau_id.0).collect();
    assert!(
        counties.len() >= 3,
        "the city leader sees the counties' work: {counties:?}"
    );

    // Every finished inspection of insp11: findings on the checklist the product offers,
    // verified photos taken on site during the visit, a record signed by both inspectors and
    // the party (or the refusal), a PDF.
    let mut problems_found = 0;
    for t in &reviewed {
        let view: InspectionView =
            parse(&get(format!("/api/inspections/341302/{}", t.id), &leader).await);
        let offered: shared::checklist::ChecklistTemplate = parse(
            &get(
                format!("/api/enterprises/341302/{}/checklist", t.enterprise_id),
                &leader,
            )
            .await,
        );
        assert_eq!(view.template.code, offered.code, "the template that fits");
        let findings = view.findings.as_ref().expect("findings");
        assert_eq!(findings.template_version, view.template.version);
        assert!(
            findings.missing(&view.template).is_empty(),
            "every item answered"
        );
        if !findings.problems(&view.template).is_empty() {
            problems_found += 1;
        }
        let onsite = view
            .records
            .iter()
            .find(|r| r.record.kind == shared::inspection::RecordKind::Onsite)
            .expect("on-site record");
        let inspectors: Vec<String> = t.inspectors.iter().map(|i| i.user_id.clone()).collect();
        assert!(onsite.record.unsigned(&inspectors).is_empty(), "signed");
        for s in &onsite.record.signatures {
            let b64 = s.image.strip_prefix("data:image/png;base64,").expect("png");
            use base64::Engine;
            let png = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64");
            assert!(png.starts_with(b"\x89PNG"));
            assert!(s.role == SignerRole::Party || inspectors.contains(&s.user_id));
        }
        let rfc = |s: &str| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .expect("time")
        };
        let (from, to) = (rfc(&onsite.record.started_at), rfc(&onsite.record.ended_at));
        assert!(!view.evidence.is_empty());
        for ev in &view.evidence {
            assert!(ev.verified);
            let at = rfc(&ev.meta.captured_at);
            assert!(at >= from && at <= to, "photo taken during the visit");
            let (lat, lng) = (
                ev.meta.latitude.expect("lat"),
                ev.meta.longitude.expect("lng"),
            );
            assert!(
                (lat - view.task.latitude).abs() < 0.001
                    && (lng - view.task.longitude).abs() < 0.001
            );
            assert!(ev.meta.device.starts_with("设备 "), "{}", ev.meta.device);
            let file = get(
                format!("/api/evidence/341302/{}/content", ev.meta.id),
                &leader,
            )
            .await;
            assert_eq!(file.status, axum::http::StatusCode::OK);
            assert_eq!(crate::inspections::hex(&file.bytes), ev.meta.sha256);
            assert_eq!(file.bytes.len() as i64, ev.meta.size);
        }
        // On the enterprise's timeline, as the review puts it there.
        let on_timeline = timeline_event::Entity::find()
            .filter(timeline_event::Column::RefId.eq(format!("task:{}", t.id)))
            .filter(timeline_event::Column::Kind.eq("inspection"))
            .count(&app.state.db)
            .await
            .expect("count");
        assert_eq!(on_timeline, 1);
    }
    assert!(problems_found >= 1, "some inspections found problems");
    let first = &reviewed[0];
    let view: InspectionView =
        parse(&get(format!("/api/inspections/341302/{}", first.id), &leader).await);
    let pdf = get(
        format!(
            "/api/inspections/341302/{}/records/{}/pdf",
            first.id, view.records[0].record.id
        ),
        &leader,
    )
    .await;
    assert_eq!(
        pdf.status,
        axum::http::StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&pdf.bytes)
    );
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf.bytes);
    assert!(
        text.contains("/Subtype /Image") || text.contains("/Subtype/Image"),
        "signatures drawn"
    );

    // Cases opened for serious problems count in the risk index.
    let cases = timeline_event::Entity::find()
        .filter(timeline_event::Column::RefId.starts_with("task:"))
        .filter(timeline_event::Column::Kind.eq("violation"))
        .all(&app.state.db)
        .await
        .expect("cases");
    assert!(!cases.is_empty() && work.violations == cases.len());
    let city_leader = app.bearer(341300, "leader").await;
    for c in &cases {
        let d = parse::<serde_json::Value>(
            &get(
                format!("/api/enterprises/{}/{}", c.bureau_id, c.enterprise_id),
                &city_leader,
            )
            .await,
        );
        assert!(
            d["risk"]["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .any(|r| r["factor"] == "violation"),
            "{}",
            d["risk"]
        );
    }

    // The demo's tasks move on by the product's own rules.
    let post = |path: String, body: serde_json::Value, auth: &str| {
        let auth = auth.to_string();
        let app = &app;
        async move {
            app.post_json(&path, &body, &[("authorization", &auth)])
                .await
        }
    };
    let accept = post(
        format!("/api/tasks/341302/{}/transition", to_review[0].id),
        json!({ "action": "accept", "note": "同意" }),
        &leader,
    )
    .await;
    assert_eq!(accept.json()["status"], "reviewed", "{:?}", accept.json());
    let resubmit = post(
        format!("/api/tasks/341302/{}/transition", sent_back[0].id),
        json!({ "action": "submit", "note": "" }),
        &insp,
    )
    .await;
    assert_eq!(
        resubmit.json()["status"],
        "submitted",
        "{:?}",
        resubmit.json()
    );
    let assigned = of(TaskStatus::Assigned).next().expect("assigned");
    let start = post(
        format!("/api/tasks/341302/{}/transition", assigned.id),
        json!({ "action": "start", "note": "" }),
        &insp,
    )
    .await;
    assert_eq!(start.json()["status"], "in_progress");

    // The audit trail is intact, says that the demo work was generated, and goes on.
    let admin = app.bearer(341302, "admin").await;
    let verify = get("/api/audit/verify".into(), &admin).await.json();
    assert_eq!(verify["ok"], true, "{verify}");
    let log = get("/api/audit?action=demo.".into(), &admin).await.json();
    assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
    let v = api::platform::audit::verify(&app.state.db, None)
        .await
        .expect("verify");
    assert!(v.ok && v.chains >= 5, "{v:?}");
}

/// Reference data is not demo data: a deployment started without the demo has the divisions,
/// the tag taxonomy and the standard checklists, and a second start adds nothing twice.
#[tokio::test]
async fn a_deployment_without_the_demo_has_its_reference_data() {
    use api::platform::entity::{checklist_template, division, tag, tag_category};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    assert_eq!(
        bureau::Entity::find().count(db).await.expect("count"),
        0,
        "no demo"
    );
    let counts = || async {
        (
            division::Entity::find().count(db).await.expect("divisions"),
            tag_category::Entity::find()
                .count(db)
                .await
                .expect("categories"),
            tag::Entity::find().count(db).await.expect("tags"),
            checklist_template::Entity::find()
                .count(db)
                .await
                .expect("templates"),
        )
    };
    let first = counts().await;
    assert!(first.0 > 200, "GB/T 2260 divisions: {}", first.0);
    assert!(
        division::Entity::find_by_id("341302".to_string())
            .one(db)
            .await
            .expect("division")
            .is_some(),
        "埇桥区 is a division"
    );
    assert_eq!((first.1, first.2), (9, 20), "the tag taxonomy");
    assert!(first.3 >= 4, "the standard checklists: {}", first.3);
    api::refdata::install(db).await.expect("installs again");
    api::field::checklists::install_standard(db)
        .await
        .expect("installs again");
    assert_eq!(counts().await, first, "idempotent");
}

#[tokio::test]
async fn the_dispatcher_finds_an_alarm_history_with_its_trends() {
    let (app, _) = with_work(150, DemoOptions::default().seed).await;
    let desk = app.bearer(341302, "dispatch").await;
    let list = |q: &'static str| {
        let app = &app;
        let desk = desk.clone();
        async move {
            let r = app
                .get_with(&format!("/api/alarms?{q}"), &[("authorization", &desk)])
                .await;
            assert_eq!(r.status, axum::http::StatusCode::OK);
            r.json().as_array().cloned().unwrap_or_default()
        }
    };
    let open = list("state=open&bureau_id=341302").await;
    let closed = list("state=closed&bureau_id=341302").await;
    let mut states: Vec<String> = open
        .iter()
        .chain(&closed)
        .map(|a| {
            format!(
                "{} {} {}",
                a["status"].as_str().unwrap_or(""),
                a["kind"].as_str().unwrap_or(""),
                a["pollutant"].as_str().unwrap_or("")
            )
        })
        .collect();
    states.sort();
    assert_eq!(
        states,
        vec![
            "closed exceed_rtd w01018",
            "dispatched exceed_hour a21026",
            "new exceed_hour w21003",
        ],
        "{open:?} {closed:?}"
    );
    // The dispatched one: its task, from the alarm, is on the phones of the two it was sent to.
    let sent = open
        .iter()
        .find(|a| a["status"] == "dispatched")
        .expect("a dispatched alarm");
    let task_id = sent["task_id"].as_str().expect("its task");
    for who in ["insp21", "insp22"] {
        let phone = app.bearer(341302, who).await;
        let mine = app
            .get_with("/api/tasks/mine", &[("authorization", &phone)])
            .await
            .json();
        let t = mine
            .as_array()
            .and_then(|v| v.iter().find(|t| t["id"] == task_id))
            .unwrap_or_else(|| panic!("{who} has the alarm's task: {mine}"));
        assert_eq!(t["status"], "assigned", "{t}");
        assert_eq!(t["source"], "alarm", "{t}");
        assert_eq!(
            t["source_ref"],
            format!("alarm:341302:{}", sent["id"].as_str().unwrap_or("")),
            "{t}"
        );
        assert!(
            t["note"].as_str().unwrap_or("").starts_with("报警派单："),
            "{t}"
        );
    }
    let done = &closed[0];
    assert!(
        done["closed_reason"]
            .as_str()
            .unwrap_or("")
            .contains("现场核查"),
        "{done}"
    );
    for a in open.iter().chain(&closed) {
        let d = app
            .get_with(
                &format!("/api/alarms/341302/{}", a["id"].as_str().unwrap_or("")),
                &[("authorization", &desk)],
            )
            .await
            .json();
        let points = d["trend"]["points"].as_array().cloned().unwrap_or_default();
        let threshold = d["trend"]["threshold"].as_f64().expect("a limit");
        let over = points
            .iter()
            .filter(|p| p[1].as_f64().unwrap_or(0.0) > threshold)
            .count();
        assert!(
            points.len() > 10 && over == a["hits"].as_u64().unwrap_or(0) as usize,
            "{d}"
        );
        let on_timeline = api::platform::entity::timeline_event::Entity::find()
            .filter(
                api::platform::entity::timeline_event::Column::RefId
                    .eq(format!("alarm:{}", a["id"].as_str().unwrap_or(""))),
            )
            .count(&app.state.db)
            .await
            .expect("count");
        assert_eq!(on_timeline, 1, "the alarm is on its enterprise's timeline");
    }
}
