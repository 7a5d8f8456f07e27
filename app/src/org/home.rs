//! The signed-in home screen (工作台), different for each kind of user: an inspector's own
//! work first, a leader's jurisdiction (with the county switcher for city and province).

use leptos::prelude::*;
use shared::auth::CurrentUser;
use shared::format::date_zh;
use shared::org::JurisdictionOverview;
use shared::policy::{home_kind, HomeKind};
use shared::query::BureauFilter;
use shared::{BureauId, Lang, Level};

use crate::context::{Locale, Session};
use crate::ui::icon::icon;

fn today(lang: Lang) -> String {
    let d = js_sys::Date::new_0();
    let (y, m, day) = (
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    );
    match lang {
        Lang::Zh => date_zh(y, m, day),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let user = move || session.0.get().map(|s| s.user);
    let kind = move || user().map(|u| home_kind(&u.roles, u.bureau.level));
    view! {
        <section class="home">
            <div class="greeting">
                <h1>{move || user().map(|u| u.display_name).unwrap_or_default()}
                    <span class="roles">{move || user().map(|u| u.roles.iter().map(|r| r.label(locale.get())).collect::<Vec<_>>().join(" · ")).unwrap_or_default()}</span>
                </h1>
                <p class="date">{move || today(locale.get())}</p>
            </div>
            {move || match (kind(), user()) {
                (Some(HomeKind::Inspector), Some(u)) => view! { <FieldHome user=u leader=false/> }.into_any(),
                (Some(HomeKind::SquadLeader), Some(u)) => view! { <FieldHome user=u leader=true/> }.into_any(),
                (Some(HomeKind::CityLeader | HomeKind::ProvinceLeader), Some(_)) => view! { <LeaderHome switcher=true/> }.into_any(),
                (Some(HomeKind::CountyLeader), Some(_)) => view! { <LeaderHome switcher=false/> }.into_any(),
                (Some(HomeKind::Admin), Some(_)) => view! { <AdminHome/> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// An inspector's or squad leader's home: own credentials and squad first; the squad leader
/// also sees the squad's officers.
#[component]
fn FieldHome(user: CurrentUser, leader: bool) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let squad = user
        .squad
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "—".into());
    let cert = user.certificate_no.clone().unwrap_or_else(|| "—".into());
    let bureau = user.bureau.name.clone();
    // The cards below the task list appear with it, not before: no jump when it arrives.
    let ready = RwSignal::new(false);
    view! {
        <div class="home-field">
            <crate::field::tasks::MyTasksCard ready=ready/>
            <Show when=move || ready.get()>
                <article class="card field-card">
                    <h2>{move || locale.t("我的执法", "My field work")}</h2>
                    <dl>
                        <dt>{move || locale.t("执法证号", "Certificate")}</dt><dd class="mono">{cert.clone()}</dd>
                        <dt>{move || locale.t("所属中队", "Squad")}</dt><dd>{squad.clone()}</dd>
                        <dt>{move || locale.t("所属单位", "Bureau")}</dt><dd>{bureau.clone()}</dd>
                    </dl>
                </article>
                <DueCasesCard/>
                <Show when=move || leader>
                    <crate::field::tasks::MyTasksCard squad=true/>
                    <SquadCard/>
                </Show>
                <OverviewCard bureau=Signal::derive(|| None) switcher=false/>
            </Show>
        </div>
    }
}

/// 临期案件: the cases whose statutory clock is near or past its limit, of those the user
/// watches (own, the squad's, or the jurisdiction's: the API's due queue). Shown only when
/// there are some.
#[component]
fn DueCasesCard() -> impl IntoView {
    use shared::enforcement::case::{CaseListQuery, CaseQueue};
    use shared::enforcement::clocks::ClockStatus;
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let due = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move {
                    api.cases(&CaseListQuery {
                        queue: CaseQueue::Due,
                        ..Default::default()
                    })
                    .await
                })
                .await
        }
    });
    move || {
        let lang = locale.get();
        let list = due.get().and_then(Result::ok).filter(|v| !v.is_empty())?;
        let overdue = list
            .iter()
            .filter(|c| c.due_status == Some(ClockStatus::Overdue))
            .count();
        let total = list.len();
        Some(view! {
            <article class="card due-cases" data-test="home-due-cases">
                <div class="card-head">
                    <h2>{lang.pick("临期案件", "Cases due")}</h2>
                    <a class="more" href="/cases?queue=due">{match lang {
                        Lang::Zh => format!("全部{total}件"),
                        Lang::En => format!("All {total}"),
                    }}</a>
                </div>
                {(overdue > 0).then(|| view! {
                    <p class="notice">{match lang {
                        Lang::Zh => format!("{overdue}件已超过法定期限"),
                        Lang::En => format!("{overdue} past the statutory limit"),
                    }}</p>
                })}
                <ul class="due-list">
                    {list.into_iter().take(5).map(|c| {
                        let late = c.due_status == Some(ClockStatus::Overdue);
                        let when = c.next_due.map(|d| match lang {
                            Lang::Zh => d.zh(),
                            Lang::En => d.to_string(),
                        }).unwrap_or_default();
                        view! {
                            <li data-test="home-due-case">
                                <a href=format!("/cases/{}/{}", c.bureau_id, c.id)>
                                    <span class="party">{c.party_name}</span>
                                    <span class="cause muted">{c.cause}</span>
                                </a>
                                <span class="due" class:tone-red=late class:tone-amber=!late>
                                    {when}" "{if late { lang.pick("已超期", "Overdue") } else { lang.pick("临期", "Due soon") }}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </article>
        })
    }
}

/// 本中队: the squad's officers with their certificates (the law requires two per inspection).
#[component]
fn SquadCard() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let members = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.squad().await })
                .await
        }
    });
    view! {
        <article class="card squad-card">
            <h2>{move || locale.t("本中队执法人员", "Officers of my squad")}</h2>
            <Transition fallback=|| ()>
                {move || members.get().map(|r| match r {
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="units">
                            <thead><tr>
                                <th>{locale.t("姓名", "Name")}</th>
                                <th>{locale.t("执法证号", "Certificate")}</th>
                                <th class="num">{locale.t("有效期至", "Valid until")}</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|m| view! {
                                <tr>
                                    <td>{m.display_name}</td>
                                    <td class="mono">{m.certificate_no.unwrap_or_else(|| "—".into())}</td>
                                    <td class="num">{m.certificate_valid_until.map(|d| shared::format::iso_date_zh(&d)).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </article>
    }
}

/// A leader's home: the jurisdiction, and for city and province a switcher to one county.
#[component]
fn LeaderHome(switcher: bool) -> impl IntoView {
    let chosen = RwSignal::new(None::<BureauId>);
    view! {
        <div class="home-leader">
            <DueCasesCard/>
            <OverviewCard bureau=chosen.into() switcher=switcher chosen=chosen/>
        </div>
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <div class="home-admin">
            <div class="quick-links">
                <a class="quick" href="/admin/users">{icon("users")}{move || locale.t("用户管理", "Users")}</a>
                <a class="quick" href="/admin/audit">{icon("audit")}{move || locale.t("审计日志", "Audit trail")}</a>
                <a class="quick" href="/admin/devices">{icon("devices")}{move || locale.t("设备管理", "Devices")}</a>
            </div>
            <OverviewCard bureau=Signal::derive(|| None) switcher=false/>
        </div>
    }
}

/// 辖区概况: totals of the jurisdiction and, bureau by bureau, its figures.
#[component]
fn OverviewCard(
    bureau: Signal<Option<BureauId>>,
    switcher: bool,
    #[prop(optional)] chosen: Option<RwSignal<Option<BureauId>>>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    // The units of the whole jurisdiction, for the switcher (loaded once; without a switcher
    // not asked for at all).
    let whole = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            if !switcher {
                return Ok(None);
            }
            session
                .call(lang, |api| async move {
                    api.overview(&BureauFilter::default()).await
                })
                .await
                .map(Some)
        }
    });
    let data = LocalResource::new(move || {
        let lang = locale.get();
        let b = bureau.get();
        async move {
            session
                .call(lang, move |api| async move {
                    api.overview(&BureauFilter {
                        bureau: b.map(|b| b.0),
                    })
                    .await
                })
                .await
        }
    });
    view! {
        <article class="card overview">
            <div class="card-head">
                <h2>{move || locale.t("辖区概况", "Jurisdiction")}</h2>
                <Show when=move || switcher>
                    <label class="switcher">
                        <span>{move || locale.t("区县切换", "County")}</span>
                        <select on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(c) = chosen { c.set(v.parse().ok().map(BureauId)); }
                        }>
                            <option value="">{move || locale.t("全部辖区", "Whole jurisdiction")}</option>
                            {move || whole.get().and_then(Result::ok).flatten().map(|o| o.units.into_iter()
                                .filter(|u| u.bureau.level == Level::County || u.bureau.level == Level::City)
                                .filter(|u| u.bureau.id != o.root.id)
                                .map(|u| view! { <option value=u.bureau.id.to_string()>{u.bureau.name}</option> })
                                .collect_view())}
                        </select>
                    </label>
                </Show>
            </div>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || data.get().map(|r| match r {
                    Ok(o) => view! { <OverviewBody overview=o/> }.into_any(),
                    Err(e) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                })}
            </Transition>
        </article>
    }
}

#[component]
fn OverviewBody(overview: JurisdictionOverview) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let several = overview.units.len() > 1;
    let squads: u64 = overview.units.iter().map(|u| u.squads).sum();
    let rows = overview.units.clone();
    view! {
        <p class="overview-root">{overview.root.name.clone()}</p>
        <div class="stats">
            <div class="stat"><span class="value">{overview.enterprises}</span>
                <span class="label">{move || locale.t("监管企业", "Enterprises")}</span></div>
            <div class="stat"><span class="value">{overview.inspectors}</span>
                <span class="label">{move || locale.t("执法人员", "Inspectors")}</span></div>
            <div class="stat"><span class="value">{squads}</span>
                <span class="label">{move || locale.t("执法中队", "Squads")}</span></div>
        </div>
        <Show when=move || several>
            <table class="units">
                <thead><tr>
                    <th>{move || locale.t("单位", "Bureau")}</th>
                    <th class="num">{move || locale.t("企业", "Enterprises")}</th>
                    <th class="num">{move || locale.t("执法人员", "Inspectors")}</th>
                </tr></thead>
                <tbody>
                    {rows.iter().map(|u| view! {
                        <tr>
                            <td>{u.bureau.name.clone()}<span class="code">{u.bureau.division_code.to_string()}</span></td>
                            <td class="num">{u.enterprises}</td>
                            <td class="num">{u.inspectors}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
