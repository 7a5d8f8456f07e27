use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprise")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub legal_representative: String,
    pub address: String,
    pub division_code: String,
    pub town_code: Option<String>,
    pub longitude: f64,
    pub latitude: f64,
    /// GB/T 4754 industry class code, e.g. C2614.
    pub industry_code: String,
    pub scale: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub status: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// Registration order; the key of the search index and of list paging.
    pub seq: i64,
    pub risk_score: i32,
    pub risk_level: String,
    /// JSON array of `shared::risk::RiskReason`.
    pub risk_reasons: String,
    pub permit_status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
