//! Cases (C1): opening one from an inspection's problems (or a complaint, an alarm, a transfer,
//! by hand), every step of the procedure through `shared::enforcement::case::next`, conditional
//! on the revision the caller saw, each step in one transaction with its documents, its audit
//! entry and its timeline event; the rectification loop (C4) with its 复查 task.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use shared::dossier::TimelineKind;
use shared::enforcement::case::{
    check_role, next, possible, ActionKind, CaseAction, CaseDocument, CaseListQuery, CaseOfficer,
    CaseQueue, CaseSource, CaseState, CaseStep, CaseStepView, CaseSummary, CaseView,
    CorrectionOrder, DocKind, DocumentCorrection, FollowUpDecision, FollowUpView, NewCase,
    NextAction, Outcome, Party, PaymentView, RectificationOutcome, RectificationView,
    ReinspectionResult, LARGE_FINE_FEN,
};
use shared::enforcement::clocks::{self, ClockStatus, Pause};
use shared::enforcement::discretion::{self, yuan};
use shared::enforcement::Day;
use shared::task::{TaskStatus, MIN_INSPECTORS};
use shared::{ApiError, BureauId, Lang, Role};
use time::OffsetDateTime;
use uuid::Uuid;

use super::documents::{self, Ctx};
use super::record::Record;
use super::rules;
use crate::history::{self, NewEvent};
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::clock::{date_of, day_of};
use crate::platform::entity::{
    app_user, bureau, case_document, case_officer, case_step, enforcement_case, enterprise,
    rectification, task,
};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Case, Enterprise, Key, Scope};
use crate::platform::state::AppState;
use crate::platform::stored::{self, rfc3339, roles};

fn conflict(reason: impl Into<String>) -> AppError {
    ApiError::Conflict {
        reason: reason.into(),
    }
    .into()
}

fn record_of(row: &enforcement_case::Model) -> AppResult<Record> {
    stored::json("enforcement_case.record", &row.record)
}

async fn officers_of(
    conn: &impl ConnectionTrait,
    bureau: i64,
    case: Uuid,
) -> AppResult<Vec<app_user::Model>> {
    let ids: Vec<Uuid> = case_officer::Entity::find()
        .select_only()
        .column(case_officer::Column::UserId)
        .filter(case_officer::Column::BureauId.eq(bureau))
        .filter(case_officer::Column::CaseId.eq(case))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(bureau))
        .filter(app_user::Column::Id.is_in(ids))
        .order_by_asc(app_user::Column::DisplayName)
        .all(conn)
        .await?)
}

fn officer_line(u: &app_user::Model) -> String {
    format!(
        "{}（执法证号 {}）",
        u.display_name,
        u.certificate_no.as_deref().unwrap_or("—")
    )
}

/// Checks a list of officer ids: at least two, certified on `day`, active, of `bureau`.
async fn certified_officers(
    conn: &impl ConnectionTrait,
    bureau: i64,
    ids: &[String],
    day: Day,
    field: &str,
) -> AppResult<Vec<app_user::Model>> {
    let mut parsed: Vec<Uuid> = Vec::new();
    for s in ids {
        let id =
            Uuid::parse_str(s.trim()).map_err(|_| AppError::invalid(field, "执法人员编号无效"))?;
        if !parsed.contains(&id) {
            parsed.push(id);
        }
    }
    if parsed.len() < MIN_INSPECTORS {
        return Err(AppError::invalid(
            field,
            "案件须由两名以上持有执法证的执法人员承办（《行政处罚法》第四十二条）",
        ));
    }
    let people = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(bureau))
        .filter(app_user::Column::Id.is_in(parsed.clone()))
        .all(conn)
        .await?;
    for id in &parsed {
        let Some(u) = people.iter().find(|u| u.id == *id) else {
            return Err(AppError::invalid(field, "所选人员不属于本局"));
        };
        let r = roles(&u.roles)?;
        if !u.active
            || !r
                .iter()
                .any(|r| matches!(r, Role::Inspector | Role::SquadLeader))
        {
            return Err(AppError::invalid(
                field,
                format!("{}不是在岗执法人员", u.display_name),
            ));
        }
        match (&u.certificate_no, u.certificate_valid_until) {
            (Some(_), Some(until)) if day_of(until) >= day => {}
            _ => {
                return Err(AppError::invalid(
                    field,
                    format!("{}的执法证无效或已过期", u.display_name),
                ))
            }
        }
    }
    Ok(people)
}

/// Opens a case (立案待批): the case officer drafts the 立案审批表 for the leader.
pub async fn create(
    state: &AppState,
    caller: &AuthUser,
    scope: &Scope,
    c: NewCase,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let key = scope.admit::<Enterprise>(c.enterprise_bureau_id, &c.enterprise_id)?;
    let e = enterprise::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let bureau = e.bureau_id;
    if caller.bureau_id.0 != bureau {
        // A superior bureau reads its counties' cases; the county files them.
        return Err(ApiError::Forbidden.into());
    }
    if c.cause.trim().is_empty() {
        return Err(AppError::invalid("cause", "请填写案由"));
    }
    if c.summary.trim().is_empty() {
        return Err(AppError::invalid("summary", "请填写案情简介及立案理由"));
    }
    let source_task = match (c.source, &c.source_task_id) {
        (CaseSource::Inspection, None) => {
            return Err(AppError::invalid(
                "source_task_id",
                "现场检查来源的案件须指明检查任务",
            ))
        }
        (_, Some(t)) => {
            let id = Uuid::parse_str(t)
                .map_err(|_| AppError::invalid("source_task_id", "检查任务编号无效"))?;
            let t = task::Entity::find_by_id((bureau, id))
                .one(db)
                .await?
                .filter(|t| t.enterprise_id == e.id)
                .ok_or_else(|| AppError::invalid("source_task_id", "检查任务不属于该企业"))?;
            Some(t.id)
        }
        (_, None) => None,
    };
    if c.source == CaseSource::Transfer && c.source_ref.trim().is_empty() {
        return Err(AppError::invalid(
            "source_ref",
            "交办移送的案件须写明交办或移送单位及文号",
        ));
    }
    if c.source == CaseSource::Inspection && c.problems.is_empty() {
        return Err(AppError::invalid("problems", "请选择据以立案的检查问题"));
    }
    let people = certified_officers(db, bureau, &c.officer_ids, today, "officer_ids").await?;
    if !people.iter().any(|u| u.id == caller.user_id) {
        return Err(AppError::invalid(
            "officer_ids",
            "提请立案的人员须为本案承办人之一",
        ));
    }
    if let Some(v) = &c.violation {
        let province = rules::province_of(db, bureau).await?;
        let table = rules::benchmark(db, &province.division_code, today, None).await?;
        if !table.violations.iter().any(|x| &x.code == v) {
            return Err(AppError::invalid("violation", "裁量基准中没有该违法行为"));
        }
    }
    let party = Party {
        enterprise_id: e.id.to_string(),
        name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        legal_representative: e.legal_representative.clone(),
        address: e.address.clone(),
    };
    let now = OffsetDateTime::now_utc();
    let id = Uuid::new_v4();
    let txn = audit::begin(db, bureau).await?;
    let row = enforcement_case::Model {
        bureau_id: bureau,
        id,
        number: None,
        enterprise_id: e.id,
        party: serde_json::to_string(&party).map_err(anyhow::Error::from)?,
        source: c.source.code().into(),
        source_task_id: source_task,
        source_ref: c.source_ref.trim().into(),
        cause: c.cause.trim().into(),
        provisions: serde_json::to_string(&c.provisions).map_err(anyhow::Error::from)?,
        summary: c.summary.trim().into(),
        problems: serde_json::to_string(&c.problems).map_err(anyhow::Error::from)?,
        violation: c.violation.clone(),
        state: CaseState::Proposed.code().into(),
        revision: 1,
        major: c.major,
        amount_fen: 0,
        record: serde_json::to_string(&Record::default()).map_err(anyhow::Error::from)?,
        next_due: None,
        created_by: caller.user_id,
        created_at: now,
        updated_at: now,
    };
    enforcement_case::Entity::insert(enforcement_case::ActiveModel::from(row.clone()))
        .exec_without_returning(&txn)
        .await?;
    case_officer::Entity::insert_many(people.iter().map(|u| case_officer::ActiveModel {
        bureau_id: Set(bureau),
        case_id: Set(id),
        user_id: Set(u.id),
    }))
    .exec(&txn)
    .await?;
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: ActionKind::Propose,
            from: None,
            to: CaseState::Proposed,
            summary: format!("提请立案：{}", row.cause),
            data: json!({ "source": c.source.code(), "problems": c.problems }),
            audit: json!({ "after": { "enterprise": e.id, "cause": row.cause, "source": c.source.code() } }),
            timeline: (TimelineKind::Case, format!("提请立案：{}", row.cause)),
            detail: None,
        },
    )
    .await?;
    txn.commit().await?;
    view(state, caller, &row).await
}

/// What one action leaves behind, in its transaction.
struct Trace {
    action: ActionKind,
    from: Option<CaseState>,
    to: CaseState,
    /// For the case's history (and the timeline event's detail when `detail` is given).
    summary: String,
    /// The action as recorded with the step.
    data: serde_json::Value,
    /// The audit entry's payload; its action is `case.<action code>`.
    audit: serde_json::Value,
    /// The enterprise's timeline event (which recomputes its risk index).
    timeline: (TimelineKind, String),
    detail: Option<String>,
}

/// Records an action: the step in the case's history, the entry in the audit chain and the
/// event on the enterprise's timeline, all in the action's transaction.
async fn trace(
    txn: &DatabaseTransaction,
    row: &enforcement_case::Model,
    caller: &AuthUser,
    t: Trace,
) -> AppResult<()> {
    case_step::Entity::insert(case_step::ActiveModel {
        bureau_id: Set(row.bureau_id),
        id: Set(Uuid::new_v4()),
        case_id: Set(row.id),
        at: Set(OffsetDateTime::now_utc()),
        actor_id: Set(caller.user_id),
        action: Set(t.action.code().into()),
        from_state: Set(t.from.map(|s| s.code().into())),
        to_state: Set(t.to.code().into()),
        summary: Set(t.summary),
        data: Set(t.data.to_string()),
    })
    .exec_without_returning(txn)
    .await?;
    audit::append(
        txn,
        row.bureau_id,
        &Actor::of(caller),
        &format!("case.{}", t.action.code()),
        &format!("case:{}", row.id),
        t.audit,
    )
    .await?;
    let mut event = NewEvent::now(t.timeline.0, t.timeline.1)
        .reference(format!("case:{}", row.id))
        .by(caller.user_id);
    if let Some(d) = t.detail {
        event = event.detail(d);
    }
    history::record(txn, row.bureau_id, row.enterprise_id, event).await?;
    Ok(())
}

fn not_future(field: &str, day: Day, today: Day) -> AppResult<Day> {
    if day > today {
        return Err(AppError::invalid(field, "日期不能晚于今天"));
    }
    Ok(day)
}

fn required(field: &str, label: &str, text: &str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::invalid(field, format!("请填写{label}")));
    }
    Ok(())
}

/// The case as the caller may act on it, read inside the action's transaction: only the staff
/// of the case's own bureau act (403), on the revision they saw (409), in the part `action`
/// needs (403). Every step, correction order and re-inspection result starts here.
async fn acting_on(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    key: Key<Case>,
    revision: i32,
    action: ActionKind,
) -> AppResult<(enforcement_case::Model, CaseState, Vec<app_user::Model>)> {
    let row = enforcement_case::Entity::find_by_id(key.pk())
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if caller.bureau_id.0 != row.bureau_id {
        return Err(ApiError::Forbidden.into());
    }
    let state = stored::code("enforcement_case.state", &row.state, CaseState::from_code)?;
    if row.revision != revision {
        return Err(conflict(format!(
            "案件已被他人更新（当前为“{}”），请刷新后再试",
            state.label(Lang::Zh)
        )));
    }
    let officers = officers_of(txn, row.bureau_id, row.id).await?;
    let named = officers.iter().any(|u| u.id == caller.user_id);
    check_role(action, &caller.roles, named).map_err(|_| AppError::from(ApiError::Forbidden))?;
    Ok((row, state, officers))
}

/// One step of the procedure.
pub async fn step(
    state: &AppState,
    caller: &AuthUser,
    key: Key<Case>,
    s: CaseStep,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let cal = rules::calendar(db).await?;
    let txn = audit::begin(db, key.bureau().0).await?;
    let kind = s.action.kind();
    let (row, from, officers) = acting_on(&txn, caller, key, s.revision, kind).await?;
    let mut rec = record_of(&row)?;
    let mut amount = row.amount_fen;
    let mut number = row.number.clone();
    let mut before = rec.case_facts(row.major, amount, &cal, today);
    before.open_loops = loops_open(&rectifications_of(&txn, &row).await?)?;
    // The state machine decides on the facts as they stood; a payment on the facts after it.
    let mut to = if kind == ActionKind::RecordPayment {
        from
    } else {
        next(from, kind, &before, rec.limits.hearing_threshold_fen)
            .map_err(|r| conflict(r.to_string()))?
    };
    let mut issue: Vec<(DocKind, Vec<(String, String)>)> = Vec::new();
    let mut timeline: Option<(TimelineKind, String)> = None;
    let summary: String;
    match &s.action {
        CaseAction::Approve { opinion } => {
            rec.filed_on = Some(today);
            let province = rules::province_of(&txn, row.bureau_id).await?;
            rec.limits = rules::benchmark(&txn, &province.division_code, today, None)
                .await?
                .procedure;
            rec.filing_opinion = opinion.trim().into();
            let source = stored::code(
                "enforcement_case.source",
                &row.source,
                CaseSource::from_code,
            )?;
            let from = match row.source_ref.as_str() {
                "" => source.label(Lang::Zh).to_string(),
                r => format!("{}（{r}）", source.label(Lang::Zh)),
            };
            issue.push((DocKind::FilingApproval, vec![("来源".into(), from)]));
            timeline = Some((TimelineKind::Violation, format!("立案调查：{}", row.cause)));
            summary = format!("批准立案。{opinion}");
        }
        CaseAction::Reject { reason }
        | CaseAction::Terminate { reason }
        | CaseAction::Cancel { reason } => {
            required("reason", "理由", reason)?;
            rec.end_reason = reason.trim().into();
            summary = format!("{}：{reason}", kind.label(Lang::Zh));
        }
        CaseAction::Transfer { to: whom, reason } => {
            required("to", "移送机关", whom)?;
            required("reason", "移送理由", reason)?;
            rec.transferred_to = whom.trim().into();
            rec.end_reason = reason.trim().into();
            summary = format!("移送{whom}：{reason}");
        }
        CaseAction::Suspend {
            reason,
            kind: pause,
        } => {
            required("reason", "中止理由", reason)?;
            rec.pauses.push(Pause {
                kind: *pause,
                from: today,
                to: None,
            });
            summary = format!("中止调查：{reason}");
        }
        CaseAction::Resume { reason } => {
            if let Some(p) = rec.pauses.iter_mut().rev().find(|p| p.to.is_none()) {
                p.to = Some(today);
            }
            summary = format!("恢复调查。{reason}");
        }
        CaseAction::Extend { days, reason } => {
            required("reason", "延长理由", reason)?;
            let most = rec.limits.extension_days;
            if !(1..=most).contains(days) {
                return Err(AppError::invalid("days", format!("每次延长不超过{most}日")));
            }
            rec.extension_days += days;
            rec.extensions += 1;
            summary = format!("延长办案期限{days}日：{reason}");
        }
        CaseAction::SubmitReport {
            findings,
            outcome,
            discretion: input,
            amount_fen,
            amount_reason,
        } => {
            required("findings", "调查终结报告", findings)?;
            rec.findings = findings.trim().into();
            rec.outcome = Some(*outcome);
            rec.review_passed = false;
            rec.amount_reason = amount_reason.trim().into();
            match outcome {
                Outcome::NoPenalty => {
                    amount = 0;
                    rec.discretion = None;
                    rec.recommendation = None;
                }
                Outcome::Penalty => {
                    let Some(input) = input else {
                        return Err(AppError::invalid("discretion", "请按裁量基准计算罚款"));
                    };
                    let province = rules::province_of(&txn, row.bureau_id).await?;
                    let table =
                        rules::benchmark(&txn, &province.division_code, today, None).await?;
                    let rec_ = discretion::recommend(&table, input)
                        .map_err(|e| AppError::invalid("discretion", e.to_string()))?;
                    if *amount_fen <= 0 {
                        return Err(AppError::invalid("amount_fen", "罚款金额应大于零"));
                    }
                    let floor_ok = *amount_fen >= rec_.min_fen || rec_.needs_legal_ground;
                    if !floor_ok || *amount_fen > rec_.max_fen {
                        return Err(AppError::invalid(
                            "amount_fen",
                            format!(
                                "罚款金额应在法定幅度{}至{}之内（减轻处罚须记录法定依据）",
                                yuan(rec_.min_fen),
                                yuan(rec_.max_fen)
                            ),
                        ));
                    }
                    if discretion::amount_outside(&rec_, *amount_fen)
                        && amount_reason.trim().is_empty()
                    {
                        return Err(AppError::invalid(
                            "amount_reason",
                            format!(
                                "金额不在建议幅度{}至{}之内，须书面说明理由",
                                yuan(rec_.range_low_fen),
                                yuan(rec_.range_high_fen)
                            ),
                        ));
                    }
                    amount = *amount_fen;
                    rec.discretion = Some(input.clone());
                    rec.recommendation = Some(rec_);
                }
            }
            summary = match outcome {
                Outcome::Penalty => format!("调查终结，建议罚款{}", yuan(amount)),
                Outcome::NoPenalty => "调查终结，建议不予处罚".into(),
            };
        }
        CaseAction::RequestReview => summary = "送法制审核".into(),
        CaseAction::PassReview { opinion } => {
            required("opinion", "审核意见", opinion)?;
            rec.review_passed = true;
            rec.review_opinions.push(opinion.trim().into());
            summary = format!("法制审核通过：{opinion}");
        }
        CaseAction::SendBack { opinion } => {
            required("opinion", "审核意见", opinion)?;
            rec.review_passed = false;
            rec.review_opinions.push(opinion.trim().into());
            summary = format!("法制审核退回：{opinion}");
        }
        CaseAction::Discuss {
            attendees,
            minutes,
            conclusion,
        } => {
            if attendees.iter().filter(|a| !a.trim().is_empty()).count() < 3 {
                return Err(AppError::invalid(
                    "attendees",
                    "集体讨论应有三名以上负责人参加",
                ));
            }
            required("minutes", "讨论记录", minutes)?;
            required("conclusion", "讨论结论", conclusion)?;
            rec.discussed = true;
            rec.attendees = attendees.iter().map(|a| a.trim().to_string()).collect();
            rec.minutes = minutes.trim().into();
            rec.conclusion = conclusion.trim().into();
            issue.push((DocKind::DiscussionRecord, vec![]));
            summary = format!("集体讨论：{conclusion}");
        }
        CaseAction::Notify { served_on, method } => {
            let d = not_future("served_on", *served_on, today)?;
            rec.notice_served_on = Some(d);
            rec.notice_method = Some(*method);
            issue.push((DocKind::PriorNotice, vec![]));
            summary = format!("事先告知，{}于{}", method.label(Lang::Zh), d.zh());
        }
        CaseAction::RecordStatement { text, adopted } => {
            required("text", "陈述申辩内容", text)?;
            rec.statements.push(text.trim().into());
            summary = format!(
                "陈述申辩（{}）：{text}",
                if *adopted { "采纳" } else { "不予采纳" }
            );
        }
        CaseAction::Waive { on } => {
            rec.waived_on = Some(not_future("on", *on, today)?);
            summary = "当事人书面放弃陈述申辩和听证".into();
        }
        CaseAction::RequestHearing { on } => {
            let d = not_future("on", *on, today)?;
            let notice = rec
                .notice_served_on
                .ok_or_else(|| conflict("尚未事先告知"))?;
            if d > cal.add_working_days(notice, 5) {
                return Err(conflict("申请听证的期限（告知后5个工作日）已过"));
            }
            rec.hearing_requested_on = Some(d);
            rec.pauses.push(Pause {
                kind: clocks::PauseKind::Hearing,
                from: d,
                to: None,
            });
            summary = format!("当事人于{}申请听证", d.zh());
        }
        CaseAction::ScheduleHearing {
            notice_on,
            hearing_on,
            place,
            host,
        } => {
            required("place", "听证地点", place)?;
            required("host", "听证主持人", host)?;
            if officers.iter().any(|u| u.display_name == host.trim()) {
                return Err(AppError::invalid(
                    "host",
                    "听证主持人不能由本案调查人员担任",
                ));
            }
            let earliest = cal.add_working_days(*notice_on, 7);
            if *hearing_on < earliest {
                return Err(AppError::invalid(
                    "hearing_on",
                    format!("听证应在通知送达7个工作日后举行，最早为{}", earliest.zh()),
                ));
            }
            rec.hearing_notice_on = Some(not_future("notice_on", *notice_on, today)?);
            rec.hearing_on = Some(*hearing_on);
            rec.hearing_place = place.trim().into();
            rec.hearing_host = host.trim().into();
            issue.push((DocKind::HearingNotice, vec![]));
            summary = format!("听证定于{}在{}举行", hearing_on.zh(), place);
        }
        CaseAction::RecordHearing {
            held_on,
            minutes,
            report,
        } => {
            required("minutes", "听证笔录", minutes)?;
            required("report", "听证报告", report)?;
            let d = not_future("held_on", *held_on, today)?;
            rec.hearing_held_on = Some(d);
            rec.hearing_minutes = minutes.trim().into();
            rec.hearing_report = report.trim().into();
            // The law makes a fresh legal review mandatory after a hearing.
            rec.review_passed = false;
            if let Some(p) = rec
                .pauses
                .iter_mut()
                .rev()
                .find(|p| p.kind == clocks::PauseKind::Hearing && p.to.is_none())
            {
                p.to = Some(d);
            }
            issue.push((DocKind::HearingRecord, vec![]));
            summary = format!("{}举行听证", d.zh());
        }
        CaseAction::Decide { decided_on } => {
            let d = not_future("decided_on", *decided_on, today)?;
            rec.decided_on = Some(d);
            issue.push((DocKind::Decision, vec![]));
            summary = match rec.outcome {
                Some(Outcome::Penalty) => {
                    timeline = Some((
                        TimelineKind::Penalty,
                        format!("行政处罚决定：{}，罚款{}", row.cause, yuan(amount)),
                    ));
                    format!("作出行政处罚决定：罚款{}", yuan(amount))
                }
                _ => {
                    timeline = Some((
                        TimelineKind::Case,
                        format!("不予行政处罚决定：{}", row.cause),
                    ));
                    "作出不予行政处罚决定".into()
                }
            };
        }
        CaseAction::Serve {
            served_on,
            method,
            receiver,
        } => {
            required("receiver", "受送达人", receiver)?;
            let d = not_future("served_on", *served_on, today)?;
            if rec.decided_on.is_some_and(|dec| d < dec) {
                return Err(AppError::invalid("served_on", "送达日期不能早于决定日期"));
            }
            rec.served_on = Some(d);
            rec.service_method = Some(*method);
            rec.receiver = receiver.trim().into();
            issue.push((
                DocKind::ServiceReceipt,
                vec![
                    ("送达文书".into(), "行政处罚决定书".into()),
                    ("送达方式".into(), method.label(Lang::Zh).into()),
                ],
            ));
            summary = format!(
                "{}于{}送达，{}签收",
                method.label(Lang::Zh),
                d.zh(),
                receiver
            );
        }
        CaseAction::RecordPayment {
            paid_on,
            amount_fen,
            receipt,
        } => {
            required("receipt", "缴款凭证号", receipt)?;
            if *amount_fen <= 0 {
                return Err(AppError::invalid("amount_fen", "缴款金额应大于零"));
            }
            let d = not_future("paid_on", *paid_on, today)?;
            rec.payments.push(PaymentView {
                paid_on: d,
                amount_fen: *amount_fen,
                receipt: receipt.trim().into(),
            });
            let after = rec.case_facts(row.major, amount, &cal, today);
            to = next(from, kind, &after, rec.limits.hearing_threshold_fen)
                .map_err(|r| conflict(r.to_string()))?;
            summary = format!("{}缴纳{}（凭证{}）", d.zh(), yuan(*amount_fen), receipt);
        }
        CaseAction::Defer { due, reason } => {
            required("reason", "理由", reason)?;
            let facts = rec.clock_facts(amount);
            if clocks::payment_due(&facts).is_some_and(|d| *due <= d) {
                return Err(AppError::invalid("due", "延期后的缴款期限应晚于原期限"));
            }
            rec.payment_due_override = Some(*due);
            summary = format!("同意分期/延期缴纳，至{}：{reason}", due.zh());
        }
        CaseAction::Urge { on } => {
            let d = not_future("on", *on, today)?;
            rec.urged_on.push(d);
            summary = format!("{}催告履行", d.zh());
        }
        CaseAction::ApplyToCourt { on, court } => {
            required("court", "人民法院", court)?;
            let d = not_future("on", *on, today)?;
            rec.court = Some((d, court.trim().into()));
            summary = format!("{}申请{}强制执行", d.zh(), court);
        }
        CaseAction::Close { opinion } => {
            rec.closing_opinion = opinion.trim().into();
            issue.push((DocKind::ClosingApproval, vec![]));
            summary = format!("结案。{opinion}");
        }
        CaseAction::Archive => summary = "归档".into(),
    }
    let now = OffsetDateTime::now_utc();
    let next_due = nearest_due(&rec.clocks(amount, &cal, today), to);
    let bureau_row = bureau::Entity::find_by_id(row.bureau_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let party: Party = stored::json("enforcement_case.party", &row.party)?;
    let officer_lines: Vec<String> = officers.iter().map(officer_line).collect();
    let actor = Actor::of(caller);
    let mut updated = enforcement_case::Model {
        state: to.code().into(),
        revision: row.revision + 1,
        amount_fen: amount,
        record: serde_json::to_string(&rec).map_err(anyhow::Error::from)?,
        next_due: next_due.map(date_of),
        updated_at: now,
        ..row.clone()
    };
    for (doc_kind, extra) in issue {
        let doc = documents::issue(
            &txn,
            state,
            &actor,
            doc_kind,
            Ctx {
                bureau: &bureau_row,
                case: &updated,
                party: &party,
                record: &rec,
                officers: officer_lines.clone(),
                number: String::new(),
                today,
                extra,
            },
            None,
        )
        .await?;
        if doc_kind == DocKind::FilingApproval {
            number = Some(doc.number.clone());
            updated.number = number.clone();
        }
    }
    if kind == ActionKind::Archive {
        documents::bind_case_file(
            &txn,
            state,
            &actor,
            Ctx {
                bureau: &bureau_row,
                case: &updated,
                party: &party,
                record: &rec,
                officers: officer_lines.clone(),
                number: String::new(),
                today,
                extra: vec![],
            },
        )
        .await?;
    }
    let changed = enforcement_case::Entity::update_many()
        .col_expr(
            enforcement_case::Column::State,
            sea_orm::sea_query::Expr::value(to.code()),
        )
        .col_expr(
            enforcement_case::Column::Revision,
            sea_orm::sea_query::Expr::value(row.revision + 1),
        )
        .col_expr(
            enforcement_case::Column::AmountFen,
            sea_orm::sea_query::Expr::value(amount),
        )
        .col_expr(
            enforcement_case::Column::Record,
            sea_orm::sea_query::Expr::value(updated.record.clone()),
        )
        .col_expr(
            enforcement_case::Column::Number,
            sea_orm::sea_query::Expr::value(number),
        )
        .col_expr(
            enforcement_case::Column::NextDue,
            sea_orm::sea_query::Expr::value(updated.next_due),
        )
        .col_expr(
            enforcement_case::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(enforcement_case::Column::BureauId.eq(row.bureau_id))
        .filter(enforcement_case::Column::Id.eq(row.id))
        .filter(enforcement_case::Column::Revision.eq(row.revision))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(conflict("案件已被他人更新，请刷新后再试"));
    }
    let (tk, title) = timeline.unwrap_or((
        TimelineKind::Case,
        format!("{}：{}", kind.label(Lang::Zh), row.cause),
    ));
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: kind,
            from: Some(from),
            to,
            summary: summary.clone(),
            data: serde_json::to_value(&s.action).map_err(anyhow::Error::from)?,
            audit: json!({ "from": from.code(), "to": to.code(), "revision": row.revision + 1, "summary": summary }),
            timeline: (tk, title),
            detail: Some(summary),
        },
    )
    .await?;
    txn.commit().await?;
    view(state, caller, &updated).await
}

/// The nearest due day among the clocks still running (the list's "due" column).
fn nearest_due(cl: &[clocks::Clock], state: CaseState) -> Option<Day> {
    if !state.is_open() {
        return None;
    }
    cl.iter()
        .filter(|c| {
            matches!(
                c.status,
                ClockStatus::Running | ClockStatus::Approaching | ClockStatus::Overdue
            )
        })
        .map(|c| c.due)
        .min()
}

/// 责令改正: the order with its deadline, and a 复查 task due by then for two certified officers.
pub async fn order_correction(
    state: &AppState,
    caller: &AuthUser,
    key: Key<Case>,
    o: CorrectionOrder,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let txn = audit::begin(db, key.bureau().0).await?;
    let (row, from, officers) =
        acting_on(&txn, caller, key, o.revision, ActionKind::OrderCorrection).await?;
    let rec = record_of(&row)?;
    let cal = rules::calendar(&txn).await?;
    let facts = rec.case_facts(row.major, row.amount_fen, &cal, today);
    next(
        from,
        ActionKind::OrderCorrection,
        &facts,
        rec.limits.hearing_threshold_fen,
    )
    .map_err(|r| conflict(r.to_string()))?;
    required("requirement", "改正要求", &o.requirement)?;
    let ordered = not_future("ordered_on", o.ordered_on, today)?;
    if o.deadline <= ordered {
        return Err(AppError::invalid("deadline", "改正期限应晚于责令改正之日"));
    }
    let people = certified_officers(
        &txn,
        row.bureau_id,
        &o.inspector_ids,
        o.deadline,
        "inspector_ids",
    )
    .await?;
    let squad = people.iter().find_map(|u| u.squad_id);
    let task_id = crate::field::tasks::create_in(
        &txn,
        caller,
        row.bureau_id,
        row.enterprise_id,
        squad,
        &people.iter().map(|u| u.id).collect::<Vec<_>>(),
        date_of(o.deadline),
        &format!("复查：{}（责令改正期限{}）", row.cause, o.deadline.zh()),
        (
            shared::task::TaskSource::Review,
            &format!("case:{}:{}", row.bureau_id, row.id),
        ),
    )
    .await?;
    let rid = Uuid::new_v4();
    rectification::Entity::insert(rectification::ActiveModel {
        bureau_id: Set(row.bureau_id),
        id: Set(rid),
        case_id: Set(row.id),
        ordered_on: Set(date_of(ordered)),
        deadline: Set(date_of(o.deadline)),
        requirement: Set(o.requirement.trim().into()),
        task_id: Set(task_id),
        outcome: Set(None),
        found_on: Set(None),
        note: Set(String::new()),
        follow_up: Set(None),
        created_at: Set(OffsetDateTime::now_utc()),
    })
    .exec_without_returning(&txn)
    .await?;
    let bureau_row = bureau::Entity::find_by_id(row.bureau_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let party: Party = stored::json("enforcement_case.party", &row.party)?;
    let actor = Actor::of(caller);
    let updated = enforcement_case::Model {
        revision: row.revision + 1,
        updated_at: OffsetDateTime::now_utc(),
        ..row.clone()
    };
    documents::issue(
        &txn,
        state,
        &actor,
        DocKind::CorrectionOrder,
        Ctx {
            bureau: &bureau_row,
            case: &updated,
            party: &party,
            record: &rec,
            officers: officers.iter().map(officer_line).collect(),
            number: String::new(),
            today,
            extra: vec![
                ("改正要求".into(), o.requirement.trim().into()),
                ("改正期限".into(), o.deadline.zh()),
            ],
        },
        None,
    )
    .await?;
    bump(&txn, &row).await?;
    let summary = format!(
        "责令改正，期限至{}：{}",
        o.deadline.zh(),
        o.requirement.trim()
    );
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: ActionKind::OrderCorrection,
            from: Some(from),
            to: from,
            summary: summary.clone(),
            data: json!({ "rectification": rid, "task": task_id }),
            audit: json!({ "rectification": rid, "task": task_id, "deadline": o.deadline.to_string() }),
            timeline: (TimelineKind::Case, format!("责令改正：{}", row.cause)),
            detail: Some(summary),
        },
    )
    .await?;
    txn.commit().await?;
    view(state, caller, &updated).await
}

/// 更正: a new document of the same kind naming the issued one it corrects (the leader's, until
/// the case file is bound). The corrected document and its file stay as they were.
pub async fn correct_document(
    state: &AppState,
    caller: &AuthUser,
    key: Key<Case>,
    document_id: &str,
    c: DocumentCorrection,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let did = Uuid::parse_str(document_id).map_err(|_| ApiError::NotFound)?;
    let txn = audit::begin(db, key.bureau().0).await?;
    let (row, from, officers) =
        acting_on(&txn, caller, key, c.revision, ActionKind::CorrectDocument).await?;
    let original = case_document::Entity::find_by_id((row.bureau_id, did))
        .one(&txn)
        .await?
        .filter(|d| d.case_id == row.id)
        .ok_or(ApiError::NotFound)?;
    let kind = stored::code("case_document.kind", &original.kind, DocKind::from_code)?;
    if kind == DocKind::CaseFile {
        return Err(conflict("案卷不能更正"));
    }
    let rec = record_of(&row)?;
    let cal = rules::calendar(&txn).await?;
    let facts = rec.case_facts(row.major, row.amount_fen, &cal, today);
    next(
        from,
        ActionKind::CorrectDocument,
        &facts,
        rec.limits.hearing_threshold_fen,
    )
    .map_err(|r| conflict(r.to_string()))?;
    required("reason", "更正理由", &c.reason)?;
    if c.items.is_empty() {
        return Err(AppError::invalid("items", "请列出更正事项"));
    }
    for (i, it) in c.items.iter().enumerate() {
        required(&format!("items[{i}].item"), "更正事项", &it.item)?;
        required(&format!("items[{i}].now"), "更正后的内容", &it.now)?;
        if it.was.trim() == it.now.trim() {
            return Err(AppError::invalid(
                format!("items[{i}].now").as_str(),
                "更正后的内容与原文相同",
            ));
        }
    }
    let bureau_row = bureau::Entity::find_by_id(row.bureau_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let party: Party = stored::json("enforcement_case.party", &row.party)?;
    let actor = Actor::of(caller);
    let updated = enforcement_case::Model {
        revision: row.revision + 1,
        updated_at: OffsetDateTime::now_utc(),
        ..row.clone()
    };
    let doc = documents::issue_correction(
        &txn,
        state,
        &actor,
        &original,
        kind,
        Ctx {
            bureau: &bureau_row,
            case: &updated,
            party: &party,
            record: &rec,
            officers: officers.iter().map(officer_line).collect(),
            number: String::new(),
            today,
            extra: vec![],
        },
        &c,
    )
    .await?;
    bump(&txn, &row).await?;
    let summary = format!(
        "更正《{}》（{}），更正文书{}：{}",
        original.title,
        original.number,
        doc.number,
        c.items
            .iter()
            .map(|i| format!("{}更正为“{}”", i.item.trim(), i.now.trim()))
            .collect::<Vec<_>>()
            .join("；")
    );
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: ActionKind::CorrectDocument,
            from: Some(from),
            to: from,
            summary: summary.clone(),
            data: json!({ "corrects": original.id, "document": doc.id }),
            audit: json!({ "corrects": original.id, "document": doc.id, "number": doc.number, "reason": c.reason.trim() }),
            timeline: (TimelineKind::Case, format!("更正文书：{}", original.number)),
            detail: Some(summary),
        },
    )
    .await?;
    txn.commit().await?;
    view(state, caller, &updated).await
}

async fn bump(txn: &DatabaseTransaction, row: &enforcement_case::Model) -> AppResult<()> {
    let changed = enforcement_case::Entity::update_many()
        .col_expr(
            enforcement_case::Column::Revision,
            sea_orm::sea_query::Expr::value(row.revision + 1),
        )
        .col_expr(
            enforcement_case::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(OffsetDateTime::now_utc()),
        )
        .filter(enforcement_case::Column::BureauId.eq(row.bureau_id))
        .filter(enforcement_case::Column::Id.eq(row.id))
        .filter(enforcement_case::Column::Revision.eq(row.revision))
        .exec(txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(conflict("案件已被他人更新，请刷新后再试"));
    }
    Ok(())
}

/// What the 复查 found: corrected (the loop closes), or 按日连续处罚 / 限产停产 proposed, counted
/// from the day after the order.
pub async fn reinspection(
    state: &AppState,
    caller: &AuthUser,
    key: Key<Case>,
    rectification_id: &str,
    r: ReinspectionResult,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let rid = Uuid::parse_str(rectification_id).map_err(|_| ApiError::NotFound)?;
    let txn = audit::begin(db, key.bureau().0).await?;
    let (row, from, _) = acting_on(&txn, caller, key, r.revision, ActionKind::Reinspect).await?;
    let rect = rectification::Entity::find_by_id((row.bureau_id, rid))
        .one(&txn)
        .await?
        .filter(|x| x.case_id == row.id)
        .ok_or(ApiError::NotFound)?;
    if rect.outcome.is_some() {
        return Err(conflict("该复查结果已记录"));
    }
    let found = not_future("found_on", r.found_on, today)?;
    if found < day_of(rect.ordered_on) {
        return Err(AppError::invalid(
            "found_on",
            "复查日期不能早于责令改正之日",
        ));
    }
    rectification::Entity::update(rectification::ActiveModel {
        bureau_id: Set(rect.bureau_id),
        id: Set(rect.id),
        outcome: Set(Some(r.outcome.code().into())),
        found_on: Set(Some(date_of(found))),
        note: Set(r.note.trim().into()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    bump(&txn, &row).await?;
    let days = clocks::daily_penalty_days(day_of(rect.ordered_on), found);
    let summary = match r.outcome {
        RectificationOutcome::Corrected => format!("{}复查：已改正", found.zh()),
        RectificationOutcome::DailyPenalty => format!(
            "{}复查：拒不改正，按日连续处罚{}日，每日{}，共{}",
            found.zh(),
            days,
            yuan(row.amount_fen),
            yuan(row.amount_fen * days)
        ),
        RectificationOutcome::RestrictProduction => {
            format!("{}复查：建议限制生产、停产整治", found.zh())
        }
    };
    let kind = if r.outcome == RectificationOutcome::Corrected {
        TimelineKind::Case
    } else {
        TimelineKind::Violation
    };
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: ActionKind::Reinspect,
            from: Some(from),
            to: from,
            summary: summary.clone(),
            data: json!({ "rectification": rid, "outcome": r.outcome.code() }),
            audit: json!({ "rectification": rid, "outcome": r.outcome.code(), "days": days }),
            timeline: (kind, summary),
            detail: None,
        },
    )
    .await?;
    txn.commit().await?;
    let row = enforcement_case::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(state, caller, &row).await
}

async fn rectifications_of(
    conn: &impl ConnectionTrait,
    row: &enforcement_case::Model,
) -> AppResult<Vec<rectification::Model>> {
    Ok(rectification::Entity::find()
        .filter(rectification::Column::BureauId.eq(row.bureau_id))
        .filter(rectification::Column::CaseId.eq(row.id))
        .order_by_asc(rectification::Column::CreatedAt)
        .all(conn)
        .await?)
}

fn follow_up_of(r: &rectification::Model) -> AppResult<Option<FollowUpView>> {
    r.follow_up
        .as_deref()
        .map(|s| stored::json("rectification.follow_up", s))
        .transpose()
}

/// The loops not finished: awaiting their 复查, or found continuing without a follow-up.
fn loops_open(rects: &[rectification::Model]) -> AppResult<u32> {
    let mut open = 0;
    for r in rects {
        let outcome = stored::opt_code(
            "rectification.outcome",
            r.outcome.as_deref(),
            RectificationOutcome::from_code,
        )?;
        let done = match outcome {
            None => false,
            Some(RectificationOutcome::Corrected) => true,
            Some(_) => r.follow_up.is_some(),
        };
        if !done {
            open += 1;
        }
    }
    Ok(open)
}

/// The follow-up of a loop whose 复查 found the violation continuing (the leader's): for
/// 按日连续处罚 the 按日连续处罚决定书 — the days from the day after the order to the 复查, at
/// the fine of the decision per day (环境保护法 59; a decided fine is required) — owed with
/// the decision's fine; for 限制生产、停产整治 the 责令限制生产（停产整治）决定书 for 1 to 3 months
/// (环境保护法 60). Numbered, rendered once, in the audit chain and the enterprise's timeline;
/// the case cannot close while a loop is without one.
pub async fn follow_up(
    state: &AppState,
    caller: &AuthUser,
    key: Key<Case>,
    rectification_id: &str,
    f: FollowUpDecision,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let rid = Uuid::parse_str(rectification_id).map_err(|_| ApiError::NotFound)?;
    let txn = audit::begin(db, key.bureau().0).await?;
    let (row, from, officers) =
        acting_on(&txn, caller, key, f.revision, ActionKind::DecideFollowUp).await?;
    let rect = rectification::Entity::find_by_id((row.bureau_id, rid))
        .one(&txn)
        .await?
        .filter(|x| x.case_id == row.id)
        .ok_or(ApiError::NotFound)?;
    let outcome = stored::opt_code(
        "rectification.outcome",
        rect.outcome.as_deref(),
        RectificationOutcome::from_code,
    )?;
    let found = match (outcome, rect.found_on) {
        (Some(o), Some(found)) if o != RectificationOutcome::Corrected => (o, day_of(found)),
        (None, _) => return Err(conflict("该责令改正尚未复查")),
        _ => return Err(conflict("复查已认定改正，无需后续处理")),
    };
    let (outcome, found_on) = found;
    if rect.follow_up.is_some() {
        return Err(conflict("该复查的后续处理决定已经作出"));
    }
    let mut rec = record_of(&row)?;
    let cal = rules::calendar(&txn).await?;
    let facts = rec.case_facts(row.major, row.amount_fen, &cal, today);
    let to = next(
        from,
        ActionKind::DecideFollowUp,
        &facts,
        rec.limits.hearing_threshold_fen,
    )
    .map_err(|r| conflict(r.to_string()))?;
    required("note", "处理意见", &f.note)?;
    let decided = not_future("decided_on", f.decided_on, today)?;
    if decided < found_on {
        return Err(AppError::invalid("decided_on", "决定日期不能早于复查之日"));
    }
    let ordered = day_of(rect.ordered_on);
    let days = clocks::daily_penalty_days(ordered, found_on);
    let (kind, amount, months, extra, to) = match outcome {
        RectificationOutcome::DailyPenalty => {
            let fine = rec.fine_fen(row.amount_fen);
            if rec.decided_on.is_none() || fine <= 0 {
                return Err(conflict(
                    "按日连续处罚以原处罚决定的罚款数额按日计罚，本案尚未作出罚款决定",
                ));
            }
            if days <= 0 {
                return Err(conflict("复查之日不晚于责令改正之日，无可计罚的日数"));
            }
            let total = fine * days;
            let extra = vec![
                ("责令改正日期".into(), ordered.zh()),
                ("复查日期".into(), found_on.zh()),
                ("计罚日数".into(), days.to_string()),
                ("原罚款数额".into(), yuan(fine)),
                ("按日连续处罚罚款".into(), yuan(total)),
                ("处理意见".into(), f.note.trim().into()),
            ];
            (DocKind::DailyPenaltyDecision, total, 0, extra, to)
        }
        RectificationOutcome::RestrictProduction => {
            if !(1..=3).contains(&f.months) {
                return Err(AppError::invalid(
                    "months",
                    "限制生产、停产整治的期限为1至3个月",
                ));
            }
            let extra = vec![
                ("责令改正日期".into(), ordered.zh()),
                ("复查日期".into(), found_on.zh()),
                ("期限".into(), format!("{}个月", f.months)),
                ("处理意见".into(), f.note.trim().into()),
            ];
            // No fine: the case's state stays as it is.
            (DocKind::RestrictionDecision, 0, f.months, extra, from)
        }
        RectificationOutcome::Corrected => unreachable!("excluded above"),
    };
    rec.follow_up_fen += amount;
    let bureau_row = bureau::Entity::find_by_id(row.bureau_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let party: Party = stored::json("enforcement_case.party", &row.party)?;
    let actor = Actor::of(caller);
    let updated = enforcement_case::Model {
        state: to.code().into(),
        revision: row.revision + 1,
        record: serde_json::to_string(&rec).map_err(anyhow::Error::from)?,
        updated_at: OffsetDateTime::now_utc(),
        ..row.clone()
    };
    let doc = documents::issue(
        &txn,
        state,
        &actor,
        kind,
        Ctx {
            bureau: &bureau_row,
            case: &updated,
            party: &party,
            record: &rec,
            officers: officers.iter().map(officer_line).collect(),
            number: String::new(),
            today: decided,
            extra,
        },
        None,
    )
    .await?;
    let view_of = FollowUpView {
        decided_on: decided,
        amount_fen: amount,
        months,
        number: doc.number.clone(),
        note: f.note.trim().into(),
    };
    rectification::Entity::update(rectification::ActiveModel {
        bureau_id: Set(rect.bureau_id),
        id: Set(rect.id),
        follow_up: Set(Some(
            serde_json::to_string(&view_of).map_err(anyhow::Error::from)?,
        )),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    enforcement_case::Entity::update(enforcement_case::ActiveModel {
        bureau_id: Set(row.bureau_id),
        id: Set(row.id),
        state: Set(updated.state.clone()),
        record: Set(updated.record.clone()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    bump(&txn, &row).await?;
    let summary = match outcome {
        RectificationOutcome::DailyPenalty => format!(
            "按日连续处罚决定（{}）：{}日，每日{}，共{}",
            doc.number,
            days,
            yuan(rec.fine_fen(row.amount_fen)),
            yuan(amount)
        ),
        _ => format!(
            "责令限制生产、停产整治决定（{}）：{}个月",
            doc.number, months
        ),
    };
    trace(
        &txn,
        &row,
        caller,
        Trace {
            action: ActionKind::DecideFollowUp,
            from: Some(from),
            to,
            summary: summary.clone(),
            data: json!({ "rectification": rid, "document": doc.id, "amount_fen": amount, "months": months }),
            audit: json!({ "rectification": rid, "document": doc.number, "amount_fen": amount, "months": months }),
            timeline: (TimelineKind::Penalty, summary),
            detail: None,
        },
    )
    .await?;
    txn.commit().await?;
    let row = enforcement_case::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(state, caller, &row).await
}

pub async fn get(state: &AppState, caller: &AuthUser, key: Key<Case>) -> AppResult<CaseView> {
    let row = enforcement_case::Entity::find_by_id(key.pk())
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(state, caller, &row).await
}

/// The PDF of one issued document of the case (as stored at issue).
pub async fn document(
    state: &AppState,
    key: Key<Case>,
    document_id: &str,
) -> AppResult<(case_document::Model, Vec<u8>)> {
    let id = Uuid::parse_str(document_id).map_err(|_| ApiError::NotFound)?;
    let doc = case_document::Entity::find_by_id((key.bureau().0, id))
        .one(&state.db)
        .await?
        .filter(|d| d.case_id == key.id())
        .ok_or(ApiError::NotFound)?;
    let bytes = documents::pdf_bytes(state, &doc).await?;
    Ok((doc, bytes))
}

fn doc_view(d: &case_document::Model, names: &HashMap<Uuid, String>) -> AppResult<CaseDocument> {
    Ok(CaseDocument {
        id: d.id.to_string(),
        kind: stored::code("case_document.kind", &d.kind, DocKind::from_code)?,
        title: d.title.clone(),
        number: d.number.clone(),
        issued_at: rfc3339(d.issued_at),
        issued_by: names.get(&d.issued_by).cloned().unwrap_or_default(),
        sha256: d.sha256.clone(),
        bytes: d.bytes,
        corrects: d.corrects.map(|c| c.to_string()),
    })
}

async fn view(
    state: &AppState,
    caller: &AuthUser,
    row: &enforcement_case::Model,
) -> AppResult<CaseView> {
    let db = &state.db;
    let today = state.clock.today();
    let cal = rules::calendar(db).await?;
    let rec = record_of(row)?;
    let st = stored::code("enforcement_case.state", &row.state, CaseState::from_code)?;
    let officers = officers_of(db, row.bureau_id, row.id).await?;
    let users: HashMap<Uuid, String> = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(row.bureau_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let steps = case_step::Entity::find()
        .filter(case_step::Column::BureauId.eq(row.bureau_id))
        .filter(case_step::Column::CaseId.eq(row.id))
        .order_by_asc(case_step::Column::At)
        .all(db)
        .await?;
    let docs = documents::of_case(db, row.bureau_id, row.id).await?;
    let rects = rectification::Entity::find()
        .filter(rectification::Column::BureauId.eq(row.bureau_id))
        .filter(rectification::Column::CaseId.eq(row.id))
        .order_by_asc(rectification::Column::CreatedAt)
        .all(db)
        .await?;
    let mut rect_views = Vec::new();
    for r in &rects {
        let t = task::Entity::find_by_id((r.bureau_id, r.task_id))
            .one(db)
            .await?;
        let outcome = stored::opt_code(
            "rectification.outcome",
            r.outcome.as_deref(),
            RectificationOutcome::from_code,
        )?;
        let days = match (outcome, r.found_on) {
            (Some(RectificationOutcome::DailyPenalty), Some(f)) => {
                Some(clocks::daily_penalty_days(day_of(r.ordered_on), day_of(f)))
            }
            _ => None,
        };
        rect_views.push(RectificationView {
            id: r.id.to_string(),
            ordered_on: day_of(r.ordered_on),
            deadline: day_of(r.deadline),
            requirement: r.requirement.clone(),
            task_id: r.task_id.to_string(),
            // The 复查 task is the loop's own row: missing, it is an error, not a status.
            task_status: match t {
                Some(t) => stored::code("task.status", &t.status, TaskStatus::from_code)?,
                None => {
                    return Err(anyhow::anyhow!(
                        "rectification {} names a task {} that is not stored",
                        r.id,
                        r.task_id
                    )
                    .into())
                }
            },
            outcome,
            daily_penalty_days: days,
            daily_penalty_fen: days.map(|d| d * row.amount_fen),
            follow_up: follow_up_of(r)?,
        });
    }
    let mut facts = rec.case_facts(row.major, row.amount_fen, &cal, today);
    facts.open_loops = loops_open(&rects)?;
    let cf = rec.clock_facts(row.amount_fen);
    let bureau_row = bureau::Entity::find_by_id(row.bureau_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let named = officers.iter().any(|u| u.id == caller.user_id);
    let same_bureau = caller.bureau_id.0 == row.bureau_id;
    // A 复查 result is due where a loop awaits one, a follow-up where one was found continuing.
    let awaiting_result = rect_views.iter().any(|r| r.outcome.is_none());
    let awaiting_follow_up = rect_views.iter().any(|r| {
        r.follow_up.is_none()
            && matches!(
                r.outcome,
                Some(RectificationOutcome::DailyPenalty | RectificationOutcome::RestrictProduction)
            )
    });
    let next_actions: Vec<NextAction> = possible(st, &facts, rec.limits.hearing_threshold_fen)
        .into_iter()
        .filter(|a| match a {
            ActionKind::Reinspect => awaiting_result,
            ActionKind::DecideFollowUp => awaiting_follow_up,
            _ => true,
        })
        .map(|a| NextAction {
            action: a,
            role: a.actor(),
        })
        .collect();
    let mut mine: Vec<ActionKind> = next_actions.iter().map(|n| n.action).collect();
    // A correction is never due (not among the next actions) but may be made while documents
    // exist and the case file is not bound.
    if !docs.is_empty()
        && next(
            st,
            ActionKind::CorrectDocument,
            &facts,
            rec.limits.hearing_threshold_fen,
        )
        .is_ok()
    {
        mine.push(ActionKind::CorrectDocument);
    }
    mine.retain(|a| same_bureau && check_role(*a, &caller.roles, named).is_ok());
    let outside = rec
        .recommendation
        .as_ref()
        .is_some_and(|r| discretion::amount_outside(r, row.amount_fen));
    Ok(CaseView {
        id: row.id.to_string(),
        bureau_id: BureauId(row.bureau_id),
        bureau_name: bureau_row.name.clone(),
        number: row.number.clone(),
        party: stored::json("enforcement_case.party", &row.party)?,
        source: stored::code(
            "enforcement_case.source",
            &row.source,
            CaseSource::from_code,
        )?,
        source_task_id: row.source_task_id.map(|t| t.to_string()),
        source_ref: row.source_ref.clone(),
        cause: row.cause.clone(),
        provisions: stored::json("enforcement_case.provisions", &row.provisions)?,
        summary: row.summary.clone(),
        problems: stored::json("enforcement_case.problems", &row.problems)?,
        violation: row.violation.clone(),
        state: st,
        revision: row.revision,
        officers: officers
            .iter()
            .map(|u| CaseOfficer {
                user_id: u.id.to_string(),
                display_name: u.display_name.clone(),
                certificate_no: u.certificate_no.clone(),
            })
            .collect(),
        review_required: facts.review_required(rec.limits.hearing_threshold_fen),
        facts,
        findings: rec.findings.clone(),
        discretion: rec.discretion.clone(),
        recommendation: rec.recommendation.clone(),
        amount_reason: rec.amount_reason.clone(),
        outside_band: outside,
        clocks: if st.is_open() {
            rec.clocks(row.amount_fen, &cal, today)
        } else {
            Vec::new()
        },
        documents: docs
            .iter()
            .map(|d| doc_view(d, &users))
            .collect::<AppResult<_>>()?,
        payments: rec.payments.clone(),
        surcharge_fen: if rec.served_on.is_some() {
            rec.surcharge_fen(&cf, today)
        } else {
            0
        },
        rectifications: rect_views,
        steps: steps
            .iter()
            .map(|s| {
                Ok(CaseStepView {
                    at: rfc3339(s.at),
                    actor_name: users.get(&s.actor_id).cloned().unwrap_or_default(),
                    action: stored::code("case_step.action", &s.action, ActionKind::from_code)?,
                    from: stored::opt_code(
                        "case_step.from_state",
                        s.from_state.as_deref(),
                        CaseState::from_code,
                    )?,
                    to: stored::code("case_step.to_state", &s.to_state, CaseState::from_code)?,
                    summary: s.summary.clone(),
                })
            })
            .collect::<AppResult<_>>()?,
        next: next_actions,
        mine,
        created_at: rfc3339(row.created_at),
    })
}

/// Whose clocks the caller watches (the due queue): a bureau leader or administrator every
/// case of the jurisdiction (`None`); a squad leader the cases of the squad's officers (their
/// own among them); anyone else their own cases.
async fn due_cases_of(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
) -> AppResult<Option<Vec<Uuid>>> {
    if caller.roles.contains(&Role::BureauLeader) || caller.roles.contains(&Role::Admin) {
        return Ok(None);
    }
    let bureau = caller.bureau_id.0;
    let mut officers = vec![caller.user_id];
    if caller.roles.contains(&Role::SquadLeader) {
        let me = app_user::Entity::find_by_id((bureau, caller.user_id))
            .one(db)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if let Some(squad) = me.squad_id {
            let members: Vec<Uuid> = app_user::Entity::find()
                .select_only()
                .column(app_user::Column::Id)
                .filter(app_user::Column::BureauId.eq(bureau))
                .filter(app_user::Column::SquadId.eq(squad))
                .into_tuple()
                .all(db)
                .await?;
            officers.extend(members);
        }
    }
    let ids: Vec<Uuid> = case_officer::Entity::find()
        .select_only()
        .column(case_officer::Column::CaseId)
        .filter(case_officer::Column::BureauId.eq(bureau))
        .filter(case_officer::Column::UserId.is_in(officers))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(Some(ids))
}

/// The cases of the jurisdiction, by queue: the caller's own (officer), awaiting the caller's
/// review (legal reviewer) or approval (leader), or with a clock near or past its limit.
pub async fn list(
    state: &AppState,
    caller: &AuthUser,
    scope: &Scope,
    q: CaseListQuery,
) -> AppResult<Vec<CaseSummary>> {
    let db = &state.db;
    let today = state.clock.today();
    let cal = rules::calendar(db).await?;
    let scope = scope.clone().narrowed(db, q.bureau_id.map(|b| b.0)).await?;
    let mut query = enforcement_case::Entity::find()
        .filter(enforcement_case::Column::BureauId.is_in(scope.bureau_ids()));
    if let Some(e) = &q.enterprise_id {
        let id =
            Uuid::parse_str(e).map_err(|_| AppError::invalid("enterprise_id", "企业编号无效"))?;
        query = query.filter(enforcement_case::Column::EnterpriseId.eq(id));
    }
    match q.queue {
        CaseQueue::Mine => {
            let ids: Vec<Uuid> = case_officer::Entity::find()
                .select_only()
                .column(case_officer::Column::CaseId)
                .filter(case_officer::Column::BureauId.eq(caller.bureau_id.0))
                .filter(case_officer::Column::UserId.eq(caller.user_id))
                .into_tuple()
                .all(db)
                .await?;
            query = query.filter(enforcement_case::Column::Id.is_in(ids));
        }
        CaseQueue::Review => {
            query = query.filter(enforcement_case::Column::State.eq(CaseState::InReview.code()));
        }
        CaseQueue::Approvals => {
            let states: Vec<&str> = CaseState::ALL
                .into_iter()
                .filter(|s| {
                    possible(*s, &Default::default(), LARGE_FINE_FEN)
                        .iter()
                        .any(|a| {
                            a.actor() == shared::enforcement::case::CaseRole::Leader
                                && !matches!(
                                    a,
                                    ActionKind::Extend
                                        | ActionKind::Cancel
                                        | ActionKind::Transfer
                                        | ActionKind::Suspend
                                        | ActionKind::Terminate
                                        | ActionKind::Defer
                                        | ActionKind::ApplyToCourt
                                )
                        })
                })
                .map(|s| s.code())
                .collect();
            query = query.filter(enforcement_case::Column::State.is_in(states));
        }
        CaseQueue::Due => {
            let soon = date_of(today.add_days(10));
            query = query.filter(enforcement_case::Column::NextDue.lte(soon));
            if let Some(ids) = due_cases_of(db, caller).await? {
                query = query.filter(enforcement_case::Column::Id.is_in(ids));
            }
        }
        CaseQueue::All => {}
    }
    let rows = query
        .order_by_desc(enforcement_case::Column::UpdatedAt)
        .limit(300)
        .all(db)
        .await?;
    let bureaus: HashMap<i64, String> = scope
        .bureaus()
        .iter()
        .map(|b| (b.id, b.name.clone()))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let rec = record_of(&row)?;
        let st = stored::code("enforcement_case.state", &row.state, CaseState::from_code)?;
        let cl = if st.is_open() {
            rec.clocks(row.amount_fen, &cal, today)
        } else {
            Vec::new()
        };
        let nearest = cl
            .iter()
            .filter(|c| {
                matches!(
                    c.status,
                    ClockStatus::Running
                        | ClockStatus::Approaching
                        | ClockStatus::Overdue
                        | ClockStatus::Paused
                )
            })
            .min_by_key(|c| c.due);
        let party: Party = stored::json("enforcement_case.party", &row.party)?;
        let officers = officers_of(db, row.bureau_id, row.id).await?;
        out.push(CaseSummary {
            id: row.id.to_string(),
            bureau_id: BureauId(row.bureau_id),
            bureau_name: bureaus.get(&row.bureau_id).cloned().unwrap_or_default(),
            number: row.number.clone(),
            party_name: party.name,
            cause: row.cause.clone(),
            state: st,
            amount_fen: row.amount_fen,
            officer_names: officers.iter().map(|u| u.display_name.clone()).collect(),
            next_due: nearest.map(|c| c.due),
            due_status: nearest.map(|c| c.status),
            created_at: rfc3339(row.created_at),
        });
    }
    if q.queue == CaseQueue::Due {
        out.retain(|c| {
            matches!(
                c.due_status,
                Some(ClockStatus::Approaching | ClockStatus::Overdue)
            )
        });
    }
    Ok(out)
}
