use sea_orm::entity::prelude::*;

/// A data logger (数采仪) registered to a monitoring point: its MN, the SHA-256 of its password
/// (`sha256(MN ":" PW)`; the PW travels in clear in every packet, so a slow hash would buy
/// nothing and cost every packet), the ST it sends and its real-time interval.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "data_logger")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub point_id: Uuid,
    pub enterprise_id: Uuid,
    pub mn: String,
    pub pw_sha256: String,
    pub st: String,
    pub interval_secs: i32,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub created_by: Option<Uuid>,
    /// Unix seconds of the last packet, written at most once a minute per connection.
    pub last_seen_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
