//! The signed-in frame: top bar with bureau and user, navigation, connectivity.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::lang_switch::LangSwitch;
use crate::context::{Locale, Online, Session};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let online = expect_context::<Online>();
    let navigate = use_navigate();
    let user = move || session.0.get().map(|s| s.user);
    let sign_out = move |_| {
        session.sign_out();
        navigate("/login", Default::default());
    };
    view! {
        <div class="shell">
            <header class="topbar">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="28" height="28"/>
                    <span class="brand-name">{move || locale.t("环监", "Huanjian")}</span>
                </a>
                <div class="bureau-name">{move || user().map(|u| u.bureau.name).unwrap_or_default()}</div>
                <div class="topbar-actions">
                    <span class="net" class:offline=move || !online.0.get() title=move || locale.t("网络状态", "Network")>
                        {move || if online.0.get() { locale.t("在线", "Online") } else { locale.t("离线", "Offline") }}
                    </span>
                    <LangSwitch/>
                    <button type="button" class="ghost" on:click=sign_out>{move || locale.t("退出", "Sign out")}</button>
                </div>
            </header>
            <nav class="mainnav" aria-label=move || locale.t("主导航", "Main")>
                <a href="/" class="active">
                    <span class="icon" aria-hidden="true">"⌂"</span>
                    <span>{move || locale.t("工作台", "Home")}</span>
                </a>
            </nav>
            <main class="content">{children()}</main>
        </div>
    }
}
