//! The signed-in home screen (工作台).

use leptos::prelude::*;
use shared::format::date_zh;
use shared::Lang;

use crate::context::{Locale, Session};

fn today(lang: Lang) -> String {
    let d = js_sys::Date::new_0();
    let (y, m, day) = (
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    );
    match lang {
        Lang::Zh => date_zh(y, m, day),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    // Confirm the stored session with the server; an expired or revoked one signs out.
    let check = LocalResource::new(move || {
        let api = session.api(locale.get());
        async move {
            match api {
                Some(api) => api.me().await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move || {
        if let Some(Err(e)) = check.get() {
            if e.is_unauthenticated() {
                session.sign_out();
            }
        }
    });
    let user = move || session.0.get().map(|s| s.user);
    view! {
        <section class="home">
            <div class="greeting">
                <h1>{move || user().map(|u| u.display_name).unwrap_or_default()}
                    <span class="roles">{move || user().map(|u| u.roles.iter().map(|r| r.label(locale.get())).collect::<Vec<_>>().join(" · ")).unwrap_or_default()}</span>
                </h1>
                <p class="date">{move || today(locale.get())}</p>
            </div>
            <div class="cards">
                <article class="card">
                    <h2>{move || locale.t("我的单位", "My bureau")}</h2>
                    <dl>
                        <dt>{move || locale.t("单位", "Bureau")}</dt>
                        <dd>{move || user().map(|u| u.bureau.name).unwrap_or_default()}</dd>
                        <dt>{move || locale.t("层级", "Level")}</dt>
                        <dd>{move || user().map(|u| u.bureau.level.label(locale.get())).unwrap_or_default()}</dd>
                        <dt>{move || locale.t("行政区划代码", "Division code")}</dt>
                        <dd class="mono">{move || user().map(|u| u.bureau.division_code.to_string()).unwrap_or_default()}</dd>
                    </dl>
                </article>
                <article class="card">
                    <h2>{move || locale.t("我的账号", "My account")}</h2>
                    <dl>
                        <dt>{move || locale.t("用户名", "User name")}</dt>
                        <dd class="mono">{move || user().map(|u| u.username).unwrap_or_default()}</dd>
                        <dt>{move || locale.t("执法证号", "Certificate")}</dt>
                        <dd class="mono">{move || user().and_then(|u| u.certificate_no).unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                </article>
            </div>
        </section>
    }
}
