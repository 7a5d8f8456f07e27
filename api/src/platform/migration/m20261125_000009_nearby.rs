//! "Enterprises near me" (S5): a latitude index so a bounding box reads only a band of rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Enterprise {
    Table,
    Latitude,
    Longitude,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_enterprise_lat_lng")
                .table(Enterprise::Table)
                .col(Enterprise::Latitude)
                .col(Enterprise::Longitude)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_enterprise_lat_lng")
                .table(Enterprise::Table)
                .to_owned(),
        )
        .await
    }
}
