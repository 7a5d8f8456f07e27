//! 裁量计算器: the officer picks the violation from the province's benchmark, a level for every
//! factor and the adjustments with their reasons, and sees the recommended fine and every line
//! of its reasoning as they choose. Computed here with the server's own engine
//! (`shared::enforcement::discretion::recommend`), so it works offline once the table has been
//! fetched.

use leptos::prelude::*;
use shared::enforcement::discretion::{
    recommend, AdjustmentChoice, AdjustmentKind, BenchmarkTable, DiscretionError, DiscretionInput,
    Recommendation,
};
use shared::Lang;

use super::money;
use crate::context::Locale;

/// The recommendation for the input as it stands (recomputed on every change).
pub fn live(
    table: StoredValue<BenchmarkTable>,
    input: RwSignal<DiscretionInput>,
) -> Memo<Option<Result<Recommendation, DiscretionError>>> {
    Memo::new(move |_| {
        let i = input.get();
        if i.violation.is_empty() {
            return None;
        }
        Some(table.with_value(|t| recommend(t, &i)))
    })
}

fn kind_tone(k: AdjustmentKind) -> &'static str {
    match k {
        AdjustmentKind::Heavier => "heavier",
        AdjustmentKind::Lighter => "lighter",
        AdjustmentKind::Mitigated => "mitigated",
        AdjustmentKind::Exempt => "exempt",
    }
}

fn signed(p: i32) -> String {
    if p > 0 {
        format!("+{p}%")
    } else {
        format!("{p}%")
    }
}

/// The calculator's inputs and its live result.
#[component]
pub fn Calculator(
    table: StoredValue<BenchmarkTable>,
    input: RwSignal<DiscretionInput>,
    result: Memo<Option<Result<Recommendation, DiscretionError>>>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    // The violation's own parts are rebuilt when another violation is chosen, not on every
    // level or adjustment picked.
    let code = Memo::new(move |_| input.with(|i| i.violation.clone()));
    let violation = move || table.with_value(|t| t.violation(&code.get()).cloned());
    let pick_violation = move |code: String| {
        input.set(DiscretionInput {
            violation: code,
            ..Default::default()
        })
    };
    view! {
        <div class="calculator" data-test="calculator">
            <div class="field">
                <label for="calc-violation">{move || locale.t("违法行为（裁量基准）", "Violation (benchmark)")}</label>
                <select id="calc-violation" data-test="calc-violation" on:change=move |ev| pick_violation(event_target_value(&ev))>
                    <option value="" selected=move || input.with(|i| i.violation.is_empty())>{move || locale.t("请选择违法行为", "Choose the violation")}</option>
                    {table.with_value(|t| t.violations.iter().map(|v| {
                        let code = v.code.clone();
                        let c2 = code.clone();
                        view! { <option value=code selected=move || input.with(|i| i.violation == c2)>{v.title.clone()}</option> }
                    }).collect_view())}
                </select>
                <p class="muted small">{move || {
                    let lang = locale.get();
                    table.with_value(|t| match lang {
                        Lang::Zh => format!("{}（第{}版，{}起施行）", t.title, t.version, t.effective_from.zh()),
                        Lang::En => format!("{} (version {}, from {})", t.title, t.version, t.effective_from),
                    })
                }}</p>
            </div>
            {move || violation().map(|v| {
                let lang = locale.get();
                let severe = v.severe.clone();
                view! {
                    <dl class="calc-basis">
                        <dt>{lang.pick("违反条款", "Provision")}</dt><dd>{v.provision.clone()}</dd>
                        <dt>{lang.pick("处罚依据", "Penalty basis")}</dt><dd>{v.penalty_basis.clone()}</dd>
                        <dt>{lang.pick("法定罚款", "Statutory fine")}</dt><dd>{format!("{} – {}", money(lang, v.min_fen), money(lang, v.max_fen))}</dd>
                    </dl>
                    {severe.map(|s| view! {
                        <label class="check calc-severe">
                            <input type="checkbox" data-test="calc-severe" prop:checked=move || input.with(|i| i.severe)
                                on:change=move |ev| { let on = event_target_checked(&ev); input.update(|i| i.severe = on); }/>
                            {format!("{}（{} – {}）", s.condition, money(lang, s.min_fen), money(lang, s.max_fen))}
                        </label>
                    })}
                    <fieldset class="calc-factors">
                        <legend>{lang.pick("裁量因素", "Factors")}</legend>
                        {v.factors.iter().map(|f| {
                            let code = f.code.clone();
                            let id = format!("calc-factor-{}", f.code);
                            let levels = f.levels.clone();
                            let (c1, c2) = (code.clone(), code.clone());
                            view! {
                                <div class="field calc-factor">
                                    <label for=id.clone()>{f.name.clone()}<span class="chip">{f.kind.label(lang)}</span></label>
                                    <select id=id.clone() data-test=id on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let c = c1.clone();
                                        input.update(|i| match v.parse::<usize>() {
                                            Ok(n) => { i.levels.insert(c, n); }
                                            Err(_) => { i.levels.remove(&c); }
                                        });
                                    }>
                                        <option value="" selected=move || input.with(|i| !i.levels.contains_key(&c2))>{lang.pick("请选择等级", "Choose a level")}</option>
                                        {levels.into_iter().enumerate().map(|(n, l)| {
                                            let c = code.clone();
                                            view! { <option value=n.to_string() selected=move || input.with(|i| i.levels.get(&c) == Some(&n))>
                                                {match lang { Lang::Zh => format!("{}级：{}（{}%）", n + 1, l.label, l.percent), Lang::En => format!("Level {}: {} ({}%)", n + 1, l.label, l.percent) }}
                                            </option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            })}
            <Show when=move || input.with(|i| !i.violation.is_empty())>
                <fieldset class="calc-adjustments">
                    <legend>{move || locale.t("从重、从轻、减轻或者不予处罚情节", "Adjustments")}</legend>
                    {move || {
                        let lang = locale.get();
                        table.with_value(|t| t.adjustments.clone()).into_iter().map(|a| {
                            let code = a.code.clone();
                            let (c1, c2, c3, c4) = (code.clone(), code.clone(), code.clone(), code.clone());
                            let chosen = move || input.with(|i| i.adjustments.iter().any(|x| x.code == c1));
                            let needs = a.kind.needs_reason();
                            view! {
                                <div class=format!("calc-adjust adj-{}", kind_tone(a.kind))>
                                    <label class="check">
                                        <input type="checkbox" data-test=format!("calc-adjust-{code}") prop:checked=chosen.clone()
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let c = c2.clone();
                                                input.update(|i| {
                                                    i.adjustments.retain(|x| x.code != c);
                                                    if on { i.adjustments.push(AdjustmentChoice { code: c, reason: String::new() }); }
                                                });
                                            }/>
                                        <span class="adj-text"><span class="adj-kind">{a.kind.label(lang)}" "{signed(a.percent)}</span>" "
                                            {a.title.clone()}<span class="muted small">{format!("（{}）", a.ground)}</span></span>
                                    </label>
                                    <Show when=chosen.clone()>
                                        <input type="text" class="adj-reason" data-test=format!("calc-adjust-reason-{}", c3)
                                            placeholder=if needs { lang.pick("理由（必填）", "Reason (required)") } else { lang.pick("事实和理由", "Facts and reason") }
                                            prop:value={let c = c3.clone(); move || input.with(|i| i.adjustments.iter().find(|x| x.code == c).map(|x| x.reason.clone()).unwrap_or_default())}
                                            on:input={let c = c4.clone(); move |ev| {
                                                let text = event_target_value(&ev);
                                                input.update(|i| if let Some(x) = i.adjustments.iter_mut().find(|x| x.code == c) { x.reason = text; });
                                            }}/>
                                    </Show>
                                </div>
                            }
                        }).collect_view()
                    }}
                </fieldset>
            </Show>
            {move || result.get().map(|r| {
                let lang = locale.get();
                match r {
                    Err(e) => view! { <p class="notice calc-missing" data-test="calc-error">{e.to_string()}</p> }.into_any(),
                    Ok(rec) => view! {
                        <div class="calc-result" data-test="calc-result">
                            <div class="calc-amount">
                                <span class="label">{lang.pick("建议罚款", "Recommended fine")}</span>
                                <strong data-test="calc-amount" data-fen=rec.amount_fen.to_string()>{money(lang, rec.amount_fen)}</strong>
                                <span class="muted">{match lang {
                                    Lang::Zh => format!("建议幅度 {} – {}", money(lang, rec.range_low_fen), money(lang, rec.range_high_fen)),
                                    Lang::En => format!("band {} – {}", money(lang, rec.range_low_fen), money(lang, rec.range_high_fen)),
                                }}</span>
                                {rec.needs_legal_ground.then(|| view! { <span class="chip warn">{lang.pick("须载明减轻或不予处罚的法定依据", "Legal ground required")}</span> })}
                            </div>
                            <ol class="calc-lines">{rec.lines.iter().map(|l| view! {
                                <li>
                                    <span>{match lang { Lang::Zh => l.text_zh.clone(), Lang::En => l.text_en.clone() }}</span>
                                    {l.delta_fen.map(|d| view! { <span class=if d < 0 { "delta minus" } else { "delta plus" }>{if d > 0 { format!("+{}", money(lang, d)) } else { money(lang, d) }}</span> })}
                                </li>
                            }).collect_view()}</ol>
                        </div>
                    }.into_any(),
                }
            })}
        </div>
    }
}
