//! Everything a request needs, built once per process (or per Lambda cold start). Holds no
//! per-user state: any instance can answer any request.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::token::TokenKeys;
use crate::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub tokens: Arc<TokenKeys>,
    pub config: Arc<Config>,
    /// Evidence files: local directory or S3-compatible object storage.
    pub store: crate::storage::Store,
}

impl AppState {
    /// Connects, migrates and builds the state described by `config`.
    pub async fn build(config: Config) -> anyhow::Result<AppState> {
        let db = crate::db::connect(&config).await?;
        let secret = config.resolve_jwt_secret()?;
        let tokens = TokenKeys::new(&secret, &config.jwt_issuer, config.access_token_ttl);
        let store = crate::storage::open(&config.storage)?;
        Ok(AppState {
            db,
            store,
            tokens: Arc::new(tokens),
            config: Arc::new(config),
        })
    }
}
