//! Cases and penalties (案件办理): the case list by queue, the case page with its procedure,
//! statutory clocks, documents and the discretion calculator, opening a case from an
//! inspection's problems, and the province's discretion benchmark and working-day calendar.
//!
//! The case pages are the wasm file `cases` (officers, legal reviewers and leaders open them
//! together); the benchmark and calendar pages are administrators' and join `admin`.

pub mod benchmark;
pub mod calculator;
pub mod calendar;
pub mod case;
pub mod cases;
pub mod new_case;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use shared::enforcement::case::{CaseState, Outcome, ServiceMethod};
use shared::enforcement::clocks::ClockStatus;
use shared::enforcement::discretion::BenchmarkTable;
use shared::enforcement::Day;
use shared::Lang;

use crate::api::CallError;
use crate::context::Session;

/// The province's benchmark as last fetched: the calculator opens from it without a network.
const BENCHMARK_KEY: &str = "hj.benchmark";

/// Today on this device's calendar.
pub fn today() -> Day {
    let d = js_sys::Date::new_0();
    Day::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_else(|| Day::from_days((js_sys::Date::now() / 86_400_000.0) as i32))
}

/// A day as a person of `lang` reads it: 2026年11月23日, or ISO in English.
pub fn day_text(lang: Lang, d: Day) -> String {
    match lang {
        Lang::Zh => d.zh(),
        Lang::En => d.to_string(),
    }
}

/// An RFC 3339 time's date as a person reads it.
pub fn date_of(lang: Lang, rfc3339: &str) -> String {
    shared::format::iso_date(lang, rfc3339.get(..10).unwrap_or(rfc3339))
}

/// Fen as 元 (12,345元), or 12,345 yuan in English.
pub fn money(lang: Lang, fen: i64) -> String {
    let zh = shared::enforcement::discretion::yuan(fen);
    match lang {
        Lang::Zh => zh,
        Lang::En => format!("{} yuan", zh.trim_end_matches('元')),
    }
}

/// Reads an amount typed in 元 (`12,345.5`, `12345元`) as fen; `None` when it is not one.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t: String = text
        .trim()
        .trim_end_matches('元')
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    if t.is_empty() {
        return None;
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if (whole.is_empty() && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    w.checked_mul(100)?.checked_add(f)
}

/// Fen written back for an input in 元 (no grouping, decimals only when there are fen).
pub fn yuan_input(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, (fen % 100).abs())
    }
}

/// The state badge of a case.
pub fn state_badge(s: CaseState, lang: Lang) -> impl IntoView {
    let tone = match s {
        CaseState::Proposed => "proposed",
        CaseState::Closed | CaseState::Archived => "closed",
        CaseState::NotFiled
        | CaseState::Cancelled
        | CaseState::Terminated
        | CaseState::Transferred => "ended",
        CaseState::Suspended => "paused",
        CaseState::InReview | CaseState::Decided => "review",
        _ => "open",
    };
    view! { <span class=format!("case-state state-{tone}") data-state=s.code()>{s.label(lang)}</span> }
}

/// The colour class of a clock status (the list's mark, the clock cards).
pub fn status_tone(s: ClockStatus) -> &'static str {
    match s {
        ClockStatus::Overdue => "red",
        ClockStatus::Approaching => "amber",
        ClockStatus::Paused => "grey",
        ClockStatus::MetLate => "amber",
        ClockStatus::Met => "done",
        ClockStatus::Running => "green",
    }
}

/// A clock status as a stable word (for tests and styles).
pub fn status_code(s: ClockStatus) -> &'static str {
    match s {
        ClockStatus::Running => "running",
        ClockStatus::Paused => "paused",
        ClockStatus::Approaching => "approaching",
        ClockStatus::Overdue => "overdue",
        ClockStatus::Met => "met",
        ClockStatus::MetLate => "met_late",
    }
}

pub fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::Penalty => lang.pick("给予行政处罚", "Penalty"),
        Outcome::NoPenalty => lang.pick("不予行政处罚", "No penalty"),
    }
}

pub const SERVICE_METHODS: [(ServiceMethod, &str); 5] = [
    (ServiceMethod::Direct, "direct"),
    (ServiceMethod::Left, "left"),
    (ServiceMethod::Post, "post"),
    (ServiceMethod::Electronic, "electronic"),
    (ServiceMethod::Announcement, "announcement"),
];

/// The benchmark in force for the caller's province: from the server, kept on the device;
/// without a network the one kept last (`true` when it came from the device).
pub async fn benchmark(session: Session, lang: Lang) -> Result<(BenchmarkTable, bool), CallError> {
    let q = shared::enforcement::case::BenchmarkQuery::default();
    match session
        .call(lang, |api| {
            let q = q.clone();
            async move { api.benchmark(&q).await }
        })
        .await
    {
        Ok(t) => {
            let _ = LocalStorage::set(BENCHMARK_KEY, &t);
            Ok((t, false))
        }
        Err(CallError::Network) => LocalStorage::get::<BenchmarkTable>(BENCHMARK_KEY)
            .map(|t| (t, true))
            .map_err(|_| CallError::Network),
        Err(e) => Err(e),
    }
}

/// The benchmark kept on the device, if any (no network needed).
pub fn kept_benchmark() -> Option<BenchmarkTable> {
    LocalStorage::get::<BenchmarkTable>(BENCHMARK_KEY).ok()
}

/// A labelled date input bound to a day (today by default).
pub fn day_field(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<Day>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <div class="date-line">
                <input id=id type="date" prop:value=move || value.get().to_string()
                    on:input=move |ev| { if let Some(d) = Day::parse(&event_target_value(&ev)) { value.set(d) } }/>
                // The day as documents write it, whatever the browser's own date format.
                <span class="muted date-words">{move || value.get().zh()}</span>
            </div>
        </div>
    }
}
