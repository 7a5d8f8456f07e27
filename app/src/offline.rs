//! Offline first: the outbox of work made on the device, the drafts the inspection pages edit,
//! the cache of what assigned tasks need, and the sync that drains the outbox in order.
//!
//! Everything lives in IndexedDB (`js/store.js`), whose writes resolve only once committed:
//! a reload, a closed browser or a dead battery after "已保存" loses nothing. Each op carries a
//! client-generated id, so whatever happens to a request or its reply, sending it again is
//! harmless (the server answers `duplicate`).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::inspection::{
    EvidenceMeta, Findings, InspectionView, Op, OpBody, Outcome, RecordDoc, SyncBatch, CHUNK,
};
use shared::query::{ChunkQuery, EnterpriseSearch};
use shared::task::{TaskStatus, TaskView};
use shared::{BureauId, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::CallError;
use crate::context::Session;

#[wasm_bindgen(module = "/js/store.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = outboxAdd)]
    async fn outbox_add(json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxAll)]
    async fn outbox_all() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxCount)]
    async fn outbox_count() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxDelete)]
    async fn outbox_delete(seqs: Vec<f64>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = cachePut)]
    async fn cache_put(key: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = cacheGet)]
    async fn cache_get(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobPut)]
    async fn blob_put(id: &str, blob: &web_sys::Blob) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobGet)]
    async fn blob_get(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobDelete)]
    async fn blob_delete(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemPut)]
    async fn problem_put(json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemsAll)]
    async fn problems_all() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemDelete)]
    async fn problem_delete(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn persist() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn estimate() -> Result<JsValue, JsValue>;
}

/// One outbox entry: an op for `/api/sync`, or a file to upload once its declaration is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum Entry {
    Op(Op),
    Upload {
        bureau_id: BureauId,
        task_id: String,
        evidence_id: String,
        size: i64,
    },
}

/// An op the server would not apply: kept for the inspector, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub id: String,
    pub task_id: String,
    pub what: String,
    pub conflict: bool,
    pub message: String,
    /// The op itself, so nothing the inspector made is lost.
    pub entry: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub pending: u32,
    pub running: bool,
    /// `Date.now()` of the last complete sync.
    pub last_sync: Option<f64>,
    pub error: Option<String>,
    pub problems: Vec<Problem>,
    /// Bytes used, quota, persistent.
    pub storage: Option<(f64, f64, bool)>,
    pub progress: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Field(pub RwSignal<SyncStatus>);

/// What the inspector has made for one task, as the pages show it (ahead of the server).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub findings: Option<Findings>,
    /// The server revision the findings started from.
    pub findings_base: i64,
    pub records: Vec<RecordDoc>,
    pub record_bases: HashMap<String, i64>,
    pub evidence: Vec<EvidenceMeta>,
    /// The status after the transitions queued here.
    pub status: Option<TaskStatus>,
}

const LAST_SYNC_KEY: &str = "huanjian.last_sync";

pub fn provide() {
    let last = gloo_storage::LocalStorage::get::<f64>(LAST_SYNC_KEY).ok();
    let field = Field(RwSignal::new(SyncStatus {
        last_sync: last,
        ..Default::default()
    }));
    provide_context(field);
    spawn_local(async move { refresh(field).await });
}

use gloo_storage::Storage as _;

fn key_view(b: BureauId, task: &str) -> String {
    format!("insp:{b}:{task}")
}
fn key_draft(b: BureauId, task: &str) -> String {
    format!("draft:{b}:{task}")
}

pub async fn cache_set<T: Serialize>(key: &str, value: &T) {
    if let Ok(json) = serde_json::to_string(value) {
        let _ = cache_put(key, &json).await;
    }
}

pub async fn cache_read<T: DeserializeOwned>(key: &str) -> Option<T> {
    cache_get(key)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
}

/// Calls the network and keeps the answer; without a network, answers from what was kept.
pub async fn cached<T, F, Fut>(key: &str, fetch: F) -> Result<T, CallError>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<T, CallError>>,
{
    match fetch().await {
        Ok(v) => {
            cache_set(key, &v).await;
            Ok(v)
        }
        Err(CallError::Network) => cache_read(key).await.ok_or(CallError::Network),
        Err(e) => Err(e),
    }
}

pub async fn draft(b: BureauId, task: &str) -> Draft {
    cache_read(&key_draft(b, task)).await.unwrap_or_default()
}

pub async fn save_draft(b: BureauId, task: &str, d: &Draft) {
    cache_set(&key_draft(b, task), d).await;
}

/// The inspection as last seen from the server (cached for offline use).
pub async fn inspection(
    session: Session,
    lang: Lang,
    b: BureauId,
    task: &str,
) -> Result<InspectionView, CallError> {
    let id = task.to_string();
    cached(&key_view(b, task), || async move {
        session
            .call(lang, |api| {
                let id = id.clone();
                async move { api.inspection(b.0, &id).await }
            })
            .await
    })
    .await
}

/// The inspector's tasks (kept on the device); what they need offline follows in the
/// background ([`keep_for_offline`]), with its code, after the list is on screen.
pub async fn my_tasks(session: Session, lang: Lang) -> Result<Vec<TaskView>, CallError> {
    let tasks = cached("mine", || async move {
        session
            .call(lang, |api| async move { api.my_tasks().await })
            .await
    })
    .await?;
    let list = tasks.clone();
    crate::pwa::offline_work_started();
    // Once the list is on screen and the page is idle: the first screen is not kept waiting.
    crate::pwa::when_idle(move || {
        spawn_local(async move {
            if let Ok(keep) = keep_for_offline(session, lang, list).await {
                keep.await;
            }
            crate::pwa::offline_work_done();
        })
    });
    Ok(tasks)
}

type Background = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Loads the code of [`prefetch`] (the `field` wasm file, see app.rs) and starts it.
#[allow(unsafe_code)] // the split point expands to the loader's FFI
#[::leptos::wasm_split::wasm_split(field, wasm_split_path = ::leptos::wasm_split, fallible)]
fn keep_for_offline(
    session: Session,
    lang: Lang,
    tasks: Vec<TaskView>,
) -> Result<Background, ::leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(prefetch(session, lang, tasks)))
}

/// Keeps on the device what the open tasks need: each inspection (task, enterprise, template,
/// earlier findings) and each dossier, and the jurisdiction's sites and outlines.
async fn prefetch(session: Session, lang: Lang, tasks: Vec<TaskView>) {
    // The jurisdiction's sites and outlines, for the maps without a network. The sites are
    // kept as the API's text: thousands of them are not parsed and written out again here.
    let all = EnterpriseSearch::default();
    if let Ok(text) = session
        .call(lang, |api| {
            let all = all.clone();
            async move { api.map_points_text(&all).await }
        })
        .await
    {
        let _ = cache_put(&map_points_key(&all), &text).await;
    }
    let _ = cached("map:config", || async {
        session
            .call(lang, |api| async move { api.map_config().await })
            .await
    })
    .await;
    let _ = cached("map:boundaries", || async {
        session
            .call(lang, |api| async move { api.boundaries().await })
            .await
    })
    .await;
    for t in tasks
        .iter()
        .filter(|t| matches!(t.status, TaskStatus::Assigned | TaskStatus::InProgress))
    {
        cache_set(&format!("task:{}:{}", t.bureau_id, t.id), t).await;
        let _ = inspection(session, lang, t.bureau_id, &t.id).await;
        let (b, e) = (t.bureau_id.0, t.enterprise_id.clone());
        let _ = cached(&format!("dossier:{b}:{e}"), || async move {
            session
                .call(lang, |api| {
                    let e = e.clone();
                    async move { api.dossier(b, &e).await }
                })
                .await
        })
        .await;
    }
}

/// Sites for the map, kept per filter so the last map seen opens offline.
fn map_points_key(search: &EnterpriseSearch) -> String {
    format!("map:points:{}", shared::query::encode(search))
}

pub async fn map_points(
    session: Session,
    lang: Lang,
    search: EnterpriseSearch,
) -> Result<shared::dossier::MapPoints, CallError> {
    cached(&map_points_key(&search), || async move {
        session
            .call(lang, |api| {
                let search = search.clone();
                async move { api.map_points(&search).await }
            })
            .await
    })
    .await
}

/// A random (version 4) UUID for an op or a file. From `crypto.getRandomValues`, which every
/// origin has (`crypto.randomUUID` needs a secure one: a PDA on a plain-http intranet has not).
pub fn new_id() -> String {
    let mut b = [0u8; 16];
    let filled = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut b))
        .is_ok();
    if !filled {
        // No Web Crypto at all (not a browser this app supports): still unique per device.
        let t = (js_sys::Date::now() as u64).to_be_bytes();
        b[..8].copy_from_slice(&t);
        for x in &mut b[8..] {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Puts an op in the outbox (committed before this returns) and starts a sync if online.
pub async fn enqueue(
    field: Field,
    session: Session,
    lang: Lang,
    b: BureauId,
    task: &str,
    body: OpBody,
) -> Result<(), String> {
    let op = Op {
        id: new_id(),
        bureau_id: b,
        task_id: task.to_string(),
        made_at: now_rfc3339(),
        body,
    };
    add(&Entry::Op(op)).await?;
    refresh(field).await;
    kick(field, session, lang);
    Ok(())
}

async fn add(entry: &Entry) -> Result<(), String> {
    let json = serde_json::to_string(entry).map_err(|e| e.to_string())?;
    outbox_add(&json)
        .await
        .map(|_| ())
        .map_err(|_| "本机存储写入失败，请检查存储空间".to_string())
}

/// Keeps a captured file and queues its declaration and its upload.
pub async fn enqueue_file(
    field: Field,
    session: Session,
    lang: Lang,
    b: BureauId,
    meta: EvidenceMeta,
    blob: &web_sys::Blob,
) -> Result<(), String> {
    blob_put(&meta.id, blob)
        .await
        .map_err(|_| "照片保存到本机失败，请检查存储空间".to_string())?;
    let upload = Entry::Upload {
        bureau_id: b,
        task_id: meta.task_id.clone(),
        evidence_id: meta.id.clone(),
        size: meta.size,
    };
    let task = meta.task_id.clone();
    add(&Entry::Op(Op {
        id: new_id(),
        bureau_id: b,
        task_id: task,
        made_at: now_rfc3339(),
        body: OpBody::DeclareEvidence { evidence: meta },
    }))
    .await?;
    add(&upload).await?;
    refresh(field).await;
    kick(field, session, lang);
    Ok(())
}

/// The file as kept on the device (until the server has verified it).
pub async fn local_file(id: &str) -> Option<web_sys::Blob> {
    blob_get(id).await.ok().and_then(|v| v.dyn_into().ok())
}

pub async fn refresh(field: Field) {
    let pending = outbox_count()
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    let problems: Vec<Problem> = problems_all()
        .await
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect();
    let storage = estimate()
        .await
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .map(|v| {
            (
                v["usage"].as_f64().unwrap_or(0.0),
                v["quota"].as_f64().unwrap_or(0.0),
                v["persisted"].as_bool().unwrap_or(false),
            )
        });
    field.0.update(|s| {
        s.pending = pending;
        s.problems = problems;
        s.storage = storage;
    });
}

/// Asks the browser to keep our storage (not to evict it under pressure).
pub async fn request_persistence(field: Field) {
    let _ = persist().await;
    refresh(field).await;
}

pub async fn dismiss(field: Field, id: &str) {
    let _ = problem_delete(id).await;
    refresh(field).await;
}

/// Starts a sync unless one is running or the browser is offline.
pub fn kick(field: Field, session: Session, lang: Lang) {
    if field.0.with_untracked(|s| s.running) || !window().navigator().on_line() {
        return;
    }
    field.0.update(|s| s.running = true);
    spawn_local(async move {
        // The sync's code is in the `field` wasm file, fetched only when there is something to send.
        let waiting = outbox_count()
            .await
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let result = if waiting == 0.0 {
            Ok(())
        } else {
            match sync_code(field, session, lang).await {
                Ok(sync) => sync.await,
                Err(_) => Err(lang
                    .pick(
                        "同步组件未能加载，恢复网络后自动重试",
                        "The sync could not load; it retries when online",
                    )
                    .to_string()),
            }
        };
        field.0.update(|s| {
            s.running = false;
            s.progress = None;
            match result {
                Ok(()) => {
                    let now = js_sys::Date::now();
                    s.last_sync = Some(now);
                    s.error = None;
                    let _ = gloo_storage::LocalStorage::set(LAST_SYNC_KEY, now);
                }
                Err(e) => s.error = Some(e),
            }
        });
        refresh(field).await;
    });
}

fn entries(v: JsValue) -> Vec<(f64, String)> {
    v.as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

type Sync = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>;

/// Loads the code of [`drain`] (the `field` wasm file) and starts it.
#[allow(unsafe_code)] // the split point expands to the loader's FFI
#[::leptos::wasm_split::wasm_split(field, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sync_code(
    field: Field,
    session: Session,
    lang: Lang,
) -> Result<Sync, ::leptos::wasm_split::SplitLoaderError> {
    Ok(Box::pin(drain(field, session, lang)))
}

/// Sends the outbox in order until it is empty or the network fails.
async fn drain(field: Field, session: Session, lang: Lang) -> Result<(), String> {
    let offline = || {
        lang.pick(
            "网络中断，恢复后自动继续同步",
            "Connection lost; sync resumes when online",
        )
        .to_string()
    };
    loop {
        let all = entries(
            outbox_all()
                .await
                .map_err(|_| "本机存储读取失败".to_string())?,
        );
        let Some((seq, first)) = all.first().cloned() else {
            return Ok(());
        };
        let first: Entry = match serde_json::from_str(&first) {
            Ok(e) => e,
            Err(_) => {
                let _ = outbox_delete(vec![seq]).await;
                continue;
            }
        };
        match first {
            Entry::Upload {
                bureau_id,
                task_id,
                evidence_id,
                size,
            } => {
                match upload(field, session, lang, bureau_id, &evidence_id, size).await {
                    Ok(()) => {
                        let _ = blob_delete(&evidence_id).await;
                        let _ = outbox_delete(vec![seq]).await;
                    }
                    Err(CallError::Network) => return Err(offline()),
                    Err(CallError::Api(body)) => {
                        // Refused for good (hash mismatch, task gone): keep it for the inspector.
                        let problem = Problem {
                            id: evidence_id.clone(),
                            task_id,
                            what: lang.pick("证据上传", "Evidence upload").into(),
                            conflict: false,
                            message: body.message,
                            entry: String::new(),
                        };
                        let _ =
                            problem_put(&serde_json::to_string(&problem).unwrap_or_default()).await;
                        let _ = outbox_delete(vec![seq]).await;
                    }
                }
            }
            Entry::Op(_) => {
                // The leading ops up to the next upload, at most 50 and about 1 MB.
                let mut batch: Vec<(f64, Op, String)> = Vec::new();
                let mut bytes = 0;
                for (seq, json) in &all {
                    let Ok(Entry::Op(op)) = serde_json::from_str::<Entry>(json) else {
                        break;
                    };
                    if batch.len() >= 50 || (bytes > 0 && bytes + json.len() > 1_000_000) {
                        break;
                    }
                    bytes += json.len();
                    batch.push((*seq, op, json.clone()));
                }
                let body = SyncBatch {
                    ops: batch.iter().map(|(_, op, _)| op.clone()).collect(),
                };
                field.0.update(|s| {
                    s.progress = Some(format!(
                        "{} {}",
                        lang.pick("正在同步", "Syncing"),
                        batch.len()
                    ))
                });
                let reply = session
                    .call(lang, |api| {
                        let body = body.clone();
                        async move { api.sync(&body).await }
                    })
                    .await;
                let reply = match reply {
                    Ok(r) => r,
                    Err(CallError::Network) => return Err(offline()),
                    Err(CallError::Api(e)) => return Err(e.message),
                };
                let mut done = Vec::new();
                for ((seq, op, json), result) in batch.iter().zip(reply.results.iter()) {
                    done.push(*seq);
                    match result.outcome {
                        Outcome::Applied | Outcome::Duplicate => {
                            if let (
                                Some(rev),
                                OpBody::SaveFindings { .. } | OpBody::SaveRecord { .. },
                            ) = (result.rev, &op.body)
                            {
                                note_rev(op, rev).await;
                            }
                        }
                        Outcome::Conflict | Outcome::Rejected => {
                            let problem = Problem {
                                id: op.id.clone(),
                                task_id: op.task_id.clone(),
                                what: op.body.label(lang).into(),
                                conflict: result.outcome == Outcome::Conflict,
                                message: result.message.clone(),
                                entry: json.clone(),
                            };
                            let _ =
                                problem_put(&serde_json::to_string(&problem).unwrap_or_default())
                                    .await;
                        }
                    }
                }
                let _ = outbox_delete(done).await;
                refresh(field).await;
            }
        }
    }
}

/// After the server took a save, later saves from this device start from its revision.
async fn note_rev(op: &Op, rev: i64) {
    let mut d = draft(op.bureau_id, &op.task_id).await;
    match &op.body {
        OpBody::SaveFindings { .. } => d.findings_base = rev,
        OpBody::SaveRecord { record, .. } => {
            d.record_bases.insert(record.id.clone(), rev);
        }
        _ => return,
    }
    save_draft(op.bureau_id, &op.task_id, &d).await;
}

/// Sends a kept file in chunks from where the server stands.
async fn upload(
    field: Field,
    session: Session,
    lang: Lang,
    b: BureauId,
    id: &str,
    size: i64,
) -> Result<(), CallError> {
    let blob = local_file(id).await.ok_or_else(|| {
        CallError::Api(shared::ErrorBody {
            error: shared::ApiError::NotFound,
            message: lang
                .pick(
                    "本机上找不到该证据文件",
                    "The file is gone from this device",
                )
                .into(),
            request_id: None,
        })
    })?;
    let owned = id.to_string();
    let mut state = session
        .call(lang, |api| {
            let id = owned.clone();
            async move { api.upload_state(b.0, &id).await }
        })
        .await?;
    while !state.verified {
        let start = state.received;
        let end = (start + CHUNK as i64).min(size);
        field.0.update(|s| {
            s.progress = Some(format!(
                "{} {}%",
                lang.pick("正在上传证据", "Uploading"),
                if size > 0 { start * 100 / size } else { 100 }
            ))
        });
        let part = blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|_| CallError::Network)?;
        let buf = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
            .await
            .map_err(|_| CallError::Network)?;
        let bytes = js_sys::Uint8Array::new(&buf);
        state = session
            .call(lang, |api| {
                let (id, bytes) = (owned.clone(), bytes.clone());
                async move {
                    api.upload_chunk(b.0, &id, &ChunkQuery { offset: start }, &bytes)
                        .await
                }
            })
            .await?;
        if state.received == start && !state.verified && end > start {
            // No progress: ask where the server stands before trying again.
            state = session
                .call(lang, |api| {
                    let id = owned.clone();
                    async move { api.upload_state(b.0, &id).await }
                })
                .await?;
        }
    }
    Ok(())
}

/// SHA-256 of a file, read in 1 MB slices so that a long video does not fill the memory.
pub async fn sha256(blob: &web_sys::Blob) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let size = blob.size();
    let mut at = 0.0;
    while at < size {
        let end = (at + 1_048_576.0).min(size);
        let part = blob
            .slice_with_f64_and_f64(at, end)
            .map_err(|_| "读取文件失败".to_string())?;
        let buf = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
            .await
            .map_err(|_| "读取文件失败".to_string())?;
        h.update(js_sys::Uint8Array::new(&buf).to_vec());
        at = end;
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The device position, if it can be had within 10 s: latitude, longitude, accuracy (m).
pub async fn position() -> Option<(f64, f64, f64)> {
    let geo = window().navigator().geolocation().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let ok_resolve = resolve.clone();
        let ok = Closure::once_into_js(move |pos: web_sys::Position| {
            let c = pos.coords();
            let arr = js_sys::Array::of3(
                &c.latitude().into(),
                &c.longitude().into(),
                &c.accuracy().into(),
            );
            let _ = ok_resolve.call1(&JsValue::NULL, &arr);
        });
        let fail = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        });
        let opts = web_sys::PositionOptions::new();
        opts.set_enable_high_accuracy(true);
        opts.set_timeout(10_000);
        opts.set_maximum_age(60_000);
        let _ = geo.get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(fail.unchecked_ref()),
            &opts,
        );
    });
    let v = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let arr: js_sys::Array = v.dyn_into().ok()?;
    Some((
        arr.get(0).as_f64()?,
        arr.get(1).as_f64()?,
        arr.get(2).as_f64()?,
    ))
}

/// Syncs when the network comes back, when the app opens and every minute.
pub fn start_background(field: Field, session: Session, lang: Signal<Lang>) {
    let cb = Closure::<dyn Fn()>::new(move || kick(field, session, lang.get_untracked()));
    let _ = window().add_event_listener_with_callback("online", cb.as_ref().unchecked_ref());
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        cb.as_ref().unchecked_ref(),
        60_000,
    );
    cb.forget();
    kick(field, session, lang.get_untracked());
    spawn_local(async move { request_persistence(field).await });
}
