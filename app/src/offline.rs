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
use shared::{ApiError, BureauId, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::CallError;
use crate::context::Session;

#[wasm_bindgen(module = "/js/store.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = outboxAdd)]
    async fn js_outbox_add(owner: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxAll)]
    async fn js_outbox_all(owner: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxCount)]
    async fn js_outbox_count(owner: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = outboxDelete)]
    async fn js_outbox_delete(owner: &str, seqs: Vec<f64>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = cachePut)]
    async fn js_cache_put(owner: &str, key: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = cacheGet)]
    async fn js_cache_get(owner: &str, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobPut)]
    async fn js_blob_put(owner: &str, id: &str, blob: &web_sys::Blob) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobGet)]
    async fn js_blob_get(owner: &str, id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = blobDelete)]
    async fn js_blob_delete(owner: &str, id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemPut)]
    async fn js_problem_put(owner: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemsAll)]
    async fn js_problems_all(owner: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = problemDelete)]
    async fn js_problem_delete(owner: &str, id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = forget)]
    async fn js_forget(owner: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn persist() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn estimate() -> Result<JsValue, JsValue>;
}

thread_local! {
    static OWNER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Whose data the device store holds for this page: "<bureau id>:<user id>" of the signed-in
/// user. Every user has a store of their own (app/js/store.js).
pub fn owner() -> Option<String> {
    OWNER.with(|o| o.borrow().clone())
}

/// The store's owner for a session (set by the session on sign-in, sign-out and start).
pub fn set_owner(user: Option<&shared::auth::CurrentUser>) {
    let key = user.map(|u| format!("{}:{}", u.bureau.id, u.id.0));
    OWNER.with(|o| *o.borrow_mut() = key);
}

fn me() -> Result<String, JsValue> {
    owner().ok_or_else(|| JsValue::from_str("no signed-in user"))
}

// The store, for the signed-in user.
async fn outbox_add(json: &str) -> Result<JsValue, JsValue> {
    js_outbox_add(&me()?, json).await
}
async fn outbox_all() -> Result<JsValue, JsValue> {
    js_outbox_all(&me()?).await
}
async fn outbox_count() -> Result<JsValue, JsValue> {
    js_outbox_count(&me()?).await
}
async fn outbox_delete(seqs: Vec<f64>) -> Result<JsValue, JsValue> {
    js_outbox_delete(&me()?, seqs).await
}
async fn cache_put(key: &str, json: &str) -> Result<JsValue, JsValue> {
    js_cache_put(&me()?, key, json).await
}
async fn cache_get(key: &str) -> Result<JsValue, JsValue> {
    js_cache_get(&me()?, key).await
}
async fn blob_put(id: &str, blob: &web_sys::Blob) -> Result<JsValue, JsValue> {
    js_blob_put(&me()?, id, blob).await
}
async fn blob_get(id: &str) -> Result<JsValue, JsValue> {
    js_blob_get(&me()?, id).await
}
async fn blob_delete(id: &str) -> Result<JsValue, JsValue> {
    js_blob_delete(&me()?, id).await
}
async fn problem_put(json: &str) -> Result<JsValue, JsValue> {
    js_problem_put(&me()?, json).await
}
async fn problems_all() -> Result<JsValue, JsValue> {
    js_problems_all(&me()?).await
}
async fn problem_delete(id: &str) -> Result<JsValue, JsValue> {
    js_problem_delete(&me()?, id).await
}

/// At sign-out: a user with nothing left to sync leaves nothing of theirs on the device
/// (cached dossiers, tasks, drafts); one with unsynced work or refusals keeps it all for their
/// next sign-in on this device. Answers whether anything was kept.
pub async fn sign_out_keeps_work() -> bool {
    let Some(o) = owner() else { return false };
    let pending = js_outbox_count(&o)
        .await
        .ok()
        .and_then(|v| v.as_f64())
        // Unreadable store: keep it.
        .unwrap_or(1.0);
    let problems = js_problems_all(&o)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str::<Vec<String>>(&s).ok())
        .map_or(1, |v| v.len());
    if pending == 0.0 && problems == 0 {
        let _ = js_forget(&o).await;
        gloo_storage::LocalStorage::delete(last_sync_key(&o));
        gloo_storage::LocalStorage::delete(shown_key(&o));
        false
    } else {
        true
    }
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
    /// Outbox entries that can no longer be read: kept on the device, reported, never sent.
    pub unreadable: u32,
    /// Whether the signed-in user has a device key on this browser (`None`: not known yet).
    pub registered: Option<bool>,
    /// The server refused this device (not registered, not approved, revoked, bad signature):
    /// the work waits until the device page has put it right.
    pub device_refused: Option<String>,
    /// Failed sync attempts in a row (network aside) and when the next automatic one may start.
    pub failures: u32,
    pub retry_at: f64,
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

fn last_sync_key(owner: &str) -> String {
    format!("huanjian.last_sync:{owner}")
}

/// What the sync panel last showed for this owner, kept so that the panel opens complete (state
/// line and storage line in place with the first screen) and [`refresh`] then only corrects it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Shown {
    pending: u32,
    registered: Option<bool>,
    storage: Option<(f64, f64, bool)>,
}

fn shown_key(owner: &str) -> String {
    format!("huanjian.sync_shown:{owner}")
}

/// The sync state of whoever is signed in: started afresh (from their own store) whenever the
/// user changes.
pub fn provide(session: Session) {
    let field = Field(RwSignal::new(SyncStatus::default()));
    provide_context(field);
    let user = Memo::new(move |_| {
        session
            .0
            .with(|s| s.as_ref().map(|s| (s.user.bureau.id, s.user.id.clone())))
    });
    Effect::new(move |_| {
        user.track();
        let last =
            owner().and_then(|o| gloo_storage::LocalStorage::get::<f64>(last_sync_key(&o)).ok());
        let shown = owner()
            .and_then(|o| gloo_storage::LocalStorage::get::<Shown>(shown_key(&o)).ok())
            .unwrap_or_default();
        field.0.set(SyncStatus {
            last_sync: last,
            pending: shown.pending,
            registered: shown.registered,
            storage: shown.storage,
            ..Default::default()
        });
        spawn_local(async move { refresh(field).await });
    });
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
/// The key of the inspector's task list as last answered, in the user's device store.
pub const KEY_MINE: &str = "mine";

pub async fn my_tasks(session: Session, lang: Lang) -> Result<Vec<TaskView>, CallError> {
    let tasks = cached(KEY_MINE, || async move {
        session
            .call(lang, |api| async move { api.my_tasks().await })
            .await
    })
    .await?;
    let list = tasks.clone();
    crate::pwa::offline_work_started();
    // Once the home is on screen with all its cards' data (a second without a call in flight)
    // and the page is idle: the first screen is not kept waiting.
    crate::pwa::after_first_screen(4, move || {
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
    if owner().is_none() {
        return;
    }
    let pending = outbox_count()
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    let registered = crate::device::local().await.is_some();
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
        s.unreadable = s.unreadable.min(pending);
        s.registered = Some(registered);
        s.problems = problems;
        s.storage = storage;
    });
    if let Some(o) = owner() {
        let shown = Shown {
            pending,
            registered: Some(registered),
            storage,
        };
        let _ = gloo_storage::LocalStorage::set(shown_key(&o), shown);
    }
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

/// Starts a sync unless one is running, the browser is offline, or an automatic retry is not
/// due yet (after failures it waits 5 s, 10 s, 20 s … up to 5 minutes).
pub fn kick(field: Field, session: Session, lang: Lang) {
    if js_sys::Date::now() < field.0.with_untracked(|s| s.retry_at) {
        return;
    }
    sync_now(field, session, lang);
}

/// Starts a sync now (the inspector asked), unless one is running or the browser is offline.
pub fn sync_now(field: Field, session: Session, lang: Lang) {
    if field.0.with_untracked(|s| s.running) || !window().navigator().on_line() {
        return;
    }
    let Some(me) = owner() else { return };
    field.0.update(|s| s.running = true);
    spawn_local(async move {
        let waiting = outbox_count()
            .await
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let result = if waiting == 0.0 {
            Ok(())
        } else {
            // The sync's code is in the `field` wasm file, fetched only when there is something to send.
            match sync_code(field, session, lang).await {
                Ok(sync) => sync.await,
                Err(_) => Err(Stop::Transient(
                    lang.pick(
                        "同步组件未能加载，恢复网络后自动重试",
                        "The sync could not load; it retries when online",
                    )
                    .to_string(),
                )),
            }
        };
        // Signed out or another user signed in meanwhile: their state is not this one.
        if owner().as_deref() != Some(me.as_str()) {
            field.0.update(|s| s.running = false);
            return;
        }
        field.0.update(|s| {
            s.running = false;
            s.progress = None;
            match result {
                Ok(()) => {
                    let now = js_sys::Date::now();
                    s.last_sync = Some(now);
                    s.error = None;
                    s.device_refused = None;
                    s.failures = 0;
                    s.retry_at = 0.0;
                    let _ = gloo_storage::LocalStorage::set(last_sync_key(&me), now);
                }
                // The network went away: the online event starts the next try.
                Err(Stop::Offline(e)) => s.error = Some(e),
                Err(Stop::Device(e)) => {
                    s.error = Some(e.clone());
                    s.device_refused = Some(e);
                }
                Err(Stop::Transient(e)) => {
                    s.error = Some(e);
                    s.failures += 1;
                    let wait = (5_000.0 * 2f64.powi(s.failures as i32 - 1)).min(300_000.0);
                    s.retry_at = js_sys::Date::now() + wait;
                    let again = s.retry_at;
                    // The retry is started here; the minute timer would be late for short waits.
                    set_timeout(
                        move || {
                            if field.0.with_untracked(|s| s.retry_at) == again {
                                kick(field, session, lang);
                            }
                        },
                        std::time::Duration::from_millis(wait as u64 + 50),
                    );
                }
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

/// Why a sync stopped before the outbox was empty; nothing is lost in any case.
pub enum Stop {
    /// No network: the next online event resumes.
    Offline(String),
    /// The server refused this device: the device page has to put it right first.
    Device(String),
    /// Anything else that may pass (the server busy, a store that did not answer): retried
    /// with a growing wait.
    Transient(String),
}

type Sync = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Stop>>>>;

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

/// What a refusal of the whole request means for the outbox.
enum Refusal {
    /// Stop and keep everything (see [`Stop`]).
    Stop(Stop),
    /// This request will never be taken as it is (it is invalid, too large …): the ops in it
    /// are tried one by one, and an op refused on its own is kept as a problem.
    Final(String),
}

fn classify(e: CallError, lang: Lang) -> Refusal {
    let offline = || {
        lang.pick(
            "网络中断，恢复后自动继续同步",
            "Connection lost; sync resumes when online",
        )
        .to_string()
    };
    match e {
        CallError::Network => Refusal::Stop(Stop::Offline(offline())),
        CallError::Api(body) => match body.error {
            ApiError::DeviceNotRegistered
            | ApiError::DeviceNotApproved
            | ApiError::DeviceRevoked
            | ApiError::DeviceSignatureInvalid => Refusal::Stop(Stop::Device(body.message)),
            // The session ended or must change its password first (sign in again), or the
            // server cannot answer now.
            ApiError::Unauthenticated
            | ApiError::TokenExpired
            | ApiError::AccountDisabled
            | ApiError::PasswordChangeRequired
            | ApiError::Timeout
            | ApiError::Internal
            | ApiError::Unavailable => Refusal::Stop(Stop::Transient(body.message)),
            _ => Refusal::Final(body.message),
        },
    }
}

/// Keeps a refusal where the inspector sees it; only then may the entry leave the outbox.
async fn keep_problem(problem: &Problem, lang: Lang) -> Result<(), Stop> {
    let json = serde_json::to_string(problem).map_err(|_| Stop::Transient(String::new()))?;
    problem_put(&json).await.map(|_| ()).map_err(|_| {
        Stop::Transient(
            lang.pick(
                "本机存储写入失败，记录仍保留在待同步中",
                "Could not write to the device store; the work stays queued",
            )
            .to_string(),
        )
    })
}

/// Sends the outbox in order until it is empty, the network fails or the server refuses the
/// device. An entry leaves the outbox only when the server took it (applied or duplicate) or
/// when its refusal is stored as a problem the inspector sees. Stops as soon as another user
/// signs in: one user's work is never sent in another's session.
async fn drain(field: Field, session: Session, lang: Lang) -> Result<(), Stop> {
    let Some(me) = owner() else { return Ok(()) };
    let still_me = move || owner().as_deref() == Some(me.as_str());
    let store_failed = || {
        Stop::Transient(
            lang.pick("本机存储读取失败", "Could not read the device store")
                .to_string(),
        )
    };
    // After a refusal of a whole batch: one op per request for the rest of this run.
    let mut one_by_one = false;
    loop {
        if !still_me() {
            return Ok(());
        }
        let raw = entries(outbox_all().await.map_err(|_| store_failed())?);
        let total = raw.len();
        // Readable entries only: one that cannot be read stays, reported, and is never sent.
        let all: Vec<(f64, Entry, String)> = raw
            .into_iter()
            .filter_map(|(seq, json)| {
                serde_json::from_str::<Entry>(&json)
                    .ok()
                    .map(|e| (seq, e, json))
            })
            .collect();
        let unreadable = (total - all.len()) as u32;
        field.0.update(|s| s.unreadable = unreadable);
        let Some((seq, first, _)) = all.first().cloned() else {
            return Ok(());
        };
        match first {
            Entry::Upload {
                bureau_id,
                task_id,
                evidence_id,
                size,
            } => match upload(field, session, lang, bureau_id, &evidence_id, size).await {
                Ok(()) => {
                    if !still_me() {
                        return Ok(());
                    }
                    let _ = blob_delete(&evidence_id).await;
                    outbox_delete(vec![seq]).await.map_err(|_| store_failed())?;
                }
                Err(e) => match classify(e, lang) {
                    Refusal::Stop(stop) => return Err(stop),
                    Refusal::Final(message) => {
                        // Refused for good (hash mismatch, task gone): kept for the inspector.
                        if !still_me() {
                            return Ok(());
                        }
                        let problem = Problem {
                            id: evidence_id.clone(),
                            task_id,
                            what: lang.pick("证据上传", "Evidence upload").into(),
                            conflict: false,
                            message,
                            entry: String::new(),
                        };
                        keep_problem(&problem, lang).await?;
                        outbox_delete(vec![seq]).await.map_err(|_| store_failed())?;
                    }
                },
            },
            Entry::Op(_) => {
                // The leading ops up to the next upload, at most 50 and about 1 MB.
                let limit = if one_by_one { 1 } else { 50 };
                let mut batch: Vec<(f64, Op, String)> = Vec::new();
                let mut bytes = 0;
                for (seq, entry, json) in &all {
                    let Entry::Op(op) = entry else { break };
                    if batch.len() >= limit || (bytes > 0 && bytes + json.len() > 1_000_000) {
                        break;
                    }
                    bytes += json.len();
                    batch.push((*seq, op.clone(), json.clone()));
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
                        // Decided at the moment of sending, with the token this call holds.
                        let mine = still_me();
                        async move {
                            if !mine {
                                return Err(CallError::Network);
                            }
                            api.sync(&body).await
                        }
                    })
                    .await;
                if !still_me() {
                    return Ok(());
                }
                let reply = match reply {
                    Ok(r) => r,
                    Err(e) => match classify(e, lang) {
                        Refusal::Stop(stop) => return Err(stop),
                        Refusal::Final(_) if batch.len() > 1 => {
                            one_by_one = true;
                            continue;
                        }
                        Refusal::Final(message) => {
                            let (seq, op, json) = &batch[0];
                            let problem = Problem {
                                id: op.id.clone(),
                                task_id: op.task_id.clone(),
                                what: op.body.label(lang).into(),
                                conflict: false,
                                message,
                                entry: json.clone(),
                            };
                            keep_problem(&problem, lang).await?;
                            outbox_delete(vec![*seq])
                                .await
                                .map_err(|_| store_failed())?;
                            refresh(field).await;
                            continue;
                        }
                    },
                };
                let mut done = Vec::new();
                let mut kept = Ok(());
                for ((seq, op, json), result) in batch.iter().zip(reply.results.iter()) {
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
                            if let Err(e) = keep_problem(&problem, lang).await {
                                // Not stored: the op stays queued (the server answers it again).
                                kept = Err(e);
                                continue;
                            }
                        }
                    }
                    done.push(*seq);
                }
                outbox_delete(done).await.map_err(|_| store_failed())?;
                refresh(field).await;
                kept?;
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
    // At start and whenever someone signs in: their own outbox, in their own session.
    let user = Memo::new(move |_| {
        session
            .0
            .with(|s| s.as_ref().map(|s| (s.user.bureau.id, s.user.id.clone())))
    });
    Effect::new(move |_| {
        if user.get().is_some() {
            kick(field, session, lang.get_untracked());
        }
    });
    spawn_local(async move { request_persistence(field).await });
}
