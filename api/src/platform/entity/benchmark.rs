use sea_orm::entity::prelude::*;

/// One version of a province's discretion benchmark (`shared::enforcement::discretion::BenchmarkTable`
/// as JSON). Every save is a new version; cases name the version they used.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "benchmark")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub province: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub effective_from: TimeDate,
    pub body: String,
    pub saved_by: Option<Uuid>,
    pub saved_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
