//! The audit trail (P3): every state change appends an entry to its bureau's hash chain, in
//! the same transaction as the change. Editing, deleting or reordering a stored entry breaks
//! the chain and is reported by [`verify`] (`huanjian verify-audit`, `GET /api/audit/verify`).
//!
//! Truncating the newest entries of a chain leaves a valid shorter chain; publishing chain
//! heads elsewhere (a later capability) closes that gap.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};
use shared::user::{AuditProblem, AuditVerification};
use shared::BureauId;
use uuid::Uuid;

use crate::platform::entity::audit_log;
use crate::platform::error::AppResult;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acted.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub bureau_id: Option<i64>,
    pub device_id: Option<String>,
}

impl Actor {
    /// The authenticated caller of a request.
    pub fn of(caller: &crate::platform::auth::AuthUser) -> Actor {
        Actor::user(caller.user_id, caller.bureau_id.0)
    }

    /// A user of `bureau` acting without a device signature.
    pub fn user(user_id: Uuid, bureau: i64) -> Actor {
        Actor {
            user_id: Some(user_id),
            bureau_id: Some(bureau),
            device_id: None,
        }
    }
}

/// Starts a transaction that may append to `chain`'s audit trail, serialised with every other
/// writer of that chain (across instances: the database holds the lock).
pub async fn begin(db: &DatabaseConnection, chain: i64) -> AppResult<DatabaseTransaction> {
    begin_many(db, &[chain]).await
}

/// [`begin`] for a write that appends to several chains (an import spanning counties): the
/// locks are taken in ascending order so two such writers cannot deadlock.
pub async fn begin_many(db: &DatabaseConnection, chains: &[i64]) -> AppResult<DatabaseTransaction> {
    let mut sorted = chains.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let txn = db.begin().await?;
    match txn.get_database_backend() {
        DbBackend::Postgres => {
            for chain in sorted {
                txn.execute(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_advisory_xact_lock($1)",
                    [chain.into()],
                ))
                .await?;
            }
        }
        // A write as the first statement takes SQLite's single write lock for the whole
        // transaction, so no other writer reads a chain head in between.
        _ => {
            txn.execute_unprepared("UPDATE login_throttle SET failures = failures WHERE 1 = 0")
                .await?;
        }
    }
    Ok(txn)
}

fn entry_hash(e: &audit_log::Model) -> String {
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        e.prev_hash,
        e.bureau_id,
        e.seq,
        e.at,
        e.actor_id.map(|u| u.to_string()).unwrap_or_default(),
        e.actor_bureau_id.map(|b| b.to_string()).unwrap_or_default(),
        e.device_id.as_deref().unwrap_or_default(),
        e.action,
        e.target,
        e.summary,
    );
    hex(&Sha256::digest(canonical.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry to `bureau_id`'s chain inside `txn` (from [`begin`]).
pub async fn append(
    txn: &DatabaseTransaction,
    bureau_id: i64,
    actor: &Actor,
    action: &str,
    target: &str,
    summary: serde_json::Value,
) -> AppResult<()> {
    let last = audit_log::Entity::find()
        .filter(audit_log::Column::BureauId.eq(bureau_id))
        .order_by_desc(audit_log::Column::Seq)
        .one(txn)
        .await?;
    let (seq, prev_hash) = last.map_or((1, GENESIS.to_string()), |l| (l.seq + 1, l.hash));
    let at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| anyhow::anyhow!("time format: {e}"))?;
    let mut entry = audit_log::Model {
        bureau_id,
        seq,
        at,
        actor_id: actor.user_id,
        actor_bureau_id: actor.bureau_id,
        device_id: actor.device_id.clone(),
        action: action.to_string(),
        target: target.to_string(),
        summary: summary.to_string(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    audit_log::Entity::insert(audit_log::ActiveModel::from(entry))
        .exec(txn)
        .await?;
    Ok(())
}

/// Recomputes every chain of the given bureaus (all when `None`).
pub async fn verify(
    db: &impl ConnectionTrait,
    bureaus: Option<&[i64]>,
) -> AppResult<AuditVerification> {
    let mut query = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::BureauId)
        .order_by_asc(audit_log::Column::Seq);
    if let Some(ids) = bureaus {
        query = query.filter(audit_log::Column::BureauId.is_in(ids.to_vec()));
    }
    let rows = query.all(db).await?;
    let mut result = AuditVerification {
        ok: true,
        chains: 0,
        entries: rows.len() as u64,
        problems: vec![],
    };
    let mut current: Option<(i64, i64, String)> = None; // bureau, last seq, last hash
    for e in rows {
        let (expected_seq, expected_prev) = match &current {
            Some((b, seq, hash)) if *b == e.bureau_id => (seq + 1, hash.clone()),
            _ => {
                result.chains += 1;
                (1, GENESIS.to_string())
            }
        };
        let mut problem = |reason: &str| {
            result.problems.push(AuditProblem {
                bureau_id: BureauId(e.bureau_id),
                seq: e.seq,
                reason: reason.into(),
            })
        };
        if e.seq != expected_seq {
            problem("序号不连续：有记录被删除或插入");
        } else if e.prev_hash != expected_prev {
            problem("前序哈希不符：前一条记录被修改");
        }
        if entry_hash(&e) != e.hash {
            problem("内容哈希不符：本条记录被修改");
        }
        current = Some((e.bureau_id, e.seq, e.hash.clone()));
    }
    result.ok = result.problems.is_empty();
    Ok(result)
}
