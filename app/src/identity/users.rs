//! 用户管理: the users of the admin's jurisdiction; create, reset password, enable/disable.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::org::UnitOverview;
use shared::query::BureauFilter;
use shared::user::{NewUser, TemporaryPassword, UserSummary};
use shared::{BureauId, Role};

use crate::context::{Locale, Session};

#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        reload.get();
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move {
                    api.users(&BureauFilter::default()).await
                })
                .await
        }
    });
    let units = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move {
                    api.overview(&BureauFilter::default()).await
                })
                .await
                .map(|o| o.units)
        }
    });
    let filter = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<TemporaryPassword>);
    let error = RwSignal::new(None::<String>);
    let creating = RwSignal::new(false);

    let reset = move |u: UserSummary| {
        let lang = locale.get();
        let confirm = window()
            .confirm_with_message(&format!(
                "{}{}？",
                lang.pick("重置以下用户的密码：", "Reset the password of "),
                u.display_name
            ))
            .unwrap_or(false);
        if !confirm {
            return;
        }
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let u = u.clone();
                    async move { api.reset_password(&u).await }
                })
                .await
            {
                Ok(t) => notice.set(Some(t)),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let toggle = move |u: UserSummary| {
        let lang = locale.get();
        spawn_local(async move {
            let active = !u.active;
            match session
                .call(lang, |api| {
                    let u = u.clone();
                    async move { api.set_active(&u, active).await }
                })
                .await
            {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };

    view! {
        <section class="page users-page">
            <div class="page-head">
                <h1>{move || locale.t("用户管理", "Users")}</h1>
                <button type="button" class="primary small" on:click=move |_| creating.update(|c| *c = !*c)>
                    {move || if creating.get() { locale.t("收起", "Close") } else { locale.t("新增用户", "New user") }}
                </button>
            </div>
            <Show when=move || creating.get()>
                <Transition fallback=|| ()>
                    {move || units.get().and_then(Result::ok).map(|units| view! {
                        <NewUserForm units=units on_created=move |t| { notice.set(Some(t)); creating.set(false); reload.update(|n| *n += 1); }/>
                    })}
                </Transition>
            </Show>
            <Show when=move || notice.with(Option::is_some)>
                <div class="temp-password" role="status">
                    {move || notice.get().map(|t| view! {
                        <p>{locale.t("临时密码（仅显示一次，请当面告知本人，首次登录须修改）：", "One-time password (shown once; must be changed at first sign-in):")}</p>
                        <p><strong>{t.user.display_name}</strong>" · "{t.user.username}" · "<code class="mono">{t.temporary_password}</code></p>
                    })}
                    <button type="button" class="link" on:click=move |_| notice.set(None)>{move || locale.t("知道了", "Done")}</button>
                </div>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <input type="search" class="filter" placeholder=move || locale.t("按姓名、用户名或单位筛选", "Filter by name, user name or bureau")
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || users.get().map(|r| match r {
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                    Ok(list) => {
                        let f = filter.get();
                        let rows: Vec<UserSummary> = list.into_iter().filter(|u| f.is_empty()
                            || u.display_name.contains(&f) || u.username.contains(&f) || u.bureau.name.contains(&f)
                            || u.squad.as_ref().is_some_and(|s| s.name.contains(&f))).collect();
                        view! {
                            <p class="muted count">{format!("{} {}", rows.len(), locale.t("人", "users"))}</p>
                            <div class="table-wrap">
                            <table class="list">
                                <thead><tr>
                                    <th>{locale.t("姓名", "Name")}</th>
                                    <th>{locale.t("用户名", "User")}</th>
                                    <th>{locale.t("单位 / 中队", "Bureau / squad")}</th>
                                    <th>{locale.t("角色", "Roles")}</th>
                                    <th>{locale.t("执法证号", "Certificate")}</th>
                                    <th>{locale.t("状态", "Status")}</th>
                                    <th></th>
                                </tr></thead>
                                <tbody>
                                {rows.into_iter().map(|u| {
                                    let (u1, u2) = (u.clone(), u.clone());
                                    let unit = u.squad.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| u.bureau.name.clone());
                                    view! {
                                        <tr class:disabled=!u.active>
                                            <td>{u.display_name.clone()}</td>
                                            <td class="mono">{u.username.clone()}</td>
                                            <td>{unit}</td>
                                            <td>{u.roles.iter().map(|r| r.label(locale.get())).collect::<Vec<_>>().join("、")}</td>
                                            <td class="mono">{u.certificate_no.clone().unwrap_or_else(|| "—".into())}</td>
                                            <td>{if u.active { locale.t("正常", "Active") } else { locale.t("已停用", "Disabled") }}</td>
                                            <td class="actions">
                                                <button type="button" class="link" on:click=move |_| reset(u1.clone())>{locale.t("重置密码", "Reset")}</button>
                                                <button type="button" class="link" on:click=move |_| toggle(u2.clone())>
                                                    {if u.active { locale.t("停用", "Disable") } else { locale.t("启用", "Enable") }}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewUserForm(
    units: Vec<UnitOverview>,
    on_created: impl Fn(TemporaryPassword) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let units = StoredValue::new(units);
    let bureau = RwSignal::new(units.with_value(|u| u.first().map(|u| u.bureau.id)));
    let squad = RwSignal::new(None::<BureauId>);
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let cert = RwSignal::new(String::new());
    let valid = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let roles = RwSignal::new(vec![Role::Inspector]);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.get();
        let Some(b) = bureau.get() else { return };
        let opt = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let body = NewUser {
            bureau_id: b,
            squad_id: squad.get(),
            username: username.get(),
            display_name: name.get(),
            roles: roles.get(),
            certificate_no: opt(cert.get()),
            certificate_valid_until: opt(valid.get()),
            phone: opt(phone.get()),
        };
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.create_user(&body).await }
                })
                .await
            {
                Ok(t) => on_created(t),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let text = move |id: &'static str,
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
        <form class="card new-user" on:submit=submit novalidate>
            <div class="grid2">
                <div class="field">
                    <label for="nu-bureau">{move || locale.t("所属单位", "Bureau")}</label>
                    <select id="nu-bureau" on:change=move |ev| { bureau.set(event_target_value(&ev).parse().ok().map(BureauId)); squad.set(None); }>
                        {units.with_value(|u| u.iter().map(|u| view! { <option value=u.bureau.id.to_string()>{u.bureau.name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="nu-squad">{move || locale.t("所属中队", "Squad")}</label>
                    <select id="nu-squad" on:change=move |ev| squad.set(event_target_value(&ev).parse().ok().map(BureauId))>
                        <option value="">{move || locale.t("（无）", "(none)")}</option>
                        {move || units.with_value(|u| u.iter().filter(|u| Some(u.bureau.id) == bureau.get())
                            .flat_map(|u| u.squad_list.clone())
                            .map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view())}
                    </select>
                </div>
                {text("nu-username", "用户名", "User name", username, "text")}
                {text("nu-name", "姓名", "Full name", name, "text")}
                {text("nu-cert", "执法证号", "Certificate no.", cert, "text")}
                {text("nu-valid", "执法证有效期至", "Certificate valid until", valid, "date")}
                {text("nu-phone", "手机号", "Mobile", phone, "tel")}
            </div>
            <fieldset class="roles-pick">
                <legend>{move || locale.t("角色", "Roles")}</legend>
                {Role::ALL.into_iter().map(|r| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || roles.with(|rs| rs.contains(&r))
                            on:change=move |ev| { let on = event_target_checked(&ev); roles.update(|rs| { rs.retain(|x| *x != r); if on { rs.push(r); } }); }/>
                        {move || r.label(locale.get())}
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button type="submit" class="primary">{move || locale.t("创建并生成临时密码", "Create with one-time password")}</button>
        </form>
    }
}
