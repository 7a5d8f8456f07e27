//! The sync state, always in view for field staff: what waits in the outbox, when the last
//! sync finished, what failed, what the server would not take, and the device storage.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::context::{Locale, Session};
use crate::offline::{self, Field};

fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{}月{}日 {:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// A small counter in the top bar: 待同步 N, or ✓.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let field = expect_context::<Field>();
    let locale = expect_context::<Locale>();
    view! {
        <a href="#sync" class="sync-badge" class:pending=move || field.0.with(|s| s.pending > 0) class:problem=move || field.0.with(|s| !s.problems.is_empty())
            data-pending=move || field.0.with(|s| s.pending.to_string())>
            {move || field.0.with(|s| if s.pending > 0 {
                format!("{}{}", locale.t("待同步 ", "Pending "), s.pending)
            } else {
                locale.t("已同步", "Synced").to_string()
            })}
        </a>
    }
}

/// Details for whoever has work on this device.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let field = expect_context::<Field>();
    let session = expect_context::<Session>();
    let locale = expect_context::<Locale>();
    // Field staff always see it; others only when this device holds something unsynced.
    let field_staff = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.roles.contains(&shared::Role::Inspector))
        })
    };
    let relevant = move || {
        field_staff()
            || field
                .0
                .with(|s| s.pending > 0 || !s.problems.is_empty() || s.error.is_some())
    };
    let sync_now = move |_| offline::sync_now(field, session, locale.0.get_untracked());
    let keep = move |_| spawn_local(async move { offline::request_persistence(field).await });
    view! {
        <Show when=relevant>
            <section id="sync" class="card sync-panel" aria-live="polite">
                // Not registered here: said on the state line itself (no jump when it is known),
                // with the way to the device page in place of "sync now".
                <div class="sync-line" class:sync-unregistered=move || field.0.with(|s| s.registered == Some(false))>
                    <strong class="sync-state">{move || field.0.with(|s| {
                        let lang = locale.get();
                        if s.running { s.progress.clone().unwrap_or_else(|| lang.pick("正在同步…", "Syncing…").into()) }
                        else if s.registered == Some(false) && s.pending > 0 { format!("{}{}{}", lang.pick("本机未注册，", "Not registered: "), s.pending, lang.pick(" 条待同步", " waiting")) }
                        else if s.registered == Some(false) { lang.pick("本机未注册，暂不能同步", "Not registered: no sync").into() }
                        else if s.pending > 0 { format!("{}{}{}", lang.pick("待同步 ", ""), s.pending, lang.pick(" 条", " pending")) }
                        else { lang.pick("全部已同步", "All synced").into() }
                    })}</strong>
                    <span class="muted">{move || field.0.with(|s| s.last_sync.map(|t| format!("{}{}", locale.t("上次同步 ", "Last sync "), clock(t))).unwrap_or_default())}</span>
                    {move || if field.0.with(|s| s.registered == Some(false)) {
                        view! { <a class="ghost-link" href="/device">{locale.t("注册本机", "Register")}</a> }.into_any()
                    } else {
                        view! { <button type="button" class="ghost" on:click=sync_now>{locale.t("立即同步", "Sync now")}</button> }.into_any()
                    }}
                </div>
                // Refused by the server (not approved, revoked, bad signature): its reason, and
                // the device page that puts it right. The work stays on the device meanwhile.
                {move || field.0.with(|s| s.device_refused.clone()).map(|refused| view! {
                    <p class="notice device-needed" role="alert">
                        {refused}" "<a href="/device">{move || locale.t("前往本机设备", "Open this device")}</a>
                    </p>
                })}
                {move || field.0.with(|s| s.error.clone().filter(|e| Some(e) != s.device_refused.as_ref())).map(|e| view! { <p class="form-error">{e}</p> })}
                {move || (field.0.with(|s| s.unreadable) > 0).then(|| view! {
                    <p class="form-error unreadable" role="alert">{move || {
                        let n = field.0.with(|s| s.unreadable);
                        match locale.get() {
                            shared::Lang::Zh => format!("本机有{n}条待同步记录无法读取：已保留在本机、不会发送，请联系管理员导出处理。"),
                            shared::Lang::En => format!("{n} queued entries cannot be read: kept on the device, not sent; ask an administrator."),
                        }
                    }}</p>
                })}
                {move || field.0.with(|s| s.problems.clone()).into_iter().map(|p| {
                    let id = p.id.clone();
                    view! {
                        <p class=if p.conflict { "conflict" } else { "form-error" } role="alert">
                            <strong>{if p.conflict { locale.t("冲突：", "Conflict: ") } else { locale.t("未被接受：", "Refused: ") }}{p.what.clone()}</strong>" "{p.message.clone()}
                            " "<button type="button" class="ghost" on:click=move |_| { let id = id.clone(); spawn_local(async move { offline::dismiss(field, &id).await }); }>{locale.t("知道了", "Dismiss")}</button>
                        </p>
                    }
                }).collect_view()}
                <p class="muted storage">{move || field.0.with(|s| s.storage.map(|(used, quota, kept)| format!("{}{:.1} MB / {:.0} MB · {}",
                    locale.t("本机存储 ", "Storage "), used / 1_048_576.0, quota / 1_048_576.0,
                    if kept { locale.t("已设为持久保存", "persistent") } else { locale.t("未持久保存，浏览器清理时可能丢失", "not persistent") })).unwrap_or_default())}
                    {move || field.0.with(|s| s.storage.is_some_and(|x| !x.2)).then(|| view! { " "<button type="button" class="ghost" on:click=keep>{locale.t("申请持久保存", "Keep data")}</button> })}
                </p>
            </section>
        </Show>
    }
}
