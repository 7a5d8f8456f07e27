//! The statutory clocks of a penalty case, computed from what the case has recorded and a
//! `today` passed in: no system clock here, so a test runs a case through a year by passing days
//! and the phone shows the same clocks as the server.
//!
//! | clock | starts | due | basis |
//! |---|---|---|---|
//! | decision | 立案 | the province's decision days (90 by default, `ClockFacts::decision_days`) counted from the next day, plus approved extensions and the excluded periods (中止, 听证, 公告, 监测/检测, 鉴定, 送达) | 行政处罚法 60 |
//! | hearing request | prior notice served | 5 working days | 行政处罚法 64 |
//! | hearing notice | hearing notice served | the hearing no earlier than 7 working days later | 行政处罚法 64 |
//! | service | decision | 7 working days | 行政处罚法 61 |
//! | payment | service | 15 calendar days (or the approved 延期 / last 分期 day) | 行政处罚法 67 |
//!
//! Working days are counted by the [`Calendar`] (行政处罚法 85); every count starts on the day
//! after its start fact.
//!
//! A clock appears once the fact that starts it is recorded. It is `Met` once the fact that ends
//! it is recorded on or before the due day and `MetLate` when after. Two clocks are not
//! deadlines the bureau can miss, and are represented so:
//!
//! - **hearing request**: the party's right, not a duty. A window that passes without a request
//!   is `Met` with `done_on: None` (the window is over, nothing is owed); a request after the
//!   window is `MetLate`. It is never `Overdue`.
//! - **hearing notice**: `due` is the *earliest* lawful hearing day. With a hearing day recorded
//!   the clock is `Met` (`done_on` = the hearing day) when the hearing is on or after it and
//!   `MetLate` when too early; without one it is `Running` until that day and `Met` with
//!   `done_on: None` from it. It is never `Approaching` nor `Overdue`.

use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::day::Day;
use crate::Lang;

/// The kinds of period the decision clock does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PauseKind {
    /// 中止调查.
    Suspension,
    /// 听证.
    Hearing,
    /// 公告.
    Announcement,
    /// 监测、检测.
    Testing,
    /// 鉴定.
    Appraisal,
    /// 送达.
    Service,
}

impl PauseKind {
    /// Every kind, in display order.
    pub const ALL: [PauseKind; 6] = [
        PauseKind::Suspension,
        PauseKind::Hearing,
        PauseKind::Announcement,
        PauseKind::Testing,
        PauseKind::Appraisal,
        PauseKind::Service,
    ];

    /// For people: 中止调查, 听证 ….
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PauseKind::Suspension => lang.pick("中止调查", "Suspension"),
            PauseKind::Hearing => lang.pick("听证", "Hearing"),
            PauseKind::Announcement => lang.pick("公告", "Announcement"),
            PauseKind::Testing => lang.pick("监测、检测", "Testing"),
            PauseKind::Appraisal => lang.pick("鉴定", "Appraisal"),
            PauseKind::Service => lang.pick("送达", "Service"),
        }
    }
}

/// An excluded period: the calendar days from `from` through `to`, both included, or through
/// today while it runs (`to: None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pause {
    /// Why the clock stops.
    pub kind: PauseKind,
    /// The first excluded day.
    pub from: Day,
    /// The last excluded day; `None` while the period still runs.
    pub to: Option<Day>,
}

/// The facts of a case the clocks count from; each is `None` until recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockFacts {
    /// The days the decision is due in after 立案 (the province's figure; 90 by default).
    pub decision_days: u32,
    /// 立案 approved: the decision clock starts (counted from the next day).
    pub filed_on: Option<Day>,
    /// Periods that do not count toward the decision's 90 days.
    pub pauses: Vec<Pause>,
    /// Approved extensions of the decision clock, summed (e.g. 30).
    pub extension_days: u32,
    /// 行政处罚事先(听证)告知书 served: the 5-working-day hearing-request window starts.
    pub notice_served_on: Option<Day>,
    /// The party asked for a hearing.
    pub hearing_requested_on: Option<Day>,
    /// 听证通知书 served.
    pub hearing_notice_on: Option<Day>,
    /// The hearing day, at least 7 working days after its notice.
    pub hearing_on: Option<Day>,
    /// 行政处罚决定 made: ends the decision clock, starts the service clock.
    pub decided_on: Option<Day>,
    /// 决定书 served: ends the service clock, starts the payment clock.
    pub served_on: Option<Day>,
    /// The fine in fen (分), 0 when none (then there is no payment clock).
    pub fine_fen: i64,
    /// An approved 延期, or the last 分期 instalment's due day, replacing the 15 days.
    pub payment_due_override: Option<Day>,
    /// Paid so far, for display; the payment clock ends on `paid_in_full_on`.
    pub paid_fen: i64,
    /// The day the fine was paid in full: ends the payment clock.
    pub paid_in_full_on: Option<Day>,
}

impl Default for ClockFacts {
    fn default() -> Self {
        ClockFacts {
            decision_days: 90,
            filed_on: None,
            pauses: Vec::new(),
            extension_days: 0,
            notice_served_on: None,
            hearing_requested_on: None,
            hearing_notice_on: None,
            hearing_on: None,
            decided_on: None,
            served_on: None,
            fine_fen: 0,
            payment_due_override: None,
            paid_fen: 0,
            paid_in_full_on: None,
        }
    }
}

/// Which statutory limit a clock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// 作出处罚决定: 90 days from 立案.
    Decision,
    /// 申请听证: 5 working days from the prior notice.
    HearingRequest,
    /// 听证通知: the hearing at least 7 working days after its notice.
    HearingNotice,
    /// 送达决定书: 7 working days from the decision.
    Service,
    /// 缴纳罚款: 15 days from service.
    Payment,
}

impl ClockKind {
    /// Every kind, in the order [`clocks`] lists them.
    pub const ALL: [ClockKind; 5] = [
        ClockKind::Decision,
        ClockKind::HearingRequest,
        ClockKind::HearingNotice,
        ClockKind::Service,
        ClockKind::Payment,
    ];

    /// For people: 作出处罚决定 ….
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockKind::Decision => lang.pick("作出处罚决定", "Decision"),
            ClockKind::HearingRequest => {
                lang.pick("听证申请 5 个工作日", "Hearing request, 5 working days")
            }
            ClockKind::HearingNotice => {
                lang.pick("听证通知 7 个工作日", "Hearing notice, 7 working days")
            }
            ClockKind::Service => lang.pick("送达 7 个工作日", "Service, 7 working days"),
            ClockKind::Payment => lang.pick("缴纳罚款 15 日", "Payment within 15 days"),
        }
    }

    /// The article the limit comes from, as a document cites it.
    pub fn basis(self) -> &'static str {
        match self {
            ClockKind::Decision => "《行政处罚法》第六十条",
            ClockKind::HearingRequest | ClockKind::HearingNotice => "《行政处罚法》第六十四条",
            ClockKind::Service => "《行政处罚法》第六十一条",
            ClockKind::Payment => "《行政处罚法》第六十七条",
        }
    }

    /// Whether the limit is in working days (行政处罚法 85) rather than calendar days.
    pub fn in_working_days(self) -> bool {
        matches!(
            self,
            ClockKind::HearingRequest | ClockKind::HearingNotice | ClockKind::Service
        )
    }
}

/// Where a clock stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Counting, not yet near its limit.
    Running,
    /// Stopped by an excluded period running today (decision clock only).
    Paused,
    /// Near its limit: 10 days or fewer for the decision, 3 for the payment, 1 working day for
    /// the hearing-request and service clocks (the due day itself included).
    Approaching,
    /// Past its due day with the ending fact not recorded.
    Overdue,
    /// Ended on or before its due day (see the module notes for the two hearing clocks).
    Met,
    /// Ended after its due day (for the hearing notice: a hearing set too early).
    MetLate,
}

impl ClockStatus {
    /// For people: 进行中, 临期, 已超期 ….
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockStatus::Running => lang.pick("进行中", "Running"),
            ClockStatus::Paused => lang.pick("中止中", "Paused"),
            ClockStatus::Approaching => lang.pick("临期", "Due soon"),
            ClockStatus::Overdue => lang.pick("已超期", "Overdue"),
            ClockStatus::Met => lang.pick("已按期完成", "Met"),
            ClockStatus::MetLate => lang.pick("逾期完成", "Met late"),
        }
    }
}

/// One clock as the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    /// Which limit.
    pub kind: ClockKind,
    /// The article it comes from, e.g. 《行政处罚法》第六十条.
    pub basis: String,
    /// The day of the fact that started it (the count starts the next day).
    pub started: Day,
    /// The last day of the limit (for the hearing notice, the earliest lawful hearing day).
    pub due: Day,
    /// Where it stands today.
    pub status: ClockStatus,
    /// Calendar days from today to the due day, negative when past it.
    pub days_left: i32,
    /// For the working-day clocks, the working days in (today, due], negative when past it.
    pub working_days_left: Option<i32>,
    /// The day of the fact that ended it (for the hearing notice, the hearing day).
    pub done_on: Option<Day>,
}

impl Clock {
    /// The status for people in Chinese: 剩 12 天, 今日到期, 已超期 3 天, 中止中, 已按期完成.
    pub fn zh_status(&self) -> String {
        self.status_text(Lang::Zh)
    }

    /// The status for people: how long is left, how late, or how it ended.
    pub fn status_text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let pick = |z: &str, e: &str| lang.pick(z, e).to_string();
        match (self.status, self.kind) {
            (ClockStatus::Paused, _) => pick("中止中", "Paused"),
            (ClockStatus::Overdue, _) => {
                let n = -self.days_left;
                if zh {
                    format!("已超期 {n} 天")
                } else {
                    format!("{n} days overdue")
                }
            }
            (ClockStatus::Running, ClockKind::HearingNotice) => {
                let n = self.working_days_left.unwrap_or(self.days_left);
                if zh {
                    format!("{n} 个工作日后可举行听证")
                } else {
                    format!("hearing possible in {n} working days")
                }
            }
            (ClockStatus::Running | ClockStatus::Approaching, _) if self.days_left == 0 => {
                pick("今日到期", "Due today")
            }
            (ClockStatus::Running | ClockStatus::Approaching, _) => {
                match (self.working_days_left, zh) {
                    (Some(w), true) => format!("剩 {w} 个工作日"),
                    (Some(w), false) => format!("{w} working days left"),
                    (None, true) => format!("剩 {} 天", self.days_left),
                    (None, false) => format!("{} days left", self.days_left),
                }
            }
            (ClockStatus::Met, ClockKind::HearingRequest) if self.done_on.is_none() => {
                pick("期满未申请听证", "No hearing requested")
            }
            (ClockStatus::Met, ClockKind::HearingNotice) if self.done_on.is_none() => {
                pick("可举行听证", "Hearing may be held")
            }
            (ClockStatus::MetLate, ClockKind::HearingRequest) => {
                pick("逾期申请听证", "Hearing requested late")
            }
            (ClockStatus::MetLate, ClockKind::HearingNotice) => {
                pick("听证日期不足 7 个工作日", "Hearing set too early")
            }
            (ClockStatus::Met, _) => pick("已按期完成", "Met"),
            (ClockStatus::MetLate, _) => pick("逾期完成", "Met late"),
        }
    }
}

/// The excluded periods as sorted, disjoint, inclusive spans within `[first, last]`: a running
/// pause runs through `last`, overlapping or adjacent periods are merged.
fn excluded_spans(pauses: &[Pause], first: Day, last: Day) -> Vec<(Day, Day)> {
    let mut spans: Vec<(Day, Day)> = pauses
        .iter()
        .map(|p| (p.from.max(first), p.to.unwrap_or(last).min(last)))
        .filter(|(a, b)| a <= b)
        .collect();
    spans.sort();
    let mut merged: Vec<(Day, Day)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match merged.last_mut() {
            Some((_, end)) if a <= end.add_days(1) => *end = (*end).max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The decision's due day: the day on which the `decision_days + extension_days`-th counted
/// day after `filed` falls, skipping the excluded days up to `until` (the decision, or today
/// while undecided). An excluded period that starts after the due day does not move it.
fn decision_due(facts: &ClockFacts, filed: Day, until: Day) -> Day {
    let limit = i32::try_from(facts.decision_days.saturating_add(facts.extension_days))
        .unwrap_or(i32::MAX / 2);
    let mut due = filed.add_days(limit);
    for (a, b) in excluded_spans(&facts.pauses, filed.add_days(1), until) {
        if a <= due {
            due = due.add_days(a.days_until(b) + 1);
        }
    }
    due
}

/// The payment's due day: 15 calendar days after service (counted from the next day), unless
/// an approved 延期 or the last 分期 instalment moved it (`payment_due_override`, which is
/// returned even before service). `None` while neither is known.
pub fn payment_due(facts: &ClockFacts) -> Option<Day> {
    facts
        .payment_due_override
        .or_else(|| facts.served_on.map(|d| d.add_days(15)))
}

/// A clock from its dates, with the status every limit shares (ended → Met/MetLate, past →
/// Overdue, near → Approaching, otherwise Running).
fn clock(
    kind: ClockKind,
    started: Day,
    due: Day,
    done: Option<Day>,
    cal: &Calendar,
    today: Day,
) -> Clock {
    let days_left = today.days_until(due);
    let working_days_left = kind
        .in_working_days()
        .then(|| cal.working_days_between(today, due));
    let near = match kind {
        ClockKind::Decision => days_left <= 10,
        ClockKind::Payment => days_left <= 3,
        _ => working_days_left.unwrap_or(days_left) <= 1,
    };
    let status = match done {
        Some(d) if d <= due => ClockStatus::Met,
        Some(_) => ClockStatus::MetLate,
        None if days_left < 0 => ClockStatus::Overdue,
        None if near => ClockStatus::Approaching,
        None => ClockStatus::Running,
    };
    Clock {
        kind,
        basis: kind.basis().into(),
        started,
        due,
        status,
        days_left,
        working_days_left,
        done_on: done,
    }
}

/// The clocks of a case on `today`, in the order of [`ClockKind::ALL`], each present once its
/// start fact is recorded (the payment clock also needs a fine).
///
/// The decision clock counts the excluded days up to the decision, or up to today while
/// undecided: a running pause keeps moving the due day, so `days_left` stands still and the
/// status is `Paused`, unless the clock was already overdue when the pause began (then it stays
/// `Overdue`: the pause starts after the due day and does not move it).
pub fn clocks(facts: &ClockFacts, cal: &Calendar, today: Day) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(filed) = facts.filed_on {
        let until = facts.decided_on.unwrap_or(today);
        let due = decision_due(facts, filed, until);
        let mut c = clock(
            ClockKind::Decision,
            filed,
            due,
            facts.decided_on,
            cal,
            today,
        );
        let pause_running = facts
            .pauses
            .iter()
            .any(|p| p.from <= today && p.to.is_none_or(|t| t >= today));
        if pause_running && matches!(c.status, ClockStatus::Running | ClockStatus::Approaching) {
            c.status = ClockStatus::Paused;
        }
        out.push(c);
    }
    if let Some(notice) = facts.notice_served_on {
        let due = cal.add_working_days(notice, 5);
        let mut c = clock(
            ClockKind::HearingRequest,
            notice,
            due,
            facts.hearing_requested_on,
            cal,
            today,
        );
        if c.status == ClockStatus::Overdue {
            // The window closed unused: the party's right lapsed, nothing is owed.
            c.status = ClockStatus::Met;
        }
        out.push(c);
    }
    if let Some(notice) = facts.hearing_notice_on {
        let earliest = cal.add_working_days(notice, 7);
        let mut c = clock(ClockKind::HearingNotice, notice, earliest, None, cal, today);
        c.done_on = facts.hearing_on;
        c.status = match facts.hearing_on {
            Some(h) if h >= earliest => ClockStatus::Met,
            Some(_) => ClockStatus::MetLate,
            None if today >= earliest => ClockStatus::Met,
            None => ClockStatus::Running,
        };
        out.push(c);
    }
    if let Some(decided) = facts.decided_on {
        let due = cal.add_working_days(decided, 7);
        out.push(clock(
            ClockKind::Service,
            decided,
            due,
            facts.served_on,
            cal,
            today,
        ));
    }
    if let (Some(served), Some(due)) = (facts.served_on, payment_due(facts)) {
        if facts.fine_fen > 0 {
            out.push(clock(
                ClockKind::Payment,
                served,
                due,
                facts.paid_in_full_on,
                cal,
                today,
            ));
        }
    }
    out
}

/// 加处罚款 (行政处罚法 72, 行政强制法 45): 3 % of the fine for every day after `due` up to and
/// including `until`, in fen.
///
/// The rule: it accrues on the principal only (never on earlier surcharge), the total for `n`
/// days is `fine × 3 % × n` rounded down to the fen once (so it never exceeds the exact amount
/// by any fraction), and it is never more than the fine. 0 when `until` is not after `due` or
/// there is no fine. For 100,000.00 元 due on day D: D itself 0, D+1 3,000.00 元, D+33
/// 99,000.00 元, D+34 onward 100,000.00 元.
pub fn surcharge_fen(fine_fen: i64, due: Day, until: Day) -> i64 {
    let days = due.days_until(until);
    if fine_fen <= 0 || days <= 0 {
        return 0;
    }
    let total = i128::from(fine_fen) * 3 * i128::from(days) / 100;
    i64::try_from(total.min(i128::from(fine_fen))).unwrap_or(fine_fen)
}

/// 按日连续处罚 (环境保护法 59): the days counted from the day after the order to correct was
/// served through the day the re-inspection finds the violation continuing; 0 when that day is
/// not after the order.
pub fn daily_penalty_days(order_served_on: Day, found_continuing_on: Day) -> i64 {
    i64::from(order_served_on.days_until(found_continuing_on).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enforcement::calendar::seeded;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).expect("a day")
    }

    fn cal() -> Calendar {
        Calendar::new(seeded())
    }

    fn get(facts: &ClockFacts, kind: ClockKind, today: Day) -> Clock {
        clocks(facts, &cal(), today)
            .into_iter()
            .find(|c| c.kind == kind)
            .unwrap_or_else(|| panic!("a {kind:?} clock"))
    }

    fn pause(kind: PauseKind, from: Day, to: Option<Day>) -> Pause {
        Pause { kind, from, to }
    }

    /// The statuses a clock passes through from `first` to `last`, each change once.
    fn life(facts: &ClockFacts, kind: ClockKind, first: Day, last: Day) -> Vec<ClockStatus> {
        let mut seen: Vec<ClockStatus> = Vec::new();
        let mut d = first;
        while d <= last {
            let s = get(facts, kind, d).status;
            if seen.last() != Some(&s) {
                seen.push(s);
            }
            d = d.add_days(1);
        }
        seen
    }

    fn filed_0302() -> ClockFacts {
        ClockFacts {
            filed_on: Some(day(2026, 3, 2)),
            ..Default::default()
        }
    }

    #[test]
    fn the_decision_days_are_the_provinces_figure() {
        // Filed 3/2: 90 days by default fall on 5/31; a province that sets 60 has 5/1.
        let mut f = filed_0302();
        assert_eq!(
            get(&f, ClockKind::Decision, day(2026, 3, 2)).due,
            day(2026, 5, 31)
        );
        f.decision_days = 60;
        assert_eq!(
            get(&f, ClockKind::Decision, day(2026, 3, 2)).due,
            day(2026, 5, 1)
        );
        f.extension_days = 30;
        assert_eq!(
            get(&f, ClockKind::Decision, day(2026, 3, 2)).due,
            day(2026, 5, 31)
        );
    }

    // ---- which clocks exist

    #[test]
    fn a_clock_appears_only_once_its_start_fact_exists() {
        let today = day(2026, 6, 1);
        assert!(clocks(&ClockFacts::default(), &cal(), today).is_empty());
        let kinds = |f: &ClockFacts| -> Vec<ClockKind> {
            clocks(f, &cal(), today).iter().map(|c| c.kind).collect()
        };
        let mut f = filed_0302();
        assert_eq!(kinds(&f), [ClockKind::Decision]);
        f.notice_served_on = Some(day(2026, 5, 6));
        f.hearing_notice_on = Some(day(2026, 5, 14));
        f.decided_on = Some(day(2026, 5, 29));
        f.served_on = Some(day(2026, 5, 29));
        assert_eq!(kinds(&f).len(), 4, "no fine, no payment clock");
        f.fine_fen = 5_000_000;
        assert_eq!(kinds(&f), ClockKind::ALL);
        let only_fine = ClockFacts {
            fine_fen: 5_000_000,
            payment_due_override: Some(day(2026, 7, 1)),
            ..Default::default()
        };
        assert!(
            clocks(&only_fine, &cal(), today).is_empty(),
            "no payment clock before service"
        );
    }

    // ---- decision: 90 days

    #[test]
    fn the_decision_clock_runs_approaches_and_passes() {
        let facts = filed_0302();
        let c = get(&facts, ClockKind::Decision, day(2026, 3, 2));
        assert_eq!(c.due, day(2026, 5, 31), "90 days counted from the next day");
        assert_eq!(c.started, day(2026, 3, 2));
        assert_eq!(c.basis, "《行政处罚法》第六十条");
        assert_eq!((c.status, c.days_left), (ClockStatus::Running, 90));
        assert_eq!(c.working_days_left, None, "a calendar-day clock");
        assert_eq!(c.zh_status(), "剩 90 天");
        let c = get(&facts, ClockKind::Decision, day(2026, 5, 20));
        assert_eq!((c.status, c.days_left), (ClockStatus::Running, 11));
        let c = get(&facts, ClockKind::Decision, day(2026, 5, 21));
        assert_eq!((c.status, c.days_left), (ClockStatus::Approaching, 10));
        let c = get(&facts, ClockKind::Decision, day(2026, 5, 31));
        assert_eq!((c.status, c.days_left), (ClockStatus::Approaching, 0));
        assert_eq!(c.zh_status(), "今日到期");
        let c = get(&facts, ClockKind::Decision, day(2026, 6, 1));
        assert_eq!((c.status, c.days_left), (ClockStatus::Overdue, -1));
        let c = get(&facts, ClockKind::Decision, day(2026, 6, 3));
        assert_eq!(c.zh_status(), "已超期 3 天");
        assert_eq!(c.status_text(Lang::En), "3 days overdue");
        assert_eq!(
            life(
                &facts,
                ClockKind::Decision,
                day(2026, 3, 2),
                day(2027, 3, 1)
            ),
            [
                ClockStatus::Running,
                ClockStatus::Approaching,
                ClockStatus::Overdue
            ]
        );
    }

    #[test]
    fn the_decision_clock_is_met_or_met_late() {
        let mut facts = filed_0302();
        facts.decided_on = Some(day(2026, 5, 31));
        let c = get(&facts, ClockKind::Decision, day(2026, 7, 1));
        assert_eq!(
            (c.status, c.done_on),
            (ClockStatus::Met, Some(day(2026, 5, 31)))
        );
        assert_eq!(c.zh_status(), "已按期完成");
        facts.decided_on = Some(day(2026, 6, 2));
        let c = get(&facts, ClockKind::Decision, day(2026, 7, 1));
        assert_eq!(c.status, ClockStatus::MetLate);
        assert_eq!(c.zh_status(), "逾期完成");
    }

    #[test]
    fn an_approved_extension_adds_its_days() {
        let mut facts = filed_0302();
        facts.extension_days = 30;
        let c = get(&facts, ClockKind::Decision, day(2026, 6, 1));
        assert_eq!(c.due, day(2026, 6, 30));
        assert_eq!(c.status, ClockStatus::Running, "no longer overdue on 6/1");
        assert_eq!(
            get(&facts, ClockKind::Decision, day(2026, 6, 20)).status,
            ClockStatus::Approaching
        );
        assert_eq!(
            get(&facts, ClockKind::Decision, day(2026, 7, 1)).status,
            ClockStatus::Overdue
        );
    }

    #[test]
    fn a_closed_suspension_moves_the_due_day_by_its_days() {
        let mut facts = filed_0302();
        facts.pauses = vec![pause(
            PauseKind::Testing,
            day(2026, 3, 10),
            Some(day(2026, 3, 19)),
        )];
        // While it runs (3/10..=3/15 so far) the clock is paused and its days_left stands still.
        let during = get(&facts, ClockKind::Decision, day(2026, 3, 15));
        assert_eq!(during.status, ClockStatus::Paused);
        assert_eq!(during.due, day(2026, 6, 6));
        assert_eq!(during.zh_status(), "中止中");
        let before = get(&facts, ClockKind::Decision, day(2026, 3, 9));
        assert_eq!(before.days_left, 83);
        assert_eq!(
            get(&facts, ClockKind::Decision, day(2026, 3, 12)).days_left,
            83
        );
        // Once closed: 90 + 10 excluded days.
        let after = get(&facts, ClockKind::Decision, day(2026, 4, 1));
        assert_eq!(after.status, ClockStatus::Running);
        assert_eq!(after.due, day(2026, 6, 10));
    }

    #[test]
    fn a_suspension_still_open_counts_up_to_today() {
        let mut facts = filed_0302();
        facts.extension_days = 30;
        facts.pauses = vec![
            pause(PauseKind::Testing, day(2026, 3, 10), Some(day(2026, 3, 19))),
            pause(PauseKind::Suspension, day(2026, 4, 1), None),
        ];
        // 90 + 30 + 10 = 7/10, plus 4/1..=today.
        let c = get(&facts, ClockKind::Decision, day(2026, 4, 5));
        assert_eq!((c.status, c.due), (ClockStatus::Paused, day(2026, 7, 15)));
        let later = get(&facts, ClockKind::Decision, day(2026, 4, 20));
        assert_eq!(
            (later.status, later.due),
            (ClockStatus::Paused, day(2026, 7, 30))
        );
        assert_eq!(later.days_left, c.days_left, "the clock stands still");
        // Closed on 4/20 and decided later: the 20 days stay excluded.
        facts.pauses[1].to = Some(day(2026, 4, 20));
        facts.decided_on = Some(day(2026, 7, 29));
        let done = get(&facts, ClockKind::Decision, day(2026, 8, 1));
        assert_eq!(
            (done.due, done.status),
            (day(2026, 7, 30), ClockStatus::Met)
        );
    }

    #[test]
    fn a_pause_open_at_the_decision_counts_up_to_the_decision() {
        let mut facts = filed_0302();
        facts.pauses = vec![pause(PauseKind::Appraisal, day(2026, 5, 1), None)];
        facts.decided_on = Some(day(2026, 5, 10));
        for today in [day(2026, 5, 10), day(2026, 9, 1)] {
            let c = get(&facts, ClockKind::Decision, today);
            assert_eq!(c.due, day(2026, 6, 10), "5/1..=5/10 excluded");
            assert_eq!(c.status, ClockStatus::Met, "decided, not paused");
        }
    }

    #[test]
    fn overlapping_pauses_are_counted_once() {
        let expected = day(2026, 6, 10); // 3/10..=3/19: 10 days
        let cases = [
            // overlapping
            vec![
                pause(PauseKind::Hearing, day(2026, 3, 10), Some(day(2026, 3, 15))),
                pause(
                    PauseKind::Appraisal,
                    day(2026, 3, 13),
                    Some(day(2026, 3, 19)),
                ),
            ],
            // nested, listed out of order
            vec![
                pause(PauseKind::Testing, day(2026, 3, 12), Some(day(2026, 3, 14))),
                pause(
                    PauseKind::Suspension,
                    day(2026, 3, 10),
                    Some(day(2026, 3, 19)),
                ),
            ],
            // adjacent
            vec![
                pause(PauseKind::Service, day(2026, 3, 10), Some(day(2026, 3, 15))),
                pause(
                    PauseKind::Announcement,
                    day(2026, 3, 16),
                    Some(day(2026, 3, 19)),
                ),
            ],
            // the same period twice
            vec![
                pause(PauseKind::Hearing, day(2026, 3, 10), Some(day(2026, 3, 19))),
                pause(PauseKind::Hearing, day(2026, 3, 10), Some(day(2026, 3, 19))),
            ],
        ];
        for pauses in cases {
            let facts = ClockFacts {
                pauses: pauses.clone(),
                ..filed_0302()
            };
            assert_eq!(
                get(&facts, ClockKind::Decision, day(2026, 4, 1)).due,
                expected,
                "{pauses:?}"
            );
        }
        // Two open pauses overlapping: still once.
        let facts = ClockFacts {
            pauses: vec![
                pause(PauseKind::Suspension, day(2026, 4, 1), None),
                pause(PauseKind::Testing, day(2026, 4, 3), None),
            ],
            ..filed_0302()
        };
        assert_eq!(
            get(&facts, ClockKind::Decision, day(2026, 4, 10)).due,
            day(2026, 6, 10)
        );
    }

    #[test]
    fn pauses_outside_the_clock_do_not_move_it() {
        // Days before the count starts are not counted anyway: only 3/3..=3/5 move it.
        let facts = ClockFacts {
            pauses: vec![pause(
                PauseKind::Testing,
                day(2026, 2, 20),
                Some(day(2026, 3, 5)),
            )],
            ..filed_0302()
        };
        assert_eq!(
            get(&facts, ClockKind::Decision, day(2026, 4, 1)).due,
            day(2026, 6, 3)
        );
        // A pause not yet begun counts nothing yet.
        let future = ClockFacts {
            pauses: vec![pause(
                PauseKind::Testing,
                day(2026, 5, 1),
                Some(day(2026, 5, 9)),
            )],
            ..filed_0302()
        };
        let c = get(&future, ClockKind::Decision, day(2026, 4, 1));
        assert_eq!((c.due, c.status), (day(2026, 5, 31), ClockStatus::Running));
        // A suspension begun after the due day leaves the clock overdue, not paused.
        let late = ClockFacts {
            pauses: vec![pause(PauseKind::Suspension, day(2026, 6, 5), None)],
            ..filed_0302()
        };
        let c = get(&late, ClockKind::Decision, day(2026, 6, 10));
        assert_eq!(c.due, day(2026, 5, 31));
        assert_eq!((c.status, c.days_left), (ClockStatus::Overdue, -10));
    }

    // ---- hearing request: 5 working days

    fn notice_0930() -> ClockFacts {
        ClockFacts {
            notice_served_on: Some(day(2026, 9, 30)),
            ..Default::default()
        }
    }

    #[test]
    fn the_hearing_request_window_crosses_national_day() {
        let facts = notice_0930();
        // 10/1–10/7 off; 10/8, 10/9, 10/10 (调休 Saturday), 10/12, 10/13.
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 9, 30));
        assert_eq!(c.due, day(2026, 10, 13));
        assert_eq!(c.basis, "《行政处罚法》第六十四条");
        assert_eq!(
            (c.status, c.working_days_left, c.days_left),
            (ClockStatus::Running, Some(5), 13)
        );
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 5));
        assert_eq!(c.working_days_left, Some(5), "the holiday does not count");
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 9));
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Running, Some(3))
        );
        assert_eq!(c.zh_status(), "剩 3 个工作日");
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 11));
        assert_eq!(
            c.working_days_left,
            Some(2),
            "the 调休 Saturday was counted"
        );
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 12));
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Approaching, Some(1))
        );
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 13));
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Approaching, Some(0))
        );
        assert_eq!(c.zh_status(), "今日到期");
    }

    #[test]
    fn a_hearing_window_that_passes_unused_is_met_without_a_request() {
        let facts = notice_0930();
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 14));
        assert_eq!((c.status, c.done_on), (ClockStatus::Met, None));
        assert_eq!(c.zh_status(), "期满未申请听证");
        assert_eq!(
            life(
                &facts,
                ClockKind::HearingRequest,
                day(2026, 9, 30),
                day(2027, 3, 1)
            ),
            [
                ClockStatus::Running,
                ClockStatus::Approaching,
                ClockStatus::Met
            ],
            "never overdue"
        );
    }

    #[test]
    fn a_hearing_request_is_met_or_met_late() {
        let mut facts = notice_0930();
        // On the 调休 Saturday: inside the window.
        facts.hearing_requested_on = Some(day(2026, 10, 10));
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 20));
        assert_eq!(
            (c.status, c.done_on),
            (ClockStatus::Met, Some(day(2026, 10, 10)))
        );
        assert_eq!(c.zh_status(), "已按期完成");
        facts.hearing_requested_on = Some(day(2026, 10, 13));
        assert_eq!(
            get(&facts, ClockKind::HearingRequest, day(2026, 10, 13)).status,
            ClockStatus::Met,
            "on the last day"
        );
        facts.hearing_requested_on = Some(day(2026, 10, 14));
        let c = get(&facts, ClockKind::HearingRequest, day(2026, 10, 20));
        assert_eq!(c.status, ClockStatus::MetLate);
        assert_eq!(c.zh_status(), "逾期申请听证");
    }

    // ---- hearing notice: 7 working days

    #[test]
    fn the_hearing_may_not_be_held_within_seven_working_days_of_its_notice() {
        // Monday 6/1/2026: 6/2, 6/3, 6/4, 6/5, 6/8, 6/9, 6/10.
        let mut facts = ClockFacts {
            hearing_notice_on: Some(day(2026, 6, 1)),
            ..Default::default()
        };
        let c = get(&facts, ClockKind::HearingNotice, day(2026, 6, 1));
        assert_eq!(c.due, day(2026, 6, 10));
        assert_eq!(
            (c.status, c.working_days_left, c.done_on),
            (ClockStatus::Running, Some(7), None)
        );
        assert_eq!(c.zh_status(), "7 个工作日后可举行听证");
        let c = get(&facts, ClockKind::HearingNotice, day(2026, 6, 9));
        assert_eq!(
            c.status,
            ClockStatus::Running,
            "a lower bound is never 'due soon'"
        );
        let c = get(&facts, ClockKind::HearingNotice, day(2026, 6, 10));
        assert_eq!((c.status, c.done_on), (ClockStatus::Met, None));
        assert_eq!(c.zh_status(), "可举行听证");
        assert_eq!(
            life(
                &facts,
                ClockKind::HearingNotice,
                day(2026, 6, 1),
                day(2026, 12, 31)
            ),
            [ClockStatus::Running, ClockStatus::Met],
            "never overdue"
        );
        facts.hearing_on = Some(day(2026, 6, 9));
        let c = get(&facts, ClockKind::HearingNotice, day(2026, 6, 1));
        assert_eq!(
            (c.status, c.done_on),
            (ClockStatus::MetLate, Some(day(2026, 6, 9)))
        );
        assert_eq!(c.zh_status(), "听证日期不足 7 个工作日");
        facts.hearing_on = Some(day(2026, 6, 10));
        assert_eq!(
            get(&facts, ClockKind::HearingNotice, day(2026, 6, 1)).status,
            ClockStatus::Met
        );
    }

    #[test]
    fn the_hearing_notice_period_crosses_national_day() {
        // Tuesday 9/29: 9/30, 10/8, 10/9, 10/10 (调休), 10/12, 10/13, 10/14.
        let mut facts = ClockFacts {
            hearing_notice_on: Some(day(2026, 9, 29)),
            hearing_on: Some(day(2026, 10, 13)),
            ..Default::default()
        };
        let c = get(&facts, ClockKind::HearingNotice, day(2026, 9, 29));
        assert_eq!((c.due, c.status), (day(2026, 10, 14), ClockStatus::MetLate));
        facts.hearing_on = Some(day(2026, 10, 14));
        assert_eq!(
            get(&facts, ClockKind::HearingNotice, day(2026, 9, 29)).status,
            ClockStatus::Met
        );
    }

    // ---- service: 7 working days

    #[test]
    fn the_service_clock_crosses_mid_autumn_and_national_day() {
        // Decided Friday 9/25 (中秋 9/25–27): 9/28, 9/29, 9/30, 10/8, 10/9, 10/10 (调休), 10/12.
        let mut facts = ClockFacts {
            decided_on: Some(day(2026, 9, 25)),
            ..Default::default()
        };
        let c = get(&facts, ClockKind::Service, day(2026, 9, 25));
        assert_eq!(c.due, day(2026, 10, 12));
        assert_eq!(c.basis, "《行政处罚法》第六十一条");
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Running, Some(7))
        );
        let c = get(&facts, ClockKind::Service, day(2026, 10, 9));
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Running, Some(2))
        );
        let c = get(&facts, ClockKind::Service, day(2026, 10, 10));
        assert_eq!(
            (c.status, c.working_days_left),
            (ClockStatus::Approaching, Some(1))
        );
        let c = get(&facts, ClockKind::Service, day(2026, 10, 13));
        assert_eq!(
            (c.status, c.days_left, c.working_days_left),
            (ClockStatus::Overdue, -1, Some(-1))
        );
        assert_eq!(c.zh_status(), "已超期 1 天");
        assert_eq!(
            life(
                &facts,
                ClockKind::Service,
                day(2026, 9, 25),
                day(2026, 12, 31)
            ),
            [
                ClockStatus::Running,
                ClockStatus::Approaching,
                ClockStatus::Overdue
            ]
        );
        // Served on the 调休 Saturday: in time; the next Tuesday: late.
        facts.served_on = Some(day(2026, 10, 10));
        assert_eq!(
            get(&facts, ClockKind::Service, day(2026, 10, 20)).status,
            ClockStatus::Met
        );
        facts.served_on = Some(day(2026, 10, 13));
        assert_eq!(
            get(&facts, ClockKind::Service, day(2026, 10, 20)).status,
            ClockStatus::MetLate
        );
    }

    // ---- payment: 15 days

    fn served_0601() -> ClockFacts {
        ClockFacts {
            served_on: Some(day(2026, 6, 1)),
            fine_fen: 10_000_000,
            ..Default::default()
        }
    }

    #[test]
    fn payment_is_due_fifteen_days_after_service() {
        let mut facts = served_0601();
        assert_eq!(payment_due(&facts), Some(day(2026, 6, 16)));
        let c = get(&facts, ClockKind::Payment, day(2026, 6, 12));
        assert_eq!((c.status, c.days_left), (ClockStatus::Running, 4));
        assert_eq!(c.basis, "《行政处罚法》第六十七条");
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 6, 13)).status,
            ClockStatus::Approaching
        );
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 6, 16)).status,
            ClockStatus::Approaching
        );
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 6, 17)).status,
            ClockStatus::Overdue
        );
        assert_eq!(
            life(
                &facts,
                ClockKind::Payment,
                day(2026, 6, 1),
                day(2027, 5, 31)
            ),
            [
                ClockStatus::Running,
                ClockStatus::Approaching,
                ClockStatus::Overdue
            ]
        );
        facts.paid_in_full_on = Some(day(2026, 6, 16));
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 7, 1)).status,
            ClockStatus::Met
        );
        facts.paid_in_full_on = Some(day(2026, 6, 20));
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 7, 1)).status,
            ClockStatus::MetLate
        );
    }

    #[test]
    fn an_approved_deferral_moves_the_payment_due_day() {
        let mut facts = served_0601();
        facts.payment_due_override = Some(day(2026, 9, 30));
        assert_eq!(payment_due(&facts), Some(day(2026, 9, 30)));
        let c = get(&facts, ClockKind::Payment, day(2026, 6, 17));
        assert_eq!((c.due, c.status), (day(2026, 9, 30), ClockStatus::Running));
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 10, 1)).status,
            ClockStatus::Overdue
        );
        facts.paid_in_full_on = Some(day(2026, 9, 1));
        assert_eq!(
            get(&facts, ClockKind::Payment, day(2026, 9, 2)).status,
            ClockStatus::Met
        );
        assert_eq!(payment_due(&ClockFacts::default()), None);
    }

    // ---- a whole case

    #[test]
    fn a_case_through_a_year() {
        let cal = cal();
        let mut f = filed_0302();
        let status = |f: &ClockFacts, kind: ClockKind, today: Day| {
            clocks(f, &cal, today)
                .into_iter()
                .find(|c| c.kind == kind)
                .map(|c| c.status)
        };
        // Testing excluded 3/20–4/8 (20 days): decision due 6/20.
        f.pauses.push(pause(
            PauseKind::Testing,
            day(2026, 3, 20),
            Some(day(2026, 4, 8)),
        ));
        assert_eq!(
            status(&f, ClockKind::Decision, day(2026, 3, 25)),
            Some(ClockStatus::Paused)
        );
        assert_eq!(
            get(&f, ClockKind::Decision, day(2026, 4, 9)).due,
            day(2026, 6, 20)
        );
        // Prior notice Monday 5/11 → request by Monday 5/18; asked on 5/15.
        f.notice_served_on = Some(day(2026, 5, 11));
        f.hearing_requested_on = Some(day(2026, 5, 15));
        // Hearing notice 5/18 → earliest 5/27; the hearing period itself is excluded.
        f.hearing_notice_on = Some(day(2026, 5, 18));
        f.hearing_on = Some(day(2026, 5, 28));
        f.pauses.push(pause(
            PauseKind::Hearing,
            day(2026, 5, 15),
            Some(day(2026, 5, 28)),
        ));
        let on = day(2026, 6, 1);
        assert_eq!(
            status(&f, ClockKind::HearingRequest, on),
            Some(ClockStatus::Met)
        );
        assert_eq!(
            status(&f, ClockKind::HearingNotice, on),
            Some(ClockStatus::Met)
        );
        assert_eq!(get(&f, ClockKind::Decision, on).due, day(2026, 7, 4));
        // Decided 6/30, served 7/3 (by 7/9), fine 50,000 元 due 7/18, paid 7/20 with surcharge.
        f.decided_on = Some(day(2026, 6, 30));
        f.served_on = Some(day(2026, 7, 3));
        f.fine_fen = 5_000_000;
        assert_eq!(get(&f, ClockKind::Service, on).due, day(2026, 7, 9));
        assert_eq!(
            status(&f, ClockKind::Payment, day(2026, 7, 19)),
            Some(ClockStatus::Overdue)
        );
        let due = payment_due(&f).expect("a due day");
        assert_eq!(surcharge_fen(f.fine_fen, due, day(2026, 7, 20)), 300_000);
        f.paid_fen = 5_300_000;
        f.paid_in_full_on = Some(day(2026, 7, 20));
        let end = clocks(&f, &cal, day(2027, 3, 1));
        let got: Vec<_> = end.iter().map(|c| (c.kind, c.status)).collect();
        assert_eq!(
            got,
            [
                (ClockKind::Decision, ClockStatus::Met),
                (ClockKind::HearingRequest, ClockStatus::Met),
                (ClockKind::HearingNotice, ClockStatus::Met),
                (ClockKind::Service, ClockStatus::Met),
                (ClockKind::Payment, ClockStatus::MetLate),
            ]
        );
    }

    // ---- surcharge

    #[test]
    fn the_surcharge_is_three_percent_a_day_capped_at_the_fine() {
        let due = day(2026, 6, 16);
        let fine = 10_000_000; // 100,000.00 元
        assert_eq!(surcharge_fen(fine, due, due), 0, "nothing on the due day");
        assert_eq!(
            surcharge_fen(fine, due, due.add_days(-5)),
            0,
            "nothing before"
        );
        assert_eq!(
            surcharge_fen(fine, due, due.add_days(1)),
            300_000,
            "3 % the day after"
        );
        assert_eq!(surcharge_fen(fine, due, due.add_days(2)), 600_000);
        assert_eq!(
            surcharge_fen(fine, due, due.add_days(33)),
            9_900_000,
            "99 %"
        );
        assert_eq!(
            surcharge_fen(fine, due, due.add_days(34)),
            fine,
            "capped on day 34"
        );
        assert_eq!(surcharge_fen(fine, due, due.add_days(400)), fine);
        assert_eq!(surcharge_fen(0, due, due.add_days(10)), 0, "no fine");
        assert_eq!(surcharge_fen(-5, due, due.add_days(10)), 0);
        // Accrued on the principal only: linear in the days, never compounding.
        for n in 1..=33 {
            assert_eq!(
                surcharge_fen(fine, due, due.add_days(n)),
                300_000 * i64::from(n)
            );
        }
    }

    #[test]
    fn the_surcharge_rounds_down_to_the_fen_once() {
        let due = day(2026, 6, 16);
        // 3 % of 12,345.67 元 is 370.3701 元 a day.
        assert_eq!(surcharge_fen(1_234_567, due, due.add_days(1)), 37_037);
        assert_eq!(surcharge_fen(1_234_567, due, due.add_days(3)), 111_111);
        // 0.99 元: 2.97 fen a day; two days 5.94 → 5 fen (not 2 + 2).
        assert_eq!(surcharge_fen(99, due, due.add_days(1)), 2);
        assert_eq!(surcharge_fen(99, due, due.add_days(2)), 5);
        assert_eq!(
            surcharge_fen(99, due, due.add_days(34)),
            99,
            "100.98 capped"
        );
        // 1 fen: 0.99 after 33 days, capped at 1 from day 34.
        assert_eq!(surcharge_fen(1, due, due.add_days(33)), 0);
        assert_eq!(surcharge_fen(1, due, due.add_days(34)), 1);
        // No overflow on the largest amounts and spans.
        assert_eq!(
            surcharge_fen(i64::MAX, due, due.add_days(1_000_000)),
            i64::MAX
        );
    }

    // ---- 按日连续处罚

    #[test]
    fn daily_penalty_days_count_from_the_day_after_the_order() {
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 6, 21)), 20);
        assert_eq!(daily_penalty_days(day(2026, 6, 30), day(2026, 7, 1)), 1);
        assert_eq!(
            daily_penalty_days(day(2026, 12, 25), day(2027, 1, 4)),
            10,
            "across a year"
        );
        assert_eq!(
            daily_penalty_days(day(2026, 2, 20), day(2026, 3, 2)),
            10,
            "a short February"
        );
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 6, 1)), 0);
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 5, 1)), 0);
    }

    // ---- labels and wire

    #[test]
    fn labels_and_the_wire_shape() {
        assert_eq!(ClockKind::Decision.label(Lang::Zh), "作出处罚决定");
        assert_eq!(
            ClockKind::HearingRequest.label(Lang::Zh),
            "听证申请 5 个工作日"
        );
        assert_eq!(
            ClockKind::HearingNotice.label(Lang::Zh),
            "听证通知 7 个工作日"
        );
        assert_eq!(ClockKind::Service.label(Lang::Zh), "送达 7 个工作日");
        assert_eq!(ClockKind::Payment.label(Lang::Zh), "缴纳罚款 15 日");
        for k in ClockKind::ALL {
            assert!(!k.label(Lang::En).is_empty());
        }
        assert_eq!(PauseKind::Testing.label(Lang::Zh), "监测、检测");
        assert_eq!(ClockStatus::Paused.label(Lang::Zh), "中止中");
        let c = get(&served_0601(), ClockKind::Payment, day(2026, 6, 6));
        assert_eq!(
            serde_json::to_value(&c).expect("json"),
            serde_json::json!({
                "kind": "payment",
                "basis": "《行政处罚法》第六十七条",
                "started": "2026-06-01",
                "due": "2026-06-16",
                "status": "running",
                "days_left": 10,
                "working_days_left": null,
                "done_on": null
            })
        );
        assert_eq!(c.status_text(Lang::En), "10 days left");
        assert_eq!(
            serde_json::to_value(ClockStatus::MetLate).expect("json"),
            serde_json::json!("met_late")
        );
        assert_eq!(
            serde_json::to_value(ClockKind::HearingRequest).expect("json"),
            serde_json::json!("hearing_request")
        );
        let p = pause(PauseKind::Suspension, day(2026, 4, 1), None);
        let v = serde_json::to_value(&p).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"kind": "suspension", "from": "2026-04-01", "to": null})
        );
        assert_eq!(serde_json::from_value::<Pause>(v).expect("back"), p);
    }
}
