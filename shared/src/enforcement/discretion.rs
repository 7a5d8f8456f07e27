//! Discretion (自由裁量, C2): a province's benchmark (裁量基准) and the calculator that turns an
//! officer's findings into a recommended fine with its reasoning (裁量说明), line by line.
//!
//! The benchmark is versioned data, not code: every save by the province administrator is a new
//! [`BenchmarkTable`] version with an effective date (the API stores them), and a
//! [`Recommendation`] names the version it was computed from. The calculator is pure arithmetic
//! over integer fen, the same on the phone (offline) and on the server.
//!
//! # The arithmetic
//! 1. **Range.** The statutory range `[min, max]` of the violation, or its aggravated range
//!    ([`SevereRange`], e.g. 逾期不拆除) when [`DiscretionInput::severe`] is set.
//! 2. **Factors.** Every factor of the violation must have a level chosen. Level percentages are
//!    **whole percent** (`20` = 20 %). Σ is the sum over the chosen levels, counted as at most
//!    100 % (a valid table's highest levels sum to at most 100 % anyway, see [`validate`]).
//! 3. **Base.** `base = min + (max − min) × Σ / 100`, rounded to whole 元, half up.
//! 4. **Adjustments**, in the order the officer lists them, each on the running amount:
//!    - 从重 / 从轻 ([`AdjustmentKind::Heavier`] / [`AdjustmentKind::Lighter`]):
//!      `amount × (100 + percent) / 100`, rounded to whole 元, kept within `[min, max]`
//!      (after a 减轻 the lower limit is 0 instead of `min`);
//!    - 减轻 ([`AdjustmentKind::Mitigated`], below the statutory minimum, 行政处罚法 32): takes its
//!      percent off the statutory minimum, or off the running amount when that is already lower:
//!      `min(amount, min) × (100 + percent) / 100`, rounded to whole 元, never below 0 (the
//!      floor). It needs a written reason and makes the recommendation need a recorded legal
//!      ground ([`Recommendation::needs_legal_ground`]);
//!    - 不予处罚 ([`AdjustmentKind::Exempt`], 行政处罚法 33): the amount becomes 0; it needs a written
//!      reason and cannot be combined with other adjustments.
//! 5. **Band.** The officer may choose within `amount ± 5 %` ([`BAND_PERCENT`]) of `max − min`
//!    (of `min` after a 减轻), rounded to whole 元 and kept within the range (`[0, max]` after a
//!    减轻; `[0, 0]` for 不予处罚) without a written reason; outside it ([`amount_outside`]) the
//!    reason is required and the legal reviewer sees it.
//!
//! Rounding is always half up to the yuan (四舍五入到元): 1,500.50元 → 1,501元, 1,470.49元 →
//! 1,470元. Every amount in the reasoning is such a whole-yuan amount, so each line's
//! [`ReasonLine::delta_fen`] is exactly the difference between the amounts it shows.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::limits::{Bounded, Bounds, LINE, NOTE, SHORT, TEXT};
use crate::Lang;

/// The demonstration benchmark for 安徽省 (340000), as JSON. Shared has no JSON parser outside
/// its tests, so the API parses it (`serde_json::from_str::<BenchmarkTable>(SEED_JSON)`) and
/// stores it as version 1 of a province that has none yet. A province replaces it with its own
/// published benchmark.
pub const SEED_JSON: &str = include_str!("benchmark_seed.json");

/// Half-width of the recommended band, in percent of the statutory span `max − min` (of the
/// statutory minimum after a 减轻).
pub const BAND_PERCENT: i64 = 5;

/// The most the chosen factor levels of a violation may add up to, in percent.
pub const MAX_PERCENT_SUM: u32 = 100;

/// Fen per yuan.
const FEN: i64 = 100;

// ---------------------------------------------------------------------------------------------
// The benchmark (province data)
// ---------------------------------------------------------------------------------------------

/// One version of a province's discretion benchmark (裁量基准).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenchmarkTable {
    /// Division code of the province, e.g. `340000`.
    pub province: String,
    /// Title as published, e.g. 安徽省生态环境行政处罚自由裁量基准.
    pub title: String,
    /// Version number; the server assigns the next one on every save.
    pub version: u32,
    /// The day from which this version applies (to cases computed on or after it).
    pub effective_from: Day,
    /// Where the benchmark comes from and how it is to be read.
    #[serde(default)]
    pub basis_note: String,
    /// The violations it grades.
    pub violations: Vec<Violation>,
    /// 从重 / 从轻 / 减轻 / 不予处罚 circumstances, common to all violations.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// The procedure's figures the province sets (versioned with the table).
    #[serde(default)]
    pub procedure: ProcedureLimits,
}

/// The figures of the penalty procedure a province may set differently (DOMAIN.md §1, marked
/// **[check]** there): kept in the province's versioned benchmark, not in code. A case uses the
/// version in force on its filing day (today while it is unfiled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProcedureLimits {
    /// 较大数额罚款 for an organisation, in fen: a fine from this amount on gives the party a
    /// right to a hearing and makes the legal review mandatory (生态环境行政处罚办法 46: 20万元;
    /// provinces set lower figures).
    pub hearing_threshold_fen: i64,
    /// The decision is due within this many days of 立案 (行政处罚法 60: 90, unless a law,
    /// regulation or rule provides otherwise).
    pub decision_days: u32,
    /// The most days one approved extension adds (生态环境行政处罚办法: 30); a second extension
    /// needs a collective discussion.
    pub extension_days: u32,
}

impl Default for ProcedureLimits {
    fn default() -> Self {
        ProcedureLimits {
            hearing_threshold_fen: super::case::LARGE_FINE_FEN,
            decision_days: 90,
            extension_days: 30,
        }
    }
}

impl ProcedureLimits {
    /// The problems of these figures, as Chinese sentences.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.hearing_threshold_fen <= 0 {
            p.push("较大数额罚款的标准应大于0元".into());
        }
        if !(1..=365).contains(&self.decision_days) {
            p.push("作出处罚决定的期限应为1至365日".into());
        }
        if !(1..=180).contains(&self.extension_days) {
            p.push("每次延长办案期限的日数应为1至180日".into());
        }
        p
    }
}

impl BenchmarkTable {
    /// The violation with this code.
    pub fn violation(&self, code: &str) -> Option<&Violation> {
        self.violations.iter().find(|v| v.code == code)
    }

    /// The adjustment with this code.
    pub fn adjustment(&self, code: &str) -> Option<&Adjustment> {
        self.adjustments.iter().find(|a| a.code == code)
    }
}

/// One violation type (违法行为) with its statutory range and its factors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    /// Stable key, e.g. `air-99-2`.
    pub code: String,
    /// 违法行为, e.g. 超过大气污染物排放标准……排放大气污染物.
    pub title: String,
    /// 违反条款, e.g. 《中华人民共和国大气污染防治法》第十八条.
    pub provision: String,
    /// 处罚依据, e.g. 《中华人民共和国大气污染防治法》第九十九条第（二）项.
    pub penalty_basis: String,
    /// Statutory minimum fine, in fen.
    pub min_fen: i64,
    /// Statutory maximum fine, in fen.
    pub max_fen: i64,
    /// Measures the law orders besides the fine, e.g. 责令改正或者限制生产、停产整治.
    #[serde(default)]
    pub measures: Vec<String>,
    /// The factors graded for this violation, in the order they are shown.
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// The aggravated range, where the law has one (e.g. 水污染防治法 84: 逾期不拆除).
    #[serde(default)]
    pub severe: Option<SevereRange>,
}

impl Violation {
    /// The sum of every factor's highest level, in percent: the most Σ can reach.
    pub fn max_percent_sum(&self) -> u32 {
        self.factors
            .iter()
            .map(|f| f.levels.iter().map(|l| l.percent).max().unwrap_or(0))
            .fold(0u32, u32::saturating_add)
    }
}

/// An aggravated statutory range and the condition that opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SevereRange {
    /// When it applies, as the law says it, e.g. 责令限期拆除，逾期不拆除的.
    pub condition: String,
    /// Minimum fine in this case, in fen.
    pub min_fen: i64,
    /// Maximum fine in this case, in fen.
    pub max_fen: i64,
    /// Measures in this case (instead of the violation's own when not empty).
    #[serde(default)]
    pub measures: Vec<String>,
}

/// A graded factor (裁量因素) of a violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Factor {
    /// Key within the violation, e.g. `exceed`.
    pub code: String,
    /// Name as shown, e.g. 超标倍数.
    pub name: String,
    /// 个性 or 共性.
    pub kind: FactorKind,
    /// Levels from the lightest (1级) to the gravest.
    pub levels: Vec<FactorLevel>,
}

/// Whether a factor belongs to the violation type or to every violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// 个性因素: particular to the violation (超标倍数, 持续时间, 敏感区域, 社会影响 …).
    Individual,
    /// 共性因素: the same for every violation (两年内同类违法次数, 敏感时期, 配合调查程度 …).
    Common,
}

impl FactorKind {
    /// 个性因素 / 共性因素.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            FactorKind::Individual => lang.pick("个性因素", "individual factor"),
            FactorKind::Common => lang.pick("共性因素", "common factor"),
        }
    }
}

/// One level of a factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorLevel {
    /// What the officer finds, e.g. 50%以上不足100%.
    pub label: String,
    /// Its share of `max − min`, in whole percent (`20` = 20 %).
    pub percent: u32,
}

/// A circumstance that moves the amount after the factors (从重, 从轻, 减轻, 不予处罚).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Adjustment {
    /// Stable key, e.g. `lighter-remedy`.
    pub code: String,
    /// Which way it moves the amount.
    pub kind: AdjustmentKind,
    /// The circumstance, e.g. 主动消除或者减轻违法行为危害后果.
    pub title: String,
    /// Its legal ground, e.g. 《中华人民共和国行政处罚法》第三十二条第（一）项.
    pub ground: String,
    /// Whole percent: +10 = 10 % more, −10 = 10 % less (of the running amount; of the statutory
    /// minimum for 减轻). Allowed bands: [`AdjustmentKind::percent_band`]; −100 for 不予处罚.
    pub percent: i32,
}

/// The kinds of adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    /// 从重: more, within the statutory range.
    Heavier,
    /// 从轻: less, within the statutory range.
    Lighter,
    /// 减轻: below the statutory minimum (needs a reason and a recorded legal ground).
    Mitigated,
    /// 不予处罚: no fine at all.
    Exempt,
}

impl AdjustmentKind {
    /// 从重 / 从轻 / 减轻 / 不予处罚.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AdjustmentKind::Heavier => lang.pick("从重", "Heavier"),
            AdjustmentKind::Lighter => lang.pick("从轻", "Lighter"),
            AdjustmentKind::Mitigated => lang.pick("减轻", "Mitigated"),
            AdjustmentKind::Exempt => lang.pick("不予处罚", "Exempt"),
        }
    }

    /// The percentages a table may give an adjustment of this kind: 从重 +1…+50, 从轻 −50…−1,
    /// 减轻 −90…−1, 不予处罚 exactly −100.
    pub fn percent_band(self) -> RangeInclusive<i32> {
        match self {
            AdjustmentKind::Heavier => 1..=50,
            AdjustmentKind::Lighter => -50..=-1,
            AdjustmentKind::Mitigated => -90..=-1,
            AdjustmentKind::Exempt => -100..=-100,
        }
    }

    /// Whether a written reason is required when the officer chooses it.
    pub fn needs_reason(self) -> bool {
        matches!(self, AdjustmentKind::Mitigated | AdjustmentKind::Exempt)
    }
}

// ---------------------------------------------------------------------------------------------
// The calculation (an officer's findings → a recommendation)
// ---------------------------------------------------------------------------------------------

/// What the case officer finds: the violation, a level for every factor, the adjustments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscretionInput {
    /// Code of the violation in the benchmark.
    pub violation: String,
    /// Factor code → chosen level, counted from 0 (0 = 1级). Every factor needs one.
    #[serde(default)]
    pub levels: BTreeMap<String, usize>,
    /// The adjustments that apply, in the order they are applied.
    #[serde(default)]
    pub adjustments: Vec<AdjustmentChoice>,
    /// Whether the aggravated range applies (e.g. 逾期不拆除).
    #[serde(default)]
    pub severe: bool,
}

/// One adjustment the officer applies, with the facts that ground it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentChoice {
    /// Code of the adjustment in the benchmark.
    pub code: String,
    /// Why it applies (required for 减轻 and 不予处罚).
    #[serde(default)]
    pub reason: String,
}

/// The calculator's result: the recommended fine, the band, and the reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// Version of the benchmark it was computed from.
    pub table_version: u32,
    /// Code of the violation.
    pub violation: String,
    /// Minimum of the range applied (the aggravated one when severe), in fen.
    pub min_fen: i64,
    /// Maximum of the range applied, in fen.
    pub max_fen: i64,
    /// Σ of the chosen levels as applied (at most 100), in whole percent.
    pub percent_sum: u32,
    /// `min + (max − min) × Σ`, rounded to the yuan, in fen.
    pub base_fen: i64,
    /// The recommended fine after the adjustments, in fen.
    pub amount_fen: i64,
    /// Lowest amount the officer may choose without a written reason, in fen.
    pub range_low_fen: i64,
    /// Highest amount the officer may choose without a written reason, in fen.
    pub range_high_fen: i64,
    /// The reasoning (裁量说明), one line per step.
    pub lines: Vec<ReasonLine>,
    /// A 减轻 or 不予处罚 was applied: the amount may lie below the statutory minimum, and the
    /// decision must record the legal ground.
    pub needs_legal_ground: bool,
}

/// One line of the reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonLine {
    /// As written in the case documents.
    pub text_zh: String,
    /// The same in English.
    pub text_en: String,
    /// How much this step changed the amount, in fen (adjustment lines only).
    #[serde(default)]
    pub delta_fen: Option<i64>,
}

/// Why a recommendation cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscretionError {
    /// No violation with this code in the benchmark.
    #[error("裁量基准中没有违法行为“{0}”")]
    UnknownViolation(String),
    /// A factor code the violation does not have.
    #[error("违法行为“{violation}”没有裁量因素“{factor}”")]
    UnknownFactor {
        /// Title of the violation.
        violation: String,
        /// The factor code given.
        factor: String,
    },
    /// A level the factor does not have (`level` counted from 1).
    #[error("裁量因素“{factor}”只有{count}个等级，没有第{level}级")]
    UnknownLevel {
        /// Name of the factor.
        factor: String,
        /// The level given, counted from 1.
        level: usize,
        /// How many levels the factor has.
        count: usize,
    },
    /// Factors without a chosen level (their names).
    #[error("请选择裁量因素的等级：{}", .0.join("、"))]
    MissingFactor(Vec<String>),
    /// No adjustment with this code in the benchmark.
    #[error("裁量基准中没有裁量情节“{0}”")]
    UnknownAdjustment(String),
    /// The same adjustment chosen twice (its title).
    #[error("裁量情节“{0}”重复选择")]
    DuplicateAdjustment(String),
    /// 减轻 or 不予处罚 without a written reason.
    #[error("适用{kind}须写明理由：{title}")]
    ReasonRequired {
        /// 减轻 or 不予处罚.
        kind: String,
        /// Title of the adjustment.
        title: String,
    },
    /// 不予处罚 together with other adjustments.
    #[error("不予处罚不能与其他裁量情节同时适用")]
    ExemptCombined,
    /// The aggravated range was asked for a violation that has none (its title).
    #[error("违法行为“{0}”没有加重处罚的罚款幅度")]
    NoSevereRange(String),
    /// The benchmark cannot be computed with.
    #[error("裁量基准有误：{0}")]
    TableInvalid(String),
}

/// The recommended fine for `input` under `table`, with its reasoning.
pub fn recommend(
    table: &BenchmarkTable,
    input: &DiscretionInput,
) -> Result<Recommendation, DiscretionError> {
    use DiscretionError as E;
    let v = table
        .violation(&input.violation)
        .ok_or_else(|| E::UnknownViolation(input.violation.clone()))?;

    // The range.
    let (min, max, measures, condition) = if input.severe {
        let s = v
            .severe
            .as_ref()
            .ok_or_else(|| E::NoSevereRange(v.title.clone()))?;
        let measures = if s.measures.is_empty() {
            &v.measures
        } else {
            &s.measures
        };
        (s.min_fen, s.max_fen, measures, Some(s.condition.as_str()))
    } else {
        (v.min_fen, v.max_fen, &v.measures, None)
    };
    if min < 0 || min > max {
        return Err(E::TableInvalid(format!(
            "“{}”的罚款幅度{}至{}不成立",
            v.title,
            yuan(min),
            yuan(max)
        )));
    }
    let mut codes = HashSet::new();
    if let Some(f) = v.factors.iter().find(|f| !codes.insert(f.code.as_str())) {
        return Err(E::TableInvalid(format!(
            "“{}”的裁量因素编码“{}”重复",
            v.title, f.code
        )));
    }

    // The factors.
    if let Some(code) = input.levels.keys().find(|c| !codes.contains(c.as_str())) {
        return Err(E::UnknownFactor {
            violation: v.title.clone(),
            factor: code.clone(),
        });
    }
    let missing: Vec<String> = v
        .factors
        .iter()
        .filter(|f| !input.levels.contains_key(&f.code))
        .map(|f| f.name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(E::MissingFactor(missing));
    }

    let mut lines = vec![basis_line(v, min, max, condition)];
    let mut raw_sum = 0u32;
    for f in &v.factors {
        let index = input.levels.get(&f.code).copied().unwrap_or_default();
        let level = f.levels.get(index).ok_or_else(|| E::UnknownLevel {
            factor: f.name.clone(),
            level: index.saturating_add(1),
            count: f.levels.len(),
        })?;
        raw_sum = raw_sum.saturating_add(level.percent);
        lines.push(ReasonLine {
            text_zh: format!(
                "{}（{}）：{}（{}级），占比 {}%",
                f.name,
                f.kind.label(Lang::Zh),
                level.label,
                index + 1,
                level.percent
            ),
            text_en: format!(
                "{} ({}): {} (level {}), {}%",
                f.name,
                f.kind.label(Lang::En),
                level.label,
                index + 1,
                level.percent
            ),
            delta_fen: None,
        });
    }
    let sum = raw_sum.min(MAX_PERCENT_SUM);

    // The base.
    let exact = i128::from(min) * 100 + i128::from(max - min) * i128::from(sum);
    let base = round_yuan(exact, 100);
    let formula = format!(
        "{} + ({} − {}) × {sum}%",
        grouped(min),
        grouped(max),
        grouped(min)
    );
    let (capped_zh, capped_en) = if raw_sum > sum {
        (
            format!("合计 Σ = {raw_sum}%，超过{MAX_PERCENT_SUM}%的按{MAX_PERCENT_SUM}%计"),
            format!("Sum Σ = {raw_sum}%, counted as {MAX_PERCENT_SUM}%"),
        )
    } else {
        (format!("合计 Σ = {sum}%"), format!("Sum Σ = {sum}%"))
    };
    let (eq_zh, eq_en) = equals(exact, 100, base);
    lines.push(ReasonLine {
        text_zh: format!("{capped_zh}：{formula}{eq_zh}"),
        text_en: format!("{capped_en}: {formula}{eq_en}"),
        delta_fen: None,
    });

    // The adjustments.
    let mut chosen: Vec<(&Adjustment, &str)> = Vec::with_capacity(input.adjustments.len());
    let mut seen = HashSet::new();
    for c in &input.adjustments {
        let a = table
            .adjustment(&c.code)
            .ok_or_else(|| E::UnknownAdjustment(c.code.clone()))?;
        if !seen.insert(a.code.as_str()) {
            return Err(E::DuplicateAdjustment(a.title.clone()));
        }
        let reason = c.reason.trim();
        if a.kind.needs_reason() && reason.is_empty() {
            return Err(E::ReasonRequired {
                kind: a.kind.label(Lang::Zh).into(),
                title: a.title.clone(),
            });
        }
        chosen.push((a, reason));
    }
    if chosen.len() > 1 && chosen.iter().any(|(a, _)| a.kind == AdjustmentKind::Exempt) {
        return Err(E::ExemptCombined);
    }

    let mut amount = base;
    let mut lower = min;
    let mut mitigated = false;
    let mut exempt = false;
    for (a, reason) in chosen {
        let head_zh = format!("{}：{}（{}）", a.kind.label(Lang::Zh), a.title, a.ground);
        let head_en = format!("{}: {} ({})", a.kind.label(Lang::En), a.title, a.ground);
        let (reason_zh, reason_en) = if reason.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("；理由：{reason}"), format!("; reason: {reason}"))
        };
        let factor = i128::from(100 + a.percent).max(0);
        let pct = signed(a.percent);
        let (next, zh, en) = match a.kind {
            AdjustmentKind::Heavier | AdjustmentKind::Lighter => {
                let exact = i128::from(amount) * factor;
                let raw = round_yuan(exact, 100);
                let next = raw.clamp(lower, max);
                let (eq_zh, eq_en) = equals(exact, 100, raw);
                let (clamp_zh, clamp_en) = if next > raw {
                    (
                        format!("，低于法定最低额，按{}计", yuan(next)),
                        format!(", below the statutory minimum: {} yuan", grouped(next)),
                    )
                } else if next < raw {
                    (
                        format!("，超过法定最高额，按{}计", yuan(next)),
                        format!(", above the statutory maximum: {} yuan", grouped(next)),
                    )
                } else {
                    (String::new(), String::new())
                };
                let x = grouped(amount);
                (
                    next,
                    format!("{head_zh}，{pct}：{x} × {factor}%{eq_zh}{clamp_zh}{reason_zh}"),
                    format!("{head_en}, {pct}: {x} × {factor}%{eq_en}{clamp_en}{reason_en}"),
                )
            }
            AdjustmentKind::Mitigated => {
                let from = amount.min(min);
                let exact = i128::from(from) * factor;
                let next = round_yuan(exact, 100).clamp(0, max);
                let (eq_zh, eq_en) = equals(exact, 100, next);
                let (from_zh, from_en) = if from == min {
                    (
                        format!("以法定最低额{}为基数", yuan(from)),
                        format!("from the statutory minimum {}", grouped(from)),
                    )
                } else {
                    (
                        format!("以{}为基数", yuan(from)),
                        format!("from {}", grouped(from)),
                    )
                };
                mitigated = true;
                lower = 0;
                (
                    next,
                    format!(
                        "{head_zh}，{pct}：{from_zh} × {factor}%{eq_zh}，低于法定最低额，须载明减轻处罚的法定依据{reason_zh}"
                    ),
                    format!(
                        "{head_en}, {pct}: {from_en} × {factor}%{eq_en}, below the statutory minimum: the legal ground must be recorded{reason_en}"
                    ),
                )
            }
            AdjustmentKind::Exempt => {
                exempt = true;
                (
                    0,
                    format!("{head_zh}，不予罚款{reason_zh}"),
                    format!("{head_en}, no fine{reason_en}"),
                )
            }
        };
        lines.push(ReasonLine {
            text_zh: zh,
            text_en: en,
            delta_fen: Some(next - amount),
        });
        amount = next;
    }

    // The band.
    let (low, high) = if exempt {
        (0, 0)
    } else {
        let (floor, span) = if mitigated {
            (0, min)
        } else {
            (min, max - min)
        };
        let half = round_yuan(i128::from(span) * i128::from(BAND_PERCENT), 100);
        ((amount - half).max(floor), (amount + half).min(max))
    };
    lines.push(if exempt {
        ReasonLine {
            text_zh: "建议不予行政处罚，罚款0元".into(),
            text_en: "Recommended: no penalty, fine 0 yuan".into(),
            delta_fen: None,
        }
    } else {
        ReasonLine {
            text_zh: format!(
                "建议罚款：{}；建议幅度：{}至{}（在此幅度外确定罚款的，须书面说明理由）",
                yuan(amount),
                yuan(low),
                yuan(high)
            ),
            text_en: format!(
                "Recommended fine: {} yuan; band {} to {} yuan (an amount outside the band needs a written reason)",
                grouped(amount),
                grouped(low),
                grouped(high)
            ),
            delta_fen: None,
        }
    });
    if !measures.is_empty() {
        lines.push(ReasonLine {
            text_zh: format!("同时：{}", measures.join("；")),
            text_en: format!("Also: {}", measures.join("; ")),
            delta_fen: None,
        });
    }

    Ok(Recommendation {
        table_version: table.version,
        violation: v.code.clone(),
        min_fen: min,
        max_fen: max,
        percent_sum: sum,
        base_fen: base,
        amount_fen: amount,
        range_low_fen: low,
        range_high_fen: high,
        lines,
        needs_legal_ground: mitigated || exempt,
    })
}

/// Whether an amount the officer chooses lies outside the recommended band (then a written
/// reason is required and the legal reviewer sees it). The band's edges are inside.
pub fn amount_outside(rec: &Recommendation, chosen_fen: i64) -> bool {
    chosen_fen < rec.range_low_fen || chosen_fen > rec.range_high_fen
}

/// 违法行为：…；违反条款：…；处罚依据：…；法定罚款幅度：10万元以上100万元以下.
fn basis_line(v: &Violation, min: i64, max: i64, condition: Option<&str>) -> ReasonLine {
    let (cond_zh, cond_en) = match condition {
        Some(c) => (format!("{c}，"), format!(" ({c})")),
        None => (String::new(), String::new()),
    };
    let range_en = if min == 0 {
        format!("up to {} yuan", grouped(max))
    } else {
        format!("{} to {} yuan", grouped(min), grouped(max))
    };
    ReasonLine {
        text_zh: format!(
            "违法行为：{}；违反条款：{}；处罚依据：{}；{cond_zh}法定罚款幅度：{}",
            v.title,
            v.provision,
            v.penalty_basis,
            range_zh(min, max)
        ),
        text_en: format!(
            "Violation: {}; provision violated: {}; penalty basis: {}; statutory fine{cond_en}: {range_en}",
            v.title, v.provision, v.penalty_basis
        ),
        delta_fen: None,
    }
}

/// ` = 595,000元`, or ` = 1,500.50元，按元四舍五入为1,501元` when rounding changed it.
fn equals(num: i128, den: i128, rounded: i64) -> (String, String) {
    let at_fen = i64::try_from(round_div(num, den)).unwrap_or(i64::MAX);
    if at_fen == rounded {
        (
            format!(" = {}", yuan(rounded)),
            format!(" = {} yuan", grouped(rounded)),
        )
    } else {
        (
            format!(" = {}，按元四舍五入为{}", yuan(at_fen), yuan(rounded)),
            format!(
                " = {}, rounded half up to {} yuan",
                grouped(at_fen),
                grouped(rounded)
            ),
        )
    }
}

/// +20% / −10% (with a minus sign, as printed).
fn signed(percent: i32) -> String {
    if percent < 0 {
        format!("−{}%", percent.unsigned_abs())
    } else {
        format!("+{percent}%")
    }
}

/// `num / den` rounded half up (for `num ≥ 0`, `den > 0`; negatives are taken as 0).
fn round_div(num: i128, den: i128) -> i128 {
    if num <= 0 || den <= 0 {
        return 0;
    }
    (2 * num + den) / (2 * den)
}

/// `num / den` fen rounded half up to whole yuan, in fen.
fn round_yuan(num: i128, den: i128) -> i64 {
    let yuan = round_div(num, den.saturating_mul(i128::from(FEN)));
    i64::try_from(yuan * i128::from(FEN)).unwrap_or(i64::MAX)
}

// ---------------------------------------------------------------------------------------------
// Money as written in documents
// ---------------------------------------------------------------------------------------------

/// An amount as written in documents: `595,000元`, `1,234.56元`, `0元`.
pub fn yuan(fen: i64) -> String {
    format!("{}元", grouped(fen))
}

/// `595,000`, `1,234.56` (two decimals only when there are fen).
fn grouped(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if cents == 0 {
        format!("{sign}{out}")
    } else {
        format!("{sign}{out}.{cents:02}")
    }
}

/// `10万元`, or [`yuan`] when the amount is not whole 万元.
fn wan(fen: i64) -> String {
    let per_wan = 10_000 * FEN;
    if fen != 0 && fen % per_wan == 0 {
        format!("{}万元", fen / per_wan)
    } else {
        yuan(fen)
    }
}

/// `10万元以上100万元以下`, `100万元以下`.
fn range_zh(min: i64, max: i64) -> String {
    if min == 0 {
        format!("{}以下", wan(max))
    } else {
        format!("{}以上{}以下", wan(min), wan(max))
    }
}

// ---------------------------------------------------------------------------------------------
// Checking a table the province administrator saves
// ---------------------------------------------------------------------------------------------

/// Checks a benchmark before it is saved; every problem as a Chinese sentence. Refuses: a
/// province code that is not six digits, an empty title or no violations; empty or duplicate
/// codes (violations, factors within a violation, adjustments); a statutory or aggravated range
/// with a negative minimum or a minimum above its maximum; a factor without levels; a violation
/// whose factors' highest levels add up to more than 100 %; an adjustment without a legal ground
/// or with a percentage outside its kind's band ([`AdjustmentKind::percent_band`]); procedure
/// figures out of their bounds ([`ProcedureLimits::problems`]).
pub fn validate(table: &BenchmarkTable) -> Result<(), Vec<String>> {
    let mut p = Vec::new();
    if table.province.len() != 6 || !table.province.bytes().all(|b| b.is_ascii_digit()) {
        p.push(format!(
            "省级行政区划代码应为6位数字（“{}”）",
            table.province
        ));
    }
    if table.title.trim().is_empty() {
        p.push("裁量基准名称不能为空".into());
    }
    if table.violations.is_empty() {
        p.push("裁量基准至少应列一项违法行为".into());
    }
    p.extend(table.procedure.problems());
    let mut codes = HashSet::new();
    for (i, v) in table.violations.iter().enumerate() {
        let at = if v.code.trim().is_empty() {
            p.push(format!("第{}项违法行为的编码不能为空", i + 1));
            format!("第{}项违法行为", i + 1)
        } else {
            if !codes.insert(v.code.as_str()) {
                p.push(format!("违法行为编码重复：{}", v.code));
            }
            format!("违法行为{}", v.code)
        };
        if v.title.trim().is_empty() {
            p.push(format!("{at}：违法行为名称不能为空"));
        }
        if v.penalty_basis.trim().is_empty() {
            p.push(format!("{at}：处罚依据不能为空"));
        }
        check_range(&mut p, &at, "法定罚款", v.min_fen, v.max_fen);
        if let Some(s) = &v.severe {
            if s.condition.trim().is_empty() {
                p.push(format!("{at}：加重处罚的适用情形不能为空"));
            }
            check_range(&mut p, &at, "加重处罚的罚款", s.min_fen, s.max_fen);
        }
        let mut factor_codes = HashSet::new();
        for (j, f) in v.factors.iter().enumerate() {
            if f.code.trim().is_empty() {
                p.push(format!("{at}：第{}个裁量因素的编码不能为空", j + 1));
            } else if !factor_codes.insert(f.code.as_str()) {
                p.push(format!("{at}：裁量因素编码重复：{}", f.code));
            }
            if f.name.trim().is_empty() {
                p.push(format!("{at}：第{}个裁量因素的名称不能为空", j + 1));
            }
            if f.levels.is_empty() {
                p.push(format!("{at}：裁量因素“{}”没有等级", f.name));
            }
            if f.levels.iter().any(|l| l.label.trim().is_empty()) {
                p.push(format!("{at}：裁量因素“{}”有未命名的等级", f.name));
            }
        }
        let sum = v.max_percent_sum();
        if sum > MAX_PERCENT_SUM {
            p.push(format!(
                "{at}：各裁量因素最高等级占比合计{sum}%，不得超过{MAX_PERCENT_SUM}%"
            ));
        }
    }
    let mut codes = HashSet::new();
    for (i, a) in table.adjustments.iter().enumerate() {
        if a.code.trim().is_empty() {
            p.push(format!("第{}项裁量情节的编码不能为空", i + 1));
        } else if !codes.insert(a.code.as_str()) {
            p.push(format!("裁量情节编码重复：{}", a.code));
        }
        let name = if a.title.trim().is_empty() {
            p.push(format!("第{}项裁量情节的名称不能为空", i + 1));
            format!("第{}项裁量情节", i + 1)
        } else {
            format!("裁量情节“{}”", a.title)
        };
        if a.ground.trim().is_empty() {
            p.push(format!("{name}须写明法律依据"));
        }
        let band = a.kind.percent_band();
        if !band.contains(&a.percent) {
            let kind = a.kind.label(Lang::Zh);
            p.push(if band.start() == band.end() {
                format!("{name}：{kind}的比例应为{}", signed(*band.start()))
            } else {
                format!(
                    "{name}：{kind}的比例应在{}至{}之间，现为{}",
                    signed(*band.start()),
                    signed(*band.end()),
                    signed(a.percent)
                )
            });
        }
    }
    if p.is_empty() {
        Ok(())
    } else {
        Err(p)
    }
}

fn check_range(p: &mut Vec<String>, at: &str, what: &str, min: i64, max: i64) {
    if min < 0 || max < 0 {
        p.push(format!("{at}：{what}幅度不能为负数"));
    }
    if min > max {
        p.push(format!(
            "{at}：{what}下限{}高于上限{}",
            yuan(min),
            yuan(max)
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Length limits (the API checks them on every body)
// ---------------------------------------------------------------------------------------------

impl Bounded for BenchmarkTable {
    fn bounds(&self, b: &mut Bounds) {
        b.text("province", "省级行政区划代码", &self.province, SHORT)
            .text("title", "裁量基准名称", &self.title, LINE)
            .text("basis_note", "编制说明", &self.basis_note, TEXT)
            .each("violations", "违法行为", &self.violations, 500)
            .each("adjustments", "裁量情节", &self.adjustments, 100);
    }
}

impl Bounded for Violation {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "违法行为编码", &self.code, SHORT)
            .text("title", "违法行为", &self.title, LINE)
            .text("provision", "违反条款", &self.provision, LINE)
            .text("penalty_basis", "处罚依据", &self.penalty_basis, LINE)
            .texts("measures", "处罚措施", &self.measures, 10, LINE)
            .each("factors", "裁量因素", &self.factors, 30);
        if let Some(s) = &self.severe {
            b.nested("severe", s);
        }
    }
}

impl Bounded for SevereRange {
    fn bounds(&self, b: &mut Bounds) {
        b.text("condition", "加重处罚情形", &self.condition, LINE)
            .texts("measures", "处罚措施", &self.measures, 10, LINE);
    }
}

impl Bounded for Factor {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "裁量因素编码", &self.code, SHORT)
            .text("name", "裁量因素", &self.name, LINE)
            .each("levels", "因素等级", &self.levels, 20);
    }
}

impl Bounded for FactorLevel {
    fn bounds(&self, b: &mut Bounds) {
        b.text("label", "因素等级", &self.label, LINE);
    }
}

impl Bounded for Adjustment {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "裁量情节编码", &self.code, SHORT)
            .text("title", "裁量情节", &self.title, LINE)
            .text("ground", "法律依据", &self.ground, LINE);
    }
}

impl Bounded for DiscretionInput {
    fn bounds(&self, b: &mut Bounds) {
        b.text("violation", "违法行为", &self.violation, SHORT)
            .count("levels", "裁量因素", self.levels.len(), 30);
        for code in self.levels.keys() {
            b.text("levels", "裁量因素编码", code, SHORT);
        }
        b.each("adjustments", "裁量情节", &self.adjustments, 20);
    }
}

impl Bounded for AdjustmentChoice {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "裁量情节编码", &self.code, SHORT).text(
            "reason",
            "适用理由",
            &self.reason,
            NOTE,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Fen per 元 and per 万元.
    const Y: i64 = 100;
    const WAN: i64 = 10_000 * Y;

    fn seed() -> BenchmarkTable {
        serde_json::from_str(SEED_JSON).expect("the seeded benchmark parses")
    }

    fn input(
        violation: &str,
        levels: &[(&str, usize)],
        adjustments: &[(&str, &str)],
    ) -> DiscretionInput {
        DiscretionInput {
            violation: violation.into(),
            levels: levels.iter().map(|(c, i)| (c.to_string(), *i)).collect(),
            adjustments: adjustments
                .iter()
                .map(|(code, reason)| AdjustmentChoice {
                    code: code.to_string(),
                    reason: reason.to_string(),
                })
                .collect(),
            severe: false,
        }
    }

    fn texts(rec: &Recommendation) -> Vec<&str> {
        rec.lines.iter().map(|l| l.text_zh.as_str()).collect()
    }

    #[test]
    fn the_seed_parses_validates_and_grades_every_violation_to_exactly_100_percent() {
        let t = seed();
        assert_eq!(validate(&t), Ok(()));
        assert_eq!(t.province, "340000");
        assert_eq!(t.version, 1);
        assert_eq!(t.effective_from, Day::from_ymd(2026, 1, 1).expect("a day"));
        assert!(t.title.contains("安徽省") && t.title.contains("示范"));
        assert!(t.basis_note.contains("环执法〔2019〕42号") && t.basis_note.contains("示范"));
        let ranges = [
            ("air-99-1", 10, 100, None),
            ("air-99-2", 10, 100, None),
            ("air-99-3", 10, 100, None),
            ("air-100-1", 2, 20, None),
            ("air-100-2", 2, 20, None),
            ("air-100-3", 2, 20, None),
            ("water-83-1", 10, 100, None),
            ("water-83-2", 10, 100, None),
            ("water-83-3", 10, 100, None),
            ("water-83-4", 10, 100, None),
            ("water-84-1", 10, 50, Some((50, 100))),
            ("water-84-2", 2, 10, Some((10, 50))),
        ];
        assert_eq!(t.violations.len(), ranges.len());
        for (code, lo, hi, severe) in ranges {
            let v = t.violation(code).expect(code);
            assert_eq!((v.min_fen, v.max_fen), (lo * WAN, hi * WAN), "{code}");
            assert_eq!(
                v.severe.as_ref().map(|s| (s.min_fen, s.max_fen)),
                severe.map(|(a, b)| (a * WAN, b * WAN)),
                "{code}"
            );
            assert_eq!(v.max_percent_sum(), 100, "{code}");
            assert!(!v.measures.is_empty(), "{code}");
            for common in ["repeat", "period", "cooperation"] {
                let f = v.factors.iter().find(|f| f.code == common).expect(common);
                assert_eq!(f.kind, FactorKind::Common, "{code} {common}");
            }
            assert!(
                v.factors.iter().any(|f| f.kind == FactorKind::Individual),
                "{code}"
            );
            // The lightest and the gravest findings: Σ = 100 % gives the maximum exactly.
            let top: Vec<(&str, usize)> = v
                .factors
                .iter()
                .map(|f| (f.code.as_str(), f.levels.len() - 1))
                .collect();
            let rec = recommend(&t, &input(code, &top, &[])).expect(code);
            assert_eq!(
                (rec.percent_sum, rec.amount_fen),
                (100, v.max_fen),
                "{code}"
            );
            let low: Vec<(&str, usize)> = v.factors.iter().map(|f| (f.code.as_str(), 0)).collect();
            let rec = recommend(&t, &input(code, &low, &[])).expect(code);
            assert!(
                rec.amount_fen >= v.min_fen && rec.amount_fen < v.max_fen,
                "{code}"
            );
        }
        for kind in [
            AdjustmentKind::Heavier,
            AdjustmentKind::Lighter,
            AdjustmentKind::Mitigated,
            AdjustmentKind::Exempt,
        ] {
            assert!(t.adjustments.iter().any(|a| a.kind == kind), "{kind:?}");
        }
        // The API stores it back as JSON; it reads the same.
        let again: BenchmarkTable =
            serde_json::from_str(&serde_json::to_string(&t).expect("json")).expect("parses");
        assert_eq!(again, t);
    }

    // Worked example 1, 大气污染防治法 99 (二), over-limit discharge (10万–100万元):
    //   超标倍数 50%以上不足100% (3级) 20 % + 超标排放持续时间 7日以上不足30日 (3级) 10 %
    //   + 所在区域 敏感点周边500米以内 (3级) 10 % + 社会影响 群体性投诉 (3级) 5 %
    //   + 两年内同类违法 2次 (2级) 4 % + 敏感时期 重大活动保障 (2级) 6 % + 配合调查 积极 (1级) 0 %
    //   Σ = 55 % → 100,000 + (1,000,000 − 100,000) × 55 % = 100,000 + 495,000 = 595,000 元;
    //   从轻 主动消除危害后果 −10 % → 595,000 × 90 % = 535,500 元 (delta −59,500 元);
    //   band ± 5 % × 900,000 = ± 45,000 → 490,500 元 to 580,500 元.
    #[test]
    fn worked_example_1_air_99_2_plain_sum_then_lighter() {
        let levels = [
            ("exceed", 2),
            ("duration", 2),
            ("area", 2),
            ("social", 2),
            ("repeat", 1),
            ("period", 1),
            ("cooperation", 0),
        ];
        let rec = recommend(
            &seed(),
            &input(
                "air-99-2",
                &levels,
                &[("lighter-remedy", "已停产整治并完成废气治理设施改造")],
            ),
        )
        .expect("computes");
        assert_eq!(rec.table_version, 1);
        assert_eq!(rec.violation, "air-99-2");
        assert_eq!((rec.min_fen, rec.max_fen), (10 * WAN, 100 * WAN));
        assert_eq!(rec.percent_sum, 55);
        assert_eq!(rec.base_fen, 595_000 * Y);
        assert_eq!(rec.amount_fen, 535_500 * Y);
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (490_500 * Y, 580_500 * Y)
        );
        assert!(!rec.needs_legal_ground);
        assert_eq!(
            texts(&rec),
            [
                "违法行为：超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物；\
                 违反条款：《中华人民共和国大气污染防治法》第十八条；\
                 处罚依据：《中华人民共和国大气污染防治法》第九十九条第（二）项；\
                 法定罚款幅度：10万元以上100万元以下",
                "超标倍数（个性因素）：50%以上不足100%（3级），占比 20%",
                "超标排放持续时间（个性因素）：7日以上不足30日（3级），占比 10%",
                "所在区域环境敏感程度（个性因素）：居民区、学校、医院等环境敏感点周边500米以内（3级），占比 10%",
                "社会影响（个性因素）：引起群体性投诉或者重大舆情（3级），占比 5%",
                "两年内同类违法次数（含本次）（共性因素）：2次（2级），占比 4%",
                "敏感时期（共性因素）：重大活动保障期间（2级），占比 6%",
                "配合调查程度（共性因素）：积极配合，如实说明情况（1级），占比 0%",
                "合计 Σ = 55%：100,000 + (1,000,000 − 100,000) × 55% = 595,000元",
                "从轻：主动消除或者减轻违法行为危害后果（《中华人民共和国行政处罚法》第三十二条第（一）项），\
                 −10%：595,000 × 90% = 535,500元；理由：已停产整治并完成废气治理设施改造",
                "建议罚款：535,500元；建议幅度：490,500元至580,500元（在此幅度外确定罚款的，须书面说明理由）",
                "同时：责令改正或者限制生产、停产整治；情节严重的，报经有批准权的人民政府批准，责令停业、关闭",
            ]
        );
        let deltas: Vec<Option<i64>> = rec.lines.iter().map(|l| l.delta_fen).collect();
        assert_eq!(deltas[9], Some(-59_500 * Y));
        assert_eq!(
            deltas.iter().flatten().count(),
            1,
            "only the adjustment moves the amount"
        );
        assert_eq!(
            rec.lines[8].text_en,
            "Sum Σ = 55%: 100,000 + (1,000,000 − 100,000) × 55% = 595,000 yuan"
        );
        assert!(rec.lines[10]
            .text_en
            .starts_with("Recommended fine: 535,500 yuan; band 490,500 to 580,500 yuan"));
    }

    // Worked example 2, Σ capped at 100 %: the seed's 大气 99 (二) with its top 超标倍数 level
    // raised from 40 % to 60 % (an invalid table: highest levels 60+15+10+5+10+10+10 = 120 %).
    //   validate() refuses it; recommend() on all top levels counts Σ = 120 % as 100 %:
    //   100,000 + 900,000 × 100 % = 1,000,000 元 (the maximum).
    #[test]
    fn worked_example_2_the_sum_is_capped_at_100_percent() {
        let mut t = seed();
        let v = t
            .violations
            .iter_mut()
            .find(|v| v.code == "air-99-2")
            .expect("air-99-2");
        v.factors[0].levels[4].percent = 60;
        assert_eq!(
            validate(&t),
            Err(vec![
                "违法行为air-99-2：各裁量因素最高等级占比合计120%，不得超过100%".to_string()
            ])
        );
        let levels = [
            ("exceed", 4),
            ("duration", 3),
            ("area", 2),
            ("social", 2),
            ("repeat", 3),
            ("period", 2),
            ("cooperation", 2),
        ];
        let rec = recommend(&t, &input("air-99-2", &levels, &[])).expect("computes");
        assert_eq!(rec.percent_sum, 100);
        assert_eq!(rec.amount_fen, 1_000_000 * Y);
        assert_eq!(
            rec.lines[8].text_zh,
            "合计 Σ = 120%，超过100%的按100%计：100,000 + (1,000,000 − 100,000) × 100% = 1,000,000元"
        );
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (955_000 * Y, 1_000_000 * Y)
        );
    }

    // Worked example 3, 从重 kept at the maximum, 大气 99 (二):
    //   40 % (≥200 %) + 15 % (30日以上) + 10 % + 5 % + 8 % (3次) + 10 % (重污染天气预警) + 5 % (基本配合)
    //   Σ = 93 % → 100,000 + 900,000 × 93 % = 100,000 + 837,000 = 937,000 元;
    //   从重 造成生态环境损害 +20 % → 937,000 × 120 % = 1,124,400 元 > 1,000,000 → 1,000,000 元
    //   (delta +63,000); band 1,000,000 − 45,000 = 955,000 to 1,000,000 (kept at the maximum).
    #[test]
    fn worked_example_3_heavier_is_kept_within_the_maximum() {
        let levels = [
            ("exceed", 4),
            ("duration", 3),
            ("area", 2),
            ("social", 2),
            ("repeat", 2),
            ("period", 2),
            ("cooperation", 1),
        ];
        let rec = recommend(
            &seed(),
            &input(
                "air-99-2",
                &levels,
                &[("heavier-damage", "下游河段鱼类死亡")],
            ),
        )
        .expect("computes");
        assert_eq!(rec.percent_sum, 93);
        assert_eq!(rec.base_fen, 937_000 * Y);
        assert_eq!(rec.amount_fen, 1_000_000 * Y);
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (955_000 * Y, 1_000_000 * Y)
        );
        let line = &rec.lines[9];
        assert_eq!(line.delta_fen, Some(63_000 * Y));
        assert!(
            line.text_zh
                .starts_with("从重：环境违法行为造成生态环境损害或者跨行政区域环境污染（"),
            "{}",
            line.text_zh
        );
        assert!(
            line.text_zh.ends_with(
                "+20%：937,000 × 120% = 1,124,400元，超过法定最高额，按1,000,000元计；理由：下游河段鱼类死亡"
            ),
            "{}",
            line.text_zh
        );
        assert!(!rec.needs_legal_ground);
    }

    // Worked example 4, 减轻 below the minimum, 大气 100 (三) (2万–20万元):
    //   违法情形 已安装但未按照规定使用 (2级) 25 % + 持续 1–3个月 (2级) 10 % + 排放口 1个 0 %
    //   + 首次 0 % + 一般时期 0 % + 积极配合 0 %
    //   Σ = 35 % → 20,000 + 180,000 × 35 % = 20,000 + 63,000 = 83,000 元;
    //   减轻 受他人胁迫 −50 % → min(83,000, 20,000) = 20,000 × 50 % = 10,000 元 (delta −73,000),
    //   below the minimum: needs_legal_ground; band ± 5 % × 20,000 = ± 1,000 → 9,000 to 11,000.
    //   A second 减轻 (−30 %) compounds: 10,000 × 70 % = 7,000; then 从轻 −10 % → 6,300 (after a
    //   减轻 the lower limit is 0, not the statutory minimum).
    //   Without a reason (or with only blanks) the 减轻 is refused.
    #[test]
    fn worked_example_4_mitigated_goes_below_the_minimum_with_a_reason() {
        let t = seed();
        let levels = [
            ("situation", 1),
            ("duration", 1),
            ("outlets", 0),
            ("repeat", 0),
            ("period", 0),
            ("cooperation", 0),
        ];
        let reason = "设备运维单位虚构停运指令，当事人受其诱骗";
        let rec = recommend(
            &t,
            &input("air-100-3", &levels, &[("mitigated-coerced", reason)]),
        )
        .expect("computes");
        assert_eq!(rec.percent_sum, 35);
        assert_eq!(rec.base_fen, 83_000 * Y);
        assert_eq!(rec.amount_fen, 10_000 * Y);
        assert!(rec.amount_fen < rec.min_fen);
        assert!(rec.needs_legal_ground);
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (9_000 * Y, 11_000 * Y)
        );
        assert_eq!(rec.lines[8].delta_fen, Some(-73_000 * Y));
        assert_eq!(
            rec.lines[8].text_zh,
            format!(
                "减轻：受他人胁迫或者诱骗实施违法行为（《中华人民共和国行政处罚法》第三十二条第（二）项），\
                 −50%：以法定最低额20,000元为基数 × 50% = 10,000元，低于法定最低额，须载明减轻处罚的法定依据；理由：{reason}"
            )
        );

        let rec = recommend(
            &t,
            &input(
                "air-100-3",
                &levels,
                &[
                    ("mitigated-coerced", reason),
                    ("mitigated-other", "规章另有规定"),
                    ("lighter-remedy", ""),
                ],
            ),
        )
        .expect("computes");
        assert_eq!(rec.amount_fen, 6_300 * Y);
        assert!(
            rec.lines[9]
                .text_zh
                .contains("以10,000元为基数 × 70% = 7,000元"),
            "{}",
            rec.lines[9].text_zh
        );
        assert_eq!(rec.lines[10].delta_fen, Some(-700 * Y));

        for blank in ["", "   "] {
            let err = recommend(
                &t,
                &input("air-100-3", &levels, &[("mitigated-coerced", blank)]),
            )
            .expect_err("减轻 needs a reason");
            assert_eq!(
                err,
                DiscretionError::ReasonRequired {
                    kind: "减轻".into(),
                    title: "受他人胁迫或者诱骗实施违法行为".into()
                }
            );
            assert_eq!(
                err.to_string(),
                "适用减轻须写明理由：受他人胁迫或者诱骗实施违法行为"
            );
        }
    }

    // Worked example 5, 不予处罚, 大气 100 (一) (2万–20万元):
    //   行为方式 擅自移动 (1级) 20 % + 影响不足1日 0 % + 排污单位自动监测设备 5 % + 0 + 0 + 0
    //   Σ = 25 % → 20,000 + 180,000 × 25 % = 65,000 元; 不予处罚 (行政处罚法 33 ①, 初次违法且危害
    //   后果轻微并及时改正) → 0 元 (delta −65,000); band 0 to 0; needs_legal_ground.
    //   It needs a reason and cannot be combined with another adjustment.
    #[test]
    fn worked_example_5_exempt_gives_no_fine() {
        let t = seed();
        let levels = [
            ("means", 0),
            ("duration", 0),
            ("object", 0),
            ("repeat", 0),
            ("period", 0),
            ("cooperation", 0),
        ];
        let rec = recommend(
            &t,
            &input(
                "air-100-1",
                &levels,
                &[("exempt-first", "首次发现，当日已恢复原位并经比对合格")],
            ),
        )
        .expect("computes");
        assert_eq!(rec.base_fen, 65_000 * Y);
        assert_eq!(rec.amount_fen, 0);
        assert_eq!((rec.range_low_fen, rec.range_high_fen), (0, 0));
        assert!(rec.needs_legal_ground);
        assert_eq!(rec.lines[8].delta_fen, Some(-65_000 * Y));
        assert_eq!(
            rec.lines[8].text_zh,
            "不予处罚：初次违法且危害后果轻微并及时改正（《中华人民共和国行政处罚法》第三十三条第一款），\
             不予罚款；理由：首次发现，当日已恢复原位并经比对合格"
        );
        assert_eq!(rec.lines[9].text_zh, "建议不予行政处罚，罚款0元");
        assert!(!amount_outside(&rec, 0));
        assert!(amount_outside(&rec, 1));

        assert_eq!(
            recommend(&t, &input("air-100-1", &levels, &[("exempt-first", "")])),
            Err(DiscretionError::ReasonRequired {
                kind: "不予处罚".into(),
                title: "初次违法且危害后果轻微并及时改正".into()
            })
        );
        let both = input(
            "air-100-1",
            &levels,
            &[("lighter-remedy", "已改正"), ("exempt-first", "首次")],
        );
        assert_eq!(recommend(&t, &both), Err(DiscretionError::ExemptCombined));
    }

    // Worked example 6, the aggravated range of 水污染防治法 84:
    //   84 ① 在饮用水水源保护区内设置排污口: 一级保护区 40 % + 尚未排放 0 % + 未引起投诉 0 % + 0 + 0 + 0
    //   Σ = 40 %. Ordinary range 10万–50万: 100,000 + 400,000 × 40 % = 260,000 元, band ± 20,000.
    //   逾期不拆除 (50万–100万): 500,000 + 500,000 × 40 % = 700,000 元, band ± 25,000 → 675,000 to 725,000.
    //   84 ② 逾期不拆除 (10万–50万) on all top levels (40+20+10+10+10+10 = 100 %): 500,000 元,
    //   band ± 5 % × 400,000 = ± 20,000 → 480,000 to 500,000 (kept at the maximum).
    #[test]
    fn worked_example_6_the_severe_range_of_water_84() {
        let t = seed();
        let levels = [
            ("zone", 1),
            ("discharge", 0),
            ("social", 0),
            ("repeat", 0),
            ("period", 0),
            ("cooperation", 0),
        ];
        let mut i = input("water-84-1", &levels, &[]);
        let ordinary = recommend(&t, &i).expect("computes");
        assert_eq!((ordinary.min_fen, ordinary.max_fen), (10 * WAN, 50 * WAN));
        assert_eq!(ordinary.amount_fen, 260_000 * Y);
        assert_eq!(
            (ordinary.range_low_fen, ordinary.range_high_fen),
            (240_000 * Y, 280_000 * Y)
        );
        i.severe = true;
        let severe = recommend(&t, &i).expect("computes");
        assert_eq!((severe.min_fen, severe.max_fen), (50 * WAN, 100 * WAN));
        assert_eq!(severe.percent_sum, 40);
        assert_eq!(severe.amount_fen, 700_000 * Y);
        assert_eq!(
            (severe.range_low_fen, severe.range_high_fen),
            (675_000 * Y, 725_000 * Y)
        );
        assert!(
            severe.lines[0]
                .text_zh
                .ends_with("处罚依据：《中华人民共和国水污染防治法》第八十四条第一款；责令限期拆除，逾期不拆除的，法定罚款幅度：50万元以上100万元以下"),
            "{}",
            severe.lines[0].text_zh
        );
        assert_eq!(
            severe.lines.last().map(|l| l.text_zh.as_str()),
            Some("同时：强制拆除，所需费用由违法者承担；可以责令停产整治")
        );
        assert_eq!(
            severe.lines[7].text_zh,
            "合计 Σ = 40%：500,000 + (1,000,000 − 500,000) × 40% = 700,000元"
        );

        let top = [
            ("situation", 2),
            ("discharge", 2),
            ("social", 2),
            ("repeat", 3),
            ("period", 2),
            ("cooperation", 2),
        ];
        let mut i = input("water-84-2", &top, &[]);
        i.severe = true;
        let rec = recommend(&t, &i).expect("computes");
        assert_eq!(rec.amount_fen, 500_000 * Y);
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (480_000 * Y, 500_000 * Y)
        );

        let mut air = input("air-99-2", &[], &[]);
        air.severe = true;
        assert_eq!(
            recommend(&t, &air).map_err(|e| e.to_string()),
            Err("违法行为“超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物”没有加重处罚的罚款幅度".into())
        );
    }

    // Worked example 7, 从轻 kept at the minimum: the seed with 从轻 主动消除 set to −50 % (allowed);
    //   大气 99 (二) on the lightest levels: 超标不足10% 5 % + 0 + 0 + 0 + 0 + 0 + 0, Σ = 5 %
    //   → 100,000 + 900,000 × 5 % = 145,000 元; −50 % → 72,500 < 100,000 → 100,000 元 (delta −45,000);
    //   band 100,000 to 145,000.
    #[test]
    fn worked_example_7_lighter_is_kept_within_the_minimum() {
        let mut t = seed();
        t.adjustments
            .iter_mut()
            .find(|a| a.code == "lighter-remedy")
            .expect("lighter-remedy")
            .percent = -50;
        assert_eq!(validate(&t), Ok(()));
        let lightest = [
            ("exceed", 0),
            ("duration", 0),
            ("area", 0),
            ("social", 0),
            ("repeat", 0),
            ("period", 0),
            ("cooperation", 0),
        ];
        let rec = recommend(&t, &input("air-99-2", &lightest, &[("lighter-remedy", "")]))
            .expect("computes");
        assert_eq!(rec.base_fen, 145_000 * Y);
        assert_eq!(rec.amount_fen, 100_000 * Y);
        assert_eq!(rec.lines[9].delta_fen, Some(-45_000 * Y));
        assert!(
            rec.lines[9]
                .text_zh
                .ends_with("−50%：145,000 × 50% = 72,500元，低于法定最低额，按100,000元计"),
            "{}",
            rec.lines[9].text_zh
        );
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (100_000 * Y, 145_000 * Y)
        );
    }

    // Worked example 8, two adjustments in order, 大气 99 (一) 未依法取得排污许可证:
    //   重点管理 20 % + 1–3个月 10 % + 不达标区域 8 % + 未引起投诉 0 % + 首次 0 % + 一般时期 0 % + 基本配合 5 %
    //   Σ = 43 % → 100,000 + 900,000 × 43 % = 100,000 + 387,000 = 487,000 元;
    //   从重 +20 % → 487,000 × 120 % = 584,400 元 (+97,400); 从轻 −10 % → 584,400 × 90 % = 525,960 元
    //   (−58,440); band ± 45,000 → 480,960 to 570,960.
    #[test]
    fn worked_example_8_adjustments_apply_in_order_to_the_running_amount() {
        let levels = [
            ("category", 1),
            ("duration", 1),
            ("area", 1),
            ("social", 0),
            ("repeat", 0),
            ("period", 0),
            ("cooperation", 1),
        ];
        let rec = recommend(
            &seed(),
            &input(
                "air-99-1",
                &levels,
                &[
                    ("heavier-damage", "周边农作物受损"),
                    ("lighter-remedy", "已赔偿并修复"),
                ],
            ),
        )
        .expect("computes");
        assert_eq!(rec.percent_sum, 43);
        assert_eq!(rec.base_fen, 487_000 * Y);
        assert_eq!(rec.lines[9].delta_fen, Some(97_400 * Y));
        assert_eq!(rec.lines[10].delta_fen, Some(-58_440 * Y));
        assert_eq!(rec.amount_fen, 525_960 * Y);
        assert_eq!(
            (rec.range_low_fen, rec.range_high_fen),
            (480_960 * Y, 570_960 * Y)
        );
    }

    // Rounding half up to the yuan, on a small table (0 to 3,001 元, one factor of 49 % or 50 %):
    //   Σ = 50 % → 3,001 × 50 % = 1,500.50 → 1,501 元; Σ = 49 % → 3,001 × 49 % = 1,470.49 → 1,470 元;
    //   then 从轻 −50 %: 1,501 × 50 % = 750.50 → 751 元.
    //   Band ± 5 % × 3,001 = ± 150.05 → ± 150: 1,351 to 1,651 for 1,501.
    #[test]
    fn amounts_round_half_up_to_the_yuan() {
        let t = BenchmarkTable {
            province: "340000".into(),
            title: "测试".into(),
            version: 7,
            effective_from: Day::from_ymd(2026, 1, 1).expect("a day"),
            basis_note: String::new(),
            procedure: ProcedureLimits::default(),
            violations: vec![Violation {
                code: "t".into(),
                title: "测试违法行为".into(),
                provision: "某条".into(),
                penalty_basis: "某条".into(),
                min_fen: 0,
                max_fen: 3_001 * Y,
                measures: vec![],
                factors: vec![Factor {
                    code: "f".into(),
                    name: "因素".into(),
                    kind: FactorKind::Individual,
                    levels: vec![
                        FactorLevel {
                            label: "轻".into(),
                            percent: 49,
                        },
                        FactorLevel {
                            label: "重".into(),
                            percent: 50,
                        },
                    ],
                }],
                severe: None,
            }],
            adjustments: vec![Adjustment {
                code: "l".into(),
                kind: AdjustmentKind::Lighter,
                title: "从轻情节".into(),
                ground: "某条".into(),
                percent: -50,
            }],
        };
        assert_eq!(validate(&t), Ok(()));
        let half = recommend(&t, &input("t", &[("f", 1)], &[])).expect("computes");
        assert_eq!(half.table_version, 7);
        assert_eq!(half.amount_fen, 1_501 * Y);
        assert_eq!(
            half.lines[2].text_zh,
            "合计 Σ = 50%：0 + (3,001 − 0) × 50% = 1,500.50元，按元四舍五入为1,501元"
        );
        assert!(half.lines[0].text_zh.ends_with("法定罚款幅度：3,001元以下"));
        assert_eq!(
            (half.range_low_fen, half.range_high_fen),
            (1_351 * Y, 1_651 * Y)
        );
        let below = recommend(&t, &input("t", &[("f", 0)], &[])).expect("computes");
        assert_eq!(below.amount_fen, 1_470 * Y);
        let lighter = recommend(&t, &input("t", &[("f", 1)], &[("l", "")])).expect("computes");
        assert_eq!(lighter.amount_fen, 751 * Y);
        assert!(lighter.lines[3]
            .text_zh
            .ends_with("1,501 × 50% = 750.50元，按元四舍五入为751元"));
        assert_eq!(lighter.lines[3].delta_fen, Some(-750 * Y));
    }

    #[test]
    fn the_band_edges_are_inside_one_fen_beyond_is_outside() {
        // Worked example 1: 535,500 元, band 490,500 to 580,500 元.
        let levels = [
            ("exceed", 2),
            ("duration", 2),
            ("area", 2),
            ("social", 2),
            ("repeat", 1),
            ("period", 1),
            ("cooperation", 0),
        ];
        let rec = recommend(
            &seed(),
            &input("air-99-2", &levels, &[("lighter-remedy", "")]),
        )
        .expect("computes");
        assert!(!amount_outside(&rec, rec.amount_fen));
        assert!(!amount_outside(&rec, 490_500 * Y));
        assert!(amount_outside(&rec, 490_500 * Y - 1));
        assert!(!amount_outside(&rec, 580_500 * Y));
        assert!(amount_outside(&rec, 580_500 * Y + 1));
        assert!(amount_outside(&rec, rec.min_fen));
        assert!(amount_outside(&rec, rec.max_fen));
    }

    #[test]
    fn wrong_input_is_refused_in_chinese() {
        let t = seed();
        // 超标倍数 and 配合调查程度 not chosen.
        let partial = [
            ("duration", 2),
            ("area", 2),
            ("social", 2),
            ("repeat", 1),
            ("period", 1),
        ];
        let err = recommend(&t, &input("air-99-2", &partial, &[])).expect_err("missing factors");
        assert_eq!(
            err,
            DiscretionError::MissingFactor(vec!["超标倍数".into(), "配合调查程度".into()])
        );
        assert_eq!(
            err.to_string(),
            "请选择裁量因素的等级：超标倍数、配合调查程度"
        );

        let full = |extra: &[(&'static str, usize)]| {
            let mut l = vec![
                ("exceed", 2),
                ("duration", 2),
                ("area", 2),
                ("social", 2),
                ("repeat", 1),
                ("period", 1),
                ("cooperation", 0),
            ];
            l.extend_from_slice(extra);
            l
        };
        let msg = |i: &DiscretionInput| recommend(&t, i).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(
            msg(&input("air-1", &full(&[]), &[])),
            Err("裁量基准中没有违法行为“air-1”".into())
        );
        assert_eq!(
            msg(&input("air-99-2", &full(&[("zone", 0)]), &[])),
            Err("违法行为“超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物”没有裁量因素“zone”".into())
        );
        assert_eq!(
            msg(&input("air-99-2", &full(&[("exceed", 5)]), &[])),
            Err("裁量因素“超标倍数”只有5个等级，没有第6级".into())
        );
        assert_eq!(
            msg(&input("air-99-2", &full(&[]), &[("heavier-x", "")])),
            Err("裁量基准中没有裁量情节“heavier-x”".into())
        );
        assert_eq!(
            msg(&input(
                "air-99-2",
                &full(&[]),
                &[("lighter-remedy", ""), ("lighter-remedy", "")]
            )),
            Err("裁量情节“主动消除或者减轻违法行为危害后果”重复选择".into())
        );
        let mut broken = t.clone();
        broken.violations[1].min_fen = 200 * WAN;
        assert_eq!(
            recommend(&broken, &input("air-99-2", &full(&[]), &[])).map(|_| ()),
            Err(DiscretionError::TableInvalid(
                "“超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物”的罚款幅度2,000,000元至1,000,000元不成立".into()
            ))
        );
    }

    #[test]
    fn validate_names_every_problem_of_a_bad_table() {
        let mut t = seed();
        t.province = "34".into();
        t.violations[1].code = "air-99-1".into(); // duplicate of the first
        t.violations[2].min_fen = 200 * WAN; // 大气 99 (三): above its 100万 maximum
        t.violations[3].factors[0].levels[2].percent = 70; // 大气 100 (一): 70+20+10+30 = 130 %
        t.violations[4].factors[1].levels.clear(); // 大气 100 (二): 违法持续时间 without levels
        t.violations[5].factors[1].code = "situation".into(); // 大气 100 (三): duplicate factor code
        t.adjustments[0].percent = 80;
        t.adjustments[1].code = "heavier-damage".into();
        t.adjustments[2].ground = " ".into();
        t.adjustments[9].percent = -50;
        let problems = validate(&t).expect_err("refused");
        let expected = [
            "省级行政区划代码应为6位数字（“34”）",
            "违法行为编码重复：air-99-1",
            "违法行为air-99-3：法定罚款下限2,000,000元高于上限1,000,000元",
            "违法行为air-100-1：各裁量因素最高等级占比合计130%，不得超过100%",
            "违法行为air-100-2：裁量因素“违法持续时间”没有等级",
            "违法行为air-100-3：裁量因素编码重复：situation",
            "裁量情节“环境违法行为造成生态环境损害或者跨行政区域环境污染”：从重的比例应在+1%至+50%之间，现为+80%",
            "裁量情节编码重复：heavier-damage",
            "须写明法律依据",
            "裁量情节“初次违法且危害后果轻微并及时改正”：不予处罚的比例应为−100%",
        ];
        for e in expected {
            assert!(
                problems.iter().any(|p| p.contains(e)),
                "{e} not in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");

        let mut t = seed();
        t.violations[0].max_fen = -1;
        t.violations[10].severe.as_mut().expect("84 ①").min_fen = 200 * WAN;
        t.violations.push(t.violations[11].clone());
        assert_eq!(
            validate(&t),
            Err(vec![
                "违法行为air-99-1：法定罚款幅度不能为负数".into(),
                "违法行为air-99-1：法定罚款下限100,000元高于上限-0.01元".into(),
                "违法行为water-84-1：加重处罚的罚款下限2,000,000元高于上限1,000,000元".into(),
                "违法行为编码重复：water-84-2".into(),
            ])
        );
        let empty = BenchmarkTable {
            violations: vec![],
            ..seed()
        };
        assert_eq!(
            validate(&empty),
            Err(vec!["裁量基准至少应列一项违法行为".to_string()])
        );
    }

    #[test]
    fn money_is_written_as_in_documents() {
        assert_eq!(yuan(595_000 * Y), "595,000元");
        assert_eq!(yuan(123_456), "1,234.56元");
        assert_eq!(yuan(1_000_000 * Y), "1,000,000元");
        assert_eq!(yuan(0), "0元");
        assert_eq!(yuan(5), "0.05元");
        assert_eq!(yuan(999 * Y), "999元");
        assert_eq!(yuan(1_234_567_890), "12,345,678.90元");
        assert_eq!(yuan(-150_000), "-1,500元");
        assert_eq!(range_zh(2 * WAN, 20 * WAN), "2万元以上20万元以下");
        assert_eq!(range_zh(25_000 * Y, 100 * WAN), "25,000元以上100万元以下");
    }

    #[test]
    fn the_wire_shapes() {
        let json = r#"{"violation":"air-99-2","levels":{"exceed":2,"duration":2,"area":2,"social":2,
            "repeat":1,"period":1,"cooperation":0},"adjustments":[{"code":"lighter-remedy","reason":"已改正"}]}"#;
        let i: DiscretionInput = serde_json::from_str(json).expect("parses");
        assert!(!i.severe);
        assert_eq!(i.levels.get("exceed"), Some(&2));
        let rec = recommend(&seed(), &i).expect("computes");
        assert_eq!(rec.amount_fen, 535_500 * Y);
        let back: Recommendation =
            serde_json::from_str(&serde_json::to_string(&rec).expect("json")).expect("parses");
        assert_eq!(back, rec);
        let value = serde_json::to_value(&seed().adjustments[0]).expect("json");
        assert_eq!(value["kind"], "heavier");
        let value = serde_json::to_value(&seed().violations[0].factors[4]).expect("json");
        assert_eq!(value["kind"], "common");
        assert_eq!(
            serde_json::from_str::<DiscretionInput>(r#"{"violation":"x"}"#).expect("parses"),
            DiscretionInput {
                violation: "x".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn texts_have_limits() {
        let mut i = input("air-99-2", &[("exceed", 0)], &[("mitigated-coerced", "")]);
        assert_eq!(crate::limits::check(&i), Ok(()));
        i.adjustments[0].reason = "理".repeat(NOTE + 1);
        let e = crate::limits::check(&i).expect_err("too long");
        assert_eq!(e.field, "adjustments[0].reason");
        assert_eq!(crate::limits::check(&seed()), Ok(()));
        let mut t = seed();
        t.violations[3].factors[0].levels[0].label = "长".repeat(LINE + 1);
        let e = crate::limits::check(&t).expect_err("too long");
        assert_eq!(e.field, "violations[3].factors[0].levels[0].label");
    }
}
