//! 设备管理: devices of the jurisdiction with owner and last-seen time; approve and revoke.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::device::{DeviceStatus, DeviceSummary};

use crate::context::{Locale, Session};
use crate::ui::format::time_zh;

#[component]
pub fn DevicesPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let devices = LocalResource::new(move || {
        reload.get();
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.devices().await })
                .await
        }
    });
    let decide = move |d: DeviceSummary, approve: bool| {
        let lang = locale.get();
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let d = d.clone();
                    async move { api.decide_device(&d, approve).await }
                })
                .await
            {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <section class="page devices-page">
            <div class="page-head"><h1>{move || locale.t("设备管理", "Devices")}</h1></div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || devices.get().map(|r| match r {
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{locale.t("暂无注册设备", "No devices registered")}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap"><table class="list">
                            <thead><tr>
                                <th>{locale.t("使用人", "Owner")}</th><th>{locale.t("设备", "Device")}</th>
                                <th>{locale.t("状态", "Status")}</th><th>{locale.t("注册时间", "Registered")}</th>
                                <th>{locale.t("最后在线", "Last seen")}</th><th></th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|d| {
                                let (a, r) = (d.clone(), d.clone());
                                let status = d.status;
                                view! {
                                    <tr>
                                        <td>{d.owner_name.clone()}<span class="code">{d.owner_username.clone()}</span></td>
                                        <td>{d.name.clone()}</td>
                                        <td><span class=format!("badge {}", status.code())>{status.label(locale.get())}</span></td>
                                        <td>{time_zh(d.registered_at)}</td>
                                        <td>{d.last_seen_at.map(time_zh).unwrap_or_else(|| "—".into())}</td>
                                        <td class="actions">
                                            <Show when=move || status == DeviceStatus::Pending>
                                                <button type="button" class="link" on:click={let a = a.clone(); move |_| decide(a.clone(), true)}>{locale.t("批准", "Approve")}</button>
                                            </Show>
                                            <Show when=move || status != DeviceStatus::Revoked>
                                                <button type="button" class="link danger" on:click={let r = r.clone(); move |_| decide(r.clone(), false)}>{locale.t("停用", "Revoke")}</button>
                                            </Show>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
