//! Database connection and migration, the same for SQLite and PostgreSQL. Reference data is
//! installed by the composition root (`api::open_database`), not here: the platform knows no
//! feature's tables.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

use crate::platform::config::Config;
use crate::platform::migration::Migrator;

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = &config.database_url;
    if let Some(path) = sqlite_file(url) {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.db_max_connections)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // Set on every connection the pool opens (a PRAGMA run once through the pool would
        // reach one connection only). WAL lets readers run beside the one writer. With
        // synchronous=FULL a commit returns only after the WAL is synced, so a transaction the
        // API has answered for survives a killed process and a lost power supply alike
        // (NORMAL would keep it across a crash of the process but may lose the last commits
        // on power loss). Foreign keys are off by default in SQLite.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && !path.contains(":memory:")).then_some(path)
}
