//! On-site inspections (S1–S4): checklist findings per task, evidence files, records (笔录)
//! and the ledger of applied sync operations that makes every resend harmless.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Inspection {
    Table,
    BureauId,
    TaskId,
    TemplateCode,
    TemplateVersion,
    Body,
    Rev,
    UpdatedBy,
    UpdatedAt,
}

#[derive(Iden)]
enum Evidence {
    Table,
    BureauId,
    Id,
    TaskId,
    Kind,
    Mime,
    FileName,
    Size,
    Sha256,
    CapturedAt,
    Latitude,
    Longitude,
    Accuracy,
    Device,
    ItemCode,
    Received,
    Verified,
    UploadedBy,
    CreatedAt,
}

#[derive(Iden)]
enum InspectionRecord {
    Table,
    BureauId,
    Id,
    TaskId,
    Kind,
    Body,
    Rev,
    UpdatedBy,
    UpdatedAt,
}

#[derive(Iden)]
enum SyncOp {
    Table,
    BureauId,
    Id,
    UserId,
    Kind,
    Outcome,
    Message,
    Rev,
    AppliedAt,
}

#[derive(Iden)]
enum Task {
    Table,
    BureauId,
    Id,
}

fn task_fk(
    table: impl IntoIden + 'static,
    bureau: impl IntoIden + 'static,
    task: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(table)
        .from_col(bureau)
        .from_col(task)
        .to_tbl(Task::Table)
        .to_col(Task::BureauId)
        .to_col(Task::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Inspection::Table)
                .col(
                    ColumnDef::new(Inspection::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Inspection::TaskId).uuid().not_null())
                .col(
                    ColumnDef::new(Inspection::TemplateCode)
                        .string_len(48)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Inspection::TemplateVersion)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Inspection::Body).text().not_null())
                .col(ColumnDef::new(Inspection::Rev).big_integer().not_null())
                .col(ColumnDef::new(Inspection::UpdatedBy).uuid().not_null())
                .col(
                    ColumnDef::new(Inspection::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(Inspection::BureauId)
                        .col(Inspection::TaskId),
                )
                .foreign_key(&mut task_fk(
                    Inspection::Table,
                    Inspection::BureauId,
                    Inspection::TaskId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Evidence::Table)
                .col(ColumnDef::new(Evidence::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Evidence::Id).uuid().not_null())
                .col(ColumnDef::new(Evidence::TaskId).uuid().not_null())
                .col(ColumnDef::new(Evidence::Kind).string_len(8).not_null())
                .col(ColumnDef::new(Evidence::Mime).string_len(128).not_null())
                .col(
                    ColumnDef::new(Evidence::FileName)
                        .string_len(255)
                        .not_null(),
                )
                .col(ColumnDef::new(Evidence::Size).big_integer().not_null())
                .col(ColumnDef::new(Evidence::Sha256).string_len(64).not_null())
                .col(
                    ColumnDef::new(Evidence::CapturedAt)
                        .string_len(40)
                        .not_null(),
                )
                .col(ColumnDef::new(Evidence::Latitude).double().null())
                .col(ColumnDef::new(Evidence::Longitude).double().null())
                .col(ColumnDef::new(Evidence::Accuracy).double().null())
                .col(ColumnDef::new(Evidence::Device).string_len(255).not_null())
                .col(ColumnDef::new(Evidence::ItemCode).string_len(48).null())
                .col(ColumnDef::new(Evidence::Received).big_integer().not_null())
                .col(ColumnDef::new(Evidence::Verified).boolean().not_null())
                .col(ColumnDef::new(Evidence::UploadedBy).uuid().not_null())
                .col(
                    ColumnDef::new(Evidence::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(Index::create().col(Evidence::BureauId).col(Evidence::Id))
                .foreign_key(&mut task_fk(
                    Evidence::Table,
                    Evidence::BureauId,
                    Evidence::TaskId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_evidence_task")
                .table(Evidence::Table)
                .col(Evidence::BureauId)
                .col(Evidence::TaskId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InspectionRecord::Table)
                .col(
                    ColumnDef::new(InspectionRecord::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(InspectionRecord::Id).uuid().not_null())
                .col(ColumnDef::new(InspectionRecord::TaskId).uuid().not_null())
                .col(
                    ColumnDef::new(InspectionRecord::Kind)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(InspectionRecord::Body).text().not_null())
                .col(
                    ColumnDef::new(InspectionRecord::Rev)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InspectionRecord::UpdatedBy)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InspectionRecord::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(InspectionRecord::BureauId)
                        .col(InspectionRecord::Id),
                )
                .foreign_key(&mut task_fk(
                    InspectionRecord::Table,
                    InspectionRecord::BureauId,
                    InspectionRecord::TaskId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_inspection_record_task")
                .table(InspectionRecord::Table)
                .col(InspectionRecord::BureauId)
                .col(InspectionRecord::TaskId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SyncOp::Table)
                .col(ColumnDef::new(SyncOp::BureauId).big_integer().not_null())
                .col(ColumnDef::new(SyncOp::Id).uuid().not_null())
                .col(ColumnDef::new(SyncOp::UserId).uuid().not_null())
                .col(ColumnDef::new(SyncOp::Kind).string_len(24).not_null())
                .col(ColumnDef::new(SyncOp::Outcome).string_len(16).not_null())
                .col(ColumnDef::new(SyncOp::Message).text().not_null())
                .col(ColumnDef::new(SyncOp::Rev).big_integer().null())
                .col(
                    ColumnDef::new(SyncOp::AppliedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(Index::create().col(SyncOp::BureauId).col(SyncOp::Id))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SyncOp::Table.into_iden(),
            InspectionRecord::Table.into_iden(),
            Evidence::Table.into_iden(),
            Inspection::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
