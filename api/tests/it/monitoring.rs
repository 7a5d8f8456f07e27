//! Online monitoring end to end: a logger registered through the API, the HJ 212 gateway driven
//! over loopback TCP by several fake data loggers at once (good, slow, split, garbage, wrong
//! password, unknown MN, 2005-style, a socket that never finishes), the readings stored, the
//! fault counters, and the alarms the rules raise, seen and worked through the API.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestApp;
use api::platform::entity::{monitoring_point, reading, timeline_event};

const MN: &str = "33010000A8900016F0001";
const PW: &str = "123456";

/// A 2017 data segment (Flag=5: reply wanted) of CN `cn` with `cp` items at data time `dt`.
fn segment(qn: &str, cn: &str, mn: &str, pw: &str, dt: &str, cp: &str) -> String {
    format!("QN={qn};ST=32;CN={cn};PW={pw};MN={mn};Flag=5;CP=&&DataTime={dt};{cp}&&")
}

/// The data time a minute ago plus `k` seconds, in China (UTC+8), as a logger writes it.
fn stamp(k: i64) -> String {
    let t = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).expect("offset"))
        - time::Duration::minutes(5)
        + time::Duration::seconds(k);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads one reply line (up to `\r\n`) or None when the gateway closes or is silent for `wait`.
pub(crate) async fn reply(s: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut got = Vec::new();
    let mut b = [0u8; 1];
    while !got.ends_with(b"\r\n") {
        match tokio::time::timeout(wait, s.read(&mut b)).await {
            Ok(Ok(1)) => got.push(b[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&got).trim_end().to_string())
}

/// The data segment of a reply, which must itself be a valid frame.
fn cp_of(reply: &str) -> String {
    let mut f = hj212::Framer::new();
    f.push(format!("{reply}\r\n").as_bytes());
    match f.next_frame() {
        Some(Ok(frame)) => frame.segment,
        other => panic!("not a valid frame: {reply:?}: {:?}", other.map(|r| r.err())),
    }
}

pub(crate) async fn put_json(
    app: &TestApp,
    path: &str,
    body: &Value,
    auth: &str,
) -> crate::common::Reply {
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

#[tokio::test]
async fn data_loggers_feed_readings_and_alarms_through_the_gateway() {
    let app = TestApp::with_demo(30).await;
    let db = &app.state.db;
    let point = monitoring_point::Entity::find()
        .filter(monitoring_point::Column::BureauId.eq(341302))
        .filter(monitoring_point::Column::Kind.eq("water"))
        .one(db)
        .await
        .expect("query")
        .expect("a wastewater outlet in 埇桥区");
    let admin = app.bearer(341302, "admin").await;
    let base = format!("/api/monitoring/points/341302/{}", point.id);

    // Registration: checked in Chinese, admins only, one point per MN.
    let logger =
        |mn: &str, pw: &str| json!({ "mn": mn, "password": pw, "st": "32", "interval_secs": 30 });
    let r = app
        .post_json(
            &format!("{base}/loggers"),
            &logger("123", PW),
            &[("authorization", &admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("MN"),
        "{:?}",
        r.json()
    );
    let insp = app.bearer(341302, "insp11").await;
    let r = app
        .post_json(
            &format!("{base}/loggers"),
            &logger(MN, PW),
            &[("authorization", &insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("{base}/loggers"),
            &logger(MN, PW),
            &[("authorization", &admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let r = app
        .post_json(
            &format!("{base}/loggers"),
            &logger(MN, PW),
            &[("authorization", &admin)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Limits: COD 100 mg/L, three consecutive real-time values.
    let limits = json!({ "limits": [
        { "pollutant": "w01018", "name": "", "upper": 100.0, "lower": null, "unit": "mg/L",
          "basis": "GB 8978-1996 表4 一级", "consecutive": 3 },
        { "pollutant": "w01001", "name": "", "upper": 9.0, "lower": 6.0, "unit": "",
          "basis": "GB 8978-1996 表4 一级", "consecutive": 3 },
    ]});
    let r = put_json(&app, &format!("{base}/limits"), &json!({ "limits": [
        { "pollutant": "x99", "name": "", "upper": 1.0, "lower": null, "unit": "", "basis": "b", "consecutive": 1 }
    ]}), &admin).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = put_json(&app, &format!("{base}/limits"), &limits, &admin).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let saved = r.json();
    let cod = saved["limits"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["pollutant"] == "w01018").cloned());
    assert_eq!(cod.expect("the COD limit")["name"], "化学需氧量");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let gw = api::monitoring::gateway::start(
        listener,
        db.clone(),
        api::monitoring::gateway::Options {
            frame_secs: 1,
            idle_secs: 5,
            ..Default::default()
        },
    )
    .await;
    let addr = gw.addr;
    let connect = move || async move { TcpStream::connect(addr).await.expect("connect") };

    // Several loggers at once.
    let good = tokio::spawn(async move {
        let mut s = connect().await;
        let mut replies = Vec::new();
        for (i, cod) in [152.3, 160.0, 171.5].iter().enumerate() {
            let qn = format!("2026120108000000{i}");
            let seg = segment(
                &qn,
                "2011",
                MN,
                PW,
                &stamp(i as i64 * 30),
                &format!("w01018-Rtd={cod},w01018-Flag=N;w00000-Rtd=12.5,w00000-Flag=N"),
            );
            s.write_all(hj212::encode(&seg).as_bytes())
                .await
                .expect("write");
            replies.push((
                qn,
                reply(&mut s, Duration::from_secs(10))
                    .await
                    .expect("a reply"),
            ));
        }
        replies
    });
    let slow = tokio::spawn(async move {
        let mut s = connect().await;
        let seg = segment(
            "20261201080100000",
            "2011",
            MN,
            PW,
            &stamp(100),
            "w01001-Rtd=7.2,w01001-Flag=N",
        );
        for b in hj212::encode(&seg).bytes() {
            s.write_all(&[b]).await.expect("write");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        reply(&mut s, Duration::from_secs(10)).await
    });
    let noisy = tokio::spawn(async move {
        let mut s = connect().await;
        let a = hj212::encode(&segment(
            "20261201080200000",
            "2051",
            MN,
            PW,
            &stamp(-60),
            "w01018-Min=80,w01018-Avg=90,w01018-Max=99,w01018-Cou=1.5,w01018-Flag=N",
        ));
        let b = hj212::encode(&segment(
            "20261201080200001",
            "2011",
            MN,
            PW,
            &stamp(110),
            "w01018-Rtd=50,w01018-Flag=M",
        ));
        let mut bytes = b"\x00\x01noise".to_vec();
        bytes.extend(a.as_bytes());
        bytes.extend(b"@@garbage@@");
        bytes.extend(b.as_bytes());
        // Split mid-frame across two writes.
        let cut = bytes.len() / 2;
        s.write_all(&bytes[..cut]).await.expect("write");
        tokio::time::sleep(Duration::from_millis(50)).await;
        s.write_all(&bytes[cut..]).await.expect("write");
        let r1 = reply(&mut s, Duration::from_secs(10)).await;
        let r2 = reply(&mut s, Duration::from_secs(10)).await;
        (r1, r2)
    });
    let wrong = tokio::spawn(async move {
        let mut s = connect().await;
        let bad_pw = segment(
            "20261201080300000",
            "2011",
            MN,
            "654321",
            &stamp(120),
            "w01018-Rtd=1,w01018-Flag=N",
        );
        s.write_all(hj212::encode(&bad_pw).as_bytes())
            .await
            .expect("write");
        let r1 = reply(&mut s, Duration::from_secs(10)).await;
        let unknown = segment(
            "20261201080300001",
            "2011",
            "UNKNOWN000000001",
            PW,
            &stamp(120),
            "w01018-Rtd=1,w01018-Flag=N",
        );
        s.write_all(hj212::encode(&unknown).as_bytes())
            .await
            .expect("write");
        let r2 = reply(&mut s, Duration::from_secs(10)).await;
        // A corrupt CRC: dropped, counted, and told so (QnRtn=9) as its header is readable.
        let mut corrupt = hj212::encode(&segment(
            "20261201080300002",
            "2011",
            MN,
            PW,
            &stamp(121),
            "w01018-Rtd=1,w01018-Flag=N",
        ));
        corrupt.replace_range(corrupt.len() - 6..corrupt.len() - 2, "0000");
        s.write_all(corrupt.as_bytes()).await.expect("write");
        let r3 = reply(&mut s, Duration::from_secs(10)).await;
        (r1, r2, r3)
    });
    let old = tokio::spawn(async move {
        let mut s = connect().await;
        // 2005 style: no QN, no Flag, the old pollutant code; no reply is asked for.
        let seg = format!(
            "ST=32;CN=2011;PW={PW};MN={MN};CP=&&DataTime={};011-Rtd=25.4,011-Flag=N&&",
            stamp(130)
        );
        s.write_all(hj212::encode(&seg).as_bytes())
            .await
            .expect("write");
        tokio::time::sleep(Duration::from_millis(300)).await;
    });
    let stuck = tokio::spawn(async move {
        let mut s = connect().await;
        s.write_all(b"##0101QN=2016080108").await.expect("write");
        let started = std::time::Instant::now();
        let mut b = [0u8; 16];
        // The gateway gives a begun frame `frame_secs` and then closes the socket.
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut b)).await;
        (n.map(|r| r.unwrap_or(0)).ok(), started.elapsed())
    });

    let replies = good.await.expect("good logger");
    for (qn, r) in &replies {
        let seg = cp_of(r);
        assert!(seg.contains("CN=9014"), "data reply: {seg}");
        assert!(seg.contains(&format!("QN={qn}")), "echoes the QN: {seg}");
    }
    assert!(cp_of(
        &slow
            .await
            .expect("slow")
            .expect("a reply to the slow writer")
    )
    .contains("CN=9014"));
    let (r1, r2) = noisy.await.expect("noisy");
    assert!(cp_of(&r1.expect("first")).contains("CN=9014"));
    assert!(cp_of(&r2.expect("second")).contains("CN=9014"));
    let (r1, r2, r3) = wrong.await.expect("wrong");
    let r3 = cp_of(&r3.expect("a refusal"));
    assert!(
        r3.contains("CN=9011") && r3.contains("QnRtn=9"),
        "bad CRC: {r3}"
    );
    let r1 = cp_of(&r1.expect("a refusal"));
    assert!(
        r1.contains("CN=9011") && r1.contains("QnRtn=3"),
        "wrong PW: {r1}"
    );
    let r2 = cp_of(&r2.expect("a refusal"));
    assert!(
        r2.contains("CN=9011") && r2.contains("QnRtn=4"),
        "unknown MN: {r2}"
    );
    old.await.expect("old");
    let (n, took) = stuck.await.expect("stuck");
    assert_eq!(n, Some(0), "the stuck socket is closed by the gateway");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // Stored: 3 × 2 good real-time values, pH, the minute data, the M-flagged value, the 2005 one.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stored = reading::Entity::find()
        .filter(reading::Column::BureauId.eq(341302))
        .filter(reading::Column::PointId.eq(point.id))
        .count(db)
        .await
        .expect("count");
    assert_eq!(stored, 10, "{:?}", gw.counters.snapshot());
    let c = &gw.counters;
    assert_eq!(c.get("packets"), 7, "{:?}", c.snapshot());
    assert_eq!(c.get("bad_password"), 1);
    assert_eq!(c.get("unknown_mn"), 1);
    assert_eq!(c.get("bad_crc"), 1, "{:?}", c.snapshot());
    assert_eq!(c.get("v2005"), 1);
    assert_eq!(c.get("slow_frame"), 1);
    assert!(c.get("garbage_bytes") >= 18, "{:?}", c.snapshot());
    let old_code = reading::Entity::find()
        .filter(reading::Column::PointId.eq(point.id))
        .filter(reading::Column::Rtd.eq(25.4))
        .one(db)
        .await
        .expect("query")
        .expect("the 2005 value");
    assert_eq!(
        old_code.pollutant, "w01018",
        "the old code 011 is stored as w01018"
    );
    if crate::common::backend() == "postgres" {
        // Partitioned by month: the rows sit in their month's partition, none in the default.
        use sea_orm::{ConnectionTrait, Statement};
        let count = |table: String| async move {
            let row = db
                .query_one(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT count(*)::bigint AS n FROM {table}"),
                ))
                .await
                .expect("query")
                .expect("row");
            row.try_get::<i64>("", "n").expect("n")
        };
        let monthly = "reading WHERE tableoid::regclass::text LIKE 'reading\\_2%'".to_string();
        assert_eq!(count(monthly).await, 10);
        assert_eq!(count("reading_default".into()).await, 0);
    }

    // The alarm: three N values over 100 mg/L; the M-flagged one did not count.
    let leader = app.bearer(341302, "leader").await;
    let list = app
        .get_with("/api/alarms", &[("authorization", &leader)])
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let alarms = list.json();
    let alarms = alarms.as_array().expect("list");
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    let a = &alarms[0];
    assert_eq!(a["kind"], "exceed_rtd");
    assert_eq!(a["status"], "new");
    assert_eq!(a["pollutant_name"], "化学需氧量");
    assert_eq!(a["peak"], 171.5);
    assert_eq!(a["threshold"], 100.0);
    assert!(
        a["detail"].as_str().unwrap_or_default().contains("连续3个"),
        "{a}"
    );
    let id = a["id"].as_str().expect("id").to_string();
    let path = format!("/api/alarms/341302/{id}");
    let d = app
        .get_with(&path, &[("authorization", &leader)])
        .await
        .json();
    assert!(
        d["trend"]["points"].as_array().map_or(0, |p| p.len()) >= 4,
        "{d}"
    );
    // On the enterprise's timeline.
    let events = timeline_event::Entity::find()
        .filter(timeline_event::Column::RefId.eq(format!("alarm:{id}")))
        .count(db)
        .await
        .expect("count");
    assert_eq!(events, 1);
    // Other jurisdictions do not see it.
    let other = app.bearer(341321, "leader").await;
    assert_eq!(
        app.get_with(&path, &[("authorization", &other)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // A repeat updates the open alarm once three N values in a row are over again (the 2005
    // value of 25.4 broke the run); an hourly average raises its own kind.
    let mut s = TcpStream::connect(addr).await.expect("connect");
    for (i, cod) in [180, 190, 200].iter().enumerate() {
        let seg = segment(
            &format!("2026120109000000{i}"),
            "2011",
            MN,
            PW,
            &stamp(200 + 10 * i as i64),
            &format!("w01018-Rtd={cod},w01018-Flag=N"),
        );
        s.write_all(hj212::encode(&seg).as_bytes())
            .await
            .expect("write");
        reply(&mut s, Duration::from_secs(10)).await.expect("reply");
    }
    let seg = segment(
        "20261201090000009",
        "2061",
        MN,
        PW,
        &stamp(-300),
        "w01018-Avg=120,w01018-Flag=N",
    );
    s.write_all(hj212::encode(&seg).as_bytes())
        .await
        .expect("write");
    reply(&mut s, Duration::from_secs(10)).await.expect("reply");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let alarms = app
        .get_with("/api/alarms", &[("authorization", &leader)])
        .await
        .json();
    let alarms = alarms.as_array().expect("list").clone();
    assert_eq!(alarms.len(), 2, "{alarms:?}");
    let rtd = alarms
        .iter()
        .find(|a| a["kind"] == "exceed_rtd")
        .expect("rtd");
    assert_eq!(rtd["hits"], 2);
    assert_eq!(rtd["peak"], 200.0);
    assert!(alarms.iter().any(|a| a["kind"] == "exceed_hour"));

    // The desk: acknowledge (not twice), close with a reason.
    let squad = app.bearer(341302, "squad1").await;
    let r = app
        .post_json(
            &format!("{path}/acknowledge"),
            &json!({}),
            &[("authorization", &insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("{path}/acknowledge"),
            &json!({}),
            &[("authorization", &squad)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(r.json()["alarm"]["status"], "acknowledged");
    let r = app
        .post_json(
            &format!("{path}/acknowledge"),
            &json!({}),
            &[("authorization", &squad)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .post_json(
            &format!("{path}/close"),
            &json!({ "reason": " " }),
            &[("authorization", &squad)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json(
            &format!("{path}/close"),
            &json!({ "reason": "企业已停产检修，立案调查" }),
            &[("authorization", &squad)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["alarm"]["status"], "closed");

    // Data missing: the logger silent for longer than three intervals.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let n = api::monitoring::alarms::missing(db, now + 3600)
        .await
        .expect("rule");
    assert_eq!(n, 1);
    let alarms = app
        .get_with("/api/alarms?kind=missing", &[("authorization", &leader)])
        .await
        .json();
    assert_eq!(alarms.as_array().map(|a| a.len()), Some(1), "{alarms}");
    assert!(alarms[0]["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("无数据"));
}
