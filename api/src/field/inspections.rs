//! On-site inspections: what an inspector's device needs for a task, and the sync of work made
//! offline (exactly once, in order, conflicts reported instead of overwritten).

use sea_orm::{
    ActiveValue::Set, DatabaseConnection, DatabaseTransaction, EntityTrait, TransactionTrait,
};
use serde_json::json;
use shared::inspection::{
    Findings, InspectionView, Op, OpBody, OpResult, Outcome, RecordDoc, SyncBatch, SyncReply,
    MAX_BATCH,
};
use shared::task::{TaskStatus, TaskTransition};
use shared::{ApiError, Lang};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::identity::devices::VerifiedDevice;
use crate::platform::audit;
use crate::platform::auth::AuthUser;
use crate::platform::entity::{
    enterprise, evidence, inspection, inspection_record, sync_op, task, task_inspector,
};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Enterprise, Key, Scope, Task};

/// Everything about one inspection: for the inspector's device (cached for offline work) and
/// for the squad leader's review.
pub async fn view(
    db: &DatabaseConnection,
    scope: &Scope,
    key: Key<Task>,
) -> AppResult<InspectionView> {
    let (bureau, task_id) = (key.bureau(), key.id());
    let task_view = super::tasks::get(db, key).await?;
    // The task's enterprise is of the task's bureau.
    let enterprise = scope.admit::<Enterprise>(bureau, &task_view.enterprise_id)?;
    let e = enterprise::Entity::find_by_id(enterprise.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let saved = inspection::Entity::find_by_id((bureau.0, task_id))
        .one(db)
        .await?;
    let (template, findings, findings_rev) = match saved {
        Some(row) => (
            super::checklists::version(db, &row.template_code, row.template_version).await?,
            Some(serde_json::from_str::<Findings>(&row.body).map_err(super::work::json_err)?),
            row.rev,
        ),
        None => (
            super::checklists::for_enterprise(db, enterprise).await?,
            None,
            0,
        ),
    };
    Ok(InspectionView {
        template,
        findings,
        findings_rev,
        evidence: super::work::evidence_of(db, bureau.0, task_id)
            .await?
            .into_iter()
            .map(super::work::evidence_view)
            .collect::<AppResult<Vec<_>>>()?,
        records: super::work::records_of(db, bureau.0, task_id).await?,
        credit_code: e.credit_code,
        legal_person: e.legal_representative,
        task: task_view,
    })
}

/// Why an op was not applied. `Fail` is a fault of the server (the client retries later);
/// the others are final answers recorded in the ledger.
enum Refusal {
    Conflict(String),
    Rejected(String),
    Fail(AppError),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Api(ApiError::Conflict { reason }) => Refusal::Conflict(reason),
            AppError::Api(ApiError::InvalidInput { reason, .. }) => Refusal::Rejected(reason),
            AppError::Api(ApiError::Forbidden) => Refusal::Rejected("无权进行此操作".into()),
            AppError::Api(ApiError::NotFound) => Refusal::Rejected("任务不存在".into()),
            other => Refusal::Fail(other),
        }
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(e: sea_orm::DbErr) -> Self {
        Refusal::Fail(e.into())
    }
}

/// Applies a batch in order. Each op is its own transaction together with its ledger row, so
/// a reply lost after the commit makes the resend a `Duplicate`, never a second write.
pub async fn sync(
    db: &DatabaseConnection,
    caller: &AuthUser,
    device: &VerifiedDevice,
    scope: &Scope,
    batch: SyncBatch,
) -> AppResult<SyncReply> {
    if batch.ops.len() > MAX_BATCH {
        return Err(AppError::invalid(
            "ops",
            format!("一次最多同步{MAX_BATCH}条记录"),
        ));
    }
    let mut results = Vec::with_capacity(batch.ops.len());
    for op in batch.ops {
        results.push(apply_one(db, caller, device, scope, op).await?);
    }
    Ok(SyncReply { results })
}

fn result(id: &str, outcome: Outcome, message: String, rev: Option<i64>) -> OpResult {
    OpResult {
        id: id.to_string(),
        outcome,
        message,
        rev,
    }
}

async fn apply_one(
    db: &DatabaseConnection,
    caller: &AuthUser,
    device: &VerifiedDevice,
    scope: &Scope,
    op: Op,
) -> AppResult<OpResult> {
    let Ok(op_id) = Uuid::parse_str(&op.id) else {
        return Ok(result(
            &op.id,
            Outcome::Rejected,
            "记录编号无效".into(),
            None,
        ));
    };
    let task = match scope.admit::<Task>(op.bureau_id, &op.task_id) {
        Ok(key) => key,
        Err(e) => {
            let reason = match e {
                AppError::Api(ApiError::NotFound) => "任务编号无效",
                _ => "无权访问该任务",
            };
            return Ok(result(&op.id, Outcome::Rejected, reason.into(), None));
        }
    };
    let bureau = task.bureau().0;
    let txn = audit::begin(db, bureau).await?;
    if let Some(prev) = sync_op::Entity::find_by_id((bureau, op_id))
        .one(&txn)
        .await?
    {
        txn.rollback().await?;
        return Ok(replay(&op.id, prev));
    }
    let (outcome, message, rev) = match effect(&txn, caller, device, task, &op).await {
        Ok(rev) => (Outcome::Applied, String::new(), rev),
        Err(Refusal::Fail(e)) => return Err(e),
        Err(refusal) => {
            // Nothing of the effect stays; only the answer is remembered.
            txn.rollback().await?;
            let (outcome, message) = match refusal {
                Refusal::Conflict(m) => (Outcome::Conflict, m),
                Refusal::Rejected(m) => (Outcome::Rejected, m),
                Refusal::Fail(_) => unreachable!("returned above"),
            };
            let txn = db.begin().await?;
            return finish(db, txn, caller, bureau, op_id, &op, outcome, message, None).await;
        }
    };
    finish(db, txn, caller, bureau, op_id, &op, outcome, message, rev).await
}

fn replay(id: &str, prev: sync_op::Model) -> OpResult {
    let outcome = match prev.outcome.as_str() {
        "conflict" => Outcome::Conflict,
        "rejected" => Outcome::Rejected,
        _ => Outcome::Duplicate,
    };
    result(id, outcome, prev.message, prev.rev)
}

#[allow(clippy::too_many_arguments)]
async fn finish(
    db: &DatabaseConnection,
    txn: DatabaseTransaction,
    caller: &AuthUser,
    bureau: i64,
    op_id: Uuid,
    op: &Op,
    outcome: Outcome,
    message: String,
    rev: Option<i64>,
) -> AppResult<OpResult> {
    let code = match outcome {
        Outcome::Applied | Outcome::Duplicate => "applied",
        Outcome::Conflict => "conflict",
        Outcome::Rejected => "rejected",
    };
    let inserted = sync_op::Entity::insert(sync_op::ActiveModel {
        bureau_id: Set(bureau),
        id: Set(op_id),
        user_id: Set(caller.user_id),
        kind: Set(op.body.code().into()),
        outcome: Set(code.into()),
        message: Set(message.clone()),
        rev: Set(rev),
        applied_at: Set(OffsetDateTime::now_utc()),
    })
    .exec_without_returning(&txn)
    .await;
    match inserted {
        Ok(_) => {
            txn.commit().await?;
            Ok(result(&op.id, outcome, message, rev))
        }
        Err(e) => {
            // The same op raced in through another request: that one's answer stands.
            txn.rollback().await.ok();
            match sync_op::Entity::find_by_id((bureau, op_id)).one(db).await? {
                Some(prev) => Ok(replay(&op.id, prev)),
                None => Err(e.into()),
            }
        }
    }
}

async fn editable_task(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    key: Key<Task>,
) -> Result<task::Model, Refusal> {
    let (bureau, id) = key.pk();
    let row = task::Entity::find_by_id(key.pk())
        .one(txn)
        .await?
        .ok_or_else(|| Refusal::Rejected("任务不存在".into()))?;
    if task_inspector::Entity::find_by_id((bureau, id, caller.user_id))
        .one(txn)
        .await?
        .is_none()
    {
        return Err(Refusal::Conflict(
            "该任务已改派，您已不是本任务的执法人员；本机上的记录已保留，未覆盖任何数据".into(),
        ));
    }
    Ok(row)
}

fn ensure_open(row: &task::Model) -> Result<(), Refusal> {
    let status = crate::platform::stored::code("status", &row.status, TaskStatus::from_code)?;
    if matches!(status, TaskStatus::Submitted | TaskStatus::Reviewed) {
        return Err(Refusal::Conflict(format!(
            "任务已是“{}”状态，本机的修改未写入，以免覆盖已提交的内容",
            status.label(Lang::Zh)
        )));
    }
    Ok(())
}

async fn effect(
    txn: &DatabaseTransaction,
    caller: &AuthUser,
    device: &VerifiedDevice,
    task: Key<Task>,
    op: &Op,
) -> Result<Option<i64>, Refusal> {
    let bureau = task.bureau().0;
    let row = editable_task(txn, caller, task).await?;
    let now = OffsetDateTime::now_utc();
    // Everything the op writes names the device that signed the batch.
    let actor = device.actor(caller);
    let target = format!("task:{}", row.id);
    match &op.body {
        OpBody::SaveFindings { findings, base_rev } => {
            ensure_open(&row)?;
            let template = super::checklists::version_in(
                txn,
                &findings.template_code,
                findings.template_version,
            )
            .await
            .map_err(|_| Refusal::Rejected("检查表模板版本不存在".into()))?;
            let known: std::collections::HashSet<&str> = template
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .map(|i| i.code.as_str())
                .collect();
            if let Some(a) = findings
                .answers
                .iter()
                .find(|a| !known.contains(a.code.as_str()))
            {
                return Err(Refusal::Rejected(format!("检查项{}不在模板中", a.code)));
            }
            let existing = inspection::Entity::find_by_id((bureau, row.id))
                .one(txn)
                .await?;
            let rev = next_rev(
                existing.as_ref().map(|e| (e.rev, e.updated_by)),
                *base_rev,
                caller,
                "同组执法人员已修改过本检查表，本机的版本未覆盖对方的内容，请核对后重新保存",
            )?;
            let problems = findings.problems(&template).len();
            let model = inspection::ActiveModel {
                bureau_id: Set(bureau),
                task_id: Set(row.id),
                template_code: Set(findings.template_code.clone()),
                template_version: Set(findings.template_version),
                body: Set(serde_json::to_string(findings)
                    .map_err(|e| Refusal::Fail(super::work::json_err(e)))?),
                rev: Set(rev),
                updated_by: Set(caller.user_id),
                updated_at: Set(now),
            };
            if existing.is_some() {
                inspection::Entity::update(model).exec(txn).await?;
            } else {
                inspection::Entity::insert(model)
                    .exec_without_returning(txn)
                    .await?;
            }
            audit::append(
                txn,
                bureau,
                &actor,
                "inspection.findings",
                &target,
                json!({ "rev": rev, "template": findings.template_code, "version": findings.template_version, "answered": findings.answers.len(), "problems": problems }),
            )
            .await?;
            Ok(Some(rev))
        }
        OpBody::DeclareEvidence { evidence: meta } => {
            ensure_open(&row)?;
            meta.validate().map_err(Refusal::Rejected)?;
            if meta.task_id != op.task_id {
                return Err(Refusal::Rejected("证据与任务不符".into()));
            }
            let id =
                Uuid::parse_str(&meta.id).map_err(|_| Refusal::Rejected("证据编号无效".into()))?;
            if let Some(e) = evidence::Entity::find_by_id((bureau, id)).one(txn).await? {
                return if e.sha256 == meta.sha256.to_ascii_lowercase() {
                    Ok(None)
                } else {
                    Err(Refusal::Rejected("同一证据编号登记了不同的文件".into()))
                };
            }
            let clip = |s: &str, n: usize| s.chars().take(n).collect::<String>();
            evidence::Entity::insert(evidence::ActiveModel {
                bureau_id: Set(bureau),
                id: Set(id),
                task_id: Set(row.id),
                kind: Set(meta.kind.code().into()),
                mime: Set(clip(&meta.mime, 128)),
                file_name: Set(clip(&meta.file_name, 255)),
                size: Set(meta.size),
                sha256: Set(meta.sha256.to_ascii_lowercase()),
                captured_at: Set(clip(&meta.captured_at, 40)),
                latitude: Set(meta.latitude),
                longitude: Set(meta.longitude),
                accuracy: Set(meta.accuracy),
                // The verified device, whatever the body's `device` says.
                device: Set(clip(&device.label(), 255)),
                item_code: Set(meta.item_code.as_deref().map(|c| clip(c, 48))),
                received: Set(0),
                verified: Set(false),
                uploaded_by: Set(caller.user_id),
                created_at: Set(now),
            })
            .exec_without_returning(txn)
            .await?;
            audit::append(
                txn,
                bureau,
                &actor,
                "inspection.evidence",
                &format!("evidence:{id}"),
                json!({ "task": row.id, "sha256": meta.sha256, "size": meta.size, "captured_at": meta.captured_at, "lat": meta.latitude, "lng": meta.longitude, "device": device.id.to_string() }),
            )
            .await?;
            Ok(None)
        }
        OpBody::SaveRecord { record, base_rev } => {
            ensure_open(&row)?;
            check_record(record, &op.task_id).map_err(Refusal::Rejected)?;
            let id = Uuid::parse_str(&record.id)
                .map_err(|_| Refusal::Rejected("笔录编号无效".into()))?;
            let existing = inspection_record::Entity::find_by_id((bureau, id))
                .one(txn)
                .await?;
            if let Some(e) = &existing {
                if e.task_id != row.id {
                    return Err(Refusal::Rejected("笔录与任务不符".into()));
                }
            }
            let rev = next_rev(
                existing.as_ref().map(|e| (e.rev, e.updated_by)),
                *base_rev,
                caller,
                "同组执法人员已修改过这份笔录，本机的版本未覆盖对方的内容",
            )?;
            let model = inspection_record::ActiveModel {
                bureau_id: Set(bureau),
                id: Set(id),
                task_id: Set(row.id),
                kind: Set(record.kind.code().into()),
                body: Set(serde_json::to_string(record)
                    .map_err(|e| Refusal::Fail(super::work::json_err(e)))?),
                rev: Set(rev),
                updated_by: Set(caller.user_id),
                updated_at: Set(now),
            };
            if existing.is_some() {
                inspection_record::Entity::update(model).exec(txn).await?;
            } else {
                inspection_record::Entity::insert(model)
                    .exec_without_returning(txn)
                    .await?;
            }
            audit::append(
                txn,
                bureau,
                &actor,
                "inspection.record",
                &format!("record:{id}"),
                json!({ "task": row.id, "kind": record.kind.code(), "rev": rev, "signatures": record.signatures.iter().map(|s| &s.name).collect::<Vec<_>>(), "party_refusal": record.party_refusal }),
            )
            .await?;
            Ok(Some(rev))
        }
        OpBody::Transition { action, from } => {
            if !action.by_inspector() {
                return Err(Refusal::Rejected("离线同步只能开始或提交检查".into()));
            }
            let tr = TaskTransition {
                action: *action,
                note: String::new(),
            };
            super::tasks::apply(txn, caller, &actor, &row, *from, &tr).await?;
            Ok(None)
        }
    }
}

/// The revision a save gets. A save from an older revision than the stored one is a conflict
/// when someone else wrote since; the device's own later saves simply follow its earlier ones.
fn next_rev(
    stored: Option<(i64, Uuid)>,
    base_rev: i64,
    caller: &AuthUser,
    conflict: &str,
) -> Result<i64, Refusal> {
    match stored {
        None => Ok(1),
        Some((rev, by)) if rev != base_rev && by != caller.user_id => {
            Err(Refusal::Conflict(conflict.into()))
        }
        Some((rev, _)) => Ok(rev + 1),
    }
}

/// A signature image must be a PNG or JPEG data URL of sensible size.
fn check_record(r: &RecordDoc, task_id: &str) -> Result<(), String> {
    if r.task_id != task_id {
        return Err("笔录与任务不符".into());
    }
    for s in &r.signatures {
        let ok_prefix = s.image.starts_with("data:image/png;base64,")
            || s.image.starts_with("data:image/jpeg;base64,");
        if !ok_prefix || s.image.len() > 400_000 {
            return Err(format!("{}的签名图像无效", s.name));
        }
    }
    if r.content.chars().count() > 20_000 {
        return Err("检查情况不能超过20000字".into());
    }
    Ok(())
}
