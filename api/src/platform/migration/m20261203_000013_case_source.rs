//! A case's source reference: for a case opened from a transfer, a complaint or an alarm, the
//! transferring body and its letter, the complaint's number, the alarm (empty for an
//! inspection's problems, which name their task); and a rectification loop's follow-up
//! decision (按日连续处罚 or 限制生产、停产整治, as JSON) once its 复查 found the violation continuing.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum EnforcementCase {
    Table,
    SourceRef,
}

#[derive(Iden)]
enum Rectification {
    Table,
    FollowUp,
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
        .await?;
        m.alter_table(
            Table::alter()
                .table(Rectification::Table)
                .add_column(ColumnDef::new(Rectification::FollowUp).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Rectification::Table)
                .drop_column(Rectification::FollowUp)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EnforcementCase::Table)
                .drop_column(EnforcementCase::SourceRef)
                .to_owned(),
        )
        .await
    }
}
