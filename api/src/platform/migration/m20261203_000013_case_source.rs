//! A case's source reference: for a case opened from a transfer, a complaint or an alarm, the
//! transferring body and its letter, the complaint's number, the alarm (empty for an
//! inspection's problems, which name their task).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum EnforcementCase {
    Table,
    SourceRef,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(EnforcementCase::Table)
                .add_column(
                    ColumnDef::new(EnforcementCase::SourceRef)
                        .string_len(200)
                        .not_null()
                        .default(""),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(EnforcementCase::Table)
                .drop_column(EnforcementCase::SourceRef)
                .to_owned(),
        )
        .await
    }
}
