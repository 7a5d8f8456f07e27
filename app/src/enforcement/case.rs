//! 案件页: one case with its procedure — the party and the cause, where the procedure stands,
//! its statutory clocks, who acts next, the steps the user may take (each with the form its
//! step records; the investigation report with the discretion calculator), the documents
//! issued, payments, the rectification loops and the history.

use std::sync::Arc;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use shared::enforcement::case::{
    ActionKind, CaseAction, CaseRole, CaseState, CaseStep, CaseView, CorrectionLine,
    CorrectionOrder, DocKind, DocumentCorrection, FollowUpDecision, Outcome, RectificationOutcome,
    RectificationView, ReinspectionResult, ServiceMethod,
};
use shared::enforcement::clocks::{Clock, ClockStatus, PauseKind};
use shared::enforcement::discretion::{amount_outside, DiscretionInput};
use shared::enforcement::Day;
use shared::{Lang, Role};
use wasm_bindgen::JsCast;

use super::calculator::{live, Calculator};
use super::{
    date_of, day_field, day_text, money, outcome_label, parse_yuan, state_badge, status_tone,
    today, yuan_input, SERVICE_METHODS,
};
use crate::api::CallError;
use crate::context::{Locale, Session};
use crate::ui::format::time_zh;

/// Loads the case again (after a refusal because someone else moved it meanwhile).
#[derive(Clone, Copy)]
struct CaseReload(Callback<()>);

/// A form's refusal, where the form is, with a way to load the case as it now is.
#[component]
fn ErrorBox(error: RwSignal<Option<String>>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let reload = use_context::<CaseReload>();
    view! {
        <Show when=move || error.with(Option::is_some)>
            <div class="form-error step-error" role="alert">
                <span data-test="step-error">{move || error.get().unwrap_or_default()}</span>
                {reload.map(|r| view! {
                    <button type="button" class="link" data-test="step-reload" on:click=move |_| r.0.run(())>{move || locale.t("重新载入案件", "Reload the case")}</button>
                })}
            </div>
        </Show>
    }
}

/// The procedure's stages as the stepper shows them.
const STAGES: [(&str, &str); 9] = [
    ("立案", "Filing"),
    ("调查取证", "Investigation"),
    ("案件审查", "Review"),
    ("告知听证", "Notice"),
    ("处罚决定", "Decision"),
    ("送达", "Service"),
    ("执行", "Execution"),
    ("结案", "Closure"),
    ("归档", "Archive"),
];

/// The stage a state stands at (`STAGES.len()` when every stage is done).
fn stage(s: CaseState) -> usize {
    use CaseState as S;
    match s {
        S::Proposed | S::NotFiled => 0,
        S::Investigating | S::Suspended => 1,
        S::InReview | S::Reported => 2,
        S::Notified | S::HearingRequested | S::HearingScheduled => 3,
        S::Decided => 5,
        S::Executing => 6,
        S::Executed => 7,
        S::Closed => 8,
        S::Archived => 9,
        // Ended off the path: where it stood is read from the history.
        S::Cancelled | S::Terminated | S::Transferred => 1,
    }
}

/// The user's session facts the page needs.
fn me(session: Session) -> (Vec<Role>, i64) {
    session.0.with(|s| {
        s.as_ref()
            .map(|s| (s.user.roles.clone(), s.user.bureau.id.0))
            .unwrap_or_default()
    })
}

async fn load(session: Session, lang: Lang, b: i64, id: String) -> Result<CaseView, CallError> {
    let key = format!("case:{b}:{id}");
    crate::offline::cached(&key, || async move {
        session
            .call(lang, |api| {
                let id = id.clone();
                async move { api.case(b, &id).await }
            })
            .await
    })
    .await
}

#[component]
pub fn CasePage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let case = RwSignal::new(None::<Result<CaseView, CallError>>);
    let notice = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    provide_context(CaseReload(Callback::new(move |_| {
        notice.set(None);
        reload.update(|n| *n += 1);
    })));
    Effect::new(move || {
        reload.get();
        let (b, id) = params.with(|p| {
            (
                p.get("bureau").unwrap_or_default(),
                p.get("id").unwrap_or_default(),
            )
        });
        let lang = locale.0.get_untracked();
        let b: i64 = b.parse().unwrap_or_default();
        spawn_local(async move {
            case.set(Some(load(session, lang, b, id).await));
        });
    });
    // A step's answer is the case as it now is: shown at once and kept for offline reading.
    let adopt = Callback::new(move |(v, done): (CaseView, String)| {
        let key = format!("case:{}:{}", v.bureau_id, v.id);
        let kept = v.clone();
        spawn_local(async move { crate::offline::cache_set(&key, &kept).await });
        case.set(Some(Ok(v)));
        notice.set(Some(done));
        // The notice and the case as it now stands are at the top.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    view! {
        <section class="page case-page">
            <p class="crumbs"><a href="/cases">{move || locale.t("‹ 案件办理", "‹ Cases")}</a></p>
            {move || notice.get().map(|n| view! { <p class="ok-box" role="status" data-test="step-done">{n}</p> })}
            {move || match case.get() {
                None => view! { <p class="muted">"…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice">{e.message(locale.get())}</p> }.into_any(),
                Some(Ok(v)) => view! { <CaseBody v=v adopt=adopt/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CaseBody(v: CaseView, adopt: Callback<(CaseView, String)>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let lang = locale.get_untracked_lang();
    let (_, my_bureau) = me(session);
    let open = RwSignal::new(None::<ActionKind>);
    let v = Arc::new(v);
    let read_only = v.bureau_id.0 != my_bureau && v.mine.is_empty();
    let source = {
        let label = v.source.label(lang);
        match &v.source_task_id {
            Some(t) => view! { <a href=format!("/tasks/{}/{}", v.bureau_id, t) data-test="case-source-task">{label}{lang.pick("（查看检查任务）", " (open the inspection)")}</a> }.into_any(),
            None if v.source_ref.is_empty() => view! { <span>{label}</span> }.into_any(),
            None => view! { <span data-test="case-source-ref">{format!("{label}（{}）", v.source_ref)}</span> }.into_any(),
        }
    };
    // Before the filing is approved the case has no number: the party names it.
    let numbered = v.number.is_some();
    let title = v.number.clone().unwrap_or_else(|| v.party.name.clone());
    let officers = v
        .officers
        .iter()
        .map(|o| match &o.certificate_no {
            Some(c) => format!("{}（{}）", o.display_name, c),
            None => o.display_name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、");
    let buttons: Vec<ActionKind> = v
        .mine
        .iter()
        .copied()
        .filter(|a| {
            !matches!(
                a,
                ActionKind::Reinspect
                    | ActionKind::Propose
                    | ActionKind::CorrectDocument
                    | ActionKind::DecideFollowUp
            )
        })
        .collect();
    let (va, vb, vc, vd, ve) = (v.clone(), v.clone(), v.clone(), v.clone(), v.clone());
    view! {
        <header class="card case-head" data-test="case-head" data-case-id=v.id.clone() data-revision=v.revision.to_string() data-state=v.state.code()>
            <div class="case-title">
                <h1>{title}</h1>
                {state_badge(v.state, lang)}
                {v.facts.major.then(|| view! { <span class="chip warn">{lang.pick("重大案件", "Major case")}</span> })}
                {v.review_required.then(|| view! { <span class="chip">{lang.pick("须法制审核", "Legal review required")}</span> })}
            </div>
            <p class="case-party">{numbered.then(|| view! { <strong>{v.party.name.clone()}</strong> })}
                {(!numbered).then(|| view! { <span class="pending small">{lang.pick("案件编号于批准立案后生成", "Numbered when the filing is approved")}</span> })}
                <span class="mono credit">{lang.pick("统一社会信用代码 ", "Credit code ")}{v.party.credit_code.clone()}</span></p>
            <dl class="facts">
                <dt>{lang.pick("案由", "Cause")}</dt><dd>{v.cause.clone()}</dd>
                {(!v.provisions.is_empty()).then(|| view! { <dt>{lang.pick("违反条款", "Provisions")}</dt><dd>{v.provisions.join("；")}</dd> })}
                <dt>{lang.pick("案件来源", "Source")}</dt><dd>{source}</dd>
                <dt>{lang.pick("承办人", "Officers")}</dt><dd>{officers}</dd>
                <dt>{lang.pick("法定代表人", "Legal rep.")}</dt><dd>{v.party.legal_representative.clone()}</dd>
                <dt>{lang.pick("地址", "Address")}</dt><dd>{v.party.address.clone()}</dd>
                <dt>{lang.pick("办案机关", "Bureau")}</dt><dd>{v.bureau_name.clone()}</dd>
                <dt>{lang.pick("登记日期", "Registered")}</dt><dd>{date_of(lang, &v.created_at)}</dd>
                {(v.facts.amount_fen > 0).then(|| view! { <dt>{lang.pick("拟罚款", "Fine")}</dt><dd class="money">{money(lang, v.facts.amount_fen)}</dd> })}
            </dl>
            // Read at the filing's approval; afterwards folded away.
            {(!v.summary.is_empty()).then(|| view! {
                <details class="case-summary" open={v.state == CaseState::Proposed}>
                    <summary>{lang.pick("案情简介及立案理由", "Summary and grounds")}</summary>
                    <p>{v.summary.clone()}</p>
                </details>
            })}
        </header>
        <Stepper v=va/>
        <div class="case-layout">
            <div class="case-clocks-wrap"><Clocks clocks=v.clocks.clone()/></div>
            <div class="case-main">
                <section class="card case-next" data-test="case-next">
                    <h2>{lang.pick("下一步由谁办理", "Who acts next")}</h2>
                    <NextList v=vb.clone()/>
                    {read_only.then(|| view! { <p class="muted small">{lang.pick("上级机关可查阅本案，不能办理。", "A superior bureau reads this case; it does not act on it.")}</p> })}
                    {(!buttons.is_empty()).then(|| view! {
                        <div class="actions-row case-actions">
                            {buttons.into_iter().map(|a| view! {
                                <button type="button" class="button" class:secondary=move || open.get() != Some(a)
                                    data-test=format!("case-action-{}", a.code())
                                    on:click=move |_| open.update(|o| *o = if *o == Some(a) { None } else { Some(a) })>{a.label(lang)}</button>
                            }).collect_view()}
                        </div>
                    })}
                    {move || open.get().map(|a| {
                        let close = Callback::new(move |_: ()| open.set(None));
                        // The case as the step left it replaces this one (the form closes with it).
                        let done = Callback::new(move |(v, msg): (CaseView, String)| adopt.run((v, msg)));
                        match a {
                            ActionKind::SubmitReport => view! { <ReportForm v=vb.clone() done=done close=close/> }.into_any(),
                            ActionKind::OrderCorrection => view! { <CorrectionForm v=vb.clone() done=done close=close/> }.into_any(),
                            a => view! { <StepForm kind=a v=vb.clone() done=done close=close/> }.into_any(),
                        }
                    })}
                </section>
                <Findings v=vc/>
                <Documents v=vd adopt=adopt/>
                <Money v=ve.clone()/>
                <Rectifications v=ve.clone() adopt=adopt/>
            </div>
            <aside class="case-rail">
                <History v=v.clone()/>
            </aside>
        </div>
    }
}

#[component]
fn Stepper(v: Arc<CaseView>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    let ended = !v.state.is_open() && !matches!(v.state, CaseState::Closed | CaseState::Archived);
    // Where an ended case stopped: the stage of the state it left.
    let at = if ended {
        v.steps.last().and_then(|s| s.from).map(stage).unwrap_or(0)
    } else {
        stage(v.state)
    };
    // On a narrow screen the stepper scrolls: the stage the case stands at is brought into view.
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move || {
        let Some(ol) = list.get() else { return };
        if let Ok(Some(li)) = ol.query_selector("li.current, li.stopped") {
            if let Ok(li) = li.dyn_into::<web_sys::HtmlElement>() {
                let left = li.offset_left() - (ol.client_width() - li.offset_width()) / 2;
                ol.set_scroll_left(left.max(0));
            }
        }
    });
    view! {
        <ol class="stepper" node_ref=list aria-label=lang.pick("办案流程", "Procedure") data-test="case-stepper">
            {STAGES.iter().enumerate().map(|(n, (zh, en))| {
                let class = if n < at { "done" } else if n == at && ended { "stopped" } else if n == at { "current" } else { "todo" };
                view! {
                    <li class=class aria-current=(n == at && !ended).then_some("step")>
                        <span class="dot">{if n < at { "✓".to_string() } else { (n + 1).to_string() }}</span>
                        <span class="name">{lang.pick(zh, en)}</span>
                        {(n == at && ended).then(|| view! { <span class="stop">{v.state.label(lang)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// What may follow, grouped by who takes it.
#[component]
fn NextList(v: Arc<CaseView>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    if v.next.is_empty() {
        let text = if v.state.is_open() {
            lang.pick("暂无可办理的步骤", "Nothing to do now")
        } else {
            lang.pick("本案已办结", "This case is finished")
        };
        return view! { <p class="muted">{text}</p> }.into_any();
    }
    let mut groups: Vec<(CaseRole, Vec<ActionKind>)> = Vec::new();
    for n in &v.next {
        match groups.iter_mut().find(|(r, _)| *r == n.role) {
            Some((_, list)) => list.push(n.action),
            None => groups.push((n.role, vec![n.action])),
        }
    }
    view! {
        <ul class="next-list">{groups.into_iter().map(|(role, list)| view! {
            <li><span class="role">{role.label(lang)}</span>
                <span>{list.iter().map(|a| a.label(lang)).collect::<Vec<_>>().join(lang.pick("、", ", "))}</span></li>
        }).collect_view()}</ul>
    }
    .into_any()
}

#[component]
fn Clocks(mut clocks: Vec<Clock>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    // What needs attention first; the limits already met last.
    clocks.sort_by_key(|c| match c.status {
        ClockStatus::Overdue => 0,
        ClockStatus::Approaching => 1,
        ClockStatus::Paused => 2,
        ClockStatus::Running => 3,
        ClockStatus::MetLate => 4,
        ClockStatus::Met => 5,
    });
    view! {
        <section class="card case-clocks">
            <h2>{lang.pick("法定期限", "Time limits")}</h2>
            {if clocks.is_empty() {
                view! { <p class="muted">{lang.pick("暂无计时中的期限", "No running time limit")}</p> }.into_any()
            } else {
                view! { <div class="clock-cards">{clocks.into_iter().map(|c| view! {
                    <article class=format!("clock tone-{}", status_tone(c.status)) data-test="case-clock" data-status=super::status_code(c.status)>
                        <h3>{c.kind.label(lang)}</h3>
                        <p class="due">{lang.pick("期限 ", "Due ")}{day_text(lang, c.due)}</p>
                        <p class="left">{c.status_text(lang)}</p>
                        <p class="muted small basis">{c.basis.clone()}</p>
                    </article>
                }).collect_view()}</div> }.into_any()
            }}
        </section>
    }
}

/// The investigation's proposal and its discretion reasoning, once reported.
#[component]
fn Findings(v: Arc<CaseView>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    if v.findings.is_empty() && v.recommendation.is_none() {
        return ().into_any();
    }
    view! {
        <section class="card case-findings">
            <h2>{lang.pick("调查终结报告", "Investigation report")}</h2>
            {v.facts.outcome.map(|o| view! { <p><span class="chip">{outcome_label(o, lang)}</span>
                {(v.facts.amount_fen > 0).then(|| view! { " "<strong class="money">{money(lang, v.facts.amount_fen)}</strong> })}</p> })}
            {(!v.findings.is_empty()).then(|| view! { <p class="pre">{v.findings.clone()}</p> })}
            {v.recommendation.clone().map(|r| view! {
                <h3>{lang.pick("裁量说明", "Discretion reasoning")}<span class="muted small">{match lang { Lang::Zh => format!("（裁量基准第{}版）", r.table_version), Lang::En => format!(" (benchmark v{})", r.table_version) }}</span></h3>
                <ol class="calc-lines">{r.lines.iter().map(|l| view! { <li><span>{match lang { Lang::Zh => l.text_zh.clone(), Lang::En => l.text_en.clone() }}</span></li> }).collect_view()}</ol>
            })}
            {v.outside_band.then(|| view! { <p class="notice">{lang.pick("拟罚款金额在建议幅度以外，理由：", "Outside the band; reason: ")}{v.amount_reason.clone()}</p> })}
        </section>
    }
    .into_any()
}

#[component]
fn Documents(v: Arc<CaseView>, adopt: Callback<(CaseView, String)>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let lang = locale.get_untracked_lang();
    let error = RwSignal::new(None::<String>);
    let (b, cid) = (v.bureau_id, v.id.clone());
    let download = move |doc_id: String, name: String| {
        let path = format!("/api/cases/{b}/{cid}/documents/{doc_id}/pdf");
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let p = path.clone();
                    async move { api.file(&p).await }
                })
                .await
            {
                Ok(bytes) => {
                    error.set(None);
                    crate::ui::download::save_file(
                        &bytes,
                        &format!("{name}.pdf"),
                        "application/pdf",
                    );
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let download = Arc::new(download);
    view! {
        <section class="card case-docs">
            <h2>{lang.pick("案件文书", "Documents")}</h2>
            <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p></Show>
            {if v.documents.is_empty() {
                view! { <p class="muted">{lang.pick("尚未制作文书", "No documents yet")}</p> }.into_any()
            } else {
                view! {
                    <table class="list stack docs-table">
                        <thead><tr>
                            <th>{lang.pick("文书", "Document")}</th><th>{lang.pick("文号", "Number")}</th>
                            <th>{lang.pick("签发日期", "Issued")}</th><th>{lang.pick("校验码（SHA-256）", "SHA-256")}</th><th></th>
                        </tr></thead>
                        <tbody>{v.documents.iter().map(|d| {
                            let dl = download.clone();
                            let (id, name) = (d.id.clone(), format!("{}-{}", d.title, d.number));
                            let number_of = |doc: &str| v.documents.iter().find(|x| x.id == doc).map(|x| x.number.clone());
                            let corrected_by: Vec<String> = v.documents.iter().filter(|x| x.corrects.as_deref() == Some(d.id.as_str())).map(|x| x.number.clone()).collect();
                            view! {
                                <tr data-test="case-doc" data-kind=d.kind.code() data-corrects=d.corrects.is_some().then_some("yes")>
                                    <td data-label=lang.pick("文书", "Document")><strong>{d.title.clone()}</strong>
                                        {d.corrects.as_deref().and_then(number_of).map(|n| view! { <div class="muted small">{lang.pick("更正 ", "Corrects ")}{n}</div> })}
                                        {(!corrected_by.is_empty()).then(|| view! { <div class="small corrected-note">{lang.pick("已被更正：", "Corrected by ")}{corrected_by.join("、")}</div> })}</td>
                                    <td data-label=lang.pick("文号", "Number") class="nowrap">{d.number.clone()}</td>
                                    <td data-label=lang.pick("签发日期", "Issued") class="nowrap">{date_of(lang, &d.issued_at)}<div class="muted small">{d.issued_by.clone()}</div></td>
                                    <td data-label=lang.pick("校验码（SHA-256）", "SHA-256")><span class="mono hash" title=d.sha256.clone()>{d.sha256.chars().take(12).collect::<String>()}"…"</span></td>
                                    <td class="actions"><button type="button" class="button secondary small" data-test=format!("doc-pdf-{}", d.kind.code())
                                        on:click=move |_| dl(id.clone(), name.clone())>{lang.pick("下载PDF", "PDF")}</button></td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
            {v.mine.contains(&ActionKind::CorrectDocument).then(|| view! { <CorrectForm v=v.clone() adopt=adopt/> })}
        </section>
    }
}

/// 更正文书: the document, each error with what it should read, and the reason; the leader's,
/// until the case file is bound. The corrected document stays as issued.
#[component]
fn CorrectForm(v: Arc<CaseView>, adopt: Callback<(CaseView, String)>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let docs: Vec<(String, String)> = v
        .documents
        .iter()
        .filter(|d| d.kind != DocKind::CaseFile)
        // The number first: on a phone the select shows the start, and the number tells a
        // document from its correction.
        .map(|d| (d.id.clone(), format!("{} {}", d.number, d.title)))
        .collect();
    // Chosen by the leader, never preset: a correction against the wrong document is a new error.
    let chosen = RwSignal::new(String::new());
    let lines = RwSignal::new(vec![(String::new(), String::new(), String::new())]);
    // How many lines the form shows, apart from their text: typing does not redraw the inputs.
    let count = RwSignal::new(1usize);
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let items: Vec<CorrectionLine> = lines
            .get_untracked()
            .into_iter()
            .filter(|(i, w, n)| {
                !(i.trim().is_empty() && w.trim().is_empty() && n.trim().is_empty())
            })
            .map(|(item, was, now)| CorrectionLine { item, was, now })
            .collect();
        if chosen.with_untracked(String::is_empty) {
            return error.set(Some(
                lang.pick("请选择被更正的文书", "Choose the document to correct")
                    .into(),
            ));
        }
        if items.is_empty()
            || items.iter().any(|l| {
                l.item.trim().is_empty() || l.was.trim().is_empty() || l.now.trim().is_empty()
            })
        {
            return error.set(Some(
                lang.pick(
                    "每项须填写更正事项、原文和更正后的内容",
                    "Each line needs the item, what it reads and what it should read",
                )
                .into(),
            ));
        }
        let reason = match nonempty(lang, &reason.get_untracked(), "更正理由", "reason") {
            Ok(t) => t,
            Err(e) => return error.set(Some(e)),
        };
        let body = DocumentCorrection {
            revision: v.revision,
            reason,
            items,
        };
        let (b, id, doc) = (v.bureau_id.0, v.id.clone(), chosen.get_untracked());
        busy.set(true);
        spawn_local(async move {
            let res = session
                .call(lang, |api| {
                    let (id, doc, body) = (id.clone(), doc.clone(), body.clone());
                    async move { api.correct_document(b, &id, &doc, &body).await }
                })
                .await;
            busy.set(false);
            match res {
                Ok(v) => adopt.run((v, lang.pick("更正文书已签发", "Correction issued").into())),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button secondary small" data-test="correct-open" on:click=move |_| open.set(true)>{move || locale.t("更正文书", "Correct a document")}</button>
        }>
            <form class="step-form" data-test="correct-form" on:submit=submit.clone()>
                <div class="field">
                    <label for="correct-doc">{move || locale.t("被更正的文书", "Document to correct")}</label>
                    <select id="correct-doc" data-test="correct-doc" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="" selected=move || chosen.with(String::is_empty)>{move || locale.t("请选择", "Choose")}</option>
                        {docs.iter().map(|(id, label)| {
                            let (a, id) = (id.clone(), id.clone());
                            view! { <option value=id selected=move || chosen.with(|c| *c == a)>{label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {move || (0..count.get()).map(|n| {
                    let cell = move |k: usize| move |ev: leptos::ev::Event| {
                        let text = event_target_value(&ev);
                        lines.update(|l| match k { 0 => l[n].0 = text, 1 => l[n].1 = text, _ => l[n].2 = text });
                    };
                    let get = move |k: usize| lines.with(|l| l.get(n).map(|x| match k { 0 => x.0.clone(), 1 => x.1.clone(), _ => x.2.clone() }).unwrap_or_default());
                    view! {
                        <fieldset class="correct-line">
                            <legend>{move || match locale.get() { Lang::Zh => format!("第{}项", n + 1), Lang::En => format!("Error {}", n + 1) }}</legend>
                            <div class="field"><label for=format!("correct-item-{n}")>{move || locale.t("更正事项（如：当事人地址）", "Item (e.g. the party's address)")}</label>
                                <input type="text" id=format!("correct-item-{n}") data-test=format!("correct-item-{n}") prop:value=move || get(0) on:input=cell(0)/></div>
                            <div class="field"><label for=format!("correct-was-{n}")>{move || locale.t("原文", "Reads")}</label>
                                <input type="text" id=format!("correct-was-{n}") data-test=format!("correct-was-{n}") prop:value=move || get(1) on:input=cell(1)/></div>
                            <div class="field"><label for=format!("correct-now-{n}")>{move || locale.t("更正为", "Should read")}</label>
                                <input type="text" id=format!("correct-now-{n}") data-test=format!("correct-now-{n}") prop:value=move || get(2) on:input=cell(2)/></div>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="correct-add-row">
                    <button type="button" class="button secondary small" data-test="correct-add" on:click=move |_| { lines.update(|l| l.push(Default::default())); count.update(|c| *c += 1); }>{move || locale.t("增加一项", "Add a line")}</button>
                </div>
                {text_area(locale, "correct-reason", "更正理由", "Reason", reason, 2)}
                <ErrorBox error=error/>
                <div class="actions-row">
                    <button type="submit" class="button" data-test="correct-submit" disabled=move || busy.get()>{move || locale.t("签发更正文书", "Issue the correction")}</button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn Money(v: Arc<CaseView>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    let paid: i64 = v.payments.iter().map(|p| p.amount_fen).sum();
    // A fine is owed from its decision on.
    let decided = matches!(
        v.state,
        CaseState::Decided
            | CaseState::Executing
            | CaseState::Executed
            | CaseState::Closed
            | CaseState::Archived
    );
    if (!decided || v.facts.amount_fen == 0) && v.payments.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card case-money" data-test="case-money">
            <h2>{lang.pick("罚款缴纳", "Payments")}</h2>
            <div class="money-figures">
                <div><span class="label">{lang.pick("罚款", "Fine")}</span><strong>{money(lang, v.facts.amount_fen)}</strong></div>
                <div><span class="label">{lang.pick("加处罚款", "Surcharge")}</span><strong class:bad={v.surcharge_fen > 0}>{money(lang, v.surcharge_fen)}</strong></div>
                <div><span class="label">{lang.pick("已缴", "Paid")}</span><strong>{money(lang, paid)}</strong></div>
                <div><span class="label">{lang.pick("尚欠", "Outstanding")}</span><strong class:bad={v.facts.outstanding_fen > 0} data-test="case-outstanding">{money(lang, v.facts.outstanding_fen)}</strong></div>
            </div>
            {(!v.payments.is_empty()).then(|| view! {
                <ul class="rows">{v.payments.iter().map(|p| view! {
                    <li><div><strong>{money(lang, p.amount_fen)}</strong><span class="muted">{day_text(lang, p.paid_on)}</span></div>
                        <div class="muted">{lang.pick("缴款凭证 ", "Receipt ")}{p.receipt.clone()}</div></li>
                }).collect_view()}</ul>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Rectifications(v: Arc<CaseView>, adopt: Callback<(CaseView, String)>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    let may_result = v.mine.contains(&ActionKind::Reinspect);
    let may_follow = v.mine.contains(&ActionKind::DecideFollowUp);
    if v.rectifications.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card case-rect" data-test="case-rectifications">
            <h2>{lang.pick("责令改正与复查", "Corrections and re-inspections")}</h2>
            <ul class="rect-list">{v.rectifications.iter().map(|r| {
                let open = may_result && r.outcome.is_none();
                view! {
                    <li data-test="rectification" data-id=r.id.clone()>
                        <div class="rect-head"><strong>{lang.pick("改正期限 ", "Deadline ")}{day_text(lang, r.deadline)}</strong>
                            <span class="muted">{lang.pick("责令于 ", "Ordered ")}{day_text(lang, r.ordered_on)}</span></div>
                        <p>{r.requirement.clone()}</p>
                        <div class="rect-task">
                            <a href=format!("/tasks/{}/{}", v.bureau_id, r.task_id) data-test="rect-task">{lang.pick("复查任务", "Re-inspection task")}</a>
                            <span class=format!("chip task-{}", r.task_status.code())>{r.task_status.label(lang)}</span>
                            {match r.outcome {
                                Some(o) => view! { <span class=if o == RectificationOutcome::Corrected { "chip ok" } else { "chip warn" }>{o.label(lang)}</span> }.into_any(),
                                None => view! { <span class="chip pending">{lang.pick("待复查", "Awaiting re-inspection")}</span> }.into_any(),
                            }}
                        </div>
                        {r.daily_penalty_days.map(|d| view! { <p class="muted">{match lang {
                            Lang::Zh => format!("按日连续处罚：{}日，计{}", d, money(lang, r.daily_penalty_fen.unwrap_or_default())),
                            Lang::En => format!("Daily penalty: {} days, {}", d, money(lang, r.daily_penalty_fen.unwrap_or_default())),
                        }}</p> })}
                        {r.follow_up.as_ref().map(|f| view! {
                            <p class="rect-follow" data-test="rect-follow-up">
                                <strong>{f.number.clone()}</strong>" "
                                {match (lang, f.amount_fen > 0) {
                                    (Lang::Zh, true) => format!("{}作出按日连续处罚决定，罚款{}", f.decided_on.zh(), money(lang, f.amount_fen)),
                                    (Lang::Zh, false) => format!("{}责令限制生产、停产整治{}个月", f.decided_on.zh(), f.months),
                                    (Lang::En, true) => format!("daily penalty decided {}, {}", f.decided_on, money(lang, f.amount_fen)),
                                    (Lang::En, false) => format!("restricted for {} months from {}", f.months, f.decided_on),
                                }}
                            </p>
                        })}
                        {open.then(|| view! { <ResultForm v=v.clone() r=r.clone() adopt=adopt/> })}
                        {(may_follow && r.follow_up.is_none() && matches!(r.outcome, Some(RectificationOutcome::DailyPenalty | RectificationOutcome::RestrictProduction)))
                            .then(|| view! { <FollowUpForm v=v.clone() r=r.clone() adopt=adopt/> })}
                    </li>
                }
            }).collect_view()}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn History(v: Arc<CaseView>) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    view! {
        <section class="card case-history">
            <h2>{lang.pick("办理记录", "History")}</h2>
            <ol class="timeline">{v.steps.iter().rev().map(|s| view! {
                <li class="info" data-test="case-step" data-action=s.action.code()>
                    <time>{time_zh(js_sys::Date::parse(&s.at) as i64 / 1000)}</time>
                    <div><span class="kind">{s.action.label(lang)}</span>" · "{s.actor_name.clone()}</div>
                    <div class="muted">{s.from.map(|f| format!("{} → ", f.label(lang)))}{s.to.label(lang)}</div>
                    {(!s.summary.is_empty()).then(|| view! { <div class="step-summary">{s.summary.clone()}</div> })}
                </li>
            }).collect_view()}</ol>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// The step forms

/// Sends a step on the revision the page shows; a refusal's message stays in the form.
fn send(
    session: Session,
    lang: Lang,
    v: &CaseView,
    action: CaseAction,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    done: Callback<(CaseView, String)>,
) {
    let kind = action.kind();
    let body = CaseStep {
        revision: v.revision,
        action,
    };
    let (b, id) = (v.bureau_id.0, v.id.clone());
    busy.set(true);
    spawn_local(async move {
        let r = session
            .call(lang, |api| {
                let (id, body) = (id.clone(), body.clone());
                async move { api.case_step(b, &id, &body).await }
            })
            .await;
        busy.set(false);
        match r {
            Ok(v) => {
                error.set(None);
                let msg = match lang {
                    Lang::Zh => format!("已办理：{}", kind.label(lang)),
                    Lang::En => format!("Done: {}", kind.label(lang)),
                };
                done.run((v, msg));
            }
            Err(e) => error.set(Some(e.message(lang))),
        }
    });
}

fn text_area(
    locale: Locale,
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    value: RwSignal<String>,
    rows: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || locale.t(zh, en)}</label>
            <textarea id=id data-test=id rows=rows prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
}

fn text_input(
    locale: Locale,
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || locale.t(zh, en)}</label>
            <input id=id data-test=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

fn date_input(
    locale: Locale,
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    value: RwSignal<Day>,
) -> impl IntoView {
    day_field(id, Signal::derive(move || locale.t(zh, en)), value)
}

fn method_select(locale: Locale, value: RwSignal<ServiceMethod>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="step-method">{move || locale.t("送达方式", "Service method")}</label>
            <select id="step-method" data-test="step-method" on:change=move |ev| {
                let c = event_target_value(&ev);
                if let Some((m, _)) = SERVICE_METHODS.iter().find(|(_, code)| *code == c) { value.set(*m); }
            }>
                {SERVICE_METHODS.iter().map(|(m, code)| {
                    let m = *m;
                    view! { <option value=*code selected=move || value.get() == m>{move || m.label(locale.get())}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn nonempty(lang: Lang, text: &str, zh: &'static str, en: &'static str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err(match lang {
            Lang::Zh => format!("请填写{zh}"),
            Lang::En => format!("Enter the {en}"),
        })
    } else {
        Ok(t.to_string())
    }
}

type Build = Arc<dyn Fn(Lang) -> Result<CaseAction, String> + Send + Sync>;

/// The form of every step but the report and the correction order.
#[component]
fn StepForm(
    kind: ActionKind,
    v: Arc<CaseView>,
    done: Callback<(CaseView, String)>,
    close: Callback<()>,
) -> impl IntoView {
    use ActionKind as A;
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let s = |x: &str| RwSignal::new(x.to_string());
    let (body, build): (AnyView, Build) = match kind {
        A::Approve | A::PassReview | A::SendBack | A::Close => {
            let opinion = s(match kind {
                A::Approve => "同意立案调查。",
                A::PassReview => "经审核，本案事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意。",
                A::Close => "同意结案。",
                _ => "",
            });
            (
                text_area(locale, "step-opinion", "意见", "Opinion", opinion, 4).into_any(),
                Arc::new(move |lang| {
                    let opinion = nonempty(lang, &opinion.get_untracked(), "意见", "opinion")?;
                    Ok(match kind {
                        A::Approve => CaseAction::Approve { opinion },
                        A::PassReview => CaseAction::PassReview { opinion },
                        A::SendBack => CaseAction::SendBack { opinion },
                        _ => CaseAction::Close { opinion },
                    })
                }),
            )
        }
        A::Reject | A::Resume | A::Terminate | A::Cancel => {
            let reason = s("");
            (
                text_area(locale, "step-reason", "理由", "Reason", reason, 4).into_any(),
                Arc::new(move |lang| {
                    let reason = nonempty(lang, &reason.get_untracked(), "理由", "reason")?;
                    Ok(match kind {
                        A::Reject => CaseAction::Reject { reason },
                        A::Resume => CaseAction::Resume { reason },
                        A::Terminate => CaseAction::Terminate { reason },
                        _ => CaseAction::Cancel { reason },
                    })
                }),
            )
        }
        A::Suspend => {
            let reason = s("");
            let pause = RwSignal::new(PauseKind::Suspension);
            (
                view! {
                    <div class="field">
                        <label for="step-pause">{move || locale.t("中止情形（不计入办案期限）", "Excluded period")}</label>
                        <select id="step-pause" data-test="step-pause" on:change=move |ev| {
                            if let Some(k) = event_target_value(&ev).parse::<usize>().ok().and_then(|n| PauseKind::ALL.get(n)) { pause.set(*k); }
                        }>
                            {PauseKind::ALL.iter().enumerate().map(|(n, k)| {
                                let k = *k;
                                view! { <option value=n.to_string() selected=move || pause.get() == k>{move || k.label(locale.get())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    {text_area(locale, "step-reason", "理由", "Reason", reason, 3)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::Suspend {
                        reason: nonempty(lang, &reason.get_untracked(), "理由", "reason")?,
                        kind: pause.get_untracked(),
                    })
                }),
            )
        }
        A::Transfer => {
            let (to, reason) = (s(""), s(""));
            (
                view! {
                    {text_input(locale, "step-to", "移送机关", "Transferred to", to)}
                    {text_area(locale, "step-reason", "理由", "Reason", reason, 3)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::Transfer {
                        to: nonempty(lang, &to.get_untracked(), "移送机关", "authority")?,
                        reason: nonempty(lang, &reason.get_untracked(), "理由", "reason")?,
                    })
                }),
            )
        }
        A::Extend => {
            let (days, reason) = (s("30"), s(""));
            (
                view! {
                    <div class="field">
                        <label for="step-days">{move || locale.t("延长天数", "Days")}</label>
                        <input id="step-days" data-test="step-days" type="number" min="1" max="90" inputmode="numeric" class="short"
                            prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                    </div>
                    {text_area(locale, "step-reason", "理由", "Reason", reason, 3)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    let d = days.get_untracked().trim().parse::<u32>().ok().filter(|d| *d > 0).ok_or_else(|| {
                        lang.pick("请填写延长的天数", "Enter the number of days").to_string()
                    })?;
                    Ok(CaseAction::Extend {
                        days: d,
                        reason: nonempty(lang, &reason.get_untracked(), "理由", "reason")?,
                    })
                }),
            )
        }
        A::RequestReview => (
            view! { <p class="muted">{move || locale.t("将调查终结报告和案卷送法制审核。", "Sends the report and the file to legal review.")}</p> }.into_any(),
            Arc::new(|_| Ok(CaseAction::RequestReview)),
        ),
        A::Archive => (
            view! { <p class="muted">{move || locale.t("案卷材料已齐全，立卷归档。", "The case file is complete; archive it.")}</p> }.into_any(),
            Arc::new(|_| Ok(CaseAction::Archive)),
        ),
        A::Discuss => {
            let attendees = RwSignal::new(Vec::<String>::new());
            let next = s("");
            let (minutes, conclusion) = (s(""), s(""));
            let add = move || {
                let n = next.get_untracked().trim().to_string();
                if !n.is_empty() {
                    attendees.update(|a| if !a.contains(&n) { a.push(n) });
                    next.set(String::new());
                }
            };
            (
                view! {
                    <div class="field">
                        <label for="step-attendee">{move || locale.t("参加人员", "Attendees")}</label>
                        <div class="attendees">
                            {move || attendees.get().into_iter().map(|a| {
                                let x = a.clone();
                                view! { <span class="chip attendee">{a}<button type="button" class="link" aria-label=move || locale.t("移除", "Remove")
                                    on:click=move |_| attendees.update(|l| l.retain(|y| *y != x))>"×"</button></span> }
                            }).collect_view()}
                        </div>
                        <div class="inline-add">
                            <input id="step-attendee" data-test="step-attendee" type="text" placeholder=move || locale.t("姓名、职务", "Name, title")
                                prop:value=move || next.get() on:input=move |ev| next.set(event_target_value(&ev))
                                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add(); }/>
                            <button type="button" class="button secondary" data-test="step-attendee-add" on:click=move |_| add()>{move || locale.t("添加", "Add")}</button>
                        </div>
                    </div>
                    {text_area(locale, "step-minutes", "讨论记录", "Minutes", minutes, 5)}
                    {text_input(locale, "step-conclusion", "讨论结论", "Conclusion", conclusion)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    let a = attendees.get_untracked();
                    if a.len() < 3 {
                        return Err(lang.pick("集体讨论至少应有三名参加人员", "List at least three attendees").into());
                    }
                    Ok(CaseAction::Discuss {
                        attendees: a,
                        minutes: nonempty(lang, &minutes.get_untracked(), "讨论记录", "minutes")?,
                        conclusion: nonempty(lang, &conclusion.get_untracked(), "讨论结论", "conclusion")?,
                    })
                }),
            )
        }
        A::Notify => {
            let (on, method) = (RwSignal::new(today()), RwSignal::new(ServiceMethod::Direct));
            (
                view! { {date_input(locale, "step-served-on", "告知书送达日期", "Served on", on)} {method_select(locale, method)} }.into_any(),
                Arc::new(move |_| Ok(CaseAction::Notify { served_on: on.get_untracked(), method: method.get_untracked() })),
            )
        }
        A::RecordStatement => {
            let text = s("");
            let adopted = RwSignal::new(false);
            (
                view! {
                    {text_area(locale, "step-statement", "陈述、申辩意见", "Statement", text, 5)}
                    <label class="check"><input type="checkbox" data-test="step-adopted" prop:checked=move || adopted.get()
                        on:change=move |ev| adopted.set(event_target_checked(&ev))/>{move || locale.t("意见成立，予以采纳", "Adopted")}</label>
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::RecordStatement {
                        text: nonempty(lang, &text.get_untracked(), "陈述、申辩意见", "statement")?,
                        adopted: adopted.get_untracked(),
                    })
                }),
            )
        }
        A::Waive | A::RequestHearing | A::Urge => {
            let on = RwSignal::new(today());
            let (zh, en) = match kind {
                A::Waive => ("书面放弃日期", "Waived on"),
                A::RequestHearing => ("收到听证申请日期", "Request received on"),
                _ => ("催告日期", "Reminder sent on"),
            };
            (
                date_input(locale, "step-on", zh, en, on).into_any(),
                Arc::new(move |_| {
                    let on = on.get_untracked();
                    Ok(match kind {
                        A::Waive => CaseAction::Waive { on },
                        A::RequestHearing => CaseAction::RequestHearing { on },
                        _ => CaseAction::Urge { on },
                    })
                }),
            )
        }
        A::ScheduleHearing => {
            let notice_on = RwSignal::new(today());
            let hearing_on = RwSignal::new(today().add_days(7));
            let (place, host) = (s(""), s(""));
            (
                view! {
                    <div class="grid2">
                        {date_input(locale, "step-notice-on", "听证通知送达日期", "Notice served on", notice_on)}
                        {date_input(locale, "step-hearing-on", "听证日期", "Hearing on", hearing_on)}
                    </div>
                    {text_input(locale, "step-place", "听证地点", "Place", place)}
                    {text_input(locale, "step-host", "听证主持人（非本案调查人员）", "Host (not an investigator)", host)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    let (n, h) = (notice_on.get_untracked(), hearing_on.get_untracked());
                    if n.days_until(h) < 7 {
                        return Err(lang.pick("听证通知应当在举行听证的七日前送达", "The notice must be served seven days before the hearing").into());
                    }
                    Ok(CaseAction::ScheduleHearing {
                        notice_on: n,
                        hearing_on: h,
                        place: nonempty(lang, &place.get_untracked(), "听证地点", "place")?,
                        host: nonempty(lang, &host.get_untracked(), "听证主持人", "host")?,
                    })
                }),
            )
        }
        A::RecordHearing => {
            let held_on = RwSignal::new(today());
            let (minutes, report) = (s(""), s(""));
            (
                view! {
                    {date_input(locale, "step-held-on", "听证日期", "Held on", held_on)}
                    {text_area(locale, "step-minutes", "听证笔录", "Hearing record", minutes, 5)}
                    {text_area(locale, "step-report", "听证报告", "Hearing report", report, 4)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::RecordHearing {
                        held_on: held_on.get_untracked(),
                        minutes: nonempty(lang, &minutes.get_untracked(), "听证笔录", "record")?,
                        report: nonempty(lang, &report.get_untracked(), "听证报告", "report")?,
                    })
                }),
            )
        }
        A::Decide => {
            let on = RwSignal::new(today());
            (
                date_input(locale, "step-decided-on", "决定日期", "Decided on", on).into_any(),
                Arc::new(move |_| Ok(CaseAction::Decide { decided_on: on.get_untracked() })),
            )
        }
        A::Serve => {
            let on = RwSignal::new(today());
            let method = RwSignal::new(ServiceMethod::Direct);
            let receiver = s(&v.party.legal_representative);
            (
                view! {
                    {date_input(locale, "step-served-on", "送达日期", "Served on", on)}
                    {method_select(locale, method)}
                    {text_input(locale, "step-receiver", "受送达人（签收人）", "Received by", receiver)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::Serve {
                        served_on: on.get_untracked(),
                        method: method.get_untracked(),
                        receiver: nonempty(lang, &receiver.get_untracked(), "受送达人", "receiver")?,
                    })
                }),
            )
        }
        A::RecordPayment => {
            let on = RwSignal::new(today());
            let amount = s(&yuan_input(v.facts.outstanding_fen.max(0)));
            let receipt = s("");
            (
                view! {
                    {date_input(locale, "step-paid-on", "缴款日期", "Paid on", on)}
                    <div class="field">
                        <label for="step-amount">{move || locale.t("缴款金额（元，含加处罚款）", "Amount (yuan, with surcharge)")}</label>
                        <input id="step-amount" data-test="step-amount" type="text" inputmode="decimal" class="short"
                            prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                    </div>
                    {text_input(locale, "step-receipt", "缴款凭证号", "Receipt number", receipt)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    let fen = parse_yuan(&amount.get_untracked()).filter(|f| *f > 0).ok_or_else(|| {
                        lang.pick("请填写缴款金额（元，最多两位小数）", "Enter the amount in yuan").to_string()
                    })?;
                    Ok(CaseAction::RecordPayment {
                        paid_on: on.get_untracked(),
                        amount_fen: fen,
                        receipt: nonempty(lang, &receipt.get_untracked(), "缴款凭证号", "receipt")?,
                    })
                }),
            )
        }
        A::Defer => {
            let due = RwSignal::new(today().add_days(90));
            let reason = s("");
            (
                view! {
                    {date_input(locale, "step-due", "缴纳最后期限", "Last due day", due)}
                    {text_area(locale, "step-reason", "理由", "Reason", reason, 3)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::Defer {
                        due: due.get_untracked(),
                        reason: nonempty(lang, &reason.get_untracked(), "理由", "reason")?,
                    })
                }),
            )
        }
        A::ApplyToCourt => {
            let on = RwSignal::new(today());
            let court = s("");
            (
                view! {
                    {date_input(locale, "step-on", "申请日期", "Applied on", on)}
                    {text_input(locale, "step-court", "人民法院", "Court", court)}
                }
                .into_any(),
                Arc::new(move |lang| {
                    Ok(CaseAction::ApplyToCourt {
                        on: on.get_untracked(),
                        court: nonempty(lang, &court.get_untracked(), "人民法院", "court")?,
                    })
                }),
            )
        }
        // Not steps of this form (their own forms, or not a step at all).
        A::SubmitReport | A::OrderCorrection | A::Reinspect | A::Propose | A::CorrectDocument | A::DecideFollowUp => (
            ().into_any(),
            Arc::new(move |lang| Err(lang.pick("此操作不能在此办理", "Not done here").into())),
        ),
    };
    let v2 = v.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        match build(lang) {
            Ok(action) => send(session, lang, &v2, action, error, busy, done),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="step-form" data-test=format!("step-form-{}", kind.code()) on:submit=submit>
            <h3>{move || kind.label(locale.get())}</h3>
            {body}
            <ErrorBox error=error/>
            <div class="actions-row">
                <button type="submit" class="button" data-test="step-submit" disabled=move || busy.get()>{move || locale.t("提交", "Submit")}</button>
                <button type="button" class="button secondary" on:click=move |_| close.run(())>{move || locale.t("取消", "Cancel")}</button>
            </div>
        </form>
    }
}

/// 调查终结报告 with the discretion calculator.
#[component]
fn ReportForm(
    v: Arc<CaseView>,
    done: Callback<(CaseView, String)>,
    close: Callback<()>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let table = LocalResource::new(move || {
        let lang = locale.get_untracked_lang();
        async move { super::benchmark(session, lang).await }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
            {move || table.get().map(|r| {
                let (t, kept, problem) = match r {
                    Ok((t, kept)) => (Some(t), kept, None),
                    Err(e) => (super::kept_benchmark(), true, Some(e.message(locale.get_untracked_lang()))),
                };
                view! { <ReportBody v=v.clone() table=t kept=kept problem=problem done=done close=close/> }
            })}
        </Suspense>
    }
}

#[component]
fn ReportBody(
    v: Arc<CaseView>,
    table: Option<shared::enforcement::discretion::BenchmarkTable>,
    kept: bool,
    problem: Option<String>,
    done: Callback<(CaseView, String)>,
    close: Callback<()>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // What the officer has written so far stays on the device (a report is often drafted
    // where there is no network, and sent later).
    let draft_key = format!("hj.report:{}:{}", v.bureau_id, v.id);
    let saved: Option<ReportDraft> = LocalStorage::get(&draft_key).ok();
    let has_draft = RwSignal::new(saved.is_some());
    let start = saved.unwrap_or_else(|| ReportDraft {
        findings: if v.findings.is_empty() {
            v.summary.clone()
        } else {
            v.findings.clone()
        },
        outcome: v.facts.outcome.unwrap_or(Outcome::Penalty),
        input: v.discretion.clone().unwrap_or_else(|| DiscretionInput {
            violation: v.violation.clone().unwrap_or_default(),
            ..Default::default()
        }),
        amount: if v.facts.amount_fen > 0 {
            yuan_input(v.facts.amount_fen)
        } else {
            String::new()
        },
        typed: v.facts.amount_fen > 0,
        reason: v.amount_reason.clone(),
    });
    let findings = RwSignal::new(start.findings);
    let outcome = RwSignal::new(start.outcome);
    let input = RwSignal::new(start.input);
    let version = table.as_ref().map(|t| t.version);
    let has_table = table.is_some();
    let stored = StoredValue::new(table.unwrap_or_else(|| {
        shared::enforcement::discretion::BenchmarkTable {
            province: String::new(),
            title: String::new(),
            version: 0,
            effective_from: today(),
            basis_note: String::new(),
            violations: vec![],
            adjustments: vec![],
            procedure: Default::default(),
        }
    }));
    let result = live(stored, input);
    // The amount follows the recommendation until the officer types one.
    let amount = RwSignal::new(start.amount);
    let typed = RwSignal::new(start.typed);
    Effect::new(move || {
        if let Some(Ok(r)) = result.get() {
            if !typed.get_untracked() {
                amount.set(yuan_input(r.amount_fen));
            }
        }
    });
    let reason = RwSignal::new(start.reason);
    {
        let key = draft_key.clone();
        // Every change after the first showing is kept.
        Effect::new(move |first: Option<()>| {
            let d = ReportDraft {
                findings: findings.get(),
                outcome: outcome.get(),
                input: input.get(),
                amount: amount.get(),
                typed: typed.get(),
                reason: reason.get(),
            };
            if first.is_some() {
                let _ = LocalStorage::set(&key, &d);
                has_draft.set(true);
            }
        });
    }
    let outside = Memo::new(move |_| {
        let fen = parse_yuan(&amount.get());
        match (result.get(), fen) {
            (Some(Ok(r)), Some(f)) => amount_outside(&r, f),
            _ => false,
        }
    });
    let v2 = v.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let build = || -> Result<CaseAction, String> {
            let findings = nonempty(lang, &findings.get_untracked(), "调查终结报告", "report")?;
            let o = outcome.get_untracked();
            let i = input.get_untracked();
            let discretion = if i.violation.is_empty() {
                None
            } else {
                match result.get_untracked() {
                    Some(Err(e)) => return Err(e.to_string()),
                    _ => Some(i),
                }
            };
            let amount_fen = match o {
                Outcome::NoPenalty => 0,
                Outcome::Penalty => parse_yuan(&amount.get_untracked())
                    .filter(|f| *f > 0)
                    .ok_or_else(|| {
                        lang.pick("请填写拟罚款金额（元）", "Enter the proposed fine in yuan")
                            .to_string()
                    })?,
            };
            let r = reason.get_untracked().trim().to_string();
            if o == Outcome::Penalty && outside.get_untracked() && r.is_empty() {
                return Err(lang
                    .pick(
                        "拟罚款金额在建议幅度以外，须写明理由",
                        "Outside the band: give the reason",
                    )
                    .into());
            }
            Ok(CaseAction::SubmitReport {
                findings,
                outcome: o,
                discretion,
                amount_fen,
                amount_reason: r,
            })
        };
        let key = draft_key.clone();
        let sent = Callback::new(move |r: (CaseView, String)| {
            LocalStorage::delete(&key);
            done.run(r);
        });
        match build() {
            Ok(a) => send(session, lang, &v2, a, error, busy, sent),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="step-form report-form" data-test="step-form-submit_report" on:submit=submit>
            <h3>{move || locale.t("调查终结报告", "Investigation report")}</h3>
            {text_area(locale, "step-findings", "调查认定的事实、证据和处理意见", "Facts, evidence and proposal", findings, 6)}
            <fieldset class="roles-pick outcome-pick">
                <legend>{move || locale.t("处理意见", "Proposal")}</legend>
                {[Outcome::Penalty, Outcome::NoPenalty].into_iter().map(|o| view! {
                    <label class="check"><input type="radio" name="outcome" data-test=format!("step-outcome-{}", if o == Outcome::Penalty { "penalty" } else { "no_penalty" })
                        prop:checked=move || outcome.get() == o on:change=move |_| outcome.set(o)/>{move || outcome_label(o, locale.get())}</label>
                }).collect_view()}
            </fieldset>
            {problem.map(|p| view! { <p class="notice">{p}</p> })}
            {(kept && has_table).then(|| view! { <p class="notice" data-test="calc-offline">{move || match locale.get() {
                Lang::Zh => format!("未连接服务器：使用本机保存的裁量基准（第{}版）计算", version.unwrap_or_default()),
                Lang::En => format!("Offline: computed with the benchmark kept on this device (version {})", version.unwrap_or_default()),
            }}</p> })}
            {if has_table {
                view! { <Calculator table=stored input=input result=result/> }.into_any()
            } else {
                view! { <p class="notice">{move || locale.t("本机没有裁量基准，联网后打开一次即可离线使用。", "No benchmark on this device: open it once online.")}</p> }.into_any()
            }}
            <Show when=move || outcome.get() == Outcome::Penalty>
                <div class="field amount-field">
                    <label for="report-amount">{move || locale.t("拟罚款金额（元）", "Proposed fine (yuan)")}</label>
                    <input id="report-amount" data-test="report-amount" type="text" inputmode="decimal" class="short"
                        prop:value=move || amount.get() on:input=move |ev| { typed.set(true); amount.set(event_target_value(&ev)); }/>
                    <span class="muted amount-words">{move || parse_yuan(&amount.get()).map(|f| money(locale.get(), f)).unwrap_or_default()}</span>
                </div>
                <Show when=move || outside.get()>
                    <div class="field">
                        <label for="report-amount-reason" class="warn-label">{move || locale.t("金额在建议幅度以外，请写明理由", "Outside the band: the reason")}</label>
                        <textarea id="report-amount-reason" data-test="report-amount-reason" rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                </Show>
            </Show>
            <ErrorBox error=error/>
            <Show when=move || has_draft.get()><p class="muted small" data-test="report-draft">{move || locale.t("报告草稿已保存在本机。", "The draft is kept on this device.")}</p></Show>
            <div class="actions-row">
                <button type="submit" class="button" data-test="step-submit" disabled=move || busy.get()>{move || locale.t("提交调查终结报告", "Submit the report")}</button>
                <button type="button" class="button secondary" on:click=move |_| close.run(())>{move || locale.t("取消", "Cancel")}</button>
            </div>
        </form>
    }
}

/// An investigation report as drafted on this device.
#[derive(Serialize, Deserialize)]
struct ReportDraft {
    findings: String,
    outcome: Outcome,
    input: DiscretionInput,
    amount: String,
    typed: bool,
    reason: String,
}

/// 责令改正: the deadline, the requirement and the two officers of the 复查.
#[component]
fn CorrectionForm(
    v: Arc<CaseView>,
    done: Callback<(CaseView, String)>,
    close: Callback<()>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let ordered_on = RwSignal::new(today());
    let deadline = RwSignal::new(today().add_days(30));
    let requirement = RwSignal::new(format!(
        "立即改正{}的违法行为，并于期限内完成整改，报送整改情况。",
        v.cause
    ));
    let chosen = RwSignal::new(
        v.officers
            .iter()
            .map(|o| o.user_id.clone())
            .collect::<Vec<_>>(),
    );
    let officers = v.officers.clone();
    let squad = LocalResource::new(move || {
        let lang = locale.get_untracked_lang();
        async move {
            session
                .call(lang, |api| async move { api.squad().await })
                .await
                .unwrap_or_default()
        }
    });
    // The case's officers and the squad's inspectors, each once.
    let people = move || {
        let mut list: Vec<(String, String, Option<String>)> = officers
            .iter()
            .map(|o| {
                (
                    o.user_id.clone(),
                    o.display_name.clone(),
                    o.certificate_no.clone(),
                )
            })
            .collect();
        for m in squad.get().unwrap_or_default() {
            if m.roles.contains(&Role::Inspector) && !list.iter().any(|(id, _, _)| *id == m.id) {
                list.push((
                    m.id.clone(),
                    m.display_name.clone(),
                    m.certificate_no.clone(),
                ));
            }
        }
        list
    };
    let v2 = v.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let ids = chosen.get_untracked();
        if ids.len() < 2 {
            error.set(Some(
                lang.pick(
                    "复查须由两名以上执法人员进行，请至少选择两人",
                    "Choose at least two inspectors",
                )
                .into(),
            ));
            return;
        }
        let req = match nonempty(
            lang,
            &requirement.get_untracked(),
            "改正要求",
            "requirement",
        ) {
            Ok(r) => r,
            Err(e) => return error.set(Some(e)),
        };
        if deadline.get_untracked() <= ordered_on.get_untracked() {
            error.set(Some(
                lang.pick(
                    "改正期限应晚于责令日期",
                    "The deadline must come after the order",
                )
                .into(),
            ));
            return;
        }
        let body = CorrectionOrder {
            revision: v2.revision,
            ordered_on: ordered_on.get_untracked(),
            deadline: deadline.get_untracked(),
            requirement: req,
            inspector_ids: ids,
        };
        let (b, id) = (v2.bureau_id.0, v2.id.clone());
        busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let (id, body) = (id.clone(), body.clone());
                    async move { api.order_correction(b, &id, &body).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(v) => done.run((
                    v,
                    lang.pick(
                        "已责令改正，复查任务已派发",
                        "Correction ordered; the re-inspection task is assigned",
                    )
                    .into(),
                )),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <form class="step-form" data-test="correction-form" on:submit=submit>
            <h3>{move || locale.t("责令改正", "Order to correct")}</h3>
            <div class="grid2">
                {date_input(locale, "corr-ordered-on", "责令日期", "Ordered on", ordered_on)}
                {date_input(locale, "corr-deadline", "改正期限", "Deadline", deadline)}
            </div>
            {text_area(locale, "corr-requirement", "改正要求", "Requirement", requirement, 3)}
            <fieldset class="roles-pick">
                <legend>{move || locale.t("复查执法人员（至少两人）", "Re-inspection officers (two or more)")}</legend>
                {move || people().into_iter().map(|(id, name, cert)| {
                    let (a, b) = (id.clone(), id.clone());
                    view! {
                        <label class="check"><input type="checkbox" data-test=format!("corr-inspector-{id}") prop:checked=move || chosen.with(|c| c.contains(&a))
                            on:change=move |ev| { let on = event_target_checked(&ev); let id = b.clone(); chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } }); }/>
                            {name}{cert.map(|c| view! { <span class="code">{c}</span> })}</label>
                    }
                }).collect_view()}
            </fieldset>
            <ErrorBox error=error/>
            <div class="actions-row">
                <button type="submit" class="button" data-test="correction-submit" disabled=move || busy.get()>{move || locale.t("责令改正并派发复查任务", "Order and assign the re-inspection")}</button>
                <button type="button" class="button secondary" on:click=move |_| close.run(())>{move || locale.t("取消", "Cancel")}</button>
            </div>
        </form>
    }
}

const OUTCOMES: [(RectificationOutcome, &str); 3] = [
    (RectificationOutcome::Corrected, "corrected"),
    (RectificationOutcome::DailyPenalty, "daily_penalty"),
    (
        RectificationOutcome::RestrictProduction,
        "restrict_production",
    ),
];

/// 复查结果 of one rectification.
/// The leader's follow-up of a 复查 found continuing: 按日连续处罚 (the days and the amount
/// shown before deciding) or 限制生产、停产整治 for 1 to 3 months.
#[component]
fn FollowUpForm(
    v: Arc<CaseView>,
    r: RectificationView,
    adopt: Callback<(CaseView, String)>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decided_on = RwSignal::new(today());
    let months = RwSignal::new(1u32);
    let note = RwSignal::new(String::new());
    let daily = r.outcome == Some(RectificationOutcome::DailyPenalty);
    let rid = r.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let (zh, en) = if daily {
            ("处理意见", "opinion")
        } else {
            ("整治要求", "the measures required")
        };
        let text = match nonempty(lang, &note.get_untracked(), zh, en) {
            Ok(t) => t,
            Err(e) => return error.set(Some(e)),
        };
        let body = FollowUpDecision {
            revision: v.revision,
            decided_on: decided_on.get_untracked(),
            months: if daily { 0 } else { months.get_untracked() },
            note: text,
        };
        let (b, id, rid) = (v.bureau_id.0, v.id.clone(), rid.clone());
        busy.set(true);
        spawn_local(async move {
            let res = session
                .call(lang, |api| {
                    let (id, rid, body) = (id.clone(), rid.clone(), body.clone());
                    async move { api.follow_up(b, &id, &rid, &body).await }
                })
                .await;
            busy.set(false);
            match res {
                Ok(v) => adopt.run((
                    v,
                    lang.pick("后续处理决定已作出", "Follow-up decided").into(),
                )),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let (title_zh, title_en) = if daily {
        ("作出按日连续处罚决定", "Decide the daily penalty")
    } else {
        ("作出限制生产、停产整治决定", "Decide the restriction")
    };
    let id = r.id.clone();
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button small" data-test="follow-up-open" on:click=move |_| open.set(true)>{move || locale.t(title_zh, title_en)}</button>
        }>
            <form class="step-form" data-test=format!("follow-up-form-{id}") on:submit=submit.clone()>
                {date_input(locale, "follow-up-on", "决定日期", "Decided on", decided_on)}
                {(!daily).then(|| view! {
                    <div class="field">
                        <label for="follow-up-months">{move || locale.t("期限（月，不超过三个月）", "Period (months, at most 3)")}</label>
                        <select id="follow-up-months" data-test="follow-up-months" on:change=move |ev| months.set(event_target_value(&ev).parse().unwrap_or(1))>
                            {[1u32, 2, 3].into_iter().map(|m| view! { <option value=m.to_string() selected=move || months.get() == m>{m}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                {text_area(locale, "follow-up-note", if daily { "处理意见" } else { "整治要求" }, "Opinion", note, 3)}
                <ErrorBox error=error/>
                <div class="actions-row">
                    <button type="submit" class="button" data-test="follow-up-submit" disabled=move || busy.get()>{move || locale.t("作出决定并制作文书", "Decide and issue")}</button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn ResultForm(
    v: Arc<CaseView>,
    r: RectificationView,
    adopt: Callback<(CaseView, String)>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let found_on = RwSignal::new(today());
    let outcome = RwSignal::new(RectificationOutcome::Corrected);
    let note = RwSignal::new(String::new());
    let rid = r.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let text = match nonempty(lang, &note.get_untracked(), "复查情况", "findings") {
            Ok(t) => t,
            Err(e) => return error.set(Some(e)),
        };
        let body = ReinspectionResult {
            revision: v.revision,
            found_on: found_on.get_untracked(),
            outcome: outcome.get_untracked(),
            note: text,
        };
        let (b, id, rid) = (v.bureau_id.0, v.id.clone(), rid.clone());
        busy.set(true);
        spawn_local(async move {
            let res = session
                .call(lang, |api| {
                    let (id, rid, body) = (id.clone(), rid.clone(), body.clone());
                    async move { api.reinspection_result(b, &id, &rid, &body).await }
                })
                .await;
            busy.set(false);
            match res {
                Ok(v) => adopt.run((
                    v,
                    lang.pick("复查结果已记录", "Re-inspection recorded").into(),
                )),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let id = r.id.clone();
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button secondary small" data-test="reinspect-open" on:click=move |_| open.set(true)>{move || locale.t("记录复查结果", "Record the result")}</button>
        }>
            <form class="step-form" data-test=format!("reinspect-form-{id}") on:submit=submit.clone()>
                {date_input(locale, "rect-found-on", "复查日期", "Re-inspected on", found_on)}
                <div class="field">
                    <label for="rect-outcome">{move || locale.t("复查结论", "Outcome")}</label>
                    <select id="rect-outcome" data-test="rect-outcome" on:change=move |ev| {
                        let c = event_target_value(&ev);
                        if let Some((o, _)) = OUTCOMES.iter().find(|(_, code)| *code == c) { outcome.set(*o); }
                    }>
                        {OUTCOMES.iter().map(|(o, code)| {
                            let o = *o;
                            view! { <option value=*code selected=move || outcome.get() == o>{move || o.label(locale.get())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {text_area(locale, "rect-note", "复查情况", "Findings", note, 3)}
                <ErrorBox error=error/>
                <div class="actions-row">
                    <button type="submit" class="button" data-test="reinspect-submit" disabled=move || busy.get()>{move || locale.t("提交复查结果", "Submit")}</button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                </div>
            </form>
        </Show>
    }
}
