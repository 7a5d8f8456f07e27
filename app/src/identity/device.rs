//! 本机设备: register this phone or PDA, see whether it is approved, test a signed sync.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::device::DeviceStatus;

use crate::context::{Locale, Session};
use crate::device;
use crate::ui::format::time_zh;

#[component]
pub fn DevicePage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0u32);
    let state = LocalResource::new(move || {
        reload.get();
        let lang = locale.get();
        async move {
            let local = device::local().await;
            let mine = session
                .call(lang, |api| async move { api.my_devices().await })
                .await;
            (local, mine)
        }
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let register = move |_| {
        let lang = locale.get();
        busy.set(true);
        spawn_local(async move {
            match session
                .call(lang, |api| async move { device::register(&api).await })
                .await
            {
                Ok(_) => message.set(Some((
                    true,
                    lang.pick(
                        "已提交注册，等待本单位管理员批准",
                        "Registered; waiting for approval",
                    )
                    .into(),
                ))),
                Err(e) => message.set(Some((false, e.message(lang)))),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let ping = move |_| {
        let lang = locale.get();
        busy.set(true);
        spawn_local(async move {
            match session
                .call(
                    lang,
                    move |api| async move { device::ping(&api, lang).await },
                )
                .await
            {
                Ok(_) => message.set(Some((
                    true,
                    lang.pick(
                        "同步连接正常：本设备已获批准，签名验证通过",
                        "Sync works: device approved, signature verified",
                    )
                    .into(),
                ))),
                Err(e) => message.set(Some((false, e.message(lang)))),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <section class="page device-page">
            <div class="page-head"><h1>{move || locale.t("本机设备", "This device")}</h1></div>
            <p class="muted">{move || locale.t(
                "外业数据只能从经本单位管理员批准的设备同步。设备密钥在本机生成，私钥不可导出。",
                "Field data syncs only from devices your bureau's admin approved. The key is made on this device; its private part cannot be exported.")}</p>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || state.get().map(|(local, mine)| {
                    let record = local.as_ref().and_then(|l| mine.as_ref().ok().and_then(|m| m.iter().find(|d| d.id == l.id).cloned()));
                    match (local, record) {
                        (Some(l), Some(d)) => view! {
                            <article class="card device-card">
                                <dl>
                                    <dt>{locale.t("设备名称", "Name")}</dt><dd>{d.name.clone()}</dd>
                                    <dt>{locale.t("设备编号", "Device id")}</dt><dd class="mono small">{l.id.clone()}</dd>
                                    <dt>{locale.t("状态", "Status")}</dt>
                                    <dd><span class=format!("badge {}", d.status.code())>{d.status.label(locale.get())}</span></dd>
                                    <dt>{locale.t("注册时间", "Registered")}</dt><dd>{time_zh(d.registered_at)}</dd>
                                    <dt>{locale.t("最后同步", "Last sync")}</dt><dd>{d.last_seen_at.map(time_zh).unwrap_or_else(|| "—".into())}</dd>
                                </dl>
                                <div class="actions-row">
                                    <button type="button" class="primary small" on:click=ping disabled=move || busy.get()>{locale.t("测试同步连接", "Test sync")}</button>
                                    <Show when=move || d.status == DeviceStatus::Revoked>
                                        <button type="button" class="primary small" on:click=register disabled=move || busy.get()>{locale.t("重新注册本设备", "Register again")}</button>
                                    </Show>
                                </div>
                            </article>
                        }.into_any(),
                        _ => view! {
                            <article class="card device-card">
                                <p>{locale.t("本设备尚未注册。", "This device is not registered.")}</p>
                                <button type="button" class="primary" on:click=register disabled=move || busy.get()>{locale.t("注册本设备", "Register this device")}</button>
                            </article>
                        }.into_any(),
                    }
                })}
            </Transition>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "ok-box" } else { "form-error" } role="status">{m}</p>
            })}
        </section>
    }
}
