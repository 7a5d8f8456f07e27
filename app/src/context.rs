//! App-wide contexts: language, session and connectivity.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::auth::CurrentUser;
use shared::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const LANG_KEY: &str = "hj.lang";
const SESSION_KEY: &str = "hj.session";
pub const BUREAU_KEY: &str = "hj.bureau";

/// The UI language; Chinese unless the user switched (remembered on the device).
#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

impl Locale {
    pub fn get(&self) -> Lang {
        self.0.get()
    }
    /// Text in the current language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.0.get().pick(zh, en)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub token: String,
    pub user: CurrentUser,
}

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<StoredSession>>);

impl Session {
    pub fn sign_in(&self, s: StoredSession) {
        let _ = LocalStorage::set(SESSION_KEY, &s);
        self.0.set(Some(s));
    }
    pub fn sign_out(&self) {
        LocalStorage::delete(SESSION_KEY);
        self.0.set(None);
    }
    pub fn api(&self, lang: Lang) -> Option<crate::api::Authed> {
        self.0.with(|s| {
            s.as_ref().map(|s| crate::api::Authed {
                lang,
                token: s.token.clone(),
            })
        })
    }
}

/// Whether the browser believes it is online; updated by the window's online/offline events.
#[derive(Clone, Copy)]
pub struct Online(pub RwSignal<bool>);

pub fn provide_app_contexts() {
    let lang = LocalStorage::get::<Lang>(LANG_KEY).unwrap_or_default();
    let locale = Locale(RwSignal::new(lang));
    Effect::new(move || {
        let lang = locale.0.get();
        let _ = LocalStorage::set(LANG_KEY, lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(lang.pick(
            "环监 · 生态环境执法平台",
            "Huanjian · Environmental Enforcement",
        ));
    });
    provide_context(locale);
    provide_context(Session(RwSignal::new(
        LocalStorage::get::<StoredSession>(SESSION_KEY).ok(),
    )));

    let online = RwSignal::new(window().navigator().on_line());
    for (event, value) in [("online", true), ("offline", false)] {
        let cb = Closure::<dyn Fn()>::new(move || online.set(value));
        let _ = window().add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
        // Lives as long as the page.
        cb.forget();
    }
    provide_context(Online(online));
}
