//! 案件列表: the jurisdiction's cases by queue — the officer's own, those awaiting the legal
//! reviewer or the leader, those with a time limit near or past, all. A city or province sees
//! its counties' cases (read only) with the bureau's name.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::enforcement::case::{CaseListQuery, CaseQueue, CaseSummary};
use shared::enforcement::clocks::ClockStatus;
use shared::{Lang, Level, Role};

use super::{day_text, money, state_badge, status_tone};
use crate::context::{Locale, Session};

struct Tab {
    queue: CaseQueue,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    /// Shown to these roles only (every role when empty).
    roles: &'static [Role],
}

const TABS: [Tab; 5] = [
    Tab {
        queue: CaseQueue::Mine,
        code: "mine",
        zh: "我的案件",
        en: "My cases",
        roles: &[Role::Inspector, Role::SquadLeader],
    },
    Tab {
        queue: CaseQueue::Review,
        code: "review",
        zh: "待审核",
        en: "Legal review",
        roles: &[Role::LegalReviewer],
    },
    Tab {
        queue: CaseQueue::Approvals,
        code: "approvals",
        zh: "待审批",
        en: "Approvals",
        roles: &[Role::BureauLeader],
    },
    Tab {
        queue: CaseQueue::Due,
        code: "due",
        zh: "临期/超期",
        en: "Due soon / overdue",
        roles: &[],
    },
    Tab {
        queue: CaseQueue::All,
        code: "all",
        zh: "全部",
        en: "All",
        roles: &[],
    },
];

fn due_mark(c: &CaseSummary, lang: Lang) -> AnyView {
    match (c.next_due, c.due_status) {
        (Some(d), status) => {
            let tone = status.map(status_tone).unwrap_or("green");
            let word = match status {
                Some(ClockStatus::Overdue) => lang.pick("已超期", "Overdue"),
                Some(ClockStatus::Approaching) => lang.pick("临期", "Due soon"),
                Some(ClockStatus::Paused) => lang.pick("中止", "Paused"),
                _ => "",
            };
            view! {
                <span class=format!("due tone-{tone}") data-test="case-due" data-status=status.map(super::status_code).unwrap_or("")>
                    <span class="mark" aria-hidden="true"></span>{day_text(lang, d)}
                    {(!word.is_empty()).then(|| view! { <span class="due-word">{word}</span> })}
                </span>
            }
            .into_any()
        }
        (None, _) => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let query = use_query_map();
    let navigate = use_navigate();
    let roles = move || {
        session
            .0
            .with(|s| s.as_ref().map(|s| s.user.roles.clone()).unwrap_or_default())
    };
    let above_county = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| matches!(s.user.bureau.level, Level::City | Level::Province))
        })
    };
    let tabs = Memo::new(move |_| {
        let r = roles();
        TABS.iter()
            .enumerate()
            .filter(|(_, t)| t.roles.is_empty() || t.roles.iter().any(|x| r.contains(x)))
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    });
    let current = Memo::new(move |_| {
        let asked = query.with(|q| q.get("queue"));
        let visible = tabs.get();
        asked
            .and_then(|a| visible.iter().copied().find(|n| TABS[*n].code == a))
            .or_else(|| visible.first().copied())
            .unwrap_or(TABS.len() - 1)
    });
    let list = LocalResource::new(move || {
        let lang = locale.get();
        let q = CaseListQuery {
            queue: TABS[current.get()].queue,
            ..Default::default()
        };
        async move {
            // Kept on the device: the list (and the officer's own open cases, below) open
            // without a network too.
            let key = format!("cases:{}", TABS[current.get_untracked()].code);
            crate::offline::cached(&key, || async {
                session
                    .call(lang, |api| {
                        let q = q.clone();
                        async move { api.cases(&q).await }
                    })
                    .await
            })
            .await
        }
    });
    // Once the list is here: the benchmark for the calculator, and the officer's own open
    // cases, each kept for offline use.
    let kept = StoredValue::new(false);
    Effect::new(move || {
        let Some(Ok(v)) = list.get() else { return };
        if kept.get_value() || TABS[current.get_untracked()].queue != CaseQueue::Mine {
            return;
        }
        kept.set_value(true);
        let lang = locale.get_untracked_lang();
        let open: Vec<(i64, String)> = v
            .iter()
            .filter(|c| c.state.is_open())
            .take(20)
            .map(|c| (c.bureau_id.0, c.id.clone()))
            .collect();
        leptos::task::spawn_local(async move {
            let _ = super::benchmark(session, lang).await;
            for (b, id) in open {
                let key = format!("case:{b}:{id}");
                let _ = crate::offline::cached(&key, || async {
                    session
                        .call(lang, |api| {
                            let id = id.clone();
                            async move { api.case(b, &id).await }
                        })
                        .await
                })
                .await;
            }
        });
    });
    view! {
        <section class="page cases-page">
            <div class="page-head">
                <h1>{move || locale.t("案件办理", "Cases")}</h1>
                <Show when=move || session.0.with(|s| s.as_ref().is_some_and(|s| s.user.certificate_no.is_some() && !above_county()))>
                    <a class="button secondary small" href="/enterprises" data-test="cases-register"
                        title=move || locale.t("举报、交办移送、监控报警等线索：在污染源档案中选定当事人后登记", "Complaints, transfers, alarms: choose the party in the dossier, then register")>
                        {move || locale.t("登记案件（选择当事人）", "Register a case (choose the party)")}</a>
                </Show>
            </div>
            <div class="tabs case-tabs" role="tablist">
                {move || tabs.get().into_iter().map(|n| {
                    let t = &TABS[n];
                    let navigate = navigate.clone();
                    view! {
                        <button type="button" role="tab" data-test=format!("case-queue-{}", t.code)
                            class:active=move || current.get() == n aria-selected=move || (current.get() == n).to_string()
                            on:click=move |_| navigate(&format!("/cases?queue={}", TABS[n].code), Default::default())>
                            {move || locale.t(TABS[n].zh, TABS[n].en)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || list.get().map(|r| {
                    let lang = locale.get();
                    match r {
                        Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                        Ok(v) if v.is_empty() => view! { <p class="muted empty-queue" data-test="case-empty">{lang.pick("此队列暂无案件", "No cases in this queue")}</p> }.into_any(),
                        Ok(v) => {
                            let mine = session.0.with_untracked(|s| s.as_ref().map(|s| s.user.bureau.id));
                            let bureaus = above_county() || v.iter().any(|c| Some(c.bureau_id) != mine);
                            view! {
                                <p class="count muted">{match lang { Lang::Zh => format!("共{}件", v.len()), Lang::En => format!("{} cases", v.len()) }}</p>
                                <div class="table-wrap">
                                    <table class="list stack cases-table">
                                        <thead><tr>
                                            <th>{lang.pick("案件编号", "Number")}</th>
                                            <th>{lang.pick("当事人", "Party")}</th>
                                            <th>{lang.pick("案由", "Cause")}</th>
                                            <th>{lang.pick("状态", "State")}</th>
                                            <th class="num">{lang.pick("罚款", "Fine")}</th>
                                            <th>{lang.pick("承办人", "Officers")}</th>
                                            <th>{lang.pick("最近期限", "Next due")}</th>
                                            {bureaus.then(|| view! { <th>{lang.pick("办案机关", "Bureau")}</th> })}
                                        </tr></thead>
                                        <tbody>{v.into_iter().map(|c| {
                                            let href = format!("/cases/{}/{}", c.bureau_id, c.id);
                                            view! {
                                                <tr data-test="case-row" data-case-id=c.id.clone() data-state=c.state.code()>
                                                    <td data-label=lang.pick("案件编号", "Number") class="case-no">
                                                        <a href=href.clone()>{match &c.number {
                                                            Some(n) => view! { <span>{n.clone()}</span> }.into_any(),
                                                            None => view! { <span class="pending">{lang.pick("立案待批", "Awaiting filing")}</span> }.into_any(),
                                                        }}</a>
                                                    </td>
                                                    <td data-label=lang.pick("当事人", "Party") class="party"><a href=href>{c.party_name.clone()}</a></td>
                                                    <td data-label=lang.pick("案由", "Cause") class="cause">{c.cause.clone()}</td>
                                                    <td data-label=lang.pick("状态", "State")>{state_badge(c.state, lang)}</td>
                                                    <td data-label=lang.pick("罚款", "Fine") class="num">{if c.amount_fen > 0 { money(lang, c.amount_fen) } else { "—".into() }}</td>
                                                    <td data-label=lang.pick("承办人", "Officers")>{c.officer_names.join("、")}</td>
                                                    <td data-label=lang.pick("最近期限", "Next due")>{due_mark(&c, lang)}</td>
                                                    {bureaus.then(|| view! { <td data-label=lang.pick("办案机关", "Bureau") class="muted">{c.bureau_name.clone()}</td> })}
                                                </tr>
                                            }
                                        }).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
