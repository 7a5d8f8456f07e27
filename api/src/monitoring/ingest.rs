//! The gateway's one writer: readings from every connection are stored in batches (one
//! transaction for whatever arrived while the previous one committed: group commit), each
//! connection is told when its rows are durable (it replies to the logger only then), and the
//! alarm rules run over what was just stored.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::alarms::{self, Stored};
use super::counters::Counters;
use crate::platform::entity::{data_logger, reading};

/// Rows per INSERT statement (13 columns: well inside SQLite's 32,766 bound parameters).
const ROWS_PER_STATEMENT: usize = 500;
/// Rows one transaction takes before it commits and lets the next batch gather.
const ROWS_PER_BATCH: usize = 20_000;
/// A logger's `last_seen_at` is written at most this often.
const SEEN_EVERY: Duration = Duration::from_secs(60);

/// What one packet stores.
pub struct Job {
    pub logger: (i64, Uuid),
    pub rows: Vec<reading::ActiveModel>,
    pub stored: Vec<Stored>,
    /// Told `true` once the rows are committed, `false` if they could not be stored.
    pub done: oneshot::Sender<bool>,
}

#[derive(Clone)]
pub struct Ingest {
    tx: mpsc::Sender<Job>,
}

impl Ingest {
    /// Starts the writer on `db`. The queue is bounded: when the database falls behind,
    /// connections wait (and loggers retry) instead of the gateway growing without limit.
    pub fn start(db: DatabaseConnection, counters: Arc<Counters>) -> Ingest {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(writer(db, rx, counters));
        Ingest { tx }
    }

    /// Stores the job's rows; true once they are durable.
    pub async fn store(
        &self,
        logger: (i64, Uuid),
        rows: Vec<reading::ActiveModel>,
        stored: Vec<Stored>,
    ) -> bool {
        let (done, wait) = oneshot::channel();
        let job = Job {
            logger,
            rows,
            stored,
            done,
        };
        if self.tx.send(job).await.is_err() {
            return false;
        }
        wait.await.unwrap_or(false)
    }
}

async fn writer(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>, counters: Arc<Counters>) {
    let mut seen: HashMap<(i64, Uuid), Instant> = HashMap::new();
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        let mut rows = jobs[0].rows.len();
        while rows < ROWS_PER_BATCH {
            match rx.try_recv() {
                Ok(j) => {
                    rows += j.rows.len();
                    jobs.push(j);
                }
                Err(_) => break,
            }
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut due: Vec<(i64, Uuid)> = Vec::new();
        for j in &jobs {
            let stale = seen
                .get(&j.logger)
                .is_none_or(|t| t.elapsed() >= SEEN_EVERY);
            if stale && !due.contains(&j.logger) {
                due.push(j.logger);
            }
        }
        let result = write(&db, &mut jobs, &due, now).await;
        let ok = match &result {
            Ok(()) => {
                for l in due {
                    seen.insert(l, Instant::now());
                }
                counters.add("batches", 1);
                counters.add("readings", rows as u64);
                true
            }
            Err(e) => {
                tracing::error!(error = %e, rows, "storing readings failed");
                counters.add("store_error", jobs.len() as u64);
                false
            }
        };
        let mut stored = Vec::new();
        for j in jobs {
            if ok {
                stored.extend(j.stored);
            }
            let _ = j.done.send(ok);
        }
        if ok {
            match alarms::evaluate(&db, &stored).await {
                Ok(n) => counters.add("alarms_raised", n as u64),
                Err(e) => {
                    tracing::error!(error = %e, "alarm rules failed");
                    counters.add("alarm_error", 1);
                }
            }
        }
    }
}

async fn write(
    db: &DatabaseConnection,
    jobs: &mut [Job],
    seen: &[(i64, Uuid)],
    now: i64,
) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    let mut all: Vec<reading::ActiveModel> = jobs
        .iter_mut()
        .flat_map(|j| std::mem::take(&mut j.rows))
        .collect();
    // A logger's resend replaces the stored values of the same key (HJ 212 loggers resend
    // unacknowledged packets); within one batch the last one wins.
    while !all.is_empty() {
        let rest = all.split_off(all.len().min(ROWS_PER_STATEMENT));
        let chunk = std::mem::replace(&mut all, rest);
        let chunk = dedup(chunk);
        reading::Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::columns([
                    reading::Column::BureauId,
                    reading::Column::PointId,
                    reading::Column::Pollutant,
                    reading::Column::Cn,
                    reading::Column::DataTime,
                ])
                .update_columns([
                    reading::Column::Rtd,
                    reading::Column::Min,
                    reading::Column::Avg,
                    reading::Column::Max,
                    reading::Column::Cou,
                    reading::Column::Zs,
                    reading::Column::Flag,
                    reading::Column::ReceivedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    for (bureau, id) in seen {
        data_logger::Entity::update_many()
            .col_expr(
                data_logger::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(data_logger::Column::BureauId.eq(*bureau))
            .filter(data_logger::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// One row per key in a statement (PostgreSQL refuses to update one row twice in one INSERT).
fn dedup(rows: Vec<reading::ActiveModel>) -> Vec<reading::ActiveModel> {
    let key = |r: &reading::ActiveModel| {
        (
            *r.bureau_id.as_ref(),
            *r.point_id.as_ref(),
            r.pollutant.as_ref().clone(),
            *r.cn.as_ref(),
            *r.data_time.as_ref(),
        )
    };
    let mut at: HashMap<_, usize> = HashMap::with_capacity(rows.len());
    let mut out: Vec<reading::ActiveModel> = Vec::with_capacity(rows.len());
    for r in rows {
        match at.get(&key(&r)) {
            Some(&i) => out[i] = r,
            None => {
                at.insert(key(&r), out.len());
                out.push(r);
            }
        }
    }
    out
}

/// A reading row.
#[allow(clippy::too_many_arguments)]
pub fn row(
    bureau: i64,
    point: Uuid,
    pollutant: &str,
    cn: i16,
    data_time: i64,
    v: &hj212::Value,
    flag: char,
    received_at: i64,
) -> reading::ActiveModel {
    reading::ActiveModel {
        bureau_id: Set(bureau),
        point_id: Set(point),
        pollutant: Set(pollutant.to_string()),
        cn: Set(cn),
        data_time: Set(data_time),
        rtd: Set(v.rtd),
        min: Set(v.min),
        avg: Set(v.avg),
        max: Set(v.max),
        cou: Set(v.cou),
        zs: Set(v.zs_rtd.or(v.zs_avg)),
        flag: Set(flag.to_string()),
        received_at: Set(received_at),
    }
}
