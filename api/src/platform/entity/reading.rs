use sea_orm::entity::prelude::*;

/// One value series point: a pollutant of a monitoring point at a data time (Unix seconds) in
/// one packet kind (`cn`: 2011 real-time, 2051 minute, 2061 hour, 2031 day). A logger's resend
/// of the same packet overwrites, never duplicates.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reading")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub point_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub pollutant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cn: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub data_time: i64,
    pub rtd: Option<f64>,
    pub min: Option<f64>,
    pub avg: Option<f64>,
    pub max: Option<f64>,
    pub cou: Option<f64>,
    pub zs: Option<f64>,
    pub flag: String,
    pub received_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
