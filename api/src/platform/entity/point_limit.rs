use sea_orm::entity::prelude::*;

/// A monitoring point's limit for one pollutant (HJ 212-2017 code), with its unit and basis
/// (the permit or the standard and its class) and the real-time rule: this many consecutive
/// N-flagged real-time values over the limit raise an exceedance alarm. Hourly averages over
/// the limit raise one on their own.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "point_limit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub point_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub pollutant: String,
    pub upper: Option<f64>,
    pub lower: Option<f64>,
    pub unit: String,
    pub basis: String,
    pub consecutive: i32,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
