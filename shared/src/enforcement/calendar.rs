//! Working days as data. The law counts its 2/3/5/7-day limits in working days (行政处罚法
//! art. 85): Monday to Friday, less the State Council's official holidays, plus the weekend days
//! it declares working days (调休上班). The calendar is a list of the days that differ from
//! Monday–Friday; the API keeps it in a table the province administrator edits, seeded from
//! [`seeded`]. Where a year has no entries, only weekends count (see [`Calendar::covers`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::Lang;

/// How a listed day differs from the ordinary week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 放假: an official holiday (or a weekend day inside a holiday period).
    Holiday,
    /// 调休上班: a weekend day declared a working day.
    Workday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DayKind::Holiday => lang.pick("放假", "Holiday"),
            DayKind::Workday => lang.pick("调休上班", "Make-up working day"),
        }
    }
}

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarEntry {
    pub day: Day,
    pub kind: DayKind,
    /// The holiday's name (元旦, 春节 …), for a make-up day the holiday it belongs to.
    pub name: String,
}

/// The working-day calendar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    entries: BTreeMap<Day, CalendarEntry>,
}

impl Calendar {
    pub fn new(entries: impl IntoIterator<Item = CalendarEntry>) -> Calendar {
        Calendar {
            entries: entries.into_iter().map(|e| (e.day, e)).collect(),
        }
    }

    pub fn entry(&self, day: Day) -> Option<&CalendarEntry> {
        self.entries.get(&day)
    }

    /// Whether any day of `year` is listed. A year without entries counts weekends only: a
    /// limit that runs into it is computed, and the province administrator is expected to enter
    /// the year's arrangement when the State Council publishes it (each November).
    pub fn covers(&self, year: i32) -> bool {
        self.entries.keys().any(|d| d.year() == year)
    }

    pub fn is_working_day(&self, day: Day) -> bool {
        match self.entries.get(&day) {
            Some(e) => e.kind == DayKind::Workday,
            None => !day.weekday().is_weekend(),
        }
    }

    /// The `n`-th working day after `from` (the count starts on the next day, as the law
    /// counts); `from` itself for `n = 0`.
    pub fn add_working_days(&self, from: Day, n: u32) -> Day {
        let mut day = from;
        let mut counted = 0;
        while counted < n {
            day = day.add_days(1);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// Working days in (from, to]; negative when `to` is before `from`.
    pub fn working_days_between(&self, from: Day, to: Day) -> i32 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut n = 0;
        let mut day = from;
        while day < to {
            day = day.add_days(1);
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }
}

/// The official arrangements for 2025, 2026 and 2027, the calendar's initial data.
///
/// 2025 and 2026 follow the State Council's notices (国办发明电〔2024〕12号 and 国办发明电〔2025〕7号,
/// after the 2024 revision of 全国年节及纪念日放假办法 added a day to 春节 and to 劳动节). The
/// 2027 notice is not in this table: its holidays are the statutory days on the 2027 dates
/// (元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), each marked
/// “待国务院通知核对”, without the make-up days a notice adds; the province administrator
/// replaces the year when the notice is published.
pub fn seeded() -> Vec<CalendarEntry> {
    const CHECK: &str = "（待国务院通知核对）";
    let mut out = Vec::new();
    let mut range = |y: i32, m: u32, d: u32, days: i32, name: &str| {
        let start = Day::from_ymd(y, m, d).expect("a seeded day");
        for i in 0..days {
            out.push(CalendarEntry {
                day: start.add_days(i),
                kind: DayKind::Holiday,
                name: name.to_string(),
            });
        }
    };
    // 2025
    range(2025, 1, 1, 1, "元旦");
    range(2025, 1, 28, 8, "春节");
    range(2025, 4, 4, 3, "清明节");
    range(2025, 5, 1, 5, "劳动节");
    range(2025, 5, 31, 3, "端午节");
    range(2025, 10, 1, 8, "国庆节、中秋节");
    // 2026
    range(2026, 1, 1, 3, "元旦");
    range(2026, 2, 15, 9, "春节");
    range(2026, 4, 4, 3, "清明节");
    range(2026, 5, 1, 5, "劳动节");
    range(2026, 6, 19, 3, "端午节");
    range(2026, 9, 25, 3, "中秋节");
    range(2026, 10, 1, 7, "国庆节");
    // 2027: statutory days only.
    range(2027, 1, 1, 1, &format!("元旦{CHECK}"));
    range(2027, 2, 5, 4, &format!("春节{CHECK}"));
    range(2027, 4, 5, 1, &format!("清明节{CHECK}"));
    range(2027, 5, 1, 2, &format!("劳动节{CHECK}"));
    range(2027, 6, 9, 1, &format!("端午节{CHECK}"));
    range(2027, 9, 15, 1, &format!("中秋节{CHECK}"));
    range(2027, 10, 1, 3, &format!("国庆节{CHECK}"));
    for (y, m, d, name) in [
        (2025, 1, 26, "春节"),
        (2025, 2, 8, "春节"),
        (2025, 4, 27, "劳动节"),
        (2025, 9, 28, "国庆节、中秋节"),
        (2025, 10, 11, "国庆节、中秋节"),
        (2026, 1, 4, "元旦"),
        (2026, 2, 14, "春节"),
        (2026, 2, 28, "春节"),
        (2026, 5, 9, "劳动节"),
        (2026, 9, 20, "国庆节"),
        (2026, 10, 10, "国庆节"),
    ] {
        out.push(CalendarEntry {
            day: Day::from_ymd(y, m, d).expect("a seeded day"),
            kind: DayKind::Workday,
            name: format!("{name}调休上班"),
        });
    }
    out.sort_by_key(|e| e.day);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).expect("a day")
    }

    #[test]
    fn the_seed_is_consistent() {
        let s = seeded();
        let cal = Calendar::new(s.clone());
        assert_eq!(cal.entries.len(), s.len(), "no day listed twice");
        for e in &s {
            if e.kind == DayKind::Workday {
                assert!(e.day.weekday().is_weekend(), "{} is a weekend day", e.day);
            }
        }
        assert!(cal.covers(2025) && cal.covers(2026) && cal.covers(2027));
        assert!(!cal.covers(2028));
    }

    #[test]
    fn working_days_skip_holidays_and_count_make_up_saturdays() {
        let cal = Calendar::new(seeded());
        // 国庆 2026: 10/1–10/7 off, Saturday 10/10 worked. From Wednesday 9/30: Thu 10/8,
        // Fri 10/9, Sat 10/10 (调休), Mon 10/12, Tue 10/13.
        assert_eq!(cal.add_working_days(day(2026, 9, 30), 5), day(2026, 10, 13));
        assert!(cal.is_working_day(day(2026, 10, 10)));
        assert!(!cal.is_working_day(day(2026, 10, 3)));
        assert!(
            !cal.is_working_day(day(2026, 10, 17)),
            "an ordinary Saturday"
        );
        assert!(cal.is_working_day(day(2026, 10, 19)));
        // An ordinary week: Friday + 5 working days is the next Friday.
        assert_eq!(cal.add_working_days(day(2026, 6, 5), 5), day(2026, 6, 12));
        assert_eq!(cal.add_working_days(day(2026, 6, 5), 0), day(2026, 6, 5));
        // 春节 2026: Saturday 2/14 is worked, 2/15–2/23 off.
        assert_eq!(cal.add_working_days(day(2026, 2, 13), 1), day(2026, 2, 14));
        assert_eq!(cal.add_working_days(day(2026, 2, 14), 1), day(2026, 2, 24));
    }

    #[test]
    fn working_days_between_counts_the_half_open_interval() {
        let cal = Calendar::new(seeded());
        assert_eq!(
            cal.working_days_between(day(2026, 9, 30), day(2026, 10, 13)),
            5
        );
        assert_eq!(
            cal.working_days_between(day(2026, 10, 13), day(2026, 9, 30)),
            -5
        );
        assert_eq!(
            cal.working_days_between(day(2026, 6, 1), day(2026, 6, 1)),
            0
        );
        // A year without entries counts weekends only.
        let empty = Calendar::default();
        assert_eq!(
            empty.working_days_between(day(2028, 1, 3), day(2028, 1, 10)),
            5
        );
    }
}
