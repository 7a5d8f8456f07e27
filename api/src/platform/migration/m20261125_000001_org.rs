//! Divisions (GB/T 2260), the bureau tree and user accounts.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Division {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
}

#[derive(Iden)]
pub enum Bureau {
    Table,
    Id,
    ParentId,
    Level,
    DivisionCode,
    Name,
    Path,
    CreatedAt,
}

#[derive(Iden)]
enum AppUser {
    Table,
    BureauId,
    Id,
    SquadId,
    Username,
    DisplayName,
    PasswordHash,
    Roles,
    CertificateNo,
    CertificateValidUntil,
    Phone,
    Active,
    MustChangePassword,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Division::Table)
                .col(
                    ColumnDef::new(Division::Code)
                        .string_len(12)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Division::Name).string_len(64).not_null())
                .col(ColumnDef::new(Division::Level).string_len(16).not_null())
                .col(ColumnDef::new(Division::ParentCode).string_len(12).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_division_parent")
                .table(Division::Table)
                .col(Division::ParentCode)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Bureau::Table)
                .col(
                    ColumnDef::new(Bureau::Id)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Bureau::ParentId).big_integer().null())
                .col(ColumnDef::new(Bureau::Level).string_len(16).not_null())
                .col(
                    ColumnDef::new(Bureau::DivisionCode)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(Bureau::Name).string_len(128).not_null())
                // Materialised path of ids ("/1/2/5/"): a jurisdiction is a prefix match.
                .col(ColumnDef::new(Bureau::Path).string_len(255).not_null())
                .col(
                    ColumnDef::new(Bureau::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Bureau::Table, Bureau::ParentId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Bureau::Table, Bureau::DivisionCode)
                        .to(Division::Table, Division::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_bureau_path")
                .table(Bureau::Table)
                .col(Bureau::Path)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AppUser::Table)
                .col(ColumnDef::new(AppUser::BureauId).big_integer().not_null())
                .col(ColumnDef::new(AppUser::Id).uuid().not_null())
                // The squad (中队) a field officer works in; the tenant stays `bureau_id`.
                .col(ColumnDef::new(AppUser::SquadId).big_integer().null())
                .col(ColumnDef::new(AppUser::Username).string_len(64).not_null())
                .col(
                    ColumnDef::new(AppUser::DisplayName)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AppUser::PasswordHash)
                        .string_len(255)
                        .not_null(),
                )
                .col(ColumnDef::new(AppUser::Roles).string_len(255).not_null())
                .col(ColumnDef::new(AppUser::CertificateNo).string_len(32).null())
                .col(ColumnDef::new(AppUser::CertificateValidUntil).date().null())
                .col(ColumnDef::new(AppUser::Phone).string_len(32).null())
                .col(
                    ColumnDef::new(AppUser::Active)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(
                    ColumnDef::new(AppUser::MustChangePassword)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(AppUser::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(Index::create().col(AppUser::BureauId).col(AppUser::Id))
                .foreign_key(
                    ForeignKey::create()
                        .from(AppUser::Table, AppUser::BureauId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AppUser::Table, AppUser::SquadId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_app_user_login")
                .table(AppUser::Table)
                .col(AppUser::BureauId)
                .col(AppUser::Username)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AppUser::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Bureau::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Division::Table).to_owned())
            .await
    }
}
