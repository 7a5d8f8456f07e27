//! Installable-app plumbing: the service worker that keeps the app for offline starts, and the
//! offline copy of the pages loaded on demand (app/js/pwa.js).

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/pwa.js")]
extern "C" {
    #[wasm_bindgen(js_name = registerWorker)]
    fn register_worker();
    #[wasm_bindgen(js_name = keepOfflineCopy)]
    fn keep_offline_copy_now();
    #[wasm_bindgen(js_name = offlineWorkStarted)]
    pub fn offline_work_started();
    #[wasm_bindgen(js_name = offlineWorkDone)]
    pub fn offline_work_done();
    #[wasm_bindgen(js_name = whenIdle)]
    fn when_idle_js(f: &js_sys::Function);
}

/// Runs `f` once the page has painted and is idle (at most 2 s later).
pub fn when_idle(f: impl FnOnce() + 'static) {
    let f = Closure::once_into_js(f);
    when_idle_js(f.unchecked_ref());
}

pub fn register_service_worker() {
    register_worker();
}

/// Runs `f` once the first screen has its data: no API call in flight at `looks` looks 250 ms
/// apart, then when the page is idle. Background downloads (the offline copy of the build and
/// of the open tasks' data) wait for this: on a weak signal they would otherwise share the
/// line and the processor with the first screen's own files, calls and rendering.
pub fn after_first_screen(looks: u32, f: impl FnOnce() + 'static) {
    fn look(quiet: u32, looks: u32, f: Box<dyn FnOnce()>) {
        set_timeout(
            move || {
                let quiet = if crate::context::api_idle() {
                    quiet + 1
                } else {
                    0
                };
                if quiet >= looks {
                    when_idle(f);
                } else {
                    look(quiet, looks, f);
                }
            },
            Duration::from_millis(250),
        );
    }
    look(0, looks, Box::new(f));
}

/// Asks the service worker to keep the rest of the build once the first screen has its data
/// (see [`after_first_screen`]). The first screen's own download comes first.
pub fn keep_offline_copy() {
    thread_local! {
        static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if ASKED.with(|a| a.replace(true)) {
        return;
    }
    after_first_screen(2, keep_offline_copy_now);
}
