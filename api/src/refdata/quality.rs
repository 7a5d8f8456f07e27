//! Environmental quality standards, for the class alarms of ambient stations: a monitoring
//! point whose data logger reports as ST 21 (surface water) or ST 22 (air) is judged against
//! the limits of its water or air class instead of an outlet's permit.
//!
//! - GB 3838-2002《地表水环境质量标准》表1, basic items for rivers (总氮 and the lake values of
//!   总磷 apply to lakes and reservoirs only and are left to the point's own limits), Ⅰ–Ⅴ类.
//! - GB 3095-2012《环境空气质量标准》表1, basic items, 一级 and 二级: SO₂, NO₂, CO and O₃ on
//!   hourly averages, PM10 and PM2.5 on 24-hour averages.
//!
//! Units are those the national ambient networks report in: μg/m³ for the gases and particles
//! of air, mg/m³ for CO, mg/L for water.

/// Over which average a quality limit is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Averaging {
    /// Hourly averages (HJ 212 CN 2061).
    Hour,
    /// Daily averages (CN 2031).
    Day,
}

/// The ambient station kinds (HJ 212 系统编码 ST) judged by class.
pub const SURFACE_WATER: &str = "21";
pub const AIR: &str = "22";

pub fn is_quality_station(st: &str) -> bool {
    st == SURFACE_WATER || st == AIR
}

/// One item's limit in one class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassLimit {
    pub pollutant: &'static str,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub unit: &'static str,
}

/// A standard's items: (code, unit, lower bound per class, upper bound per class).
type Items<const N: usize> = &'static [(
    &'static str,
    &'static str,
    [Option<f64>; N],
    [Option<f64>; N],
)];

const WATER_CLASSES: [&str; 5] = ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类"];
const WATER: Items<5> = &[
    ("w01001", "无量纲", [Some(6.0); 5], [Some(9.0); 5]),
    (
        "w01009",
        "mg/L",
        [Some(7.5), Some(6.0), Some(5.0), Some(3.0), Some(2.0)],
        [None; 5],
    ),
    (
        "w01019",
        "mg/L",
        [None; 5],
        [Some(2.0), Some(4.0), Some(6.0), Some(10.0), Some(15.0)],
    ),
    (
        "w01018",
        "mg/L",
        [None; 5],
        [Some(15.0), Some(15.0), Some(20.0), Some(30.0), Some(40.0)],
    ),
    (
        "w21003",
        "mg/L",
        [None; 5],
        [Some(0.15), Some(0.5), Some(1.0), Some(1.5), Some(2.0)],
    ),
    (
        "w21011",
        "mg/L",
        [None; 5],
        [Some(0.02), Some(0.1), Some(0.2), Some(0.3), Some(0.4)],
    ),
];

const AIR_CLASSES: [&str; 2] = ["一级", "二级"];
const AIR_ITEMS: Items<2> = &[
    ("a21026", "μg/m³", [None; 2], [Some(150.0), Some(500.0)]),
    ("a21004", "μg/m³", [None; 2], [Some(200.0), Some(200.0)]),
    ("a21005", "mg/m³", [None; 2], [Some(10.0), Some(10.0)]),
    ("a05024", "μg/m³", [None; 2], [Some(160.0), Some(200.0)]),
    ("a34002", "μg/m³", [None; 2], [Some(50.0), Some(150.0)]),
    ("a34004", "μg/m³", [None; 2], [Some(35.0), Some(75.0)]),
];

/// The average a quality station's pollutant is judged on.
pub fn averaging(st: &str, pollutant: &str) -> Averaging {
    if st == AIR && matches!(pollutant, "a34002" | "a34004") {
        Averaging::Day
    } else {
        Averaging::Hour
    }
}

/// The classes a station kind may be given, as written on the form: 1–5 for water (Ⅰ–Ⅴ类),
/// 1–2 for air (一级, 二级).
pub fn classes(st: &str) -> &'static [&'static str] {
    match st {
        SURFACE_WATER => &WATER_CLASSES,
        AIR => &AIR_CLASSES,
        _ => &[],
    }
}

fn pick<const N: usize>(
    items: Items<N>,
    i: usize,
    standard: &str,
    label: &str,
) -> (String, Vec<ClassLimit>) {
    let limits = items
        .iter()
        .map(|(pollutant, unit, lower, upper)| ClassLimit {
            pollutant,
            lower: lower[i],
            upper: upper[i],
            unit,
        })
        .collect();
    (format!("{standard} {label}"), limits)
}

/// The basis text ("GB 3838-2002 Ⅲ类") and the limits of `class` (1-based) for a station kind;
/// `None` when the kind is not an ambient station or the class does not exist for it.
pub fn class_limits(st: &str, class: u8) -> Option<(String, Vec<ClassLimit>)> {
    let i = usize::from(class).checked_sub(1)?;
    match st {
        SURFACE_WATER if i < 5 => Some(pick(WATER, i, "GB 3838-2002", WATER_CLASSES[i])),
        AIR if i < 2 => Some(pick(AIR_ITEMS, i, "GB 3095-2012", AIR_CLASSES[i])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_give_the_standard_values() {
        let (basis, water) = class_limits(SURFACE_WATER, 3).expect("Ⅲ类");
        assert_eq!(basis, "GB 3838-2002 Ⅲ类");
        let item = |l: &[ClassLimit], c: &str| l.iter().find(|x| x.pollutant == c).cloned();
        assert_eq!(item(&water, "w01018").and_then(|l| l.upper), Some(20.0));
        assert_eq!(item(&water, "w21003").and_then(|l| l.upper), Some(1.0));
        assert_eq!(item(&water, "w01009").and_then(|l| l.lower), Some(5.0));
        let (basis, air) = class_limits(AIR, 2).expect("二级");
        assert_eq!(basis, "GB 3095-2012 二级");
        assert_eq!(item(&air, "a34004").and_then(|l| l.upper), Some(75.0));
        assert_eq!(item(&air, "a21026").and_then(|l| l.upper), Some(500.0));
        assert!(class_limits(AIR, 3).is_none());
        assert!(class_limits(SURFACE_WATER, 0).is_none());
        assert!(class_limits("32", 1).is_none());
        // Every item is a known HJ 212-2017 code, so the limits pass the point's own checks.
        for l in water.iter().chain(&air) {
            assert!(
                hj212::pollutant_name(l.pollutant).is_some(),
                "{}",
                l.pollutant
            );
        }
        assert_eq!(averaging(AIR, "a34004"), Averaging::Day);
        assert_eq!(averaging(AIR, "a21026"), Averaging::Hour);
        assert_eq!(averaging(SURFACE_WATER, "w01018"), Averaging::Hour);
    }
}
