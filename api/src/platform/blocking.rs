//! CPU-heavy work (a PDF record, an XLSX export, parsing an uploaded spreadsheet) runs on
//! tokio's blocking pool, not on the async workers: one clerk's 50,000-row sheet must not stall
//! the sign-ins and syncs that share the worker threads. The request awaits the result.

use crate::platform::error::{AppError, AppResult};

/// Runs `work` on the blocking pool and waits for it. A panic in `work` is an internal error
/// (logged, 500), as it would be on the request's own task.
pub async fn run<T, F>(work: F) -> AppResult<T>
where
    F: FnOnce() -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Other(anyhow::anyhow!("blocking work did not finish: {e}")))?
}
