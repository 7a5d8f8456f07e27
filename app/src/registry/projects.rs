//! 建设项目: EIA approvals (环评批复) and completion acceptance (竣工验收), after which the
//! project is a pollution source with its own dossier.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::dossier::{AcceptProject, EiaCategory, NewProject, ProjectStage, ProjectView};
use shared::format::iso_date;
use shared::policy::{allows, Permission};
use shared::query::ProjectQuery;
use shared::CreditCode;

use super::enterprises::county_options;
use crate::context::{Locale, Session};

fn today_iso() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let stage = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let show_form = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String, Option<String>)>);
    let can_manage = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| allows(&s.user.roles, Permission::ManageDossier))
        })
    };
    let list = LocalResource::new(move || {
        reload.get();
        let (lang, st) = (locale.get(), stage.get());
        async move {
            session
                .call(lang, |api| {
                    let query = ProjectQuery {
                        stage: (!st.is_empty()).then(|| st.clone()),
                    };
                    async move { api.projects(&query).await }
                })
                .await
        }
    });
    let accept = move |p: ProjectView, on: String| {
        let lang = locale.0.get_untracked();
        spawn_local(async move {
            let body = AcceptProject { accepted_on: on };
            match session
                .call(lang, |api| {
                    let (p, body) = (p.clone(), body.clone());
                    async move { api.accept_project(&p, &body).await }
                })
                .await
            {
                Ok(a) => {
                    let text = if a.created_enterprise {
                        lang.pick(
                            "竣工验收已登记，已纳入污染源管理（新建档案）",
                            "Accepted: a new pollution source was registered",
                        )
                    } else {
                        lang.pick(
                            "竣工验收已登记，已关联现有企业档案",
                            "Accepted and linked to the existing enterprise",
                        )
                    };
                    let href = a
                        .project
                        .enterprise_id
                        .as_ref()
                        .map(|id| format!("/e/{}/{}", a.project.bureau_id, id));
                    message.set(Some((true, text.to_string(), href)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message(lang), None))),
            }
        });
    };
    view! {
        <section class="page projects-page">
            <p class="crumbs"><a href="/enterprises">{move || locale.t("‹ 污染源档案", "‹ Sources")}</a></p>
            <div class="page-head">
                <h1>{move || locale.t("建设项目", "Construction projects")}</h1>
                <div class="head-actions">
                    <select name="stage" aria-label=move || locale.t("项目阶段", "Stage") on:change=move |ev| stage.set(event_target_value(&ev))>
                        <option value="">{move || locale.t("全部阶段", "All stages")}</option>
                        {ProjectStage::ALL.iter().map(|s| view! { <option value=s.code()>{move || s.label(locale.get())}</option> }).collect_view()}
                    </select>
                    <Show when=can_manage>
                        <button type="button" class="button" on:click=move |_| show_form.update(|v| *v = !*v)>{move || locale.t("登记环评批复", "Record EIA approval")}</button>
                    </Show>
                </div>
            </div>
            {move || message.get().map(|(ok, text, href)| view! {
                <p class=if ok { "ok-box" } else { "form-error" } role="status">{text}" "
                    {href.map(|h| view! { <a href=h>{locale.t("查看档案", "Open dossier")}</a> })}</p>
            })}
            <Show when=move || show_form.get()>
                <NewProjectForm on_done=move |p: ProjectView| {
                    show_form.set(false);
                    message.set(Some((true, format!("{}：{}", locale.t("已登记环评批复", "EIA approval recorded"), p.name), None)));
                    reload.update(|n| *n += 1);
                }/>
            </Show>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                    Ok(v) if v.is_empty() => view! { <p class="muted">{locale.t("暂无建设项目", "No projects")}</p> }.into_any(),
                    Ok(v) => {
                        let lang = locale.get();
                        view! { <ul class="project-list">{v.into_iter().map(|p| {
                            let on = RwSignal::new(today_iso());
                            let pending = p.stage == ProjectStage::Approved;
                            let target = p.clone();
                            view! {
                                <li class="card project">
                                    <div class="ent-head"><strong>{p.name.clone()}</strong><span class=format!("chip stage-{}", p.stage.code())>{p.stage.label(lang)}</span></div>
                                    <div class="muted">{p.builder.clone()}" · "<span class="mono">{p.credit_code.clone()}</span></div>
                                    <div class="muted">{p.eia_category.label(lang)}" · "{p.eia_approval_no.clone()}" · "{lang.pick("批复于", "approved ")}{iso_date(lang, &p.eia_approved_on)}</div>
                                    <div class="muted">{p.address.clone()}</div>
                                    {p.accepted_on.as_ref().map(|a| view! { <div class="muted">{lang.pick("验收于", "Accepted ")}{iso_date(lang, a)}" "
                                        {p.enterprise_id.as_ref().map(|id| view! { <a href=format!("/e/{}/{}", p.bureau_id, id)>{lang.pick("污染源档案", "Dossier")}</a> })}</div> })}
                                    <Show when=move || pending && can_manage()>
                                        <div class="accept-row">
                                            <label>{lang.pick("验收日期", "Accepted on")}" "
                                                <input type="date" prop:value=move || on.get() on:input=move |ev| on.set(event_target_value(&ev))/></label>
                                            <button type="button" class="button small" on:click={let t = target.clone(); move |_| accept(t.clone(), on.get_untracked())}>{lang.pick("竣工验收", "Accept")}</button>
                                        </div>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}</ul> }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewProjectForm(on_done: impl Fn(ProjectView) + Copy + 'static) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let field = |v: &str| RwSignal::new(v.to_string());
    let (name, builder, code, person, address) =
        (field(""), field(""), field(""), field(""), field(""));
    let (division, lng, lat, industry, approval_no) =
        (field(""), field(""), field(""), field(""), field(""));
    let approved_on = field(&today_iso());
    let category = field(EiaCategory::Table.code());
    let error = RwSignal::new(None::<String>);
    let code_error = Memo::new(move |_| {
        let c = code.get();
        (c.trim().len() >= 18)
            .then(|| CreditCode::parse(&c).err().map(|e| e.to_string()))
            .flatten()
    });
    let counties = county_options(locale, session);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let number =
            |s: RwSignal<String>| s.get_untracked().trim().parse::<f64>().unwrap_or(f64::NAN);
        let body = NewProject {
            name: name.get_untracked(),
            builder: builder.get_untracked(),
            credit_code: code.get_untracked(),
            legal_representative: person.get_untracked(),
            address: address.get_untracked(),
            division_code: division.get_untracked(),
            longitude: number(lng),
            latitude: number(lat),
            industry_code: industry.get_untracked(),
            eia_category: EiaCategory::from_code(&category.get_untracked())
                .unwrap_or(EiaCategory::Table),
            eia_approval_no: approval_no.get_untracked(),
            eia_approved_on: approved_on.get_untracked(),
        };
        if !body.longitude.is_finite() || !body.latitude.is_finite() {
            error.set(Some(
                lang.pick(
                    "请填写经纬度（WGS-84，如 117.0、33.6）",
                    "Enter longitude and latitude",
                )
                .into(),
            ));
            return;
        }
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.create_project(&body).await }
                })
                .await
            {
                Ok(p) => on_done(p),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let input = move |id: &'static str,
                      zh: &'static str,
                      en: &'static str,
                      v: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{move || locale.t(zh, en)}</label>
                <input id=id type=kind prop:value=move || v.get() on:input=move |ev| v.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="card new-project" on:submit=submit>
            <h2>{move || locale.t("登记环评批复", "Record an EIA approval")}</h2>
            <div class="grid2">
                {input("np-name", "项目名称", "Project", name, "text")}
                {input("np-builder", "建设单位", "Builder", builder, "text")}
                <div class="field">
                    <label for="np-code">{move || locale.t("统一社会信用代码", "Credit code")}</label>
                    <input id="np-code" type="text" maxlength="18" autocapitalize="characters" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                    <Show when=move || code_error.with(Option::is_some)><p class="field-error">{move || code_error.get().unwrap_or_default()}</p></Show>
                </div>
                {input("np-person", "法定代表人", "Legal representative", person, "text")}
                {input("np-address", "建设地点", "Site address", address, "text")}
                <div class="field">
                    <label for="np-division">{move || locale.t("所在区县", "County")}</label>
                    <select id="np-division" on:change=move |ev| division.set(event_target_value(&ev))>
                        <option value="">{move || locale.t("请选择", "Choose")}</option>
                        {move || counties.get().unwrap_or_default().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}
                    </select>
                </div>
                {input("np-lng", "经度", "Longitude", lng, "text")}
                {input("np-lat", "纬度", "Latitude", lat, "text")}
                {input("np-industry", "行业代码（GB/T 4754）", "Industry code", industry, "text")}
                <div class="field">
                    <label for="np-cat">{move || locale.t("环评文件类型", "EIA document")}</label>
                    <select id="np-cat" on:change=move |ev| category.set(event_target_value(&ev))>
                        {EiaCategory::ALL.iter().map(|c| view! { <option value=c.code() selected=*c == EiaCategory::Table>{move || c.label(locale.get())}</option> }).collect_view()}
                    </select>
                </div>
                {input("np-no", "批复文号", "Approval number", approval_no, "text")}
                {input("np-date", "批复日期", "Approved on", approved_on, "date")}
            </div>
            <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p></Show>
            <button type="submit" class="button">{move || locale.t("保存", "Save")}</button>
        </form>
    }
}
