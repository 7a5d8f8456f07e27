use sea_orm::entity::prelude::*;

/// An issued document: its number (unique per bureau, kind and year), the SHA-256 and size of
/// the PDF as stored, and its pages (`platform::pdf::Layout` as JSON) for binding into the case
/// file exactly as issued.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "case_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: String,
    pub year: i32,
    pub seq: i64,
    pub number: String,
    pub title: String,
    pub issued_at: TimeDateTimeWithTimeZone,
    pub issued_by: Uuid,
    pub sha256: String,
    pub bytes: i64,
    pub layout: String,
    pub corrects: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
