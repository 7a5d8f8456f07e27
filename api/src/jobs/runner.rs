//! The runner: every API instance polls the `job` table, claims one job at a time and works
//! through it in small committed steps.
//!
//! Why it is safe with many instances and crashes:
//! - **Claiming is a compare-and-swap.** `UPDATE job SET state = 'running', lease_holder = me,
//!   attempts = attempts + 1 … WHERE id = ? AND attempts = <as read> AND (state = 'queued' OR
//!   lease_until < now)`, and the claim holds only when exactly one row changed. Two instances
//!   that read the same queued job both try; the database applies one update and the other's
//!   condition no longer matches (PostgreSQL re-checks it after the first commits; SQLite has
//!   one writer at a time).
//! - **Every step is fenced.** A step's transaction starts by renewing the lease `WHERE
//!   lease_holder = me AND state = 'running' AND cursor = <as read>`; when that changes no row
//!   (the lease expired and another instance took over) the step does nothing. The work of the
//!   step and the advance of the cursor and of `done` commit together, so a step is applied
//!   exactly once: a crash before the commit leaves nothing of it, and whoever resumes starts
//!   from the committed cursor.
//! - **A crashed holder is replaced by time.** Its lease runs out ([`LEASE_SECS`] after its last
//!   step) and any instance's next poll takes the job over.
//!
//! Time is a parameter (`now`) so that tests can let a lease expire without waiting.

use std::time::Duration;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use shared::job::JobState;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::platform::entity::job::{self, Column};
use crate::platform::error::{AppError, AppResult};
use crate::platform::queue::Enterprises;
use crate::platform::stored;

/// Enterprises recomputed per committed step.
pub const BATCH: usize = 200;
/// How long a lease lasts after the holder's last step; a step must take less.
pub const LEASE_SECS: i64 = 60;
/// How often an idle instance looks for work.
pub const POLL: Duration = Duration::from_secs(2);
/// How often each instance deletes what is past its retention (positions of the field force)
/// and raises or closes the overdue-task alarms. Both idempotent, so several instances doing
/// them is harmless.
pub const HOUSEKEEPING: Duration = Duration::from_secs(3600);
/// A job whose step failed this many times (counting every take-up) is given up.
pub const RETRIES: i32 = 3;
/// A job taken up this many times (each crash of its holder is one) is given up: it may be
/// what crashes the instances.
pub const MAX_TAKE_UPS: i32 = 10;

/// What one call of [`Runner::step`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// No job to work on.
    Idle,
    /// One batch of `job` committed; more remain.
    Progressed { job: Uuid, done: u64 },
    /// The last batch of `job` committed; it is done.
    Finished { job: Uuid, done: u64 },
    /// Another instance holds `job` now; this one did nothing.
    Lost { job: Uuid },
    /// The step failed and was rolled back; the job is queued again or, after
    /// [`RETRIES`], failed.
    Failed { job: Uuid },
}

/// The runner of one instance.
#[derive(Debug, Clone)]
pub struct Runner {
    instance: String,
    batch: usize,
}

/// An id for this process, unique across instances and restarts.
pub fn instance_id() -> String {
    format!("{}-{}", std::process::id(), Uuid::new_v4().simple())
}

fn secs(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

fn running_by(instance: &str) -> Condition {
    Condition::all()
        .add(Column::State.eq(JobState::Running.code()))
        .add(Column::LeaseHolder.eq(instance))
}

fn pk(j: &job::Model) -> Condition {
    Condition::all()
        .add(Column::BureauId.eq(j.bureau_id))
        .add(Column::Id.eq(j.id))
}

/// Claims the oldest job that is queued or whose holder's lease ran out before `now`, for
/// `instance`; `None` when there is none (or another instance got each first).
pub async fn claim(
    db: &DatabaseConnection,
    instance: &str,
    now: OffsetDateTime,
) -> AppResult<Option<job::Model>> {
    let candidates = job::Entity::find()
        .filter(
            Condition::any()
                .add(Column::State.eq(JobState::Queued.code()))
                .add(
                    Condition::all()
                        .add(Column::State.eq(JobState::Running.code()))
                        .add(Column::LeaseUntil.lt(secs(now))),
                ),
        )
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(16)
        .all(db)
        .await?;
    for c in candidates {
        if let Some(j) = try_claim(db, instance, &c, now).await? {
            return Ok(Some(j));
        }
    }
    Ok(None)
}

/// Claims the job `seen` (as read a moment ago) for `instance`, if it is still as it was: still
/// queued or with a lease that ran out before `now`, and taken up no more times since. `None`
/// when another instance got it first (or it was given up here after too many take-ups).
pub async fn try_claim(
    db: &DatabaseConnection,
    instance: &str,
    seen: &job::Model,
    now: OffsetDateTime,
) -> AppResult<Option<job::Model>> {
    let c = seen;
    // The condition the candidate was found by, and the take-up count as read: the update
    // applies only if no one claimed it in between.
    let claimable = Condition::any()
        .add(Column::State.eq(JobState::Queued.code()))
        .add(
            Condition::all()
                .add(Column::State.eq(JobState::Running.code()))
                .add(Column::LeaseUntil.lt(secs(now))),
        );
    if c.attempts >= MAX_TAKE_UPS {
        job::Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Failed.code()))
            .col_expr(
                Column::Error,
                Expr::value(format!(
                    "已中断 {} 次，不再继续；请检查服务日志后重新发起",
                    c.attempts
                )),
            )
            .col_expr(Column::LeaseHolder, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntil, Expr::value(Option::<i64>::None))
            .col_expr(Column::FinishedAt, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(pk(c))
            .filter(Column::Attempts.eq(c.attempts))
            .filter(claimable)
            .exec(db)
            .await?;
        tracing::error!(job = %c.id, kind = %c.kind, attempts = c.attempts, "job given up after repeated interruptions");
        return Ok(None);
    }
    let taken = job::Entity::update_many()
        .col_expr(Column::State, Expr::value(JobState::Running.code()))
        .col_expr(Column::LeaseHolder, Expr::value(instance))
        .col_expr(Column::LeaseUntil, Expr::value(secs(now) + LEASE_SECS))
        .col_expr(Column::Attempts, Expr::value(c.attempts + 1))
        .col_expr(Column::StartedAt, Expr::value(c.started_at.unwrap_or(now)))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(pk(c))
        .filter(Column::Attempts.eq(c.attempts))
        .filter(claimable)
        .exec(db)
        .await?
        .rows_affected;
    if taken != 1 {
        return Ok(None);
    }
    if c.state == JobState::Running.code() {
        tracing::warn!(job = %c.id, kind = %c.kind, from = ?c.lease_holder, to = instance, cursor = ?c.cursor, "job resumed after its holder's lease ran out");
    }
    Ok(job::Entity::find_by_id((c.bureau_id, c.id)).one(db).await?)
}

impl Runner {
    pub fn new(instance: impl Into<String>) -> Runner {
        Runner {
            instance: instance.into(),
            batch: BATCH,
        }
    }

    /// Enterprises per step (tests use small steps on a small demo).
    pub fn batch(mut self, n: usize) -> Runner {
        self.batch = n.max(1);
        self
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// One step: continues the job this instance holds, or claims one, and commits one batch.
    pub async fn step(&self, db: &DatabaseConnection, now: OffsetDateTime) -> AppResult<Step> {
        let held = job::Entity::find()
            .filter(running_by(&self.instance))
            .order_by_asc(Column::CreatedAt)
            .one(db)
            .await?;
        let job = match held {
            Some(j) => j,
            None => match claim(db, &self.instance, now).await? {
                Some(j) => j,
                None => return Ok(Step::Idle),
            },
        };
        let id = job.id;
        match self.advance(db, &job, now).await {
            Ok(step) => Ok(step),
            Err(e) => {
                self.fail(db, &job, now, &e).await?;
                Ok(Step::Failed { job: id })
            }
        }
    }

    /// Steps until there is no work left for this instance at `now`; the steps taken.
    pub async fn run_pending(
        &self,
        db: &DatabaseConnection,
        now: OffsetDateTime,
    ) -> AppResult<Vec<Step>> {
        let mut steps = Vec::new();
        loop {
            match self.step(db, now).await? {
                Step::Idle => return Ok(steps),
                s => steps.push(s),
            }
        }
    }

    /// Gives up the jobs this instance holds (at shutdown), so that another instance resumes
    /// them at once rather than after the lease.
    pub async fn release(&self, db: &DatabaseConnection, now: OffsetDateTime) -> AppResult<u64> {
        Ok(job::Entity::update_many()
            .col_expr(Column::State, Expr::value(JobState::Queued.code()))
            .col_expr(Column::LeaseHolder, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntil, Expr::value(Option::<i64>::None))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(running_by(&self.instance))
            .exec(db)
            .await?
            .rows_affected)
    }

    /// One step of `job` as this instance read it: what [`Runner::step`] does once it has found
    /// or claimed the job. [`Step::Lost`] when the row is no longer as read under this
    /// instance's lease (another instance took over): nothing is written then.
    pub async fn advance(
        &self,
        db: &DatabaseConnection,
        job: &job::Model,
        now: OffsetDateTime,
    ) -> AppResult<Step> {
        let which: Enterprises = stored::json("job.payload", &job.payload)?;
        let txn = db.begin().await?;
        // The fence, first: the write takes SQLite's write lock and PostgreSQL's row lock for
        // the whole step, so no claim can slip in between the check and the commit.
        let cursor_as_read = match job.cursor {
            Some(c) => Column::Cursor.eq(c),
            None => Column::Cursor.is_null(),
        };
        let fenced = job::Entity::update_many()
            .col_expr(Column::LeaseUntil, Expr::value(secs(now) + LEASE_SECS))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(pk(job))
            .filter(running_by(&self.instance))
            .filter(cursor_as_read)
            .exec(&txn)
            .await?
            .rows_affected;
        if fenced != 1 {
            txn.rollback().await?;
            return Ok(Step::Lost { job: job.id });
        }
        let b = match super::recompute::batch(&txn, &which, job.cursor, self.batch).await {
            Ok(b) => b,
            Err(e) => {
                // Explicitly, before the failure is recorded on another connection: SQLite's
                // write lock is this transaction's until it ends.
                txn.rollback().await?;
                return Err(e);
            }
        };
        let done = job.done + b.items as i64;
        let mut update = job::Entity::update_many()
            .col_expr(Column::Cursor, Expr::value(b.last))
            .col_expr(Column::Done, Expr::value(done))
            .col_expr(Column::Error, Expr::value(Option::<String>::None))
            .filter(pk(job));
        if b.finished {
            // `total` was a count when the job was queued; enterprises registered since were
            // done too.
            update = update
                .col_expr(Column::State, Expr::value(JobState::Done.code()))
                .col_expr(Column::Total, Expr::value(done.max(job.total)))
                .col_expr(Column::LeaseHolder, Expr::value(Option::<String>::None))
                .col_expr(Column::LeaseUntil, Expr::value(Option::<i64>::None))
                .col_expr(Column::FinishedAt, Expr::value(now));
        }
        update.exec(&txn).await?;
        txn.commit().await?;
        let done = done as u64;
        Ok(if b.finished {
            tracing::info!(job = %job.id, kind = %job.kind, done, "job done");
            Step::Finished { job: job.id, done }
        } else {
            Step::Progressed { job: job.id, done }
        })
    }

    /// Records a failed step (already rolled back): queued again for another try, or failed
    /// after [`RETRIES`] take-ups. The cause goes to the log; the job says in Chinese what
    /// happened.
    async fn fail(
        &self,
        db: &DatabaseConnection,
        job: &job::Model,
        now: OffsetDateTime,
        cause: &AppError,
    ) -> AppResult<()> {
        let give_up = job.attempts >= RETRIES;
        tracing::error!(job = %job.id, kind = %job.kind, attempts = job.attempts, give_up, error = %cause, "job step failed");
        let (state, message) = if give_up {
            (
                JobState::Failed,
                format!(
                    "已尝试 {} 次仍未完成（完成 {} 项），请联系运维人员查看服务日志",
                    job.attempts, job.done
                ),
            )
        } else {
            (
                JobState::Queued,
                format!("第 {} 次处理出错，稍后自动重试", job.attempts),
            )
        };
        let mut update = job::Entity::update_many()
            .col_expr(Column::State, Expr::value(state.code()))
            .col_expr(Column::Error, Expr::value(message))
            .col_expr(Column::LeaseHolder, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntil, Expr::value(Option::<i64>::None))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(pk(job))
            .filter(running_by(&self.instance));
        if give_up {
            update = update.col_expr(Column::FinishedAt, Expr::value(now));
        }
        update.exec(db).await?;
        Ok(())
    }
}

/// [`Runner::run_pending`] with the default batch size.
pub async fn run_pending(
    db: &DatabaseConnection,
    instance: &str,
    now: OffsetDateTime,
) -> AppResult<Vec<Step>> {
    Runner::new(instance).run_pending(db, now).await
}

/// The loop every serving instance runs beside the router until `stop` resolves: steps while
/// there is work, polls every [`POLL`] when there is none. Releases its job when stopped.
pub async fn run(
    db: DatabaseConnection,
    instance: String,
    stop: impl std::future::Future<Output = ()>,
) {
    let runner = Runner::new(instance);
    tracing::info!(instance = runner.instance(), "job runner started");
    let work = async {
        let mut housekept: Option<std::time::Instant> = None;
        loop {
            if housekept.is_none_or(|t| t.elapsed() >= HOUSEKEEPING) {
                housekept = Some(std::time::Instant::now());
                let now = OffsetDateTime::now_utc().unix_timestamp();
                match crate::dispatch::service::purge_positions(&db, now).await {
                    Ok(n) if n > 0 => {
                        tracing::info!(positions = n, "positions past their retention deleted")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "housekeeping: purging positions failed"),
                }
                match crate::monitoring::alarms::overdue(&db, OffsetDateTime::now_utc()).await {
                    Ok(s) if s.raised + s.closed > 0 => tracing::info!(
                        raised = s.raised,
                        repeated = s.repeated,
                        closed = s.closed,
                        "overdue-task alarms"
                    ),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "housekeeping: overdue-task alarms failed")
                    }
                }
            }
            match runner.step(&db, OffsetDateTime::now_utc()).await {
                Ok(Step::Idle) => tokio::time::sleep(POLL).await,
                Ok(_) => tokio::task::yield_now().await,
                Err(e) => {
                    tracing::warn!(error = %e, "job runner: poll failed");
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    };
    // Dropping a step half-way rolls its transaction back: nothing of it is kept.
    tokio::select! { _ = work => {}, _ = stop => {} }
    match runner.release(&db, OffsetDateTime::now_utc()).await {
        Ok(n) if n > 0 => tracing::info!(
            jobs = n,
            "job runner stopped; its job is queued for another instance"
        ),
        Ok(_) => tracing::info!("job runner stopped"),
        Err(e) => {
            tracing::warn!(error = %e, "job runner: releasing its job failed (its lease will run out)")
        }
    }
}
