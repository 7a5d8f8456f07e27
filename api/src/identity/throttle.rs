//! Sign-in throttling, kept in the database so every instance sees the same counts.
//! Per account: after 3 failures each further try waits 30 s; after 5 the account locks for
//! 15 minutes. Per client address: 20 failures lock that address for 15 minutes.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
};
use shared::ApiError;

use crate::platform::entity::login_throttle;
use crate::platform::error::AppResult;

pub const WINDOW_SECS: i64 = 15 * 60;

pub struct Rule {
    pub slow_after: i32,
    pub slow_secs: i64,
    pub lock_after: i32,
    pub lock_secs: i64,
}

pub const ACCOUNT: Rule = Rule {
    slow_after: 3,
    slow_secs: 30,
    lock_after: 5,
    lock_secs: 15 * 60,
};
pub const ADDRESS: Rule = Rule {
    slow_after: i32::MAX,
    slow_secs: 0,
    lock_after: 20,
    lock_secs: 15 * 60,
};

pub fn account_key(bureau: i64, username: &str) -> String {
    format!("acct:{bureau}:{}", username.to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("ip:{addr}")
}

/// Refuses when any of `keys` is locked now.
pub async fn check(db: &DatabaseConnection, keys: &[String], now: i64) -> AppResult<()> {
    for key in keys {
        if let Some(row) = login_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?
        {
            if let Some(until) = row.locked_until.filter(|u| *u > now) {
                return Err(ApiError::AccountLocked {
                    retry_after_secs: (until - now) as u64,
                }
                .into());
            }
        }
    }
    Ok(())
}

/// Counts one failure of `key` and locks it when the count reaches the rule's thresholds.
///
/// The count is kept by the database, not read and written back: concurrent failures (a
/// script guessing in parallel) each add exactly one. A count older than the window starts
/// over first, decided by the row's own time in the same statement.
pub async fn fail(db: &DatabaseConnection, key: &str, rule: &Rule, now: i64) -> AppResult<()> {
    use login_throttle::Column;
    login_throttle::Entity::update_many()
        .col_expr(Column::Failures, Expr::value(0))
        .filter(Column::Key.eq(key))
        .filter(Column::UpdatedAt.lte(now - WINDOW_SECS))
        .exec(db)
        .await?;
    let row = login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(1),
        locked_until: Set(None),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(Column::Key)
            .value(
                Column::Failures,
                Expr::col((login_throttle::Entity, Column::Failures)).add(1),
            )
            .update_column(Column::UpdatedAt)
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    let until = if row.failures >= rule.lock_after {
        now + rule.lock_secs
    } else if row.failures >= rule.slow_after {
        now + rule.slow_secs
    } else {
        return Ok(());
    };
    // Never shortens a lock a concurrent, later failure has already set.
    login_throttle::Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(until))
        .filter(Column::Key.eq(key))
        .filter(
            Condition::any()
                .add(Column::LockedUntil.is_null())
                .add(Column::LockedUntil.lt(until)),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &DatabaseConnection, key: &str) -> AppResult<()> {
    login_throttle::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}
