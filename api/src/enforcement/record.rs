//! What a case has recorded along its procedure, kept as one JSON document on the case row and
//! read strictly (an unreadable record is an error, never an empty one). From it come the facts
//! the state machine decides on and the facts the statutory clocks count from.

use serde::{Deserialize, Serialize};
use shared::enforcement::calendar::Calendar;
use shared::enforcement::case::{CaseFacts, Outcome, PaymentView, ServiceMethod};
use shared::enforcement::clocks::{self, ClockFacts, Pause};
use shared::enforcement::discretion::{DiscretionInput, ProcedureLimits, Recommendation};
use shared::enforcement::Day;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Record {
    pub filed_on: Option<Day>,
    /// The province's procedure figures in force on the filing day, kept with the case so that
    /// a later change of the benchmark does not move its running clocks.
    pub limits: ProcedureLimits,
    pub filing_opinion: String,
    /// Why the case ended early (不予立案, 销案, 终止, 移送) and, for 移送, to whom.
    pub end_reason: String,
    pub transferred_to: String,
    pub pauses: Vec<Pause>,
    pub extension_days: u32,
    pub extensions: u32,
    // 调查终结报告
    pub findings: String,
    pub outcome: Option<Outcome>,
    pub discretion: Option<DiscretionInput>,
    pub recommendation: Option<Recommendation>,
    pub amount_reason: String,
    // 法制审核
    pub review_passed: bool,
    pub review_opinions: Vec<String>,
    // 集体讨论
    pub discussed: bool,
    pub attendees: Vec<String>,
    pub minutes: String,
    pub conclusion: String,
    // 告知, 陈述申辩, 听证
    pub notice_served_on: Option<Day>,
    pub notice_method: Option<ServiceMethod>,
    pub statements: Vec<String>,
    pub waived_on: Option<Day>,
    pub hearing_requested_on: Option<Day>,
    pub hearing_notice_on: Option<Day>,
    pub hearing_on: Option<Day>,
    pub hearing_place: String,
    pub hearing_host: String,
    pub hearing_held_on: Option<Day>,
    pub hearing_minutes: String,
    pub hearing_report: String,
    // 决定, 送达, 执行
    pub decided_on: Option<Day>,
    pub served_on: Option<Day>,
    pub service_method: Option<ServiceMethod>,
    pub receiver: String,
    pub payments: Vec<PaymentView>,
    pub payment_due_override: Option<Day>,
    pub urged_on: Vec<Day>,
    pub court: Option<(Day, String)>,
    pub closing_opinion: String,
    /// Fines of the follow-up decisions (按日连续处罚), owed with the decision's.
    pub follow_up_fen: i64,
}

impl Record {
    pub fn fine_fen(&self, amount_fen: i64) -> i64 {
        match self.outcome {
            Some(Outcome::Penalty) => amount_fen,
            _ => 0,
        }
    }

    pub fn paid_fen(&self) -> i64 {
        self.payments.iter().map(|p| p.amount_fen).sum()
    }

    /// The clock facts as the case stands.
    pub fn clock_facts(&self, amount_fen: i64) -> ClockFacts {
        let fine = self.fine_fen(amount_fen);
        let paid = self.paid_fen();
        let mut facts = ClockFacts {
            decision_days: self.limits.decision_days,
            filed_on: self.filed_on,
            pauses: self.pauses.clone(),
            extension_days: self.extension_days,
            notice_served_on: self.notice_served_on,
            hearing_requested_on: self.hearing_requested_on,
            hearing_notice_on: self.hearing_notice_on,
            hearing_on: self.hearing_on,
            decided_on: self.decided_on,
            served_on: self.served_on,
            fine_fen: fine,
            payment_due_override: self.payment_due_override,
            paid_fen: paid,
            paid_in_full_on: None,
        };
        facts.paid_in_full_on = self.paid_in_full_on(&facts);
        facts
    }

    /// The surcharge (加处罚款) owed on `day`: 3 % a day after the payment's due day, on the
    /// fine, never more than the fine; it stops accruing on the day the fine was paid in full.
    pub fn surcharge_fen(&self, facts: &ClockFacts, day: Day) -> i64 {
        let Some(due) = clocks::payment_due(facts) else {
            return 0;
        };
        let until = facts.paid_in_full_on.map_or(day, |p| p.min(day));
        clocks::surcharge_fen(facts.fine_fen, due, until)
    }

    /// The day the payments reached the fine plus the surcharge owed on that day.
    fn paid_in_full_on(&self, facts: &ClockFacts) -> Option<Day> {
        if facts.fine_fen == 0 {
            return None;
        }
        let due = clocks::payment_due(facts)?;
        let mut paid = 0;
        let mut payments = self.payments.clone();
        payments.sort_by_key(|p| p.paid_on);
        for p in payments {
            paid += p.amount_fen;
            if paid >= facts.fine_fen + clocks::surcharge_fen(facts.fine_fen, due, p.paid_on) {
                return Some(p.paid_on);
            }
        }
        None
    }

    /// Fine, surcharge and follow-up fines still owed on `today`.
    pub fn outstanding_fen(&self, amount_fen: i64, today: Day) -> i64 {
        let facts = self.clock_facts(amount_fen);
        let owed = facts.fine_fen + self.follow_up_fen;
        if facts.fine_fen == 0 || self.served_on.is_none() {
            return (owed - facts.paid_fen).max(0);
        }
        (owed + self.surcharge_fen(&facts, today) - facts.paid_fen).max(0)
    }

    /// The case's clocks on `today`. A hearing-request window the party waived in writing, or
    /// one the decision has followed, is over: shown as met, not as running.
    pub fn clocks(&self, amount_fen: i64, cal: &Calendar, today: Day) -> Vec<clocks::Clock> {
        let mut all = clocks::clocks(&self.clock_facts(amount_fen), cal, today);
        let closed = self.waived_on.or(self.decided_on);
        for c in &mut all {
            if c.kind == clocks::ClockKind::HearingRequest && c.done_on.is_none() {
                if let Some(on) = closed {
                    c.status = clocks::ClockStatus::Met;
                    c.done_on = Some(on);
                }
            }
        }
        all
    }

    /// What the state machine needs.
    pub fn case_facts(
        &self,
        major: bool,
        amount_fen: i64,
        cal: &Calendar,
        today: Day,
    ) -> CaseFacts {
        let window_open = self
            .notice_served_on
            .is_some_and(|n| today <= cal.add_working_days(n, 5));
        CaseFacts {
            major,
            amount_fen: self.fine_fen(amount_fen),
            outcome: self.outcome,
            hearing_held: self.hearing_held_on.is_some(),
            review_passed: self.review_passed,
            discussed: self.discussed,
            extensions: self.extensions,
            hearing_window_open: window_open,
            waived: self.waived_on.is_some(),
            outstanding_fen: self.outstanding_fen(amount_fen, today),
            // Counted from the rectification rows by the caller, which holds them.
            open_loops: 0,
        }
    }
}
