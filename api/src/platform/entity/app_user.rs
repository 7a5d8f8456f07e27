use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The squad (中队) within the bureau, for field officers.
    pub squad_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    /// Role codes separated by commas (see `shared::Role::code`).
    pub roles: String,
    pub certificate_no: Option<String>,
    pub certificate_valid_until: Option<TimeDate>,
    pub phone: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
