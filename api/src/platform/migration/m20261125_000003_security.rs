//! Refresh tokens, sign-in throttling and the tamper-evident audit trail.

use sea_orm_migration::prelude::*;

use super::m20261125_000001_org::Bureau;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum RefreshToken {
    Table,
    BureauId,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(Iden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    LockedUntil,
    UpdatedAt,
}

#[derive(Iden)]
enum AuditLog {
    Table,
    BureauId,
    Seq,
    At,
    ActorId,
    ActorBureauId,
    DeviceId,
    Action,
    Target,
    Summary,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RefreshToken::Table)
                .col(
                    ColumnDef::new(RefreshToken::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RefreshToken::Id).uuid().not_null())
                .col(ColumnDef::new(RefreshToken::UserId).uuid().not_null())
                // Tokens rotated from one sign-in share a family: reuse of a spent token
                // revokes the whole family (the token was stolen).
                .col(ColumnDef::new(RefreshToken::FamilyId).uuid().not_null())
                .col(
                    ColumnDef::new(RefreshToken::TokenHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RefreshToken::ExpiresAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RefreshToken::UsedAt).big_integer().null())
                .col(ColumnDef::new(RefreshToken::RevokedAt).big_integer().null())
                .col(
                    ColumnDef::new(RefreshToken::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(RefreshToken::BureauId)
                        .col(RefreshToken::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshToken::Table, RefreshToken::BureauId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_refresh_token_hash")
                .table(RefreshToken::Table)
                .col(RefreshToken::BureauId)
                .col(RefreshToken::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginThrottle::Table)
                .col(
                    ColumnDef::new(LoginThrottle::Key)
                        .string_len(200)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                .col(
                    ColumnDef::new(LoginThrottle::LockedUntil)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(LoginThrottle::UpdatedAt)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(ColumnDef::new(AuditLog::BureauId).big_integer().not_null())
                .col(ColumnDef::new(AuditLog::Seq).big_integer().not_null())
                .col(ColumnDef::new(AuditLog::At).string_len(40).not_null())
                .col(ColumnDef::new(AuditLog::ActorId).uuid().null())
                .col(ColumnDef::new(AuditLog::ActorBureauId).big_integer().null())
                .col(ColumnDef::new(AuditLog::DeviceId).string_len(64).null())
                .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
                .col(ColumnDef::new(AuditLog::Target).string_len(255).not_null())
                .col(ColumnDef::new(AuditLog::Summary).text().not_null())
                .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                .primary_key(Index::create().col(AuditLog::BureauId).col(AuditLog::Seq))
                .foreign_key(
                    ForeignKey::create()
                        .from(AuditLog::Table, AuditLog::BureauId)
                        .to(Bureau::Table, Bureau::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(LoginThrottle::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RefreshToken::Table).to_owned())
            .await
    }
}
