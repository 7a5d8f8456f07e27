//! The jurisdiction a request may see: the caller's bureau and every bureau below it, never a
//! sibling or anything above. Data-access functions for tenant rows take a `&Scope`, and the
//! only ways to get one are from a verified token or by narrowing an existing scope.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::{ApiError, BureauId};

use crate::platform::auth::AuthUser;
use crate::platform::entity::bureau;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;

#[derive(Debug, Clone)]
pub struct Scope {
    root: bureau::Model,
    /// The root and all its descendants, in tree order (root first).
    bureaus: Vec<bureau::Model>,
}

impl Scope {
    /// The jurisdiction of the bureau `root_id`.
    async fn load(db: &DatabaseConnection, root_id: i64) -> AppResult<Scope> {
        let root = bureau::Entity::find_by_id(root_id)
            .one(db)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let bureaus = bureau::Entity::find()
            .filter(bureau::Column::Path.starts_with(&root.path))
            .order_by_asc(bureau::Column::Path)
            .all(db)
            .await?;
        Ok(Scope { root, bureaus })
    }

    pub async fn for_user(db: &DatabaseConnection, user: &AuthUser) -> AppResult<Scope> {
        Self::load(db, user.bureau_id.0).await
    }

    /// A narrower view (a city user looking at one county); refused outside the jurisdiction.
    pub async fn narrow(&self, db: &DatabaseConnection, to: BureauId) -> AppResult<Scope> {
        if !self.contains(to) {
            return Err(ApiError::Forbidden.into());
        }
        Self::load(db, to.0).await
    }

    /// [`narrow`](Self::narrow) when the request names a bureau, else the whole jurisdiction.
    pub async fn narrowed(self, db: &DatabaseConnection, to: Option<i64>) -> AppResult<Scope> {
        match to {
            Some(id) => self.narrow(db, BureauId(id)).await,
            None => Ok(self),
        }
    }

    pub fn root(&self) -> &bureau::Model {
        &self.root
    }

    pub fn bureaus(&self) -> &[bureau::Model] {
        &self.bureaus
    }

    pub fn bureau_ids(&self) -> Vec<i64> {
        self.bureaus.iter().map(|b| b.id).collect()
    }

    pub fn contains(&self, id: BureauId) -> bool {
        self.bureaus.iter().any(|b| b.id == id.0)
    }
}

impl FromRequestParts<AppState> for Scope {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        Scope::for_user(&state.db, &user).await
    }
}
