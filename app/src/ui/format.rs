//! How values look everywhere: the risk badge and local times.

use leptos::prelude::*;
use shared::risk::RiskLevel;
use shared::Lang;

pub fn risk_badge(level: RiskLevel, lang: Lang) -> impl IntoView {
    view! { <span class=format!("risk risk-{}", level.code())>{level.label(lang)}</span> }
}

/// Unix seconds as 2026年11月25日 14:05 (local time).
pub fn time_zh(secs: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    format!(
        "{} {:02}:{:02}",
        shared::format::date_zh(
            d.get_full_year() as i32,
            d.get_month() as u8 + 1,
            d.get_date() as u8
        ),
        d.get_hours(),
        d.get_minutes()
    )
}
