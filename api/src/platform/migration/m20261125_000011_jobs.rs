//! Background jobs (`platform::queue`, run by `jobs`): one row per piece of heavy work, with its
//! progress, the cursor to resume from and the lease of the instance working on it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Job {
    Table,
    BureauId,
    Id,
    Kind,
    State,
    StartedBy,
    Done,
    Total,
    Cursor,
    Payload,
    LeaseHolder,
    LeaseUntil,
    Attempts,
    Error,
    CreatedAt,
    StartedAt,
    FinishedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Job::Table)
                .col(ColumnDef::new(Job::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Job::Id).uuid().not_null())
                .col(ColumnDef::new(Job::Kind).string_len(32).not_null())
                .col(ColumnDef::new(Job::State).string_len(16).not_null())
                .col(ColumnDef::new(Job::StartedBy).uuid().null())
                .col(ColumnDef::new(Job::Done).big_integer().not_null())
                .col(ColumnDef::new(Job::Total).big_integer().not_null())
                .col(ColumnDef::new(Job::Cursor).big_integer().null())
                .col(ColumnDef::new(Job::Payload).text().not_null())
                .col(ColumnDef::new(Job::LeaseHolder).string_len(64).null())
                .col(ColumnDef::new(Job::LeaseUntil).big_integer().null())
                .col(ColumnDef::new(Job::Attempts).integer().not_null())
                .col(ColumnDef::new(Job::Error).text().null())
                .col(
                    ColumnDef::new(Job::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Job::StartedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Job::FinishedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Job::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(Index::create().col(Job::BureauId).col(Job::Id))
                .to_owned(),
        )
        .await?;
        // What every instance polls for: unfinished jobs, oldest first.
        m.create_index(
            Index::create()
                .name("ix_job_state")
                .table(Job::Table)
                .col(Job::State)
                .col(Job::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Job::Table).to_owned())
            .await
    }
}
