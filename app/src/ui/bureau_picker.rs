//! Picks the bureau on the shared login page: search by name or division code, remembered
//! on the device so an inspector types it once.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use shared::bureau::BureauSummary;
use shared::query::BureauQuery;

use crate::api::Public;
use crate::context::{Locale, BUREAU_KEY};

#[component]
pub fn BureauPicker(selected: RwSignal<Option<BureauSummary>>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    if selected.get_untracked().is_none() {
        selected.set(LocalStorage::get::<BureauSummary>(BUREAU_KEY).ok());
    }
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let results = LocalResource::new(move || {
        let q = query.get();
        let lang = locale.get();
        async move { Public { lang }.bureaus(&BureauQuery { q }).await }
    });
    let choose = move |b: BureauSummary| {
        let _ = LocalStorage::set(BUREAU_KEY, &b);
        selected.set(Some(b));
        open.set(false);
        query.set(String::new());
    };
    view! {
        <div class="field bureau-picker">
            <label for="bureau-search">{move || locale.t("登录单位", "Bureau")}</label>
            <Show
                when=move || selected.with(Option::is_some) && !open.get()
                fallback=move || view! {
                    <input id="bureau-search" type="search" autocomplete="off"
                        placeholder=move || locale.t("输入单位名称或行政区划代码", "Bureau name or division code")
                        prop:value=move || query.get()
                        on:input=move |ev| { query.set(event_target_value(&ev)); open.set(true); }
                        on:focus=move |_| open.set(true)/>
                    <ul class="bureau-options" role="listbox">
                        <Transition fallback=|| ()>
                            {move || results.get().map(|r| match r {
                                Ok(list) if list.is_empty() => view! {
                                    <li class="muted">{locale.t("没有匹配的单位", "No matching bureau")}</li>
                                }.into_any(),
                                Ok(list) => list.into_iter().map(|b| {
                                    let label = b.name.clone();
                                    let code = b.division_code.to_string();
                                    view! {
                                        <li role="option">
                                            <button type="button" class="option" on:click=move |_| choose(b.clone())>
                                                <span>{label}</span><span class="code">{code}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view().into_any(),
                                Err(e) => view! { <li class="error">{e.message(locale.get())}</li> }.into_any(),
                            })}
                        </Transition>
                    </ul>
                }
            >
                <div class="bureau-chosen">
                    <span class="name">{move || selected.get().map(|b| b.name).unwrap_or_default()}</span>
                    <span class="code">{move || selected.get().map(|b| b.division_code.to_string()).unwrap_or_default()}</span>
                    <button type="button" class="link" on:click=move |_| open.set(true)>
                        {move || locale.t("更换", "Change")}
                    </button>
                </div>
            </Show>
        </div>
    }
}
