//! The shared login page of every bureau: pick the bureau, then user name and password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use shared::auth::LoginRequest;
use shared::bureau::BureauSummary;

use crate::api::Public;
use crate::context::{Locale, Session, StoredSession};
use crate::ui::bureau_picker::BureauPicker;
use crate::ui::lang_switch::LangSwitch;

#[component]
pub fn Login() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    if session.0.with_untracked(Option::is_some) {
        navigate("/", Default::default());
    }
    let bureau = RwSignal::new(None::<BureauSummary>);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.get();
        let Some(b) = bureau.get() else {
            error.set(Some(
                lang.pick("请选择登录单位", "Choose your bureau").into(),
            ));
            return;
        };
        if username.get().trim().is_empty() || password.get().is_empty() {
            error.set(Some(
                lang.pick("请输入用户名和密码", "Enter user name and password")
                    .into(),
            ));
            return;
        }
        let request = LoginRequest {
            bureau_id: b.id,
            username: username.get(),
            password: password.get(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match (Public { lang }).login(&request).await {
                Ok(r) => {
                    let must_change = r.user.must_change_password;
                    session.sign_in(StoredSession::from(r));
                    navigate(
                        if must_change { "/password" } else { "/" },
                        Default::default(),
                    );
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e.message(lang)));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="login-page">
            <div class="login-top"><LangSwitch/></div>
            <section class="login-hero">
                {crate::ui::icon::logo(64)}
                <h1>{move || locale.t("环监", "Huanjian")}</h1>
                <p class="subtitle">{move || locale.t("生态环境移动执法平台", "Environmental law-enforcement platform")}</p>
                <ul class="hero-points">
                    <li>{move || locale.t("一级部署，多级使用：省、市、县区统一登录", "One deployment for province, cities and counties")}</li>
                    <li>{move || locale.t("现场执法离线可用，数据不丢失", "Field work offline, nothing lost")}</li>
                    <li>{move || locale.t("一厂一档，执法全过程留痕", "One dossier per enterprise, every step on record")}</li>
                </ul>
            </section>
            <form class="login-card" on:submit=submit novalidate>
                <h2>{move || locale.t("用户登录", "Sign in")}</h2>
                <BureauPicker selected=bureau/>
                <div class="field">
                    <label for="username">{move || locale.t("用户名", "User name")}</label>
                    <input id="username" name="username" autocomplete="username" autocapitalize="off"
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="password">{move || locale.t("密码", "Password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { locale.t("正在登录…", "Signing in…") } else { locale.t("登 录", "Sign in") }}
                </button>
                <p class="hint">{move || locale.t("忘记密码请联系本单位系统管理员", "Forgot your password? Ask your bureau's administrator.")}</p>
            </form>
            <footer class="login-footer">{move || locale.t("环监 · 开源生态环境执法平台", "Huanjian · open-source environmental enforcement")}</footer>
        </div>
    }
}
