//! Pollutant codes: 2005 → 2017 translation, Chinese names and units.
//!
//! Units follow "HJ 212-2017 appendix B units as commonly configured": the standard's
//! table gives per-field units, and platforms usually show concentrations of water in
//! mg/L, of flue gas in mg/m³, O₂ in %, ambient PM in μg/m³, waste-water flow in L/s and
//! flue-gas flow in m³/h (cumulative `-Cou` values of flows are m³).

/// (2017 code, 2005 code, Chinese name, unit)
const TABLE: &[(&str, Option<&str>, &str, &str)] = &[
    ("w00000", Some("B01"), "流量", "L/s"),
    ("w01001", Some("001"), "pH值", "无量纲"),
    ("w01018", Some("011"), "化学需氧量", "mg/L"),
    ("w21003", Some("060"), "氨氮", "mg/L"),
    ("w21011", Some("101"), "总磷", "mg/L"),
    ("w21001", Some("065"), "总氮", "mg/L"),
    ("a00000", Some("B02"), "烟气流量", "m³/h"),
    ("a21026", Some("02"), "二氧化硫", "mg/m³"),
    ("a21002", Some("03"), "氮氧化物", "mg/m³"),
    ("a34013", Some("01"), "颗粒物(烟尘)", "mg/m³"),
    ("a19001", None, "氧含量", "%"),
    ("a24088", None, "非甲烷总烃", "mg/m³"),
    ("a34002", None, "PM10", "μg/m³"),
    ("a34004", None, "PM2.5", "μg/m³"),
    // Ambient stations (ST 21 surface water, ST 22 air): the basic items of GB 3838-2002 and
    // GB 3095-2012 not listed above.
    ("w01009", None, "溶解氧", "mg/L"),
    ("w01019", None, "高锰酸盐指数", "mg/L"),
    ("a21004", None, "二氧化氮", "μg/m³"),
    ("a21005", None, "一氧化碳", "mg/m³"),
    ("a05024", None, "臭氧", "μg/m³"),
];

/// The 2017 code for a 2005 code (`"011"` → `"w01018"`); `None` when `old` is not a
/// known 2005 code. The 2005 codes and the 2017 codes are disjoint, so this is safe to
/// apply to every packet. Letters compare case-insensitively (`b01` = `B01`).
pub fn legacy_code(old: &str) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(_, legacy, _, _)| legacy.is_some_and(|l| l.eq_ignore_ascii_case(old)))
        .map(|(code, _, _, _)| *code)
}

/// The Chinese name of a 2017 code, e.g. `"w01018"` → `"化学需氧量"`.
pub fn pollutant_name(code: &str) -> Option<&'static str> {
    TABLE.iter().find(|e| e.0 == code).map(|e| e.2)
}

/// The display unit of a 2017 code (see the module docs for the source).
pub fn pollutant_unit(code: &str) -> Option<&'static str> {
    TABLE.iter().find(|e| e.0 == code).map(|e| e.3)
}
