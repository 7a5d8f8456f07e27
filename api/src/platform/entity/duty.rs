use sea_orm::entity::prelude::*;

/// An inspector's duty shift and latest position (Unix seconds), read by the nearest search.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "duty")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub on_duty: bool,
    pub purpose: String,
    pub since: Option<i64>,
    pub longitude: Option<f64>,
    pub latitude: Option<f64>,
    pub last_seen_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
