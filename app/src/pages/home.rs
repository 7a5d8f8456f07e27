//! The signed-in home screen (工作台).

use leptos::prelude::*;
use shared::format::date_zh;
use shared::org::JurisdictionOverview;
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
    let overview = LocalResource::new(move || {
        let api = session.api(locale.get());
        async move {
            match api {
                Some(api) => api.overview().await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="home">
            <div class="greeting">
                <h1>{move || user().map(|u| u.display_name).unwrap_or_default()}
                    <span class="roles">{move || user().map(|u| u.roles.iter().map(|r| r.label(locale.get())).collect::<Vec<_>>().join(" · ")).unwrap_or_default()}</span>
                </h1>
                <p class="date">{move || today(locale.get())}</p>
            </div>
            <Transition fallback=|| ()>
                {move || overview.get().map(|r| match r {
                    Ok(Some(o)) => view! { <Overview overview=o/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                })}
            </Transition>
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

/// 辖区概况: totals of the jurisdiction and, for city and province users, bureau by bureau.
#[component]
fn Overview(overview: JurisdictionOverview) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let several = overview.units.len() > 1;
    let rows = overview.units.clone();
    view! {
        <article class="card overview">
            <h2>{move || locale.t("辖区概况", "Jurisdiction")}</h2>
            <div class="stats">
                <div class="stat"><span class="value">{overview.enterprises}</span>
                    <span class="label">{move || locale.t("监管企业", "Enterprises")}</span></div>
                <div class="stat"><span class="value">{overview.inspectors}</span>
                    <span class="label">{move || locale.t("执法人员", "Inspectors")}</span></div>
                <div class="stat"><span class="value">{overview.units.iter().map(|u| u.squads).sum::<u64>()}</span>
                    <span class="label">{move || locale.t("执法中队", "Squads")}</span></div>
            </div>
            <Show when=move || several>
                <table class="units">
                    <thead><tr>
                        <th>{move || locale.t("单位", "Bureau")}</th>
                        <th class="num">{move || locale.t("企业", "Enterprises")}</th>
                        <th class="num">{move || locale.t("执法人员", "Inspectors")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.iter().map(|u| view! {
                            <tr>
                                <td>{u.bureau.name.clone()}<span class="code">{u.bureau.division_code.to_string()}</span></td>
                                <td class="num">{u.enterprises}</td>
                                <td class="num">{u.inspectors}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </article>
    }
}
