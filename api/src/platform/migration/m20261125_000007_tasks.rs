//! Inspection tasks (T1 basics): the task, its inspectors and its history.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Task {
    Table,
    BureauId,
    Id,
    EnterpriseId,
    SquadId,
    Note,
    DueOn,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
enum TaskInspector {
    Table,
    BureauId,
    TaskId,
    UserId,
}

#[derive(Iden)]
enum TaskEvent {
    Table,
    BureauId,
    Id,
    TaskId,
    At,
    ActorId,
    FromStatus,
    ToStatus,
    Note,
}

#[derive(Iden)]
enum Enterprise {
    Table,
    BureauId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Task::Table)
                .col(ColumnDef::new(Task::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Task::Id).uuid().not_null())
                .col(ColumnDef::new(Task::EnterpriseId).uuid().not_null())
                .col(ColumnDef::new(Task::SquadId).big_integer().null())
                .col(ColumnDef::new(Task::Note).text().not_null())
                .col(ColumnDef::new(Task::DueOn).date().not_null())
                .col(ColumnDef::new(Task::Status).string_len(16).not_null())
                .col(ColumnDef::new(Task::CreatedBy).uuid().not_null())
                .col(
                    ColumnDef::new(Task::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Task::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(Index::create().col(Task::BureauId).col(Task::Id))
                .foreign_key(
                    ForeignKey::create()
                        .from(Task::Table, (Task::BureauId, Task::EnterpriseId))
                        .to(Enterprise::Table, (Enterprise::BureauId, Enterprise::Id)),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_task_squad")
                .table(Task::Table)
                .col(Task::BureauId)
                .col(Task::SquadId)
                .col(Task::DueOn)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TaskInspector::Table)
                .col(
                    ColumnDef::new(TaskInspector::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(TaskInspector::TaskId).uuid().not_null())
                .col(ColumnDef::new(TaskInspector::UserId).uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(TaskInspector::BureauId)
                        .col(TaskInspector::TaskId)
                        .col(TaskInspector::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            TaskInspector::Table,
                            (TaskInspector::BureauId, TaskInspector::TaskId),
                        )
                        .to(Task::Table, (Task::BureauId, Task::Id)),
                )
                .to_owned(),
        )
        .await?;
        // "My tasks": by the inspector.
        m.create_index(
            Index::create()
                .name("ix_task_inspector_user")
                .table(TaskInspector::Table)
                .col(TaskInspector::BureauId)
                .col(TaskInspector::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TaskEvent::Table)
                .col(ColumnDef::new(TaskEvent::BureauId).big_integer().not_null())
                .col(ColumnDef::new(TaskEvent::Id).uuid().not_null())
                .col(ColumnDef::new(TaskEvent::TaskId).uuid().not_null())
                .col(
                    ColumnDef::new(TaskEvent::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(TaskEvent::ActorId).uuid().not_null())
                .col(ColumnDef::new(TaskEvent::FromStatus).string_len(16).null())
                .col(
                    ColumnDef::new(TaskEvent::ToStatus)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(TaskEvent::Note).text().not_null())
                .primary_key(Index::create().col(TaskEvent::BureauId).col(TaskEvent::Id))
                .foreign_key(
                    ForeignKey::create()
                        .from(TaskEvent::Table, (TaskEvent::BureauId, TaskEvent::TaskId))
                        .to(Task::Table, (Task::BureauId, Task::Id)),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_task_event_task")
                .table(TaskEvent::Table)
                .col(TaskEvent::BureauId)
                .col(TaskEvent::TaskId)
                .col(TaskEvent::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["task_event", "task_inspector", "task"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
