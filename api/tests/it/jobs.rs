//! Background jobs: heavy work leaves the request. A formula change and an import queue a job
//! that recomputes risk in committed steps; any instance picks it up, resumes it from its cursor
//! when its holder died, never together with another instance; administrators follow it.

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use api::jobs::runner::LEASE_SECS;
use api::jobs::{Runner, Step};
use api::platform::entity::{enterprise, job};

use crate::common::TestApp;

/// The default formula with every weight doubled: every enterprise with points changes score.
fn doubled() -> Value {
    let mut f = serde_json::to_value(shared::risk::RiskFormula::default()).expect("formula");
    for k in [
        "violation_points",
        "penalty_points",
        "alarm_points",
        "complaint_points",
        "permit_expired_points",
        "permit_expiring_points",
        "permit_missing_points",
        "key_source_points",
    ] {
        f[k] = json!(f[k].as_i64().expect("weight") * 2);
    }
    f
}

async fn put_formula(app: &TestApp, auth: &str, body: &Value) -> crate::common::Reply {
    app.send(
        Request::builder()
            .method(Method::PUT)
            .uri("/api/risk/formula")
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

/// The province changes the formula; the job it queued, as the answer names it.
async fn change_formula(app: &TestApp) -> Value {
    let province = app.bearer(340000, "admin").await;
    let r = put_formula(app, &province, &doubled()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.json());
    let body = r.json();
    assert_eq!(body["formula"], doubled());
    body["job"].clone()
}

/// Every enterprise in `seq` order: key and stored score.
async fn stored(app: &TestApp) -> Vec<((i64, Uuid), i32)> {
    enterprise::Entity::find()
        .order_by_asc(enterprise::Column::Seq)
        .all(&app.state.db)
        .await
        .expect("enterprises")
        .into_iter()
        .map(|e| ((e.bureau_id, e.id), e.risk_score))
        .collect()
}

/// Every enterprise's score under the stored formula, computed here from its inputs.
async fn expected(app: &TestApp) -> HashMap<(i64, Uuid), i32> {
    let db = &app.state.db;
    let f = api::history::risk::formula(db).await.expect("formula");
    let mut out = HashMap::new();
    for (key, _) in stored(app).await {
        let inputs = api::history::risk::inputs(db, &f, key.0, key.1)
            .await
            .expect("inputs");
        out.insert(key, f.assess(&inputs).score);
    }
    out
}

async fn job_row(app: &TestApp, job: &Value) -> job::Model {
    let bureau = job["bureau_id"].as_i64().expect("bureau");
    let id = Uuid::parse_str(job["id"].as_str().expect("id")).expect("uuid");
    job::Entity::find_by_id((bureau, id))
        .one(&app.state.db)
        .await
        .expect("job")
        .expect("the job exists")
}

#[tokio::test]
async fn a_formula_change_is_recomputed_by_the_runner_not_the_request() {
    let app = TestApp::with_demo(60).await;
    let before = stored(&app).await;
    let job = change_formula(&app).await;
    assert_eq!(
        (
            job["kind"].as_str(),
            job["state"].as_str(),
            job["done"].as_u64()
        ),
        (Some("risk_recompute"), Some("queued"), Some(0))
    );
    assert_eq!(job["total"].as_u64(), Some(before.len() as u64));
    assert_eq!(job["bureau_id"], 340000);
    assert!(job["started_by_name"]
        .as_str()
        .is_some_and(|n| n.contains("admin")));

    // The request stored the formula and queued the job; no enterprise has moved yet.
    assert_eq!(
        stored(&app).await,
        before,
        "nothing recomputed in the request"
    );
    let want = expected(&app).await;
    let stale = before.iter().filter(|(k, s)| want[k] != *s).count();
    assert!(
        stale > 10,
        "every enterprise with points scores differently under the doubled weights ({stale} of {})",
        before.len()
    );

    let steps = Runner::new("instance-a")
        .run_pending(&app.state.db, OffsetDateTime::now_utc())
        .await
        .expect("runs");
    assert_eq!(
        steps.last(),
        Some(&Step::Finished {
            job: Uuid::parse_str(job["id"].as_str().expect("id")).expect("uuid"),
            done: before.len() as u64
        })
    );
    for (key, score) in stored(&app).await {
        assert_eq!(score, want[&key], "{key:?} recomputed with the new formula");
    }
    let row = job_row(&app, &job).await;
    assert_eq!(
        (row.state.as_str(), row.done, row.total, row.attempts),
        ("done", before.len() as i64, before.len() as i64, 1)
    );
    assert_eq!(row.lease_holder, None, "a finished job holds no lease");
    assert!(row.finished_at.is_some());
}

#[tokio::test]
async fn an_interrupted_job_is_resumed_from_its_cursor_by_another_instance() {
    let app = TestApp::with_demo(60).await;
    let db = &app.state.db;
    let job = change_formula(&app).await;
    let id = Uuid::parse_str(job["id"].as_str().expect("id")).expect("uuid");
    let want = expected(&app).await;
    let all = stored(&app).await;
    let n = all.len();
    assert!(n > 50, "{n} enterprises: more than two steps of 25");

    // Instance A commits one step of 25, then dies (it is simply never called again).
    let now = OffsetDateTime::now_utc();
    let a = Runner::new("instance-a").batch(25);
    assert_eq!(
        a.step(db, now).await.expect("step"),
        Step::Progressed { job: id, done: 25 }
    );
    let row = job_row(&app, &job).await;
    assert_eq!(
        (row.state.as_str(), row.lease_holder.as_deref(), row.done),
        ("running", Some("instance-a"), 25)
    );
    let seqs: Vec<i64> = enterprise::Entity::find()
        .order_by_asc(enterprise::Column::Seq)
        .all(db)
        .await
        .expect("enterprises")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        row.cursor,
        Some(seqs[24]),
        "the cursor is the last seq done"
    );
    let now_stored = stored(&app).await;
    for (key, score) in &now_stored[..25] {
        assert_eq!(*score, want[key], "the first step's enterprises are done");
    }
    assert!(
        now_stored[25..]
            .iter()
            .zip(&all[25..])
            .all(|(now, before)| now == before),
        "nothing after the cursor was touched"
    );

    // Mark an enterprise the first step did: a second recompute of it would overwrite this.
    let (marked, _) = now_stored[0];
    enterprise::Entity::update(enterprise::ActiveModel {
        bureau_id: Set(marked.0),
        id: Set(marked.1),
        risk_score: Set(-1),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("mark");

    // While A's lease runs, instance B may not take the job.
    let b = Runner::new("instance-b").batch(25);
    assert_eq!(b.step(db, now).await.expect("step"), Step::Idle);
    assert_eq!(
        api::jobs::claim(db, "instance-b", now + Duration::seconds(LEASE_SECS - 1))
            .await
            .expect("claim"),
        None,
        "a lease is a lease until it runs out"
    );

    // After it ran out, B resumes from A's cursor.
    let as_a_saw_it = job_row(&app, &job).await;
    let later = now + Duration::seconds(LEASE_SECS + 1);
    assert_eq!(
        b.step(db, later).await.expect("step"),
        Step::Progressed { job: id, done: 50 },
        "B's first step continues at the 26th enterprise"
    );
    // A, not dead but stalled, wakes up in the middle of its step: its fence fails, it writes
    // nothing.
    let just_before = stored(&app).await;
    assert_eq!(
        a.advance(db, &as_a_saw_it, later).await.expect("advance"),
        Step::Lost { job: id }
    );
    assert_eq!(stored(&app).await, just_before);
    assert_eq!(job_row(&app, &job).await.done, 50);
    assert_eq!(
        b.run_pending(db, later).await.expect("runs"),
        vec![Step::Finished {
            job: id,
            done: n as u64
        }],
        "three steps in all: one by A, two by B from A's cursor"
    );
    let row = job_row(&app, &job).await;
    assert_eq!(
        (row.state.as_str(), row.done, row.total, row.attempts),
        ("done", n as i64, n as i64, 2),
        "each enterprise counted once; taken up twice"
    );
    for (key, score) in stored(&app).await {
        if key == marked {
            assert_eq!(
                score, -1,
                "an enterprise before the cursor is not recomputed again"
            );
        } else {
            assert_eq!(score, want[&key], "{key:?} recomputed");
        }
    }
    // A, were it to come back, finds nothing to do.
    assert_eq!(a.step(db, later).await.expect("step"), Step::Idle);
}

/// `claims` instances that all read `seen` before any of them writes, each trying to claim it.
async fn race(
    db: &sea_orm::DatabaseConnection,
    seen: &job::Model,
    names: &str,
    now: OffsetDateTime,
) -> Vec<String> {
    let tries = (0..6).map(|i| {
        let (db, seen) = (db.clone(), seen.clone());
        let instance = format!("{names}-{i}");
        tokio::spawn(async move {
            let got = api::jobs::try_claim(&db, &instance, &seen, now)
                .await
                .expect("claim");
            got.map(|_| instance)
        })
    });
    let mut winners = vec![];
    for t in tries {
        winners.extend(t.await.expect("task"));
    }
    winners
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_claiming_at_once_never_share_a_job() {
    let app = TestApp::with_demo(10).await;
    let db = app.state.db.clone();
    let job = change_formula(&app).await;
    let now = OffsetDateTime::now_utc();

    // Six instances found the same queued job and claim it at once: one gets it.
    let seen = job_row(&app, &job).await;
    let winners = race(&db, &seen, "instance", now).await;
    assert_eq!(
        winners.len(),
        1,
        "exactly one instance holds the job: {winners:?}"
    );
    let row = job_row(&app, &job).await;
    assert_eq!(row.lease_holder.as_deref(), Some(winners[0].as_str()));
    assert_eq!(row.attempts, 1, "claimed once");
    // The others, looking again, find nothing to claim while the lease runs.
    for i in 0..3 {
        let instance = format!("other-{i}");
        assert_eq!(
            api::jobs::claim(&db, &instance, now).await.expect("claim"),
            None
        );
    }

    // After the lease ran out, the same race for the take-over: again one winner.
    let later = now + Duration::seconds(LEASE_SECS + 1);
    let seen = job_row(&app, &job).await;
    let winners = race(&db, &seen, "late", later).await;
    assert_eq!(winners.len(), 1, "{winners:?}");
    let row = job_row(&app, &job).await;
    assert_eq!(
        (row.lease_holder.as_deref(), row.attempts),
        (Some(winners[0].as_str()), 2)
    );

    // And through `claim` itself, six at once on a fresh job.
    let fresh = change_formula(&app).await;
    let claims = (0..6).map(|i| {
        let db = db.clone();
        tokio::spawn(async move {
            api::jobs::claim(&db, &format!("poll-{i}"), later)
                .await
                .expect("claim")
                .map(|j| j.id)
        })
    });
    let mut got = vec![];
    for c in claims {
        got.extend(c.await.expect("task"));
    }
    let fresh_id = Uuid::parse_str(fresh["id"].as_str().expect("id")).expect("uuid");
    assert_eq!(
        got.iter().filter(|id| **id == fresh_id).count(),
        1,
        "one instance holds the fresh job: {got:?}"
    );
}

#[tokio::test]
async fn admins_follow_progress_and_others_are_refused() {
    let app = TestApp::with_demo(60).await;
    let db = &app.state.db;
    let job = change_formula(&app).await;
    let path = format!("/api/jobs/340000/{}", job["id"].as_str().expect("id"));
    let province = app.bearer(340000, "admin").await;
    let app = &app;
    let get = |auth: String, p: String| async move {
        app.get_with(&p, &[("authorization", &auth)]).await
    };

    let list = get(province.clone(), "/api/jobs".into()).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()[0]["id"], job["id"], "newest first");
    let total = job["total"].as_u64().expect("total");

    let runner = Runner::new("instance-a").batch(25);
    runner
        .step(db, OffsetDateTime::now_utc())
        .await
        .expect("step");
    let one = get(province.clone(), path.clone()).await;
    assert_eq!(one.status, StatusCode::OK);
    let one = one.json();
    assert_eq!(
        (
            one["state"].as_str(),
            one["done"].as_u64(),
            one["total"].as_u64()
        ),
        (Some("running"), Some(25), Some(total))
    );
    assert!(one["started_at"].is_string());
    runner
        .run_pending(db, OffsetDateTime::now_utc())
        .await
        .expect("runs");
    let one = get(province.clone(), path.clone()).await.json();
    assert_eq!(
        (one["state"].as_str(), one["done"].as_u64()),
        (Some("done"), Some(total))
    );

    // Below the province the job is outside the jurisdiction; non-admins see no jobs at all.
    let county_admin = app.bearer(341302, "admin").await;
    let r = get(county_admin.clone(), path.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["message"], "无权进行此操作");
    assert_eq!(
        get(county_admin.clone(), "/api/jobs".into()).await.json(),
        json!([]),
        "the province's job is not the county's"
    );
    for (bureau, user) in [(340000, "leader"), (341302, "insp11"), (341302, "dispatch")] {
        let auth = app.bearer(bureau, user).await;
        for p in ["/api/jobs".to_string(), path.clone()] {
            let r = get(auth.clone(), p.clone()).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{bureau}/{user} {p}");
        }
    }
    assert_eq!(
        app.get(&path).await.status,
        StatusCode::UNAUTHORIZED,
        "not signed in"
    );
    let missing = format!("/api/jobs/340000/{}", Uuid::new_v4());
    assert_eq!(get(province, missing).await.status, StatusCode::NOT_FOUND);

    // A county's import: its job is the county's, seen by the county and the city above it,
    // not by a sibling county.
    let existing = enterprise::Entity::find()
        .all(db)
        .await
        .expect("enterprises")
        .into_iter()
        .find(|e| e.bureau_id == 341302)
        .expect("an enterprise of 埇桥区");
    let csv = format!(
        "{}\n{},{},{},{},{},{},{},{},,,,,\n",
        "企业名称,统一社会信用代码,法定代表人,详细地址,行政区划代码,经度,纬度,行业代码,企业规模,联系人,联系电话,生产状态,标签",
        existing.name,
        existing.credit_code,
        existing.legal_representative,
        existing.address,
        existing.division_code,
        existing.longitude,
        existing.latitude,
        existing.industry_code,
    );
    let r = app
        .send(
            Request::post("/api/enterprises/import?kind=enterprises")
                .header("authorization", &county_admin)
                .header("content-type", "application/octet-stream")
                .body(Body::from(csv))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let report = r.json();
    assert_eq!(report["committed"], true, "{:?}", report["issues"]);
    let import = report["job"].clone();
    assert_eq!(
        (
            import["kind"].as_str(),
            import["bureau_id"].as_i64(),
            import["total"].as_u64()
        ),
        (Some("import"), Some(341302), Some(1))
    );
    let ids = |v: Value| -> Vec<Value> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|j| j["id"].clone())
            .collect()
    };
    let city = app.bearer(341300, "admin").await;
    let sibling = app.bearer(341321, "admin").await;
    assert!(ids(get(county_admin, "/api/jobs".into()).await.json()).contains(&import["id"]));
    assert!(ids(get(city, "/api/jobs".into()).await.json()).contains(&import["id"]));
    assert!(!ids(get(sibling, "/api/jobs".into()).await.json()).contains(&import["id"]));
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_given_up_with_a_reason() {
    let app = TestApp::with_demo(10).await;
    let db = &app.state.db;
    let job = change_formula(&app).await;
    // A stored formula that does not parse fails every step (fail closed, never the default).
    api::platform::entity::setting::Entity::update(api::platform::entity::setting::ActiveModel {
        key: Set(api::history::risk::FORMULA_KEY.into()),
        value: Set("{".into()),
    })
    .exec(db)
    .await
    .expect("corrupt the formula");
    let before = stored(&app).await;
    let steps = api::jobs::run_pending(db, "instance-a", OffsetDateTime::now_utc())
        .await
        .expect("runs");
    assert_eq!(
        steps.len(),
        api::jobs::runner::RETRIES as usize,
        "retried, then given up: {steps:?}"
    );
    assert!(steps.iter().all(|s| matches!(s, Step::Failed { .. })));
    assert_eq!(stored(&app).await, before, "a failed step leaves nothing");
    let row = job_row(&app, &job).await;
    assert_eq!((row.state.as_str(), row.done), ("failed", 0));
    assert!(
        row.error.as_deref().is_some_and(|e| e.contains("已尝试")),
        "{:?}",
        row.error
    );
}
