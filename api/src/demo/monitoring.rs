//! The demo's online monitoring: a data logger (数采仪) on the first online points of every
//! county, with the limits of the national standards for its kind, so that a fake logger
//! (`huanjian send-hj212`) can raise an alarm on the desk. MN `HJ<county><8 digits>`, PW
//! `123456` (demo only, like the demo password).

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::monitoring::gateway::password_hash;
use crate::platform::entity::{data_logger, monitoring_point, point_limit};

/// Points per county that get a logger.
const PER_COUNTY: u64 = 40;
pub const DEMO_LOGGER_PW: &str = "123456";

/// (pollutant, lower, upper, unit, basis).
type Limit = (
    &'static str,
    Option<f64>,
    Option<f64>,
    &'static str,
    &'static str,
);

/// The limits per point kind.
const WATER: &[Limit] = &[
    (
        "w01018",
        None,
        Some(100.0),
        "mg/L",
        "GB 8978-1996 表4 一级标准",
    ),
    (
        "w21003",
        None,
        Some(15.0),
        "mg/L",
        "GB 8978-1996 表4 一级标准",
    ),
    (
        "w01001",
        Some(6.0),
        Some(9.0),
        "",
        "GB 8978-1996 表4 一级标准",
    ),
];
const GAS: &[Limit] = &[
    (
        "a21026",
        None,
        Some(50.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
    (
        "a21002",
        None,
        Some(100.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
    (
        "a34013",
        None,
        Some(20.0),
        "mg/m³",
        "GB 13223-2011 表2 特别排放限值",
    ),
];

/// The demo MN of a county's `n`-th logger.
pub fn demo_mn(county: i64, n: usize) -> String {
    format!("HJ{county}{n:08}")
}

pub async fn seed(db: &DatabaseConnection, counties: &[i64]) -> anyhow::Result<usize> {
    let now = time::OffsetDateTime::now_utc();
    let txn = db.begin().await?;
    let mut n_all = 0;
    for county in counties {
        let points = monitoring_point::Entity::find()
            .filter(monitoring_point::Column::BureauId.eq(*county))
            .filter(monitoring_point::Column::Online.eq(true))
            .order_by_asc(monitoring_point::Column::EnterpriseId)
            .order_by_asc(monitoring_point::Column::Code)
            .limit(PER_COUNTY)
            .all(&txn)
            .await?;
        let mut loggers = Vec::new();
        let mut limits = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let (st, table) = match p.kind.as_str() {
                "water" => ("32", WATER),
                "gas" => ("31", GAS),
                _ => continue,
            };
            let mn = demo_mn(*county, i + 1);
            // The id follows from the MN: the same seed gives the same rows.
            let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, mn.as_bytes());
            loggers.push(data_logger::ActiveModel {
                bureau_id: Set(*county),
                id: Set(id),
                point_id: Set(p.id),
                enterprise_id: Set(p.enterprise_id),
                pw_sha256: Set(password_hash(&mn, DEMO_LOGGER_PW)),
                mn: Set(mn),
                st: Set(st.into()),
                interval_secs: Set(30),
                active: Set(true),
                created_at: Set(now),
                created_by: Set(None),
                last_seen_at: Set(None),
            });
            for (code, lower, upper, unit, basis) in table {
                limits.push(point_limit::ActiveModel {
                    bureau_id: Set(*county),
                    point_id: Set(p.id),
                    pollutant: Set(code.to_string()),
                    upper: Set(*upper),
                    lower: Set(*lower),
                    unit: Set(unit.to_string()),
                    basis: Set(basis.to_string()),
                    consecutive: Set(3),
                    updated_at: Set(now),
                });
            }
        }
        n_all += loggers.len();
        if !loggers.is_empty() {
            data_logger::Entity::insert_many(loggers)
                .exec_without_returning(&txn)
                .await?;
            point_limit::Entity::insert_many(limits)
                .exec_without_returning(&txn)
                .await?;
        }
    }
    txn.commit().await?;
    Ok(n_all)
}
