//! Sign-in throttling, kept in the database so every instance sees the same counts.
//! Per account: after 3 failures each further try waits 30 s; after 5 the account locks for
//! 15 minutes. Per client address: 20 failures lock that address for 15 minutes.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
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

pub async fn fail(db: &DatabaseConnection, key: &str, rule: &Rule, now: i64) -> AppResult<()> {
    let row = login_throttle::Entity::find_by_id(key.to_string())
        .one(db)
        .await?;
    let failures = match &row {
        Some(r) if now - r.updated_at < WINDOW_SECS => r.failures + 1,
        _ => 1,
    };
    let locked_until = if failures >= rule.lock_after {
        Some(now + rule.lock_secs)
    } else if failures >= rule.slow_after {
        Some(now + rule.slow_secs)
    } else {
        None
    };
    let model = login_throttle::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(failures),
        locked_until: Set(locked_until),
        updated_at: Set(now),
    };
    if row.is_some() {
        model.update(db).await?;
    } else {
        login_throttle::Entity::insert(model).exec(db).await?;
    }
    Ok(())
}

pub async fn clear(db: &DatabaseConnection, key: &str) -> AppResult<()> {
    login_throttle::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}
