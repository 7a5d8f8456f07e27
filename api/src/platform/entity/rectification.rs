use sea_orm::entity::prelude::*;

/// A rectification loop: the order to correct, its 复查 task and what the re-inspection found.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rectification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub ordered_on: TimeDate,
    pub deadline: TimeDate,
    pub requirement: String,
    pub task_id: Uuid,
    pub outcome: Option<String>,
    pub found_on: Option<TimeDate>,
    pub note: String,
    /// `shared::enforcement::case::FollowUpView` as JSON, once decided.
    pub follow_up: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
