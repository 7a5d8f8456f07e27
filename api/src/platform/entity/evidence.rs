use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub task_id: Uuid,
    pub kind: String,
    pub mime: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub captured_at: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accuracy: Option<f64>,
    pub device: String,
    pub item_code: Option<String>,
    /// Bytes stored so far; equals `size` once the upload is complete.
    pub received: i64,
    /// The server's own SHA-256 of the whole file matched `sha256`.
    pub verified: bool,
    pub uploaded_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
