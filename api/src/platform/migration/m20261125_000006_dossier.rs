//! The rest of the dossier: permits, construction projects, monitoring points, the timeline,
//! the stored risk index and the search index.
//!
//! Search: every enterprise gets an integer `seq` (registration order, newest last). Its name,
//! address and legal representative are cut into overlapping character pairs (bigrams) plus the
//! last character; a substring query becomes a phrase of its pairs. On SQLite the pairs live in a
//! contentless FTS5 table keyed by `seq`; on PostgreSQL in a `text[]` column with a GIN index,
//! rechecked against the folded text. See `crate::registry::search`.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Enterprise {
    Table,
    BureauId,
    Id,
    Seq,
    RiskScore,
    RiskLevel,
    RiskReasons,
    PermitStatus,
    DivisionCode,
    CreditCode,
}

#[derive(Iden)]
enum Permit {
    Table,
    BureauId,
    Id,
    EnterpriseId,
    Number,
    Category,
    IssuedBy,
    ValidFrom,
    ValidUntil,
    CreatedAt,
}

#[derive(Iden)]
enum Project {
    Table,
    BureauId,
    Id,
    Name,
    Builder,
    CreditCode,
    LegalRepresentative,
    Address,
    DivisionCode,
    Longitude,
    Latitude,
    IndustryCode,
    EiaCategory,
    EiaApprovalNo,
    EiaApprovedOn,
    Stage,
    AcceptedOn,
    EnterpriseId,
    CreatedAt,
}

#[derive(Iden)]
enum MonitoringPoint {
    Table,
    BureauId,
    Id,
    EnterpriseId,
    Code,
    Name,
    Kind,
    Pollutants,
    Online,
    Longitude,
    Latitude,
}

#[derive(Iden)]
enum TimelineEvent {
    Table,
    BureauId,
    Id,
    EnterpriseId,
    Kind,
    OccurredAt,
    Title,
    Detail,
    RefId,
    ActorId,
    CreatedAt,
}

#[derive(Iden)]
enum Setting {
    Table,
    Key,
    Value,
}

#[derive(Iden)]
enum IdCounter {
    Table,
    Name,
    Value,
}

fn text(c: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(c).string_len(len).not_null().to_owned()
}

fn tenant_key(t: &mut TableCreateStatement, bureau: impl IntoIden, id: impl IntoIden) {
    let (b, i) = (bureau.into_iden(), id.into_iden());
    t.col(ColumnDef::new(b.clone()).big_integer().not_null())
        .col(ColumnDef::new(i.clone()).uuid().not_null())
        .primary_key(Index::create().col(b).col(i));
}

/// A foreign key to the enterprise, carrying the bureau like every key between tenant tables.
fn to_enterprise(
    t: &mut TableCreateStatement,
    from: impl IntoIden + 'static,
    bureau: impl IntoIden + 'static,
    ent: impl IntoIden + 'static,
) {
    t.foreign_key(
        ForeignKey::create()
            .from(from, (bureau, ent))
            .to(Enterprise::Table, (Enterprise::BureauId, Enterprise::Id)),
    );
}

async fn exec(m: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    db.execute(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        for col in [
            ColumnDef::new(Enterprise::Seq)
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Enterprise::RiskScore)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            text(Enterprise::RiskLevel, 8).default("green").to_owned(),
            ColumnDef::new(Enterprise::RiskReasons)
                .text()
                .not_null()
                .default("[]")
                .to_owned(),
            text(Enterprise::PermitStatus, 16)
                .default("none")
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Enterprise::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        // Existing enterprises get their seq in registration order.
        match backend {
            DbBackend::Postgres => {
                exec(
                    m,
                    "UPDATE enterprise e SET seq = s.n FROM (SELECT bureau_id, id, \
                     row_number() OVER (ORDER BY created_at, id) AS n FROM enterprise) s \
                     WHERE e.bureau_id = s.bureau_id AND e.id = s.id",
                )
                .await?;
                exec(
                    m,
                    "ALTER TABLE enterprise ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
                )
                .await?;
                exec(
                    m,
                    "ALTER TABLE enterprise ADD COLUMN search_grams TEXT[] NOT NULL DEFAULT '{}'",
                )
                .await?;
                exec(
                    m,
                    "CREATE INDEX ix_enterprise_grams ON enterprise USING GIN (search_grams)",
                )
                .await?;
                // Pairs are far from independent; a long list of most common elements keeps the
                // planner from taking a common pair for a rare one (ANALYZE reads it).
                exec(
                    m,
                    "ALTER TABLE enterprise ALTER COLUMN search_grams SET STATISTICS 10000",
                )
                .await?;
            }
            _ => {
                exec(m, "UPDATE enterprise SET seq = rowid").await?;
                exec(
                    m,
                    "CREATE VIRTUAL TABLE enterprise_fts USING fts5(name, address, person, \
                     content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
            }
        }
        m.create_table(
            Table::create()
                .table(IdCounter::Table)
                .col(text(IdCounter::Name, 32).primary_key())
                .col(ColumnDef::new(IdCounter::Value).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        exec(
            m,
            "INSERT INTO id_counter (name, value) SELECT 'enterprise_seq', COALESCE(MAX(seq), 0) FROM enterprise",
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_enterprise_seq")
                .table(Enterprise::Table)
                .col(Enterprise::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        // Credit-code prefix searches walk this range in code order across the jurisdiction.
        m.create_index(
            Index::create()
                .name("ix_enterprise_code")
                .table(Enterprise::Table)
                .col(Enterprise::CreditCode)
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_enterprise_division_seq", Enterprise::DivisionCode),
            ("ix_enterprise_risk_seq", Enterprise::RiskLevel),
            ("ix_enterprise_permit_seq", Enterprise::PermitStatus),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Enterprise::Table)
                    .col(col)
                    .col(Enterprise::Seq)
                    .to_owned(),
            )
            .await?;
        }

        let mut permit = Table::create().table(Permit::Table).to_owned();
        tenant_key(&mut permit, Permit::BureauId, Permit::Id);
        permit
            .col(ColumnDef::new(Permit::EnterpriseId).uuid().not_null())
            .col(text(Permit::Number, 40))
            .col(text(Permit::Category, 16))
            .col(text(Permit::IssuedBy, 64))
            .col(ColumnDef::new(Permit::ValidFrom).date().not_null())
            .col(ColumnDef::new(Permit::ValidUntil).date().not_null())
            .col(
                ColumnDef::new(Permit::CreatedAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            );
        to_enterprise(
            &mut permit,
            Permit::Table,
            Permit::BureauId,
            Permit::EnterpriseId,
        );
        m.create_table(permit).await?;
        m.create_index(
            Index::create()
                .name("ux_permit_number")
                .table(Permit::Table)
                .col(Permit::BureauId)
                .col(Permit::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_permit_enterprise")
                .table(Permit::Table)
                .col(Permit::BureauId)
                .col(Permit::EnterpriseId)
                .to_owned(),
        )
        .await?;

        let mut project = Table::create().table(Project::Table).to_owned();
        tenant_key(&mut project, Project::BureauId, Project::Id);
        project
            .col(text(Project::Name, 128))
            .col(text(Project::Builder, 128))
            .col(text(Project::CreditCode, 18))
            .col(text(Project::LegalRepresentative, 64))
            .col(text(Project::Address, 255))
            .col(text(Project::DivisionCode, 12))
            .col(ColumnDef::new(Project::Longitude).double().not_null())
            .col(ColumnDef::new(Project::Latitude).double().not_null())
            .col(text(Project::IndustryCode, 8))
            .col(text(Project::EiaCategory, 16))
            .col(text(Project::EiaApprovalNo, 64))
            .col(ColumnDef::new(Project::EiaApprovedOn).date().not_null())
            .col(text(Project::Stage, 16))
            .col(ColumnDef::new(Project::AcceptedOn).date().null())
            .col(ColumnDef::new(Project::EnterpriseId).uuid().null())
            .col(
                ColumnDef::new(Project::CreatedAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            );
        m.create_table(project).await?;
        m.create_index(
            Index::create()
                .name("ix_project_enterprise")
                .table(Project::Table)
                .col(Project::BureauId)
                .col(Project::EnterpriseId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_project_credit_code")
                .table(Project::Table)
                .col(Project::CreditCode)
                .to_owned(),
        )
        .await?;

        let mut point = Table::create().table(MonitoringPoint::Table).to_owned();
        tenant_key(&mut point, MonitoringPoint::BureauId, MonitoringPoint::Id);
        point
            .col(
                ColumnDef::new(MonitoringPoint::EnterpriseId)
                    .uuid()
                    .not_null(),
            )
            .col(text(MonitoringPoint::Code, 32))
            .col(text(MonitoringPoint::Name, 64))
            .col(text(MonitoringPoint::Kind, 16))
            .col(text(MonitoringPoint::Pollutants, 255))
            .col(ColumnDef::new(MonitoringPoint::Online).boolean().not_null())
            .col(
                ColumnDef::new(MonitoringPoint::Longitude)
                    .double()
                    .not_null(),
            )
            .col(
                ColumnDef::new(MonitoringPoint::Latitude)
                    .double()
                    .not_null(),
            );
        to_enterprise(
            &mut point,
            MonitoringPoint::Table,
            MonitoringPoint::BureauId,
            MonitoringPoint::EnterpriseId,
        );
        m.create_table(point).await?;
        m.create_index(
            Index::create()
                .name("ix_monitoring_point_enterprise")
                .table(MonitoringPoint::Table)
                .col(MonitoringPoint::BureauId)
                .col(MonitoringPoint::EnterpriseId)
                .to_owned(),
        )
        .await?;

        let mut event = Table::create().table(TimelineEvent::Table).to_owned();
        tenant_key(&mut event, TimelineEvent::BureauId, TimelineEvent::Id);
        event
            .col(
                ColumnDef::new(TimelineEvent::EnterpriseId)
                    .uuid()
                    .not_null(),
            )
            .col(text(TimelineEvent::Kind, 24))
            .col(
                ColumnDef::new(TimelineEvent::OccurredAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(text(TimelineEvent::Title, 255))
            .col(ColumnDef::new(TimelineEvent::Detail).text().not_null())
            .col(ColumnDef::new(TimelineEvent::RefId).string_len(64).null())
            .col(ColumnDef::new(TimelineEvent::ActorId).uuid().null())
            .col(
                ColumnDef::new(TimelineEvent::CreatedAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            );
        to_enterprise(
            &mut event,
            TimelineEvent::Table,
            TimelineEvent::BureauId,
            TimelineEvent::EnterpriseId,
        );
        m.create_table(event).await?;
        m.create_index(
            Index::create()
                .name("ix_timeline_enterprise")
                .table(TimelineEvent::Table)
                .col(TimelineEvent::BureauId)
                .col(TimelineEvent::EnterpriseId)
                .col(TimelineEvent::OccurredAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Setting::Table)
                .col(text(Setting::Key, 64).primary_key())
                .col(ColumnDef::new(Setting::Value).text().not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "setting",
            "timeline_event",
            "monitoring_point",
            "project",
            "permit",
            "id_counter",
        ] {
            exec(m, &format!("DROP TABLE {t}")).await?;
        }
        if m.get_database_backend() == DbBackend::Sqlite {
            exec(m, "DROP TABLE enterprise_fts").await?;
        }
        Ok(())
    }
}
