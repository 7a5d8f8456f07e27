//! 污染源档案 (一厂一档): search with filters, keyset "more", export.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shared::dossier::PermitStatus;
use shared::enterprise::{EnterpriseStatus, EnterpriseSummary, TagCategoryView};
use shared::policy::{allows, Permission};
use shared::query::{BureauFilter, EnterpriseSearch, ExportFormat, ExportQuery, NearQuery};
use shared::risk::RiskLevel;
use shared::{Lang, Level};
use wasm_bindgen::JsCast;

use crate::context::{Locale, Session};
use crate::ui::download::save_file;
use crate::ui::format::risk_badge;

/// A filter value as the search wants it: absent when empty.
fn some(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn select_value(ev: &leptos::ev::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The counties of the caller's jurisdiction as (行政区划代码, name), for filters and forms.
pub fn county_options(locale: Locale, session: Session) -> LocalResource<Vec<(String, String)>> {
    LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move {
                    api.overview(&BureauFilter::default()).await
                })
                .await
                .map(|o| {
                    o.units
                        .into_iter()
                        .filter(|u| u.bureau.level == Level::County)
                        .map(|u| (u.bureau.division_code.to_string(), u.bureau.name))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    })
}

/// The search form of the list and the map.
#[component]
pub(super) fn FilterBar(filters: RwSignal<EnterpriseSearch>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let counties = county_options(locale, session);
    let tags = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.tags().await })
                .await
                .unwrap_or_default()
        }
    });
    let input = RwSignal::new(filters.get_untracked().q);
    // Type-ahead: the search runs 300 ms after the last keystroke.
    let typed = RwSignal::new(0u32);
    let on_input = move |ev: leptos::ev::Event| {
        input.set(event_target_value(&ev));
        let n = typed.get_untracked() + 1;
        typed.set(n);
        set_timeout(
            move || {
                if typed.get_untracked() == n {
                    filters.update(|f| f.q = input.get_untracked().trim().to_string());
                }
            },
            std::time::Duration::from_millis(300),
        );
    };
    let set = move |field: fn(&mut EnterpriseSearch) -> &mut Option<String>| {
        move |ev: leptos::ev::Event| {
            let v = some(&select_value(&ev));
            filters.update(|f| *field(f) = v);
        }
    };
    view! {
        <form class="filters" on:submit=move |ev| { ev.prevent_default(); filters.update(|f| f.q = input.get_untracked().trim().to_string()); }>
            <input type="search" class="search" name="q" enterkeyhint="search" autocomplete="off"
                placeholder=move || locale.t("企业名称、地址、信用代码、法定代表人", "Name, address, credit code, legal rep.")
                prop:value=move || input.get() on:input=on_input/>
            <div class="filter-row">
                <select name="division" aria-label=move || locale.t("区县", "County") on:change=set(|f| &mut f.division)>
                    <option value="">{move || locale.t("全部区县", "All counties")}</option>
                    {move || counties.get().unwrap_or_default().into_iter().map(|(code, name)| view! { <option value=code.clone() selected=move || filters.with(|f| f.division.as_deref() == Some(code.as_str()))>{name}</option> }).collect_view()}
                </select>
                <select name="risk" aria-label=move || locale.t("风险等级", "Risk") on:change=set(|f| &mut f.risk)>
                    <option value="">{move || locale.t("全部风险等级", "Any risk")}</option>
                    {RiskLevel::ALL.into_iter().map(|r| view! { <option value=r.code()>{move || r.label(locale.get())}</option> }).collect_view()}
                </select>
                <select name="tag" aria-label=move || locale.t("标签", "Tag") on:change=set(|f| &mut f.tag)>
                    <option value="">{move || locale.t("全部标签", "Any tag")}</option>
                    {move || tags.get().unwrap_or_default().into_iter().map(|c: TagCategoryView| view! {
                        <optgroup label=c.name>{c.tags.into_iter().map(|t| view! { <option value=t.code>{t.name}</option> }).collect_view()}</optgroup>
                    }).collect_view()}
                </select>
                <select name="permit" aria-label=move || locale.t("许可证", "Permit") on:change=set(|f| &mut f.permit)>
                    <option value="">{move || locale.t("许可证状态", "Permit state")}</option>
                    {PermitStatus::ALL.iter().map(|p| view! { <option value=p.code()>{move || p.label(locale.get())}</option> }).collect_view()}
                </select>
                <select name="status" aria-label=move || locale.t("生产状态", "Status") on:change=set(|f| &mut f.status)>
                    <option value="">{move || locale.t("生产状态", "Status")}</option>
                    {EnterpriseStatus::ALL.into_iter().map(|s| view! { <option value=s.code()>{move || s.label(locale.get())}</option> }).collect_view()}
                </select>
            </div>
        </form>
    }
}

fn card(e: EnterpriseSummary, lang: Lang) -> impl IntoView {
    let href = format!("/e/{}/{}", e.bureau_id, e.id);
    view! {
        <li class="ent-card">
            <a href=href>
                <div class="ent-head">
                    <span class="ent-name">{e.name.clone()}</span>
                    {risk_badge(e.risk_level, lang)}
                </div>
                <div class="ent-code">{e.credit_code.clone()}<span class="sep">"·"</span>{e.industry_name.clone()}</div>
                <div class="ent-addr">{e.address.clone()}</div>
                <div class="chips">
                    {(e.status != EnterpriseStatus::Operating).then(|| view! { <span class="chip warn">{e.status.label(lang)}</span> })}
                    {(e.permit_status != PermitStatus::Valid).then(|| view! { <span class=format!("chip permit-{}", e.permit_status.code())>{e.permit_status.label(lang)}</span> })}
                    {e.tags.iter().take(4).map(|t| view! { <span class="chip">{t.name.clone()}</span> }).collect_view()}
                </div>
            </a>
        </li>
    }
}

#[component]
pub fn EnterprisesPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let filters = RwSignal::new(EnterpriseSearch {
        q: query.with_untracked(|q| q.get("q").unwrap_or_default().trim().to_string()),
        risk: query.with_untracked(|q| q.get("risk").and_then(|r| some(&r))),
        ..Default::default()
    });
    let items = RwSignal::new(Vec::<EnterpriseSummary>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);
    let load = move |more: bool| {
        let lang = locale.0.get_untracked();
        let mut search = filters.get_untracked();
        if more {
            match next.get_untracked() {
                Some(n) => search.after = Some(n),
                None => return,
            }
        } else {
            generation.update_value(|g| *g += 1);
        }
        let this = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let search = search.clone();
                    async move { api.enterprises(&search).await }
                })
                .await;
            // A newer search started meanwhile: drop this answer.
            if generation.get_value() != this {
                return;
            }
            loading.set(false);
            match r {
                Ok(page) => {
                    error.set(None);
                    next.set(page.next);
                    if more {
                        items.update(|v| v.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    Effect::new(move |_| {
        filters.track();
        load(false);
    });
    let can_export = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| allows(&s.user.roles, Permission::ExportData))
        })
    };
    let nearby = RwSignal::new(None::<Vec<shared::enterprise::NearbyEnterprise>>);
    let locate = move |_| {
        let lang = locale.0.get_untracked();
        let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
            error.set(Some(
                lang.pick("本设备无法定位", "This device cannot locate itself")
                    .into(),
            ));
            return;
        };
        loading.set(true);
        let ok = wasm_bindgen::closure::Closure::once_into_js(move |pos: web_sys::Position| {
            let c = pos.coords();
            let (lat, lng) = (c.latitude(), c.longitude());
            spawn_local(async move {
                let r = session
                    .call(lang, |api| async move {
                        let here = NearQuery {
                            lat,
                            lng,
                            radius: Some(10_000.0),
                        };
                        api.near(&here).await
                    })
                    .await;
                loading.set(false);
                match r {
                    Ok(list) => {
                        error.set(None);
                        nearby.set(Some(list));
                    }
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        });
        let fail = wasm_bindgen::closure::Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
            loading.set(false);
            error.set(Some(
                lang.pick(
                    "无法获取当前位置，请检查定位权限",
                    "Could not get the position; check location permission",
                )
                .into(),
            ));
        });
        let opts = web_sys::PositionOptions::new();
        opts.set_enable_high_accuracy(true);
        opts.set_timeout(15_000);
        let _ = geo.get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(fail.unchecked_ref()),
            &opts,
        );
    };
    let can_import = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| allows(&s.user.roles, Permission::ManageDossier))
        })
    };
    let export = move |csv: bool| {
        let lang = locale.0.get_untracked();
        let search = filters.get_untracked();
        let format = ExportQuery {
            format: Some(if csv {
                ExportFormat::Csv
            } else {
                ExportFormat::Xlsx
            }),
        };
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let (search, format) = (search.clone(), format.clone());
                    async move { api.export(&search, &format).await }
                })
                .await
            {
                Ok(bytes) => {
                    let d = js_sys::Date::new_0();
                    let stamp = format!(
                        "{}{:02}{:02}",
                        d.get_full_year(),
                        d.get_month() + 1,
                        d.get_date()
                    );
                    if csv {
                        save_file(&bytes, &format!("企业名录-{stamp}.csv"), "text/csv");
                    } else {
                        save_file(
                            &bytes,
                            &format!("企业名录-{stamp}.xlsx"),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        );
                    }
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <section class="page enterprises-page">
            <div class="page-head">
                <h1>{move || locale.t("污染源档案", "Pollution sources")}</h1>
                <div class="head-actions">
                    <button type="button" class="button secondary" on:click=locate>{move || locale.t("附近", "Nearby")}</button>
                    <a class="button secondary" href="/map">{move || locale.t("地图", "Map")}</a>
                    <a class="button secondary" href="/projects">{move || locale.t("建设项目", "Projects")}</a>
                    <Show when=can_import>
                        <a class="button secondary" href="/enterprises/import">{move || locale.t("批量导入", "Import")}</a>
                    </Show>
                    <Show when=can_export>
                        <button type="button" class="button secondary" on:click=move |_| export(false)>{move || locale.t("导出Excel", "Export XLSX")}</button>
                        <button type="button" class="button secondary desk-only" on:click=move |_| export(true)>"CSV"</button>
                    </Show>
                </div>
            </div>
            <FilterBar filters=filters/>
            <Show when=move || error.with(Option::is_some)>
                <p class="notice" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            {move || nearby.get().map(|list| {
                let lang = locale.get();
                view! {
                    <div class="nearby">
                        <div class="card-head"><h2>{lang.pick("附近 10 公里内的企业", "Within 10 km")}</h2>
                            <button type="button" class="link" on:click=move |_| nearby.set(None)>{lang.pick("返回列表", "Back to list")}</button></div>
                        {list.is_empty().then(|| view! { <p class="muted">{lang.pick("附近没有辖区内的企业", "No enterprise nearby")}</p> })}
                        <ul class="ent-list">{list.into_iter().map(|n| {
                            let km = if n.distance_m < 1000.0 { format!("{} 米", n.distance_m as i64) } else { format!("{:.1} 公里", n.distance_m / 1000.0) };
                            view! { <div class="near-item"><span class="distance">{km}</span>{card(n.enterprise, lang)}</div> }
                        }).collect_view()}</ul>
                    </div>
                }
            })}
            <ul class="ent-list" class:hidden=move || nearby.with(Option::is_some) aria-busy=move || loading.get().to_string()>
                <For each=move || items.get() key=|e| (e.bureau_id, e.id.clone()) children=move |e| card(e, locale.get())/>
            </ul>
            <Show when=move || !loading.get() && items.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="muted empty">{move || locale.t("没有符合条件的企业", "No enterprise matches")}</p>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="button secondary more" disabled=move || loading.get() on:click=move |_| load(true)>
                    {move || if loading.get() { locale.t("加载中…", "Loading…") } else { locale.t("加载更多", "Load more") }}
                </button>
            </Show>
        </section>
    }
}
