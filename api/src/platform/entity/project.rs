use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub builder: String,
    pub credit_code: String,
    pub legal_representative: String,
    pub address: String,
    pub division_code: String,
    pub longitude: f64,
    pub latitude: f64,
    pub industry_code: String,
    pub eia_category: String,
    pub eia_approval_no: String,
    pub eia_approved_on: TimeDate,
    pub stage: String,
    pub accepted_on: Option<TimeDate>,
    pub enterprise_id: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
