//! Crashes lose nothing acknowledged: the real server binary, as a child process on a file
//! SQLite database (or the test PostgreSQL when `HJ_TEST_PG_URL` is set), takes signed sync
//! bursts from several clients at once and is killed with SIGKILL in the middle. Restarted on
//! the same database, it holds every op it had answered `applied`, exactly once, and a resend
//! of everything the clients ever sent gets only `applied` or `duplicate`, storing nothing
//! twice.

use std::collections::HashSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::common::{Device, TestApp};
use crate::inspections::{new_task, op, record, Task};
use api::platform::entity::{audit_log, inspection_record, sync_op};

const SECRET: &str = "crash-test-key-0123456789abcdef0123456789";

/// The server binary on `url`; SIGKILLed when dropped, whatever happens in the test.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Server {
    async fn start(url: &str, files: &std::path::Path) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_huanjian"))
            .arg("serve")
            .env("HJ_DATABASE_URL", url)
            .env("HJ_BIND", "127.0.0.1:0")
            // No built app there: the API only.
            .env("HJ_STATIC_DIR", files.join("no-app"))
            .env("HJ_JWT_SECRET", SECRET)
            .env("HJ_STORAGE", files)
            .env("HJ_DEMO", "false")
            .env("HJ_LOG", "info")
            .env("HJ_LOG_FORMAT", "text")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        // Owned by the guard from here on: a panic below still kills it.
        let mut server = Server {
            child,
            base: String::new(),
        };
        // Read the address it listens on, then keep the pipe drained so that logging never
        // blocks the server.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("listening on http://") {
                    let addr: String = line[at + "listening on http://".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect();
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(addr);
                    }
                }
            }
        });
        let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
            .await
            .expect("join")
            .expect("the server listens within a minute");
        server.base = format!("http://{addr}");
        server
    }

    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One phone: a user's token, the user's approved device and the task it works on.
#[derive(Clone)]
struct Client {
    username: &'static str,
    device: Arc<Device>,
    bureau: i64,
    task: String,
}

async fn login(http: &reqwest::Client, base: &str, username: &str) -> String {
    let r = http
        .post(format!("{base}/api/auth/login"))
        .header("content-type", "application/json")
        .body(
            json!({ "bureau_id": 341302, "username": username, "password": api::demo::DEMO_PASSWORD })
                .to_string(),
        )
        .send()
        .await
        .expect("login answers");
    let body: Value = serde_json::from_slice(&r.bytes().await.expect("body")).expect("json");
    format!("Bearer {}", body["access_token"].as_str().expect("token"))
}

/// Sends one signed batch; `None` when the server did not answer (it was killed).
async fn send(
    http: &reqwest::Client,
    base: &str,
    auth: &str,
    device: &Device,
    ops: &[Value],
) -> Option<Vec<Value>> {
    let body = json!({ "ops": ops }).to_string().into_bytes();
    let mut req = http
        .post(format!("{base}/api/sync"))
        .header("authorization", auth)
        .header("content-type", "application/json");
    for (k, v) in device.headers("POST", "/api/sync", &body) {
        req = req.header(k, v);
    }
    let r = req.body(body).send().await.ok()?;
    let status = r.status();
    let bytes = r.bytes().await.ok()?;
    assert_eq!(
        status.as_u16(),
        200,
        "{:?}",
        String::from_utf8_lossy(&bytes)
    );
    let reply: Value = serde_json::from_slice(&bytes).expect("json");
    Some(reply["results"].as_array().expect("results").clone())
}

/// What the clients sent and what the server acknowledged as applied, by op id.
#[derive(Default)]
struct Ledger {
    sent: Vec<(Client, Value)>,
    applied: HashSet<String>,
}

async fn burst(http: reqwest::Client, base: String, c: Client, ledger: Arc<Mutex<Ledger>>) {
    let auth = login(&http, &base, c.username).await;
    let t = Task {
        leader: String::new(),
        insp: auth.clone(),
        insp2: String::new(),
        bureau: c.bureau,
        id: c.task.clone(),
        inspector_ids: vec![],
    };
    for round in 0.. {
        let ops: Vec<Value> = (0..5 + round % 11)
            .map(|_| {
                let id = Uuid::new_v4().to_string();
                op(
                    &t,
                    json!({ "type": "save_record", "base_rev": 0, "record": record(&t, &id, false) }),
                )
            })
            .collect();
        ledger
            .lock()
            .expect("ledger")
            .sent
            .extend(ops.iter().map(|o| (c.clone(), o.clone())));
        let Some(results) = send(&http, &base, &auth, &c.device, &ops).await else {
            return;
        };
        let mut l = ledger.lock().expect("ledger");
        for r in results {
            assert_eq!(r["outcome"], "applied", "{r:?}");
            l.applied.insert(r["id"].as_str().expect("id").to_string());
        }
    }
}

fn record_id(op: &Value) -> String {
    op["body"]["record"]["id"]
        .as_str()
        .expect("record id")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_acknowledged_op_and_duplicates_none() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (url, _db_dir) = crate::common::fresh_database_url().await;
    let files = tempfile::tempdir().expect("files");

    // The jurisdiction, two tasks of insp11 and insp12 and their approved phones, made through
    // the API in this process; then the database is the server's.
    let (clients, backend) = {
        let app = TestApp::on_database(&url, |_| {}).await;
        api::demo::demo(
            &app.state.db,
            &api::demo::DemoOptions {
                enterprises: 40,
                ..Default::default()
            },
        )
        .await
        .expect("demo seed")
        .expect("seeded");
        let mut clients = Vec::new();
        for _ in 0..2 {
            let t = new_task(&app).await;
            for (username, auth) in [("insp11", &t.insp), ("insp12", &t.insp2)] {
                clients.push(Client {
                    username,
                    device: app.device(auth).await,
                    bureau: t.bureau,
                    task: t.id.clone(),
                });
            }
        }
        let backend = crate::common::backend();
        app.state.db.clone().close().await.ok();
        (clients, backend)
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client");

    // A burst from four phones at once, killed once a few hundred ops were acknowledged.
    let mut server = Server::start(&url, files.path()).await;
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let running: Vec<_> = clients
        .iter()
        .map(|c| {
            tokio::spawn(burst(
                http.clone(),
                server.base.clone(),
                c.clone(),
                ledger.clone(),
            ))
        })
        .collect();
    tokio::time::timeout(Duration::from_secs(120), async {
        while ledger.lock().expect("ledger").applied.len() < 300 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the burst makes progress");
    server.kill();
    for r in running {
        tokio::time::timeout(Duration::from_secs(60), r)
            .await
            .expect("clients stop once the server is gone")
            .expect("client");
    }
    let (sent, applied) = {
        let l = ledger.lock().expect("ledger");
        (l.sent.clone(), l.applied.clone())
    };
    assert!(
        sent.len() > applied.len(),
        "some ops were in flight when the server died"
    );

    // Restarted on the same database: every acknowledged op is there, exactly once.
    let mut server = Server::start(&url, files.path()).await;
    let db = sea_orm::Database::connect(&url).await.expect("connect");
    let acked: Vec<Uuid> = applied.iter().map(|id| id.parse().expect("uuid")).collect();
    let records: Vec<Uuid> = sent
        .iter()
        .filter(|(_, o)| applied.contains(o["id"].as_str().expect("id")))
        .map(|(_, o)| record_id(o).parse().expect("uuid"))
        .collect();
    for ids in acked.chunks(200) {
        assert_eq!(
            sync_op::Entity::find()
                .filter(sync_op::Column::Id.is_in(ids.to_vec()))
                .count(&db)
                .await
                .expect("count") as usize,
            ids.len(),
            "every op answered applied is in the ledger"
        );
    }
    for ids in records.chunks(200) {
        assert_eq!(
            inspection_record::Entity::find()
                .filter(inspection_record::Column::Id.is_in(ids.to_vec()))
                .count(&db)
                .await
                .expect("count") as usize,
            ids.len(),
            "every acknowledged record is stored"
        );
    }
    let stored = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            let ops = sync_op::Entity::find().count(&db).await.expect("count");
            let records = inspection_record::Entity::find()
                .count(&db)
                .await
                .expect("count");
            let audited = audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("inspection.record"))
                .count(&db)
                .await
                .expect("count");
            (ops, records, audited)
        }
    };
    let (ops, recs, audited) = stored(&db).await;
    assert_eq!(ops, recs, "one record per op, none twice");
    assert_eq!(recs, audited, "one audit entry per record");
    assert!(ops as usize >= applied.len() && ops as usize <= sent.len());

    // The phones send everything again (their outboxes kept whatever had no answer).
    let mut tokens = std::collections::HashMap::new();
    for c in &clients {
        if !tokens.contains_key(c.username) {
            tokens.insert(c.username, login(&http, &server.base, c.username).await);
        }
    }
    for c in &clients {
        let mine: Vec<Value> = sent
            .iter()
            .filter(|(s, _)| s.username == c.username && s.task == c.task)
            .map(|(_, o)| o.clone())
            .collect();
        for batch in mine.chunks(50) {
            let results = send(&http, &server.base, &tokens[c.username], &c.device, batch)
                .await
                .expect("the restarted server answers");
            for (o, r) in batch.iter().zip(&results) {
                assert_eq!(o["id"], r["id"]);
                let outcome = r["outcome"].as_str().expect("outcome");
                if applied.contains(o["id"].as_str().expect("id")) {
                    assert_eq!(outcome, "duplicate", "{r:?}");
                } else {
                    assert!(matches!(outcome, "applied" | "duplicate"), "{r:?}");
                }
            }
        }
    }
    let (ops, recs, audited) = stored(&db).await;
    assert_eq!(ops as usize, sent.len(), "every op once");
    assert_eq!(recs as usize, sent.len(), "every record once");
    assert_eq!(audited as usize, sent.len(), "every record audited once");
    let chain = api::platform::audit::verify(&db, None)
        .await
        .expect("verify");
    assert!(chain.ok, "{:?}", chain.problems);
    eprintln!(
        "crash test ({backend}): {} ops acknowledged before SIGKILL, {} sent, all present once after restart",
        applied.len(),
        sent.len()
    );
    server.kill();
}

/// Every connection of the pool writes ahead (WAL) and syncs the log at each commit (FULL),
/// not only the one that happened to run a PRAGMA.
#[tokio::test]
async fn every_sqlite_connection_is_wal_with_full_sync() {
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    if crate::common::backend() != "sqlite" {
        return;
    }
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    // As many open transactions as the pool has connections: each holds its own.
    let mut txns = Vec::new();
    for _ in 0..app.state.config.db_max_connections {
        txns.push(db.begin().await.expect("begin"));
    }
    for txn in &txns {
        let pragma = |sql: &str| Statement::from_string(sea_orm::DbBackend::Sqlite, sql);
        let mode = txn
            .query_one(pragma("PRAGMA journal_mode"))
            .await
            .expect("pragma")
            .expect("row")
            .try_get_by_index::<String>(0)
            .expect("mode");
        let sync = txn
            .query_one(pragma("PRAGMA synchronous"))
            .await
            .expect("pragma")
            .expect("row")
            .try_get_by_index::<i32>(0)
            .expect("sync");
        let fk = txn
            .query_one(pragma("PRAGMA foreign_keys"))
            .await
            .expect("pragma")
            .expect("row")
            .try_get_by_index::<i32>(0)
            .expect("fk");
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }
}
