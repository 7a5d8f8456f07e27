use leptos::prelude::*;

use crate::context::Locale;

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <section class="not-found">
            <h1>"404"</h1>
            <p>{move || locale.t("页面不存在", "Page not found")}</p>
            <a href="/">{move || locale.t("返回工作台", "Back to home")}</a>
        </section>
    }
}
