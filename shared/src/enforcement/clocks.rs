//! The statutory clocks of a penalty case, computed from what the case has recorded and a
//! `today` passed in: no system clock here, so a test runs a case through a year by passing days
//! and the phone shows the same clocks as the server.
//!
//! | clock | starts | due | basis |
//! |---|---|---|---|
//! | decision | 立案 | 90 calendar days from the next day, plus approved extensions and the excluded periods (中止, 听证, 公告, 监测/检测, 鉴定, 送达) | 行政处罚法 60 |
//! | hearing request | prior notice served | 5 working days | 行政处罚法 64 |
//! | hearing notice | hearing notice served | the hearing no earlier than 7 working days later | 行政处罚法 64 |
//! | service | decision | 7 working days | 行政处罚法 61 |
//! | payment | service | 15 calendar days (or the approved 延期 / last 分期 day) | 行政处罚法 67 |
//!
//! A clock appears once the fact that starts it is recorded, and is `Met` (or `MetLate`) once
//! the fact that ends it is. A hearing-request window that passes without a request is `Met`
//! with no `done_on`: the window is over, nothing is owed.

use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::day::Day;
use crate::Lang;

/// Days the decision clock does not count.
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
    pub const ALL: [PauseKind; 6] = [
        PauseKind::Suspension,
        PauseKind::Hearing,
        PauseKind::Announcement,
        PauseKind::Testing,
        PauseKind::Appraisal,
        PauseKind::Service,
    ];
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

/// An excluded period: from `from` up to `to` (both counted), or up to today while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pause {
    pub kind: PauseKind,
    pub from: Day,
    pub to: Option<Day>,
}

/// The facts the clocks count from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClockFacts {
    pub filed_on: Option<Day>,
    pub pauses: Vec<Pause>,
    pub extension_days: u32,
    pub notice_served_on: Option<Day>,
    pub hearing_requested_on: Option<Day>,
    pub hearing_notice_on: Option<Day>,
    pub hearing_on: Option<Day>,
    pub decided_on: Option<Day>,
    pub served_on: Option<Day>,
    /// The fine in fen, 0 when none.
    pub fine_fen: i64,
    pub payment_due_override: Option<Day>,
    pub paid_fen: i64,
    pub paid_in_full_on: Option<Day>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    Decision,
    HearingRequest,
    HearingNotice,
    Service,
    Payment,
}

impl ClockKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ClockKind::Decision => lang.pick("作出处罚决定 90 日", "Decision within 90 days"),
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
    fn basis(self) -> &'static str {
        match self {
            ClockKind::Decision => "《行政处罚法》第六十条",
            ClockKind::HearingRequest | ClockKind::HearingNotice => "《行政处罚法》第六十四条",
            ClockKind::Service => "《行政处罚法》第六十一条",
            ClockKind::Payment => "《行政处罚法》第六十七条",
        }
    }
    fn working_days(self) -> bool {
        matches!(
            self,
            ClockKind::HearingRequest | ClockKind::HearingNotice | ClockKind::Service
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    Running,
    /// Stopped by a running excluded period.
    Paused,
    /// Near its limit: 10 days for the decision, 3 for the payment, 1 working day otherwise.
    Approaching,
    Overdue,
    Met,
    MetLate,
}

impl ClockStatus {
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
    pub kind: ClockKind,
    pub basis: String,
    pub started: Day,
    pub due: Day,
    pub status: ClockStatus,
    /// Calendar days from today to the due day, negative when past it.
    pub days_left: i32,
    /// For the working-day clocks, the working days from today to the due day.
    pub working_days_left: Option<i32>,
    /// The day the ending fact happened.
    pub done_on: Option<Day>,
}

impl Clock {
    /// For people: 剩 12 天, 已超期 3 天, 中止中, 已按期完成.
    pub fn zh_status(&self) -> String {
        match self.status {
            ClockStatus::Running | ClockStatus::Approaching => match self.working_days_left {
                Some(w) => format!("剩 {w} 个工作日"),
                None => format!("剩 {} 天", self.days_left),
            },
            ClockStatus::Overdue => format!("已超期 {} 天", -self.days_left),
            ClockStatus::Paused => "中止中".into(),
            ClockStatus::Met => "已按期完成".into(),
            ClockStatus::MetLate => "逾期完成".into(),
        }
    }
}

/// Calendar days inside the pauses up to `today`, overlaps counted once.
fn paused_days(pauses: &[Pause], today: Day) -> i32 {
    let mut spans: Vec<(Day, Day)> = pauses
        .iter()
        .filter(|p| p.from <= today)
        .map(|p| (p.from, p.to.unwrap_or(today).min(today)))
        .filter(|(a, b)| a <= b)
        .collect();
    spans.sort();
    let mut total = 0;
    let mut current: Option<(Day, Day)> = None;
    for (a, b) in spans {
        match current {
            Some((ca, cb)) if a <= cb.add_days(1) => current = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += ca.days_until(cb) + 1;
                current = Some((a, b));
            }
            None => current = Some((a, b)),
        }
    }
    if let Some((a, b)) = current {
        total += a.days_until(b) + 1;
    }
    total
}

/// The payment's due day: 15 calendar days after service, unless 延期 / 分期 moved it.
pub fn payment_due(facts: &ClockFacts) -> Option<Day> {
    facts
        .payment_due_override
        .or_else(|| facts.served_on.map(|d| d.add_days(15)))
}

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
        .working_days()
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

/// The clocks of a case on `today`.
pub fn clocks(facts: &ClockFacts, cal: &Calendar, today: Day) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(filed) = facts.filed_on {
        let end = facts.decided_on.unwrap_or(today);
        let paused = paused_days(&facts.pauses, end);
        let due = filed.add_days(90 + facts.extension_days as i32 + paused);
        let mut c = clock(
            ClockKind::Decision,
            filed,
            due,
            facts.decided_on,
            cal,
            today,
        );
        let running_pause = facts
            .pauses
            .iter()
            .any(|p| p.from <= today && p.to.is_none_or(|t| t >= today));
        if facts.decided_on.is_none() && running_pause {
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
        // A window that closed without a request owes nothing.
        if facts.hearing_requested_on.is_none() && today > due {
            c.status = ClockStatus::Met;
        }
        out.push(c);
    }
    if let (Some(notice), Some(hearing)) = (facts.hearing_notice_on, facts.hearing_on) {
        let earliest = cal.add_working_days(notice, 7);
        let mut c = clock(ClockKind::HearingNotice, notice, earliest, None, cal, today);
        c.done_on = Some(hearing);
        c.status = if hearing >= earliest {
            ClockStatus::Met
        } else {
            ClockStatus::MetLate
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
/// including `until`, on the principal only, never more than the fine. Each day's 3 % is
/// rounded down to the fen, so the total never exceeds what the law allows.
pub fn surcharge_fen(fine_fen: i64, due: Day, until: Day) -> i64 {
    let days = due.days_until(until).max(0) as i64;
    (fine_fen * 3 / 100 * days).min(fine_fen)
}

/// 按日连续处罚 (环境保护法 59): the days from the day after the order to correct through the day
/// the re-inspection finds the violation continuing.
pub fn daily_penalty_days(order_served_on: Day, found_continuing_on: Day) -> i64 {
    order_served_on.days_until(found_continuing_on).max(0) as i64
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

    fn decision(facts: &ClockFacts, today: Day) -> Clock {
        clocks(facts, &cal(), today)
            .into_iter()
            .find(|c| c.kind == ClockKind::Decision)
            .expect("a decision clock")
    }

    #[test]
    fn the_decision_clock_runs_approaches_and_passes() {
        let facts = ClockFacts {
            filed_on: Some(day(2026, 3, 2)),
            ..Default::default()
        };
        let c = decision(&facts, day(2026, 3, 2));
        assert_eq!(c.due, day(2026, 5, 31), "90 days counted from the next day");
        assert_eq!(c.status, ClockStatus::Running);
        assert_eq!(c.days_left, 90);
        assert_eq!(
            decision(&facts, day(2026, 5, 21)).status,
            ClockStatus::Approaching
        );
        let late = decision(&facts, day(2026, 6, 3));
        assert_eq!(late.status, ClockStatus::Overdue);
        assert_eq!(late.zh_status(), "已超期 3 天");
        let mut met = facts.clone();
        met.decided_on = Some(day(2026, 5, 20));
        assert_eq!(decision(&met, day(2026, 7, 1)).status, ClockStatus::Met);
        met.decided_on = Some(day(2026, 6, 2));
        assert_eq!(decision(&met, day(2026, 7, 1)).status, ClockStatus::MetLate);
    }

    #[test]
    fn suspensions_and_extensions_move_the_decision_day() {
        let mut facts = ClockFacts {
            filed_on: Some(day(2026, 3, 2)),
            pauses: vec![Pause {
                kind: PauseKind::Testing,
                from: day(2026, 3, 10),
                to: Some(day(2026, 3, 19)),
            }],
            extension_days: 30,
            ..Default::default()
        };
        // 90 + 30 + 10 paused days.
        assert_eq!(decision(&facts, day(2026, 4, 1)).due, day(2026, 7, 10));
        // A suspension still running counts up to today and pauses the clock.
        facts.pauses.push(Pause {
            kind: PauseKind::Suspension,
            from: day(2026, 4, 1),
            to: None,
        });
        let c = decision(&facts, day(2026, 4, 5));
        assert_eq!(c.status, ClockStatus::Paused);
        assert_eq!(c.due, day(2026, 7, 15));
        assert_eq!(c.zh_status(), "中止中");
        // Overlapping pauses are counted once.
        let overlap = ClockFacts {
            filed_on: Some(day(2026, 3, 2)),
            pauses: vec![
                Pause {
                    kind: PauseKind::Hearing,
                    from: day(2026, 3, 10),
                    to: Some(day(2026, 3, 15)),
                },
                Pause {
                    kind: PauseKind::Appraisal,
                    from: day(2026, 3, 13),
                    to: Some(day(2026, 3, 19)),
                },
            ],
            ..Default::default()
        };
        assert_eq!(decision(&overlap, day(2026, 4, 1)).due, day(2026, 6, 10));
    }

    #[test]
    fn working_day_clocks_cross_a_holiday_and_a_make_up_saturday() {
        let facts = ClockFacts {
            filed_on: Some(day(2026, 8, 3)),
            notice_served_on: Some(day(2026, 9, 30)),
            ..Default::default()
        };
        let all = clocks(&facts, &cal(), day(2026, 10, 9));
        let h = all
            .iter()
            .find(|c| c.kind == ClockKind::HearingRequest)
            .expect("hearing clock");
        // 10/8, 10/9, 10/10 (调休 Saturday), 10/12, 10/13.
        assert_eq!(h.due, day(2026, 10, 13));
        assert_eq!(h.working_days_left, Some(3));
        assert_eq!(h.status, ClockStatus::Running);
        assert_eq!(h.zh_status(), "剩 3 个工作日");
        let after = clocks(&facts, &cal(), day(2026, 10, 14));
        assert_eq!(
            after[1].status,
            ClockStatus::Met,
            "the window closed unused"
        );
        // Service: 7 working days after a decision on Friday 9/25 (中秋 9/25–27 is a holiday;
        // the count starts on the next day): 9/28, 9/29, 9/30, 10/8, 10/9, 10/10, 10/12.
        let decided = ClockFacts {
            decided_on: Some(day(2026, 9, 25)),
            ..Default::default()
        };
        let s = &clocks(&decided, &cal(), day(2026, 10, 10))[0];
        assert_eq!(s.due, day(2026, 10, 12));
        assert_eq!(s.status, ClockStatus::Approaching);
        // The hearing may not be held within 7 working days of its notice.
        let hearing = ClockFacts {
            hearing_notice_on: Some(day(2026, 6, 1)),
            hearing_on: Some(day(2026, 6, 9)),
            ..Default::default()
        };
        let c = &clocks(&hearing, &cal(), day(2026, 6, 1))[0];
        assert_eq!(c.due, day(2026, 6, 10));
        assert_eq!(c.status, ClockStatus::MetLate);
    }

    #[test]
    fn payment_is_due_fifteen_days_after_service_unless_deferred() {
        let mut facts = ClockFacts {
            served_on: Some(day(2026, 6, 1)),
            fine_fen: 10_000_000,
            ..Default::default()
        };
        assert_eq!(payment_due(&facts), Some(day(2026, 6, 16)));
        let c = clocks(&facts, &cal(), day(2026, 6, 14));
        assert_eq!(c[0].status, ClockStatus::Approaching);
        facts.payment_due_override = Some(day(2026, 9, 30));
        assert_eq!(payment_due(&facts), Some(day(2026, 9, 30)));
        facts.paid_in_full_on = Some(day(2026, 9, 1));
        assert_eq!(
            clocks(&facts, &cal(), day(2026, 9, 2))[0].status,
            ClockStatus::Met
        );
    }

    #[test]
    fn the_surcharge_is_three_percent_a_day_capped_at_the_fine() {
        let due = day(2026, 6, 16);
        let fine = 10_000_000;
        assert_eq!(surcharge_fen(fine, due, due), 0, "nothing on the due day");
        assert_eq!(surcharge_fen(fine, due, due.add_days(1)), 300_000);
        assert_eq!(surcharge_fen(fine, due, due.add_days(33)), 9_900_000);
        assert_eq!(
            surcharge_fen(fine, due, due.add_days(34)),
            fine,
            "capped on day 34"
        );
        assert_eq!(surcharge_fen(fine, due, due.add_days(400)), fine);
        // 3 % of 12,345.67 元 is 370.3701 元 a day: 370.37 元, rounded down to the fen.
        assert_eq!(surcharge_fen(1_234_567, due, due.add_days(2)), 2 * 37_037);
        assert_eq!(surcharge_fen(fine, due, due.add_days(-5)), 0);
    }

    #[test]
    fn daily_penalty_days_count_from_the_day_after_the_order() {
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 6, 21)), 20);
        assert_eq!(daily_penalty_days(day(2026, 6, 30), day(2026, 7, 1)), 1);
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 6, 1)), 0);
        assert_eq!(daily_penalty_days(day(2026, 6, 1), day(2026, 5, 1)), 0);
    }
}
