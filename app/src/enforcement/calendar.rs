//! 节假日: the working-day calendar the statutory clocks count with — the official holidays
//! and the 调休 make-up working days of each year, as the State Council publishes them. The
//! province administrator keeps them; everyone else reads them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::enforcement::calendar::{CalendarEntry, DayKind};
use shared::enforcement::case::CalendarYear;
use shared::enforcement::day::Weekday;
use shared::enforcement::Day;
use shared::{Lang, Level};

use super::{day_text, today};
use crate::context::{Locale, Session};

fn weekday(d: Day, lang: Lang) -> &'static str {
    match d.weekday() {
        Weekday::Mon => lang.pick("星期一", "Mon"),
        Weekday::Tue => lang.pick("星期二", "Tue"),
        Weekday::Wed => lang.pick("星期三", "Wed"),
        Weekday::Thu => lang.pick("星期四", "Thu"),
        Weekday::Fri => lang.pick("星期五", "Fri"),
        Weekday::Sat => lang.pick("星期六", "Sat"),
        Weekday::Sun => lang.pick("星期日", "Sun"),
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let province = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.bureau.level == Level::Province)
        })
    };
    let entries = RwSignal::new(None::<Result<Vec<CalendarEntry>, String>>);
    let year = RwSignal::new(today().year());
    let dirty = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        let lang = locale.get_untracked_lang();
        let r = session
            .call(lang, |api| async move { api.calendar().await })
            .await
            .map_err(|e| e.message(lang));
        entries.set(Some(r));
    });
    let years = move || {
        let mut y: Vec<i32> = entries.with(|e| {
            e.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|l| l.iter().map(|x| x.day.year()).collect())
                .unwrap_or_default()
        });
        let now = today().year();
        y.extend([now, now + 1]);
        y.sort_unstable();
        y.dedup();
        y
    };
    let of_year = move || {
        let y = year.get();
        let mut l: Vec<CalendarEntry> = entries.with(|e| {
            e.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|l| l.iter().filter(|x| x.day.year() == y).cloned().collect())
                .unwrap_or_default()
        });
        l.sort_by_key(|x| x.day);
        l
    };
    let new_day = RwSignal::new(String::new());
    let new_kind = RwSignal::new(DayKind::Holiday);
    let new_name = RwSignal::new(String::new());
    let add = move |_| {
        let lang = locale.0.get_untracked();
        let Some(d) = Day::parse(&new_day.get_untracked()) else {
            message.set(Some((
                false,
                lang.pick("请选择日期", "Choose a day").into(),
            )));
            return;
        };
        if d.year() != year.get_untracked() {
            message.set(Some((
                false,
                match lang {
                    Lang::Zh => format!("所选日期不在{}年", year.get_untracked()),
                    Lang::En => format!("The day is not in {}", year.get_untracked()),
                },
            )));
            return;
        }
        let kind = new_kind.get_untracked();
        if kind == DayKind::Workday && !d.weekday().is_weekend() {
            message.set(Some((
                false,
                match lang {
                    Lang::Zh => format!("{}本是工作日，不能设为调休上班", d.zh()),
                    Lang::En => format!("{d} is a working day already"),
                },
            )));
            return;
        }
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() {
            message.set(Some((
                false,
                lang.pick("请填写名称（如 国庆节）", "Enter a name").into(),
            )));
            return;
        }
        let entry = CalendarEntry { day: d, kind, name };
        entries.update(|e| {
            if let Some(Ok(l)) = e {
                l.retain(|x| x.day != d);
                l.push(entry);
            }
        });
        new_day.set(String::new());
        dirty.set(true);
        message.set(None);
    };
    let remove = move |d: Day| {
        entries.update(|e| {
            if let Some(Ok(l)) = e {
                l.retain(|x| x.day != d);
            }
        });
        dirty.set(true);
    };
    let save = move |_| {
        let lang = locale.0.get_untracked();
        let y = year.get_untracked();
        let body = CalendarYear { entries: of_year() };
        busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.save_calendar(y, &body).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(saved) => {
                    // The answer is the year as stored (or the whole calendar): it replaces the year.
                    entries.update(|e| {
                        if let Some(Ok(l)) = e {
                            l.retain(|x| x.day.year() != y);
                            l.extend(saved.into_iter().filter(|x| x.day.year() == y));
                        }
                    });
                    dirty.set(false);
                    message.set(Some((
                        true,
                        match lang {
                            Lang::Zh => format!("{y}年的节假日安排已保存"),
                            Lang::En => format!("The {y} calendar is saved"),
                        },
                    )));
                }
                Err(e) => message.set(Some((false, e.message(lang)))),
            }
        });
    };
    view! {
        <section class="page calendar-page">
            <div class="page-head">
                <h1>{move || locale.t("节假日", "Holidays")}</h1>
                <div class="head-actions">
                    <select aria-label=move || locale.t("年份", "Year") data-test="calendar-year" on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() { year.set(y); }
                    }>
                        {move || years().into_iter().map(|y| view! { <option value=y.to_string() selected=move || year.get() == y>{move || match locale.get() { Lang::Zh => format!("{y}年"), Lang::En => y.to_string() }}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="muted">{move || locale.t(
                "法定期限按工作日计算时，以此处的放假和调休上班安排为准（依国务院办公厅公布的当年部分节假日安排）。",
                "Time limits in working days count with these holidays and make-up workdays (as the State Council publishes them).")}</p>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "ok-box" } else { "form-error" } role="status" data-test="calendar-message">{m}</p> })}
            {move || match entries.get() {
                None => view! { <p class="muted">"…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice">{e}</p> }.into_any(),
                Some(Ok(_)) => {
                    let lang = locale.get();
                    let ro = !province();
                    let list = of_year();
                    let (holidays, workdays) = (
                        list.iter().filter(|x| x.kind == DayKind::Holiday).count(),
                        list.iter().filter(|x| x.kind == DayKind::Workday).count(),
                    );
                    view! {
                        <div class="card calendar-card">
                            <p class="count">{match lang {
                                Lang::Zh => format!("{}年：放假{}天，调休上班{}天", year.get_untracked(), holidays, workdays),
                                Lang::En => format!("{}: {} holidays, {} make-up workdays", year.get_untracked(), holidays, workdays),
                            }}</p>
                            {if list.is_empty() {
                                view! { <p class="muted" data-test="calendar-empty">{lang.pick("本年尚未录入节假日安排", "Nothing entered for this year")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="list calendar-table">
                                        <thead><tr><th>{lang.pick("日期", "Day")}</th><th>{lang.pick("类型", "Kind")}</th><th>{lang.pick("名称", "Name")}</th><th></th></tr></thead>
                                        <tbody>{list.into_iter().map(|e| {
                                            let d = e.day;
                                            view! {
                                                <tr data-test="calendar-entry" data-day=d.to_string() class=format!("cal-{}", e.kind.code())>
                                                    <td data-label=lang.pick("日期", "Day")>{day_text(lang, d)}<span class="muted small weekday">{weekday(d, lang)}</span></td>
                                                    <td data-label=lang.pick("类型", "Kind")><span class=format!("chip cal-kind-{}", e.kind.code())>{e.kind.label(lang)}</span></td>
                                                    <td data-label=lang.pick("名称", "Name")>{e.name.clone()}</td>
                                                    <td class="actions">{(!ro).then(|| view! {
                                                        <button type="button" class="link danger" data-test="calendar-remove" on:click=move |_| remove(d)>{lang.pick("删除", "Remove")}</button>
                                                    })}</td>
                                                </tr>
                                            }
                                        }).collect_view()}</tbody>
                                    </table>
                                }.into_any()
                            }}
                        </div>
                        {(!ro).then(|| view! {
                            <div class="card calendar-add" data-test="calendar-add-form">
                                <h2>{lang.pick("添加日期", "Add a day")}</h2>
                                <div class="cal-add-row">
                                    <input type="date" aria-label=lang.pick("日期", "Day") data-test="calendar-day" prop:value=move || new_day.get() on:input=move |ev| new_day.set(event_target_value(&ev))/>
                                    <select aria-label=lang.pick("类型", "Kind") data-test="calendar-kind" on:change=move |ev| new_kind.set(DayKind::from_code(&event_target_value(&ev)).unwrap_or(DayKind::Holiday))>
                                        {DayKind::ALL.into_iter().map(|k| view! { <option value=k.code() selected=move || new_kind.get() == k>{k.label(lang)}</option> }).collect_view()}
                                    </select>
                                    <input type="text" aria-label=lang.pick("名称", "Name") data-test="calendar-name" placeholder=lang.pick("名称，如 国庆节", "Name, e.g. National Day")
                                        prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                                    <button type="button" class="button secondary" data-test="calendar-add" on:click=add>{lang.pick("添加", "Add")}</button>
                                </div>
                                <div class="actions-row">
                                    <button type="button" class="button" data-test="calendar-save" disabled=move || busy.get() || !dirty.get() on:click=save>
                                        {move || match locale.get() { Lang::Zh => format!("保存{}年安排", year.get()), Lang::En => format!("Save {}", year.get()) }}</button>
                                    <Show when=move || dirty.get()><span class="muted small">{lang.pick("有未保存的修改", "Unsaved changes")}</span></Show>
                                </div>
                            </div>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}
