//! The job queue's rows: the one way to put background work in the `job` table, in the
//! caller's own transaction (a formula change and the job that recomputes with it are committed
//! together or not at all), and the row → wire conversion every feature answers with. The
//! `jobs` feature claims and runs them; it is the only writer after this insert.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use shared::job::{JobKind, JobState, JobView};
use shared::{BureauId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::platform::entity::{app_user, job};
use crate::platform::error::AppResult;
use crate::platform::stored;

/// Which enterprises a risk job recomputes, in ascending `seq` (the job's cursor is the last
/// `seq` done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Enterprises {
    /// Every enterprise of the deployment, including those registered while the job runs.
    All,
    /// These `seq`s, as sorted inclusive ranges: an import's new rows have consecutive `seq`s,
    /// so 50,000 new enterprises are one range, not 50,000 numbers.
    Seqs(Vec<(i64, i64)>),
}

impl Enterprises {
    /// The given `seq`s, in any order, duplicates allowed.
    pub fn seqs(seqs: impl IntoIterator<Item = i64>) -> Enterprises {
        let mut all: Vec<i64> = seqs.into_iter().collect();
        all.sort_unstable();
        all.dedup();
        let mut ranges: Vec<(i64, i64)> = Vec::new();
        for s in all {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == s => *end = s,
                _ => ranges.push((s, s)),
            }
        }
        Enterprises::Seqs(ranges)
    }

    /// How many `seq`s a [`Enterprises::Seqs`] names.
    pub fn count(&self) -> Option<u64> {
        match self {
            Enterprises::All => None,
            Enterprises::Seqs(r) => Some(r.iter().map(|(a, b)| (b - a + 1) as u64).sum()),
        }
    }

    /// Up to `n` of the named `seq`s after `cursor`, ascending (for [`Enterprises::Seqs`]).
    pub fn next_after(&self, cursor: Option<i64>, n: usize) -> Vec<i64> {
        let Enterprises::Seqs(ranges) = self else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(n);
        for &(a, b) in ranges {
            let from = match cursor {
                Some(c) if c >= b => continue,
                Some(c) => a.max(c + 1),
                None => a,
            };
            let mut s = from;
            while s <= b && out.len() < n {
                out.push(s);
                s += 1;
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: JobKind,
    /// The bureau of the user who starts it: its administrators (and those above) see it.
    pub bureau: i64,
    pub started_by: Option<Uuid>,
    pub enterprises: Enterprises,
    /// Items to do, for the progress shown (a count of the enterprises at the time).
    pub total: u64,
}

/// Inserts a queued job in `conn` (a transaction of the caller's, usually); any instance's
/// runner picks it up after the commit.
pub async fn enqueue(conn: &impl ConnectionTrait, new: NewJob) -> AppResult<job::Model> {
    let now = OffsetDateTime::now_utc();
    let row = job::Model {
        bureau_id: new.bureau,
        id: Uuid::new_v4(),
        kind: new.kind.code().into(),
        state: JobState::Queued.code().into(),
        started_by: new.started_by,
        done: 0,
        total: new.total as i64,
        cursor: None,
        payload: serde_json::to_string(&new.enterprises).map_err(anyhow::Error::from)?,
        lease_holder: None,
        lease_until: None,
        attempts: 0,
        error: None,
        created_at: now,
        started_at: None,
        finished_at: None,
        updated_at: now,
    };
    job::Entity::insert(job::ActiveModel::from(row.clone()))
        .exec_without_returning(conn)
        .await?;
    Ok(row)
}

/// The job rows as the wire shows them, with the names of who started them (one query).
pub async fn views(conn: &impl ConnectionTrait, rows: Vec<job::Model>) -> AppResult<Vec<JobView>> {
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.started_by).collect();
    let names: HashMap<Uuid, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, format!("{}（{}）", u.display_name, u.username)))
            .collect()
    };
    rows.into_iter()
        .map(|r| {
            let name = r.started_by.and_then(|id| names.get(&id).cloned());
            view(r, name)
        })
        .collect()
}

/// One job row on the wire; stored codes are read strictly.
pub fn view(r: job::Model, started_by_name: Option<String>) -> AppResult<JobView> {
    Ok(JobView {
        bureau_id: BureauId(r.bureau_id),
        id: r.id.to_string(),
        kind: stored::code("job.kind", &r.kind, JobKind::from_code)?,
        state: stored::code("job.state", &r.state, JobState::from_code)?,
        done: r.done.max(0) as u64,
        total: r.total.max(0) as u64,
        attempts: r.attempts.max(0) as u32,
        started_by: r.started_by.map(|u| UserId(u.to_string())),
        started_by_name,
        error: r.error,
        created_at: stored::rfc3339(r.created_at),
        started_at: r.started_at.map(stored::rfc3339),
        finished_at: r.finished_at.map(stored::rfc3339),
        updated_at: stored::rfc3339(r.updated_at),
    })
}

#[cfg(test)]
mod tests {
    use super::Enterprises;

    #[test]
    fn seqs_are_kept_as_ranges_and_walked_after_the_cursor() {
        let e = Enterprises::seqs([7, 3, 4, 5, 10, 4, 11, 12]);
        assert_eq!(e, Enterprises::Seqs(vec![(3, 5), (7, 7), (10, 12)]));
        assert_eq!(e.count(), Some(7));
        assert_eq!(e.next_after(None, 4), vec![3, 4, 5, 7]);
        assert_eq!(e.next_after(Some(7), 4), vec![10, 11, 12]);
        assert_eq!(e.next_after(Some(4), 2), vec![5, 7]);
        assert_eq!(e.next_after(Some(12), 4), Vec::<i64>::new());
        assert_eq!(Enterprises::All.next_after(None, 4), Vec::<i64>::new());
    }
}
