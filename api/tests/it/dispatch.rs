//! The alarm-to-dispatch scene over the real router: a demo data logger sends COD over its
//! limit through the HJ 212 gateway, inspectors go on duty and report positions, the desk
//! finds the nearest two within 3 km (the next rings and the squad leaders when no one is near),
//! dispatches them in one action, and the task with the alarm as its source reaches their
//! list; off duty nothing is stored; positions go when their retention has passed.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

use crate::common::{Reply, TestApp};
use api::platform::entity::{data_logger, monitoring_point, position};

const COUNTY: i64 = 341302;

async fn put_json(app: &TestApp, path: &str, body: &Value, auth: &str) -> Reply {
    app.send(
        Request::builder()
            .method(Method::PUT)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, auth)
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A fix `north_m` metres north of (lon, lat), taken `ago` seconds ago.
fn fix(lon: f64, lat: f64, north_m: f64, ago: i64) -> Value {
    json!({ "at": now() - ago, "longitude": lon, "latitude": lat + north_m / 111_195.0, "accuracy_m": 12.0 })
}

#[tokio::test]
async fn an_alarm_is_dispatched_to_the_two_nearest_on_duty_inspectors() {
    let app = TestApp::with_demo(30).await;
    let db = &app.state.db;

    // A demo water logger of 埇桥区 with its point (COD limit from GB 8978).
    let logger = data_logger::Entity::find()
        .filter(data_logger::Column::BureauId.eq(COUNTY))
        .filter(data_logger::Column::St.eq("32"))
        .one(db)
        .await
        .expect("query")
        .expect("a demo wastewater logger");
    let point = monitoring_point::Entity::find_by_id((COUNTY, logger.point_id))
        .one(db)
        .await
        .expect("query")
        .expect("its point");
    let (lon, lat) = (point.longitude, point.latitude);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let gw = api::monitoring::gateway::start(
        listener,
        db.clone(),
        api::monitoring::gateway::Options::default(),
    )
    .await;
    let replies = api::monitoring::gateway::send(
        &gw.addr.to_string(),
        &logger.mn,
        "123456",
        "32",
        3,
        &["w01018=250.0".to_string()],
    )
    .await
    .expect("the logger sends");
    assert_eq!(replies.len(), 3, "{replies:?}");

    let desk = app.bearer(COUNTY, "dispatch").await;
    let mut alarm = Value::Null;
    for _ in 0..50 {
        let list = app
            .get_with("/api/alarms", &[("authorization", &desk)])
            .await
            .json();
        if let Some(a) = list.as_array().and_then(|l| {
            l.iter()
                .find(|a| {
                    a["point_id"] == logger.point_id.to_string() && a["pollutant"] == "w01018"
                })
                .cloned()
        }) {
            alarm = a;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        alarm["kind"], "exceed_rtd",
        "the COD alarm is raised: {alarm:?}"
    );
    let alarm_path = format!("/api/alarms/{COUNTY}/{}", alarm["id"].as_str().expect("id"));

    // Going on duty needs a purpose; positions are stored only while on duty.
    let (i11, i12, i21, i31) = (
        app.bearer(COUNTY, "insp11").await,
        app.bearer(COUNTY, "insp12").await,
        app.bearer(COUNTY, "insp21").await,
        app.bearer(COUNTY, "insp31").await,
    );
    let r = put_json(
        &app,
        "/api/duty",
        &json!({ "on_duty": true, "purpose": " " }),
        &i11,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["message"]
        .as_str()
        .unwrap_or_default()
        .contains("在岗事由"));
    let off = app
        .post_json(
            "/api/duty/positions",
            &json!({ "fixes": [fix(lon, lat, 100.0, 0)] }),
            &[("authorization", &i31)],
        )
        .await;
    assert_eq!(
        off.json(),
        json!({ "stored": 0, "refused": 1 }),
        "off duty nothing is stored"
    );
    for t in [&i11, &i12, &i21, &i31] {
        let r = put_json(
            &app,
            "/api/duty",
            &json!({ "on_duty": true, "purpose": "日常巡查" }),
            t,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        assert_eq!(r.json()["on_duty"], true);
        assert_eq!(r.json()["retention_days"], 30);
    }
    // insp12 queued two fixes offline: the later one counts, a resend stores nothing again.
    let queued = json!({ "fixes": [fix(lon, lat, 3_000.0, 30), fix(lon, lat, 1_500.0, 5), fix(lon, lat, 9.0, 7_200)] });
    let r = app
        .post_json("/api/duty/positions", &queued, &[("authorization", &i12)])
        .await;
    assert_eq!(
        r.json(),
        json!({ "stored": 2, "refused": 1 }),
        "a fix from before the shift is refused"
    );
    let r = app
        .post_json("/api/duty/positions", &queued, &[("authorization", &i12)])
        .await;
    assert_eq!(
        r.json(),
        json!({ "stored": 0, "refused": 1 }),
        "a resend changes nothing"
    );
    for (t, north) in [(&i11, 500.0), (&i21, 4_000.0), (&i31, 20_000.0)] {
        let r = app
            .post_json(
                "/api/duty/positions",
                &json!({ "fixes": [fix(lon, lat, north, 2)] }),
                &[("authorization", t)],
            )
            .await;
        assert_eq!(r.json()["stored"], 1, "{:?}", r.json());
    }
    let bad = app
        .post_json(
            "/api/duty/positions",
            &json!({ "fixes": [{ "at": now(), "longitude": 200.0, "latitude": 33.0 }] }),
            &[("authorization", &i11)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The two nearest within 3 km, nearest first, with distance and age.
    let near = app
        .get_with(&format!("{alarm_path}/nearby"), &[("authorization", &desk)])
        .await;
    assert_eq!(near.status, StatusCode::OK, "{:?}", near.json());
    let near = near.json();
    assert_eq!(near["ring_m"], 3000);
    let people = near["inspectors"].as_array().expect("inspectors");
    assert_eq!(people.len(), 2, "{near:?}");
    let d0 = people[0]["distance_m"].as_u64().expect("distance");
    let d1 = people[1]["distance_m"].as_u64().expect("distance");
    assert!(
        (480..=520).contains(&d0) && (1_480..=1_520).contains(&d1),
        "{d0} {d1}"
    );
    assert!(people[0]["last_seen_secs"].as_i64().expect("age") < 60);
    assert!(near["squad_leaders"]
        .as_array()
        .expect("leaders")
        .is_empty());

    // Far from everyone but one: the ring widens to 10 km and the squad leaders are named.
    let lonely = app
        .get_with(
            &format!(
                "/api/field-force/nearby?bureau_id={COUNTY}&longitude={lon}&latitude={}",
                lat + 26_000.0 / 111_195.0
            ),
            &[("authorization", &desk)],
        )
        .await
        .json();
    assert_eq!(lonely["ring_m"], 10000, "{lonely:?}");
    assert_eq!(lonely["inspectors"].as_array().map(Vec::len), Some(1));
    let leaders = lonely["squad_leaders"].as_array().expect("leaders");
    assert!(
        !leaders.is_empty()
            && leaders
                .iter()
                .all(|l| !l["phone"].as_str().unwrap_or_default().is_empty())
    );

    // An inspector may not dispatch; the desk dispatches the nearest two in one action.
    let r = app
        .post_json(
            &format!("{alarm_path}/dispatch"),
            &json!({}),
            &[("authorization", &i11)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("{alarm_path}/dispatch"),
            &json!({}),
            &[("authorization", &desk)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let sent = r.json();
    assert_eq!(sent["alarm"]["status"], "dispatched");
    assert_eq!(sent["alarm"]["task_id"], sent["task"]["id"]);
    assert_eq!(sent["task"]["source"], "alarm");
    assert_eq!(
        sent["task"]["source_ref"],
        format!("alarm:{COUNTY}:{}", alarm["id"].as_str().expect("id"))
    );
    assert_eq!(sent["task"]["enterprise_id"], alarm["enterprise_id"]);
    let names: Vec<&str> = sent["task"]["inspectors"]
        .as_array()
        .expect("inspectors")
        .iter()
        .filter_map(|i| i["display_name"].as_str())
        .collect();
    let expected: Vec<&str> = people
        .iter()
        .filter_map(|p| p["display_name"].as_str())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        expected.iter().all(|n| names.contains(n)),
        "{names:?} {expected:?}"
    );
    let again = app
        .post_json(
            &format!("{alarm_path}/dispatch"),
            &json!({}),
            &[("authorization", &desk)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one task per alarm");

    // It reaches the inspectors' lists, with its source; the squad leader's list puts it first.
    for t in [&i11, &i12] {
        let mine = app
            .get_with("/api/tasks/mine", &[("authorization", t)])
            .await
            .json();
        let task = mine
            .as_array()
            .and_then(|l| l.iter().find(|x| x["id"] == sent["task"]["id"]).cloned());
        assert_eq!(task.expect("the dispatched task")["source"], "alarm");
    }
    let squad = app.bearer(COUNTY, "squad1").await;
    let list = app
        .get_with("/api/tasks", &[("authorization", &squad)])
        .await
        .json();
    let open: Vec<&Value> = list
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["status"] != "reviewed")
        .collect();
    let rank = |t: &Value| {
        let s = shared::task::TaskSource::from_code(t["source"].as_str().unwrap_or_default())
            .expect("source");
        (
            t["due_on"].as_str().unwrap_or_default().to_string(),
            s.urgency(),
        )
    };
    assert!(
        open.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "by urgency"
    );
    let today = sent["task"]["due_on"].as_str().expect("due");
    let first_today = open
        .iter()
        .find(|t| t["due_on"] == today)
        .expect("a task due today");
    assert_eq!(
        first_today["source"], "alarm",
        "an alarm's task first among the day's"
    );

    // The live map: on-duty members with positions; off duty, gone and nothing stored.
    let force = app
        .get_with("/api/field-force", &[("authorization", &desk)])
        .await
        .json();
    assert_eq!(force.as_array().map(Vec::len), Some(4), "{force:?}");
    let r = put_json(&app, "/api/duty", &json!({ "on_duty": false }), &i31).await;
    assert_eq!(r.json()["on_duty"], false);
    let force = app
        .get_with("/api/field-force", &[("authorization", &desk)])
        .await
        .json();
    assert_eq!(force.as_array().map(Vec::len), Some(3));
    let r = app
        .post_json(
            "/api/duty/positions",
            &json!({ "fixes": [fix(lon, lat, 0.0, 0)] }),
            &[("authorization", &i31)],
        )
        .await;
    assert_eq!(r.json()["stored"], 0);
    // Another county's dispatcher sees none of them and may not ask about 埇桥区.
    let other = app.bearer(341321, "dispatch").await;
    let theirs = app
        .get_with("/api/field-force", &[("authorization", &other)])
        .await
        .json();
    assert_eq!(theirs, json!([]));
    let r = app
        .get_with(
            &format!("/api/field-force/nearby?bureau_id={COUNTY}&longitude={lon}&latitude={lat}"),
            &[("authorization", &other)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Retention: positions older than the bureau's setting are deleted, the others kept.
    let stored = || async {
        position::Entity::find()
            .filter(position::Column::BureauId.eq(COUNTY))
            .count(db)
            .await
            .expect("count")
    };
    assert_eq!(stored().await, 5);
    let in_two_days = now() + 2 * 86_400;
    assert_eq!(
        api::dispatch::service::purge_positions(db, in_two_days)
            .await
            .expect("purge"),
        0
    );
    let admin = app.bearer(COUNTY, "admin").await;
    let path = format!("/api/field-force/retention/{COUNTY}");
    assert_eq!(
        put_json(&app, &path, &json!({ "days": 0 }), &admin)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        put_json(&app, &path, &json!({ "days": 1 }), &desk)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = put_json(&app, &path, &json!({ "days": 1 }), &admin).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(
        app.get_with("/api/duty", &[("authorization", &i11)])
            .await
            .json()["retention_days"],
        1
    );
    assert_eq!(
        api::dispatch::service::purge_positions(db, now())
            .await
            .expect("purge"),
        0
    );
    assert_eq!(
        api::dispatch::service::purge_positions(db, in_two_days)
            .await
            .expect("purge"),
        5
    );
    assert_eq!(stored().await, 0);
    drop(gw);
}
