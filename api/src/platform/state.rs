//! Everything a request needs, built once per process (or per Lambda cold start). Holds no
//! per-user state: any instance can answer any request.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::platform::auth::token::TokenKeys;
use crate::platform::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub tokens: Arc<TokenKeys>,
    pub config: Arc<Config>,
    /// Evidence files: local directory or S3-compatible object storage.
    pub store: crate::platform::storage::Store,
    /// Today, for the legal time limits (`platform::clock`).
    pub clock: crate::platform::clock::Clock,
}

impl AppState {
    /// The state described by `config` over an open, migrated database
    /// (see `api::build_state`, which also installs the reference data).
    pub fn new(config: Config, db: DatabaseConnection) -> anyhow::Result<AppState> {
        let secret = config.resolve_jwt_secret()?;
        let tokens = TokenKeys::new(&secret, &config.jwt_issuer, config.access_token_ttl);
        let store = crate::platform::storage::open(&config.storage)?;
        Ok(AppState {
            db,
            store,
            clock: Default::default(),
            tokens: Arc::new(tokens),
            config: Arc::new(config),
        })
    }
}
