//! `huanjian bench-gateway`: sustained HJ 212 packets per second into the configured database
//! from many concurrent loopback connections, and the time from the packet that crosses a limit
//! to the alarm being listed by `GET /api/alarms` (see docs/benchmarks.md). Run it on a scratch
//! database seeded with the demo (`huanjian seed`): it adds its own monitoring points and
//! loggers (MN `BENCH…`) to the first enterprise of 埇桥区.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;
use uuid::Uuid;

use crate::monitoring::gateway::{self, password_hash};
use crate::platform::entity::{data_logger, enterprise, monitoring_point, point_limit};
use crate::platform::state::AppState;

const BUREAU: i64 = 341302;
const PW: &str = "123456";

fn mn(i: usize) -> String {
    format!("BENCH{i:011}")
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// Points and loggers `0..n` (idempotent), each with a COD limit of 100 mg/L over 3 values.
async fn setup(state: &AppState, n: usize) -> anyhow::Result<()> {
    let db = &state.db;
    let e = enterprise::Entity::find()
        .filter(enterprise::Column::BureauId.eq(BUREAU))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first (huanjian seed)"))?;
    let have = data_logger::Entity::find()
        .filter(data_logger::Column::Mn.starts_with("BENCH"))
        .all(db)
        .await?
        .len();
    let now = time::OffsetDateTime::now_utc();
    let txn = db.begin().await?;
    for i in have..n {
        let point = Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("bench-point-{i}").as_bytes());
        monitoring_point::Entity::insert(monitoring_point::ActiveModel {
            bureau_id: Set(BUREAU),
            id: Set(point),
            enterprise_id: Set(e.id),
            code: Set(format!("BW{i:05}")),
            name: Set(format!("基准测试排口{i}")),
            kind: Set("water".into()),
            pollutants: Set("化学需氧量、氨氮、流量".into()),
            online: Set(true),
            longitude: Set(e.longitude),
            latitude: Set(e.latitude),
        })
        .exec_without_returning(&txn)
        .await?;
        data_logger::Entity::insert(data_logger::ActiveModel {
            bureau_id: Set(BUREAU),
            id: Set(Uuid::new_v5(&Uuid::NAMESPACE_OID, mn(i).as_bytes())),
            point_id: Set(point),
            enterprise_id: Set(e.id),
            mn: Set(mn(i)),
            pw_sha256: Set(password_hash(&mn(i), PW)),
            st: Set("32".into()),
            interval_secs: Set(30),
            active: Set(true),
            created_at: Set(now),
            created_by: Set(None),
            last_seen_at: Set(None),
        })
        .exec_without_returning(&txn)
        .await?;
        point_limit::Entity::insert(point_limit::ActiveModel {
            bureau_id: Set(BUREAU),
            point_id: Set(point),
            pollutant: Set("w01018".into()),
            upper: Set(Some(100.0)),
            lower: Set(None),
            unit: Set("mg/L".into()),
            basis: Set("GB 8978-1996 表4 一级标准".into()),
            consecutive: Set(3),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

fn frame(i: usize, k: u64, t0: i64, cod: f64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(t0 + k as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+8));
    let stamp = format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    hj212::encode(&format!(
        "QN={stamp}000;ST=32;CN=2011;PW={PW};MN={};Flag=5;CP=&&DataTime={stamp};\
         w01018-Rtd={cod},w01018-Flag=N;w21003-Rtd=1.2,w21003-Flag=N;w00000-Rtd=12.5,w00000-Flag=N&&",
        mn(i)
    ))
}

async fn reply(s: &mut TcpStream, buf: &mut Vec<u8>) -> anyhow::Result<()> {
    buf.clear();
    let mut chunk = [0u8; 256];
    while !buf.ends_with(b"\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(30), s.read(&mut chunk)).await??;
        anyhow::ensure!(n > 0, "the gateway closed a connection");
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(())
}

pub async fn run(
    state: AppState,
    connections: usize,
    seconds: u64,
    probes: usize,
) -> anyhow::Result<String> {
    setup(&state, connections + probes).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let g = gateway::start(listener, state.db.clone(), gateway::Options::default()).await;
    let addr = g.addr;
    // Every run writes new data times: an hour per run ahead of the last.
    let t0 = time::OffsetDateTime::now_utc().unix_timestamp() - 7 * 86_400;

    // Load: each connection sends a packet, waits for its 9014 reply, sends the next.
    let stop = Instant::now() + Duration::from_secs(seconds);
    let mut load = Vec::new();
    for i in 0..connections {
        load.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await?;
            let mut buf = Vec::new();
            let mut k = 0u64;
            while Instant::now() < stop {
                s.write_all(frame(i, k, t0, 20.0).as_bytes()).await?;
                reply(&mut s, &mut buf).await?;
                k += 1;
            }
            anyhow::Ok(k)
        }));
    }

    // Probes while the load runs: three values over the limit, the third one timed until
    // the alarm is listed through the API.
    let router = crate::router(state.clone());
    let leader = crate::platform::entity::app_user::Entity::find()
        .filter(crate::platform::entity::app_user::Column::BureauId.eq(BUREAU))
        .filter(crate::platform::entity::app_user::Column::Username.eq("leader"))
        .one(&state.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo leader"))?;
    let token = state
        .tokens
        .issue(leader.id, BUREAU, vec![shared::Role::BureauLeader])?;
    let mut latencies = Vec::new();
    tokio::time::sleep(Duration::from_secs(seconds.min(4) / 2)).await;
    for p in 0..probes {
        let i = connections + p;
        let mut s = TcpStream::connect(addr).await?;
        let mut buf = Vec::new();
        let base = 3_600 * (p as u64 + 1);
        for k in 0..2 {
            s.write_all(frame(i, base + k, t0, 150.0).as_bytes())
                .await?;
            reply(&mut s, &mut buf).await?;
        }
        let started = Instant::now();
        s.write_all(frame(i, base + 2, t0, 150.0).as_bytes())
            .await?;
        let point =
            Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("bench-point-{i}").as_bytes()).to_string();
        loop {
            let r = router
                .clone()
                .oneshot(
                    Request::get("/api/alarms?kind=exceed_rtd&limit=1000")
                        .header("authorization", format!("Bearer {token}"))
                        .body(Body::empty())?,
                )
                .await?;
            let body = axum::body::to_bytes(r.into_body(), usize::MAX).await?;
            let list: Vec<shared::monitoring::AlarmView> = serde_json::from_slice(&body)?;
            if list.iter().any(|a| a.point_id == point) {
                latencies.push(started.elapsed());
                break;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(30),
                "no alarm within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        reply(&mut s, &mut buf).await?;
    }

    let mut packets = 0u64;
    for l in load {
        packets += l.await??;
    }
    let elapsed = seconds as f64;
    latencies.sort();
    Ok(format!(
        "backend {:?}: {connections} connections for {seconds} s: {packets} packets ({:.0} packets/s, {:.0} readings/s), replies {} ; alarm visible after the crossing packet: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms over {} probes; counters {:?}",
        state.db.get_database_backend(),
        packets as f64 / elapsed,
        packets as f64 * 3.0 / elapsed,
        g.counters.get("replies"),
        pct(&latencies, 0.5),
        pct(&latencies, 0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        latencies.len(),
        g.counters.snapshot()
    ))
}
