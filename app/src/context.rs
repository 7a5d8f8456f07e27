//! App-wide contexts: language, session and connectivity.

use std::future::Future;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::auth::{CurrentUser, LoginResponse};
use shared::policy::{allows, Permission};
use shared::{ApiError, Lang};
use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{Authed, CallError, Public};

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
    pub fn get_untracked_lang(&self) -> Lang {
        self.0.get_untracked()
    }
    /// Text in the current language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.0.get().pick(zh, en)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub token: String,
    pub refresh_token: String,
    pub user: CurrentUser,
}

impl From<LoginResponse> for StoredSession {
    fn from(r: LoginResponse) -> Self {
        StoredSession {
            token: r.access_token,
            refresh_token: r.refresh_token,
            user: r.user,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<StoredSession>>);

thread_local! {
    static IN_FLIGHT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts an API call from start to end ([`api_idle`]).
struct InFlight;

impl InFlight {
    fn start() -> Self {
        IN_FLIGHT.with(|n| n.set(n.get() + 1));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// No signed-in API call is under way.
pub fn api_idle() -> bool {
    IN_FLIGHT.with(|n| n.get() == 0)
}

impl Session {
    pub fn sign_in(&self, s: StoredSession) {
        let _ = LocalStorage::set(SESSION_KEY, &s);
        self.adopt(Some(s));
    }

    /// Takes a session as this page's own (signed in here, refreshed, or changed in another
    /// tab): the device store follows the user before anything reads it.
    fn adopt(&self, s: Option<StoredSession>) {
        crate::offline::set_owner(s.as_ref().map(|s| &s.user));
        self.0.set(s);
    }

    /// Keeps the stored user in step with the server (roles, squad, names).
    pub fn update_user(&self, user: CurrentUser) {
        // Only a real change notifies: every page below depends on the session.
        let changed = self
            .0
            .with_untracked(|s| s.as_ref().filter(|s| s.user != user).cloned());
        if let Some(mut s) = changed {
            s.user = user;
            let _ = LocalStorage::set(SESSION_KEY, &s);
            self.0.set(Some(s));
        }
    }

    pub fn sign_out(&self) {
        LocalStorage::delete(SESSION_KEY);
        self.adopt(None);
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| allows(&s.user.roles, permission))
        })
    }

    fn authed(&self, lang: Lang) -> Option<Authed> {
        self.0.with_untracked(|s| {
            s.as_ref().map(|s| Authed {
                lang,
                token: s.token.clone(),
            })
        })
    }

    /// Calls the API with the access token; an expired token is refreshed once (rotating the
    /// refresh token) and the call repeated. A session the server ended signs out.
    pub async fn call<T, F, Fut>(&self, lang: Lang, f: F) -> Result<T, CallError>
    where
        F: Fn(Authed) -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let unauthenticated = || unauthenticated(lang);
        let api = self.authed(lang).ok_or_else(unauthenticated)?;
        // The refresh token that goes with the access token this call uses: if another tab
        // renews the session while the call is out, the renewal below must compare against
        // this one, not the successor it may already have adopted (or it would spend the
        // successor a second time).
        let used = self
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.refresh_token.clone()));
        let _counted = InFlight::start();
        match f(api).await {
            Err(e) if e.is(&ApiError::TokenExpired) => match self.renew(lang, used).await {
                Ok(()) => f(self.authed(lang).ok_or_else(unauthenticated)?).await,
                Err(e) => {
                    if e.ends_session() {
                        self.sign_out();
                    }
                    Err(e)
                }
            },
            Err(e) if e.ends_session() => {
                self.sign_out();
                Err(e)
            }
            other => other,
        }
    }

    /// A new access token, with one refresh at a time across every call and tab of this
    /// browser (`navigator.locks`, js/session.js): whoever comes second finds the session
    /// already renewed (in storage, by any tab) and takes it instead of spending the refresh
    /// token a second time, which the server would take for a stolen token.
    async fn renew(&self, lang: Lang, used: Option<String>) -> Result<(), CallError> {
        let Some(spent) = used else {
            return Err(unauthenticated(lang));
        };
        let session = *self;
        let outcome: Rc<RefCell<Option<Result<(), CallError>>>> = Rc::default();
        let out = outcome.clone();
        let task = Closure::once_into_js(move || {
            wasm_bindgen_futures::future_to_promise(async move {
                let stored = LocalStorage::get::<StoredSession>(SESSION_KEY).ok();
                let result = match stored {
                    // Signed out meanwhile (here or in another tab).
                    None => Err(unauthenticated(lang)),
                    // Renewed meanwhile: the successor is already here.
                    Some(s) if s.refresh_token != spent => {
                        session.adopt(Some(s));
                        Ok(())
                    }
                    Some(_) => match (Public { lang }).refresh(&spent).await {
                        Ok(pair) => {
                            session.sign_in(pair.into());
                            Ok(())
                        }
                        Err(e) => Err(e),
                    },
                };
                *out.borrow_mut() = Some(result);
                Ok(JsValue::UNDEFINED)
            })
        });
        if exclusive("huanjian-refresh", task.unchecked_ref())
            .await
            .is_err()
        {
            return Err(CallError::Network);
        }
        let result = outcome.borrow_mut().take();
        result.unwrap_or(Err(CallError::Network))
    }
}

fn unauthenticated(lang: Lang) -> CallError {
    CallError::Api(shared::ErrorBody {
        message: ApiError::Unauthenticated.message(lang),
        error: ApiError::Unauthenticated,
        request_id: None,
    })
}

#[wasm_bindgen(module = "/js/session.js")]
extern "C" {
    /// Runs `task` (a function returning a promise) while holding the lock `name`, shared by
    /// every tab of this origin.
    #[wasm_bindgen(catch)]
    async fn exclusive(name: &str, task: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Whether the browser believes it is online; updated by the window's online/offline events.
#[derive(Clone, Copy)]
pub struct Online(pub RwSignal<bool>);

/// A navigation is under way: the next page's code (a file loaded on demand) is on its way.
#[derive(Clone, Copy)]
pub struct Routing(pub RwSignal<bool>);

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
    // A session stored by an older version (without a refresh token) is simply dropped.
    let stored = LocalStorage::get::<StoredSession>(SESSION_KEY).ok();
    crate::offline::set_owner(stored.as_ref().map(|s| &s.user));
    let session = Session(RwSignal::new(stored));
    provide_context(session);
    // Another tab renewed, signed in or signed out: this one follows.
    let follow = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        if e.key().is_none_or(|k| k == SESSION_KEY) {
            let now = LocalStorage::get::<StoredSession>(SESSION_KEY).ok();
            if session.0.with_untracked(|s| s != &now) {
                session.adopt(now);
            }
        }
    });
    let _ = window().add_event_listener_with_callback("storage", follow.as_ref().unchecked_ref());
    follow.forget();

    let online = RwSignal::new(window().navigator().on_line());
    for (event, value) in [("online", true), ("offline", false)] {
        let cb = Closure::<dyn Fn()>::new(move || online.set(value));
        let _ = window().add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
        // Lives as long as the page.
        cb.forget();
    }
    provide_context(Online(online));
    provide_context(Routing(RwSignal::new(false)));
}
