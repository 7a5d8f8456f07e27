//! Import and export (P5): enterprises and permits from CSV or XLSX with a dry run, and any
//! filtered list out to XLSX or CSV.
//!
//! An import is checked whole before anything is written: every problem is reported with its
//! spreadsheet row, column header and a reason in Chinese, and a file with any problem writes
//! nothing. A clean file is written in one transaction, together with the background job that
//! then recomputes the risk of every enterprise it touched (`jobs`; the report names the job).
//! Export uses the import's own column headers, so an exported sheet can be corrected and
//! imported back. Reading an uploaded sheet and writing an export run off the async workers.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, QueryFilter,
};
use serde_json::json;
use shared::dossier::{ImportIssue, ImportReport, PermitCategory, TimelineKind};
use shared::enterprise::{check, EnterpriseStatus};
use shared::job::{JobKind, JobView};
use shared::query::{EnterpriseSearch, ExportFormat, ImportKind};
use shared::{ApiError, CreditCode, Lang};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::dossier::{owning_bureau, to_date};
use super::enterprises::{industry_name, summary, tags_of};
use crate::history::{self, timeline, NewEvent};
use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{enterprise, enterprise_tag, permit, tag};
use crate::platform::error::{AppError, AppResult};
use crate::platform::queue::{self, Enterprises, NewJob};
use crate::platform::scope::Scope;
use crate::platform::{blocking, stored};

/// The most rows one file may carry.
pub const MAX_ROWS: usize = 50_000;
/// The most rows one export may carry.
pub const MAX_EXPORT: u64 = 100_000;

/// Columns of the enterprise sheet: header and whether it is required.
pub const ENTERPRISE_COLUMNS: &[(&str, bool)] = &[
    ("企业名称", true),
    ("统一社会信用代码", true),
    ("法定代表人", true),
    ("详细地址", true),
    ("行政区划代码", true),
    ("经度", true),
    ("纬度", true),
    ("行业代码", true),
    ("企业规模", false),
    ("联系人", false),
    ("联系电话", false),
    ("生产状态", false),
    ("标签", false),
];

pub const PERMIT_COLUMNS: &[(&str, bool)] = &[
    ("统一社会信用代码", true),
    ("许可证编号", true),
    ("管理类别", true),
    ("有效期起", true),
    ("有效期至", true),
    ("发证机关", false),
];

/// Export-only columns, after the importable ones.
const EXPORT_EXTRA: &[&str] = &["行业名称", "风险等级", "风险分值", "许可证状态", "所属部门"];

const SCALES: &[(&str, &str)] = &[
    ("large", "大型"),
    ("medium", "中型"),
    ("small", "小型"),
    ("micro", "微型"),
];

pub fn scale_label(code: &str) -> &str {
    SCALES
        .iter()
        .find(|s| s.0 == code)
        .map(|s| s.1)
        .unwrap_or(code)
}

/// A sheet as text: the header and the data rows with their spreadsheet row numbers.
struct Sheet {
    header: Vec<String>,
    rows: Vec<(u32, Vec<String>)>,
}

fn file_issue(message: impl Into<String>) -> ImportIssue {
    ImportIssue {
        row: 0,
        column: String::new(),
        message: message.into(),
    }
}

/// Excel's serial day number (1900 system) to a date.
fn excel_date(serial: f64) -> Option<Date> {
    let base = Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    base.checked_add(Duration::days(serial.floor() as i64))
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, ImportIssue> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes))
        .map_err(|_| file_issue("无法读取该Excel文件，请确认是.xlsx格式且未加密"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_issue("Excel文件中没有工作表"))?
        .map_err(|_| file_issue("无法读取第一个工作表"))?;
    let first_row = range.start().map(|s| s.0).unwrap_or(0) + 1;
    let mut rows = range.rows().enumerate();
    let header = rows
        .next()
        .map(|(_, r)| r.iter().map(cell_text).collect())
        .ok_or_else(|| file_issue("工作表是空的"))?;
    Ok(Sheet {
        header,
        rows: rows
            .map(|(i, r)| (first_row + i as u32, r.iter().map(cell_text).collect()))
            .collect(),
    })
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, ImportIssue> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Excel on Chinese Windows saves CSV as GBK; accept both.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(file_issue("CSV文件编码无法识别，请另存为UTF-8或GBK编码"));
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(r)) => r.iter().map(|s| s.trim().to_string()).collect(),
        _ => return Err(file_issue("CSV文件是空的")),
    };
    let mut rows = Vec::new();
    for (i, r) in records.enumerate() {
        let r = r.map_err(|e| ImportIssue {
            row: i as u32 + 2,
            column: String::new(),
            message: format!("该行无法解析：{e}"),
        })?;
        rows.push((
            i as u32 + 2,
            r.iter()
                .map(|s| unneutralise(s).trim().to_string())
                .collect(),
        ));
    }
    Ok(Sheet { header, rows })
}

fn read_sheet(bytes: &[u8]) -> Result<Sheet, ImportIssue> {
    if bytes.is_empty() {
        return Err(file_issue("上传的文件是空的"));
    }
    let sheet = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(file_issue(
            "不支持旧版.xls格式，请在Excel中另存为.xlsx后再导入",
        ));
    } else {
        read_csv(bytes)?
    };
    let rows: Vec<_> = sheet
        .rows
        .into_iter()
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(file_issue("文件中没有数据行"));
    }
    if rows.len() > MAX_ROWS {
        return Err(file_issue(format!(
            "文件有{}行数据，每次最多导入{MAX_ROWS}行，请拆分后导入",
            rows.len()
        )));
    }
    Ok(Sheet {
        header: sheet.header,
        rows,
    })
}

/// Column positions by header; a missing required column is a file-level problem.
fn columns(
    header: &[String],
    spec: &'static [(&'static str, bool)],
) -> Result<HashMap<&'static str, usize>, Vec<ImportIssue>> {
    let mut map = HashMap::new();
    let mut missing = Vec::new();
    for &(name, required) in spec {
        match header
            .iter()
            .position(|h| h.trim().trim_end_matches('*') == name)
        {
            Some(i) => {
                map.insert(name, i);
            }
            None if required => missing.push(ImportIssue {
                row: 1,
                column: name.to_string(),
                message: format!("缺少必填列“{name}”"),
            }),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(missing)
    }
}

struct Row<'a> {
    no: u32,
    cells: &'a [String],
    cols: &'a HashMap<&'static str, usize>,
    issues: &'a mut Vec<ImportIssue>,
}

impl Row<'_> {
    fn get(&self, col: &str) -> &str {
        self.cols
            .get(col)
            .and_then(|i| self.cells.get(*i))
            .map(String::as_str)
            .unwrap_or("")
    }
    fn fail(&mut self, col: &str, message: impl Into<String>) {
        self.issues.push(ImportIssue {
            row: self.no,
            column: col.to_string(),
            message: message.into(),
        });
    }
    fn check<T>(&mut self, col: &str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(m) => {
                self.fail(col, m);
                None
            }
        }
    }
    fn number(&mut self, col: &str) -> Option<f64> {
        let v = shared::credit_code::to_half_width(self.get(col));
        match v.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                let shown = v.trim().to_string();
                self.fail(col, format!("“{shown}”不是数字"));
                None
            }
        }
    }
}

struct EnterpriseRow {
    bureau: i64,
    model: enterprise::Model,
    tags: Option<Vec<String>>,
}

async fn parse_enterprises(
    db: &DatabaseConnection,
    scope: &Scope,
    sheet: &Sheet,
    issues: &mut Vec<ImportIssue>,
) -> AppResult<Vec<EnterpriseRow>> {
    let cols = match columns(&sheet.header, ENTERPRISE_COLUMNS) {
        Ok(c) => c,
        Err(mut missing) => {
            issues.append(&mut missing);
            return Ok(Vec::new());
        }
    };
    let tags: HashMap<String, String> = tag::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .flat_map(|t| [(t.name.clone(), t.code.clone()), (t.code.clone(), t.code)])
        .collect();
    let mut bureaus: HashMap<String, Result<i64, String>> = HashMap::new();
    let mut seen_codes: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::new();
    let now = OffsetDateTime::now_utc();
    for (no, cells) in &sheet.rows {
        let mut r = Row {
            no: *no,
            cells,
            cols: &cols,
            issues,
        };
        let name = r.check("企业名称", check::text("企业名称", r.get("企业名称"), 128));
        let code = match CreditCode::parse(r.get("统一社会信用代码")) {
            Ok(c) => {
                if let Some(first) = seen_codes.insert(c.to_string(), *no) {
                    r.fail("统一社会信用代码", format!("与第{first}行重复"));
                }
                Some(c)
            }
            Err(e) => {
                r.fail("统一社会信用代码", e.to_string());
                None
            }
        };
        let person = r.check(
            "法定代表人",
            check::text("法定代表人", r.get("法定代表人"), 64),
        );
        let address = r.check("详细地址", check::text("详细地址", r.get("详细地址"), 255));
        let division = r.get("行政区划代码").trim().to_string();
        if !bureaus.contains_key(&division) {
            let b = owning_bureau(db, scope, &division).await;
            bureaus.insert(division.clone(), b);
        }
        let bureau = r.check("行政区划代码", bureaus[&division].clone());
        let lng = r.number("经度");
        let lat = r.number("纬度");
        let coords = match (lng, lat) {
            (Some(x), Some(y)) => r.check("经度", check::coordinates(x, y)),
            _ => None,
        };
        let industry = r.check("行业代码", check::industry_code(r.get("行业代码")));
        let scale_text = r.get("企业规模").trim().to_string();
        let scale = if scale_text.is_empty() {
            Some("small")
        } else {
            let s = SCALES
                .iter()
                .find(|s| s.0 == scale_text || s.1 == scale_text)
                .map(|s| s.0);
            if s.is_none() {
                r.fail(
                    "企业规模",
                    format!("“{scale_text}”应为大型、中型、小型或微型"),
                );
            }
            s
        };
        let status_text = r.get("生产状态").trim().to_string();
        let status = if status_text.is_empty() {
            Some(EnterpriseStatus::Operating)
        } else {
            let s = EnterpriseStatus::ALL
                .into_iter()
                .find(|s| s.code() == status_text || s.label(Lang::Zh) == status_text);
            if s.is_none() {
                r.fail(
                    "生产状态",
                    format!("“{status_text}”应为正常生产、停产或关闭"),
                );
            }
            s
        };
        let tag_text = r.get("标签").trim().to_string();
        let mut own_tags = None;
        if !tag_text.is_empty() {
            let mut list = Vec::new();
            for t in tag_text
                .split(['、', ',', '，', ';', '；'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                match tags.get(t) {
                    Some(code) => list.push(code.clone()),
                    None => r.fail("标签", format!("没有名为“{t}”的标签")),
                }
            }
            list.sort();
            list.dedup();
            own_tags = Some(list);
        }
        let contact = r.get("联系人").trim().chars().take(64).collect::<String>();
        let phone = r
            .get("联系电话")
            .trim()
            .chars()
            .take(32)
            .collect::<String>();
        if let (
            Some(name),
            Some(code),
            Some(person),
            Some(address),
            Some(bureau),
            Some((lng, lat)),
            Some(industry),
            Some(scale),
            Some(status),
        ) = (
            name, code, person, address, bureau, coords, industry, scale, status,
        ) {
            out.push(EnterpriseRow {
                bureau,
                tags: own_tags,
                model: enterprise::Model {
                    bureau_id: bureau,
                    id: Uuid::new_v4(),
                    name,
                    credit_code: code.to_string(),
                    legal_representative: person,
                    address,
                    division_code: division,
                    town_code: None,
                    longitude: lng,
                    latitude: lat,
                    industry_code: industry,
                    scale: scale.into(),
                    contact_name: Some(contact).filter(|c| !c.is_empty()),
                    contact_phone: Some(phone).filter(|c| !c.is_empty()),
                    status: status.code().into(),
                    created_at: now,
                    updated_at: now,
                    seq: 0,
                    risk_score: 0,
                    risk_level: "green".into(),
                    risk_reasons: "[]".into(),
                    permit_status: "none".into(),
                },
            });
        }
    }
    Ok(out)
}

async fn existing_by_code(
    conn: &impl ConnectionTrait,
    bureaus: &[i64],
    codes: &[String],
) -> AppResult<HashMap<(i64, String), enterprise::Model>> {
    let mut map = HashMap::new();
    for chunk in codes.chunks(500) {
        for e in enterprise::Entity::find()
            .filter(enterprise::Column::BureauId.is_in(bureaus.to_vec()))
            .filter(enterprise::Column::CreditCode.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            map.insert((e.bureau_id, e.credit_code.clone()), e);
        }
    }
    Ok(map)
}

pub async fn import(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    kind: ImportKind,
    bytes: &[u8],
    dry_run: bool,
) -> AppResult<ImportReport> {
    let mut report = ImportReport {
        dry_run,
        committed: false,
        rows: 0,
        created: 0,
        updated: 0,
        issues: Vec::new(),
        preview: Vec::new(),
        job: None,
    };
    let owned = bytes.to_vec();
    let sheet = match blocking::run(move || Ok(read_sheet(&owned))).await? {
        Ok(s) => s,
        Err(issue) => {
            report.issues.push(issue);
            return Ok(report);
        }
    };
    report.rows = sheet.rows.len() as u32;
    match kind {
        ImportKind::Enterprises => {
            import_enterprises(db, caller, scope, &sheet, &mut report).await?
        }
        ImportKind::Permits => import_permits(db, caller, scope, &sheet, &mut report).await?,
    }
    Ok(report)
}

async fn import_enterprises(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    sheet: &Sheet,
    report: &mut ImportReport,
) -> AppResult<()> {
    let rows = parse_enterprises(db, scope, sheet, &mut report.issues).await?;
    let codes: Vec<String> = rows.iter().map(|r| r.model.credit_code.clone()).collect();
    let existing = existing_by_code(db, &scope.bureau_ids(), &codes).await?;
    for r in &rows {
        if existing.contains_key(&(r.bureau, r.model.credit_code.clone())) {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    let names = tag::Entity::find().all(db).await?;
    let tag_view = |code: &String| {
        names
            .iter()
            .find(|t| &t.code == code)
            .map(|t| shared::enterprise::TagView {
                code: t.code.clone(),
                name: t.name.clone(),
                category: t.category_code.clone(),
            })
    };
    report.preview = rows
        .iter()
        .take(10)
        .map(|r| {
            summary(
                &r.model,
                r.tags.iter().flatten().filter_map(tag_view).collect(),
            )
        })
        .collect::<AppResult<Vec<_>>>()?;
    if !report.issues.is_empty() || report.dry_run {
        report.issues.sort_by_key(|i| i.row);
        return Ok(());
    }
    let chains: Vec<i64> = rows
        .iter()
        .map(|r| r.bureau)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let txn = audit::begin_many(db, &chains).await?;
    // Re-read inside the lock: the dry run's view may be stale.
    let existing = existing_by_code(&txn, &scope.bureau_ids(), &codes).await?;
    let new_count = rows
        .iter()
        .filter(|r| !existing.contains_key(&(r.bureau, r.model.credit_code.clone())))
        .count() as i64;
    let mut seq = if new_count > 0 {
        super::search::reserve_seq(&txn, new_count).await?
    } else {
        0
    };
    let mut touched = Vec::new();
    let mut seqs = Vec::new();
    let mut created = Vec::new();
    let mut per_bureau: HashMap<i64, (u32, u32)> = HashMap::new();
    for r in rows {
        let mut m = r.model;
        let key = (r.bureau, m.credit_code.clone());
        if let Some(old) = existing.get(&key) {
            m.id = old.id;
            m.seq = old.seq;
            m.created_at = old.created_at;
            m.town_code = old.town_code.clone();
            m.risk_score = old.risk_score;
            m.risk_level = old.risk_level.clone();
            m.risk_reasons = old.risk_reasons.clone();
            m.permit_status = old.permit_status.clone();
            enterprise::Entity::update(enterprise::ActiveModel::from(m.clone()).reset_all())
                .exec(&txn)
                .await?;
            super::search::index(&txn, std::slice::from_ref(&m)).await?;
            history::record(
                &txn,
                m.bureau_id,
                m.id,
                NewEvent::now(TimelineKind::Updated, "批量导入更新档案信息").by(caller.user_id),
            )
            .await?;
            per_bureau.entry(m.bureau_id).or_default().1 += 1;
        } else {
            m.seq = seq;
            seq += 1;
            per_bureau.entry(m.bureau_id).or_default().0 += 1;
            created.push(m.clone());
        }
        seqs.push(m.seq);
        if let Some(tags) = r.tags {
            enterprise_tag::Entity::delete_many()
                .filter(enterprise_tag::Column::BureauId.eq(m.bureau_id))
                .filter(enterprise_tag::Column::EnterpriseId.eq(m.id))
                .exec(&txn)
                .await?;
            touched.push((m.bureau_id, m.id, tags));
        } else {
            touched.push((m.bureau_id, m.id, Vec::new()));
        }
    }
    for chunk in created.chunks(500) {
        enterprise::Entity::insert_many(chunk.iter().cloned().map(enterprise::ActiveModel::from))
            .exec(&txn)
            .await?;
        super::search::index_new(&txn, chunk).await?;
        if txn.get_database_backend() == DbBackend::Postgres {
            super::search::index(&txn, chunk).await?;
        }
        let events: Vec<_> = chunk
            .iter()
            .map(|e| {
                timeline::row(
                    e.bureau_id,
                    e.id,
                    NewEvent::now(TimelineKind::Imported, "批量导入建档").by(caller.user_id),
                )
            })
            .collect();
        crate::platform::entity::timeline_event::Entity::insert_many(events)
            .exec(&txn)
            .await?;
    }
    let links: Vec<enterprise_tag::ActiveModel> = touched
        .iter()
        .flat_map(|(b, id, tags)| {
            tags.iter().map(|t| enterprise_tag::ActiveModel {
                bureau_id: Set(*b),
                enterprise_id: Set(*id),
                tag_code: Set(t.clone()),
            })
        })
        .collect();
    for chunk in links.chunks(500) {
        enterprise_tag::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let job = enqueue_recompute(&txn, caller, seqs).await?;
    for (bureau, (c, u)) in per_bureau {
        audit::append(
            &txn,
            bureau,
            &Actor::of(caller),
            "enterprise.import",
            &format!("bureau:{bureau}"),
            json!({ "created": c, "updated": u, "job": job.id }),
        )
        .await?;
    }
    txn.commit().await?;
    report.committed = true;
    report.job = job_view(db, job).await?;
    Ok(())
}

/// Queues the recompute of the risk of the enterprises with these `seq`s, in the import's
/// transaction: the rows are written now, their risk by the job right after.
async fn enqueue_recompute(
    txn: &impl ConnectionTrait,
    caller: &AuthUser,
    seqs: Vec<i64>,
) -> AppResult<crate::platform::entity::job::Model> {
    let enterprises = Enterprises::seqs(seqs);
    let total = enterprises.count().unwrap_or_default();
    queue::enqueue(
        txn,
        NewJob {
            kind: JobKind::Import,
            bureau: caller.bureau_id.0,
            started_by: Some(caller.user_id),
            enterprises,
            total,
        },
    )
    .await
}

async fn job_view(
    db: &DatabaseConnection,
    job: crate::platform::entity::job::Model,
) -> AppResult<Option<JobView>> {
    Ok(queue::views(db, vec![job]).await?.pop())
}

async fn import_permits(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    sheet: &Sheet,
    report: &mut ImportReport,
) -> AppResult<()> {
    let cols = match columns(&sheet.header, PERMIT_COLUMNS) {
        Ok(c) => c,
        Err(mut missing) => {
            report.issues.append(&mut missing);
            return Ok(());
        }
    };
    let codes: Vec<String> = sheet
        .rows
        .iter()
        .filter_map(|(_, cells)| cols.get("统一社会信用代码").and_then(|i| cells.get(*i)))
        .filter_map(|c| CreditCode::parse(c).ok().map(|c| c.to_string()))
        .collect();
    let owners: HashMap<String, enterprise::Model> =
        existing_by_code(db, &scope.bureau_ids(), &codes)
            .await?
            .into_values()
            .map(|e| (e.credit_code.clone(), e))
            .collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut valid = Vec::new();
    for (no, cells) in &sheet.rows {
        let mut r = Row {
            no: *no,
            cells,
            cols: &cols,
            issues: &mut report.issues,
        };
        let owner = match CreditCode::parse(r.get("统一社会信用代码")) {
            Ok(c) => match owners.get(c.as_str()) {
                Some(e) => Some(e.clone()),
                None => {
                    r.fail(
                        "统一社会信用代码",
                        format!("辖区内没有统一社会信用代码为{c}的企业，请先导入企业"),
                    );
                    None
                }
            },
            Err(e) => {
                r.fail("统一社会信用代码", e.to_string());
                None
            }
        };
        let number = shared::credit_code::to_half_width(r.get("许可证编号"))
            .trim()
            .to_ascii_uppercase();
        let number = if number.len() < 10
            || number.len() > 40
            || !number.chars().all(|c| c.is_ascii_alphanumeric())
        {
            r.fail("许可证编号", format!("“{number}”不是有效的排污许可证编号"));
            None
        } else {
            if let Some(first) = seen.insert(number.clone(), *no) {
                r.fail("许可证编号", format!("与第{first}行重复"));
            }
            Some(number)
        };
        let category_text = r.get("管理类别").trim().to_string();
        let category = PermitCategory::parse(&category_text);
        if category.is_none() {
            r.fail(
                "管理类别",
                format!("“{category_text}”应为重点管理、简化管理或登记管理"),
            );
        }
        let from = r.check("有效期起", to_date("有效期起", r.get("有效期起")));
        let until = r.check("有效期至", to_date("有效期至", r.get("有效期至")));
        if let (Some(f), Some(u)) = (from, until) {
            if u <= f {
                r.fail("有效期至", "有效期至应晚于有效期起");
            }
        }
        let issuer = r
            .get("发证机关")
            .trim()
            .chars()
            .take(64)
            .collect::<String>();
        if let (Some(owner), Some(number), Some(category), Some(from), Some(until)) =
            (owner, number, category, from, until)
        {
            valid.push((owner, number, category, from, until, issuer));
        }
    }
    let existing: HashMap<(i64, String), permit::Model> = permit::Entity::find()
        .filter(permit::Column::BureauId.is_in(scope.bureau_ids()))
        .filter(permit::Column::Number.is_in(valid.iter().map(|v| v.1.clone()).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| ((p.bureau_id, p.number.clone()), p))
        .collect();
    for v in &valid {
        if existing.contains_key(&(v.0.bureau_id, v.1.clone())) {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    if !report.issues.is_empty() || report.dry_run {
        report.issues.sort_by_key(|i| i.row);
        return Ok(());
    }
    let chains: Vec<i64> = valid
        .iter()
        .map(|v| v.0.bureau_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let txn = audit::begin_many(db, &chains).await?;
    let now = OffsetDateTime::now_utc();
    let mut per_bureau: HashMap<i64, u32> = HashMap::new();
    let mut seqs = Vec::new();
    for (owner, number, category, from, until, issuer) in valid {
        let issuer = if issuer.is_empty() {
            scope.root().name.clone()
        } else {
            issuer
        };
        let old = permit::Entity::find()
            .filter(permit::Column::BureauId.eq(owner.bureau_id))
            .filter(permit::Column::Number.eq(number.clone()))
            .one(&txn)
            .await?;
        let row = permit::Model {
            bureau_id: owner.bureau_id,
            id: old.as_ref().map(|o| o.id).unwrap_or_else(Uuid::new_v4),
            enterprise_id: owner.id,
            number: number.clone(),
            category: category.code().into(),
            issued_by: issuer,
            valid_from: from,
            valid_until: until,
            created_at: old.as_ref().map(|o| o.created_at).unwrap_or(now),
        };
        if old.is_some() {
            permit::Entity::update(permit::ActiveModel::from(row).reset_all())
                .exec(&txn)
                .await?;
        } else {
            permit::Entity::insert(permit::ActiveModel::from(row))
                .exec_without_returning(&txn)
                .await?;
        }
        // On the timeline now; the risk the permit changes is recomputed by the job below,
        // once per enterprise rather than once per permit inside this transaction.
        timeline::insert(
            &txn,
            owner.bureau_id,
            owner.id,
            NewEvent {
                occurred_at: from.midnight().assume_utc(),
                ..NewEvent::now(
                    TimelineKind::PermitIssued,
                    format!("排污许可证（{}）", category.label(Lang::Zh)),
                )
                .detail(format!("许可证编号 {number}，有效期至 {until}（批量导入）"))
                .by(caller.user_id)
            },
        )
        .await?;
        *per_bureau.entry(owner.bureau_id).or_default() += 1;
        seqs.push(owner.seq);
    }
    let job = enqueue_recompute(&txn, caller, seqs).await?;
    for (bureau, n) in per_bureau {
        audit::append(
            &txn,
            bureau,
            &Actor::of(caller),
            "permit.import",
            &format!("bureau:{bureau}"),
            json!({ "permits": n, "job": job.id }),
        )
        .await?;
    }
    txn.commit().await?;
    report.committed = true;
    report.job = job_view(db, job).await?;
    Ok(())
}

/// The rows of an export, as text in the sheet's column order.
async fn export_rows(
    db: &DatabaseConnection,
    scope: &Scope,
    s: &EnterpriseSearch,
) -> AppResult<Vec<Vec<String>>> {
    let mut search = s.clone();
    search.after = None;
    let rows = super::search::find(db, scope, &search, MAX_EXPORT).await?;
    if rows.len() as u64 > MAX_EXPORT {
        return Err(AppError::invalid(
            "q",
            format!("符合条件的企业超过{MAX_EXPORT}家，请缩小筛选范围后再导出"),
        ));
    }
    let mut tags = HashMap::new();
    for chunk in rows.chunks(2000) {
        tags.extend(tags_of(db, chunk).await?);
    }
    let bureau_names: HashMap<i64, String> = scope
        .bureaus()
        .iter()
        .map(|b| (b.id, b.name.clone()))
        .collect();
    rows.iter()
        .map(|e| {
            let t = tags
                .get(&e.id)
                .map(|t| {
                    t.iter()
                        .map(|t| t.name.clone())
                        .collect::<Vec<_>>()
                        .join("、")
                })
                .unwrap_or_default();
            Ok(vec![
                e.name.clone(),
                e.credit_code.clone(),
                e.legal_representative.clone(),
                e.address.clone(),
                e.division_code.clone(),
                format!("{:.6}", e.longitude),
                format!("{:.6}", e.latitude),
                e.industry_code.clone(),
                scale_label(&e.scale).to_string(),
                e.contact_name.clone().unwrap_or_default(),
                e.contact_phone.clone().unwrap_or_default(),
                stored::code("status", &e.status, EnterpriseStatus::from_code)?
                    .label(Lang::Zh)
                    .to_string(),
                t,
                industry_name(&e.industry_code),
                stored::code(
                    "risk_level",
                    &e.risk_level,
                    shared::risk::RiskLevel::from_code,
                )?
                .label(Lang::Zh)
                .to_string(),
                e.risk_score.to_string(),
                stored::code(
                    "permit_status",
                    &e.permit_status,
                    shared::dossier::PermitStatus::from_code,
                )?
                .label(Lang::Zh)
                .to_string(),
                bureau_names.get(&e.bureau_id).cloned().unwrap_or_default(),
            ])
        })
        .collect()
}

fn headers() -> Vec<&'static str> {
    ENTERPRISE_COLUMNS
        .iter()
        .map(|c| c.0)
        .chain(EXPORT_EXTRA.iter().copied())
        .collect()
}

/// Writes a sheet; numeric columns (经度, 纬度, 风险分值) as numbers.
pub fn xlsx(title: &str, header: &[&str], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Other(anyhow::anyhow!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(title).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
        sheet
            .set_column_width(
                c as u16,
                if h.contains("名称") || h.contains("地址") {
                    36
                } else {
                    16
                },
            )
            .map_err(err)?;
    }
    let numeric: Vec<bool> = header
        .iter()
        .map(|h| matches!(*h, "经度" | "纬度" | "风险分值"))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c16) = (r as u32 + 1, c as u16);
            match v.parse::<f64>() {
                Ok(n) if numeric.get(c).copied().unwrap_or(false) => {
                    sheet.write_number(r, c16, n).map_err(err)?;
                }
                _ => {
                    sheet.write_string(r, c16, v).map_err(err)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// CSV in UTF-8 with a byte-order mark, which Excel needs to show Chinese.
///
/// Every cell is [`neutralise`]d: an enterprise name such as `=HYPERLINK(…)` typed into the
/// registry must not become a formula on the clerk's machine that opens the export.
pub fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(header).map_err(anyhow::Error::from)?;
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
            .map_err(anyhow::Error::from)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Other(anyhow::anyhow!("csv: {e}")))
}

/// Characters that make Excel, WPS or LibreOffice read a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell as text a spreadsheet shows but does not run: one beginning with a formula
/// character gets a leading `'` (OWASP's advice against CSV injection).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`neutralise`] for an import, so an exported sheet imports back as it was.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

pub async fn export(
    db: &DatabaseConnection,
    scope: &Scope,
    s: &EnterpriseSearch,
    format: ExportFormat,
) -> AppResult<Vec<u8>> {
    let rows = export_rows(db, scope, s).await?;
    blocking::run(move || match format {
        ExportFormat::Xlsx => xlsx("企业名录", &headers(), &rows),
        ExportFormat::Csv => csv_bytes(&headers(), &rows),
    })
    .await
}

/// An empty sheet with the columns of an import, required ones marked with *.
pub fn template(kind: ImportKind) -> AppResult<Vec<u8>> {
    let spec = match kind {
        ImportKind::Enterprises => ENTERPRISE_COLUMNS,
        ImportKind::Permits => PERMIT_COLUMNS,
    };
    let header: Vec<String> = spec
        .iter()
        .map(|(n, req)| if *req { format!("{n}*") } else { n.to_string() })
        .collect();
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let title = match kind {
        ImportKind::Enterprises => "企业导入模板",
        ImportKind::Permits => "排污许可证导入模板",
    };
    xlsx(title, &refs, &[])
}

/// Refuses callers whose scope cannot own data (none today; kept for squads, which own none).
pub fn ensure_writable(scope: &Scope) -> AppResult<()> {
    if scope.bureaus().is_empty() {
        return Err(ApiError::Forbidden.into());
    }
    Ok(())
}
