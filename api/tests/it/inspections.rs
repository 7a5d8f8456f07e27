//! On-site inspections: offline work synced exactly once, conflicts reported, resumable
//! uploads verified by hash, submission checks, review and the PDF record.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::common::TestApp;

pub struct Task {
    pub leader: String,
    pub insp: String,
    pub insp2: String,
    pub bureau: i64,
    pub id: String,
    pub inspector_ids: Vec<String>,
}

/// A task for insp11 and insp12 of squad 1 in 埇桥区 (341302).
pub async fn new_task(app: &TestApp) -> Task {
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
    let inspector_ids = vec![id("insp11"), id("insp12")];
    let t = app
        .post_json(
            "/api/tasks",
            &json!({ "enterprise_bureau_id": 341302, "enterprise_id": e["id"], "due_on": due,
                "inspector_ids": inspector_ids, "note": "例行检查" }),
            &[("authorization", &leader)],
        )
        .await;
    assert_eq!(t.status, StatusCode::OK, "{:?}", t.json());
    Task {
        insp: app.bearer(341302, "insp11").await,
        insp2: app.bearer(341302, "insp12").await,
        leader,
        bureau: 341302,
        id: t.json()["id"].as_str().expect("id").to_string(),
        inspector_ids,
    }
}

pub fn op(t: &Task, body: Value) -> Value {
    json!({ "id": Uuid::new_v4().to_string(), "bureau_id": t.bureau, "task_id": t.id,
        "made_at": "2026-11-25T10:00:00+08:00", "body": body })
}

/// Sends `ops` as one batch signed by the caller's approved device.
pub async fn sync(app: &TestApp, auth: &str, ops: &[Value]) -> Vec<Value> {
    let r = app
        .send_signed(
            Method::POST,
            "/api/sync",
            auth,
            "application/json",
            json!({ "ops": ops }).to_string().into_bytes(),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{:?}",
        String::from_utf8_lossy(&r.bytes)
    );
    r.json()["results"].as_array().expect("results").clone()
}

pub fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn evidence(t: &Task, bytes: &[u8], item: Option<&str>) -> (String, Value) {
    let id = Uuid::new_v4().to_string();
    let meta = json!({ "id": id, "task_id": t.id, "kind": "photo", "mime": "image/jpeg",
        "file_name": "现场照片.jpg", "size": bytes.len(), "sha256": hex(bytes),
        "captured_at": "2026-11-25T10:05:00+08:00", "latitude": 33.64, "longitude": 116.97,
        "accuracy": 8.0, "device": "test-device · Android", "item_code": item });
    (id, json!({ "type": "declare_evidence", "evidence": meta }))
}

pub async fn put_chunk(
    app: &TestApp,
    auth: &str,
    t: &Task,
    id: &str,
    offset: usize,
    chunk: Vec<u8>,
) -> (StatusCode, Value) {
    let r = app
        .send_signed(
            Method::PUT,
            &format!("/api/evidence/{}/{id}/upload?offset={offset}", t.bureau),
            auth,
            "application/octet-stream",
            chunk,
        )
        .await;
    (r.status, r.json())
}

/// Uploads in chunks, resuming from what the server says it holds.
pub async fn upload(
    app: &TestApp,
    auth: &str,
    t: &Task,
    id: &str,
    bytes: &[u8],
    chunk: usize,
) -> Value {
    let mut at = 0usize;
    loop {
        let end = (at + chunk).min(bytes.len());
        let (status, state) = put_chunk(app, auth, t, id, at, bytes[at..end].to_vec()).await;
        assert_eq!(status, StatusCode::OK, "{state:?}");
        at = state["received"].as_u64().expect("received") as usize;
        if state["verified"] == true || at >= bytes.len() {
            return state;
        }
    }
}

pub const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

pub fn record(t: &Task, id: &str, signed: bool) -> Value {
    let sigs: Vec<Value> = if signed {
        t.inspector_ids
            .iter()
            .map(|u| json!({ "role": "inspector", "user_id": u, "name": "执法人员", "image": PNG, "signed_at": "2026-11-25T11:00:00+08:00" }))
            .collect()
    } else {
        vec![]
    };
    json!({ "id": id, "task_id": t.id, "kind": "onsite", "started_at": "2026-11-25T10:00:00+08:00",
        "ended_at": "2026-11-25T11:00:00+08:00", "place": "企业厂区", "party_name": "被检查单位",
        "respondent": "王经理", "respondent_title": "环保负责人", "respondent_phone": "13800000000",
        "content": "现场检查发现危险废物贮存间未设置标识。", "questions": [], "signatures": sigs,
        "party_refusal": if signed { json!("当事人拒绝签字，两名执法人员在场见证") } else { Value::Null } })
}

/// Everything a submission needs: every item answered (photos uploaded), a signed record.
pub async fn complete(app: &TestApp, t: &Task) -> Vec<Value> {
    let view = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.insp)],
        )
        .await
        .json();
    let template = &view["template"];
    let mut ops = Vec::new();
    let mut answers = Vec::new();
    let mut files = Vec::new();
    for item in template["sections"]
        .as_array()
        .expect("s")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items").clone())
    {
        let code = item["code"].as_str().expect("code").to_string();
        let a = match item["kind"].as_str().expect("kind") {
            "yes_no" => {
                json!({ "code": code, "verdict": if item["expected"] == true { "yes" } else { "no" } })
            }
            "numeric" => {
                json!({ "code": code, "value": item["limit"].as_f64().expect("limit") * 0.5 })
            }
            "text" => json!({ "code": code, "text": "正常" }),
            _ => {
                let bytes = format!("照片 {code} {}", Uuid::new_v4())
                    .repeat(50)
                    .into_bytes();
                let (id, declare) = evidence(t, &bytes, Some(&code));
                ops.push(op(t, declare));
                files.push((id.clone(), bytes));
                json!({ "code": code, "evidence": [id] })
            }
        };
        answers.push(a);
    }
    ops.push(op(t, json!({ "type": "save_findings", "base_rev": 0, "findings": {
        "template_code": template["code"], "template_version": template["version"], "answers": answers } })));
    ops.push(op(t, json!({ "type": "save_record", "base_rev": 0, "record": record(t, &Uuid::new_v4().to_string(), true) })));
    let results = sync(app, &t.insp, &ops).await;
    for r in &results {
        assert_eq!(r["outcome"], "applied", "{r:?}");
    }
    for (id, bytes) in &files {
        assert_eq!(
            upload(app, &t.insp, t, id, bytes, 700).await["verified"],
            true
        );
    }
    results
}

async fn start(app: &TestApp, t: &Task) {
    let r = sync(
        app,
        &t.insp,
        &[op(
            t,
            json!({ "type": "transition", "action": "start", "from": "assigned" }),
        )],
    )
    .await;
    assert_eq!(r[0]["outcome"], "applied", "{r:?}");
}

#[tokio::test]
async fn offline_work_reaches_the_squad_leader_verified_and_as_a_pdf() {
    let app = TestApp::with_demo(40).await;
    let t = new_task(&app).await;
    start(&app, &t).await;

    // Submitting too early is refused with what is missing, in Chinese.
    let early = sync(
        &app,
        &t.insp,
        &[op(
            &t,
            json!({ "type": "transition", "action": "submit", "from": "in_progress" }),
        )],
    )
    .await;
    assert_eq!(early[0]["outcome"], "rejected");
    let msg = early[0]["message"].as_str().expect("m");
    assert!(
        msg.contains("检查表尚未填写") && msg.contains("现场检查笔录"),
        "{msg}"
    );

    complete(&app, &t).await;
    // A record photo that is not tied to an item, uploaded over several chunks.
    let photo: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let (pid, declare) = evidence(&t, &photo, None);
    let r = sync(&app, &t.insp, &[op(&t, declare)]).await;
    assert_eq!(r[0]["outcome"], "applied");
    // A chunk beyond what the server holds is a gap: refused with where to continue.
    let (gap, body) = put_chunk(&app, &t.insp, &t, &pid, 1000, photo[1000..2000].to_vec()).await;
    assert_eq!(gap, StatusCode::CONFLICT);
    assert!(body["message"].as_str().expect("m").contains("第0字节"));
    // Only the task's inspectors upload.
    let (other, _) = put_chunk(&app, &t.leader, &t, &pid, 0, photo[..10].to_vec()).await;
    assert_eq!(other, StatusCode::FORBIDDEN);
    // A resend overlapping what arrived keeps only the new bytes.
    put_chunk(&app, &t.insp, &t, &pid, 0, photo[..100_000].to_vec()).await;
    let (_, s) = put_chunk(
        &app,
        &t.insp,
        &t,
        &pid,
        50_000,
        photo[50_000..150_000].to_vec(),
    )
    .await;
    assert_eq!(s["received"], 150_000);
    assert_eq!(
        upload(&app, &t.insp, &t, &pid, &photo, 64 * 1024).await["verified"],
        true
    );

    let submit = sync(
        &app,
        &t.insp,
        &[op(
            &t,
            json!({ "type": "transition", "action": "submit", "from": "in_progress" }),
        )],
    )
    .await;
    assert_eq!(submit[0]["outcome"], "applied", "{submit:?}");

    // The squad leader sees the findings, the verified evidence and the signed record.
    let view = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.leader)],
        )
        .await
        .json();
    assert_eq!(view["task"]["status"], "submitted");
    let ev = view["evidence"].as_array().expect("ev");
    assert!(ev.iter().all(|e| e["verified"] == true));
    let mine = ev
        .iter()
        .find(|e| e["id"] == pid.as_str())
        .expect("photo listed");
    assert_eq!(mine["sha256"], hex(&photo));
    let file = app
        .get_with(
            &format!("/api/evidence/{}/{pid}/content", t.bureau),
            &[("authorization", &t.leader)],
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        hex(&file.bytes),
        hex(&photo),
        "the stored file is the device's file"
    );

    let rec = view["records"][0]["id"].as_str().expect("record");
    let pdf = app
        .get_with(
            &format!("/api/inspections/{}/{}/records/{rec}/pdf", t.bureau, t.id),
            &[("authorization", &t.leader)],
        )
        .await;
    assert_eq!(
        pdf.status,
        StatusCode::OK,
        "{:?}",
        String::from_utf8_lossy(&pdf.bytes)
    );
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf.bytes);
    assert!(text.contains("/FontFile"), "the Chinese font is embedded");
    assert!(
        text.contains("/Subtype /Image") || text.contains("/Subtype/Image"),
        "signatures are drawn"
    );
    std::fs::create_dir_all("../e2e/artifacts").ok();
    std::fs::write("../e2e/artifacts/record.pdf", &pdf.bytes).ok();

    let accept = app
        .post_json(
            &format!("/api/tasks/{}/{}/transition", t.bureau, t.id),
            &json!({ "action": "accept" }),
            &[("authorization", &t.leader)],
        )
        .await;
    assert_eq!(accept.status, StatusCode::OK, "{:?}", accept.json());
}

#[tokio::test]
async fn conflicts_are_reported_not_overwritten() {
    let app = TestApp::with_demo(40).await;
    let t = new_task(&app).await;
    start(&app, &t).await;
    let view = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.insp)],
        )
        .await
        .json();
    let tpl = &view["template"];
    let findings = |note: &str| {
        json!({ "template_code": tpl["code"], "template_version": tpl["version"],
        "answers": [{ "code": tpl["sections"][0]["items"][0]["code"], "verdict": "no", "note": note }] })
    };
    // insp11 saves twice from the same start: the second is its own newer version.
    let a = sync(
        &app,
        &t.insp,
        &[
            op(
                &t,
                json!({ "type": "save_findings", "base_rev": 0, "findings": findings("一") }),
            ),
            op(
                &t,
                json!({ "type": "save_findings", "base_rev": 0, "findings": findings("二") }),
            ),
        ],
    )
    .await;
    assert_eq!(
        (a[0]["outcome"].clone(), a[1]["rev"].clone()),
        (json!("applied"), json!(2))
    );
    // insp12 worked offline from revision 0 too: a conflict, and insp11's text stays.
    let b = sync(
        &app,
        &t.insp2,
        &[op(
            &t,
            json!({ "type": "save_findings", "base_rev": 0, "findings": findings("三") }),
        )],
    )
    .await;
    assert_eq!(b[0]["outcome"], "conflict");
    assert!(b[0]["message"].as_str().expect("m").contains("未覆盖"));
    let now = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.leader)],
        )
        .await
        .json();
    assert_eq!(now["findings"]["answers"][0]["note"], "二");
    // From the current revision insp12 may save.
    let c = sync(
        &app,
        &t.insp2,
        &[op(
            &t,
            json!({ "type": "save_findings", "base_rev": 2, "findings": findings("四") }),
        )],
    )
    .await;
    assert_eq!(c[0]["outcome"], "applied");

    // A resend of an op gets the same answer and changes nothing.
    let once = op(
        &t,
        json!({ "type": "save_record", "base_rev": 0, "record": record(&t, &Uuid::new_v4().to_string(), false) }),
    );
    assert_eq!(
        sync(&app, &t.insp, std::slice::from_ref(&once)).await[0]["outcome"],
        "applied"
    );
    assert_eq!(
        sync(&app, &t.insp, std::slice::from_ref(&once)).await[0]["outcome"],
        "duplicate"
    );

    // The task is reassigned while insp11 is offline: the work is refused as a conflict.
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let insp11 = t.inspector_ids[0].clone();
    db.execute(Statement::from_sql_and_values(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => {
                "DELETE FROM task_inspector WHERE task_id = $1 AND user_id = $2"
            }
            _ => "DELETE FROM task_inspector WHERE task_id = ? AND user_id = ?",
        },
        [
            Uuid::parse_str(&t.id).expect("id").into(),
            Uuid::parse_str(&insp11).expect("id").into(),
        ],
    ))
    .await
    .expect("reassign");
    let d = sync(
        &app,
        &t.insp,
        &[op(
            &t,
            json!({ "type": "save_findings", "base_rev": 3, "findings": findings("五") }),
        )],
    )
    .await;
    assert_eq!(d[0]["outcome"], "conflict");
    assert!(d[0]["message"].as_str().expect("m").contains("改派"));

    // A file whose bytes differ from the device's hash is refused and starts over.
    let (id, declare) = evidence(&t, b"the original photo", None);
    assert_eq!(
        sync(&app, &t.insp2, &[op(&t, declare)]).await[0]["outcome"],
        "applied"
    );
    let (status, body) =
        put_chunk(&app, &t.insp2, &t, &id, 0, b"an altered photo!!".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"].as_str().expect("m").contains("校验值"),
        "{body:?}"
    );
    let s = app
        .get_with(
            &format!("/api/evidence/{}/{id}/upload", t.bureau),
            &[("authorization", &t.insp2)],
        )
        .await
        .json();
    assert_eq!(s["received"], 0);
    // Acceptance waits for every file.
    let accept_early = app
        .post_json(
            &format!("/api/tasks/{}/{}/transition", t.bureau, t.id),
            &json!({ "action": "accept" }),
            &[("authorization", &t.leader)],
        )
        .await;
    assert_eq!(
        accept_early.status,
        StatusCode::CONFLICT,
        "not submitted yet"
    );
}

/// How the link fails for one request in the fault test.
#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    /// The request never left the device.
    BeforeRequest,
    /// The server committed; the reply was lost.
    AfterCommit,
    /// The connection broke while the body was being sent.
    MidBody,
}

fn pick(rng: &mut rand_chacha::ChaCha8Rng) -> Fault {
    use rand::Rng;
    match rng.gen_range(0..10) {
        0..=1 => Fault::BeforeRequest,
        2..=3 => Fault::AfterCommit,
        4 => Fault::MidBody,
        _ => Fault::None,
    }
}

/// A body that sends `cut` bytes and then fails, as a dropped connection does.
fn broken_body(bytes: Vec<u8>, cut: usize) -> Body {
    let head = bytes[..cut.min(bytes.len())].to_vec();
    let stream = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(axum::body::Bytes::from(head)),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "link dropped",
        )),
    ]);
    Body::from_stream(stream)
}

#[tokio::test]
async fn a_flaky_link_loses_and_duplicates_nothing() {
    use rand::{Rng, SeedableRng};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

    let app = TestApp::with_demo(40).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let t = new_task(&app).await;
        start(&app, &t).await;
        tasks.push(t);
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20261125);
    // The device's outbox: 2,400 ops over four tasks.
    let mut outbox: std::collections::VecDeque<Value> = Default::default();
    let mut records = std::collections::HashSet::new();
    let mut files: Vec<(usize, String, Vec<u8>)> = Vec::new();
    for i in 0..2400 {
        let k = i % tasks.len();
        let t = &tasks[k];
        let body = match i % 12 {
            0 => {
                let len = rng.gen_range(20_000..90_000);
                let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
                let (id, declare) = evidence(t, &bytes, None);
                files.push((k, id, bytes));
                declare
            }
            1..=10 => {
                let id = Uuid::new_v4().to_string();
                records.insert(id.clone());
                json!({ "type": "save_record", "base_rev": 0, "record": record(t, &id, i % 3 == 0) })
            }
            _ => {
                let view = app
                    .get_with(
                        &format!("/api/inspections/{}/{}", t.bureau, t.id),
                        &[("authorization", &t.insp)],
                    )
                    .await
                    .json();
                let tpl = &view["template"];
                json!({ "type": "save_findings", "base_rev": view["findings_rev"], "findings": {
                    "template_code": tpl["code"], "template_version": tpl["version"],
                    "answers": [{ "code": tpl["sections"][0]["items"][0]["code"], "verdict": "no", "note": format!("第{i}次") }] } })
            }
        };
        outbox.push_back(op(t, body));
    }
    let total_ops = outbox.len();
    // insp11's phone signs every request.
    let device = app.device(&tasks[0].insp).await;
    let mut faults = [0usize; 4];
    let mut requests = 0;
    while !outbox.is_empty() {
        let n = rng.gen_range(1..=60).min(outbox.len());
        let batch: Vec<Value> = outbox.iter().take(n).cloned().collect();
        let fault = pick(&mut rng);
        requests += 1;
        let payload = json!({ "ops": batch }).to_string().into_bytes();
        let signature = device.headers("POST", "/api/sync", &payload);
        let req = |body: Body| {
            let mut b = Request::builder()
                .method(Method::POST)
                .uri("/api/sync")
                .header("authorization", &tasks[0].insp)
                .header("content-type", "application/json");
            for (k, v) in &signature {
                b = b.header(*k, v);
            }
            b.body(body).expect("request")
        };
        match fault {
            Fault::BeforeRequest => faults[1] += 1,
            Fault::MidBody => {
                faults[3] += 1;
                let cut = rng.gen_range(0..payload.len());
                let r = app.send(req(broken_body(payload, cut))).await;
                assert_ne!(r.status, StatusCode::OK, "a broken body is never applied");
            }
            Fault::AfterCommit => {
                faults[2] += 1;
                let r = app.send(req(Body::from(payload))).await;
                assert_eq!(r.status, StatusCode::OK);
                // The reply is lost: the device keeps the ops and sends them again.
            }
            Fault::None => {
                faults[0] += 1;
                let r = app.send(req(Body::from(payload))).await;
                assert_eq!(r.status, StatusCode::OK);
                for res in r.json()["results"].as_array().expect("results") {
                    let front = outbox.pop_front().expect("in order");
                    assert_eq!(front["id"], res["id"], "answers come in order");
                    assert!(
                        matches!(res["outcome"].as_str(), Some("applied" | "duplicate")),
                        "{res:?}"
                    );
                }
            }
        }
    }
    // insp11 made everything; the ops for other tasks went through insp11's token too, as
    // insp11 is on every task.

    // Files: chunks with drops before, after and in the middle.
    let mut chunk_faults = 0;
    for (k, id, bytes) in &files {
        let t = &tasks[*k];
        let mut at = 0usize;
        loop {
            let end = (at + 16 * 1024).min(bytes.len());
            let chunk = bytes[at..end].to_vec();
            let uri = format!("/api/evidence/{}/{id}/upload?offset={at}", t.bureau);
            let signature = device.headers("PUT", &uri, &chunk);
            let req = |body: Body| {
                let mut b = Request::builder()
                    .method(Method::PUT)
                    .uri(&uri)
                    .header("authorization", &t.insp);
                for (k, v) in &signature {
                    b = b.header(*k, v);
                }
                b.body(body).expect("request")
            };
            match pick(&mut rng) {
                Fault::BeforeRequest => {
                    chunk_faults += 1;
                    continue;
                }
                Fault::MidBody => {
                    chunk_faults += 1;
                    let cut = rng.gen_range(0..chunk.len().max(1));
                    let r = app.send(req(broken_body(chunk, cut))).await;
                    assert_ne!(r.status, StatusCode::OK);
                }
                Fault::AfterCommit => {
                    chunk_faults += 1;
                    app.send(req(Body::from(chunk))).await;
                }
                Fault::None => {
                    app.send(req(Body::from(chunk))).await;
                }
            }
            // The device asks where the upload stands and continues from there.
            let s = app
                .get_with(
                    &format!("/api/evidence/{}/{id}/upload", t.bureau),
                    &[("authorization", &t.insp)],
                )
                .await
                .json();
            if s["verified"] == true {
                break;
            }
            at = s["received"].as_u64().expect("received") as usize;
        }
    }

    // Exactly once: every op in the ledger once, every record once, one audit entry each.
    let db = &app.state.db;
    use api::platform::entity::{audit_log, evidence as ev, inspection_record, sync_op};
    assert_eq!(
        sync_op::Entity::find().count(db).await.expect("count") as usize,
        total_ops + tasks.len()
    );
    assert_eq!(
        inspection_record::Entity::find()
            .count(db)
            .await
            .expect("count") as usize,
        records.len()
    );
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("inspection.record"))
        .count(db)
        .await
        .expect("count");
    assert_eq!(audited as usize, records.len(), "each record audited once");
    // Files: all there, all verified, the stored bytes hash to the device's value.
    assert_eq!(
        ev::Entity::find().count(db).await.expect("count") as usize,
        files.len()
    );
    for (k, id, bytes) in &files {
        let t = &tasks[*k];
        let got = app
            .get_with(
                &format!("/api/evidence/{}/{id}/content", t.bureau),
                &[("authorization", &t.leader)],
            )
            .await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(hex(&got.bytes), hex(bytes));
    }
    let chain = app
        .get_with(
            "/api/audit/verify",
            &[("authorization", &app.bearer(341302, "admin").await)],
        )
        .await
        .json();
    assert_eq!(chain["ok"], true, "{chain:?}");
    eprintln!(
        "fault test: {total_ops} ops in {requests} requests (ok {}, lost before {}, reply lost {}, body cut {}), {} files with {chunk_faults} chunk faults",
        faults[0], faults[1], faults[2], faults[3], files.len()
    );
}

/// The same upload against S3-compatible object storage. `scripts/test.sh` starts a local
/// S3-compatible server (s3rver) and sets `HJ_TEST_S3_URL`; without it there is nothing to
/// talk to and the test says so.
#[tokio::test]
async fn evidence_goes_to_s3_compatible_storage() {
    use futures_util::StreamExt;
    let Ok(url) = std::env::var("HJ_TEST_S3_URL") else {
        eprintln!("HJ_TEST_S3_URL unset: no S3-compatible server to test against");
        return;
    };
    let prefix = format!("run-{}", Uuid::new_v4().simple());
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let storage = format!("{}/{prefix}?{query}", base.trim_end_matches('/'));
    let app = TestApp::with_demo_config(40, |c| c.storage = storage).await;
    let t = new_task(&app).await;
    start(&app, &t).await;
    let photo: Vec<u8> = (0..1_300_000u32).map(|i| (i * 13 % 253) as u8).collect();
    let (id, declare) = evidence(&t, &photo, None);
    assert_eq!(
        sync(&app, &t.insp, &[op(&t, declare)]).await[0]["outcome"],
        "applied"
    );
    // Half, then a resend of what arrived plus the rest: resumed, not restarted.
    let (_, s) = put_chunk(&app, &t.insp, &t, &id, 0, photo[..650_000].to_vec()).await;
    assert_eq!(s["received"], 650_000);
    assert_eq!(
        upload(&app, &t.insp, &t, &id, &photo, 512 * 1024).await["verified"],
        true
    );
    let got = app
        .get_with(
            &format!("/api/evidence/{}/{id}/content", t.bureau),
            &[("authorization", &t.leader)],
        )
        .await;
    assert_eq!(hex(&got.bytes), hex(&photo));
    // The object is in the bucket, and no chunk is left behind.
    let mut names = Vec::new();
    let mut list = app.state.store.list(None);
    while let Some(meta) = list.next().await {
        names.push(meta.expect("listing").location.to_string());
    }
    assert_eq!(names, [format!("evidence/{}/{id}", t.bureau)], "{names:?}");
}

#[tokio::test]
async fn a_signed_batch_keeps_the_length_limits_and_writes_nothing_over_them() {
    let app = TestApp::with_demo(40).await;
    let t = new_task(&app).await;
    start(&app, &t).await;
    let mut long = record(&t, &Uuid::new_v4().to_string(), false);
    long["content"] = json!("查".repeat(20_001));
    let body =
        json!({ "ops": [op(&t, json!({ "type": "save_record", "base_rev": 0, "record": long }))] });
    let r = app
        .send_signed(
            Method::POST,
            "/api/sync",
            &t.insp,
            "application/json",
            body.to_string().into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.json());
    assert_eq!(r.json()["error"], "invalid_input", "{:?}", r.json());
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("20000"),
        "{:?}",
        r.json()
    );
    let view = app
        .get_with(
            &format!("/api/inspections/{}/{}", t.bureau, t.id),
            &[("authorization", &t.insp)],
        )
        .await
        .json();
    assert_eq!(
        view["records"].as_array().map(Vec::len),
        Some(0),
        "nothing written"
    );
}
