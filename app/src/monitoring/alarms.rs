//! 报警中心: the jurisdiction's alarms by state and kind, refreshed every 10 seconds while the
//! page is open, and the selected alarm (`/alarms/{bureau}/{id}`, the filters in the query) with
//! its trend chart; dispatchers, squad leaders and bureau leaders acknowledge and close them.
//!
//! The dispatcher's desk (调度台) around it: a live map of the open alarms and the on-duty
//! field force (desk_map.rs, refreshed with the list), and in the selected alarm its nearest
//! certified inspectors (就近执法力量) with 派单 to the nearest two or to those chosen.
//!
//! Desk (1440×900): the list as a table, the map and the selected alarm beside it. PDA
//! (360×740): the selected alarm, the map and the list as cards, one above the other.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::enforcement::Day;
use shared::field_force::{age, DispatchAlarm, Dispatched, Nearby, NearbyQuery};
use shared::monitoring::{
    AlarmDetail, AlarmKind, AlarmQuery, AlarmState, AlarmStatus, AlarmView, CloseAlarm, Trend,
};
use shared::policy::Permission;
use shared::task::{TaskView, MIN_INSPECTORS};
use shared::Lang;

use super::desk_map::{DeskMap, Force};
use super::{china_day_time, china_hhmm, china_md_hhmm, china_time, num, status_badge, with_unit};
use crate::api::CallError;
use crate::context::{Locale, Session};

/// How often the list (and the selected alarm) is fetched again while the page is open.
const REFRESH_MS: u64 = 10_000;

/// Below this width the selected alarm stands above the list, not beside it (style/monitoring.css).
const SIDE_BY_SIDE_PX: f64 = 1200.0;

struct Tab {
    state: AlarmState,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
}

const TABS: [Tab; 3] = [
    Tab {
        state: AlarmState::Open,
        code: "open",
        zh: "未处理",
        en: "Open",
    },
    Tab {
        state: AlarmState::Closed,
        code: "closed",
        zh: "已关闭",
        en: "Closed",
    },
    Tab {
        state: AlarmState::All,
        code: "all",
        zh: "全部",
        en: "All",
    },
];

fn state_code(s: AlarmState) -> &'static str {
    TABS.iter()
        .find(|t| t.state == s)
        .map(|t| t.code)
        .unwrap_or("open")
}

/// The page's address: the selected alarm in the path, the filters (when not the default) in
/// the query, so that a link opens the same view.
fn page_href(
    state: AlarmState,
    kind: Option<AlarmKind>,
    selected: Option<&(i64, String)>,
) -> String {
    let mut href = match selected {
        Some((b, id)) => format!("/alarms/{b}/{id}"),
        None => "/alarms".to_string(),
    };
    let mut q = Vec::new();
    if state != AlarmState::Open {
        q.push(format!("state={}", state_code(state)));
    }
    if let Some(k) = kind {
        q.push(format!("kind={}", k.code()));
    }
    if !q.is_empty() {
        href.push('?');
        href.push_str(&q.join("&"));
    }
    href
}

/// The alarm's peak against its limit: 86.5 mg/L / 限值 50.
fn peak_text(a: &AlarmView, lang: Lang) -> String {
    match (a.peak, a.threshold) {
        (None, _) => "—".into(),
        (Some(_), None) => with_unit(a.peak, &a.unit),
        (Some(_), Some(t)) => format!(
            "{} / {}{}",
            with_unit(a.peak, &a.unit),
            lang.pick("限值 ", "limit "),
            num(t)
        ),
    }
}

/// [`peak_text`] in a list's cell: the peak and the limit apart, so that a narrow column puts
/// them on two lines.
fn peak_cell(a: &AlarmView, lang: Lang) -> AnyView {
    match (a.peak, a.threshold) {
        (Some(_), Some(t)) => view! {
            <span>{with_unit(a.peak, &a.unit)}</span>
            <span class="sep">" / "</span>
            <span>{lang.pick("限值 ", "limit ")}{num(t)}</span>
        }
        .into_any(),
        _ => peak_text(a, lang).into_any(),
    }
}

fn hits_text(hits: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{hits}次"),
        Lang::En if hits == 1 => "1 time".into(),
        Lang::En => format!("{hits} times"),
    }
}

/// A distance as people say it: 850 米, 1.2 公里.
fn distance_text(m: u32, lang: Lang) -> String {
    match (m < 1000, lang) {
        (true, Lang::Zh) => format!("{m} 米"),
        (true, Lang::En) => format!("{m} m"),
        (false, Lang::Zh) => format!("{:.1} 公里", f64::from(m) / 1000.0),
        (false, Lang::En) => format!("{:.1} km", f64::from(m) / 1000.0),
    }
}

/// A point that is somewhere (a point without coordinates comes as 0, 0).
fn located(longitude: f64, latitude: f64) -> bool {
    longitude.is_finite() && latitude.is_finite() && (longitude != 0.0 || latitude != 0.0)
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn narrow() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < SIDE_BY_SIDE_PX)
}

#[component]
pub fn AlarmsPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let params = use_params_map();
    let navigate = use_navigate();
    let may_handle = Memo::new(move |_| session.may(Permission::HandleAlarms));

    let state = Memo::new(move |_| {
        let asked = query.with(|q| q.get("state"));
        TABS.iter()
            .find(|t| asked.as_deref() == Some(t.code))
            .map(|t| t.state)
            .unwrap_or_default()
    });
    let kind = Memo::new(move |_| {
        query
            .with(|q| q.get("kind"))
            .and_then(|k| AlarmKind::from_code(&k))
    });
    let selected = Memo::new(move |_| {
        params.with(|p| {
            let b = p.get("bureau")?.parse::<i64>().ok()?;
            let id = p.get("id").filter(|id| !id.is_empty())?;
            Some((b, id))
        })
    });

    // What is shown stays until its successor is here: a refresh or a new filter never blanks
    // the list. Each load has a number; an answer to an older one is dropped.
    let tick = RwSignal::new(0u32);
    // A place picked on the map (latitude, longitude): who is on duty near it.
    let place = RwSignal::new(None::<(f64, f64)>);
    let pick_place = Callback::new(move |at: (f64, f64)| place.set(Some(at)));
    let list = RwSignal::new(None::<Result<Vec<AlarmView>, CallError>>);
    let list_for = StoredValue::new(None::<AlarmQuery>);
    let list_busy = RwSignal::new(false);
    let list_seq = StoredValue::new(0u32);
    let refresh_error = RwSignal::new(None::<String>);
    Effect::new(move || {
        tick.track();
        let q = AlarmQuery {
            state: state.get(),
            kind: kind.get(),
            ..Default::default()
        };
        let lang = locale.get();
        let seq = list_seq.get_value().wrapping_add(1);
        list_seq.set_value(seq);
        list_busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let q = q.clone();
                    async move { api.alarms(&q).await }
                })
                .await;
            // Also when the page has gone meanwhile (its signals with it).
            if list_seq.try_get_value() != Some(seq) {
                return;
            }
            list_busy.set(false);
            let same_query = list_for.with_value(|f| f.as_ref() == Some(&q));
            match r {
                Ok(v) => {
                    refresh_error.set(None);
                    if !(same_query
                        && list.with_untracked(|l| matches!(l, Some(Ok(old)) if *old == v)))
                    {
                        list.set(Some(Ok(v)));
                    }
                    list_for.set_value(Some(q));
                }
                // A refresh that failed keeps the list it would have replaced, and says so.
                Err(e) if same_query && list.with_untracked(|l| matches!(l, Some(Ok(_)))) => {
                    refresh_error.set(Some(e.message(lang)));
                }
                Err(e) => {
                    refresh_error.set(None);
                    list.set(Some(Err(e)));
                    list_for.set_value(Some(q));
                }
            }
        });
    });

    let detail = RwSignal::new(None::<Result<AlarmDetail, CallError>>);
    let detail_for = StoredValue::new(None::<(i64, String)>);
    let detail_seq = StoredValue::new(0u32);
    Effect::new(move || {
        tick.track();
        let Some((b, id)) = selected.get() else {
            detail_seq.set_value(detail_seq.get_value().wrapping_add(1));
            detail_for.set_value(None);
            detail.set(None);
            return;
        };
        let key = (b, id.clone());
        let same = detail_for.with_value(|f| f.as_ref() == Some(&key));
        if !same {
            // Another alarm: its own fields, not the last one's, while it loads.
            detail.set(None);
            detail_for.set_value(Some(key));
        }
        let lang = locale.get_untracked_lang();
        let seq = detail_seq.get_value().wrapping_add(1);
        detail_seq.set_value(seq);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    async move { api.alarm(b, &id).await }
                })
                .await;
            if detail_seq.try_get_value() != Some(seq) {
                return;
            }
            match r {
                Ok(d) => {
                    if !detail.with_untracked(|x| matches!(x, Some(Ok(old)) if *old == d)) {
                        detail.set(Some(Ok(d)));
                    }
                }
                // A refresh that failed keeps what is shown.
                Err(_) if same && detail.with_untracked(|x| matches!(x, Some(Ok(_)))) => {}
                Err(e) => detail.set(Some(Err(e))),
            }
        });
    });

    // The on-duty field force for the map, with the same refresh; for those who dispatch.
    let force = RwSignal::new(None::<Force>);
    let force_error = RwSignal::new(None::<String>);
    let force_seq = StoredValue::new(0u32);
    Effect::new(move || {
        tick.track();
        let seq = force_seq.get_value().wrapping_add(1);
        force_seq.set_value(seq);
        if !may_handle.get() {
            force.set(None);
            force_error.set(None);
            return;
        }
        let lang = locale.get_untracked_lang();
        spawn_local(async move {
            let r = session
                .call(lang, |api| async move { api.field_force().await })
                .await;
            if force_seq.try_get_value() != Some(seq) {
                return;
            }
            match r {
                Ok(mut v) => {
                    v.retain(|f| located(f.longitude, f.latitude));
                    force_error.set(None);
                    force.set(Some((now_secs(), v)));
                }
                // A refresh that failed keeps the markers, and says so.
                Err(e) => force_error.set(Some(e.message(lang))),
            }
        });
    });
    // The map shows the list's alarms that are still open.
    let map_alarms = Memo::new(move |_| {
        list.with(|l| match l {
            Some(Ok(v)) => v
                .iter()
                .filter(|a| a.status != AlarmStatus::Closed)
                .filter(|a| located(a.longitude, a.latitude))
                .cloned()
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let alarm_href = Callback::new(move |key: (i64, String)| {
        page_href(state.get_untracked(), kind.get_untracked(), Some(&key))
    });

    // Every 10 seconds while the page is open and in view, unless the last load is still out.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let hidden = document().hidden();
            if !hidden && !list_busy.get_untracked() {
                tick.update(|n| *n = n.wrapping_add(1));
            }
        },
        std::time::Duration::from_millis(REFRESH_MS),
    ) {
        on_cleanup(move || handle.clear());
    }

    // An action's answer is the alarm as it now is: shown at once, and the list follows.
    let adopt = Callback::new(move |d: AlarmDetail| {
        detail.set(Some(Ok(d)));
        tick.update(|n| *n = n.wrapping_add(1));
    });

    let go = {
        let navigate = navigate.clone();
        move |href: String| navigate(&href, Default::default())
    };
    let go_tab = go.clone();
    let go_kind = go.clone();

    view! {
        <section class="page alarms-page">
            <div class="page-head">
                <h1>{move || locale.t("报警中心", "Alarms")}</h1>
                <select class="alarm-kind" data-test="alarm-kind" aria-label=move || locale.t("报警类型", "Alarm kind")
                    prop:value=move || kind.get().map(|k| k.code()).unwrap_or("")
                    on:change=move |ev| {
                        let k = AlarmKind::from_code(&event_target_value(&ev));
                        go_kind(page_href(state.get_untracked(), k, selected.get_untracked().as_ref()));
                    }>
                    <option value="" selected=move || kind.get().is_none()>{move || locale.t("全部类型", "All kinds")}</option>
                    {AlarmKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.code() selected=move || kind.get() == Some(k)>{move || k.label(locale.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="tabs alarm-tabs" role="tablist" aria-label=move || locale.t("报警状态", "Alarm state")>
                {TABS.iter().map(|t| {
                    let go = go_tab.clone();
                    let s = t.state;
                    view! {
                        <button type="button" role="tab" data-test=format!("alarm-state-{}", t.code)
                            class:active=move || state.get() == s aria-selected=move || (state.get() == s).to_string()
                            on:click=move |_| go(page_href(s, kind.get_untracked(), selected.get_untracked().as_ref()))>
                            {move || locale.t(t.zh, t.en)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="alarm-desk" class:has-detail=move || selected.with(Option::is_some)>
                <div class="desk-side">
                    <Show when=move || selected.with(Option::is_some)>
                        <AlarmPane detail=detail may_handle=may_handle adopt=adopt tick=tick
                            back=Signal::derive(move || page_href(state.get(), kind.get(), None))/>
                    </Show>
                    <DeskMap alarms=map_alarms force=force selected=selected href=alarm_href to_top=narrow
                        place=place on_place=pick_place/>
                    {move || place.get().map(|at| view! { <PlaceNearby at=at tick=tick place=place/> })}
                    {move || force_error.get().map(|m| view! {
                        <p class="notice desk-force-error" data-test="force-error">
                            {locale.t("执法力量位置未能刷新：", "The field force could not be refreshed: ")}{m}
                        </p>
                    })}
                    {move || (state.get() == AlarmState::Closed).then(|| view! {
                        <p class="muted desk-map-note">{locale.t("地图只显示未关闭的报警。", "The map shows open alarms only.")}</p>
                    })}
                </div>
                <div class="alarm-list" class:reloading=move || list_busy.get() && list.with(Option::is_some)
                    aria-busy=move || list_busy.get().to_string() aria-live="polite">
                    {move || refresh_error.get().map(|m| view! {
                        <p class="notice alarm-refresh-error" data-test="alarm-refresh-error">
                            {locale.t("自动刷新失败，显示的是上次的结果：", "Refresh failed; showing the last result: ")}{m}
                        </p>
                    })}
                    {move || {
                        let lang = locale.get();
                        match list.get() {
                            None => view! { <p class="muted">"…"</p> }.into_any(),
                            Some(Err(e)) => view! { <p class="notice" data-test="alarm-list-error">{e.message(lang)}</p> }.into_any(),
                            Some(Ok(v)) if v.is_empty() => view! {
                                <p class="muted alarm-empty" data-test="alarm-empty">{lang.pick("暂无报警", "No alarms")}</p>
                            }.into_any(),
                            Some(Ok(v)) => alarm_table(v, lang, state.get_untracked(), kind.get_untracked(), selected).into_any(),
                        }
                    }}
                </div>
            </div>
        </section>
    }
}

fn alarm_table(
    v: Vec<AlarmView>,
    lang: Lang,
    state: AlarmState,
    kind: Option<AlarmKind>,
    selected: Memo<Option<(i64, String)>>,
) -> impl IntoView {
    let count = match lang {
        Lang::Zh => format!("共{}条", v.len()),
        Lang::En => format!("{} alarms", v.len()),
    };
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    view! {
        <p class="count muted">{count}</p>
        <div class="table-wrap">
            <table class="list stack alarms-table">
                <thead><tr>
                    <th>{l("状态", "Status")}</th>
                    <th>{l("企业", "Enterprise")}</th>
                    <th>{l("监测点", "Point")}</th>
                    <th>{l("报警", "Alarm")}</th>
                    <th class="num">{l("峰值 / 限值", "Peak / limit")}</th>
                    <th class="num">{l("次数", "Hits")}</th>
                    <th>{l("最近时间", "Last")}</th>
                    <th>{l("说明", "Detail")}</th>
                </tr></thead>
                <tbody>{v.into_iter().map(|a| {
                    let key = (a.bureau_id.0, a.id.clone());
                    let href = page_href(state, kind, Some(&key));
                    let is_selected = move || selected.with(|s| s.as_ref() == Some(&key));
                    let headline = a.kind.headline(&a.pollutant_name, lang);
                    // On a phone the selected alarm opens above the list: there it is.
                    let to_top = move |_| if narrow() { window().scroll_to_with_x_and_y(0.0, 0.0) };
                    view! {
                        <tr data-test="alarm-row" data-alarm-id=a.id.clone() data-kind=a.kind.code() data-status=a.status.code()
                            class=format!("status-{}", a.status.code()) class:selected=is_selected.clone() aria-current=move || is_selected().then_some("true")>
                            <td data-label=l("状态", "Status") class="status">{status_badge(a.status, lang)}</td>
                            <td data-label=l("企业", "Enterprise") class="enterprise">
                                <a href=href.clone() on:click=to_top>{a.enterprise_name.clone()}</a>
                            </td>
                            <td data-label=l("监测点", "Point") class="point">{a.point_name.clone()}</td>
                            <td data-label=l("报警", "Alarm") class="headline">
                                <a href=href on:click=to_top>{headline}</a>
                            </td>
                            <td data-label=l("峰值 / 限值", "Peak / limit") class="num peak">{peak_cell(&a, lang)}</td>
                            <td data-label=l("次数", "Hits") class="num hits">{hits_text(a.hits, lang)}</td>
                            <td data-label=l("最近时间", "Last") class="time">{
                                // The day and the time, each kept whole when the cell wraps.
                                let (day, at) = china_day_time(lang, a.last_at);
                                view! { <span class="day">{day}</span>" "<span class="at">{at}</span> }
                            }</td>
                            <td data-label=l("说明", "Detail") class="detail" title=a.detail.clone()>{a.detail.clone()}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// The selected alarm: its fields, its trend and, for those who handle alarms, its actions.
#[component]
fn AlarmPane(
    detail: RwSignal<Option<Result<AlarmDetail, CallError>>>,
    may_handle: Memo<bool>,
    adopt: Callback<AlarmDetail>,
    tick: RwSignal<u32>,
    back: Signal<String>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    // The actions are rebuilt only when the alarm or its status changes, not on every refresh:
    // a reason being typed stays.
    let handle = Memo::new(move |_| {
        detail.with(|d| match d {
            Some(Ok(d)) if d.alarm.status != AlarmStatus::Closed => {
                Some((d.alarm.bureau_id.0, d.alarm.id.clone(), d.alarm.status))
            }
            _ => None,
        })
    });
    // The nearest force and 派单 while the alarm may still be dispatched; kept (with the
    // inspectors ticked) while it goes from 新报警 to 已确认.
    let dispatchable = Memo::new(move |_| {
        detail.with(|d| match d {
            Some(Ok(d))
                if matches!(d.alarm.status, AlarmStatus::New | AlarmStatus::Acknowledged) =>
            {
                Some((d.alarm.bureau_id.0, d.alarm.id.clone()))
            }
            _ => None,
        })
    });
    // The task of an alarm already dispatched (from the alarm, or from this desk's 派单).
    let dispatched_task = Memo::new(move |_| {
        detail.with(|d| match d {
            Some(Ok(d)) if d.alarm.status == AlarmStatus::Dispatched => d
                .alarm
                .task_id
                .clone()
                .map(|t| (d.alarm.bureau_id.0, d.alarm.id.clone(), t)),
            _ => None,
        })
    });
    let last_dispatch = RwSignal::new(None::<Dispatched>);
    let on_dispatched = Callback::new(move |done: Dispatched| {
        let trend = detail.with_untracked(|d| match d {
            Some(Ok(d)) if d.alarm.id == done.alarm.id => Some(d.trend.clone()),
            _ => None,
        });
        last_dispatch.set(Some(done.clone()));
        match trend {
            Some(trend) => adopt.run(AlarmDetail {
                alarm: done.alarm,
                trend,
            }),
            None => tick.update(|n| *n = n.wrapping_add(1)),
        }
    });
    view! {
        <section class="card alarm-detail" data-test="alarm-detail" aria-labelledby="alarm-detail-title"
            data-alarm-id=move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| d.alarm.id.clone()))
            data-status=move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| d.alarm.status.code()))>
            <p class="crumbs alarm-back"><a href=move || back.get() data-test="alarm-detail-back">
                <span class="when-stacked">{move || locale.t("‹ 返回报警列表", "‹ Back to the list")}</span>
                <span class="when-beside">{move || locale.t("× 收起详情", "× Hide the details")}</span>
            </a></p>
            {move || {
                let lang = locale.get();
                match detail.get() {
                    None => view! { <p class="muted" id="alarm-detail-title">"…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="notice" id="alarm-detail-title">{e.message(lang)}</p> }.into_any(),
                    Some(Ok(d)) => alarm_body(d, lang).into_any(),
                }
            }}
            {move || (may_handle.get()).then(|| dispatchable.get()).flatten().map(|(b, id)| view! {
                <NearbyForce bureau=b id=id tick=tick on_dispatched=on_dispatched/>
            })}
            {move || dispatched_task.get().map(|(b, alarm, task)| {
                let fresh = last_dispatch.with(|d| {
                    d.as_ref()
                        .filter(|d| d.alarm.id == alarm && d.task.id == task)
                        .map(|d| d.task.clone())
                });
                view! { <DispatchedTask bureau=b task=task fresh=fresh/> }
            })}
            {move || (may_handle.get()).then(|| handle.get()).flatten().map(|(b, id, status)| view! {
                <AlarmActions bureau=b id=id status=status adopt=adopt/>
            })}
        </section>
    }
}

/// The task an alarm was dispatched as: who goes and by when (from the 派单 just made, or
/// fetched), or only the link when the task cannot be read here.
#[component]
fn DispatchedTask(bureau: i64, task: String, fresh: Option<TaskView>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let fetch = fresh.is_none();
    let shown = RwSignal::new(fresh);
    if fetch {
        let lang = locale.get_untracked_lang();
        let id = task.clone();
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    async move { api.task(bureau, &id).await }
                })
                .await;
            if let Ok(t) = r {
                shown.try_set(Some(t));
            }
        });
    }
    let href = format!("/tasks/{bureau}/{task}");
    move || {
        let lang = locale.get();
        match shown.get() {
            Some(t) => dispatched_notice(&t, lang).into_any(),
            None => view! {
                <p class="ok-box desk-dispatched" data-test="alarm-dispatched-task">
                    {lang.pick("此报警已派单：", "This alarm is dispatched: ")}
                    <a href=href.clone()>{lang.pick("查看任务", "Open the task")}</a>
                </p>
            }
            .into_any(),
        }
    }
}

/// 已派单: who goes, by when, and the task.
fn dispatched_notice(t: &TaskView, lang: Lang) -> impl IntoView {
    let sep = lang.pick("、", ", ");
    let names = t
        .inspectors
        .iter()
        .map(|i| i.display_name.as_str())
        .collect::<Vec<_>>()
        .join(sep);
    let due = match (Day::parse(&t.due_on), lang) {
        (Some(d), Lang::Zh) => d.zh(),
        _ => t.due_on.clone(),
    };
    view! {
        <div class="ok-box desk-dispatched" role="status" data-test="dispatched" data-task-id=t.id.clone()>
            <strong>{lang.pick("已派单", "Dispatched")}</strong>
            <dl class="desk-dispatched-fields">
                <dt>{lang.pick("执法人员", "Inspectors")}</dt><dd data-test="dispatched-inspectors">{names}</dd>
                <dt>{lang.pick("完成期限", "Due")}</dt><dd data-test="dispatched-due" data-due-on=t.due_on.clone()>{due}</dd>
            </dl>
            <a href=format!("/tasks/{}/{}", t.bureau_id.0, t.id) data-test="dispatched-task">{lang.pick("查看任务", "Open the task")}</a>
        </div>
    }
}

/// 就近执法力量: the on-duty certified inspectors nearest the alarm, reloaded with the page's
/// refresh, each with a box to tick; 派最近两人 or 派所选人员, an optional note; the squad
/// leaders to call when fewer than two are near.
#[component]
fn NearbyForce(
    bureau: i64,
    id: String,
    tick: RwSignal<u32>,
    on_dispatched: Callback<Dispatched>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let id = StoredValue::new(id);
    let nearby = RwSignal::new(None::<Result<Nearby, CallError>>);
    let seq = StoredValue::new(0u32);
    let chosen = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    Effect::new(move || {
        tick.track();
        let lang = locale.get_untracked_lang();
        let n = seq.get_value().wrapping_add(1);
        seq.set_value(n);
        let id = id.get_value();
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    async move { api.alarm_nearby(bureau, &id).await }
                })
                .await;
            if seq.try_get_value() != Some(n) {
                return;
            }
            match r {
                Ok(v) => {
                    // Someone who went off duty or out of reach is no longer ticked.
                    chosen.update(|c| c.retain(|u| v.inspectors.iter().any(|i| &i.user_id == u)));
                    if !nearby.with_untracked(|x| matches!(x, Some(Ok(old)) if *old == v)) {
                        nearby.set(Some(Ok(v)));
                    }
                }
                // A refresh that failed keeps what is shown.
                Err(_) if nearby.with_untracked(|x| matches!(x, Some(Ok(_)))) => {}
                Err(e) => nearby.set(Some(Err(e))),
            }
        });
    });

    let send = move |inspector_ids: Vec<String>| {
        if busy.get_untracked() {
            return;
        }
        let lang = locale.get_untracked_lang();
        let body = DispatchAlarm {
            inspector_ids,
            due_on: String::new(),
            note: note.get_untracked().trim().to_string(),
        };
        let id = id.get_value();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    let body = body.clone();
                    async move { api.dispatch_alarm(bureau, &id, &body).await }
                })
                .await;
            busy.try_set(false);
            match r {
                Ok(d) => {
                    on_dispatched.try_run(d);
                }
                Err(e) => {
                    error.try_set(Some(e.message(lang)));
                    // The nearest may have changed meanwhile: show them as they are now.
                    tick.try_update(|n| *n = n.wrapping_add(1));
                }
            }
        });
    };
    let enough = move || chosen.with(Vec::len) >= MIN_INSPECTORS;

    view! {
        <section class="desk-nearby" data-test="nearby" aria-labelledby="desk-nearby-title">
            <h3 id="desk-nearby-title">
                {move || locale.t("就近执法力量", "Nearest field force")}
                {move || ring_badge(nearby, "nearby-ring", locale.get())}
            </h3>
            {move || nearby_state(nearby.get(), locale.get(), Some(chosen))}
            <div class="field desk-note">
                <label for="desk-dispatch-note">{move || locale.t("派单备注（选填）", "Note for the task (optional)")}</label>
                <textarea id="desk-dispatch-note" data-test="dispatch-note" rows="2"
                    placeholder=move || locale.t("如：注意现场采样，带便携式检测仪", "e.g. take samples; bring the portable meter")
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" data-test="dispatch-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="actions-row desk-dispatch">
                <button type="button" class="button" data-test="dispatch-nearest" disabled=move || busy.get()
                    on:click=move |_| send(Vec::new())>
                    {move || locale.t("派最近两人", "Send the nearest two")}
                </button>
                <button type="button" class="button secondary" data-test="dispatch-chosen"
                    disabled=move || busy.get() || !enough()
                    title=move || (!enough()).then(|| locale.t("请至少勾选两人", "Tick at least two"))
                    on:click=move |_| send(chosen.get_untracked())>
                    {move || match locale.get() {
                        Lang::Zh => format!("派所选人员（{}）", chosen.with(Vec::len)),
                        Lang::En => format!("Send those ticked ({})", chosen.with(Vec::len)),
                    }}
                </button>
            </div>
        </section>
    }
}

/// 此处附近执法力量: the on-duty certified inspectors nearest a place picked on the map (the
/// caller's bureau, 3, 5, then 10 km, with the squad leaders when fewer than two), refreshed with
/// the desk; read only, since a dispatch is always of an alarm.
#[component]
fn PlaceNearby(
    at: (f64, f64),
    tick: RwSignal<u32>,
    place: RwSignal<Option<(f64, f64)>>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let nearby = RwSignal::new(None::<Result<Nearby, CallError>>);
    let bureau = session
        .0
        .with_untracked(|s| s.as_ref().map(|s| s.user.bureau.id));
    Effect::new(move || {
        tick.track();
        let lang = locale.get_untracked_lang();
        let Some(bureau_id) = bureau else { return };
        let q = NearbyQuery {
            bureau_id,
            latitude: at.0,
            longitude: at.1,
        };
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let q = q.clone();
                    async move { api.nearby(&q).await }
                })
                .await;
            match r {
                Err(_) if nearby.with_untracked(|x| matches!(x, Some(Ok(_)))) => {}
                r => {
                    nearby.try_set(Some(r));
                }
            }
        });
    });
    view! {
        <section class="desk-nearby desk-place" data-test="place-nearby" aria-labelledby="desk-place-title">
            <h3 id="desk-place-title">
                {move || locale.t("此处附近执法力量", "Field force near this place")}
                {move || ring_badge(nearby, "place-ring", locale.get())}
            </h3>
            <p class="muted desk-place-at">
                {move || match locale.get() {
                    Lang::Zh => format!("地图选点：东经 {:.5}°，北纬 {:.5}°", at.1, at.0),
                    Lang::En => format!("Picked on the map: {:.5}° E, {:.5}° N", at.1, at.0),
                }}
                <button type="button" class="link" data-test="place-clear" on:click=move |_| place.set(None)>
                    {move || locale.t("清除选点", "Clear")}
                </button>
            </p>
            {move || nearby_state(nearby.get(), locale.get(), None)}
        </section>
    }
}

/// The ring the nearest were found in (3, 5 or 10 km), once they are.
fn ring_badge(
    nearby: RwSignal<Option<Result<Nearby, CallError>>>,
    test: &'static str,
    lang: Lang,
) -> Option<AnyView> {
    let ring_m = nearby.with(|n| match n {
        Some(Ok(n)) => Some(n.ring_m),
        _ => None,
    })?;
    let text = match lang {
        Lang::Zh => format!("{} 公里内", ring_m / 1000),
        Lang::En => format!("within {} km", ring_m / 1000),
    };
    Some(
        view! { <span class="desk-ring" data-test=test data-ring-m=ring_m.to_string()>{text}</span> }
            .into_any(),
    )
}

/// The nearest inspectors as far as they are known: loading, the error, or [`nearby_body`].
fn nearby_state(
    state: Option<Result<Nearby, CallError>>,
    lang: Lang,
    chosen: Option<RwSignal<Vec<String>>>,
) -> AnyView {
    match state {
        None => view! { <p class="muted">"…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="notice" data-test="nearby-error">{e.message(lang)}</p> }.into_any()
        }
        Some(Ok(n)) => nearby_body(n, lang, chosen).into_any(),
    }
}

/// The nearest inspectors, each with a tick box when `chosen` collects them for a dispatch.
fn nearby_body(n: Nearby, lang: Lang, chosen: Option<RwSignal<Vec<String>>>) -> impl IntoView {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let rows = if n.inspectors.is_empty() {
        view! {
            <p class="muted desk-nearby-empty" data-test="nearby-empty">
                {l("范围内暂无在岗持证执法人员", "No certified inspector on duty within reach")}
            </p>
        }
        .into_any()
    } else {
        view! {
            <ul class="desk-nearby-list">
                {n.inspectors.into_iter().map(|i| {
                    let user = i.user_id.clone();
                    let check_id = format!("nearby-{}", i.user_id);
                    let check = chosen.map(|chosen| {
                        let ticked = {
                            let user = user.clone();
                            move || chosen.with(|c| c.contains(&user))
                        };
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|u| u != &user);
                                if on {
                                    c.push(user.clone());
                                }
                            });
                        };
                        view! {
                            <input type="checkbox" id=check_id.clone() data-test="nearby-check"
                                prop:checked=ticked on:change=toggle/>
                        }
                    });
                    let cert = if i.certificate_no.is_empty() { "—".to_string() } else { i.certificate_no.clone() };
                    view! {
                        <li class=format!("desk-nearby-row force-{}", i.status.css()) data-test="nearby-row"
                            data-user-id=i.user_id.clone() data-status=i.status.css() data-distance-m=i.distance_m.to_string()>
                            {check}
                            <label for=check_id class="desk-nearby-who">
                                <span class="name">{i.display_name.clone()}</span>
                                <span class="squad">{if i.squad_name.is_empty() { "—".to_string() } else { i.squad_name.clone() }}</span>
                                <span class="cert">{l("执法证号 ", "Certificate ")}{cert}</span>
                            </label>
                            <span class="desk-nearby-facts">
                                <span class="distance" data-test="nearby-distance">{distance_text(i.distance_m, lang)}</span>
                                <span class="seen">{age(i.last_seen_secs, lang)}</span>
                                <span class=format!("force-status force-status--{}", i.status.css())>{i.status.label(lang)}</span>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let leaders = (!n.squad_leaders.is_empty()).then(|| {
        view! {
            <div class="notice desk-leaders" data-test="squad-leaders">
                <p>{l("附近在岗持证人员不足两人，请联系中队长：", "Fewer than two certified inspectors nearby; call a squad leader:")}</p>
                <ul>
                    {n.squad_leaders.into_iter().map(|s| {
                        let tel = format!("tel:{}", s.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                        view! {
                            <li>
                                <span class="name">{s.display_name}</span>
                                <span class="squad">{s.squad_name}</span>
                                {(!s.phone.is_empty()).then(|| view! { <a href=tel class="tel">{s.phone.clone()}</a> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    view! { {rows} {leaders} }
}

fn alarm_body(d: AlarmDetail, lang: Lang) -> impl IntoView {
    let a = d.alarm;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let headline = a.kind.headline(&a.pollutant_name, lang);
    let dossier = format!("/e/{}/{}", a.bureau_id, a.enterprise_id);
    let pollutant = if a.pollutant.is_empty() {
        "—".to_string()
    } else if a.pollutant_name.is_empty() {
        a.pollutant.clone()
    } else {
        format!("{}（{}）", a.pollutant_name, a.pollutant)
    };
    let task = a.task_id.clone().map(|t| {
        view! {
            <dt>{l("派单任务", "Task")}</dt>
            <dd><a href=format!("/tasks/{}/{}", a.bureau_id, t) data-test="alarm-task">{l("查看任务", "Open the task")}</a></dd>
        }
    });
    let reason = a.closed_reason.clone().filter(|r| !r.is_empty()).map(|r| {
        view! {
            <dt>{l("关闭原因", "Closed because")}</dt>
            <dd class="pre" data-test="alarm-closed-reason">{r}</dd>
        }
    });
    // A late task has no readings: the task it is about takes the chart's and the values' place.
    let measured = match a.overdue_task_id.clone() {
        Some(t) => view! {
            <dt>{l("逾期任务", "Late task")}</dt>
            <dd><a href=format!("/tasks/{}/{}", a.bureau_id, t) data-test="alarm-overdue-task">{l("查看逾期任务", "Open the late task")}</a></dd>
            <dt>{l("提醒次数", "Reminders")}</dt><dd>{hits_text(a.hits, lang)}</dd>
        }
        .into_any(),
        None => view! {
            <dt>{l("监测因子", "Pollutant")}</dt><dd>{pollutant}</dd>
            <dt>{l("峰值", "Peak")}</dt><dd data-test="alarm-peak">{with_unit(a.peak, &a.unit)}</dd>
            <dt>{l("限值", "Limit")}</dt><dd>{with_unit(a.threshold, &a.unit)}</dd>
            <dt>{l("次数", "Hits")}</dt><dd>{hits_text(a.hits, lang)}</dd>
        }
        .into_any(),
    };
    let chart = a
        .overdue_task_id
        .is_none()
        .then(|| trend_chart(&d.trend, &a.pollutant_name, lang));
    view! {
        <div class="alarm-detail-head">
            <h2 id="alarm-detail-title">{headline}</h2>
            {status_badge(a.status, lang)}
        </div>
        <p class="alarm-where"><a href=dossier>{a.enterprise_name.clone()}</a><span class="sep">" · "</span>{a.point_name.clone()}</p>
        {chart}
        <dl class="alarm-fields">
            <dt>{l("报警类型", "Kind")}</dt><dd>{a.kind.label(lang)}</dd>
            {measured}
            <dt>{l("首次报警", "Opened")}</dt><dd>{china_time(lang, a.opened_at)}</dd>
            <dt>{l("最近报警", "Last")}</dt><dd>{china_time(lang, a.last_at)}</dd>
            <dt>{l("说明", "Detail")}</dt><dd>{if a.detail.is_empty() { "—".to_string() } else { a.detail.clone() }}</dd>
            {task}
            {reason}
        </dl>
    }
}

// The chart's frame in SVG units: scaled to the card's width, the text with it.
const W: f64 = 360.0;
const H: f64 = 176.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 22.0;
/// Below this many values every normal one gets a dot; above it the line alone shows them.
const DOTS_UP_TO: usize = 60;

/// The trend as an inline SVG: the values over time, the limit as a dashed red line, values
/// not flagged N (normal) hollow and grey.
fn trend_chart(t: &Trend, pollutant_name: &str, lang: Lang) -> AnyView {
    let points = &t.points;
    if points.is_empty() {
        return view! { <p class="muted alarm-trend-empty" data-test="alarm-trend-empty">{lang.pick("暂无趋势数据", "No values to chart")}</p> }
            .into_any();
    }
    let t0 = points.iter().map(|p| p.0).min().unwrap_or_default();
    let t1 = points.iter().map(|p| p.0).max().unwrap_or_default();
    let finite = || points.iter().map(|p| p.1).filter(|v| v.is_finite());
    let vmin = finite().fold(f64::INFINITY, f64::min);
    let vmax = finite().fold(f64::NEG_INFINITY, f64::max);
    let (vmin, vmax) = if vmin.is_finite() {
        (vmin, vmax)
    } else {
        (0.0, 0.0)
    };
    let threshold = t.threshold.filter(|x| x.is_finite());
    // The scale: every value and the limit, with a margin; from 0 when nothing is below it.
    let mut lo = threshold.map_or(vmin, |x| vmin.min(x));
    let mut hi = threshold.map_or(vmax, |x| vmax.max(x));
    if hi - lo < 1e-9 {
        let pad = (hi.abs() * 0.1).max(1.0);
        hi += pad;
        lo -= pad;
    } else {
        let pad = (hi - lo) * 0.08;
        hi += pad;
        lo = if lo >= 0.0 && lo - pad < 0.0 {
            0.0
        } else {
            lo - pad
        };
    }
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = move |ts: i64| {
        if t1 == t0 {
            LEFT + pw / 2.0
        } else {
            LEFT + (ts - t0) as f64 / (t1 - t0) as f64 * pw
        }
    };
    let y = move |v: f64| TOP + (hi - v) / (hi - lo) * ph;
    let line = points
        .iter()
        .filter(|p| p.1.is_finite())
        .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
        .collect::<Vec<_>>()
        .join(" ");
    let over = |v: f64| threshold.is_some_and(|th| v > th);
    let dots = points.len() <= DOTS_UP_TO;
    let marks = points
        .iter()
        .filter(|p| p.1.is_finite())
        .filter_map(|(ts, v, flag)| {
            let (cx, cy) = (format!("{:.1}", x(*ts)), format!("{:.1}", y(*v)));
            if flag != "N" {
                Some(view! { <circle class="pt flagged" cx=cx cy=cy r="3" data-flag=flag.clone()></circle> }.into_any())
            } else if over(*v) {
                Some(view! { <circle class="pt over" cx=cx cy=cy r="2.6"></circle> }.into_any())
            } else if dots {
                Some(view! { <circle class="pt" cx=cx cy=cy r="2"></circle> }.into_any())
            } else {
                None
            }
        })
        .collect_view();
    let limit = threshold.map(|th| {
        let ly = y(th);
        // The label above the line, or below it when the line runs along the top.
        let label_y = if ly - TOP < 12.0 { ly + 11.0 } else { ly - 4.0 };
        let label = format!("{} {}", lang.pick("限值", "Limit"), num(th));
        view! {
            <line class="limit" x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=format!("{ly:.1}") y2=format!("{ly:.1}")></line>
            <text class="limit-label" x=(W - RIGHT - 2.0).to_string() y=format!("{label_y:.1}") text-anchor="end">{label}</text>
        }
    });
    // A few times along the bottom: both ends and two between.
    let long = t1 - t0 > 20 * 3600;
    let ticks = if t1 == t0 {
        vec![t0]
    } else {
        (0..4).map(|i| t0 + (t1 - t0) * i / 3).collect()
    };
    let n_ticks = ticks.len();
    let x_labels = ticks
        .into_iter()
        .enumerate()
        .map(|(i, ts)| {
            let anchor = if n_ticks == 1 {
                "middle"
            } else if i == 0 {
                "start"
            } else if i + 1 == n_ticks {
                "end"
            } else {
                "middle"
            };
            let text = if long { china_md_hhmm(ts) } else { china_hhmm(ts) };
            view! {
                <line class="tick" x1=format!("{:.1}", x(ts)) x2=format!("{:.1}", x(ts)) y1=(H - BOTTOM).to_string() y2=(H - BOTTOM + 4.0).to_string()></line>
                <text class="axis-label" x=format!("{:.1}", x(ts)) y=(H - 6.0).to_string() text-anchor=anchor>{text}</text>
            }
        })
        .collect_view();

    // What the picture says, for those who cannot see it.
    let n = points.len();
    let flagged = points.iter().filter(|p| p.2 != "N").count();
    let n_over = points.iter().filter(|p| p.2 == "N" && over(p.1)).count();
    let unit = if t.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", t.unit)
    };
    let name = if pollutant_name.is_empty() {
        t.pollutant.as_str()
    } else {
        pollutant_name
    };
    let (from, to) = (china_time(lang, t0), china_time(lang, t1));
    let summary = match lang {
        Lang::Zh => {
            let mut s = format!(
                "{name}趋势图：{from}至{to}，共{n}个数据，最低{}、最高{}{unit}",
                num(vmin),
                num(vmax)
            );
            if let Some(th) = threshold {
                s.push_str(&format!(
                    "；限值{}{unit}，{n_over}个正常数据超过限值",
                    num(th)
                ));
            }
            if flagged > 0 {
                s.push_str(&format!("；{flagged}个数据带非正常标记"));
            }
            s
        }
        Lang::En => {
            let mut s = format!(
                "{name} trend: {n} values from {from} to {to}, lowest {}, highest {}{unit}",
                num(vmin),
                num(vmax)
            );
            if let Some(th) = threshold {
                s.push_str(&format!(
                    "; limit {}{unit}, {n_over} normal values over it",
                    num(th)
                ));
            }
            if flagged > 0 {
                s.push_str(&format!("; {flagged} values flagged not normal"));
            }
            s
        }
    };
    let y_unit = t.unit.clone();
    view! {
        <figure class="alarm-trend">
            <svg class="trend" data-test="alarm-trend" role="img" aria-label=summary viewBox=format!("0 0 {W} {H}")
                data-points=n.to_string() data-flagged=flagged.to_string()>
                <rect class="plot" x=LEFT.to_string() y=TOP.to_string() width=pw.to_string() height=ph.to_string()></rect>
                <text class="axis-label" x=(LEFT - 4.0).to_string() y=(TOP + 4.0).to_string() text-anchor="end">{num(hi)}</text>
                <text class="axis-label" x=(LEFT - 4.0).to_string() y=(H - BOTTOM).to_string() text-anchor="end">{num(lo)}</text>
                <text class="axis-label unit" x=(LEFT - 4.0).to_string() y=(TOP + ph / 2.0 + 3.0).to_string() text-anchor="end">{y_unit}</text>
                {limit}
                <polyline class="trend-line" points=line></polyline>
                {marks}
                {x_labels}
            </svg>
            <figcaption class="legend trend-legend" aria-hidden="true">
                <span class="key key-line"></span>{lang.pick("监测值", "Values")}
                {threshold.is_some().then(|| view! { <span class="key key-limit"></span>{lang.pick("限值", "Limit")} })}
                {(flagged > 0).then(|| view! { <span class="key key-flagged"></span>{lang.pick("非正常标记数据（如维护、校准）", "Flagged (maintenance, calibration …)")} })}
            </figcaption>
        </figure>
    }
    .into_any()
}

/// 确认 (a new alarm) and 关闭报警 with its reason.
#[component]
fn AlarmActions(
    bureau: i64,
    id: String,
    status: AlarmStatus,
    adopt: Callback<AlarmDetail>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let id = StoredValue::new(id);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let closing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());

    let acknowledge = move |_| {
        if busy.get_untracked() {
            return;
        }
        let lang = locale.get_untracked_lang();
        let id = id.get_value();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    async move { api.acknowledge_alarm(bureau, &id).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(d) => {
                    adopt.try_run(d);
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = locale.get_untracked_lang();
        let text = reason.get_untracked().trim().to_string();
        if text.is_empty() {
            error.set(Some(
                lang.pick("请填写关闭原因", "Give the reason for closing")
                    .into(),
            ));
            return;
        }
        let id = id.get_value();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let body = CloseAlarm { reason: text };
            let r = session
                .call(lang, |api| {
                    let id = id.clone();
                    let body = body.clone();
                    async move { api.close_alarm(bureau, &id, &body).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(d) => {
                    adopt.try_run(d);
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <div class="alarm-actions">
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" data-test="alarm-action-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <div class="actions-row">
                {(status == AlarmStatus::New).then(|| view! {
                    <button type="button" class="button" data-test="alarm-ack" disabled=move || busy.get() on:click=acknowledge>
                        {move || locale.t("确认", "Acknowledge")}
                    </button>
                })}
                <button type="button" class="button secondary" data-test="alarm-close"
                    aria-expanded=move || closing.get().to_string() aria-controls="alarm-close-form"
                    on:click=move |_| { error.set(None); closing.update(|c| *c = !*c) }>
                    {move || locale.t("关闭报警", "Close the alarm")}
                </button>
            </div>
            <Show when=move || closing.get()>
                <form class="alarm-close-form" id="alarm-close-form" on:submit=close>
                    <div class="field">
                        <label for="alarm-close-reason">{move || locale.t("关闭原因（必填）", "Reason for closing (required)")}</label>
                        <textarea id="alarm-close-reason" data-test="alarm-close-reason" rows="3" required
                            placeholder=move || locale.t("如：设备校准期间数据；已立案查处", "e.g. values during calibration; a case is open")
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="actions-row">
                        <button type="submit" class="button" data-test="alarm-close-submit" disabled=move || busy.get()>
                            {move || locale.t("确认关闭", "Close it")}
                        </button>
                        <button type="button" class="button secondary" on:click=move |_| { closing.set(false); error.set(None) }>
                            {move || locale.t("取消", "Cancel")}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
