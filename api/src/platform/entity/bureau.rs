use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "bureau")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: String,
    pub division_code: String,
    pub name: String,
    pub path: String,
    pub created_at: TimeDateTimeWithTimeZone,
    /// Days the field force's positions are kept before the retention job deletes them.
    pub position_retention_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
