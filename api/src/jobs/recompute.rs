//! The work of the risk jobs, one batch at a time: the next enterprises after the cursor, each
//! recomputed with the formula in force.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::platform::entity::enterprise;
use crate::platform::error::AppResult;
use crate::platform::queue::Enterprises;

/// What one batch did.
pub struct Batch {
    /// Items of the job this batch consumed (named enterprises, found or since deleted).
    pub items: u64,
    /// The cursor after it: the last `seq` consumed.
    pub last: Option<i64>,
    /// Whether nothing is left after it.
    pub finished: bool,
}

/// Recomputes up to `n` enterprises of `which` after `cursor`, in `conn` (the step's
/// transaction).
pub async fn batch(
    conn: &impl ConnectionTrait,
    which: &Enterprises,
    cursor: Option<i64>,
    n: usize,
) -> AppResult<Batch> {
    let (rows, items, last, finished) = match which {
        Enterprises::All => {
            let rows: Vec<(i64, Uuid, i64)> = enterprise::Entity::find()
                .select_only()
                .column(enterprise::Column::BureauId)
                .column(enterprise::Column::Id)
                .column(enterprise::Column::Seq)
                .filter(enterprise::Column::Seq.gt(cursor.unwrap_or(i64::MIN)))
                .order_by_asc(enterprise::Column::Seq)
                .limit(n as u64)
                .into_tuple()
                .all(conn)
                .await?;
            let items = rows.len() as u64;
            let last = rows.last().map(|r| r.2).or(cursor);
            // Enterprises registered while the job runs come after the cursor and are included.
            let finished = rows.len() < n;
            (rows, items, last, finished)
        }
        Enterprises::Seqs(_) => {
            let seqs = which.next_after(cursor, n);
            let rows: Vec<(i64, Uuid, i64)> = if seqs.is_empty() {
                Vec::new()
            } else {
                enterprise::Entity::find()
                    .select_only()
                    .column(enterprise::Column::BureauId)
                    .column(enterprise::Column::Id)
                    .column(enterprise::Column::Seq)
                    .filter(enterprise::Column::Seq.is_in(seqs.clone()))
                    .order_by_asc(enterprise::Column::Seq)
                    .into_tuple()
                    .all(conn)
                    .await?
            };
            let last = seqs.last().copied().or(cursor);
            let finished = which.next_after(last, 1).is_empty();
            (rows, seqs.len() as u64, last, finished)
        }
    };
    if !rows.is_empty() {
        let formula = crate::history::risk::formula(conn).await?;
        for (bureau, id, _) in &rows {
            crate::history::risk::recompute(conn, &formula, *bureau, *id).await?;
        }
    }
    Ok(Batch {
        items,
        last,
        finished,
    })
}
