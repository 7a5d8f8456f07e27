//! The enterprise search index and the search itself.
//!
//! Chinese has no spaces, so words cannot be indexed. Instead each searchable field (name,
//! address, legal representative) is folded (full-width → half-width, lower case, punctuation
//! and spaces dropped) and cut into overlapping character pairs plus its last character:
//! `宿州化工` → `宿州 州化 化工 工`. A query of two or more characters matches exactly where
//! its own pairs occur consecutively in one field (an FTS5 phrase); one character matches any
//! pair starting with it or a field ending with it (an FTS5 prefix query).
//!
//! SQLite keeps the pairs in the contentless FTS5 table `enterprise_fts`, whose rowid is the
//! enterprise's `seq`; results come in `seq` order straight from the index, so keyset paging
//! never sorts. PostgreSQL keeps the distinct pairs and characters in `search_grams text[]`
//! (GIN) and rechecks candidates against `search_text`, the folded fields joined by `|`.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, Iterable, Statement, Value,
};
use shared::dossier::PermitStatus;
use shared::enterprise::{normalise_query, EnterpriseStatus};
use shared::query::EnterpriseSearch;
use shared::risk::RiskLevel;

use crate::platform::entity::enterprise;
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::Scope;

/// What people type, folded the way the index is: half-width, lower case, letters and digits.
pub fn fold(s: &str) -> String {
    shared::credit_code::to_half_width(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Overlapping pairs of a folded text, then its last character.
pub fn pairs(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    if let Some(last) = chars.last() {
        out.push(last.to_string());
    }
    out
}

/// The FTS5 query for a folded, non-empty query string.
pub fn fts_query(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    if chars.len() == 1 {
        format!("\"{}\"*", chars[0])
    } else {
        let p: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
        format!("\"{}\"", p.join(" "))
    }
}

/// Whether a (normalised) query is the start of a credit code: letters and digits with a digit.
/// Such a search is ordered by the code itself (an index range), not by registration.
pub fn is_code_prefix(q: &str) -> bool {
    q.len() >= 2
        && q.chars().all(|c| c.is_ascii_alphanumeric())
        && q.chars().any(|c| c.is_ascii_digit())
}

/// The `after` cursor continuing a page that ended with `e`.
pub fn cursor(s: &EnterpriseSearch, e: &enterprise::Model) -> String {
    if is_code_prefix(&normalise_query(&s.q)) {
        format!("c{}", e.credit_code)
    } else {
        e.seq.to_string()
    }
}

/// Distinct pairs and single characters, for PostgreSQL's array index.
fn pg_grams(fields: &[&str]) -> Vec<String> {
    let mut set = std::collections::BTreeSet::new();
    for f in fields {
        let chars: Vec<char> = f.chars().collect();
        for c in &chars {
            set.insert(c.to_string());
        }
        for w in chars.windows(2) {
            set.insert(w.iter().collect::<String>());
        }
    }
    set.into_iter().collect()
}

fn pg_query_grams(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    if chars.len() == 1 {
        vec![folded.to_string()]
    } else {
        let mut v: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Reserves `n` consecutive `seq` numbers and returns the first.
pub async fn reserve_seq(conn: &impl ConnectionTrait, n: i64) -> AppResult<i64> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE id_counter SET value = value + $1 WHERE name = 'enterprise_seq' RETURNING value"
        }
        _ => {
            "UPDATE id_counter SET value = value + ? WHERE name = 'enterprise_seq' RETURNING value"
        }
    };
    let row = conn
        .query_one(Statement::from_sql_and_values(backend, sql, [n.into()]))
        .await?
        .ok_or_else(|| anyhow::anyhow!("id_counter row missing"))?;
    let last: i64 = row.try_get("", "value")?;
    Ok(last - n + 1)
}

/// (Re)indexes enterprises for search; call in the transaction that writes them.
pub async fn index(conn: &impl ConnectionTrait, rows: &[enterprise::Model]) -> AppResult<()> {
    let backend = conn.get_database_backend();
    if backend == DbBackend::Postgres {
        // One statement per 200 rows; the grams are letters and digits only, so the array
        // literal needs no quoting.
        for chunk in rows.chunks(200) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
            let mut tuples = Vec::with_capacity(chunk.len());
            for (k, e) in chunk.iter().enumerate() {
                let (name, address, person) = (
                    fold(&e.name),
                    fold(&e.address),
                    fold(&e.legal_representative),
                );
                let grams = pg_grams(&[&name, &address, &person]);
                let n = k * 4;
                tuples.push(format!(
                    "(${}::bigint, ${}::uuid, ${}::text, ${}::text[])",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4
                ));
                values.push(e.bureau_id.into());
                values.push(e.id.into());
                values.push(format!("{name}|{address}|{person}").into());
                values.push(format!("{{{}}}", grams.join(",")).into());
            }
            conn.execute(Statement::from_sql_and_values(
                backend,
                format!(
                    "UPDATE enterprise e SET search_text = v.t, search_grams = v.g \
                     FROM (VALUES {}) AS v(b, i, t, g) WHERE e.bureau_id = v.b AND e.id = v.i",
                    tuples.join(", ")
                ),
                values,
            ))
            .await?;
        }
        return Ok(());
    }
    for e in rows {
        let (name, address, person) = (
            fold(&e.name),
            fold(&e.address),
            fold(&e.legal_representative),
        );
        conn.execute(Statement::from_sql_and_values(
            backend,
            "DELETE FROM enterprise_fts WHERE rowid = ?",
            [e.seq.into()],
        ))
        .await?;
        conn.execute(Statement::from_sql_and_values(
            backend,
            "INSERT INTO enterprise_fts (rowid, name, address, person) VALUES (?, ?, ?, ?)",
            [
                e.seq.into(),
                pairs(&name).join(" ").into(),
                pairs(&address).join(" ").into(),
                pairs(&person).join(" ").into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// Indexes enterprises inserted in bulk (the seed, imports). SQLite only needs the FTS rows;
/// PostgreSQL's columns are filled by [`index`] once the rows exist.
pub async fn index_new(conn: &impl ConnectionTrait, rows: &[enterprise::Model]) -> AppResult<()> {
    let backend = conn.get_database_backend();
    if backend != DbBackend::Sqlite {
        return Ok(());
    }
    for chunk in rows.chunks(400) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 4);
        for e in chunk {
            values.push(e.seq.into());
            values.push(pairs(&fold(&e.name)).join(" ").into());
            values.push(pairs(&fold(&e.address)).join(" ").into());
            values.push(pairs(&fold(&e.legal_representative)).join(" ").into());
        }
        let marks = vec!["(?, ?, ?, ?)"; chunk.len()].join(", ");
        conn.execute(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO enterprise_fts (rowid, name, address, person) VALUES {marks}"),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// SQL text with placeholders in the backend's style.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }
    fn and(&mut self, clause: &str) {
        self.text.push_str(" AND ");
        self.text.push_str(clause);
    }
}

fn bad(field: &str, msg: &str) -> AppError {
    AppError::invalid(field, msg)
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Enterprises of the jurisdiction matching `s`, newest registration first, `limit + 1` rows
/// (one more than the page, to know whether another page follows).
pub async fn find(
    db: &DatabaseConnection,
    scope: &Scope,
    s: &EnterpriseSearch,
    limit: u64,
) -> AppResult<Vec<enterprise::Model>> {
    let cols: Vec<String> = enterprise::Column::iter()
        .map(|c| format!("e.{}", sea_orm::IdenStatic::as_str(&c)))
        .collect();
    let stmt = statement(db.get_database_backend(), scope, s, &cols.join(", "), limit)?;
    Ok(enterprise::Model::find_by_statement(stmt).all(db).await?)
}

/// A point on the map.
#[derive(Debug, FromQueryResult)]
pub struct PointRow {
    pub bureau_id: i64,
    pub id: uuid::Uuid,
    pub name: String,
    pub longitude: f64,
    pub latitude: f64,
    pub risk_level: String,
}

/// Like [`find`], only what the map needs.
pub async fn find_points(
    db: &DatabaseConnection,
    scope: &Scope,
    s: &EnterpriseSearch,
    limit: u64,
) -> AppResult<Vec<PointRow>> {
    let stmt = statement(
        db.get_database_backend(),
        scope,
        s,
        "e.bureau_id, e.id, e.name, e.longitude, e.latitude, e.risk_level",
        limit,
    )?;
    Ok(PointRow::find_by_statement(stmt).all(db).await?)
}

fn statement(
    backend: DbBackend,
    scope: &Scope,
    s: &EnterpriseSearch,
    cols: &str,
    limit: u64,
) -> AppResult<Statement> {
    let mut sql = Sql {
        backend,
        text: String::new(),
        values: Vec::new(),
    };
    let q = normalise_query(&s.q);
    let code_prefix = is_code_prefix(&q);
    let folded = if code_prefix { String::new() } else { fold(&q) };
    let mut order = "e.seq".to_string();
    if !folded.is_empty() && backend == DbBackend::Sqlite {
        let m = sql.bind(fts_query(&folded));
        sql.text = format!(
            "SELECT {cols} FROM enterprise_fts JOIN enterprise e ON e.seq = enterprise_fts.rowid \
             WHERE enterprise_fts MATCH {m}"
        );
        order = "enterprise_fts.rowid".into();
    } else {
        sql.text = format!("SELECT {cols} FROM enterprise e WHERE 1 = 1");
        if !folded.is_empty() {
            let grams: Vec<String> = pg_query_grams(&folded)
                .into_iter()
                .map(|g| sql.bind(g))
                .collect();
            let like = sql.bind(format!("%{folded}%"));
            sql.and(&format!(
                "e.search_grams @> ARRAY[{}]::text[] AND e.search_text LIKE {like}",
                grams.join(", ")
            ));
        }
    }
    let mut descending = true;
    if code_prefix {
        let upper = q.to_ascii_uppercase();
        let lo = sql.bind(upper.clone());
        let hi = sql.bind(format!("{upper}~"));
        sql.and(&format!("e.credit_code >= {lo} AND e.credit_code < {hi}"));
        order = "e.credit_code".into();
        descending = false;
    }
    let ids: Vec<String> = scope
        .bureau_ids()
        .into_iter()
        .map(|b| sql.bind(b))
        .collect();
    sql.and(&format!("e.bureau_id IN ({})", ids.join(", ")));
    if let Some(d) = nonempty(&s.division) {
        if d.len() != 6 || !d.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("division", "行政区划代码应为6位数字"));
        }
        let p = sql.bind(d.to_string());
        sql.and(&format!("e.division_code = {p}"));
    }
    if let Some(st) = nonempty(&s.status) {
        let st = EnterpriseStatus::from_code(st).ok_or_else(|| bad("status", "生产状态无效"))?;
        let p = sql.bind(st.code());
        sql.and(&format!("e.status = {p}"));
    }
    if let Some(r) = nonempty(&s.risk) {
        let r = RiskLevel::from_code(r).ok_or_else(|| bad("risk", "风险等级无效"))?;
        let p = sql.bind(r.code());
        sql.and(&format!("e.risk_level = {p}"));
    }
    if let Some(r) = nonempty(&s.permit) {
        let r = PermitStatus::from_code(r).ok_or_else(|| bad("permit", "许可证状态无效"))?;
        let p = sql.bind(r.code());
        sql.and(&format!("e.permit_status = {p}"));
    }
    if let Some(ind) = nonempty(&s.industry) {
        if ind.len() > 5 || !ind.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad("industry", "行业代码无效"));
        }
        let p = sql.bind(format!("{}%", ind.to_ascii_uppercase()));
        sql.and(&format!("e.industry_code LIKE {p}"));
    }
    if let Some(t) = nonempty(&s.tag) {
        let p = sql.bind(t.to_string());
        sql.and(&format!(
            "EXISTS (SELECT 1 FROM enterprise_tag t WHERE t.bureau_id = e.bureau_id \
             AND t.enterprise_id = e.id AND t.tag_code = {p})"
        ));
    }
    if let Some(after) = nonempty(&s.after) {
        let invalid = || bad("after", "翻页参数无效，请重新查询");
        if descending {
            let seq: i64 = after.parse().map_err(|_| invalid())?;
            let p = sql.bind(seq);
            sql.and(&format!("{order} < {p}"));
        } else {
            let code = after.strip_prefix('c').ok_or_else(invalid)?;
            let p = sql.bind(code.to_string());
            sql.and(&format!("{order} > {p}"));
        }
    }
    let lim = sql.bind(limit as i64 + 1);
    let direction = if descending { "DESC" } else { "ASC" };
    sql.text
        .push_str(&format!(" ORDER BY {order} {direction} LIMIT {lim}"));
    Ok(Statement::from_sql_and_values(
        backend, sql.text, sql.values,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_pairs() {
        assert_eq!(fold("宿州（ＡＢＣ）化工 有限公司"), "宿州abc化工有限公司");
        assert_eq!(pairs("宿州化工"), ["宿州", "州化", "化工", "工"]);
        assert_eq!(pairs("王"), ["王"]);
        assert_eq!(fts_query("化工厂"), "\"化工 工厂\"");
        assert_eq!(fts_query("化"), "\"化\"*");
        assert_eq!(pg_query_grams("化工化工"), ["化工", "工化"]);
    }
}
