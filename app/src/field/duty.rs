//! 在岗: the inspector's duty switch, the position sharing while on duty and the incoming
//! dispatch (新派单).
//!
//! The position service is one per page (a thread-local, not a component): the app shell
//! mounts [`DutyHost`] on every signed-in page of a user who does inspections, and the service
//! runs while at least one is mounted. Moving from one page to the next remounts the shell; a
//! short grace period bridges that, so the watch keeps going across pages, and it stops when no
//! shell is left (signed out, or a page without the shell) or when the inspector goes off duty.
//!
//! While on duty it keeps `navigator.geolocation.watchPosition` running and records a fix every
//! minute and whenever the inspector moved more than 50 m since the last recorded one. Fixes go
//! into a queue in the user's own device store (IndexedDB, like the outbox: it survives a
//! reload) and are sent in batches of at most [`MAX_FIXES`]; only fixes the server answered for
//! leave the queue. Off duty nothing is watched and nothing recorded: going off duty clears the
//! watch at once, sends what is queued and then tells the server (later, if offline).
//!
//! While on duty and online it also polls the inspector's tasks every 15 s and shows a banner
//! for every task dispatched from an alarm that this device has not seen yet (the seen task
//! ids are kept per user, so a reload does not repeat a banner).

use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use shared::field_force::{
    distance_m, DutyView, PositionBatch, PositionFix, SetDuty, DUTY_PURPOSE, MAX_FIXES,
};
use shared::policy::Permission;
use shared::task::{TaskSource, TaskStatus, TaskView};
use shared::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::CallError;
use crate::context::{Locale, Online, Session};

/// A fix at least this often while on duty, in seconds.
const RECORD_SECS: i64 = 60;
/// And whenever the inspector moved more than this since the last recorded fix, in metres.
const MOVE_M: f64 = 50.0;
/// How often the task list is asked for new dispatches while on duty, in seconds.
const POLL_SECS: f64 = 15.0;
/// After a failed send, the next attempt waits this long, in seconds.
const RETRY_SECS: f64 = 15.0;
/// The service's clock.
const TICK_MS: i32 = 5_000;
/// How long the service waits for the next page's shell before it stops watching.
const GRACE_MS: i32 = 3_000;
/// Seen task ids kept per user.
const SEEN_MAX: usize = 1_000;

/// Keys in the user's device store.
const KEY_FIXES: &str = "duty:fixes";
const KEY_STATE: &str = "duty:state";

fn seen_key(owner: &str) -> String {
    format!("hj.duty.seen.{owner}")
}

/// Purposes offered in the select (the free text can say anything else).
const DUTY_PURPOSE_EN: &str =
    "While on duty the position is sent every minute or when moving, only to dispatch the nearest officers; nothing is sent off duty.";

const PURPOSES: [(&str, &str); 4] = [
    ("日常巡查", "Routine patrol"),
    ("值班备勤", "On standby"),
    ("专项检查", "Special inspection"),
    ("其他", "Other"),
];

/// What the duty card and the banner show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DutyUi {
    /// The duty state as last known (from the server, or kept on the device offline).
    pub view: Option<DutyView>,
    pub loading: bool,
    /// A switch is under way.
    pub busy: bool,
    pub error: Option<String>,
    /// Went off duty on this device; the server has not been told yet (offline).
    pub off_pending: bool,
    pub watching: bool,
    pub geo_error: Option<String>,
    /// Unix seconds of the last fix recorded on this device.
    pub last_fix_at: Option<i64>,
    /// Fixes waiting to be sent.
    pub queued: usize,
    /// Alarm dispatches not yet opened or dismissed.
    pub banners: Vec<TaskView>,
}

impl DutyUi {
    /// On duty as far as this device is concerned (sharing positions).
    pub fn on_duty(&self) -> bool {
        !self.off_pending && self.view.as_ref().is_some_and(|v| v.on_duty)
    }
}

/// The duty state kept on the device, for a reload without network.
#[derive(Serialize, Deserialize)]
struct Kept {
    view: DutyView,
    off_pending: bool,
}

struct Watch {
    id: i32,
    _ok: Closure<dyn FnMut(web_sys::Position)>,
    _err: Closure<dyn FnMut(JsValue)>,
}

struct Inner {
    session: Session,
    locale: Locale,
    online: Online,
    /// Whose service this is ("<bureau>:<user>", as the device store names its owner).
    owner: Option<String>,
    /// Bumped when the owner changes: answers for the previous one are dropped.
    generation: u32,
    /// Mounted [`DutyHost`]s.
    holders: u32,
    grace: Option<i32>,
    watch: Option<Watch>,
    /// The permission to locate was refused: not asked again until the next switch.
    denied: bool,
    /// The latest position the watch reported (recorded or not).
    latest: Option<PositionFix>,
    last_recorded: Option<PositionFix>,
    queue: Vec<PositionFix>,
    flushing: bool,
    writing: bool,
    dirty: bool,
    retry_at: f64,
    polling: bool,
    last_poll: f64,
    /// Task ids ("<bureau>:<id>") seen on this device, oldest first; `None` before the first
    /// list on this device.
    seen: Option<Vec<String>>,
}

thread_local! {
    static INNER: RefCell<Option<Inner>> = const { RefCell::new(None) };
    static UI: ArcRwSignal<DutyUi> = ArcRwSignal::new(DutyUi::default());
    static TASKS_REV: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// The duty state, for the card and the banner.
pub fn state() -> ArcRwSignal<DutyUi> {
    UI.with(Clone::clone)
}

/// Changes whenever the service saw new tasks: the task list reloads with it.
pub fn tasks_rev() -> ArcRwSignal<u32> {
    TASKS_REV.with(Clone::clone)
}

fn ui_update(f: impl FnOnce(&mut DutyUi)) {
    let ui = state();
    ui.update(f);
}

fn ui_get() -> DutyUi {
    state().get_untracked()
}

fn with<R>(f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
    INNER.with(|i| i.borrow_mut().as_mut().map(f))
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn now_f() -> f64 {
    js_sys::Date::now() / 1000.0
}

fn lang() -> Lang {
    with(|i| i.locale.get_untracked_lang()).unwrap_or_default()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Creates the service on first use (with the app's contexts) and starts its clock.
fn ensure() {
    if INNER.with(|i| i.borrow().is_some()) {
        return;
    }
    let inner = Inner {
        session: expect_context::<Session>(),
        locale: expect_context::<Locale>(),
        online: expect_context::<Online>(),
        owner: None,
        generation: 0,
        holders: 0,
        grace: None,
        watch: None,
        denied: false,
        latest: None,
        last_recorded: None,
        queue: Vec::new(),
        flushing: false,
        writing: false,
        dirty: false,
        retry_at: 0.0,
        polling: false,
        last_poll: 0.0,
        seen: None,
    };
    INNER.with(|i| *i.borrow_mut() = Some(inner));
    let cb = Closure::<dyn Fn()>::new(tick);
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        cb.as_ref().unchecked_ref(),
        TICK_MS,
    );
    // Lives as long as the page.
    cb.forget();
}

/// Whether the signed-in user does inspections (and so shares a position on duty).
fn permitted() -> bool {
    with(|i| i.session).is_some_and(|s| untrack(|| s.may(Permission::DoInspections)))
}

/// A shell was mounted: the service runs (for whoever is signed in now).
fn hold() {
    ensure();
    let g = with(|i| {
        i.holders += 1;
        i.grace.take()
    })
    .flatten();
    if let Some(g) = g {
        window().clear_timeout_with_handle(g);
    }
    let current = crate::offline::owner();
    if with(|i| i.owner != current).unwrap_or(false) {
        switch_owner(current);
    } else {
        tick();
    }
}

/// A shell went: when no other follows shortly, the watch stops (what is queued stays).
fn release() {
    let last = with(|i| {
        i.holders = i.holders.saturating_sub(1);
        i.holders == 0
    })
    .unwrap_or(false);
    if !last {
        return;
    }
    let cb = Closure::once_into_js(move || {
        let idle = with(|i| {
            i.grace = None;
            i.holders == 0
        })
        .unwrap_or(false);
        if idle {
            stop_watch();
            spawn_local(flush());
        }
    });
    let handle = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), GRACE_MS)
        .ok();
    with(|i| i.grace = handle);
}

/// Another user (or none) is signed in: forget the previous one's state in memory (theirs
/// stays in their own store) and load this one's.
fn switch_owner(owner: Option<String>) {
    stop_watch();
    let generation = with(|i| {
        i.owner = owner.clone();
        i.generation += 1;
        i.denied = false;
        i.latest = None;
        i.last_recorded = None;
        i.queue.clear();
        i.flushing = false;
        i.writing = false;
        i.dirty = false;
        i.retry_at = 0.0;
        i.polling = false;
        i.last_poll = 0.0;
        i.seen = None;
        i.generation
    })
    .unwrap_or_default();
    let ui = state();
    ui.set(DutyUi {
        loading: owner.is_some(),
        ..Default::default()
    });
    if let Some(owner) = owner {
        if permitted() {
            spawn_local(load(owner, generation));
        } else {
            ui.set(DutyUi::default());
        }
    }
}

fn current(generation: u32) -> bool {
    with(|i| i.generation == generation).unwrap_or(false)
}

async fn load(owner: String, generation: u32) {
    let queue: Vec<PositionFix> = crate::offline::cache_read(KEY_FIXES)
        .await
        .unwrap_or_default();
    let kept: Option<Kept> = crate::offline::cache_read(KEY_STATE).await;
    if !current(generation) {
        return;
    }
    let seen = LocalStorage::get::<Vec<String>>(seen_key(&owner)).ok();
    let (queued, last) = with(|i| {
        // Fixes recorded while the store was read come after those kept.
        let mut q = queue;
        q.append(&mut i.queue);
        i.queue = q;
        i.last_recorded = i.queue.last().cloned();
        i.seen = seen;
        (i.queue.len(), i.last_recorded.as_ref().map(|f| f.at))
    })
    .unwrap_or_default();
    ui_update(|u| {
        u.queued = queued;
        u.last_fix_at = last;
        if let Some(k) = kept {
            u.view = Some(k.view);
            u.off_pending = k.off_pending;
        }
    });
    // On duty as kept: the sharing goes on at once, with or without network.
    tick();
    let Some((session, lang)) = with(|i| (i.session, i.locale.get_untracked_lang())) else {
        return;
    };
    let r = session
        .call(lang, |api| async move { api.duty().await })
        .await;
    if !current(generation) {
        return;
    }
    match r {
        Ok(v) => {
            ui_update(|u| {
                // Gone off duty here while offline: the server is told by the next tick.
                u.off_pending = u.off_pending && v.on_duty;
                u.view = Some(v);
                u.error = None;
            });
            persist_state();
        }
        Err(CallError::Network) => {}
        Err(e) => ui_update(|u| u.error = Some(e.message(lang))),
    }
    ui_update(|u| u.loading = false);
    tick();
}

/// Keeps the duty state on the device (for a reload offline).
fn persist_state() {
    let ui = ui_get();
    let Some(view) = ui.view else { return };
    let Some(owner) = with(|i| i.owner.clone()).flatten() else {
        return;
    };
    let kept = Kept {
        view,
        off_pending: ui.off_pending,
    };
    spawn_local(async move {
        if crate::offline::owner().as_deref() == Some(&owner) {
            crate::offline::cache_set(KEY_STATE, &kept).await;
        }
    });
}

/// Writes the queue to the device store, one write at a time, always the latest queue last.
fn persist_queue() {
    let start = with(|i| {
        if i.writing {
            i.dirty = true;
            None
        } else {
            i.writing = true;
            i.owner.clone().map(|o| (o, i.generation, i.queue.clone()))
        }
    })
    .flatten();
    let Some((owner, generation, mut snapshot)) = start else {
        return;
    };
    spawn_local(async move {
        loop {
            // The check and the write's start are in the same turn: the store is this owner's.
            if crate::offline::owner().as_deref() != Some(&owner) {
                break;
            }
            crate::offline::cache_set(KEY_FIXES, &snapshot).await;
            let next = with(|i| {
                if i.generation != generation {
                    None
                } else if i.dirty {
                    i.dirty = false;
                    Some(i.queue.clone())
                } else {
                    i.writing = false;
                    None
                }
            })
            .flatten();
            match next {
                Some(q) => snapshot = q,
                None => break,
            }
        }
    });
}

fn start_watch() {
    if with(|i| i.watch.is_some() || i.denied).unwrap_or(true) {
        return;
    }
    let Ok(geo) = window().navigator().geolocation() else {
        ui_update(|u| {
            u.geo_error = Some(
                lang()
                    .pick(
                        "本机无法定位，位置不会上报",
                        "This device cannot locate itself",
                    )
                    .into(),
            )
        });
        return;
    };
    let ok = Closure::<dyn FnMut(web_sys::Position)>::new(on_position);
    let err = Closure::<dyn FnMut(JsValue)>::new(on_geo_error);
    let opts = web_sys::PositionOptions::new();
    opts.set_enable_high_accuracy(true);
    opts.set_maximum_age(0);
    match geo.watch_position_with_error_callback_and_options(
        ok.as_ref().unchecked_ref(),
        Some(err.as_ref().unchecked_ref()),
        &opts,
    ) {
        Ok(id) => {
            with(|i| {
                i.watch = Some(Watch {
                    id,
                    _ok: ok,
                    _err: err,
                })
            });
            ui_update(|u| u.watching = true);
        }
        Err(_) => ui_update(|u| {
            u.geo_error = Some(
                lang()
                    .pick("无法开始定位，位置不会上报", "Could not start locating")
                    .into(),
            )
        }),
    }
}

/// Clears the watch: no position is taken from now on.
fn stop_watch() {
    let watch = with(|i| {
        i.latest = None;
        i.watch.take()
    })
    .flatten();
    if let Some(w) = watch {
        if let Ok(geo) = window().navigator().geolocation() {
            geo.clear_watch(w.id);
        }
        drop(w);
    }
    if ui_get().watching {
        ui_update(|u| u.watching = false);
    }
}

fn on_position(pos: web_sys::Position) {
    let ui = ui_get();
    if !ui.on_duty() || !with(|i| i.watch.is_some()).unwrap_or(false) {
        return;
    }
    let c = pos.coords();
    let now = now_secs();
    let taken = (pos.timestamp() / 1000.0) as i64;
    let mut at = if taken > now || now - taken > 120 {
        now
    } else {
        taken
    };
    // A clock a little behind the server's would date the first fix before the shift.
    if let Some(since) = ui.view.as_ref().and_then(|v| v.since) {
        if at < since && since - at < 300 {
            at = since;
        }
    }
    let fix = PositionFix {
        at,
        longitude: c.longitude(),
        latitude: c.latitude(),
        accuracy_m: Some(c.accuracy()).filter(|a| a.is_finite() && *a >= 0.0),
    };
    if ui.geo_error.is_some() {
        ui_update(|u| u.geo_error = None);
    }
    let due = with(|i| {
        i.latest = Some(fix.clone());
        match &i.last_recorded {
            None => true,
            Some(l) => {
                fix.at - l.at >= RECORD_SECS
                    || distance_m(l.longitude, l.latitude, fix.longitude, fix.latitude) > MOVE_M
            }
        }
    })
    .unwrap_or(false);
    if due {
        record(fix);
    }
}

fn on_geo_error(e: JsValue) {
    let code = js_sys::Reflect::get(&e, &"code".into())
        .ok()
        .and_then(|c| c.as_f64())
        .unwrap_or_default() as u32;
    let lang = lang();
    if code == 1 {
        // Refused: the watch is over; the switch asks again.
        with(|i| i.denied = true);
        stop_watch();
        ui_update(|u| {
            u.geo_error = Some(
                lang.pick(
                    "定位权限被拒绝，位置无法上报。请在浏览器设置中允许本应用使用位置信息，然后重新上岗。",
                    "Location permission denied: allow location for this app, then go on duty again.",
                )
                .into(),
            )
        });
    } else {
        // No fix for now: nothing stale is reported until the next one.
        with(|i| i.latest = None);
        ui_update(|u| {
            u.geo_error = Some(
                lang.pick(
                    "暂时无法获取位置，恢复后自动上报",
                    "No position for now; it is sent once available",
                )
                .into(),
            )
        });
    }
}

fn record(fix: PositionFix) {
    let Some(queued) = with(|i| {
        i.queue.push(fix.clone());
        i.last_recorded = Some(fix.clone());
        i.queue.len()
    }) else {
        return;
    };
    ui_update(|u| {
        u.last_fix_at = Some(fix.at);
        u.queued = queued;
    });
    persist_queue();
    if with(|i| i.online.0.get_untracked() && now_f() >= i.retry_at).unwrap_or(false) {
        spawn_local(flush());
    }
}

/// Sends the queue in batches; a batch leaves the queue only once the server answered for it.
async fn flush() {
    let Some((session, generation)) = with(|i| {
        if i.flushing || i.queue.is_empty() || i.owner.is_none() {
            None
        } else {
            i.flushing = true;
            Some((i.session, i.generation))
        }
    })
    .flatten() else {
        return;
    };
    let lang = lang();
    loop {
        let batch: Vec<PositionFix> =
            with(|i| i.queue.iter().take(MAX_FIXES).cloned().collect()).unwrap_or_default();
        if batch.is_empty() {
            break;
        }
        let n = batch.len();
        let body = PositionBatch { fixes: batch };
        let r = session
            .call(lang, |api| {
                let body = body.clone();
                async move { api.send_positions(&body).await }
            })
            .await;
        if !current(generation) {
            return;
        }
        match r {
            Ok(_) => {
                // Stored or refused (taken outside the shift): either way answered for.
                let queued = with(|i| {
                    let n = n.min(i.queue.len());
                    i.queue.drain(..n);
                    i.queue.len()
                })
                .unwrap_or_default();
                ui_update(|u| u.queued = queued);
                persist_queue();
            }
            Err(_) => {
                with(|i| i.retry_at = now_f() + RETRY_SECS);
                break;
            }
        }
    }
    with(|i| i.flushing = false);
}

/// Waits for a send under way to end (at most a while).
async fn flushed() {
    for _ in 0..100 {
        if !with(|i| i.flushing).unwrap_or(false) {
            return;
        }
        sleep(100).await;
    }
}

/// Tells the server the duty state; on its answer (for the current user) the device adopts it.
async fn send_duty(
    session: Session,
    lang: Lang,
    generation: u32,
    body: SetDuty,
) -> Option<Result<(), CallError>> {
    let r = session
        .call(lang, |api| {
            let body = body.clone();
            async move { api.set_duty(&body).await }
        })
        .await;
    if !current(generation) {
        return None;
    }
    Some(r.map(|v| {
        ui_update(|u| {
            u.busy = false;
            u.off_pending = false;
            u.view = Some(v);
        });
        persist_state();
    }))
}

/// 上岗: the server must agree (it wants a purpose); then the sharing starts.
pub fn go_on_duty(purpose: String) {
    ensure();
    let Some((session, generation)) = with(|i| {
        i.denied = false;
        (i.session, i.generation)
    }) else {
        return;
    };
    let lang = lang();
    ui_update(|u| {
        u.busy = true;
        u.error = None;
        u.geo_error = None;
    });
    spawn_local(async move {
        let body = SetDuty {
            on_duty: true,
            purpose,
        };
        match send_duty(session, lang, generation, body).await {
            None => {}
            Some(Ok(())) => {
                with(|i| i.last_poll = 0.0);
                tick();
            }
            Some(Err(e)) => ui_update(|u| {
                u.busy = false;
                u.error = Some(e.message(lang));
            }),
        }
    });
}

/// 下岗: the watch stops at once; what is queued is sent, then the server is told.
pub fn go_off_duty() {
    ensure();
    stop_watch();
    ui_update(|u| {
        u.off_pending = true;
        u.busy = true;
        u.error = None;
        u.geo_error = None;
    });
    persist_state();
    spawn_local(finish_off());
}

async fn finish_off() {
    let Some((session, generation)) = with(|i| (i.session, i.generation)) else {
        return;
    };
    let lang = lang();
    ui_update(|u| u.busy = true);
    // The server takes fixes only while the shift is open: they go first.
    flushed().await;
    flush().await;
    flushed().await;
    let body = SetDuty {
        on_duty: false,
        purpose: String::new(),
    };
    match send_duty(session, lang, generation, body).await {
        None | Some(Ok(())) => {}
        Some(Err(e)) => {
            with(|i| i.retry_at = now_f() + RETRY_SECS);
            let msg = match lang {
                Lang::Zh => format!(
                    "已停止上报位置，但下岗尚未登记到服务器（{}），联网后自动重试。",
                    e.message(lang)
                ),
                Lang::En => format!(
                    "Position sharing stopped, but the server has not recorded it yet ({}); retried once online.",
                    e.message(lang)
                ),
            };
            ui_update(|u| {
                u.busy = false;
                u.error = Some(msg);
            });
        }
    }
}

/// The service's clock: the minute's fix, the queue, the pending off-duty, the dispatch poll.
fn tick() {
    let Some((holders, owner)) = with(|i| (i.holders, i.owner.clone())) else {
        return;
    };
    if holders == 0 {
        return;
    }
    let now_owner = crate::offline::owner();
    if now_owner != owner {
        switch_owner(now_owner);
        return;
    }
    if owner.is_none() || !permitted() {
        stop_watch();
        return;
    }
    let ui = ui_get();
    if ui.on_duty() {
        start_watch();
        let stationary = with(|i| match (&i.latest, &i.last_recorded) {
            (Some(latest), Some(last)) if now_secs() - last.at >= RECORD_SECS => {
                // The watch reports changes only: still there a minute later.
                Some(PositionFix {
                    at: now_secs(),
                    ..latest.clone()
                })
            }
            _ => None,
        })
        .flatten();
        if let Some(fix) = stationary {
            record(fix);
        }
    } else if ui.view.is_some() || ui.off_pending {
        stop_watch();
    }
    let Some((online, retry_at, queued, polling, last_poll)) = with(|i| {
        (
            i.online.0.get_untracked(),
            i.retry_at,
            !i.queue.is_empty(),
            i.polling,
            i.last_poll,
        )
    }) else {
        return;
    };
    if !online || ui.loading {
        return;
    }
    let now = now_f();
    if now >= retry_at {
        if ui.off_pending && !ui.busy {
            spawn_local(finish_off());
        } else if queued {
            spawn_local(flush());
        }
    }
    if ui.on_duty() && !polling && now - last_poll >= POLL_SECS {
        spawn_local(poll());
    }
}

fn task_key(t: &TaskView) -> String {
    format!("{}:{}", t.bureau_id, t.id)
}

/// Unix seconds the task was made (its first history entry).
fn created_at(t: &TaskView) -> Option<i64> {
    let at = &t.history.first()?.at;
    let ms = js_sys::Date::parse(at);
    ms.is_finite().then(|| (ms / 1000.0) as i64)
}

/// Asks for the inspector's tasks; alarm dispatches not seen before become banners.
async fn poll() {
    let Some((session, generation, owner)) = with(|i| {
        i.polling = true;
        i.last_poll = now_f();
        (i.session, i.generation, i.owner.clone())
    }) else {
        return;
    };
    let lang = lang();
    let r = session
        .call(lang, |api| async move { api.my_tasks().await })
        .await;
    if !current(generation) {
        return;
    }
    with(|i| i.polling = false);
    let (Ok(list), Some(owner)) = (r, owner) else {
        return;
    };
    let since = ui_get().view.and_then(|v| v.since).unwrap_or(i64::MAX);
    let (fresh, changed) = with(|i| {
        let first = i.seen.is_none();
        let seen = i.seen.get_or_insert_with(Vec::new);
        let mut fresh = Vec::new();
        let mut changed = false;
        for t in &list {
            let key = task_key(t);
            if seen.contains(&key) {
                continue;
            }
            // The first list on this device: what was there before the shift is not news,
            // an alarm task given during it is.
            let news = t.source == TaskSource::Alarm
                && (!first
                    || (t.status == TaskStatus::Assigned
                        && created_at(t).is_some_and(|c| c >= since - 120)));
            if news {
                fresh.push(t.clone());
            }
            changed |= !first || news;
            seen.push(key);
        }
        if seen.len() > SEEN_MAX {
            let extra = seen.len() - SEEN_MAX;
            seen.drain(..extra);
        }
        let _ = LocalStorage::set(seen_key(&owner), &*seen);
        (fresh, changed)
    })
    .unwrap_or_default();
    if !fresh.is_empty() {
        ui_update(|u| {
            for t in fresh {
                if !u.banners.iter().any(|b| task_key(b) == task_key(&t)) {
                    u.banners.push(t);
                }
            }
        });
    }
    if changed {
        let rev = tasks_rev();
        rev.update(|n| *n += 1);
    }
}

fn dismiss(key: &str) {
    ui_update(|u| u.banners.retain(|b| task_key(b) != key));
}

/// HH:MM of unix seconds, local time.
fn hm(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// HH:MM:SS of unix seconds, local time.
fn hms(secs: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// The service's part of [`DutyHost`]: keeps it running and shows the dispatch banners.
#[component]
fn DutyService() -> impl IntoView {
    let locale = expect_context::<Locale>();
    hold();
    on_cleanup(release);
    let ui = state();
    view! {
        <div class="dispatch-banners" aria-live="assertive">
            {move || {
                let lang = locale.get();
                ui.with(|u| u.banners.clone()).into_iter().map(|t| {
                    let key = task_key(&t);
                    let key2 = key.clone();
                    let text = if t.note.trim().is_empty() {
                        format!("{}{}", lang.pick("新派单：", "New dispatch: "), t.enterprise_name)
                    } else {
                        format!("{}{} · {}", lang.pick("新派单：", "New dispatch: "), t.enterprise_name, t.note)
                    };
                    view! {
                        <div class="dispatch-banner" role="alert" data-test="dispatch-banner">
                            <div class="dispatch-text">
                                <strong>{text}</strong>
                                <span class="muted">{t.enterprise_address.clone()}</span>
                            </div>
                            <div class="dispatch-actions">
                                <a class="button" href=format!("/tasks/{}/{}", t.bureau_id, t.id) on:click=move |_| dismiss(&key)>
                                    {lang.pick("打开任务", "Open task")}
                                </a>
                                <button type="button" class="button secondary" on:click=move |_| dismiss(&key2)>
                                    {lang.pick("知道了", "Dismiss")}
                                </button>
                            </div>
                        </div>
                    }
                }).collect_view()
            }}
        </div>
    }
    .into_any()
}

/// 在岗状态: the switch with its purpose, why the position is asked for and how long it is
/// kept; while on duty, since when and the last position.
#[component]
fn DutyCardInner() -> impl IntoView {
    let locale = expect_context::<Locale>();
    ensure();
    let ui = state();
    let purpose = RwSignal::new(String::new());
    let choice = RwSignal::new(String::new());
    let on = {
        let ui = ui.clone();
        move || ui.with(DutyUi::on_duty)
    };
    let busy = {
        let ui = ui.clone();
        move || ui.with(|u| u.busy || (u.loading && u.view.is_none()))
    };
    let toggle = {
        let on = on.clone();
        move |_| {
            if on() {
                go_off_duty();
            } else {
                go_on_duty(purpose.get_untracked().trim().to_string());
            }
        }
    };
    let status = {
        let ui = ui.clone();
        move || {
            let lang = locale.get();
            ui.with(|u| {
                let v = u.view.as_ref()?;
                let since = v.since.map(hm).unwrap_or_else(|| "—".into());
                Some(match lang {
                    Lang::Zh => format!("在岗中 · 自 {since} · {}", v.purpose),
                    Lang::En => format!("On duty · since {since} · {}", v.purpose),
                })
            })
        }
    };
    let last_line = {
        let ui = ui.clone();
        move || {
            let lang = locale.get();
            ui.with(|u| {
                let server = u.view.as_ref().and_then(|v| v.last_seen_at);
                let last = u.last_fix_at.max(server);
                let mut s = match (last, lang) {
                    (Some(t), Lang::Zh) => format!("上次位置 {}", hms(t)),
                    (Some(t), Lang::En) => format!("Last position {}", hms(t)),
                    (None, Lang::Zh) => "正在获取位置…".to_string(),
                    (None, Lang::En) => "Getting the position…".to_string(),
                };
                if u.queued > 0 {
                    s.push_str(&match lang {
                        Lang::Zh => format!(" · {}条待上传", u.queued),
                        Lang::En => format!(" · {} to send", u.queued),
                    });
                }
                s
            })
        }
    };
    let off_line = {
        let ui = ui.clone();
        move || {
            let lang = locale.get();
            ui.with(|u| {
                if u.loading && u.view.is_none() {
                    lang.pick("正在读取在岗状态…", "Loading duty state…")
                } else if u.off_pending {
                    lang.pick(
                        "已下岗，不再上报位置（待联网登记）",
                        "Off duty, position not shared (to be recorded once online)",
                    )
                } else if u.view.is_none() {
                    lang.pick(
                        "离线：暂无法读取在岗状态，上岗需联网",
                        "Offline: going on duty needs the network",
                    )
                } else {
                    lang.pick("未在岗，不上报位置", "Off duty: the position is not shared")
                }
            })
        }
    };
    let retention = {
        let ui = ui.clone();
        move || {
            let lang = locale.get();
            ui.with(|u| {
                u.view.as_ref().map(|v| match lang {
                    Lang::Zh => format!("位置保存 {} 天", v.retention_days),
                    Lang::En => format!("Positions kept {} days", v.retention_days),
                })
            })
        }
    };
    let error = {
        let ui = ui.clone();
        move || ui.with(|u| u.error.clone())
    };
    let geo_error = {
        let ui = ui.clone();
        move || ui.with(|u| u.geo_error.clone())
    };
    let on2 = on.clone();
    let on3 = on.clone();
    let on4 = on.clone();
    let on5 = on.clone();
    view! {
        <article class="card duty-card" class:on=on.clone() data-test="duty-card">
            <div class="duty-head">
                <h2>{move || locale.t("在岗状态", "Duty")}</h2>
                <button type="button" role="switch" class="duty-switch" data-test="duty-switch"
                    aria-checked=move || on2().to_string()
                    aria-label=move || locale.t("在岗", "On duty")
                    disabled=busy
                    on:click=toggle>
                    <span class="duty-track" aria-hidden="true"><span class="duty-knob"></span></span>
                    <span class="duty-switch-text">{move || if on3() { locale.t("在岗", "On duty") } else { locale.t("下岗", "Off duty") }}</span>
                </button>
            </div>
            <Show when=on4.clone() fallback=move || view! {
                <p class="duty-off muted">{off_line.clone()}</p>
                <div class="duty-purpose">
                    <label for="duty-purpose">{move || locale.t("在岗事由（上岗时必填）", "Purpose (required to go on duty)")}</label>
                    <div class="duty-purpose-row">
                        <select aria-label=move || locale.t("选择事由", "Choose a purpose")
                            prop:value=move || choice.get()
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                choice.set(v.clone());
                                purpose.set(if v == "其他" { String::new() } else { v });
                            }>
                            <option value="">{move || locale.t("选择事由", "Choose…")}</option>
                            {PURPOSES.iter().map(|(zh, en)| {
                                let (zh, en) = (*zh, *en);
                                view! { <option value=zh>{move || locale.t(zh, en)}</option> }
                            }).collect_view()}
                        </select>
                        <input id="duty-purpose" type="text" data-test="duty-purpose" maxlength="100"
                            placeholder=move || locale.t("或填写事由，例如：夜间值班", "Or type a purpose")
                            prop:value=move || purpose.get()
                            on:input=move |ev| purpose.set(event_target_value(&ev))/>
                    </div>
                </div>
            }>
                <p class="duty-status" data-test="duty-status">{status.clone()}</p>
                <p class="duty-last muted" data-test="duty-last">{last_line.clone()}</p>
            </Show>
            {move || error().map(|e| view! { <p class="form-error" role="alert" data-test="duty-error">{e}</p> })}
            {move || geo_error().filter(|_| on5()).map(|e| view! { <p class="notice" role="status">{e}</p> })}
            <p class="duty-why">
                {move || locale.t(DUTY_PURPOSE, DUTY_PURPOSE_EN)}
            </p>
            // A line of its own, held before the server's answer: what arrives does not move
            // the card or grow the paragraph above.
            <p class="duty-retention">{move || retention().unwrap_or_else(|| "\u{a0}".into())}</p>
        </article>
    }
}

// The code of the duty card and of the position service is the wasm file `duty`, fetched once
// the first screen has its data: the first visit's download stays within its budget, and the
// switch and the banners follow a moment later.

#[allow(unsafe_code)] // the split point expands to the loader's FFI
#[::leptos::wasm_split::wasm_split(duty, wasm_split_path = ::leptos::wasm_split, fallible)]
fn duty_service_view() -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <DutyService/> }.into_any())
}

#[allow(unsafe_code)] // the split point expands to the loader's FFI
#[::leptos::wasm_split::wasm_split(duty, wasm_split_path = ::leptos::wasm_split, fallible)]
fn duty_card_view() -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <DutyCardInner/> }.into_any())
}

/// Resolves once the first screen has its data (see [`crate::pwa::after_first_screen`]).
async fn first_screen() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        crate::pwa::after_first_screen(2, move || {
            let _ = resolve.call0(&JsValue::NULL);
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Mounted by the app shell on every signed-in page: keeps the service running for a user who
/// does inspections, and shows the dispatch banners on whatever page is open.
#[component]
pub fn DutyHost() -> impl IntoView {
    let session = expect_context::<Session>();
    if !untrack(|| session.may(Permission::DoInspections)) {
        return ().into_any();
    }
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                // The wait is a browser promise (not Send); the page has one thread.
                send_wrapper::SendWrapper::new(first_screen()).await;
                duty_service_view().await.unwrap_or_else(|_| ().into_any())
            })}
        </Suspense>
    }
    .into_any()
}

/// The duty card as it first looks off duty, in the main wasm: shown until the `duty` file has
/// come, so the first screen is complete (its largest text painted, the cards below in their
/// places) without waiting for it. Disabled, and without the `data-test` names of the real card.
#[component]
fn DutyCardPending() -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <article class="card duty-card" aria-busy="true">
            <div class="duty-head">
                <h2>{move || locale.t("在岗状态", "Duty")}</h2>
                <button type="button" role="switch" class="duty-switch" aria-checked="false"
                    aria-label=move || locale.t("在岗", "On duty") disabled=true>
                    <span class="duty-track" aria-hidden="true"><span class="duty-knob"></span></span>
                    <span class="duty-switch-text">{move || locale.t("下岗", "Off duty")}</span>
                </button>
            </div>
            <p class="duty-off muted">{move || locale.t("正在读取在岗状态…", "Loading duty state…")}</p>
            <div class="duty-purpose">
                <label>{move || locale.t("在岗事由（上岗时必填）", "Purpose (required to go on duty)")}</label>
                <div class="duty-purpose-row">
                    <select disabled=true><option>{move || locale.t("选择事由", "Choose…")}</option></select>
                    <input type="text" disabled=true
                        placeholder=move || locale.t("或填写事由，例如：夜间值班", "Or type a purpose")/>
                </div>
            </div>
            <p class="duty-why">{move || locale.t(DUTY_PURPOSE, DUTY_PURPOSE_EN)}</p>
            <p class="duty-retention">"\u{a0}"</p>
        </article>
    }
}

/// 在岗状态: the switch with its purpose (see [`DutyCardInner`]), loaded with the service once
/// the first screen has its data (like [`DutyHost`]): its file and the chunks it shares never
/// race the home's own files and calls; the placeholder holds its place until then.
#[component]
pub fn DutyCard() -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <DutyCardPending/> }>
            {Suspend::new(async move {
                send_wrapper::SendWrapper::new(first_screen()).await;
                duty_card_view().await.unwrap_or_else(|_| ().into_any())
            })}
        </Suspense>
    }
}
