use sea_orm::entity::prelude::*;

/// One audit entry; `hash` = SHA-256 over `prev_hash` and every other field, per bureau chain.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<Uuid>,
    pub actor_bureau_id: Option<i64>,
    pub device_id: Option<String>,
    pub action: String,
    pub target: String,
    /// JSON: before/after summary.
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
