//! Installable-app plumbing: the service worker that keeps the app shell for offline starts.

use wasm_bindgen_futures::JsFuture;

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // Absent on insecure origins other than localhost; the app still works without it.
    if container.is_undefined() {
        return;
    }
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            web_sys::console::warn_2(&"service worker registration failed".into(), &e);
        }
    });
}
