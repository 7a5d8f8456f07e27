//! The one clock the legal time limits are computed from: today in China (UTC+8), shifted by an
//! offset that only tests set, so that a test runs a case through a year in milliseconds while
//! the server always reads the real day. Shared by every clone of the state (an `Arc`), holds no
//! per-user state.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use shared::enforcement::Day;
use time::{OffsetDateTime, UtcOffset};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_days: Arc<AtomicI32>,
}

impl Clock {
    /// Today's date in China.
    pub fn today(&self) -> Day {
        real_today().add_days(self.offset_days.load(Ordering::Relaxed))
    }

    /// This instant on the same clock: the real time shifted by the same whole days, so that a
    /// document issued "today" carries today's date.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
            + time::Duration::days(i64::from(self.offset_days.load(Ordering::Relaxed)))
    }

    /// Makes [`today`](Self::today) answer `day` (tests only; the server never calls it).
    pub fn set_today(&self, day: Day) {
        self.offset_days
            .store(real_today().days_until(day), Ordering::Relaxed);
    }

    /// Moves the clock on by `days`.
    pub fn advance(&self, days: i32) {
        self.offset_days.fetch_add(days, Ordering::Relaxed);
    }
}

fn real_today() -> Day {
    let d = OffsetDateTime::now_utc()
        .to_offset(UtcOffset::from_hms(8, 0, 0).expect("valid offset"))
        .date();
    Day::from_ymd(d.year(), u8::from(d.month()) as u32, d.day() as u32).expect("a real date")
}

/// A stored date as a [`Day`].
pub fn day_of(d: time::Date) -> Day {
    Day::from_ymd(d.year(), u8::from(d.month()) as u32, d.day() as u32).expect("a real date")
}

/// A [`Day`] as a stored date.
pub fn date_of(d: Day) -> time::Date {
    let (y, m, dd) = d.ymd();
    time::Date::from_calendar_date(
        y,
        time::Month::try_from(m as u8).expect("month 1–12"),
        dd as u8,
    )
    .expect("a real date")
}
