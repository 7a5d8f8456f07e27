//! Online monitoring (T3): the data loggers (数采仪) registered to monitoring points, each
//! point's limits per pollutant, the readings the HJ 212 gateway stores and the alarms the
//! platform raises from them.
//!
//! `reading` is the one large table: written thousands of rows a second, read by time window.
//! Its times are Unix seconds (`BIGINT`), its key ends in the data time so a point's series is
//! one index range, and on PostgreSQL it is partitioned by month of data time
//! (`reading_YYYYMM`, created ahead by the gateway, with a default partition so a packet from a
//! logger with a wrong clock is stored, not lost) so old months are dropped whole.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum DataLogger {
    Table,
    BureauId,
    Id,
    PointId,
    EnterpriseId,
    Mn,
    PwSha256,
    St,
    IntervalSecs,
    Active,
    CreatedAt,
    CreatedBy,
    LastSeenAt,
}

#[derive(Iden)]
enum PointLimit {
    Table,
    BureauId,
    PointId,
    Pollutant,
    Upper,
    Lower,
    Unit,
    Basis,
    Consecutive,
    UpdatedAt,
}

#[derive(Iden)]
enum Alarm {
    Table,
    BureauId,
    Id,
    EnterpriseId,
    PointId,
    Pollutant,
    Kind,
    Status,
    OpenedAt,
    LastAt,
    Peak,
    Threshold,
    Unit,
    Hits,
    Detail,
    TaskId,
    AcknowledgedBy,
    AcknowledgedAt,
    ClosedBy,
    ClosedAt,
    ClosedReason,
}

const READING_SQLITE: &str = "CREATE TABLE reading (
    bureau_id BIGINT NOT NULL,
    point_id TEXT NOT NULL,
    pollutant TEXT NOT NULL,
    cn SMALLINT NOT NULL,
    data_time BIGINT NOT NULL,
    rtd DOUBLE, min DOUBLE, avg DOUBLE, max DOUBLE, cou DOUBLE, zs DOUBLE,
    flag TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (bureau_id, point_id, pollutant, cn, data_time)
) WITHOUT ROWID";

const READING_PG: &str = "CREATE TABLE reading (
    bureau_id BIGINT NOT NULL,
    point_id UUID NOT NULL,
    pollutant VARCHAR(16) NOT NULL,
    cn SMALLINT NOT NULL,
    data_time BIGINT NOT NULL,
    rtd DOUBLE PRECISION, min DOUBLE PRECISION, avg DOUBLE PRECISION, max DOUBLE PRECISION,
    cou DOUBLE PRECISION, zs DOUBLE PRECISION,
    flag CHAR(1) NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (bureau_id, point_id, pollutant, cn, data_time)
) PARTITION BY RANGE (data_time);
CREATE TABLE reading_default PARTITION OF reading DEFAULT";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DataLogger::Table)
                .col(
                    ColumnDef::new(DataLogger::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(DataLogger::Id).uuid().not_null())
                .col(ColumnDef::new(DataLogger::PointId).uuid().not_null())
                .col(ColumnDef::new(DataLogger::EnterpriseId).uuid().not_null())
                .col(ColumnDef::new(DataLogger::Mn).string_len(32).not_null())
                .col(
                    ColumnDef::new(DataLogger::PwSha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(DataLogger::St).string_len(4).not_null())
                .col(
                    ColumnDef::new(DataLogger::IntervalSecs)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(DataLogger::Active).boolean().not_null())
                .col(
                    ColumnDef::new(DataLogger::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(DataLogger::CreatedBy).uuid().null())
                .col(ColumnDef::new(DataLogger::LastSeenAt).big_integer().null())
                .primary_key(
                    Index::create()
                        .col(DataLogger::BureauId)
                        .col(DataLogger::Id),
                )
                .to_owned(),
        )
        .await?;
        // A packet names only its MN: the gateway finds the logger (and so the tenant) by it.
        m.create_index(
            Index::create()
                .name("ux_data_logger_mn")
                .table(DataLogger::Table)
                .col(DataLogger::Mn)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PointLimit::Table)
                .col(
                    ColumnDef::new(PointLimit::BureauId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(PointLimit::PointId).uuid().not_null())
                .col(
                    ColumnDef::new(PointLimit::Pollutant)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(PointLimit::Upper).double().null())
                .col(ColumnDef::new(PointLimit::Lower).double().null())
                .col(ColumnDef::new(PointLimit::Unit).string_len(16).not_null())
                .col(ColumnDef::new(PointLimit::Basis).string_len(200).not_null())
                .col(ColumnDef::new(PointLimit::Consecutive).integer().not_null())
                .col(
                    ColumnDef::new(PointLimit::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(PointLimit::BureauId)
                        .col(PointLimit::PointId)
                        .col(PointLimit::Pollutant),
                )
                .to_owned(),
        )
        .await?;
        let sql = match m.get_database_backend() {
            DbBackend::Postgres => READING_PG,
            _ => READING_SQLITE,
        };
        for statement in sql.split(';') {
            m.get_connection().execute_unprepared(statement).await?;
        }
        m.create_table(alarm_table(Alarm::Table, false)).await?;
        // One open alarm per point, pollutant and kind: a repeat updates it (the gateway's
        // upsert relies on this index, on both databases).
        m.get_connection().execute_unprepared(UX_ALARM_OPEN).await?;
        m.create_index(ix_alarm_bureau_status()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alarm::Table).to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared("DROP TABLE reading")
            .await?;
        m.drop_table(Table::drop().table(PointLimit::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DataLogger::Table).to_owned())
            .await
    }
}

/// One open alarm per point, pollutant and kind.
pub(super) const UX_ALARM_OPEN: &str =
    "CREATE UNIQUE INDEX ux_alarm_open ON alarm (bureau_id, point_id, pollutant, kind) \
     WHERE status <> 'closed'";

pub(super) fn ix_alarm_bureau_status() -> IndexCreateStatement {
    Index::create()
        .name("ix_alarm_bureau_status")
        .table(Alarm::Table)
        .col(Alarm::BureauId)
        .col(Alarm::Status)
        .col(Alarm::LastAt)
        .to_owned()
}

/// The alarm table as this migration made it, under `table`; with `point_nullable` as a later
/// migration rebuilds it on SQLite (which cannot drop a NOT NULL in place), the columns in the
/// same order so that `INSERT … SELECT *` copies the rows.
pub(super) fn alarm_table(
    table: impl IntoIden + 'static,
    point_nullable: bool,
) -> TableCreateStatement {
    let mut point = ColumnDef::new(Alarm::PointId);
    point.uuid();
    if point_nullable {
        point.null();
    } else {
        point.not_null();
    }
    Table::create()
        .table(table)
        .col(ColumnDef::new(Alarm::BureauId).big_integer().not_null())
        .col(ColumnDef::new(Alarm::Id).uuid().not_null())
        .col(ColumnDef::new(Alarm::EnterpriseId).uuid().not_null())
        .col(point)
        .col(ColumnDef::new(Alarm::Pollutant).string_len(16).not_null())
        .col(ColumnDef::new(Alarm::Kind).string_len(16).not_null())
        .col(ColumnDef::new(Alarm::Status).string_len(16).not_null())
        .col(ColumnDef::new(Alarm::OpenedAt).big_integer().not_null())
        .col(ColumnDef::new(Alarm::LastAt).big_integer().not_null())
        .col(ColumnDef::new(Alarm::Peak).double().null())
        .col(ColumnDef::new(Alarm::Threshold).double().null())
        .col(ColumnDef::new(Alarm::Unit).string_len(16).not_null())
        .col(ColumnDef::new(Alarm::Hits).integer().not_null())
        .col(ColumnDef::new(Alarm::Detail).text().not_null())
        .col(ColumnDef::new(Alarm::TaskId).uuid().null())
        .col(ColumnDef::new(Alarm::AcknowledgedBy).uuid().null())
        .col(ColumnDef::new(Alarm::AcknowledgedAt).big_integer().null())
        .col(ColumnDef::new(Alarm::ClosedBy).uuid().null())
        .col(ColumnDef::new(Alarm::ClosedAt).big_integer().null())
        .col(ColumnDef::new(Alarm::ClosedReason).text().null())
        .primary_key(Index::create().col(Alarm::BureauId).col(Alarm::Id))
        .to_owned()
}
