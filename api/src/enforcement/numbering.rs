//! Document numbers (文号): one sequence per issuing bureau, document kind and year, written
//! like 宿埇环罚〔2026〕12号. The number is taken inside the transaction that issues the document,
//! so a rolled-back issue gives its number back (no gaps), and the increment is one atomic
//! `UPDATE … RETURNING` on the sequence row, which the database serialises (no duplicates; a
//! unique index on the documents refuses one anyway). Works the same on SQLite and PostgreSQL.

use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, StatementBuilder};
use shared::enforcement::case::DocKind;

use crate::platform::entity::{bureau, doc_sequence};
use crate::platform::error::AppResult;

/// The next number of `kind` in `year` for `bureau`.
pub async fn next(
    txn: &DatabaseTransaction,
    bureau: i64,
    kind: DocKind,
    year: i32,
) -> AppResult<i64> {
    let backend = txn.get_database_backend();
    let insert = Query::insert()
        .into_table(doc_sequence::Entity)
        .columns([
            doc_sequence::Column::BureauId,
            doc_sequence::Column::Kind,
            doc_sequence::Column::Year,
            doc_sequence::Column::Last,
        ])
        .values_panic([bureau.into(), kind.code().into(), year.into(), 0i64.into()])
        .on_conflict(
            OnConflict::columns([
                doc_sequence::Column::BureauId,
                doc_sequence::Column::Kind,
                doc_sequence::Column::Year,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    txn.execute(StatementBuilder::build(&insert, &backend))
        .await?;
    let update = Query::update()
        .table(doc_sequence::Entity)
        .value(
            doc_sequence::Column::Last,
            Expr::col(doc_sequence::Column::Last).add(1),
        )
        .and_where(Expr::col(doc_sequence::Column::BureauId).eq(bureau))
        .and_where(Expr::col(doc_sequence::Column::Kind).eq(kind.code()))
        .and_where(Expr::col(doc_sequence::Column::Year).eq(year))
        .returning_col(doc_sequence::Column::Last)
        .to_owned();
    let row = txn
        .query_one(StatementBuilder::build(&update, &backend))
        .await?
        .ok_or_else(|| anyhow::anyhow!("document sequence row missing after insert"))?;
    Ok(row.try_get::<i64>("", "last")?)
}

/// Provinces' one-character names (简称), by the first two digits of the division code.
const PROVINCES: [(&str, &str); 34] = [
    ("11", "京"),
    ("12", "津"),
    ("13", "冀"),
    ("14", "晋"),
    ("15", "蒙"),
    ("21", "辽"),
    ("22", "吉"),
    ("23", "黑"),
    ("31", "沪"),
    ("32", "苏"),
    ("33", "浙"),
    ("34", "皖"),
    ("35", "闽"),
    ("36", "赣"),
    ("37", "鲁"),
    ("41", "豫"),
    ("42", "鄂"),
    ("43", "湘"),
    ("44", "粤"),
    ("45", "桂"),
    ("46", "琼"),
    ("50", "渝"),
    ("51", "川"),
    ("52", "黔"),
    ("53", "滇"),
    ("54", "藏"),
    ("61", "陕"),
    ("62", "甘"),
    ("63", "青"),
    ("64", "宁"),
    ("65", "新"),
    ("71", "台"),
    ("81", "港"),
    ("82", "澳"),
];

/// The issuing bureau's short name in document numbers: the province's 简称 for a province
/// (皖环), the city's first character for a city (宿环), and the city's and the county's first
/// characters for a county (宿埇环), each followed by 环.
pub async fn short_name(conn: &impl ConnectionTrait, b: &bureau::Model) -> AppResult<String> {
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let level = crate::platform::stored::code("bureau.level", &b.level, shared::Level::from_code)?;
    let name = match level {
        shared::Level::Province => PROVINCES
            .iter()
            .find(|(p, _)| b.division_code.starts_with(p))
            .map(|(_, s)| s.to_string())
            .unwrap_or_else(|| first(&b.name)),
        shared::Level::City => first(&b.name),
        _ => {
            let parent = match b.parent_id {
                Some(p) => bureau::Entity::find_by_id(p).one(conn).await?,
                None => None,
            };
            match parent.filter(|p| p.level == shared::Level::City.code()) {
                Some(city) => {
                    let city_name = city.name.split_inclusive('市').next().unwrap_or("");
                    let own = b.name.strip_prefix(city_name).unwrap_or(&b.name);
                    format!("{}{}", first(&city.name), first(own))
                }
                None => first(&b.name),
            }
        }
    };
    Ok(format!("{name}环"))
}
