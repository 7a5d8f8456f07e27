//! 中文 / English switch.

use leptos::prelude::*;
use shared::Lang;

use crate::context::Locale;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let choose = move |lang: Lang| move |_| locale.0.set(lang);
    view! {
        <div class="lang-switch" role="group" aria-label="语言 / Language">
            <button type="button" class:active=move || locale.get() == Lang::Zh on:click=choose(Lang::Zh)>"中文"</button>
            <button type="button" class:active=move || locale.get() == Lang::En on:click=choose(Lang::En)>"EN"</button>
        </div>
    }
}
