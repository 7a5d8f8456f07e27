//! Online monitoring (在线监控): the alarm centre (报警中心), where dispatchers and leaders see
//! the alarms the platform raises from the data loggers' values, with each alarm's trend, and
//! acknowledge or close them; the dispatcher's desk (调度台) adds the live map of the open alarms
//! and the on-duty field force, each alarm's nearest certified inspectors and 派单.
//!
//! Its pages are the wasm file `monitoring`: desk work of its own, opened by dispatchers and
//! leaders, not by the inspector in the field.

pub mod alarms;
pub mod desk_map;

use leptos::prelude::*;
use shared::enforcement::Day;
use shared::monitoring::AlarmStatus;
use shared::Lang;

/// China Standard Time (UTC+8, no daylight saving): what the bureaus' clocks read, wherever
/// the device is.
const CHINA_OFFSET: i64 = 8 * 3600;

/// Unix seconds as the day and the hour and minute in China.
fn china(secs: i64) -> (Day, i64, i64) {
    let s = secs + CHINA_OFFSET;
    let of_day = s.rem_euclid(86_400);
    (
        Day::from_days(s.div_euclid(86_400) as i32),
        of_day / 3600,
        of_day % 3600 / 60,
    )
}

/// Unix seconds in China time: 2026年12月3日 14:05, or 2026-12-03 14:05 in English.
pub fn china_time(lang: Lang, secs: i64) -> String {
    let (day, at) = china_day_time(lang, secs);
    format!("{day} {at}")
}

/// Unix seconds as the day and, apart, the hour and minute in China (2026年11月23日, 14:05).
pub fn china_day_time(lang: Lang, secs: i64) -> (String, String) {
    let (day, h, m) = china(secs);
    let day = match lang {
        Lang::Zh => day.zh(),
        Lang::En => day.to_string(),
    };
    (day, format!("{h:02}:{m:02}"))
}

/// Unix seconds as the hour and minute in China (14:05).
pub fn china_hhmm(secs: i64) -> String {
    let (_, h, m) = china(secs);
    format!("{h:02}:{m:02}")
}

/// Unix seconds as the month, day, hour and minute in China (12/3 14:05), for axes that span
/// more than a day.
pub fn china_md_hhmm(secs: i64) -> String {
    let (day, h, m) = china(secs);
    let (_, mo, d) = day.ymd();
    format!("{mo}/{d} {h:02}:{m:02}")
}

/// A measured value as people read it: a few significant decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let a = v.abs();
    let s = if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A value with its unit (86.5 mg/L), `—` when there is none.
pub fn with_unit(v: Option<f64>, unit: &str) -> String {
    match v {
        Some(v) if unit.is_empty() => num(v),
        Some(v) => format!("{} {unit}", num(v)),
        None => "—".into(),
    }
}

/// The status badge of an alarm: 新报警 red, 已确认 amber, 已派单 blue, 已关闭 grey.
pub fn status_badge(s: AlarmStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("alarm-status status-{}", s.code()) data-status=s.code()>{s.label(lang)}</span>
    }
}
