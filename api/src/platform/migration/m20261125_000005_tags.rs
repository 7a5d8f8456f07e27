//! Tags of enterprises (重点排污单位, 涉水, 涉气, 涉危废, 涉VOCs, …) in categories.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum TagCategory {
    Table,
    Code,
    Name,
    Sort,
}

#[derive(Iden)]
enum Tag {
    Table,
    Code,
    CategoryCode,
    Name,
    Sort,
}

#[derive(Iden)]
enum EnterpriseTag {
    Table,
    BureauId,
    EnterpriseId,
    TagCode,
}

#[derive(Iden)]
enum Enterprise {
    Table,
    BureauId,
    Id,
    Name,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Reference tables: small, shared by every tenant.
        m.create_table(
            Table::create()
                .table(TagCategory::Table)
                .col(
                    ColumnDef::new(TagCategory::Code)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(TagCategory::Name).string_len(64).not_null())
                .col(ColumnDef::new(TagCategory::Sort).integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Tag::Table)
                .col(
                    ColumnDef::new(Tag::Code)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Tag::CategoryCode).string_len(32).not_null())
                .col(ColumnDef::new(Tag::Name).string_len(64).not_null())
                .col(ColumnDef::new(Tag::Sort).integer().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Tag::Table, Tag::CategoryCode)
                        .to(TagCategory::Table, TagCategory::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnterpriseTag::Table)
                .col(
                    ColumnDef::new(EnterpriseTag::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EnterpriseTag::EnterpriseId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EnterpriseTag::TagCode)
                        .string_len(32)
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(EnterpriseTag::BureauId)
                        .col(EnterpriseTag::EnterpriseId)
                        .col(EnterpriseTag::TagCode),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            EnterpriseTag::Table,
                            (EnterpriseTag::BureauId, EnterpriseTag::EnterpriseId),
                        )
                        .to(Enterprise::Table, (Enterprise::BureauId, Enterprise::Id)),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EnterpriseTag::Table, EnterpriseTag::TagCode)
                        .to(Tag::Table, Tag::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_enterprise_tag_tag")
                .table(EnterpriseTag::Table)
                .col(EnterpriseTag::TagCode)
                .col(EnterpriseTag::BureauId)
                .col(EnterpriseTag::EnterpriseId)
                .to_owned(),
        )
        .await?;
        // Keyset pagination walks enterprises by name within the jurisdiction.
        m.create_index(
            Index::create()
                .name("ix_enterprise_name")
                .table(Enterprise::Table)
                .col(Enterprise::Name)
                .col(Enterprise::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_enterprise_name")
                .table(Enterprise::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(EnterpriseTag::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Tag::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(TagCategory::Table).to_owned())
            .await
    }
}
