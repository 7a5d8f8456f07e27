use sea_orm::entity::prelude::*;

/// A penalty case (案件). `record` holds the procedure's recorded facts as JSON
/// (`enforcement::record::Record`), read strictly.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "enforcement_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: Option<String>,
    pub enterprise_id: Uuid,
    /// `shared::enforcement::case::Party` as JSON, as it stood at filing.
    pub party: String,
    pub source: String,
    pub source_task_id: Option<Uuid>,
    /// Where the clue came from, for sources other than an inspection (may be empty).
    pub source_ref: String,
    pub cause: String,
    /// JSON list of provisions.
    pub provisions: String,
    pub summary: String,
    /// JSON list of checklist item codes.
    pub problems: String,
    pub violation: Option<String>,
    pub state: String,
    pub revision: i32,
    pub major: bool,
    pub amount_fen: i64,
    pub record: String,
    /// The nearest due day of a running clock (for the "due" lists).
    pub next_due: Option<TimeDate>,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
