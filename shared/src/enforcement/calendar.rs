//! Working days as data. The law counts its 2/3/5/7-day limits in working days (工作日,
//! 行政处罚法 art. 85): Monday to Friday, less the State Council's official holidays, plus the
//! weekend days it declares working days (调休上班).
//!
//! The calendar is the list of the days that differ from an ordinary Monday–Friday week. The API
//! keeps it in a table the province administrator edits, seeded once from [`seeded`]; this
//! module only reads a list, so the phone and the server count the same days.
//!
//! A year without any entry is counted by weekends alone: a limit that runs into it is still
//! computed (never refused), and [`Calendar::covers`] tells the caller to warn that the year's
//! arrangement has not been entered yet.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::Lang;

/// How a listed day differs from the ordinary week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 放假: an official holiday, a weekend day inside a holiday period, or a 补假 day.
    Holiday,
    /// 调休上班: a weekend day declared a working day.
    Workday,
}

impl DayKind {
    /// Both kinds, in display order.
    pub const ALL: [DayKind; 2] = [DayKind::Holiday, DayKind::Workday];

    /// The stored code: `holiday`, `workday` (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    /// The kind of a stored code, `None` for anything else.
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// For people: 放假 / 调休上班.
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
    /// The day.
    pub day: Day,
    /// Off (放假) or worked (调休上班).
    pub kind: DayKind,
    /// The holiday's name (元旦, 春节 …); for a make-up day, the holiday it belongs to.
    pub name: String,
}

/// The working-day calendar: the listed days by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    entries: BTreeMap<Day, CalendarEntry>,
}

impl Calendar {
    /// A calendar of `entries`. A day listed twice keeps its last entry.
    pub fn new(entries: impl IntoIterator<Item = CalendarEntry>) -> Calendar {
        Calendar {
            entries: entries.into_iter().map(|e| (e.day, e)).collect(),
        }
    }

    /// The listed days in date order.
    pub fn entries(&self) -> impl Iterator<Item = &CalendarEntry> {
        self.entries.values()
    }

    /// The entry of `day`, `None` for an ordinary day.
    pub fn entry(&self, day: Day) -> Option<&CalendarEntry> {
        self.entries.get(&day)
    }

    /// Whether any day of `year` is listed. A year without entries counts weekends only: a
    /// limit that runs into it is still computed that way, and the province administrator is
    /// expected to enter the year's arrangement when the State Council publishes it (usually in
    /// November of the year before).
    pub fn covers(&self, year: i32) -> bool {
        let (Some(first), Some(last)) = (Day::from_ymd(year, 1, 1), Day::from_ymd(year, 12, 31))
        else {
            return false;
        };
        self.entries.range(first..=last).next().is_some()
    }

    /// Whether `day` is a working day: a listed day by its kind, otherwise Monday to Friday.
    pub fn is_working_day(&self, day: Day) -> bool {
        match self.entries.get(&day) {
            Some(e) => e.kind == DayKind::Workday,
            None => !day.weekday().is_weekend(),
        }
    }

    /// The `n`-th working day after `from`: the count starts on the next day, as the law counts
    /// (期间开始之日不计算在内), whatever `from` itself is; `from` itself for `n = 0`.
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

    /// The working days in (from, to]; the negated count of (to, from] when `to` is before
    /// `from`, so `working_days_between(a, b) == -working_days_between(b, a)`.
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

/// The suffix of every entry of a year whose State Council notice this table does not hold.
pub const TO_CHECK: &str = "（待国务院通知核对）";

/// The official arrangements for 2025, 2026 and 2027: the calendar's initial data only (the API
/// stores them in a table the province administrator edits).
///
/// - 2025: 国办发明电〔2024〕12号, the first year under the 2024 revision of
///   全国年节及纪念日放假办法, which added 除夕 to 春节 and 5月2日 to 劳动节.
/// - 2026: 国办发明电〔2025〕7号 (published November 2025).
/// - 2027: the notice is not in this table. Its holidays are derived from the 办法's statutory
///   days (元旦 1, 春节 4 from 除夕 to 初三, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3) on the
///   2027 dates (除夕 02-05, 清明 04-05, 端午 06-09, 中秋 09-15), plus the 补假 the 办法 (art. 6)
///   requires on the next working days when a holiday falls on a Saturday or Sunday. No
///   调休上班 day is listed for 2027: those exist only by the notice. Every 2027 entry's name
///   ends with [`TO_CHECK`]; the province administrator replaces the year when the notice is
///   published.
pub fn seeded() -> Vec<CalendarEntry> {
    let mut out = Vec::new();
    let mut off = |y: i32, m: u32, d: u32, days: i32, name: &str| {
        let start = Day::from_ymd(y, m, d).expect("a seeded day");
        for i in 0..days {
            out.push(CalendarEntry {
                day: start.add_days(i),
                kind: DayKind::Holiday,
                name: name.to_string(),
            });
        }
    };
    // 2025 (国办发明电〔2024〕12号).
    off(2025, 1, 1, 1, "元旦");
    off(2025, 1, 28, 8, "春节");
    off(2025, 4, 4, 3, "清明节");
    off(2025, 5, 1, 5, "劳动节");
    off(2025, 5, 31, 3, "端午节");
    off(2025, 10, 1, 8, "国庆节、中秋节");
    // 2026 (国办发明电〔2025〕7号).
    off(2026, 1, 1, 3, "元旦");
    off(2026, 2, 15, 9, "春节");
    off(2026, 4, 4, 3, "清明节");
    off(2026, 5, 1, 5, "劳动节");
    off(2026, 6, 19, 3, "端午节");
    off(2026, 9, 25, 3, "中秋节");
    off(2026, 10, 1, 7, "国庆节");
    // 2027: the statutory days, then the 补假 for those falling on a weekend.
    let check = |name: &str| format!("{name}{TO_CHECK}");
    off(2027, 1, 1, 1, &check("元旦")); // Friday
    off(2027, 2, 5, 4, &check("春节")); // 除夕 Fri – 初三 Mon; Sat and Sun owed
    off(2027, 2, 9, 2, &check("春节（补假）"));
    off(2027, 4, 5, 1, &check("清明节")); // Monday
    off(2027, 5, 1, 2, &check("劳动节")); // Sat, Sun: both owed
    off(2027, 5, 3, 2, &check("劳动节（补假）"));
    off(2027, 6, 9, 1, &check("端午节")); // Wednesday
    off(2027, 9, 15, 1, &check("中秋节")); // Wednesday
    off(2027, 10, 1, 3, &check("国庆节")); // Fri, Sat, Sun: two owed
    off(2027, 10, 4, 2, &check("国庆节（补假）"));
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
    use crate::enforcement::day::Weekday;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).expect("a day")
    }

    fn cal() -> Calendar {
        Calendar::new(seeded())
    }

    fn holidays(year: i32, name: &str) -> Vec<Day> {
        seeded()
            .into_iter()
            .filter(|e| e.day.year() == year && e.kind == DayKind::Holiday && e.name == name)
            .map(|e| e.day)
            .collect()
    }

    #[test]
    fn the_seed_is_consistent() {
        let s = seeded();
        let cal = Calendar::new(s.clone());
        assert_eq!(cal.entries().count(), s.len(), "no day listed twice");
        assert!(s.windows(2).all(|w| w[0].day < w[1].day), "in date order");
        for e in &s {
            if e.kind == DayKind::Workday {
                assert!(e.day.weekday().is_weekend(), "{} is a weekend day", e.day);
                assert!(e.day.year() != 2027, "no invented make-up day for 2027");
            }
            assert_eq!(
                e.day.year() == 2027,
                e.name.ends_with(TO_CHECK),
                "{}: only 2027 waits for the notice",
                e.day
            );
        }
        assert!(cal.covers(2025) && cal.covers(2026) && cal.covers(2027));
        assert!(!cal.covers(2024) && !cal.covers(2028));
    }

    #[test]
    fn the_2025_and_2026_arrangements() {
        // Holiday counts per period, including the weekend days inside it.
        assert_eq!(holidays(2025, "春节").len(), 8);
        assert_eq!(holidays(2025, "劳动节").len(), 5);
        assert_eq!(holidays(2025, "国庆节、中秋节").len(), 8);
        assert_eq!(holidays(2026, "元旦").len(), 3);
        assert_eq!(holidays(2026, "春节").len(), 9);
        assert_eq!(holidays(2026, "国庆节").len(), 7);
        let cal = cal();
        // Every listed make-up day is worked, the Saturday after it is not.
        for d in [
            day(2025, 1, 26),
            day(2025, 2, 8),
            day(2026, 2, 28),
            day(2026, 9, 20),
        ] {
            assert!(cal.is_working_day(d), "{d}");
        }
        assert!(!cal.is_working_day(day(2025, 2, 15)));
        assert_eq!(
            cal.entry(day(2026, 10, 10)).map(|e| e.name.as_str()),
            Some("国庆节调休上班")
        );
        assert_eq!(cal.entry(day(2026, 10, 12)), None, "an ordinary Monday");
    }

    #[test]
    fn the_2027_days_follow_the_statutory_rules() {
        assert_eq!(day(2027, 2, 6).weekday(), Weekday::Sat, "初一");
        assert_eq!(day(2027, 5, 1).weekday(), Weekday::Sat);
        assert_eq!(day(2027, 10, 1).weekday(), Weekday::Fri);
        let cal = cal();
        // 春节: 2/5 (除夕) to 2/8 (初三), then 2/9 and 2/10 for the Saturday and Sunday.
        for d in 5..=10 {
            assert!(!cal.is_working_day(day(2027, 2, d)), "2027-02-{d}");
        }
        assert!(cal.is_working_day(day(2027, 2, 11)));
        // 国庆: 10/1–10/3 and 补假 10/4, 10/5; 10/6 is worked until the notice says otherwise.
        assert_eq!(cal.add_working_days(day(2027, 9, 30), 1), day(2027, 10, 6));
        assert!(cal
            .entry(day(2027, 10, 4))
            .is_some_and(|e| e.name == "国庆节（补假）（待国务院通知核对）"));
    }

    #[test]
    fn a_make_up_saturday_counts_and_a_weekend_does_not() {
        let cal = cal();
        assert!(cal.is_working_day(day(2026, 10, 10)), "调休 Saturday");
        assert!(cal.is_working_day(day(2026, 2, 14)), "调休 Saturday");
        assert!(cal.is_working_day(day(2026, 1, 4)), "调休 Sunday");
        assert!(
            !cal.is_working_day(day(2026, 10, 17)),
            "an ordinary Saturday"
        );
        assert!(!cal.is_working_day(day(2026, 10, 18)), "an ordinary Sunday");
        assert!(!cal.is_working_day(day(2026, 10, 5)), "a Monday in 国庆");
        assert!(cal.is_working_day(day(2026, 10, 19)), "an ordinary Monday");
        // Friday 10/9 + 1 working day is the 调休 Saturday, + 2 is Monday 10/12.
        assert_eq!(cal.add_working_days(day(2026, 10, 9), 1), day(2026, 10, 10));
        assert_eq!(cal.add_working_days(day(2026, 10, 9), 2), day(2026, 10, 12));
        // Friday 10/16 + 1 working day skips the ordinary weekend.
        assert_eq!(
            cal.add_working_days(day(2026, 10, 16), 1),
            day(2026, 10, 19)
        );
    }

    #[test]
    fn working_days_skip_a_holiday() {
        let cal = cal();
        // 国庆 2026: 10/1–10/7 off, Saturday 10/10 worked. From Wednesday 9/30: Thu 10/8,
        // Fri 10/9, Sat 10/10 (调休), Mon 10/12, Tue 10/13.
        assert_eq!(cal.add_working_days(day(2026, 9, 30), 5), day(2026, 10, 13));
        // Counting starts the next day even from a holiday.
        assert_eq!(cal.add_working_days(day(2026, 10, 3), 1), day(2026, 10, 8));
        // 春节 2026: Saturday 2/14 is worked, 2/15–2/23 off.
        assert_eq!(cal.add_working_days(day(2026, 2, 13), 1), day(2026, 2, 14));
        assert_eq!(cal.add_working_days(day(2026, 2, 14), 1), day(2026, 2, 24));
        // An ordinary week: Friday + 5 working days is the next Friday.
        assert_eq!(cal.add_working_days(day(2026, 6, 5), 5), day(2026, 6, 12));
    }

    #[test]
    fn zero_working_days_is_the_day_itself() {
        let cal = cal();
        for d in [day(2026, 6, 5), day(2026, 10, 3), day(2026, 10, 17)] {
            assert_eq!(cal.add_working_days(d, 0), d, "{d}");
        }
    }

    #[test]
    fn working_days_between_counts_the_half_open_interval() {
        let cal = cal();
        let (a, b) = (day(2026, 9, 30), day(2026, 10, 13));
        assert_eq!(cal.working_days_between(a, b), 5);
        assert_eq!(cal.working_days_between(b, a), -5);
        assert_eq!(cal.working_days_between(a, a), 0);
        // (from, to]: a holiday `to` adds nothing, a working `to` adds one.
        assert_eq!(cal.working_days_between(a, day(2026, 10, 7)), 0);
        assert_eq!(cal.working_days_between(a, day(2026, 10, 8)), 1);
        assert_eq!(cal.working_days_between(day(2026, 10, 8), a), -1);
        // It inverts add_working_days.
        for n in 0..30 {
            let to = cal.add_working_days(day(2026, 9, 18), n);
            assert_eq!(cal.working_days_between(day(2026, 9, 18), to), n as i32);
        }
    }

    #[test]
    fn an_uncovered_year_counts_weekends_only() {
        let cal = cal();
        assert!(!cal.covers(2028));
        // 2028-01-01 is a Saturday; with no arrangement entered it is an ordinary weekend and
        // Monday 1/3 an ordinary working day.
        assert_eq!(day(2028, 1, 1).weekday(), Weekday::Sat);
        assert_eq!(cal.add_working_days(day(2027, 12, 31), 1), day(2028, 1, 3));
        assert_eq!(
            cal.working_days_between(day(2027, 12, 31), day(2028, 1, 10)),
            6
        );
        let empty = Calendar::default();
        assert!(!empty.covers(2026));
        assert_eq!(
            empty.add_working_days(day(2026, 9, 30), 5),
            day(2026, 10, 7)
        );
    }

    #[test]
    fn a_day_listed_twice_keeps_the_last_entry() {
        let d = day(2026, 10, 10);
        let cal = Calendar::new([
            CalendarEntry {
                day: d,
                kind: DayKind::Workday,
                name: "a".into(),
            },
            CalendarEntry {
                day: d,
                kind: DayKind::Holiday,
                name: "b".into(),
            },
        ]);
        assert_eq!(cal.entries().count(), 1);
        assert!(!cal.is_working_day(d));
    }

    #[test]
    fn codes_labels_and_the_wire_shape() {
        for k in DayKind::ALL {
            assert_eq!(DayKind::from_code(k.code()), Some(k));
            assert_eq!(
                serde_json::to_value(k).expect("json"),
                serde_json::json!(k.code())
            );
        }
        assert_eq!(DayKind::from_code("weekend"), None);
        assert_eq!(DayKind::Workday.label(Lang::Zh), "调休上班");
        assert_eq!(DayKind::Holiday.label(Lang::En), "Holiday");
        let e = CalendarEntry {
            day: day(2026, 10, 10),
            kind: DayKind::Workday,
            name: "国庆节调休上班".into(),
        };
        let v = serde_json::to_value(&e).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"day": "2026-10-10", "kind": "workday", "name": "国庆节调休上班"})
        );
        assert_eq!(serde_json::from_value::<CalendarEntry>(v).expect("back"), e);
    }
}
