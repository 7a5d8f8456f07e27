//! 环境质量超标: an ambient station (ST 21 surface water, ST 22 air) given its class through the
//! API is judged on averages against the class limits of GB 3838-2002 / GB 3095-2012, its
//! real-time values raise nothing, and an outlet cannot be given a class.

use std::time::Duration;

use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::common::TestApp;
use crate::monitoring::{put_json, reply};
use api::platform::entity::monitoring_point;

const PW: &str = "654321";

/// A frame of station kind `st`, Flag=5 (reply wanted), data time an hour ago (China time).
fn frame(qn: &str, st: &str, cn: &str, mn: &str, cp: &str) -> String {
    let t = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).expect("offset"))
        - time::Duration::hours(1);
    let dt = format!(
        "{:04}{:02}{:02}{:02}0000",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour()
    );
    hj212::encode(&format!(
        "QN={qn};ST={st};CN={cn};PW={PW};MN={mn};Flag=5;CP=&&DataTime={dt};{cp}&&"
    ))
}

#[tokio::test]
async fn ambient_stations_alarm_on_their_class_limits() {
    let app = TestApp::with_demo(30).await;
    let db = &app.state.db;
    let points = monitoring_point::Entity::find()
        .filter(monitoring_point::Column::BureauId.eq(341302))
        .all(db)
        .await
        .expect("query");
    assert!(points.len() >= 3, "demo points: {}", points.len());
    let (air, water, outlet) = (&points[0], &points[1], &points[2]);
    let admin = app.bearer(341302, "admin").await;
    let base = |p: &monitoring_point::Model| format!("/api/monitoring/points/341302/{}", p.id);
    let register = |p: &monitoring_point::Model, mn: &'static str, st: &'static str| {
        let path = format!("{}/loggers", base(p));
        let admin = admin.clone();
        let app = &app;
        async move {
            let body = json!({ "mn": mn, "password": PW, "st": st, "interval_secs": 3600 });
            let r = app
                .post_json(&path, &body, &[("authorization", &admin)])
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        }
    };
    const AIR_MN: &str = "34130200AQ000001";
    const WATER_MN: &str = "34130200SW000001";
    const OUTLET_MN: &str = "34130200WS000001";
    register(air, AIR_MN, "22").await;
    register(water, WATER_MN, "21").await;
    register(outlet, OUTLET_MN, "32").await;

    let class = |p: &monitoring_point::Model, c: u8| {
        let path = format!("{}/quality-class", base(p));
        let admin = admin.clone();
        let app = &app;
        async move { put_json(app, &path, &json!({ "class": c }), &admin).await }
    };
    // An outlet has no class; an air station has two; the message says which.
    let r = class(outlet, 1).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("ST 21"),
        "{:?}",
        r.json()
    );
    let r = class(air, 3).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("1（一级）、2（二级）"),
        "{:?}",
        r.json()
    );
    let insp = app.bearer(341302, "insp11").await;
    let r = put_json(
        &app,
        &format!("{}/quality-class", base(air)),
        &json!({ "class": 2 }),
        &insp,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = class(air, 2).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let limits = r.json();
    let limit = |l: &Value, code: &str| {
        l["limits"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["pollutant"] == code).cloned())
            .unwrap_or_else(|| panic!("{code} in {l}"))
    };
    let pm = limit(&limits, "a34004");
    assert_eq!(pm["upper"], 75.0);
    assert_eq!(pm["unit"], "μg/m³");
    assert_eq!(pm["basis"], "GB 3095-2012 二级");
    let r = class(water, 3).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(limit(&r.json(), "w01018")["upper"], 20.0);
    assert_eq!(limit(&r.json(), "w01009")["lower"], 5.0);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let gw = api::monitoring::gateway::start(listener, db.clone(), Default::default()).await;
    let mut s = TcpStream::connect(gw.addr).await.expect("connect");
    let packets = [
        // Real-time SO₂ far over the hourly limit: an ambient station's real-time values count
        // for nothing.
        ("2011", AIR_MN, "22", "a21026-Rtd=900,a21026-Flag=N"),
        // Hourly SO₂ over 500 μg/m³: an alarm. Hourly PM2.5 over 75: nothing (judged daily).
        // Hourly NO₂ under 200: nothing. A maintenance-flagged O₃: nothing.
        (
            "2061",
            AIR_MN,
            "22",
            "a21026-Avg=620,a21026-Flag=N;a34004-Avg=120,a34004-Flag=N;\
             a21004-Avg=150,a21004-Flag=N;a05024-Avg=400,a05024-Flag=M",
        ),
        // Daily PM2.5 over 75: an alarm; daily SO₂ (judged hourly): nothing.
        (
            "2031",
            AIR_MN,
            "22",
            "a34004-Avg=80,a34004-Flag=N;a21026-Avg=600,a21026-Flag=N",
        ),
        // Surface water, Ⅲ类: COD 25 over 20, dissolved oxygen 4 under 5, NH₃-N 0.8 within 1.0.
        (
            "2061",
            WATER_MN,
            "21",
            "w01018-Avg=25,w01018-Flag=N;w01009-Avg=4,w01009-Flag=N;w21003-Avg=0.8,w21003-Flag=N",
        ),
    ];
    for (i, (cn, mn, st, cp)) in packets.iter().enumerate() {
        let qn = format!("2026120609000000{i}");
        s.write_all(frame(&qn, st, cn, mn, cp).as_bytes())
            .await
            .expect("write");
        let r = reply(&mut s, Duration::from_secs(10))
            .await
            .expect("a reply");
        assert!(r.contains("CN=9014"), "packet {i} answered: {r}");
    }

    let leader = app.bearer(341302, "leader").await;
    let list = app
        .get_with("/api/alarms?kind=quality", &[("authorization", &leader)])
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let alarms = list.json();
    let mut got: Vec<(String, String, f64, u64)> = alarms
        .as_array()
        .expect("list")
        .iter()
        .map(|a| {
            (
                a["point_id"].as_str().unwrap_or_default().to_string(),
                a["pollutant"].as_str().unwrap_or_default().to_string(),
                a["peak"].as_f64().unwrap_or_default(),
                a["hits"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.1.cmp(&b.1));
    let (a, w) = (air.id.to_string(), water.id.to_string());
    assert_eq!(
        got,
        vec![
            (a.clone(), "a21026".into(), 620.0, 1),
            (a.clone(), "a34004".into(), 80.0, 1),
            (w.clone(), "w01009".into(), 4.0, 1),
            (w.clone(), "w01018".into(), 25.0, 1),
        ],
        "{alarms}"
    );
    let so2 = alarms
        .as_array()
        .and_then(|l| l.iter().find(|x| x["pollutant"] == "a21026"))
        .expect("the SO₂ alarm");
    assert_eq!(so2["kind"], "quality");
    assert_eq!(
        so2["detail"],
        "二氧化硫小时均值 620 μg/m³ 超过GB 3095-2012 二级限值 500 μg/m³"
    );
    let pm = alarms
        .as_array()
        .and_then(|l| l.iter().find(|x| x["pollutant"] == "a34004"))
        .expect("the PM2.5 alarm");
    assert!(
        pm["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("PM2.5日均值 80 μg/m³"),
        "{pm}"
    );
    // Each trend is of the averages the alarm was judged on, not the real-time values.
    let trend = |a: &Value| {
        let path = format!("/api/alarms/341302/{}", a["id"].as_str().expect("id"));
        let app = &app;
        let leader = leader.clone();
        async move {
            let d = app
                .get_with(&path, &[("authorization", &leader)])
                .await
                .json();
            d["trend"]["points"]
                .as_array()
                .expect("points")
                .iter()
                .map(|p| p[1].as_f64().unwrap_or_default())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(trend(so2).await, vec![620.0]);
    assert_eq!(trend(pm).await, vec![80.0]);
    // No exceedance alarm of the outlet kinds for the ambient stations.
    let all = app
        .get_with("/api/alarms", &[("authorization", &leader)])
        .await
        .json();
    assert!(
        all.as_array()
            .expect("list")
            .iter()
            .all(|x| x["kind"] == "quality"),
        "{all}"
    );
}
