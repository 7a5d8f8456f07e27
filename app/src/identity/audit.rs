//! 审计日志: the jurisdiction's audit trail and a check of its hash chains.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::query::AuditQuery;
use shared::user::AuditVerification;

use crate::context::{Locale, Session};
use crate::ui::format::time_zh;

fn action_label(action: &str, zh: bool) -> String {
    let (c, e) = match action {
        "auth.login" => ("登录", "Signed in"),
        "auth.login_failed" => ("登录失败", "Failed sign-in"),
        "auth.logout" => ("退出登录", "Signed out"),
        "auth.password_changed" => ("修改密码", "Password changed"),
        "auth.refresh_reuse" => ("令牌重放（已吊销）", "Token replay (revoked)"),
        "user.create" => ("新增用户", "User created"),
        "user.password_reset" => ("重置密码", "Password reset"),
        "user.disable" => ("停用用户", "User disabled"),
        "user.enable" => ("启用用户", "User enabled"),
        other => return other.to_string(),
    };
    if zh { c } else { e }.to_string()
}

/// An RFC 3339 instant in the device's local time, as 2026年11月25日 12:51.
fn local_time(at: &str) -> String {
    let ms = js_sys::Date::parse(at);
    if ms.is_nan() {
        at.to_string()
    } else {
        time_zh((ms / 1000.0) as i64)
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let action = RwSignal::new(String::new());
    let entries = LocalResource::new(move || {
        let lang = locale.get();
        let a = action.get();
        async move {
            session
                .call(lang, move |api| {
                    let query = AuditQuery {
                        action: (!a.is_empty()).then(|| a.clone()),
                        ..Default::default()
                    };
                    async move { api.audit(&query).await }
                })
                .await
        }
    });
    let verification = RwSignal::new(None::<Result<AuditVerification, String>>);
    let verify = move |_| {
        let lang = locale.get();
        spawn_local(async move {
            let r = session
                .call(lang, |api| async move { api.verify_audit().await })
                .await;
            verification.set(Some(r.map_err(|e| e.message(lang))));
        });
    };
    view! {
        <section class="page audit-page">
            <div class="page-head">
                <h1>{move || locale.t("审计日志", "Audit trail")}</h1>
                <button type="button" class="primary small" on:click=verify>{move || locale.t("校验完整性", "Verify integrity")}</button>
            </div>
            {move || verification.get().map(|v| match v {
                Ok(v) if v.ok => view! { <p class="ok-box" role="status">{match locale.get() {
                    shared::Lang::Zh => format!("审计链完整：共 {} 条链、{} 条记录，均未被改动", v.chains, v.entries),
                    shared::Lang::En => format!("Audit trail intact: {} chains, {} entries unaltered", v.chains, v.entries),
                }}</p> }.into_any(),
                Ok(v) => view! { <div class="form-error" role="alert">
                    <p>{locale.t("发现被篡改的记录：", "Tampered entries found:")}</p>
                    <ul>{v.problems.into_iter().map(|p| view! { <li>{format!("{} #{}：{}", p.bureau_id, p.seq, p.reason)}</li> }).collect_view()}</ul>
                </div> }.into_any(),
                Err(e) => view! { <p class="form-error">{e}</p> }.into_any(),
            })}
            <select class="filter" on:change=move |ev| action.set(event_target_value(&ev))>
                <option value="">{move || locale.t("全部操作", "All actions")}</option>
                <option value="auth.">{move || locale.t("登录与退出", "Sign-in")}</option>
                <option value="user.">{move || locale.t("用户管理", "Users")}</option>
            </select>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || entries.get().map(|r| match r {
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap"><table class="list">
                            <thead><tr>
                                <th>{locale.t("时间", "Time")}</th><th>{locale.t("操作", "Action")}</th>
                                <th>{locale.t("操作人", "Actor")}</th><th>{locale.t("对象", "Target")}</th>
                                <th>{locale.t("哈希", "Hash")}</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|e| view! {
                                <tr>
                                    <td>{local_time(&e.at)}</td>
                                    <td>{action_label(&e.action, locale.get() == shared::Lang::Zh)}</td>
                                    <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
                                    <td class="mono small">{e.target}</td>
                                    <td class="mono small" title=e.hash.clone()>{e.hash.chars().take(12).collect::<String>()}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
