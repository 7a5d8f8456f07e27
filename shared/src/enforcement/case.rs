//! The penalty case (案件, C1) as a state machine with roles.
//!
//! ```text
//! 立案待批 ─批准─► 调查取证 ─调查终结报告─► 案件审查 ─事先告知─► 告知期间 ─决定─► 待送达 ─送达─► 执行 ─缴清─► 待结案 ─结案─► 已结案 ─归档─► 已归档
//!    │不予立案        │ ▲ 中止/恢复              │ ▲  ▲                │听证申请             (不予处罚: 送达后待结案)
//!    ▼                │ │                       │ │  └─ 集体讨论(重大) ▼
//! 不予立案            │ └─ 法制审核 退回 ◄─ 送法制审核 └─ 通过 ◄──    待听证 ─听证通知─► 听证 ─听证笔录─► 案件审查 (须再经法制审核)
//!                     └─► 销案 / 终止 / 移送 (负责人批准)
//! ```
//!
//! [`next`] is the one place that says which action may be taken from which state, by whom and
//! under which conditions (legal review where the law makes it mandatory, collective discussion
//! for major cases, the hearing-request window); the API applies it to the state the caller saw
//! and the app uses it to show only the actions a user may take.

use serde::{Deserialize, Serialize};

use super::day::Day;
use super::discretion::{DiscretionInput, Recommendation};
use crate::{BureauId, Lang, Role};

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    /// 现场检查发现 (an inspection's problems).
    Inspection,
    /// 群众举报 (12369).
    Complaint,
    /// 在线监控报警.
    Alarm,
    /// 上级交办、其他部门移送.
    Transfer,
    /// 其他途径 (by hand).
    Manual,
}

impl CaseSource {
    pub const ALL: [CaseSource; 5] = [
        CaseSource::Inspection,
        CaseSource::Complaint,
        CaseSource::Alarm,
        CaseSource::Transfer,
        CaseSource::Manual,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CaseSource::Inspection => "inspection",
            CaseSource::Complaint => "complaint",
            CaseSource::Alarm => "alarm",
            CaseSource::Transfer => "transfer",
            CaseSource::Manual => "manual",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseSource::Inspection => lang.pick("现场检查", "Inspection"),
            CaseSource::Complaint => lang.pick("群众举报", "Complaint"),
            CaseSource::Alarm => lang.pick("在线监控报警", "Monitoring alarm"),
            CaseSource::Transfer => lang.pick("交办移送", "Transfer"),
            CaseSource::Manual => lang.pick("其他", "Other"),
        }
    }
}

/// The state of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 立案待批: drafted by the case officer, awaiting the leader.
    Proposed,
    /// 调查取证.
    Investigating,
    /// 中止调查 (the decision clock stops).
    Suspended,
    /// 法制审核中.
    InReview,
    /// 案件审查: the investigation report is in; legal review, collective discussion and the
    /// prior notice follow from here.
    Reported,
    /// 已事先告知: the party's 陈述、申辩 and hearing-request window.
    Notified,
    /// 已申请听证, awaiting the hearing notice.
    HearingRequested,
    /// 听证已通知, awaiting the hearing.
    HearingScheduled,
    /// 已作出决定, awaiting service.
    Decided,
    /// 执行中 (served, fine outstanding).
    Executing,
    /// 执行完毕 / nothing to execute: awaiting 结案.
    Executed,
    /// 已结案.
    Closed,
    /// 已归档 (the case file is assembled).
    Archived,
    /// 不予立案.
    NotFiled,
    /// 销案.
    Cancelled,
    /// 终止调查.
    Terminated,
    /// 移送 (to the police or another authority).
    Transferred,
}

impl CaseState {
    pub const ALL: [CaseState; 17] = [
        CaseState::Proposed,
        CaseState::Investigating,
        CaseState::Suspended,
        CaseState::InReview,
        CaseState::Reported,
        CaseState::Notified,
        CaseState::HearingRequested,
        CaseState::HearingScheduled,
        CaseState::Decided,
        CaseState::Executing,
        CaseState::Executed,
        CaseState::Closed,
        CaseState::Archived,
        CaseState::NotFiled,
        CaseState::Cancelled,
        CaseState::Terminated,
        CaseState::Transferred,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CaseState::Proposed => "proposed",
            CaseState::Investigating => "investigating",
            CaseState::Suspended => "suspended",
            CaseState::InReview => "in_review",
            CaseState::Reported => "reported",
            CaseState::Notified => "notified",
            CaseState::HearingRequested => "hearing_requested",
            CaseState::HearingScheduled => "hearing_scheduled",
            CaseState::Decided => "decided",
            CaseState::Executing => "executing",
            CaseState::Executed => "executed",
            CaseState::Closed => "closed",
            CaseState::Archived => "archived",
            CaseState::NotFiled => "not_filed",
            CaseState::Cancelled => "cancelled",
            CaseState::Terminated => "terminated",
            CaseState::Transferred => "transferred",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseState::Proposed => lang.pick("立案待批", "Awaiting filing approval"),
            CaseState::Investigating => lang.pick("调查取证", "Investigating"),
            CaseState::Suspended => lang.pick("中止调查", "Suspended"),
            CaseState::InReview => lang.pick("法制审核", "Legal review"),
            CaseState::Reported => lang.pick("案件审查", "Case review"),
            CaseState::Notified => lang.pick("告知期间", "Notice period"),
            CaseState::HearingRequested => lang.pick("待听证通知", "Hearing requested"),
            CaseState::HearingScheduled => lang.pick("待听证", "Hearing scheduled"),
            CaseState::Decided => lang.pick("待送达", "Awaiting service"),
            CaseState::Executing => lang.pick("执行中", "Executing"),
            CaseState::Executed => lang.pick("待结案", "Awaiting closure"),
            CaseState::Closed => lang.pick("已结案", "Closed"),
            CaseState::Archived => lang.pick("已归档", "Archived"),
            CaseState::NotFiled => lang.pick("不予立案", "Not filed"),
            CaseState::Cancelled => lang.pick("已销案", "Cancelled"),
            CaseState::Terminated => lang.pick("已终止", "Terminated"),
            CaseState::Transferred => lang.pick("已移送", "Transferred"),
        }
    }
    /// Whether the case is still open (its clocks run, it is listed as work).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseState::Closed
                | CaseState::Archived
                | CaseState::NotFiled
                | CaseState::Cancelled
                | CaseState::Terminated
                | CaseState::Transferred
        )
    }
    /// Before the decision: the 90-day decision clock runs.
    pub fn before_decision(self) -> bool {
        matches!(
            self,
            CaseState::Investigating
                | CaseState::Suspended
                | CaseState::InReview
                | CaseState::Reported
                | CaseState::Notified
                | CaseState::HearingRequested
                | CaseState::HearingScheduled
        )
    }
}

/// Who acts in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// 承办人: one of the case's officers (inspectors or squad leaders named on the case).
    Officer,
    /// 机关负责人: a bureau leader of the case's bureau.
    Leader,
    /// 法制审核人员.
    LegalReviewer,
}

impl CaseRole {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseRole::Officer => lang.pick("承办人", "Case officer"),
            CaseRole::Leader => lang.pick("机关负责人", "Bureau leader"),
            CaseRole::LegalReviewer => lang.pick("法制审核人员", "Legal reviewer"),
        }
    }
    /// Whether a user with `roles` (and, for the officer, named on the case) holds this part.
    pub fn held_by(self, roles: &[Role], named_officer: bool) -> bool {
        match self {
            CaseRole::Officer => {
                named_officer
                    && roles
                        .iter()
                        .any(|r| matches!(r, Role::Inspector | Role::SquadLeader))
            }
            CaseRole::Leader => roles.contains(&Role::BureauLeader),
            CaseRole::LegalReviewer => roles.contains(&Role::LegalReviewer),
        }
    }
}

/// How a decision or notice reached the party (送达方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达.
    Direct,
    /// 留置送达.
    Left,
    /// 邮寄送达.
    Post,
    /// 电子送达 (only with the party's signed consent).
    Electronic,
    /// 公告送达.
    Announcement,
}

impl ServiceMethod {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ServiceMethod::Direct => lang.pick("直接送达", "In person"),
            ServiceMethod::Left => lang.pick("留置送达", "Left at the address"),
            ServiceMethod::Post => lang.pick("邮寄送达", "By post"),
            ServiceMethod::Electronic => lang.pick("电子送达", "Electronic"),
            ServiceMethod::Announcement => lang.pick("公告送达", "By announcement"),
        }
    }
}

/// What the investigation proposes (调查终结报告的处理意见).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 给予行政处罚.
    Penalty,
    /// 不予行政处罚 (minor, first offence corrected in time, …).
    NoPenalty,
}

/// A step of the procedure with what it records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CaseAction {
    /// 立案 approved by the leader.
    Approve { opinion: String },
    /// 不予立案, with reasons.
    Reject { reason: String },
    /// 中止调查 (leader), with the reason and which excluded period it is.
    Suspend {
        reason: String,
        kind: super::clocks::PauseKind,
    },
    /// 恢复调查 (leader).
    Resume { reason: String },
    /// 终止调查 (leader).
    Terminate { reason: String },
    /// 销案 (leader).
    Cancel { reason: String },
    /// 移送 (leader): to whom and why.
    Transfer { to: String, reason: String },
    /// 延长办案期限 (leader): by how many days, why. A second extension needs a recorded
    /// collective discussion.
    Extend { days: u32, reason: String },
    /// 调查终结报告 with the proposal (officer).
    SubmitReport {
        findings: String,
        outcome: Outcome,
        #[serde(default)]
        discretion: Option<DiscretionInput>,
        /// The fine the officer proposes, in fen.
        #[serde(default)]
        amount_fen: i64,
        /// Required when the amount lies outside the recommended band.
        #[serde(default)]
        amount_reason: String,
    },
    /// 送法制审核 (officer).
    RequestReview,
    /// 法制审核通过 (legal reviewer), with the recorded opinion.
    PassReview { opinion: String },
    /// 法制审核退回补充调查 (legal reviewer).
    SendBack { opinion: String },
    /// 集体讨论 (leader records the minutes).
    Discuss {
        attendees: Vec<String>,
        minutes: String,
        conclusion: String,
    },
    /// 行政处罚事先(听证)告知 (leader signs; the date it was served on the party).
    Notify {
        served_on: Day,
        method: ServiceMethod,
    },
    /// 陈述、申辩 recorded (officer).
    RecordStatement { text: String, adopted: bool },
    /// The party waived statement and hearing in writing (officer).
    Waive { on: Day },
    /// 听证申请 received (officer).
    RequestHearing { on: Day },
    /// 听证通知书 served (officer): when and where the hearing is, who hosts it (not an
    /// investigator of the case).
    ScheduleHearing {
        notice_on: Day,
        hearing_on: Day,
        place: String,
        host: String,
    },
    /// 听证笔录 and 听证报告 (officer).
    RecordHearing {
        held_on: Day,
        minutes: String,
        report: String,
    },
    /// 行政处罚决定 (leader).
    Decide { decided_on: Day },
    /// 送达 of the decision (officer): method, day, who received it.
    Serve {
        served_on: Day,
        method: ServiceMethod,
        receiver: String,
    },
    /// A payment (officer): day, amount (fine and surcharge together), receipt number.
    RecordPayment {
        paid_on: Day,
        amount_fen: i64,
        receipt: String,
    },
    /// 分期/延期缴纳 approved (leader): the new last due day.
    Defer { due: Day, reason: String },
    /// 催告 (officer).
    Urge { on: Day },
    /// 申请人民法院强制执行 (leader).
    ApplyToCourt { on: Day, court: String },
    /// 结案 (leader approves the 结案审批表).
    Close { opinion: String },
    /// 归档: the case file is assembled (officer or leader).
    Archive,
}

/// The kind of a [`CaseAction`] without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Propose,
    Approve,
    Reject,
    Suspend,
    Resume,
    Terminate,
    Cancel,
    Transfer,
    Extend,
    SubmitReport,
    RequestReview,
    PassReview,
    SendBack,
    Discuss,
    Notify,
    RecordStatement,
    Waive,
    RequestHearing,
    ScheduleHearing,
    RecordHearing,
    Decide,
    Serve,
    RecordPayment,
    Defer,
    Urge,
    ApplyToCourt,
    Close,
    Archive,
    OrderCorrection,
    Reinspect,
    /// 更正 an issued document: a new document naming the one it corrects.
    CorrectDocument,
    /// The follow-up of a re-inspection that found the violation continuing: 按日连续处罚 or
    /// 限制生产、停产整治, decided in the same case.
    DecideFollowUp,
}

impl ActionKind {
    pub const ALL: [ActionKind; 32] = [
        ActionKind::Propose,
        ActionKind::Approve,
        ActionKind::Reject,
        ActionKind::Suspend,
        ActionKind::Resume,
        ActionKind::Terminate,
        ActionKind::Cancel,
        ActionKind::Transfer,
        ActionKind::Extend,
        ActionKind::SubmitReport,
        ActionKind::RequestReview,
        ActionKind::PassReview,
        ActionKind::SendBack,
        ActionKind::Discuss,
        ActionKind::Notify,
        ActionKind::RecordStatement,
        ActionKind::Waive,
        ActionKind::RequestHearing,
        ActionKind::ScheduleHearing,
        ActionKind::RecordHearing,
        ActionKind::Decide,
        ActionKind::Serve,
        ActionKind::RecordPayment,
        ActionKind::Defer,
        ActionKind::Urge,
        ActionKind::ApplyToCourt,
        ActionKind::Close,
        ActionKind::Archive,
        ActionKind::OrderCorrection,
        ActionKind::Reinspect,
        ActionKind::CorrectDocument,
        ActionKind::DecideFollowUp,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Propose => "propose",
            ActionKind::Approve => "approve",
            ActionKind::Reject => "reject",
            ActionKind::Suspend => "suspend",
            ActionKind::Resume => "resume",
            ActionKind::Terminate => "terminate",
            ActionKind::Cancel => "cancel",
            ActionKind::Transfer => "transfer",
            ActionKind::Extend => "extend",
            ActionKind::SubmitReport => "submit_report",
            ActionKind::RequestReview => "request_review",
            ActionKind::PassReview => "pass_review",
            ActionKind::SendBack => "send_back",
            ActionKind::Discuss => "discuss",
            ActionKind::Notify => "notify",
            ActionKind::RecordStatement => "record_statement",
            ActionKind::Waive => "waive",
            ActionKind::RequestHearing => "request_hearing",
            ActionKind::ScheduleHearing => "schedule_hearing",
            ActionKind::RecordHearing => "record_hearing",
            ActionKind::Decide => "decide",
            ActionKind::Serve => "serve",
            ActionKind::RecordPayment => "record_payment",
            ActionKind::Defer => "defer",
            ActionKind::Urge => "urge",
            ActionKind::ApplyToCourt => "apply_to_court",
            ActionKind::Close => "close",
            ActionKind::Archive => "archive",
            ActionKind::OrderCorrection => "order_correction",
            ActionKind::Reinspect => "reinspect",
            ActionKind::CorrectDocument => "correct_document",
            ActionKind::DecideFollowUp => "decide_follow_up",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        use ActionKind::*;
        match self {
            Propose => lang.pick("提请立案", "Propose filing"),
            Approve => lang.pick("批准立案", "Approve filing"),
            Reject => lang.pick("不予立案", "Decline filing"),
            Suspend => lang.pick("中止调查", "Suspend"),
            Resume => lang.pick("恢复调查", "Resume"),
            Terminate => lang.pick("终止调查", "Terminate"),
            Cancel => lang.pick("销案", "Cancel case"),
            Transfer => lang.pick("移送", "Transfer"),
            Extend => lang.pick("延长办案期限", "Extend the time limit"),
            SubmitReport => lang.pick("调查终结报告", "Investigation report"),
            RequestReview => lang.pick("送法制审核", "Send to legal review"),
            PassReview => lang.pick("法制审核通过", "Pass legal review"),
            SendBack => lang.pick("退回补充调查", "Send back"),
            Discuss => lang.pick("集体讨论", "Collective discussion"),
            Notify => lang.pick("事先(听证)告知", "Prior notice"),
            RecordStatement => lang.pick("陈述申辩", "Statement and defence"),
            Waive => lang.pick("放弃陈述申辩和听证", "Rights waived"),
            RequestHearing => lang.pick("申请听证", "Hearing requested"),
            ScheduleHearing => lang.pick("听证通知", "Hearing notice"),
            RecordHearing => lang.pick("听证笔录", "Hearing record"),
            Decide => lang.pick("作出处罚决定", "Decide"),
            Serve => lang.pick("送达", "Serve"),
            RecordPayment => lang.pick("缴纳罚款", "Payment"),
            Defer => lang.pick("分期/延期缴纳", "Instalments / deferral"),
            Urge => lang.pick("催告", "Reminder"),
            ApplyToCourt => lang.pick("申请法院强制执行", "Court enforcement"),
            Close => lang.pick("结案", "Close"),
            Archive => lang.pick("归档", "Archive"),
            OrderCorrection => lang.pick("责令改正", "Order to correct"),
            Reinspect => lang.pick("复查结果", "Re-inspection result"),
            CorrectDocument => lang.pick("更正文书", "Correct a document"),
            DecideFollowUp => lang.pick("作出后续处理决定", "Decide the follow-up"),
        }
    }
    /// Who takes this action.
    pub fn actor(self) -> CaseRole {
        use ActionKind::*;
        match self {
            Approve | Reject | Suspend | Resume | Terminate | Cancel | Transfer | Extend
            | Discuss | Notify | Decide | Defer | ApplyToCourt | Close | CorrectDocument
            | DecideFollowUp => CaseRole::Leader,
            PassReview | SendBack => CaseRole::LegalReviewer,
            Propose | SubmitReport | RequestReview | RecordStatement | Waive | RequestHearing
            | ScheduleHearing | RecordHearing | Serve | RecordPayment | Urge | Archive
            | OrderCorrection | Reinspect => CaseRole::Officer,
        }
    }
}

impl CaseAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            CaseAction::Approve { .. } => ActionKind::Approve,
            CaseAction::Reject { .. } => ActionKind::Reject,
            CaseAction::Suspend { .. } => ActionKind::Suspend,
            CaseAction::Resume { .. } => ActionKind::Resume,
            CaseAction::Terminate { .. } => ActionKind::Terminate,
            CaseAction::Cancel { .. } => ActionKind::Cancel,
            CaseAction::Transfer { .. } => ActionKind::Transfer,
            CaseAction::Extend { .. } => ActionKind::Extend,
            CaseAction::SubmitReport { .. } => ActionKind::SubmitReport,
            CaseAction::RequestReview => ActionKind::RequestReview,
            CaseAction::PassReview { .. } => ActionKind::PassReview,
            CaseAction::SendBack { .. } => ActionKind::SendBack,
            CaseAction::Discuss { .. } => ActionKind::Discuss,
            CaseAction::Notify { .. } => ActionKind::Notify,
            CaseAction::RecordStatement { .. } => ActionKind::RecordStatement,
            CaseAction::Waive { .. } => ActionKind::Waive,
            CaseAction::RequestHearing { .. } => ActionKind::RequestHearing,
            CaseAction::ScheduleHearing { .. } => ActionKind::ScheduleHearing,
            CaseAction::RecordHearing { .. } => ActionKind::RecordHearing,
            CaseAction::Decide { .. } => ActionKind::Decide,
            CaseAction::Serve { .. } => ActionKind::Serve,
            CaseAction::RecordPayment { .. } => ActionKind::RecordPayment,
            CaseAction::Defer { .. } => ActionKind::Defer,
            CaseAction::Urge { .. } => ActionKind::Urge,
            CaseAction::ApplyToCourt { .. } => ActionKind::ApplyToCourt,
            CaseAction::Close { .. } => ActionKind::Close,
            CaseAction::Archive => ActionKind::Archive,
        }
    }
}

/// What the state machine needs to know of a case besides its state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseFacts {
    /// 重大案件: needs collective discussion (and legal review).
    pub major: bool,
    /// The fine proposed, in fen.
    pub amount_fen: i64,
    /// The outcome the report proposes (None before the report).
    pub outcome: Option<Outcome>,
    /// A hearing was held (the law then makes a legal review mandatory).
    pub hearing_held: bool,
    /// The current proposal has passed legal review (reset by a hearing and by a new report).
    pub review_passed: bool,
    /// A collective discussion is recorded.
    pub discussed: bool,
    /// Extensions approved so far.
    pub extensions: u32,
    /// The hearing-request window (5 working days after the prior notice) is still open.
    pub hearing_window_open: bool,
    /// The party waived statement and hearing in writing.
    pub waived: bool,
    /// Fine and surcharge still owed, in fen.
    pub outstanding_fen: i64,
    /// Rectification loops not yet finished: awaiting their 复查, or found continuing without
    /// a follow-up decision.
    pub open_loops: u32,
}

/// Fines from this amount (in fen) on give a right to a hearing and make the legal review
/// mandatory: 20万元 for an organisation (生态环境行政处罚办法 art. 46 **[check]**). The default of
/// [`super::discretion::ProcedureLimits`]; the API uses the figure of the province's benchmark.
pub const LARGE_FINE_FEN: i64 = 200_000 * 100;

impl CaseFacts {
    /// Whether the law makes a legal review mandatory (行政处罚法 58): a major case, a decision
    /// after a hearing, or a fine the party could ask a hearing for.
    pub fn review_required(&self, large_fine_fen: i64) -> bool {
        self.major || self.hearing_held || self.amount_fen >= large_fine_fen
    }
}

/// A refusal of the state machine, in words for the person who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("当前状态“{state}”下不能“{action}”")]
    OutOfOrder { state: String, action: String },
    #[error("“{action}”应由{role}办理")]
    WrongRole { action: String, role: String },
    #[error("本案须经法制审核（《行政处罚法》第五十八条），审核通过后方可{action}")]
    ReviewMissing { action: String },
    #[error("重大案件须经负责人集体讨论（《行政处罚法》第五十七条），讨论后方可{action}")]
    DiscussionMissing { action: String },
    #[error("当事人申请听证的期限（告知后5个工作日）尚未届满，且当事人未书面放弃")]
    HearingWindowOpen,
    #[error("申请听证的期限（告知后5个工作日）已过")]
    HearingWindowClosed,
    #[error("办案期限已延长过一次，再次延长须经集体讨论")]
    SecondExtension,
    #[error("罚款尚未缴清（尚欠{0}）")]
    Outstanding(String),
    #[error("调查终结报告尚未提出处理意见")]
    NoProposal,
    #[error("尚有{0}项责令改正未复查完毕或未作出后续处理决定")]
    LoopsOpen(u32),
}

/// The state `action` leads to from `state`, or why it may not be taken. `large_fine_fen` is
/// the province's hearing threshold ([`LARGE_FINE_FEN`] by default).
pub fn next(
    state: CaseState,
    action: ActionKind,
    facts: &CaseFacts,
    large_fine_fen: i64,
) -> Result<CaseState, Refusal> {
    use ActionKind as A;
    use CaseState as S;
    let lang = Lang::Zh;
    let out_of_order = || Refusal::OutOfOrder {
        state: state.label(lang).to_string(),
        action: action.label(lang).to_string(),
    };
    let to = match (action, state) {
        (A::Approve, S::Proposed) => S::Investigating,
        (A::Reject, S::Proposed) => S::NotFiled,
        (A::Suspend, S::Investigating) => S::Suspended,
        (A::Resume, S::Suspended) => S::Investigating,
        (A::Terminate, S::Investigating | S::Suspended) => S::Terminated,
        (A::Cancel, S::Proposed | S::Investigating | S::Suspended | S::Reported) => S::Cancelled,
        (A::Transfer, S::Investigating | S::Suspended | S::Reported) => S::Transferred,
        (A::Extend, s) if s.before_decision() => {
            if facts.extensions >= 1 && !facts.discussed {
                return Err(Refusal::SecondExtension);
            }
            s
        }
        (A::SubmitReport, S::Investigating) => S::Reported,
        (A::RequestReview, S::Reported) => {
            if facts.outcome.is_none() {
                return Err(Refusal::NoProposal);
            }
            S::InReview
        }
        (A::PassReview, S::InReview) => S::Reported,
        (A::SendBack, S::InReview) => S::Investigating,
        (A::Discuss, S::Reported) => S::Reported,
        (A::Notify, S::Reported) => {
            if facts.hearing_held {
                // A hearing was held: the next step is the decision, not another notice.
                return Err(out_of_order());
            }
            prerequisites(facts, action, large_fine_fen)?;
            S::Notified
        }
        (A::RecordStatement, S::Notified) => S::Notified,
        (A::Waive, S::Notified) => S::Notified,
        (A::RequestHearing, S::Notified) => {
            if !facts.hearing_window_open {
                return Err(Refusal::HearingWindowClosed);
            }
            S::HearingRequested
        }
        (A::ScheduleHearing, S::HearingRequested) => S::HearingScheduled,
        (A::RecordHearing, S::HearingScheduled) => S::Reported,
        (A::Decide, S::Notified) => {
            if facts.hearing_window_open && !facts.waived {
                return Err(Refusal::HearingWindowOpen);
            }
            prerequisites(facts, action, large_fine_fen)?;
            S::Decided
        }
        (A::Decide, S::Reported) if facts.hearing_held => {
            prerequisites(facts, action, large_fine_fen)?;
            S::Decided
        }
        (A::Serve, S::Decided) => {
            if facts.outcome == Some(Outcome::Penalty) && facts.outstanding_fen > 0 {
                S::Executing
            } else {
                S::Executed
            }
        }
        (A::RecordPayment, S::Executing) => {
            if facts.outstanding_fen <= 0 {
                S::Executed
            } else {
                S::Executing
            }
        }
        (A::Defer | A::Urge, S::Executing) => S::Executing,
        (A::ApplyToCourt, S::Executing) => S::Executed,
        (A::Close, S::Executed | S::Executing) if facts.open_loops > 0 => {
            return Err(Refusal::LoopsOpen(facts.open_loops))
        }
        (A::Close, S::Executed) => S::Closed,
        (A::Close, S::Executing) => {
            return Err(Refusal::Outstanding(super::discretion::yuan(
                facts.outstanding_fen,
            )))
        }
        (A::Archive, S::Closed) => S::Archived,
        (A::OrderCorrection | A::Reinspect, s) if s.is_open() && s != S::Proposed => s,
        // A follow-up fine is owed like the decision's: an executed case executes again.
        (A::DecideFollowUp, S::Executed) => S::Executing,
        (A::DecideFollowUp, s) if s.is_open() && s != S::Proposed => s,
        // An issued document may be corrected until the case file is bound.
        (A::CorrectDocument, s) if s != S::Archived => s,
        _ => return Err(out_of_order()),
    };
    Ok(to)
}

/// Legal review and collective discussion where the law requires them.
fn prerequisites(
    facts: &CaseFacts,
    action: ActionKind,
    large_fine_fen: i64,
) -> Result<(), Refusal> {
    let name = action.label(Lang::Zh).to_string();
    if facts.outcome.is_none() {
        return Err(Refusal::NoProposal);
    }
    if facts.review_required(large_fine_fen) && !facts.review_passed {
        return Err(Refusal::ReviewMissing { action: name });
    }
    if facts.major && !facts.discussed {
        return Err(Refusal::DiscussionMissing { action: name });
    }
    Ok(())
}

/// Whether a user holding `roles` (named on the case as an officer or not) may take `action`.
pub fn check_role(action: ActionKind, roles: &[Role], named_officer: bool) -> Result<(), Refusal> {
    let actor = action.actor();
    let ok = actor.held_by(roles, named_officer)
        // 归档 may be done by the leader as well as the officer.
        || (action == ActionKind::Archive && CaseRole::Leader.held_by(roles, false));
    if ok {
        Ok(())
    } else {
        Err(Refusal::WrongRole {
            action: action.label(Lang::Zh).to_string(),
            role: actor.label(Lang::Zh).to_string(),
        })
    }
}

/// The actions that may follow `state`, for showing who must act next (a correction of a
/// document is never due, so it is not among them).
pub fn possible(state: CaseState, facts: &CaseFacts, large_fine_fen: i64) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|a| !matches!(a, ActionKind::Propose | ActionKind::CorrectDocument))
        .filter(|a| next(state, *a, facts, large_fine_fen).is_ok())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Wire types

/// The party (当事人) as the case records it at filing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub enterprise_id: String,
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 法定代表人.
    pub legal_representative: String,
    pub address: String,
}

/// Opening a case (立案审批表 drafted by the case officer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    pub enterprise_bureau_id: BureauId,
    pub enterprise_id: String,
    pub source: CaseSource,
    /// The inspection task the problems were found in (source `inspection`).
    #[serde(default)]
    pub source_task_id: Option<String>,
    /// Where the clue came from, for the other sources: the transferring body and its letter
    /// (宿州市公安局埇桥分局 埇公移〔2026〕5号), the complaint's number, the alarm. Required for a
    /// transfer.
    #[serde(default)]
    pub source_ref: String,
    /// 案由, e.g. 超过大气污染物排放标准排放大气污染物.
    pub cause: String,
    /// 违反的条款.
    #[serde(default)]
    pub provisions: Vec<String>,
    /// 案情简介及立案理由.
    pub summary: String,
    /// The benchmark violation code, when known at filing.
    #[serde(default)]
    pub violation: Option<String>,
    /// The checklist items with problems the case is about (source `inspection`).
    #[serde(default)]
    pub problems: Vec<String>,
    /// At least two certified officers (the caller among them).
    pub officer_ids: Vec<String>,
    #[serde(default)]
    pub major: bool,
}

/// A step on a case, conditional on the revision the caller saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStep {
    /// The case's `revision` as the caller last read it; a step on a newer case is refused (409).
    pub revision: i32,
    #[serde(flatten)]
    pub action: CaseAction,
}

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStepView {
    /// RFC 3339.
    pub at: String,
    pub actor_name: String,
    pub action: ActionKind,
    pub from: Option<CaseState>,
    pub to: CaseState,
    /// What was recorded, in words (opinion, reason, date, amount …).
    pub summary: String,
}

/// An officer named on the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseOfficer {
    pub user_id: String,
    pub display_name: String,
    pub certificate_no: Option<String>,
}

/// The kinds of documents the procedure issues (文书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 立案审批表.
    FilingApproval,
    /// 责令改正违法行为决定书.
    CorrectionOrder,
    /// 行政处罚事先(听证)告知书.
    PriorNotice,
    /// 听证通知书.
    HearingNotice,
    /// 听证笔录.
    HearingRecord,
    /// 案件集体讨论笔录.
    DiscussionRecord,
    /// 行政处罚决定书.
    Decision,
    /// 送达回证.
    ServiceReceipt,
    /// 结案审批表.
    ClosingApproval,
    /// 案卷 (the assembled case file).
    CaseFile,
    /// 按日连续处罚决定书.
    DailyPenaltyDecision,
    /// 责令限制生产/停产整治决定书.
    RestrictionDecision,
}

impl DocKind {
    pub const ALL: [DocKind; 12] = [
        DocKind::FilingApproval,
        DocKind::CorrectionOrder,
        DocKind::PriorNotice,
        DocKind::HearingNotice,
        DocKind::HearingRecord,
        DocKind::DiscussionRecord,
        DocKind::Decision,
        DocKind::ServiceReceipt,
        DocKind::ClosingApproval,
        DocKind::CaseFile,
        DocKind::DailyPenaltyDecision,
        DocKind::RestrictionDecision,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "filing_approval",
            DocKind::CorrectionOrder => "correction_order",
            DocKind::PriorNotice => "prior_notice",
            DocKind::HearingNotice => "hearing_notice",
            DocKind::HearingRecord => "hearing_record",
            DocKind::DiscussionRecord => "discussion_record",
            DocKind::Decision => "decision",
            DocKind::ServiceReceipt => "service_receipt",
            DocKind::ClosingApproval => "closing_approval",
            DocKind::CaseFile => "case_file",
            DocKind::DailyPenaltyDecision => "daily_penalty_decision",
            DocKind::RestrictionDecision => "restriction_decision",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn title(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "立案审批表",
            DocKind::CorrectionOrder => "责令改正违法行为决定书",
            DocKind::PriorNotice => "行政处罚事先(听证)告知书",
            DocKind::HearingNotice => "听证通知书",
            DocKind::HearingRecord => "听证笔录",
            DocKind::DiscussionRecord => "案件集体讨论笔录",
            DocKind::Decision => "行政处罚决定书",
            DocKind::ServiceReceipt => "送达回证",
            DocKind::ClosingApproval => "结案审批表",
            DocKind::CaseFile => "案卷",
            DocKind::DailyPenaltyDecision => "按日连续处罚决定书",
            DocKind::RestrictionDecision => "责令限制生产（停产整治）决定书",
        }
    }
    /// The word in the document number (宿埇环**罚**〔2026〕12号).
    pub fn number_word(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "立",
            DocKind::CorrectionOrder => "改",
            DocKind::PriorNotice => "告",
            DocKind::HearingNotice => "听通",
            DocKind::HearingRecord => "听录",
            DocKind::DiscussionRecord => "讨",
            DocKind::Decision => "罚",
            DocKind::ServiceReceipt => "送",
            DocKind::ClosingApproval => "结",
            DocKind::CaseFile => "卷",
            DocKind::DailyPenaltyDecision => "按罚",
            DocKind::RestrictionDecision => "限",
        }
    }
}

/// Formats a document number: 宿埇环罚〔2026〕12号.
pub fn doc_number(short_name: &str, kind: DocKind, year: i32, n: i64) -> String {
    format!("{short_name}{}〔{year}〕{n}号", kind.number_word())
}

/// An issued document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDocument {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    /// 宿埇环罚〔2026〕12号.
    pub number: String,
    /// RFC 3339.
    pub issued_at: String,
    pub issued_by: String,
    /// SHA-256 of the PDF as stored, hex.
    pub sha256: String,
    pub bytes: i64,
    /// The document this one corrects, if any.
    pub corrects: Option<String>,
}

/// A correction (更正) of an issued document: a new document, numbered in the sequence of its
/// kind, that names the one it corrects and lists each error with what it should read. The
/// corrected document stays as it was issued; both go into the case file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentCorrection {
    /// The case's `revision` as the caller last read it.
    pub revision: i32,
    /// 更正理由.
    pub reason: String,
    /// At least one.
    pub items: Vec<CorrectionLine>,
}

/// One error of a document and what it should read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionLine {
    /// 更正事项, e.g. 当事人地址.
    pub item: String,
    /// 原文.
    pub was: String,
    /// 更正为.
    pub now: String,
}

/// A payment recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub paid_on: Day,
    pub amount_fen: i64,
    pub receipt: String,
}

/// A rectification loop (责令改正 → 复查) of the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RectificationView {
    pub id: String,
    pub ordered_on: Day,
    pub deadline: Day,
    pub requirement: String,
    /// The re-inspection task (复查).
    pub task_id: String,
    pub task_status: crate::task::TaskStatus,
    pub outcome: Option<RectificationOutcome>,
    /// For 按日连续处罚: days counted from the day after the order to the re-inspection.
    pub daily_penalty_days: Option<i64>,
    pub daily_penalty_fen: Option<i64>,
    /// The follow-up decided, once it is.
    pub follow_up: Option<FollowUpView>,
}

/// What the re-inspection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RectificationOutcome {
    /// 已改正: the loop is closed.
    Corrected,
    /// 拒不改正: 按日连续处罚 proposed.
    DailyPenalty,
    /// 限制生产、停产整治 proposed.
    RestrictProduction,
}

impl RectificationOutcome {
    pub fn code(self) -> &'static str {
        match self {
            RectificationOutcome::Corrected => "corrected",
            RectificationOutcome::DailyPenalty => "daily_penalty",
            RectificationOutcome::RestrictProduction => "restrict_production",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            RectificationOutcome::Corrected,
            RectificationOutcome::DailyPenalty,
            RectificationOutcome::RestrictProduction,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RectificationOutcome::Corrected => lang.pick("已改正", "Corrected"),
            RectificationOutcome::DailyPenalty => {
                lang.pick("拒不改正，按日连续处罚", "Daily penalty")
            }
            RectificationOutcome::RestrictProduction => {
                lang.pick("限制生产、停产整治", "Restrict production")
            }
        }
    }
}

/// The follow-up decided on a loop whose re-inspection found the violation continuing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpView {
    pub decided_on: Day,
    /// 按日连续处罚: the days × the original fine, in fen (0 for a restriction).
    pub amount_fen: i64,
    /// 限制生产、停产整治: the period in months (0 for a daily penalty).
    pub months: u32,
    /// The decision's number (宿埇环按罚〔2026〕1号).
    pub number: String,
    pub note: String,
}

/// Deciding the follow-up of a loop found continuing (the leader's): 按日连续处罚决定书 for the
/// days from the day after the order to the re-inspection at the original fine per day, or
/// 责令限制生产/停产整治决定书 for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpDecision {
    pub revision: i32,
    pub decided_on: Day,
    /// 限制生产、停产整治: 1 to 3 months (限制生产、停产整治办法 9); ignored for a daily penalty.
    #[serde(default)]
    pub months: u32,
    /// 处理意见 (and for a restriction the measures required).
    pub note: String,
}

/// Ordering a correction (责令改正): the deadline and the re-inspection's officers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionOrder {
    pub revision: i32,
    pub ordered_on: Day,
    pub deadline: Day,
    /// 改正要求.
    pub requirement: String,
    /// At least two certified officers for the 复查.
    pub inspector_ids: Vec<String>,
}

/// The outcome of a re-inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReinspectionResult {
    pub revision: i32,
    pub found_on: Day,
    pub outcome: RectificationOutcome,
    pub note: String,
}

/// A case as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: String,
    pub bureau_id: BureauId,
    pub bureau_name: String,
    /// The filing number (宿埇环立〔2026〕3号) once approved.
    pub number: Option<String>,
    pub party: Party,
    pub source: CaseSource,
    pub source_task_id: Option<String>,
    /// Where the clue came from (see [`NewCase::source_ref`]); empty when nothing was given.
    pub source_ref: String,
    pub cause: String,
    pub provisions: Vec<String>,
    pub summary: String,
    pub problems: Vec<String>,
    pub violation: Option<String>,
    pub state: CaseState,
    pub revision: i32,
    pub officers: Vec<CaseOfficer>,
    pub facts: CaseFacts,
    pub review_required: bool,
    /// The proposal of the investigation report.
    pub findings: String,
    pub discretion: Option<DiscretionInput>,
    pub recommendation: Option<Recommendation>,
    pub amount_reason: String,
    /// The proposed amount lies outside the recommended band (the reason is then required).
    pub outside_band: bool,
    pub clocks: Vec<super::clocks::Clock>,
    pub documents: Vec<CaseDocument>,
    pub payments: Vec<PaymentView>,
    /// Surcharge owed today (加处罚款), in fen.
    pub surcharge_fen: i64,
    pub rectifications: Vec<RectificationView>,
    /// Oldest first.
    pub steps: Vec<CaseStepView>,
    /// What may happen next and who does it.
    pub next: Vec<NextAction>,
    /// The actions the caller may take now.
    pub mine: Vec<ActionKind>,
    pub created_at: String,
}

/// An action that may follow, with who takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextAction {
    pub action: ActionKind,
    pub role: CaseRole,
}

/// A line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: String,
    pub bureau_id: BureauId,
    pub bureau_name: String,
    pub number: Option<String>,
    pub party_name: String,
    pub cause: String,
    pub state: CaseState,
    pub amount_fen: i64,
    pub officer_names: Vec<String>,
    /// The nearest due day of a running clock, and whether it is near or past.
    pub next_due: Option<Day>,
    pub due_status: Option<super::clocks::ClockStatus>,
    pub created_at: String,
}

/// Which cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseQueue {
    /// Every case of the jurisdiction.
    #[default]
    All,
    /// The caller's own cases (officer).
    Mine,
    /// Awaiting the caller's legal review.
    Review,
    /// Awaiting the leader (approvals, decisions).
    Approvals,
    /// A clock near or past its limit, of the cases the caller watches: a bureau leader's whole
    /// jurisdiction, a squad leader's squad, an officer's own.
    Due,
}

/// The case list's query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct CaseListQuery {
    #[serde(default)]
    pub queue: CaseQueue,
    /// Limit to one bureau of the jurisdiction.
    #[serde(default)]
    pub bureau_id: Option<BureauId>,
    #[serde(default)]
    pub enterprise_id: Option<String>,
}

/// One year of the working-day calendar as the province administrator saves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub entries: Vec<super::calendar::CalendarEntry>,
}

/// Which benchmark version to read (the one in force today when absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct BenchmarkQuery {
    #[serde(default)]
    pub version: Option<u32>,
}

use crate::limits::{Bounded, Bounds, LINE, NOTE, SHORT, TEXT};

impl Bounded for NewCase {
    fn bounds(&self, b: &mut Bounds) {
        b.text("enterprise_id", "企业编号", &self.enterprise_id, SHORT)
            .text("cause", "案由", &self.cause, LINE)
            .texts("provisions", "违反条款", &self.provisions, 20, LINE)
            .text("summary", "案情简介及立案理由", &self.summary, NOTE)
            .texts("problems", "检查问题", &self.problems, 200, SHORT)
            .texts("officer_ids", "承办人", &self.officer_ids, 10, SHORT);
        b.text("source_ref", "来源说明", &self.source_ref, LINE);
        if let Some(t) = &self.source_task_id {
            b.text("source_task_id", "来源任务", t, SHORT);
        }
        if let Some(v) = &self.violation {
            b.text("violation", "违法行为", v, SHORT);
        }
    }
}

impl Bounded for CaseStep {
    fn bounds(&self, b: &mut Bounds) {
        use CaseAction::*;
        match &self.action {
            Approve { opinion }
            | PassReview { opinion }
            | SendBack { opinion }
            | Close { opinion } => {
                b.text("opinion", "意见", opinion, NOTE);
            }
            Reject { reason }
            | Suspend { reason, .. }
            | Resume { reason }
            | Terminate { reason }
            | Cancel { reason }
            | Extend { reason, .. }
            | Defer { reason, .. } => {
                b.text("reason", "理由", reason, NOTE);
            }
            Transfer { to, reason } => {
                b.text("to", "移送机关", to, LINE)
                    .text("reason", "理由", reason, NOTE);
            }
            SubmitReport {
                findings,
                amount_reason,
                discretion,
                ..
            } => {
                b.text("findings", "调查终结报告", findings, TEXT).text(
                    "amount_reason",
                    "罚款金额理由",
                    amount_reason,
                    NOTE,
                );
                if let Some(d) = discretion {
                    d.bounds(b);
                }
            }
            Discuss {
                attendees,
                minutes,
                conclusion,
            } => {
                b.texts("attendees", "参加人员", attendees, 30, SHORT)
                    .text("minutes", "讨论记录", minutes, TEXT)
                    .text("conclusion", "结论", conclusion, NOTE);
            }
            RecordStatement { text, .. } => {
                b.text("text", "陈述申辩", text, TEXT);
            }
            ScheduleHearing { place, host, .. } => {
                b.text("place", "听证地点", place, LINE)
                    .text("host", "主持人", host, SHORT);
            }
            RecordHearing {
                minutes, report, ..
            } => {
                b.text("minutes", "听证笔录", minutes, TEXT).text(
                    "report",
                    "听证报告",
                    report,
                    TEXT,
                );
            }
            Serve { receiver, .. } => {
                b.text("receiver", "受送达人", receiver, SHORT);
            }
            RecordPayment { receipt, .. } => {
                b.text("receipt", "缴款凭证号", receipt, SHORT);
            }
            ApplyToCourt { court, .. } => {
                b.text("court", "人民法院", court, LINE);
            }
            RequestReview
            | Notify { .. }
            | Waive { .. }
            | RequestHearing { .. }
            | Decide { .. }
            | Urge { .. }
            | Archive => {}
        }
    }
}

impl Bounded for CorrectionOrder {
    fn bounds(&self, b: &mut Bounds) {
        b.text("requirement", "改正要求", &self.requirement, NOTE)
            .texts("inspector_ids", "执法人员", &self.inspector_ids, 10, SHORT);
    }
}

impl Bounded for DocumentCorrection {
    fn bounds(&self, b: &mut Bounds) {
        b.text("reason", "更正理由", &self.reason, NOTE).count(
            "items",
            "更正事项",
            self.items.len(),
            20,
        );
        for (i, l) in self.items.iter().enumerate() {
            b.text(&format!("items[{i}].item"), "更正事项", &l.item, SHORT)
                .text(&format!("items[{i}].was"), "原文", &l.was, NOTE)
                .text(&format!("items[{i}].now"), "更正为", &l.now, NOTE);
        }
    }
}

impl Bounded for ReinspectionResult {
    fn bounds(&self, b: &mut Bounds) {
        b.text("note", "复查情况", &self.note, NOTE);
    }
}

impl Bounded for FollowUpDecision {
    fn bounds(&self, b: &mut Bounds) {
        b.text("note", "处理意见", &self.note, NOTE);
    }
}

impl Bounded for CalendarYear {
    fn bounds(&self, b: &mut Bounds) {
        b.count("entries", "日历条目", self.entries.len(), 400);
        for (i, e) in self.entries.iter().enumerate() {
            b.text(&format!("entries[{i}].name"), "名称", &e.name, SHORT);
        }
    }
}

impl Bounded for BenchmarkQuery {
    fn bounds(&self, _: &mut Bounds) {}
}

impl Bounded for CaseListQuery {
    fn bounds(&self, b: &mut Bounds) {
        if let Some(e) = &self.enterprise_id {
            b.text("enterprise_id", "企业编号", e, SHORT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind as A;
    use CaseState as S;

    fn facts() -> CaseFacts {
        CaseFacts {
            outcome: Some(Outcome::Penalty),
            amount_fen: 50_000 * 100,
            ..Default::default()
        }
    }

    #[test]
    fn the_ordinary_path_runs_from_filing_to_archive() {
        let mut f = facts();
        let mut s = S::Proposed;
        for (a, want) in [
            (A::Approve, S::Investigating),
            (A::SubmitReport, S::Reported),
            (A::Notify, S::Notified),
        ] {
            s = next(s, a, &f, LARGE_FINE_FEN).expect("allowed");
            assert_eq!(s, want);
        }
        f.hearing_window_open = false;
        f.outstanding_fen = f.amount_fen;
        s = next(s, A::Decide, &f, LARGE_FINE_FEN).expect("allowed");
        assert_eq!(s, S::Decided);
        s = next(s, A::Serve, &f, LARGE_FINE_FEN).expect("allowed");
        assert_eq!(s, S::Executing);
        assert!(matches!(
            next(s, A::Close, &f, LARGE_FINE_FEN),
            Err(Refusal::Outstanding(_))
        ));
        f.outstanding_fen = 0;
        s = next(s, A::RecordPayment, &f, LARGE_FINE_FEN).expect("allowed");
        assert_eq!(s, S::Executed);
        s = next(s, A::Close, &f, LARGE_FINE_FEN).expect("allowed");
        s = next(s, A::Archive, &f, LARGE_FINE_FEN).expect("allowed");
        assert_eq!(s, S::Archived);
        assert!(possible(s, &f, LARGE_FINE_FEN).is_empty());
    }

    #[test]
    fn steps_out_of_order_are_refused_in_words() {
        let f = facts();
        let e = next(S::Proposed, A::Decide, &f, LARGE_FINE_FEN).expect_err("refused");
        assert_eq!(e.to_string(), "当前状态“立案待批”下不能“作出处罚决定”");
        assert!(next(S::Investigating, A::Notify, &f, LARGE_FINE_FEN).is_err());
        assert!(next(S::Closed, A::Approve, &f, LARGE_FINE_FEN).is_err());
        assert!(next(S::Archived, A::OrderCorrection, &f, LARGE_FINE_FEN).is_err());
        // A document is corrected until the case file is bound, by the leader; it is never due.
        assert_eq!(
            next(S::Closed, A::CorrectDocument, &f, LARGE_FINE_FEN),
            Ok(S::Closed)
        );
        assert!(next(S::Archived, A::CorrectDocument, &f, LARGE_FINE_FEN).is_err());
        assert!(check_role(A::CorrectDocument, &[Role::Inspector], true).is_err());
        assert!(!possible(S::Decided, &f, LARGE_FINE_FEN).contains(&A::CorrectDocument));
    }

    #[test]
    fn a_mandatory_legal_review_cannot_be_skipped() {
        let mut f = facts();
        f.amount_fen = LARGE_FINE_FEN;
        let e = next(S::Reported, A::Notify, &f, LARGE_FINE_FEN).expect_err("refused");
        assert!(matches!(e, Refusal::ReviewMissing { .. }), "{e}");
        // Below the threshold a review is not mandatory…
        assert!(next(S::Reported, A::Notify, &f, LARGE_FINE_FEN + 1).is_ok());
        // …and once passed the notice may go out.
        f.review_passed = true;
        assert_eq!(
            next(S::Reported, A::Notify, &f, LARGE_FINE_FEN),
            Ok(S::Notified)
        );
        // A major case also needs its collective discussion.
        f.major = true;
        assert!(matches!(
            next(S::Reported, A::Notify, &f, LARGE_FINE_FEN),
            Err(Refusal::DiscussionMissing { .. })
        ));
        f.discussed = true;
        assert!(next(S::Reported, A::Notify, &f, LARGE_FINE_FEN).is_ok());
    }

    #[test]
    fn a_hearing_makes_the_review_mandatory_again_before_the_decision() {
        let mut f = facts();
        f.hearing_window_open = true;
        assert_eq!(
            next(S::Notified, A::Decide, &f, LARGE_FINE_FEN),
            Err(Refusal::HearingWindowOpen)
        );
        let s = next(S::Notified, A::RequestHearing, &f, LARGE_FINE_FEN).expect("allowed");
        let s = next(s, A::ScheduleHearing, &f, LARGE_FINE_FEN).expect("allowed");
        let s = next(s, A::RecordHearing, &f, LARGE_FINE_FEN).expect("allowed");
        assert_eq!(s, S::Reported);
        f.hearing_held = true;
        f.review_passed = false;
        assert!(matches!(
            next(s, A::Decide, &f, LARGE_FINE_FEN),
            Err(Refusal::ReviewMissing { .. })
        ));
        assert!(next(s, A::Notify, &f, LARGE_FINE_FEN).is_err());
        f.review_passed = true;
        assert_eq!(next(s, A::Decide, &f, LARGE_FINE_FEN), Ok(S::Decided));
        // A late hearing request is refused.
        f.hearing_window_open = false;
        assert_eq!(
            next(S::Notified, A::RequestHearing, &f, LARGE_FINE_FEN),
            Err(Refusal::HearingWindowClosed)
        );
    }

    #[test]
    fn roles_are_checked_per_step() {
        assert!(check_role(A::Approve, &[Role::BureauLeader], false).is_ok());
        let e = check_role(A::Approve, &[Role::Inspector], true).expect_err("refused");
        assert_eq!(e.to_string(), "“批准立案”应由机关负责人办理");
        assert!(check_role(A::PassReview, &[Role::BureauLeader], false).is_err());
        assert!(check_role(A::PassReview, &[Role::LegalReviewer], false).is_ok());
        // An inspector not named on the case is not its officer.
        assert!(check_role(A::SubmitReport, &[Role::Inspector], false).is_err());
        assert!(check_role(A::SubmitReport, &[Role::Inspector], true).is_ok());
        assert!(check_role(A::Archive, &[Role::BureauLeader], false).is_ok());
    }

    #[test]
    fn a_second_extension_needs_a_collective_discussion() {
        let mut f = facts();
        assert_eq!(
            next(S::Investigating, A::Extend, &f, LARGE_FINE_FEN),
            Ok(S::Investigating)
        );
        f.extensions = 1;
        assert_eq!(
            next(S::Investigating, A::Extend, &f, LARGE_FINE_FEN),
            Err(Refusal::SecondExtension)
        );
        f.discussed = true;
        assert!(next(S::Investigating, A::Extend, &f, LARGE_FINE_FEN).is_ok());
        assert!(next(S::Decided, A::Extend, &f, LARGE_FINE_FEN).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::from_code(s.code()), Some(s));
        }
        for a in ActionKind::ALL {
            assert_eq!(ActionKind::from_code(a.code()), Some(a));
        }
        for d in DocKind::ALL {
            assert_eq!(DocKind::from_code(d.code()), Some(d));
        }
        assert_eq!(
            doc_number("宿埇环", DocKind::Decision, 2026, 12),
            "宿埇环罚〔2026〕12号"
        );
    }
}
