//! The work an inspection has produced so far (findings, evidence, records) as stored, and
//! whether it is complete enough for the task to be submitted or accepted. Read by `tasks`
//! (the workflow's guards) and by `inspections` (the device's view); depends on neither.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use shared::inspection::{EvidenceMeta, EvidenceView, Findings, RecordView};
use uuid::Uuid;

use crate::platform::entity::{evidence, inspection, inspection_record, task, task_inspector};
use crate::platform::error::{AppError, AppResult};

pub fn json_err(e: serde_json::Error) -> AppError {
    anyhow::Error::from(e).into()
}

pub fn evidence_view(m: evidence::Model) -> AppResult<EvidenceView> {
    Ok(EvidenceView {
        meta: EvidenceMeta {
            id: m.id.to_string(),
            task_id: m.task_id.to_string(),
            kind: crate::platform::stored::code(
                "kind",
                &m.kind,
                shared::inspection::EvidenceKind::from_code,
            )?,
            mime: m.mime,
            file_name: m.file_name,
            size: m.size,
            sha256: m.sha256,
            captured_at: m.captured_at,
            latitude: m.latitude,
            longitude: m.longitude,
            accuracy: m.accuracy,
            device: m.device,
            item_code: m.item_code,
        },
        received: m.received,
        verified: m.verified,
        uploaded_by: m.uploaded_by.to_string(),
    })
}

pub async fn evidence_of(
    conn: &impl ConnectionTrait,
    bureau: i64,
    task_id: Uuid,
) -> AppResult<Vec<evidence::Model>> {
    Ok(evidence::Entity::find()
        .filter(evidence::Column::BureauId.eq(bureau))
        .filter(evidence::Column::TaskId.eq(task_id))
        .order_by_asc(evidence::Column::CapturedAt)
        .all(conn)
        .await?)
}

pub async fn records_of(
    conn: &impl ConnectionTrait,
    bureau: i64,
    task_id: Uuid,
) -> AppResult<Vec<RecordView>> {
    inspection_record::Entity::find()
        .filter(inspection_record::Column::BureauId.eq(bureau))
        .filter(inspection_record::Column::TaskId.eq(task_id))
        .order_by_asc(inspection_record::Column::Kind)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| {
            Ok(RecordView {
                record: serde_json::from_str(&r.body).map_err(json_err)?,
                rev: r.rev,
            })
        })
        .collect()
}

/// Before submitting: every checklist item answered, every declared file received and
/// verified, and an on-site record signed by all of the task's inspectors and by the party
/// (or with the party's refusal recorded).
pub async fn check_submittable(txn: &DatabaseTransaction, t: &task::Model) -> AppResult<()> {
    let mut missing: Vec<String> = Vec::new();
    match inspection::Entity::find_by_id((t.bureau_id, t.id))
        .one(txn)
        .await?
    {
        None => missing.push("检查表尚未填写".into()),
        Some(row) => {
            let findings: Findings = serde_json::from_str(&row.body).map_err(json_err)?;
            let template =
                super::checklists::version_in(txn, &row.template_code, row.template_version)
                    .await?;
            let open = findings.missing(&template);
            if !open.is_empty() {
                missing.push(format!("检查表还有{}项未填写", open.len()));
            }
        }
    }
    let inspectors: Vec<String> = task_inspector::Entity::find()
        .filter(task_inspector::Column::BureauId.eq(t.bureau_id))
        .filter(task_inspector::Column::TaskId.eq(t.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|l| l.user_id.to_string())
        .collect();
    let records = records_of(txn, t.bureau_id, t.id).await?;
    match records
        .iter()
        .find(|r| r.record.kind == shared::inspection::RecordKind::Onsite)
    {
        None => missing.push("现场检查笔录尚未制作".into()),
        Some(r) => {
            let unsigned = r.record.unsigned(&inspectors);
            if !unsigned.is_empty() {
                missing.push(format!("现场检查笔录缺少签名（{}人）", unsigned.len()));
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(AppError::invalid(
        "task",
        format!("尚不能提交：{}", missing.join("；")),
    ))
}

/// Before accepting: every declared file arrived and its hash was verified by the server.
pub async fn check_evidence_verified(txn: &DatabaseTransaction, t: &task::Model) -> AppResult<()> {
    let open = evidence_of(txn, t.bureau_id, t.id)
        .await?
        .into_iter()
        .filter(|e| !e.verified)
        .count();
    if open == 0 {
        return Ok(());
    }
    Err(AppError::invalid(
        "task",
        format!("尚有{open}份证据未上传完成或未通过校验，暂不能审核通过"),
    ))
}
