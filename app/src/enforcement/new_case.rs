//! 立案: on the inspection page of a task whose inspection found problems, the task's
//! inspectors open a case (立案审批表, for the leader's approval) prefilled from those problems;
//! on an enterprise's dossier, a case officer registers one from a complaint, a transfer, an
//! alarm or another clue.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::enforcement::case::{CaseListQuery, CaseQueue, CaseSource, NewCase};
use shared::inspection::InspectionView;
use shared::org::SquadMember;
use shared::policy::Permission;
use shared::BureauId;

use super::state_badge;
use crate::context::{Locale, Session};

/// The problems of an inspection as a case begins from them: the items' codes, the cause, the
/// provisions (each once) and the summary.
pub struct Prefill {
    pub problems: Vec<String>,
    pub cause: String,
    pub provisions: Vec<String>,
    pub summary: String,
}

/// A checklist item's question as the finding it became: 是否建立台账 answered no is
/// 未建立台账, 是否存在暗管 answered yes is 存在暗管, a reading is 超过限值.
fn offence(item: &shared::checklist::ChecklistItem) -> String {
    use shared::checklist::ItemKind;
    let t = item.text.trim().trim_end_matches(['。', '？', '?']);
    match item.kind {
        ItemKind::Numeric => format!("{t}超过限值"),
        _ => match (t.find("是否"), item.expected) {
            (Some(at), Some(true)) => format!("{}未{}", &t[..at], &t[at + "是否".len()..]),
            (Some(at), _) => format!("{}{}", &t[..at], &t[at + "是否".len()..]),
            (None, _) => t.to_string(),
        },
    }
}

pub fn prefill(v: &InspectionView) -> Option<Prefill> {
    let f = v.findings.as_ref()?;
    let items = f.problems(&v.template);
    if items.is_empty() {
        return None;
    }
    let mut provisions: Vec<String> = Vec::new();
    for i in &items {
        for p in i.basis.split(['；', ';']) {
            let p = p.trim();
            if !p.is_empty() && !provisions.iter().any(|x| x == p) {
                provisions.push(p.to_string());
            }
        }
    }
    let lines: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let note = f
                .answer(&i.code)
                .map(|a| a.note.trim().to_string())
                .filter(|x| !x.is_empty());
            match note {
                Some(x) => format!("{}. {}（{}）", n + 1, offence(i), x),
                None => format!("{}. {}", n + 1, offence(i)),
            }
        })
        .collect();
    let names: Vec<String> = v
        .task
        .inspectors
        .iter()
        .map(|i| i.display_name.clone())
        .collect();
    let when = v
        .records
        .iter()
        .map(|r| r.record.started_at.clone())
        .min()
        .map(|t| shared::format::iso_date_zh(&t))
        .unwrap_or_default();
    let summary = format!(
        "{when}，执法人员{}依据《{}》对{}进行现场检查，发现以下问题：\n{}\n上述行为涉嫌违反{}，建议立案调查。",
        names.join("、"),
        v.template.name,
        v.task.enterprise_name,
        lines.join("\n"),
        if provisions.is_empty() {
            "环境保护法律法规".to_string()
        } else {
            provisions.join("、")
        }
    );
    let cause = items
        .iter()
        .map(|i| offence(i))
        .collect::<Vec<_>>()
        .join("、");
    Some(Prefill {
        problems: items.iter().map(|i| i.code.clone()).collect(),
        cause,
        provisions,
        summary,
    })
}

/// The 立案 button and its form, for the task's inspectors when the inspection found problems;
/// with the enterprise's cases already open, so a case is not opened twice.
#[component]
pub fn FileCase(v: InspectionView) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let Some(p) = prefill(&v) else {
        return ().into_any();
    };
    let me = session
        .0
        .with_untracked(|s| s.as_ref().map(|s| s.user.id.0.clone()));
    let inspector = me.is_some_and(|id| v.task.inspectors.iter().any(|i| i.user_id == id));
    if !inspector || !session.may(Permission::HandleCases) {
        return ().into_any();
    }
    let open = RwSignal::new(false);
    let cause = RwSignal::new(p.cause);
    let provisions = RwSignal::new(p.provisions.join("\n"));
    let summary = RwSignal::new(p.summary);
    let major = RwSignal::new(false);
    let chosen_violation = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<(String, String)>);
    let problems = p.problems;
    let problem_count = problems.len();
    let provision_rows = (p.provisions.len() + 1).clamp(3, 8).to_string();
    let task = v.task.clone();
    let (b, enterprise) = (task.bureau_id, task.enterprise_id.clone());
    let existing = LocalResource::new(move || {
        let lang = locale.get();
        let q = CaseListQuery {
            queue: CaseQueue::All,
            bureau_id: None,
            enterprise_id: Some(enterprise.clone()),
        };
        async move {
            session
                .call(lang, |api| {
                    let q = q.clone();
                    async move { api.cases(&q).await }
                })
                .await
                .map(|v| {
                    v.into_iter()
                        .filter(|c| c.state.is_open())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    });
    let problem_texts: Vec<String> = v
        .findings
        .as_ref()
        .map(|f| f.problems(&v.template).iter().map(|i| offence(i)).collect())
        .unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let c = cause.get_untracked().trim().to_string();
        if c.is_empty() {
            error.set(Some(lang.pick("请填写案由", "Enter the cause").into()));
            return;
        }
        let body = NewCase {
            enterprise_bureau_id: b,
            enterprise_id: task.enterprise_id.clone(),
            source: CaseSource::Inspection,
            source_task_id: Some(task.id.clone()),
            source_ref: String::new(),
            cause: c,
            provisions: lines(&provisions.get_untracked()),
            summary: summary.get_untracked().trim().to_string(),
            violation: Some(chosen_violation.get_untracked()).filter(|x| !x.is_empty()),
            problems: problems.clone(),
            officer_ids: task.inspectors.iter().map(|i| i.user_id.clone()).collect(),
            major: major.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.create_case(&body).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(c) => {
                    error.set(None);
                    open.set(false);
                    created.set(Some((
                        format!("/cases/{}/{}", c.bureau_id, c.id),
                        c.party.name,
                    )));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let officers = v
        .task
        .inspectors
        .iter()
        .map(|i| i.display_name.clone())
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <section class="card file-case no-print" data-test="file-case-card">
            <div class="card-head">
                <div>
                    <h2>{move || locale.t("立案查处", "Open a case")}</h2>
                    <p class="muted small">{move || match locale.get() {
                        shared::Lang::Zh => format!("本次检查发现{}项问题", problem_count),
                        shared::Lang::En => format!("{} problems found in this inspection", problem_count),
                    }}</p>
                </div>
                <Show when=move || !open.get() && created.with(Option::is_none)>
                    <button type="button" class="button" data-test="file-case" on:click=move |_| open.set(true)>{move || locale.t("立案", "Open a case")}</button>
                </Show>
            </div>
            {move || created.get().map(|(href, name)| view! {
                <p class="ok-box" role="status">{move || locale.t("已提请立案，待机关负责人批准：", "Filed for the leader's approval: ")}{name.clone()}" "
                    <a href=href.clone() data-test="new-case-link">{move || locale.t("查看案件", "Open the case")}</a></p>
            })}
            {move || {
                let lang = locale.get();
                existing.get().filter(|l| !l.is_empty()).map(|l| view! {
                    <div class="existing-cases">
                        <p class="muted small">{lang.pick("本企业在办案件：", "Open cases of this enterprise:")}</p>
                        <ul class="rows">{l.into_iter().map(|c| view! {
                            <li><a href=format!("/cases/{}/{}", c.bureau_id, c.id)>{c.number.clone().unwrap_or_else(|| lang.pick("立案待批", "Awaiting filing").into())}</a>
                                " "{state_badge(c.state, lang)}<div class="muted">{c.cause.clone()}</div></li>
                        }).collect_view()}</ul>
                    </div>
                })
            }}
            <Show when=move || open.get()>
                <form class="new-case-form" data-test="new-case-form" on:submit=submit.clone()>
                    <p class="muted small">{move || locale.t("根据本次检查发现的问题填写立案审批表，提交后由机关负责人审批。", "The filing form from this inspection's problems, for the leader's approval.")}</p>
                    <ul class="chips problem-chips">{problem_texts.iter().map(|t| view! { <li class="chip warn">{t.clone()}</li> }).collect_view()}</ul>
                    <CaseFields cause=cause provisions=provisions summary=summary violation=chosen_violation rows=provision_rows.clone()/>
                    <dl class="facts">
                        <dt>{move || locale.t("承办人", "Officers")}</dt><dd>{officers.clone()}</dd>
                        <dt>{move || locale.t("案件来源", "Source")}</dt><dd>{move || CaseSource::Inspection.label(locale.get())}</dd>
                    </dl>
                    <MajorCheck major=major/>
                    <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert" data-test="new-case-error">{move || error.get().unwrap_or_default()}</p></Show>
                    <div class="actions-row">
                        <button type="submit" class="button" data-test="new-case-submit" disabled=move || busy.get()>{move || locale.t("提请立案", "File for approval")}</button>
                        <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

/// The fields of a 立案审批表 both forms share: 案由, the provisions, the summary, the benchmark
/// violation (optional at filing). The benchmark is fetched (and kept for the calculator
/// offline) when there is a network, else read as kept on the device.
#[component]
fn CaseFields(
    cause: RwSignal<String>,
    provisions: RwSignal<String>,
    summary: RwSignal<String>,
    violation: RwSignal<String>,
    rows: String,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let pairs = |t: shared::enforcement::discretion::BenchmarkTable| {
        t.violations
            .into_iter()
            .map(|v| (v.code, v.title))
            .collect::<Vec<_>>()
    };
    let violations = RwSignal::new(super::kept_benchmark().map(pairs).unwrap_or_default());
    spawn_local(async move {
        if let Ok((t, _)) = super::benchmark(session, locale.get_untracked_lang()).await {
            violations.set(pairs(t));
        }
    });
    view! {
        <div class="field">
            <label for="nc-cause">{move || locale.t("案由", "Cause")}</label>
            <textarea id="nc-cause" data-test="nc-cause" rows="2" prop:value=move || cause.get() on:input=move |ev| cause.set(event_target_value(&ev))></textarea>
        </div>
        <div class="field">
            <label for="nc-provisions">{move || locale.t("涉嫌违反的条款（每行一条）", "Provisions (one per line)")}</label>
            <textarea id="nc-provisions" data-test="nc-provisions" rows=rows prop:value=move || provisions.get() on:input=move |ev| provisions.set(event_target_value(&ev))></textarea>
        </div>
        <div class="field">
            <label for="nc-summary">{move || locale.t("案情简介及立案理由", "Summary and grounds")}</label>
            <textarea id="nc-summary" data-test="nc-summary" rows="6" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea>
        </div>
        <Show when=move || violations.with(|v| !v.is_empty())>
            <div class="field">
                <label for="nc-violation">{move || locale.t("违法行为（裁量基准，可稍后确定）", "Violation (benchmark; may be chosen later)")}</label>
                <select id="nc-violation" data-test="nc-violation" on:change=move |ev| violation.set(event_target_value(&ev))>
                    <option value="">{move || locale.t("暂不确定", "Not yet")}</option>
                    {move || violations.get().into_iter().map(|(code, title)| {
                        let c = code.clone();
                        view! { <option value=code selected=move || violation.with(|x| *x == c)>{title}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
    }
}

#[component]
fn MajorCheck(major: RwSignal<bool>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <label class="check"><input type="checkbox" data-test="nc-major" prop:checked=move || major.get() on:change=move |ev| major.set(event_target_checked(&ev))/>
            {move || locale.t("重大案件（须集体讨论）", "Major case (collective discussion)")}</label>
    }
}

/// The lines of a provisions box, each trimmed, the empty ones dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The sources a case may be opened from at a desk (an inspection's problems open theirs from
/// the inspection).
const DESK_SOURCES: [CaseSource; 4] = [
    CaseSource::Complaint,
    CaseSource::Transfer,
    CaseSource::Alarm,
    CaseSource::Manual,
];

/// 立案 at a desk, on an enterprise's dossier: a case from a complaint, a transfer (交办、移送),
/// a monitoring alarm or another clue, for the case officer (certified, of the enterprise's
/// bureau) with at least one more certified officer of the squad.
#[component]
pub fn DeskFileCase(
    bureau: BureauId,
    enterprise_id: String,
    enterprise_name: String,
) -> impl IntoView {
    let enterprise_name = StoredValue::new(enterprise_name);
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let me = session.0.with_untracked(|s| {
        s.as_ref()
            .filter(|s| s.user.bureau.id == bureau && s.user.certificate_no.is_some())
            .map(|s| s.user.id.0.clone())
    });
    let Some(me) = me.filter(|_| session.may(Permission::HandleCases)) else {
        return ().into_any();
    };
    let me = StoredValue::new(me);
    let open = RwSignal::new(false);
    let source = RwSignal::new(CaseSource::Complaint);
    let source_ref = RwSignal::new(String::new());
    let cause = RwSignal::new(String::new());
    let provisions = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let violation = RwSignal::new(String::new());
    let major = RwSignal::new(false);
    let chosen = RwSignal::new(vec![me.get_value()]);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<String>);
    let squad = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.squad().await })
                .await
                .map(|list| {
                    list.into_iter()
                        .filter(|m| m.certificate_no.is_some())
                        .collect::<Vec<SquadMember>>()
                })
                .unwrap_or_default()
        }
    });
    let enterprise_id = StoredValue::new(enterprise_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = locale.0.get_untracked();
        let body = NewCase {
            enterprise_bureau_id: bureau,
            enterprise_id: enterprise_id.get_value(),
            source: source.get_untracked(),
            source_task_id: None,
            source_ref: source_ref.get_untracked().trim().to_string(),
            cause: cause.get_untracked().trim().to_string(),
            provisions: lines(&provisions.get_untracked()),
            summary: summary.get_untracked().trim().to_string(),
            violation: Some(violation.get_untracked()).filter(|x| !x.is_empty()),
            problems: vec![],
            officer_ids: chosen.get_untracked(),
            major: major.get_untracked(),
        };
        let missing = if body.cause.is_empty() {
            Some(lang.pick("请填写案由", "Enter the cause"))
        } else if body.summary.is_empty() {
            Some(lang.pick("请填写案情简介及立案理由", "Enter the summary"))
        } else if body.source == CaseSource::Transfer && body.source_ref.is_empty() {
            Some(lang.pick(
                "请写明交办或移送单位及文号",
                "Name the transferring body and its letter",
            ))
        } else if body.officer_ids.len() < shared::task::MIN_INSPECTORS {
            Some(lang.pick(
                "案件须由两名以上持证执法人员承办，请至少选择两人",
                "Choose at least two certified officers",
            ))
        } else {
            None
        };
        if let Some(m) = missing {
            error.set(Some(m.into()));
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.create_case(&body).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(c) => {
                    error.set(None);
                    open.set(false);
                    created.set(Some(format!("/cases/{}/{}", c.bureau_id, c.id)));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let ref_label = move || match source.get() {
        CaseSource::Transfer => locale.t(
            "交办或移送单位及文号（必填）",
            "Transferring body and letter (required)",
        ),
        CaseSource::Complaint => locale.t(
            "举报编号或来信来电登记（可选）",
            "Complaint number (optional)",
        ),
        CaseSource::Alarm => locale.t(
            "监控点位及报警时间（可选）",
            "Monitoring point and alarm (optional)",
        ),
        _ => locale.t(
            "线索来源说明（可选）",
            "Where the clue came from (optional)",
        ),
    };
    view! {
        <section class="card file-case desk-file-case no-print" data-test="desk-file-case">
            <div class="card-head">
                <h2>{move || locale.t("立案查处", "Open a case")}</h2>
                <Show when=move || !open.get()>
                    <button type="button" class="button secondary" data-test="desk-file-case-open" on:click=move |_| { created.set(None); open.set(true); }>{move || locale.t("登记案件", "Register a case")}</button>
                </Show>
            </div>
            {move || created.get().map(|href| view! {
                <p class="ok-box" role="status">{move || locale.t("已提请立案，待机关负责人批准。", "Filed for the leader's approval. ")}" "
                    <a href=href.clone() data-test="new-case-link">{move || locale.t("查看案件", "Open the case")}</a></p>
            })}
            <Show when=move || open.get()>
                <form class="new-case-form" data-test="new-case-form" on:submit=submit>
                    <p class="muted small">{
                        move || { let name = enterprise_name.get_value(); match locale.get() {
                            shared::Lang::Zh => format!("当事人：{name}。填写立案审批表，提交后由机关负责人审批。"),
                            shared::Lang::En => format!("Party: {name}. The filing form, for the leader's approval."),
                        } }
                    }</p>
                    <div class="grid2">
                        <div class="field">
                            <label for="nc-source">{move || locale.t("案件来源", "Source")}</label>
                            <select id="nc-source" data-test="nc-source" on:change=move |ev| {
                                if let Some(s) = CaseSource::from_code(&event_target_value(&ev)) { source.set(s) }
                            }>
                                {DESK_SOURCES.into_iter().map(|s| view! {
                                    <option value=s.code() selected=move || source.get() == s>{move || s.label(locale.get())}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="nc-source-ref">{ref_label}</label>
                            <input id="nc-source-ref" type="text" data-test="nc-source-ref" prop:value=move || source_ref.get() on:input=move |ev| source_ref.set(event_target_value(&ev))/>
                        </div>
                    </div>
                    <CaseFields cause=cause provisions=provisions summary=summary violation=violation rows="3".to_string()/>
                    <fieldset class="roles-pick">
                        <legend>{move || locale.t("承办人（两名以上持证执法人员，含本人）", "Officers (two or more certified, you included)")}</legend>
                        {move || squad.get().unwrap_or_default().into_iter().map(|m| {
                            let id = m.id.clone();
                            let id2 = m.id.clone();
                            let mine = me.with_value(|me| m.id == *me);
                            view! {
                                <label class="check"><input type="checkbox" data-test="nc-officer" disabled=mine prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let id = id2.clone(); chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } }); }/>
                                    {m.display_name.clone()}<span class="code">{m.certificate_no.clone().unwrap_or_default()}</span></label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <MajorCheck major=major/>
                    <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert" data-test="new-case-error">{move || error.get().unwrap_or_default()}</p></Show>
                    <div class="actions-row">
                        <button type="submit" class="button" data-test="new-case-submit" disabled=move || busy.get()>{move || locale.t("提请立案", "File for approval")}</button>
                        <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}
