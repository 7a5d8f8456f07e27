//! The province's data for cases, kept as data and editable by the province administrator:
//! the working-day calendar (official holidays and 调休 make-up days) and the discretion
//! benchmark tables, every save of which is a new version with an effective date. Installed
//! from `shared`'s seeds on first start (idempotent).

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use shared::enforcement::calendar::{self, Calendar, CalendarEntry, DayKind};
use shared::enforcement::discretion::{self, BenchmarkTable};
use shared::enforcement::Day;
use shared::ApiError;
use time::OffsetDateTime;

use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::clock::{date_of, day_of};
use crate::platform::entity::{benchmark, bureau, holiday};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::Scope;
use crate::platform::stored;

/// Installs the seeded calendar (2025–2027) where none is stored yet (idempotent; run at every
/// start). A province's benchmark is installed from the seed when it is first read.
pub async fn install(db: &impl ConnectionTrait) -> AppResult<()> {
    if holiday::Entity::find().count(db).await? == 0 {
        let rows: Vec<_> = calendar::seeded()
            .into_iter()
            .map(|e| holiday::ActiveModel {
                day: Set(date_of(e.day)),
                kind: Set(e.kind.code().into()),
                name: Set(e.name),
            })
            .collect();
        for chunk in rows.chunks(200) {
            holiday::Entity::insert_many(chunk.to_vec())
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// The seeded benchmark, stored as version 1 for `province` if it has none yet.
pub async fn install_benchmark(db: &impl ConnectionTrait, province: &str) -> AppResult<()> {
    let stored = benchmark::Entity::find()
        .filter(benchmark::Column::Province.eq(province))
        .count(db)
        .await?;
    if stored > 0 {
        return Ok(());
    }
    let mut table: BenchmarkTable = serde_json::from_str(discretion::SEED_JSON)
        .map_err(|e| anyhow::anyhow!("seeded benchmark does not parse: {e}"))?;
    table.province = province.to_string();
    table.version = 1;
    // Two instances installing at once: one insert wins, the other does nothing.
    benchmark::Entity::insert(benchmark::ActiveModel {
        province: Set(province.into()),
        version: Set(1),
        effective_from: Set(date_of(table.effective_from)),
        body: Set(serde_json::to_string(&table).map_err(anyhow::Error::from)?),
        saved_by: Set(None),
        saved_at: Set(OffsetDateTime::now_utc()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            benchmark::Column::Province,
            benchmark::Column::Version,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The working-day calendar as stored.
pub async fn calendar(conn: &impl ConnectionTrait) -> AppResult<Calendar> {
    Ok(Calendar::new(entries(conn).await?))
}

pub async fn entries(conn: &impl ConnectionTrait) -> AppResult<Vec<CalendarEntry>> {
    holiday::Entity::find()
        .order_by_asc(holiday::Column::Day)
        .all(conn)
        .await?
        .into_iter()
        .map(|h| {
            Ok(CalendarEntry {
                day: day_of(h.day),
                kind: stored::code("holiday.kind", &h.kind, DayKind::from_code)?,
                name: h.name,
            })
        })
        .collect()
}

/// Replaces the entries of `year` (province administrators). Every entry must lie in `year`,
/// a holiday on a working day or a make-up day on a weekend, once.
pub async fn set_year(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    year: i32,
    list: Vec<CalendarEntry>,
) -> AppResult<Vec<CalendarEntry>> {
    province_admin(scope)?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("year", "年份应在2000至2100之间"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in &list {
        if e.day.year() != year {
            return Err(AppError::invalid(
                "entries",
                format!("{}不在{year}年", e.day.zh()),
            ));
        }
        if !seen.insert(e.day) {
            return Err(AppError::invalid("entries", format!("{}重复", e.day.zh())));
        }
        if e.name.trim().is_empty() {
            return Err(AppError::invalid(
                "entries",
                format!("{}缺少名称", e.day.zh()),
            ));
        }
        if e.kind == DayKind::Workday && !e.day.weekday().is_weekend() {
            return Err(AppError::invalid(
                "entries",
                format!("{}本是工作日，不能设为调休上班", e.day.zh()),
            ));
        }
    }
    let start = Day::from_ymd(year, 1, 1).ok_or(ApiError::NotFound)?;
    let end = Day::from_ymd(year, 12, 31).ok_or(ApiError::NotFound)?;
    let txn = audit::begin(db, caller.bureau_id.0).await?;
    holiday::Entity::delete_many()
        .filter(holiday::Column::Day.gte(date_of(start)))
        .filter(holiday::Column::Day.lte(date_of(end)))
        .exec(&txn)
        .await?;
    if !list.is_empty() {
        holiday::Entity::insert_many(list.iter().map(|e| holiday::ActiveModel {
            day: Set(date_of(e.day)),
            kind: Set(e.kind.code().into()),
            name: Set(e.name.trim().to_string()),
        }))
        .exec(&txn)
        .await?;
    }
    audit::append(
        &txn,
        caller.bureau_id.0,
        &Actor::of(caller),
        "calendar.set_year",
        &format!("calendar:{year}"),
        json!({ "after": list.len() }),
    )
    .await?;
    txn.commit().await?;
    Ok(entries(db)
        .await?
        .into_iter()
        .filter(|e| e.day.year() == year)
        .collect())
}

fn province_admin(scope: &Scope) -> AppResult<()> {
    if scope.root().parent_id.is_some() {
        return Err(ApiError::Forbidden.into());
    }
    Ok(())
}

/// The province (its root bureau) a bureau belongs to.
pub async fn province_of(conn: &impl ConnectionTrait, bureau_id: i64) -> AppResult<bureau::Model> {
    let b = bureau::Entity::find_by_id(bureau_id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let root: i64 = b
        .path
        .trim_matches('/')
        .split('/')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(b.id);
    Ok(bureau::Entity::find_by_id(root)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)?)
}

/// The benchmark in force for `province` on `day` (the newest version effective by then), or
/// a named version.
pub async fn benchmark(
    conn: &impl ConnectionTrait,
    province: &str,
    on: Day,
    version: Option<u32>,
) -> AppResult<BenchmarkTable> {
    install_benchmark(conn, province).await?;
    let mut q = benchmark::Entity::find().filter(benchmark::Column::Province.eq(province));
    q = match version {
        Some(v) => q.filter(benchmark::Column::Version.eq(v as i32)),
        None => q.filter(benchmark::Column::EffectiveFrom.lte(date_of(on))),
    };
    let row = q
        .order_by_desc(benchmark::Column::Version)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)?;
    stored::json("benchmark.body", &row.body)
}

/// Every version of the province's benchmark, newest first (title, version, effective date).
pub async fn versions(
    conn: &impl ConnectionTrait,
    province: &str,
) -> AppResult<Vec<BenchmarkTable>> {
    install_benchmark(conn, province).await?;
    benchmark::Entity::find()
        .filter(benchmark::Column::Province.eq(province))
        .order_by_desc(benchmark::Column::Version)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| stored::json("benchmark.body", &r.body))
        .collect()
}

/// Saves an edited benchmark as the next version (province administrators). The table must
/// validate; the version number is the server's, not the caller's.
pub async fn save_benchmark(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    mut table: BenchmarkTable,
) -> AppResult<BenchmarkTable> {
    province_admin(scope)?;
    if let Err(problems) = discretion::validate(&table) {
        return Err(AppError::invalid("table", problems.join("；")));
    }
    let province = scope.root().division_code.clone();
    let txn = audit::begin(db, caller.bureau_id.0).await?;
    let last = benchmark::Entity::find()
        .filter(benchmark::Column::Province.eq(&province))
        .order_by_desc(benchmark::Column::Version)
        .one(&txn)
        .await?
        .map_or(0, |r| r.version);
    table.province = province.clone();
    table.version = (last + 1) as u32;
    benchmark::Entity::insert(benchmark::ActiveModel {
        province: Set(province.clone()),
        version: Set(last + 1),
        effective_from: Set(date_of(table.effective_from)),
        body: Set(serde_json::to_string(&table).map_err(anyhow::Error::from)?),
        saved_by: Set(Some(caller.user_id)),
        saved_at: Set(OffsetDateTime::now_utc()),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::append(
        &txn,
        caller.bureau_id.0,
        &Actor::of(caller),
        "benchmark.save",
        &format!("benchmark:{province}:{}", last + 1),
        json!({ "version": last + 1, "effective_from": table.effective_from.to_string() }),
    )
    .await?;
    txn.commit().await?;
    Ok(table)
}
