use sea_orm::entity::prelude::*;

/// An alarm of a monitoring point (exceedance, data missing, quality) or of an overdue task,
/// with its life: new →
/// acknowledged → dispatched (a task) → closed with a reason. At most one is open per point,
/// pollutant and kind, and one per overdue task (partial unique indexes); repeats raise `hits`, `last_at` and `peak`.
/// Times are Unix seconds, like the readings they come from.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alarm")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub bureau_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    /// None for an overdue task's alarm.
    pub point_id: Option<Uuid>,
    pub pollutant: String,
    pub kind: String,
    pub status: String,
    pub opened_at: i64,
    pub last_at: i64,
    pub peak: Option<f64>,
    pub threshold: Option<f64>,
    pub unit: String,
    pub hits: i32,
    pub detail: String,
    pub task_id: Option<Uuid>,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<i64>,
    pub closed_by: Option<Uuid>,
    pub closed_at: Option<i64>,
    pub closed_reason: Option<String>,
    /// The task an overdue alarm is about (`task_id` is the task an alarm was dispatched as).
    pub overdue_task_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
