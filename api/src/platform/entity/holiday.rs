use sea_orm::entity::prelude::*;

/// A day of the working-day calendar that differs from Monday–Friday: an official holiday or a
/// weekend day declared a working day (调休). Reference data of the deployment's province.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "holiday")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: TimeDate,
    pub kind: String,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
