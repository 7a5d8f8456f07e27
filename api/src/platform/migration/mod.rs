//! Schema migrations, ordered by name; the same code runs on SQLite and PostgreSQL.
//!
//! Layout rule for scale-out (Citus): every tenant-owned table carries `bureau_id` (the owning
//! bureau) first in its primary key and in every foreign key between tenant tables, so that it
//! can become the distribution column; `division` and `bureau` are small reference tables.

use sea_orm_migration::prelude::*;

mod m20261125_000001_org;
mod m20261125_000002_enterprise;
mod m20261125_000003_security;
mod m20261125_000004_device;
mod m20261125_000005_tags;
mod m20261125_000006_dossier;
mod m20261125_000007_tasks;
mod m20261125_000008_checklists;
mod m20261125_000009_nearby;
mod m20261125_000010_inspections;
mod m20261125_000011_jobs;
mod m20261202_000012_enforcement;
mod m20261203_000013_case_source;
mod m20261204_000014_monitoring;
mod m20261205_000015_field_force;
mod m20261206_000016_overdue_alarm;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_org::Migration),
            Box::new(m20261125_000002_enterprise::Migration),
            Box::new(m20261125_000003_security::Migration),
            Box::new(m20261125_000004_device::Migration),
            Box::new(m20261125_000005_tags::Migration),
            Box::new(m20261125_000006_dossier::Migration),
            Box::new(m20261125_000007_tasks::Migration),
            Box::new(m20261125_000008_checklists::Migration),
            Box::new(m20261125_000009_nearby::Migration),
            Box::new(m20261125_000010_inspections::Migration),
            Box::new(m20261125_000011_jobs::Migration),
            Box::new(m20261202_000012_enforcement::Migration),
            Box::new(m20261203_000013_case_source::Migration),
            Box::new(m20261204_000014_monitoring::Migration),
            Box::new(m20261205_000015_field_force::Migration),
            Box::new(m20261206_000016_overdue_alarm::Migration),
        ]
    }
}
