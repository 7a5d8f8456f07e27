//! Changing the own password; required at first sign-in and after an admin reset.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::auth::{check_new_password, PasswordChange};

use crate::context::{Locale, Session, StoredSession};

#[component]
pub fn PasswordPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let forced = move || {
        session
            .0
            .with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.get();
        if let Err(m) = check_new_password(&current.get(), &new.get()) {
            error.set(Some(m.to_string()));
            return;
        }
        if new.get() != repeat.get() {
            error.set(Some(
                lang.pick("两次输入的新密码不一致", "The new passwords differ")
                    .into(),
            ));
            return;
        }
        let body = PasswordChange {
            current_password: current.get(),
            new_password: new.get(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.change_password(&body).await }
                })
                .await
            {
                Ok(r) => {
                    session.sign_in(StoredSession::from(r));
                    navigate("/", Default::default());
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
            busy.set(false);
        });
    };
    let field = move |id: &'static str,
                      zh: &'static str,
                      en: &'static str,
                      value: RwSignal<String>,
                      auto: &'static str| {
        view! {
            <div class="field">
                <label for=id>{move || locale.t(zh, en)}</label>
                <input id=id type="password" autocomplete=auto prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <div class="login-page password-page">
            <form class="login-card" on:submit=submit novalidate>
                <h2>{move || locale.t("修改密码", "Change password")}</h2>
                <Show when=forced>
                    <p class="notice">{move || locale.t("首次登录或密码已被重置，请先设置新密码。", "Set a new password before you continue.")}</p>
                </Show>
                {field("current-password", "当前密码", "Current password", current, "current-password")}
                {field("new-password", "新密码（至少8位，含字母和数字）", "New password (8+ characters, letters and digits)", new, "new-password")}
                {field("repeat-password", "再次输入新密码", "Repeat the new password", repeat, "new-password")}
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>{move || locale.t("保存新密码", "Save")}</button>
                <Show when=move || !forced()>
                    <p class="hint"><a href="/">{move || locale.t("返回工作台", "Back to home")}</a></p>
                </Show>
            </form>
        </div>
    }
}
