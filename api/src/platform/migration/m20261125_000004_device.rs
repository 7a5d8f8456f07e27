//! Field devices (P2): a key pair made on the device, bound to a user, approved by an admin.

use sea_orm_migration::prelude::*;

use super::m20261125_000001_org::Bureau;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Device {
    Table,
    BureauId,
    Id,
    UserId,
    Name,
    PublicKey,
    Status,
    CreatedAt,
    DecidedBy,
    DecidedAt,
    LastSeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Device::Table)
                .col(ColumnDef::new(Device::BureauId).big_integer().not_null())
                .col(ColumnDef::new(Device::Id).uuid().not_null())
                .col(ColumnDef::new(Device::UserId).uuid().not_null())
                .col(ColumnDef::new(Device::Name).string_len(128).not_null())
                // P-256 public key, uncompressed SEC1 point, base64url.
                .col(ColumnDef::new(Device::PublicKey).string_len(128).not_null())
                .col(ColumnDef::new(Device::Status).string_len(16).not_null())
                .col(ColumnDef::new(Device::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(Device::DecidedBy).uuid().null())
                .col(ColumnDef::new(Device::DecidedAt).big_integer().null())
                .col(ColumnDef::new(Device::LastSeenAt).big_integer().null())
                .primary_key(Index::create().col(Device::BureauId).col(Device::Id))
                .foreign_key(
                    ForeignKey::create()
                        .from(Device::Table, Device::BureauId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Device::Table).to_owned())
            .await
    }
}
