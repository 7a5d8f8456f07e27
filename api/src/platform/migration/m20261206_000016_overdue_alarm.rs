//! Overdue-task alarms (T1, T3): an alarm about a task not done by its due day belongs to no
//! monitoring point, so `alarm.point_id` becomes nullable, and it names its task in
//! `overdue_task_id` (apart from `task_id`, the task an alarm was dispatched as). At most one
//! is open per task (`ux_alarm_overdue_open`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, TransactionTrait};

use super::m20261204_000014_monitoring::{alarm_table, ix_alarm_bureau_status, UX_ALARM_OPEN};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Alarm {
    Table,
    OverdueTaskId,
}

const UX_ALARM_OVERDUE_OPEN: &str =
    "CREATE UNIQUE INDEX ux_alarm_overdue_open ON alarm (bureau_id, overdue_task_id) \
     WHERE status <> 'closed' AND overdue_task_id IS NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE alarm ALTER COLUMN point_id DROP NOT NULL")
                    .await?;
            }
            backend => {
                // SQLite cannot drop a NOT NULL in place: the table is made again beside the
                // old one, the rows copied (same columns, same order), the old one dropped with
                // its indexes, and the indexes made again. One transaction on one connection
                // (sea-orm runs SQLite migrations outside one): all of it or nothing, and no
                // pooled connection with an older view of the schema in between.
                let txn = db.begin().await?;
                txn.execute(backend.build(&alarm_table(Alias::new("alarm_rebuilt"), true)))
                    .await?;
                for sql in [
                    "INSERT INTO alarm_rebuilt SELECT * FROM alarm",
                    "DROP TABLE alarm",
                    "ALTER TABLE alarm_rebuilt RENAME TO alarm",
                    UX_ALARM_OPEN,
                ] {
                    txn.execute_unprepared(sql).await?;
                }
                txn.execute(backend.build(&ix_alarm_bureau_status()))
                    .await?;
                txn.commit().await?;
            }
        }
        m.alter_table(
            Table::alter()
                .table(Alarm::Table)
                .add_column(ColumnDef::new(Alarm::OverdueTaskId).uuid().null())
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(UX_ALARM_OVERDUE_OPEN).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX ux_alarm_overdue_open")
            .await?;
        db.execute_unprepared("DELETE FROM alarm WHERE point_id IS NULL")
            .await?;
        m.alter_table(
            Table::alter()
                .table(Alarm::Table)
                .drop_column(Alarm::OverdueTaskId)
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("ALTER TABLE alarm ALTER COLUMN point_id SET NOT NULL")
                .await?;
        }
        // On SQLite the column stays nullable: no row without a point is left.
        Ok(())
    }
}
