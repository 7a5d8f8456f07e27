//! 裁量基准: the province's discretion benchmark in force and its versions; the province
//! administrator edits a violation's range, its factors' levels and percentages and the
//! adjustments (or the whole table as JSON) and saves it as the next version.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::enforcement::discretion::{
    validate, Adjustment, AdjustmentKind, BenchmarkTable, Factor, FactorLevel, Violation,
};
use shared::enforcement::Day;
use shared::{Lang, Level};

use super::{money, parse_yuan, today, yuan_input};
use crate::context::{Locale, Session};

const KINDS: [(AdjustmentKind, &str); 4] = [
    (AdjustmentKind::Heavier, "heavier"),
    (AdjustmentKind::Lighter, "lighter"),
    (AdjustmentKind::Mitigated, "mitigated"),
    (AdjustmentKind::Exempt, "exempt"),
];

fn factor(t: &BenchmarkTable, i: usize, j: usize) -> Option<&Factor> {
    t.violations.get(i)?.factors.get(j)
}

fn factor_mut(t: &mut BenchmarkTable, i: usize, j: usize) -> Option<&mut Factor> {
    t.violations.get_mut(i)?.factors.get_mut(j)
}

fn version_name(lang: Lang, t: &BenchmarkTable) -> String {
    match lang {
        Lang::Zh => format!("第{}版（{}起施行）", t.version, t.effective_from.zh()),
        Lang::En => format!("Version {} (from {})", t.version, t.effective_from),
    }
}

#[component]
pub fn BenchmarkPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0u32);
    let province = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.bureau.level == Level::Province)
        })
    };
    let data = LocalResource::new(move || {
        reload.get();
        let lang = locale.get_untracked_lang();
        async move {
            let current = super::benchmark(session, lang).await.map(|(t, _)| t);
            let versions = session
                .call(lang, |api| async move { api.benchmark_versions().await })
                .await
                .unwrap_or_default();
            current.map(|c| (c, versions))
        }
    });
    let shown = RwSignal::new(None::<u32>);
    let draft = RwSignal::new(None::<BenchmarkTable>);
    let message = RwSignal::new(None::<(bool, String)>);
    // Owned by the page, not by the editor it closes.
    let saved = Callback::new(move |v: u32| {
        shown.set(Some(v));
        reload.update(|n| *n += 1);
    });
    view! {
        <section class="page benchmark-page">
            <div class="page-head">
                <h1>{move || locale.t("裁量基准", "Discretion benchmark")}</h1>
            </div>
            <p class="muted">{move || locale.t(
                "生态环境行政处罚自由裁量基准：每次保存生成新版本，自施行日期起用于裁量计算；已计算的案件载明所用版本。",
                "Every save is a new version, used from its effective date; cases name the version they were computed with.")}</p>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "ok-box" } else { "form-error" } role="status" data-test="benchmark-message">{m}</p> })}
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || data.get().map(|r| {
                    let lang = locale.get();
                    match r {
                        Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                        Ok((current, versions)) => {
                            let current_version = current.version;
                            let all = if versions.is_empty() { vec![current.clone()] } else { versions };
                            let all = StoredValue::new(all);
                            let table = move || {
                                let want = shown.get().unwrap_or(current_version);
                                all.with_value(|v| v.iter().find(|t| t.version == want).cloned().or_else(|| v.first().cloned()))
                            };
                            view! {
                                <Show when=move || draft.with(Option::is_none)>
                                    <div class="card bench-head">
                                        <div class="field-inline">
                                            <label for="bench-version">{move || locale.t("版本", "Version")}</label>
                                            <select id="bench-version" data-test="benchmark-version" on:change=move |ev| shown.set(event_target_value(&ev).parse().ok())>
                                                {all.with_value(|v| v.iter().map(|t| {
                                                    let n = t.version;
                                                    let label = version_name(lang, t);
                                                    view! { <option value=n.to_string() selected=move || shown.get().unwrap_or(current_version) == n>
                                                        {label}{(n == current_version).then(|| lang.pick(" · 现行", " · in force"))}</option> }
                                                }).collect_view())}
                                            </select>
                                        </div>
                                        <Show when=province>
                                            <button type="button" class="button" data-test="benchmark-edit" on:click=move |_| {
                                                message.set(None);
                                                draft.set(table().map(|mut t| { t.effective_from = today(); t }));
                                            }>{move || locale.t("编辑为新版本", "Edit as a new version")}</button>
                                        </Show>
                                    </div>
                                    {move || table().map(|t| view! { <TableView t=t/> })}
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || draft.with(Option::is_some).then(|| view! { <Editor draft=draft message=message saved=saved/> })}
        </section>
    }
}

/// A version of the benchmark, read only.
#[component]
fn TableView(t: BenchmarkTable) -> impl IntoView {
    let lang = expect_context::<Locale>().get_untracked_lang();
    view! {
        <article class="card bench-table" data-test="benchmark-table" data-version=t.version.to_string()>
            <h2>{t.title.clone()}</h2>
            <p class="muted small">{version_name(lang, &t)}" · "{t.province.clone()}</p>
            {(!t.basis_note.is_empty()).then(|| view! { <details class="bench-note"><summary>{lang.pick("编制说明", "Notes")}</summary><p>{t.basis_note.clone()}</p></details> })}
            <h3>{lang.pick("程序期限与标准", "Procedure")}</h3>
            <dl class="facts bench-procedure" data-test="benchmark-procedure">
                <dt>{lang.pick("较大数额罚款（听证、法制审核）", "Large fine (hearing, legal review)")}</dt><dd>{format!("{}{}", money(lang, t.procedure.hearing_threshold_fen), lang.pick("以上", " and above"))}</dd>
                <dt>{lang.pick("作出处罚决定期限", "Decision within")}</dt><dd>{match lang { Lang::Zh => format!("立案之日起{}日", t.procedure.decision_days), Lang::En => format!("{} days of filing", t.procedure.decision_days) }}</dd>
                <dt>{lang.pick("每次延长不超过", "One extension at most")}</dt><dd>{match lang { Lang::Zh => format!("{}日", t.procedure.extension_days), Lang::En => format!("{} days", t.procedure.extension_days) }}</dd>
            </dl>
            <h3>{lang.pick("违法行为", "Violations")}{format!("（{}）", t.violations.len())}</h3>
            <ul class="bench-violations">{t.violations.iter().map(|v| view! {
                <li>
                    <details>
                        <summary>
                            <span class="v-title">{v.title.clone()}</span>
                            <span class="v-range">{format!("{} – {}", money(lang, v.min_fen), money(lang, v.max_fen))}</span>
                        </summary>
                        <dl class="facts">
                            <dt>{lang.pick("编码", "Code")}</dt><dd class="mono">{v.code.clone()}</dd>
                            <dt>{lang.pick("违反条款", "Provision")}</dt><dd>{v.provision.clone()}</dd>
                            <dt>{lang.pick("处罚依据", "Penalty basis")}</dt><dd>{v.penalty_basis.clone()}</dd>
                            {(!v.measures.is_empty()).then(|| view! { <dt>{lang.pick("同时采取", "Measures")}</dt><dd>{v.measures.join("；")}</dd> })}
                            {v.severe.as_ref().map(|s| view! { <dt>{lang.pick("加重情形", "Aggravated")}</dt><dd>{format!("{}：{} – {}", s.condition, money(lang, s.min_fen), money(lang, s.max_fen))}</dd> })}
                        </dl>
                        <table class="list factors">
                            <thead><tr><th>{lang.pick("裁量因素", "Factor")}</th><th>{lang.pick("等级及占比", "Levels")}</th></tr></thead>
                            <tbody>{v.factors.iter().map(|f| view! {
                                <tr><td>{f.name.clone()}<div class="muted small">{f.kind.label(lang)}</div></td>
                                    <td><ol class="levels">{f.levels.iter().map(|l| view! { <li>{l.label.clone()}<span class="pct">{format!("{}%", l.percent)}</span></li> }).collect_view()}</ol></td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    </details>
                </li>
            }).collect_view()}</ul>
            <h3>{lang.pick("裁量情节", "Adjustments")}</h3>
            <table class="list stack adjustments">
                <thead><tr><th>{lang.pick("类型", "Kind")}</th><th>{lang.pick("情节", "Circumstance")}</th><th>{lang.pick("依据", "Ground")}</th><th class="num">{lang.pick("比例", "Percent")}</th></tr></thead>
                <tbody>{t.adjustments.iter().map(|a| view! {
                    <tr><td data-label=lang.pick("类型", "Kind")>{a.kind.label(lang)}</td><td data-label=lang.pick("情节", "Circumstance")>{a.title.clone()}</td>
                        <td data-label=lang.pick("依据", "Ground") class="muted">{a.ground.clone()}</td><td data-label=lang.pick("比例", "Percent") class="num">{format!("{:+}%", a.percent)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </article>
    }
}

/// The form editor (one violation at a time, the adjustments) and the JSON editor.
#[component]
fn Editor(
    draft: RwSignal<Option<BenchmarkTable>>,
    message: RwSignal<Option<(bool, String)>>,
    saved: Callback<u32>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let sel = RwSignal::new(0usize);
    let json_mode = RwSignal::new(false);
    let json = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let edit = move |f: &dyn Fn(&mut BenchmarkTable)| {
        draft.update(|d| {
            if let Some(t) = d {
                f(t)
            }
        })
    };
    // Reads tolerate an index that a removal has just taken away (the structure follows).
    let get = move |f: &dyn Fn(&BenchmarkTable) -> Option<String>| {
        draft.with(|d| d.as_ref().and_then(f).unwrap_or_default())
    };
    // The editor's structure: rebuilt when parts are added or removed, not on every value.
    let shape = Memo::new(move |_| {
        draft.with(|d| {
            d.as_ref().map(|t| {
                let i = sel.get().min(t.violations.len().saturating_sub(1));
                (
                    i,
                    t.violations.len(),
                    t.violations
                        .get(i)
                        .map(|v| v.factors.iter().map(|f| f.levels.len()).collect::<Vec<_>>())
                        .unwrap_or_default(),
                    t.adjustments.len(),
                )
            })
        })
    });
    let to_json = move || {
        draft
            .with_untracked(|d| {
                d.as_ref()
                    .and_then(|t| serde_json::to_string_pretty(t).ok())
            })
            .unwrap_or_default()
    };
    let save = move |_| {
        let lang = locale.0.get_untracked();
        if json_mode.get_untracked() {
            match serde_json::from_str::<BenchmarkTable>(&json.get_untracked()) {
                Ok(t) => draft.set(Some(t)),
                Err(e) => {
                    problems.set(vec![format!(
                        "{}{e}",
                        lang.pick("JSON格式有误：", "JSON error: ")
                    )]);
                    return;
                }
            }
        }
        let Some(t) = draft.get_untracked() else {
            return;
        };
        if let Err(p) = validate(&t) {
            problems.set(p);
            return;
        }
        problems.set(vec![]);
        busy.set(true);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let t = t.clone();
                    async move { api.save_benchmark(&t).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(s) => {
                    let text = match lang {
                        Lang::Zh => format!(
                            "已保存为第{}版，自{}起施行",
                            s.version,
                            s.effective_from.zh()
                        ),
                        Lang::En => format!(
                            "Saved as version {}, in force from {}",
                            s.version, s.effective_from
                        ),
                    };
                    message.set(Some((true, text)));
                    saved.run(s.version);
                    // Last: this closes the editor (and ends this form's own state).
                    draft.set(None);
                }
                Err(e) => problems.set(vec![e.message(lang)]),
            }
        });
    };
    let text = move |label: (&'static str, &'static str),
                     get_v: fn(&Violation) -> String,
                     set_v: fn(&mut Violation, String),
                     i: usize| {
        view! {
            <label class="ed-field"><span>{move || locale.t(label.0, label.1)}</span>
                <input type="text" prop:value=move || get(&|t| t.violations.get(i).map(get_v)) on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| if let Some(x) = t.violations.get_mut(i) { set_v(x, v.clone()) }); }/></label>
        }
    };
    view! {
        <div class="card bench-editor" data-test="benchmark-editor">
            <div class="card-head">
                <h2>{move || locale.t("编辑裁量基准（保存为新版本）", "Edit the benchmark (saved as a new version)")}</h2>
                <div class="tabs compact" role="tablist">
                    <button type="button" role="tab" class:active=move || !json_mode.get() on:click=move |_| {
                        if json_mode.get_untracked() {
                            match serde_json::from_str::<BenchmarkTable>(&json.get_untracked()) {
                                Ok(t) => { draft.set(Some(t)); problems.set(vec![]); json_mode.set(false); }
                                Err(e) => problems.set(vec![format!("{}{e}", locale.t("JSON格式有误：", "JSON error: "))]),
                            }
                        }
                    }>{move || locale.t("表单", "Form")}</button>
                    <button type="button" role="tab" data-test="benchmark-json-tab" class:active=move || json_mode.get() on:click=move |_| { json.set(to_json()); json_mode.set(true); }>"JSON"</button>
                </div>
            </div>
            <div class="grid2 ed-head">
                <label class="ed-field"><span>{move || locale.t("名称", "Title")}</span>
                    <input type="text" prop:value=move || get(&|t| Some(t.title.clone())) on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| t.title = v.clone()); }/></label>
                <label class="ed-field"><span>{move || locale.t("施行日期", "Effective from")}</span>
                    <input type="date" data-test="benchmark-effective" prop:value=move || get(&|t| Some(t.effective_from.to_string()))
                        on:change=move |ev| { if let Some(d) = Day::parse(&event_target_value(&ev)) { edit(&|t| t.effective_from = d) } }/></label>
            </div>
            <Show when=move || json_mode.get() fallback=move || view! {
                {move || shape.get().map(|(i, count, factor_levels, adjustments)| {
                    let lang = locale.get_untracked_lang();
                    view! {
                        <div class="field-inline ed-pick">
                            <label for="ed-violation">{move || locale.t("违法行为", "Violation")}</label>
                            <select id="ed-violation" data-test="benchmark-violation" on:change=move |ev| sel.set(event_target_value(&ev).parse().unwrap_or(0))>
                                {(0..count).map(|n| view! { <option value=n.to_string() selected=n == i>{get(&|t| Some(t.violations.get(n)?.title.clone()))}</option> }).collect_view()}
                            </select>
                        </div>
                        {(count > 0).then(|| view! {
                            <fieldset class="ed-violation">
                                <legend>{get(&|t| Some(t.violations.get(i)?.code.clone()))}</legend>
                                {text(("违法行为", "Violation"), |v| v.title.clone(), |v, x| v.title = x, i)}
                                <div class="grid2">
                                    {text(("违反条款", "Provision"), |v| v.provision.clone(), |v, x| v.provision = x, i)}
                                    {text(("处罚依据", "Penalty basis"), |v| v.penalty_basis.clone(), |v, x| v.penalty_basis = x, i)}
                                    <label class="ed-field"><span>{move || locale.t("法定最低罚款（元）", "Minimum (yuan)")}</span>
                                        <input type="text" inputmode="decimal" data-test="benchmark-min" prop:value=move || get(&|t| Some(yuan_input(t.violations.get(i)?.min_fen)))
                                            on:change=move |ev| { if let Some(f) = parse_yuan(&event_target_value(&ev)) { edit(&|t| if let Some(v) = t.violations.get_mut(i) { v.min_fen = f }) } }/></label>
                                    <label class="ed-field"><span>{move || locale.t("法定最高罚款（元）", "Maximum (yuan)")}</span>
                                        <input type="text" inputmode="decimal" data-test="benchmark-max" prop:value=move || get(&|t| Some(yuan_input(t.violations.get(i)?.max_fen)))
                                            on:change=move |ev| { if let Some(f) = parse_yuan(&event_target_value(&ev)) { edit(&|t| if let Some(v) = t.violations.get_mut(i) { v.max_fen = f }) } }/></label>
                                </div>
                                <p class="muted small">{move || {
                                    let sum = draft.with(|d| d.as_ref().and_then(|t| t.violations.get(i)).map(|v| v.max_percent_sum()).unwrap_or(0));
                                    match locale.get() { Lang::Zh => format!("各因素最高等级占比合计 {sum}%（不得超过100%）"), Lang::En => format!("Highest levels add up to {sum}% (at most 100%)") }
                                }}</p>
                                {factor_levels.iter().enumerate().map(|(j, levels)| view! {
                                    <div class="ed-factor">
                                        <input type="text" class="ed-factor-name" aria-label=lang.pick("因素名称", "Factor name") prop:value=move || get(&|t| Some(factor(t, i, j)?.name.clone()))
                                            on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| if let Some(f) = factor_mut(t, i, j) { f.name = v.clone() }); }/>
                                        <ol class="ed-levels">{(0..*levels).map(|k| view! {
                                            <li>
                                                <input type="text" aria-label=lang.pick("等级", "Level") prop:value=move || get(&|t| Some(factor(t, i, j)?.levels.get(k)?.label.clone()))
                                                    on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| if let Some(l) = factor_mut(t, i, j).and_then(|f| f.levels.get_mut(k)) { l.label = v.clone() }); }/>
                                                <input type="number" min="0" max="100" class="pct" aria-label=lang.pick("占比（%）", "Percent") data-test=format!("benchmark-pct-{j}-{k}")
                                                    prop:value=move || get(&|t| Some(factor(t, i, j)?.levels.get(k)?.percent.to_string()))
                                                    on:change=move |ev| { if let Ok(p) = event_target_value(&ev).trim().parse::<u32>() { edit(&|t| if let Some(l) = factor_mut(t, i, j).and_then(|f| f.levels.get_mut(k)) { l.percent = p }) } }/>
                                                <span class="muted">"%"</span>
                                                <button type="button" class="link danger" aria-label=lang.pick("删除等级", "Remove level") on:click=move |_| edit(&|t| if let Some(f) = factor_mut(t, i, j) { if k < f.levels.len() { f.levels.remove(k); } })>"×"</button>
                                            </li>
                                        }).collect_view()}</ol>
                                        <button type="button" class="ghost" on:click=move |_| edit(&|t| if let Some(f) = factor_mut(t, i, j) { f.levels.push(FactorLevel { label: String::new(), percent: 0 }) })>{lang.pick("＋ 等级", "+ Level")}</button>
                                    </div>
                                }).collect_view()}
                                <button type="button" class="ghost" on:click=move |_| edit(&|t| if let Some(v) = t.violations.get_mut(i) {
                                    let n = v.factors.len() + 1;
                                    v.factors.push(Factor { code: format!("f{n}"), name: String::new(), kind: shared::enforcement::discretion::FactorKind::Individual, levels: vec![FactorLevel { label: String::new(), percent: 0 }] });
                                })>{lang.pick("＋ 裁量因素", "+ Factor")}</button>
                            </fieldset>
                        })}
                        <fieldset class="ed-procedure">
                            <legend>{lang.pick("程序期限与标准", "Procedure")}</legend>
                            <div class="grid2">
                                <label class="ed-field"><span>{lang.pick("较大数额罚款标准（元，单位）", "Large fine from (yuan, organisations)")}</span>
                                    <input type="text" inputmode="decimal" data-test="benchmark-hearing-threshold" prop:value=move || get(&|t| Some(yuan_input(t.procedure.hearing_threshold_fen)))
                                        on:change=move |ev| { if let Some(f) = parse_yuan(&event_target_value(&ev)) { edit(&|t| t.procedure.hearing_threshold_fen = f) } }/></label>
                                <label class="ed-field"><span>{lang.pick("作出处罚决定期限（日）", "Decision within (days)")}</span>
                                    <input type="text" inputmode="numeric" data-test="benchmark-decision-days" prop:value=move || get(&|t| Some(t.procedure.decision_days.to_string()))
                                        on:change=move |ev| { if let Ok(d) = event_target_value(&ev).trim().parse::<u32>() { edit(&|t| t.procedure.decision_days = d) } }/></label>
                                <label class="ed-field"><span>{lang.pick("每次延长不超过（日）", "One extension at most (days)")}</span>
                                    <input type="text" inputmode="numeric" data-test="benchmark-extension-days" prop:value=move || get(&|t| Some(t.procedure.extension_days.to_string()))
                                        on:change=move |ev| { if let Ok(d) = event_target_value(&ev).trim().parse::<u32>() { edit(&|t| t.procedure.extension_days = d) } }/></label>
                            </div>
                            <p class="muted small">{lang.pick("适用于施行日期以后立案的案件；已立案的案件仍按立案时的标准计算期限。", "Applies to cases filed from the effective day; filed cases keep the figures of their filing day.")}</p>
                        </fieldset>
                        <fieldset class="ed-adjustments">
                            <legend>{lang.pick("裁量情节", "Adjustments")}</legend>
                            {(0..adjustments).map(|n| view! {
                                <div class="ed-adjust">
                                    <select aria-label=lang.pick("类型", "Kind") on:change=move |ev| { let c = event_target_value(&ev); if let Some((k, _)) = KINDS.iter().find(|(_, x)| *x == c) { edit(&|t| if let Some(a) = t.adjustments.get_mut(n) { a.kind = *k }) } }>
                                        {KINDS.iter().map(|(k, c)| { let k = *k; view! { <option value=*c selected=move || draft.with(|d| d.as_ref().is_some_and(|t| t.adjustments.get(n).is_some_and(|a| a.kind == k)))>{k.label(lang)}</option> } }).collect_view()}
                                    </select>
                                    <input type="text" aria-label=lang.pick("情节", "Circumstance") placeholder=lang.pick("情节", "Circumstance") prop:value=move || get(&|t| Some(t.adjustments.get(n)?.title.clone()))
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| if let Some(a) = t.adjustments.get_mut(n) { a.title = v.clone() }); }/>
                                    <input type="text" aria-label=lang.pick("法律依据", "Ground") placeholder=lang.pick("法律依据", "Ground") prop:value=move || get(&|t| Some(t.adjustments.get(n)?.ground.clone()))
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(&|t| if let Some(a) = t.adjustments.get_mut(n) { a.ground = v.clone() }); }/>
                                    <input type="number" class="pct" aria-label=lang.pick("比例（%）", "Percent") prop:value=move || get(&|t| Some(t.adjustments.get(n)?.percent.to_string()))
                                        on:change=move |ev| { if let Ok(p) = event_target_value(&ev).trim().parse::<i32>() { edit(&|t| if let Some(a) = t.adjustments.get_mut(n) { a.percent = p }) } }/>
                                    <button type="button" class="link danger" aria-label=lang.pick("删除", "Remove") on:click=move |_| edit(&|t| if n < t.adjustments.len() { t.adjustments.remove(n); })>"×"</button>
                                </div>
                            }).collect_view()}
                            <button type="button" class="ghost" on:click=move |_| edit(&|t| {
                                let n = t.adjustments.len() + 1;
                                t.adjustments.push(Adjustment { code: format!("adj-{n}"), kind: AdjustmentKind::Lighter, title: String::new(), ground: String::new(), percent: -10 });
                            })>{lang.pick("＋ 裁量情节", "+ Adjustment")}</button>
                        </fieldset>
                    }
                })}
            }>
                <textarea class="json-editor" data-test="benchmark-json" rows="24" spellcheck="false" prop:value=move || json.get() on:input=move |ev| json.set(event_target_value(&ev))></textarea>
            </Show>
            <Show when=move || problems.with(|p| !p.is_empty())>
                <div class="form-error" role="alert" data-test="benchmark-problems">
                    <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <div class="actions-row">
                <button type="button" class="button" data-test="benchmark-save" disabled=move || busy.get() on:click=save>{move || locale.t("保存为新版本", "Save as a new version")}</button>
                <button type="button" class="button secondary" on:click=move |_| { draft.set(None); problems.set(vec![]); }>{move || locale.t("放弃修改", "Discard")}</button>
                <span class="muted small">{move || match locale.get() {
                    Lang::Zh => format!("施行日期 {}", get(&|t| Some(t.effective_from.zh()))),
                    Lang::En => format!("In force from {}", get(&|t| Some(t.effective_from.to_string()))),
                }}</span>
            </div>
        </div>
    }
}
