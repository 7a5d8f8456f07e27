//! Enterprises (pollution sources): the core of the dossier 一厂一档.

use sea_orm_migration::prelude::*;

use super::m20261125_000001_org::Bureau;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Enterprise {
    Table,
    BureauId,
    Id,
    Name,
    CreditCode,
    LegalRepresentative,
    Address,
    DivisionCode,
    TownCode,
    Longitude,
    Latitude,
    IndustryCode,
    Scale,
    ContactName,
    ContactPhone,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Enterprise::Table)
                .col(
                    ColumnDef::new(Enterprise::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Enterprise::Id).uuid().not_null())
                .col(ColumnDef::new(Enterprise::Name).string_len(128).not_null())
                .col(
                    ColumnDef::new(Enterprise::CreditCode)
                        .string_len(18)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprise::LegalRepresentative)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprise::Address)
                        .string_len(255)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprise::DivisionCode)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(Enterprise::TownCode).string_len(12).null())
                .col(ColumnDef::new(Enterprise::Longitude).double().not_null())
                .col(ColumnDef::new(Enterprise::Latitude).double().not_null())
                .col(
                    ColumnDef::new(Enterprise::IndustryCode)
                        .string_len(8)
                        .not_null(),
                )
                .col(ColumnDef::new(Enterprise::Scale).string_len(16).not_null())
                .col(
                    ColumnDef::new(Enterprise::ContactName)
                        .string_len(64)
                        .null(),
                )
                .col(
                    ColumnDef::new(Enterprise::ContactPhone)
                        .string_len(32)
                        .null(),
                )
                .col(ColumnDef::new(Enterprise::Status).string_len(16).not_null())
                .col(
                    ColumnDef::new(Enterprise::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Enterprise::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(Enterprise::BureauId)
                        .col(Enterprise::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Enterprise::Table, Enterprise::BureauId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_enterprise_credit_code")
                .table(Enterprise::Table)
                .col(Enterprise::BureauId)
                .col(Enterprise::CreditCode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_enterprise_division")
                .table(Enterprise::Table)
                .col(Enterprise::DivisionCode)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Enterprise::Table).to_owned())
            .await
    }
}
