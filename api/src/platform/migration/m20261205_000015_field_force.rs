//! The field force (T4) and tasks from every source (T1).
//!
//! `duty` holds one row per inspector who ever went on duty: the shift's state and the latest
//! position, which is all the nearest-inspector search reads (indexed by bureau, on duty and
//! latitude, so a search is one index range however long the history). `position` is the
//! history, kept for the bureau's `position_retention_days` and then deleted by the retention
//! job. A task gains its source (plan, alarm, complaint, superior, draw, review) and the
//! reference it links back to.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
#[allow(clippy::enum_variant_names)] // the column is `on_duty`
enum Duty {
    Table,
    BureauId,
    UserId,
    OnDuty,
    Purpose,
    Since,
    Longitude,
    Latitude,
    LastSeenAt,
}

#[derive(Iden)]
enum Position {
    Table,
    BureauId,
    UserId,
    At,
    Longitude,
    Latitude,
    AccuracyM,
}

#[derive(Iden)]
enum Task {
    Table,
    SourceKind,
    SourceRef,
}

#[derive(Iden)]
enum Bureau {
    Table,
    PositionRetentionDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Duty::Table)
                .col(ColumnDef::new(Duty::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Duty::UserId).uuid().not_null())
                .col(ColumnDef::new(Duty::OnDuty).boolean().not_null())
                .col(ColumnDef::new(Duty::Purpose).string_len(100).not_null())
                .col(ColumnDef::new(Duty::Since).big_integer().null())
                .col(ColumnDef::new(Duty::Longitude).double().null())
                .col(ColumnDef::new(Duty::Latitude).double().null())
                .col(ColumnDef::new(Duty::LastSeenAt).big_integer().null())
                .primary_key(Index::create().col(Duty::BureauId).col(Duty::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_duty_live")
                .table(Duty::Table)
                .col(Duty::BureauId)
                .col(Duty::OnDuty)
                .col(Duty::Latitude)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Position::Table)
                .col(ColumnDef::new(Position::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Position::UserId).uuid().not_null())
                .col(ColumnDef::new(Position::At).big_integer().not_null())
                .col(ColumnDef::new(Position::Longitude).double().not_null())
                .col(ColumnDef::new(Position::Latitude).double().not_null())
                .col(ColumnDef::new(Position::AccuracyM).double().null())
                .primary_key(
                    Index::create()
                        .col(Position::BureauId)
                        .col(Position::UserId)
                        .col(Position::At),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_position_age")
                .table(Position::Table)
                .col(Position::BureauId)
                .col(Position::At)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Task::Table)
                .add_column(
                    ColumnDef::new(Task::SourceKind)
                        .string_len(20)
                        .not_null()
                        .default("plan"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Task::Table)
                .add_column(
                    ColumnDef::new(Task::SourceRef)
                        .string_len(200)
                        .not_null()
                        .default(""),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Bureau::Table)
                .add_column(
                    ColumnDef::new(Bureau::PositionRetentionDays)
                        .integer()
                        .not_null()
                        .default(30),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Bureau::Table)
                .drop_column(Bureau::PositionRetentionDays)
                .to_owned(),
        )
        .await?;
        for c in [Task::SourceRef, Task::SourceKind] {
            m.alter_table(Table::alter().table(Task::Table).drop_column(c).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(Position::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Duty::Table).to_owned())
            .await
    }
}
