//! The jurisdiction a request may see: the caller's bureau and every bureau below it, never a
//! sibling or anything above.
//!
//! Tenant rows are reached in two ways only, both typed so that forgetting the jurisdiction
//! does not compile: lists take a `&Scope` (they filter by [`Scope::bureau_ids`]), and one row
//! is named by a [`Key`], which only [`Scope::admit`] makes — after checking that the row's
//! bureau lies in the jurisdiction and parsing its id. Writes into a bureau take an
//! [`InScope`] bureau from [`Scope::admit_bureau`]. There is no public "contains": a service
//! cannot check by hand, or forget to. The only ways to get a `Scope` are a verified token or
//! narrowing an existing one.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::{ids, ApiError, BureauId};
use uuid::Uuid;

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

    fn contains(&self, id: BureauId) -> bool {
        self.bureaus.iter().any(|b| b.id == id.0)
    }

    /// The key of a row of kind `K` in `bureau`, if that bureau lies in the jurisdiction
    /// (else 403); an id that is not a UUID names nothing (404).
    pub fn admit<K: Kind>(&self, bureau: BureauId, id: &str) -> AppResult<Key<K>> {
        let bureau = self.admit_bureau(bureau)?;
        let id: K::Id = id.parse().map_err(|_| ApiError::NotFound)?;
        Ok(Key {
            bureau: bureau.0,
            id,
            kind: PhantomData,
        })
    }

    /// A bureau of the jurisdiction to write new rows into (else 403).
    pub fn admit_bureau(&self, bureau: BureauId) -> AppResult<InScope> {
        if self.contains(bureau) {
            Ok(InScope(bureau))
        } else {
            Err(ApiError::Forbidden.into())
        }
    }
}

/// What a [`Key`] names: a marker type per tenant table, with the typed id of `shared::ids`
/// its rows have.
pub trait Kind {
    type Id: Copy + std::fmt::Debug + std::str::FromStr + Into<Uuid>;
}

macro_rules! kinds {
    ($($(#[$m:meta])* $name:ident => $id:ty),* $(,)?) => {
        $( $(#[$m])* #[derive(Debug)] pub enum $name {} impl Kind for $name { type Id = $id; } )*
    };
}

kinds!(
    /// An `enterprise` row.
    Enterprise => ids::EnterpriseId,
    /// A `project` row.
    Project => ids::ProjectId,
    /// A `task` row (and the inspection, findings and records that share its key).
    Task => ids::TaskId,
    /// An `evidence` row.
    Evidence => ids::EvidenceId,
    /// An `app_user` row.
    User => ids::AccountId,
    /// A `device` row.
    Device => ids::DeviceId,
    /// A `job` row (background work, `platform::queue`).
    Job => ids::JobId,
    /// An `enforcement_case` row (and its documents, steps and rectification loops).
    Case => ids::CaseId,
    /// A `monitoring_point` row (and its data loggers and limits).
    Point => ids::PointId,
    /// An `alarm` row.
    Alarm => ids::AlarmId,
);

/// The primary key `(bureau_id, id)` of a tenant row that lies in the caller's jurisdiction.
/// Fields are private: the only constructor is [`Scope::admit`].
#[derive(Debug)]
pub struct Key<K: Kind> {
    bureau: BureauId,
    id: K::Id,
    kind: PhantomData<fn() -> K>,
}

impl<K: Kind> Clone for Key<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Kind> Copy for Key<K> {}

impl<K: Kind> Key<K> {
    pub fn bureau(&self) -> BureauId {
        self.bureau
    }

    /// The row's typed id (`shared::ids`).
    pub fn typed(&self) -> K::Id {
        self.id
    }

    pub fn id(&self) -> Uuid {
        self.id.into()
    }

    /// The sea-orm primary key of the row.
    pub fn pk(&self) -> (i64, Uuid) {
        (self.bureau.0, self.id())
    }
}

/// A bureau of the caller's jurisdiction, checked by [`Scope::admit_bureau`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InScope(BureauId);

impl InScope {
    pub fn id(&self) -> BureauId {
        self.0
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
