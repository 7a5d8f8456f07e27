//! A civil date (公历日期) without a time zone: what a legal time limit counts in.
//!
//! Stored as days since 1970-01-01, written ISO `YYYY-MM-DD` on the wire and 2026年11月23日 for
//! people. Pure arithmetic (Howard Hinnant's civil-date algorithms), the same in the browser
//! and on the server.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(i32);

/// Monday = 0 … Sunday = 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

impl Day {
    /// The day `year-month-day`, or `None` when it does not exist (2026-02-30).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// Days since 1970-01-01.
    pub fn from_days(days: i32) -> Day {
        Day(days)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    pub fn add_days(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i32 {
        later.0 - self.0
    }

    /// Parses `YYYY-MM-DD` (a longer ISO timestamp is read by its first ten characters).
    pub fn parse(text: &str) -> Option<Day> {
        let t = text.get(..10)?;
        let b = t.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<u32> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        Day::from_ymd(num(&t[..4])? as i32, num(&t[5..7])?, num(&t[8..10])?)
    }

    /// 2026年11月23日.
    pub fn zh(self) -> String {
        let (y, m, d) = self.ymd();
        crate::format::date_zh(y, m as u8, d as u8)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("日期格式应为 YYYY-MM-DD，收到“{text}”"))
        })
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Day {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Day {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        let d = Day::from_ymd(2026, 12, 1).expect("a day");
        assert_eq!(d.to_string(), "2026-12-01");
        assert_eq!(d.weekday(), Weekday::Tue);
        assert_eq!(Day::parse("2026-12-01T08:00:00Z"), Some(d));
        assert_eq!(Day::from_days(0).to_string(), "1970-01-01");
        assert_eq!(
            Day::from_ymd(2024, 2, 29)
                .expect("a day")
                .add_days(1)
                .to_string(),
            "2024-03-01"
        );
        assert_eq!(Day::from_ymd(2026, 2, 29), None);
        assert_eq!(Day::parse("2026-13-01"), None);
        assert_eq!(Day::parse("20x6-01-01"), None);
        assert_eq!(d.zh(), "2026年12月1日");
        for n in -800_000..800_000 {
            let day = Day::from_days(n);
            let (y, m, dd) = day.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), Some(day));
        }
    }
}
