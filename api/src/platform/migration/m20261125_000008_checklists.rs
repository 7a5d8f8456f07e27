//! Inspection checklist templates, versioned (a deployment-wide reference table).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum ChecklistTemplate {
    Table,
    Code,
    Version,
    Name,
    AppliesTo,
    Body,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ChecklistTemplate::Table)
                .col(
                    ColumnDef::new(ChecklistTemplate::Code)
                        .string_len(48)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ChecklistTemplate::Version)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ChecklistTemplate::Name)
                        .string_len(128)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ChecklistTemplate::AppliesTo)
                        .text()
                        .not_null(),
                )
                .col(ColumnDef::new(ChecklistTemplate::Body).text().not_null())
                .col(ColumnDef::new(ChecklistTemplate::CreatedBy).uuid().null())
                .col(
                    ColumnDef::new(ChecklistTemplate::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(ChecklistTemplate::Code)
                        .col(ChecklistTemplate::Version),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ChecklistTemplate::Table).to_owned())
            .await
    }
}
