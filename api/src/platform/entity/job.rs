use sea_orm::entity::prelude::*;

/// A background job (`platform::queue`): what to do (`kind`, `payload`), how far it got (`done`
/// of `total`, `cursor`: the last enterprise `seq` done) and who works on it (`lease_holder`,
/// an instance id, until `lease_until`, Unix seconds).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    pub state: String,
    pub started_by: Option<Uuid>,
    pub done: i64,
    pub total: i64,
    pub cursor: Option<i64>,
    /// JSON of `platform::queue::Enterprises`.
    pub payload: String,
    pub lease_holder: Option<String>,
    pub lease_until: Option<i64>,
    pub attempts: i32,
    pub error: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub started_at: Option<TimeDateTimeWithTimeZone>,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
