//! The documents of the procedure (文书), made from the case's data in templates, numbered
//! (`numbering`), rendered once to PDF (A4, Chinese font, a place for the seal), stored with
//! their SHA-256 and never rendered again: the stored file is the document. A correction is a
//! new document that names the one it corrects. 归档 binds the case file (卷宗): cover, table of
//! contents, every document as it was issued (its stored pages) and the evidence list.

use object_store::ObjectStoreExt;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::enforcement::case::{doc_number, DocKind, DocumentCorrection, Outcome, Party};
use shared::enforcement::discretion::yuan;
use shared::enforcement::Day;
use uuid::Uuid;

use super::record::Record;
use crate::platform::audit::{self, hex, Actor};
use crate::platform::entity::{bureau, case_document, enforcement_case, evidence};
use crate::platform::error::AppResult;
use crate::platform::pdf::{self, Cmd, Layout, BODY, H, MARGIN, W};
use crate::platform::state::AppState;

/// Where an issued document's PDF is stored.
pub fn document_path(bureau_id: i64, id: &Uuid) -> object_store::path::Path {
    object_store::path::Path::from(format!("documents/{bureau_id}/{id}.pdf"))
}

/// What a template reads.
pub struct Ctx<'a> {
    pub bureau: &'a bureau::Model,
    pub case: &'a enforcement_case::Model,
    pub party: &'a Party,
    pub record: &'a Record,
    /// Names with certificate numbers.
    pub officers: Vec<String>,
    pub number: String,
    pub today: Day,
    /// Extra lines a step adds (the order's deadline and requirement, the payment due day …).
    pub extra: Vec<(String, String)>,
}

fn seal(l: &mut Layout, bureau: &str, day: Day) {
    l.gap(24.0);
    l.room(90.0);
    let y = l.y + 20.0;
    // The seal's place: a circle of 4 cm drawn as a dashed ring of short lines.
    let (cx, cy, r) = (W - MARGIN - 80.0, y + 20.0, 56.0);
    for i in 0..36 {
        if i % 2 == 1 {
            continue;
        }
        let a0 = i as f32 * std::f32::consts::TAU / 36.0;
        let a1 = (i + 1) as f32 * std::f32::consts::TAU / 36.0;
        l.page().push(Cmd::Line {
            x1: cx + r * a0.cos(),
            y1: cy + r * a0.sin(),
            x2: cx + r * a1.cos(),
            y2: cy + r * a1.sin(),
        });
    }
    l.page().push(Cmd::Text {
        x: cx - 20.0,
        y: cy + 4.0,
        size: 9.0,
        text: "（印章）".into(),
    });
    l.page().push(Cmd::Text {
        x: W - MARGIN - 200.0,
        y: y + 10.0,
        size: BODY,
        text: bureau.into(),
    });
    l.page().push(Cmd::Text {
        x: W - MARGIN - 160.0,
        y: y + 30.0,
        size: BODY,
        text: day.zh(),
    });
    l.y = y + 80.0;
}

fn head(l: &mut Layout, ctx: &Ctx, kind: DocKind) {
    l.title(&ctx.bureau.name);
    l.title(kind.title());
    l.para(&format!("{:>60}", ctx.number), BODY);
    l.gap(6.0);
}

fn party(l: &mut Layout, p: &Party) {
    l.field("当事人", &p.name);
    l.field("统一社会信用代码", &p.credit_code);
    l.field("法定代表人", &p.legal_representative);
    l.field("地址", &p.address);
}

fn fine_text(ctx: &Ctx) -> String {
    match ctx.record.outcome {
        Some(Outcome::Penalty) => format!("罚款{}", yuan(ctx.case.amount_fen)),
        Some(Outcome::NoPenalty) => "不予行政处罚".into(),
        None => "（尚未提出）".into(),
    }
}

fn basis(ctx: &Ctx) -> String {
    ctx.record
        .recommendation
        .as_ref()
        .and_then(|r| r.lines.first())
        .map(|l| l.text_zh.clone())
        .unwrap_or_default()
}

fn provisions(ctx: &Ctx) -> String {
    let p: Vec<String> =
        crate::platform::stored::json("enforcement_case.provisions", &ctx.case.provisions)
            .unwrap_or_default();
    p.join("；")
}

fn reasoning(l: &mut Layout, ctx: &Ctx) {
    if let Some(rec) = &ctx.record.recommendation {
        l.para("裁量说明：", BODY);
        for line in &rec.lines {
            l.para(&format!("· {}", line.text_zh), 10.0);
        }
        if !ctx.record.amount_reason.trim().is_empty() {
            l.para(
                &format!("· 确定金额的理由：{}", ctx.record.amount_reason),
                10.0,
            );
        }
    }
}

/// The pages of a document of `kind`.
pub fn layout(kind: DocKind, ctx: &Ctx) -> Layout {
    let mut l = Layout::new();
    let r = ctx.record;
    head(&mut l, ctx, kind);
    match kind {
        DocKind::FilingApproval => {
            l.field("案件来源", &ctx.extra_or("来源", ""));
            l.field("案由", &ctx.case.cause);
            party(&mut l, ctx.party);
            l.field("违反条款", &provisions(ctx));
            l.para("案情简介及立案理由：", BODY);
            l.para(&ctx.case.summary, BODY);
            l.field("承办人", &ctx.officers.join("、"));
            l.field("承办人意见", "建议立案调查。");
            l.field("机关负责人意见", &format!("同意立案。{}", r.filing_opinion));
            l.field("立案日期", &r.filed_on.unwrap_or(ctx.today).zh());
        }
        DocKind::CorrectionOrder => {
            party(&mut l, ctx.party);
            l.para(
                &format!(
                    "经查，你单位存在以下环境违法行为：{}。上述行为违反了{}。",
                    ctx.case.cause,
                    provisions(ctx)
                ),
                BODY,
            );
            l.para(
                &format!(
                    "依据《中华人民共和国行政处罚法》第二十八条第一款，现责令你单位：{}，并于{}前改正完毕。",
                    ctx.extra_or("改正要求", ""),
                    ctx.extra_or("改正期限", "")
                ),
                BODY,
            );
            l.para("我局将在改正期限届满后进行复查。拒不改正的，我局将依法按日连续处罚或者采取限制生产、停产整治等措施。", BODY);
            l.para("如不服本决定，可在收到本决定书之日起六十日内向上一级生态环境主管部门或者本级人民政府申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。", BODY);
            seal(&mut l, &ctx.bureau.name, ctx.today);
        }
        DocKind::PriorNotice => {
            party(&mut l, ctx.party);
            l.para(
                &format!(
                    "经调查，你单位{}。以上事实有现场检查（勘察）笔录、调查询问笔录、现场照片等证据为证。",
                    ctx.case.cause
                ),
                BODY,
            );
            l.para(
                &format!("你单位的上述行为违反了{}。", provisions(ctx)),
                BODY,
            );
            l.para(
                &format!(
                    "依据{}，我局拟对你单位作出如下行政处罚：{}。",
                    basis(ctx),
                    fine_text(ctx)
                ),
                BODY,
            );
            reasoning(&mut l, ctx);
            l.para("根据《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条的规定，你单位有权进行陈述和申辩；对拟作出的较大数额罚款等处罚，你单位有权要求举行听证。你单位如要求听证，应当在收到本告知书之日起五个工作日内向我局提出，逾期视为放弃听证权利。", BODY);
            seal(&mut l, &ctx.bureau.name, ctx.today);
        }
        DocKind::HearingNotice => {
            party(&mut l, ctx.party);
            l.para(
                &format!(
                    "你单位于{}提出的听证申请，我局已收悉。根据《中华人民共和国行政处罚法》第六十四条，定于{}在{}举行听证，由{}主持。",
                    r.hearing_requested_on.map(|d| d.zh()).unwrap_or_default(),
                    r.hearing_on.map(|d| d.zh()).unwrap_or_default(),
                    r.hearing_place,
                    r.hearing_host
                ),
                BODY,
            );
            l.para("你单位可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。", BODY);
            seal(&mut l, &ctx.bureau.name, ctx.today);
        }
        DocKind::HearingRecord => {
            l.field("案由", &ctx.case.cause);
            party(&mut l, ctx.party);
            l.field(
                "听证时间",
                &r.hearing_held_on.map(|d| d.zh()).unwrap_or_default(),
            );
            l.field("听证地点", &r.hearing_place);
            l.field("主持人", &r.hearing_host);
            l.field("案件调查人员", &ctx.officers.join("、"));
            l.para("听证记录：", BODY);
            l.para(&r.hearing_minutes, BODY);
            l.para("听证报告：", BODY);
            l.para(&r.hearing_report, BODY);
            l.gap(10.0);
            l.para("以上笔录记录属实。", BODY);
            l.signature("当事人（签名）", "", None, "");
            l.signature("主持人（签名）", &r.hearing_host, None, "");
        }
        DocKind::DiscussionRecord => {
            l.field("案由", &ctx.case.cause);
            l.field("当事人", &ctx.party.name);
            l.field("讨论时间", &ctx.today.zh());
            l.field("参加人员", &r.attendees.join("、"));
            l.para("讨论记录：", BODY);
            l.para(&r.minutes, BODY);
            l.para(&format!("结论：{}", r.conclusion), BODY);
            l.signature("主持人（签名）", "", None, "");
        }
        DocKind::Decision => {
            party(&mut l, ctx.party);
            l.para("一、环境违法事实和证据", BODY);
            l.para(
                &format!(
                    "我局于{}对你单位进行了调查，发现你单位{}。",
                    r.filed_on.map(|d| d.zh()).unwrap_or_default(),
                    ctx.case.cause
                ),
                BODY,
            );
            l.para(&r.findings, BODY);
            l.para(
                "以上事实有现场检查（勘察）笔录、调查询问笔录、现场照片及其他证据为证。",
                BODY,
            );
            l.para(
                &format!("你单位的上述行为违反了{}。", provisions(ctx)),
                BODY,
            );
            l.para(
                &format!(
                    "我局于{}向你单位送达了《行政处罚事先（听证）告知书》，告知你单位陈述、申辩和申请听证的权利。{}",
                    r.notice_served_on.map(|d| d.zh()).unwrap_or_default(),
                    if r.hearing_held_on.is_some() {
                        format!("你单位申请听证，我局于{}举行了听证。", r.hearing_held_on.map(|d| d.zh()).unwrap_or_default())
                    } else if r.statements.is_empty() {
                        "你单位在规定期限内未提出陈述、申辩和听证申请。".to_string()
                    } else {
                        format!("你单位提出了陈述、申辩：{}", r.statements.join("；"))
                    }
                ),
                BODY,
            );
            l.para("二、行政处罚的依据、种类及其履行方式、期限", BODY);
            l.para(
                &format!(
                    "依据{}，我局决定对你单位作出如下行政处罚：{}。",
                    basis(ctx),
                    fine_text(ctx)
                ),
                BODY,
            );
            reasoning(&mut l, ctx);
            l.para("根据《中华人民共和国行政处罚法》第六十七条，你单位应当自收到本决定书之日起十五日内，持本决定书到指定银行缴纳罚款，或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，我局将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。", BODY);
            l.para("三、申请行政复议或者提起行政诉讼的途径和期限", BODY);
            l.para("你单位如不服本处罚决定，可在收到本决定书之日起六十日内向上一级生态环境主管部门或者本级人民政府申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。申请行政复议或者提起行政诉讼，不停止行政处罚决定的执行。", BODY);
            l.para("逾期不申请行政复议、不提起行政诉讼，又不履行本处罚决定的，我局将依法申请人民法院强制执行。", BODY);
            seal(&mut l, &ctx.bureau.name, r.decided_on.unwrap_or(ctx.today));
        }
        DocKind::ServiceReceipt => {
            l.field("送达文书", &ctx.extra_or("送达文书", "行政处罚决定书"));
            l.field("受送达人", &ctx.party.name);
            l.field("送达地点", &ctx.party.address);
            l.field("送达方式", &ctx.extra_or("送达方式", ""));
            l.field("签收人", &r.receiver);
            l.field("送达日期", &r.served_on.map(|d| d.zh()).unwrap_or_default());
            l.field("送达人", &ctx.officers.join("、"));
            l.signature("受送达人（签名）", &r.receiver, None, "");
        }
        DocKind::ClosingApproval => {
            l.field("案由", &ctx.case.cause);
            party(&mut l, ctx.party);
            l.field("立案日期", &r.filed_on.map(|d| d.zh()).unwrap_or_default());
            l.field("处罚决定", &fine_text(ctx));
            l.field(
                "决定日期",
                &r.decided_on.map(|d| d.zh()).unwrap_or_default(),
            );
            l.field("送达日期", &r.served_on.map(|d| d.zh()).unwrap_or_default());
            let paid: Vec<String> = r
                .payments
                .iter()
                .map(|p| {
                    format!(
                        "{}缴纳{}（凭证{}）",
                        p.paid_on.zh(),
                        yuan(p.amount_fen),
                        p.receipt
                    )
                })
                .collect();
            l.field(
                "执行情况",
                &if paid.is_empty() {
                    "无需执行".to_string()
                } else {
                    paid.join("；")
                },
            );
            l.field("承办人", &ctx.officers.join("、"));
            l.field(
                "机关负责人意见",
                &format!("同意结案。{}", r.closing_opinion),
            );
            l.field("结案日期", &ctx.today.zh());
        }
        DocKind::DailyPenaltyDecision => {
            party(&mut l, ctx.party);
            l.para(
                &format!(
                    "我局于{}对你单位作出《行政处罚决定书》，并于{}责令你单位改正{}的违法行为。{}我局复查发现，你单位拒不改正上述违法行为。",
                    r.decided_on.map(|d| d.zh()).unwrap_or_default(),
                    ctx.extra_or("责令改正日期", ""),
                    ctx.case.cause,
                    ctx.extra_or("复查日期", "")
                ),
                BODY,
            );
            l.para(
                &format!(
                    "依据《中华人民共和国环境保护法》第五十九条及相关法律规定，自责令改正之日的次日起至复查之日，共计{}日，按照原处罚数额{}按日连续处罚，决定对你单位罚款{}。",
                    ctx.extra_or("计罚日数", ""),
                    ctx.extra_or("原罚款数额", ""),
                    ctx.extra_or("按日连续处罚罚款", "")
                ),
                BODY,
            );
            l.para(&format!("处理意见：{}", ctx.extra_or("处理意见", "")), BODY);
            l.para("你单位应当自收到本决定书之日起十五日内，持本决定书到指定银行缴纳罚款，或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。你单位仍应立即改正违法行为；我局将再次复查，拒不改正的，继续按日连续处罚。", BODY);
            l.para("你单位如不服本决定，可在收到本决定书之日起六十日内向上一级生态环境主管部门或者本级人民政府申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。申请行政复议或者提起行政诉讼，不停止本决定的执行。", BODY);
            seal(&mut l, &ctx.bureau.name, ctx.today);
        }
        DocKind::RestrictionDecision => {
            party(&mut l, ctx.party);
            l.para(
                &format!(
                    "我局于{}责令你单位改正{}的违法行为。{}我局复查发现，你单位未按要求改正。",
                    ctx.extra_or("责令改正日期", ""),
                    ctx.case.cause,
                    ctx.extra_or("复查日期", "")
                ),
                BODY,
            );
            l.para(
                &format!(
                    "依据《中华人民共和国环境保护法》第六十条及相关法律规定，我局决定责令你单位限制生产、停产整治，期限{}，自收到本决定书之日起计算。",
                    ctx.extra_or("期限", "")
                ),
                BODY,
            );
            l.para(&format!("整治要求：{}", ctx.extra_or("处理意见", "")), BODY);
            l.para("你单位应当在收到本决定书之日起十五个工作日内将整改方案报我局备案并向社会公开；整改完成后向我局报告，经核查达到要求的解除限制生产、停产整治。", BODY);
            l.para("你单位如不服本决定，可在收到本决定书之日起六十日内向上一级生态环境主管部门或者本级人民政府申请行政复议，也可以在六个月内依法向人民法院提起行政诉讼。", BODY);
            seal(&mut l, &ctx.bureau.name, ctx.today);
        }
        DocKind::CaseFile => {}
    }
    for (k, v) in &ctx.extra {
        if k == "附注" {
            l.para(&format!("附注：{v}"), 10.0);
        }
    }
    l
}

impl Ctx<'_> {
    fn extra_or(&self, key: &str, default: &str) -> String {
        self.extra
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| default.to_string())
    }
}

/// Takes the next number of `kind` for the case's bureau and year and puts it in `ctx`.
async fn numbered<'a>(
    txn: &DatabaseTransaction,
    kind: DocKind,
    ctx: Ctx<'a>,
) -> AppResult<(i32, i64, String, Ctx<'a>)> {
    let year = ctx.today.year();
    let seq = super::numbering::next(txn, ctx.case.bureau_id, kind, year).await?;
    let short = super::numbering::short_name(txn, ctx.bureau).await?;
    let number = doc_number(&short, kind, year, seq);
    let ctx = Ctx {
        number: number.clone(),
        ..ctx
    };
    Ok((year, seq, number, ctx))
}

/// Numbers, renders, stores and records one document inside the step's transaction.
pub async fn issue(
    txn: &DatabaseTransaction,
    state: &AppState,
    actor: &Actor,
    kind: DocKind,
    ctx: Ctx<'_>,
    corrects: Option<Uuid>,
) -> AppResult<case_document::Model> {
    let (year, seq, number, ctx) = numbered(txn, kind, ctx).await?;
    let pages = layout(kind, &ctx);
    store(
        txn, state, actor, ctx.case, kind, year, seq, number, pages, corrects,
    )
    .await
}

/// Issues the correction (更正) of `original`: numbered in the sequence of its kind, naming it,
/// listing each error and what it should read. The corrected document is left as issued.
pub async fn issue_correction(
    txn: &DatabaseTransaction,
    state: &AppState,
    actor: &Actor,
    original: &case_document::Model,
    kind: DocKind,
    ctx: Ctx<'_>,
    correction: &DocumentCorrection,
) -> AppResult<case_document::Model> {
    let (reason, items) = (&correction.reason, &correction.items);
    let (year, seq, number, ctx) = numbered(txn, kind, ctx).await?;
    let mut l = Layout::new();
    l.title(&ctx.bureau.name);
    l.title(&format!("{}（更正）", original.title));
    l.para(&format!("{:>60}", ctx.number), BODY);
    l.gap(6.0);
    party(&mut l, ctx.party);
    l.gap(6.0);
    let issued = pdf::date_time(&crate::platform::stored::rfc3339(original.issued_at));
    let issued = issued.split(' ').next().unwrap_or_default();
    l.para(
        &format!(
            "本机关于{issued}制作的《{}》（{}）存在下列错误，现予更正：",
            original.title, original.number
        ),
        BODY,
    );
    for (n, it) in items.iter().enumerate() {
        l.para(
            &format!(
                "{}. {}：原文为“{}”，更正为“{}”。",
                n + 1,
                it.item.trim(),
                it.was.trim(),
                it.now.trim()
            ),
            BODY,
        );
    }
    l.para(&format!("更正理由：{}", reason.trim()), BODY);
    l.para(
        "原文书其余内容不变。本更正与原文书一并送达当事人，并归入案卷。",
        BODY,
    );
    seal(&mut l, &ctx.bureau.name, ctx.today);
    store(
        txn,
        state,
        actor,
        ctx.case,
        kind,
        year,
        seq,
        number,
        l,
        Some(original.id),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn store(
    txn: &DatabaseTransaction,
    state: &AppState,
    actor: &Actor,
    case: &enforcement_case::Model,
    kind: DocKind,
    year: i32,
    seq: i64,
    number: String,
    pages: Layout,
    corrects: Option<Uuid>,
) -> AppResult<case_document::Model> {
    let (font_path, font_index) = (state.config.pdf_font.clone(), state.config.pdf_font_index);
    let stored_pages = serde_json::to_string(&pages).map_err(anyhow::Error::from)?;
    let bytes = crate::platform::blocking::run(move || {
        let font = pdf::font(&font_path, font_index)?;
        pdf::render(pages, &font)
    })
    .await?;
    let sha = hex(&Sha256::digest(&bytes));
    let id = Uuid::new_v4();
    let size = bytes.len() as i64;
    // Stored before the row commits: a failed commit leaves an unreferenced file, never a
    // document without its file.
    state
        .store
        .put(&document_path(case.bureau_id, &id), bytes.into())
        .await
        .map_err(|e| anyhow::anyhow!("storing document: {e}"))?;
    let row = case_document::Model {
        bureau_id: case.bureau_id,
        id,
        case_id: case.id,
        kind: kind.code().into(),
        year,
        seq,
        number: number.clone(),
        title: match corrects {
            Some(_) => format!("{}（更正）", kind.title()),
            None => kind.title().into(),
        },
        issued_at: state.clock.now(),
        issued_by: actor.user_id.unwrap_or_default(),
        sha256: sha.clone(),
        bytes: size,
        layout: stored_pages,
        corrects,
    };
    case_document::Entity::insert(case_document::ActiveModel::from(row.clone()))
        .exec_without_returning(txn)
        .await?;
    audit::append(
        txn,
        case.bureau_id,
        actor,
        "document.issue",
        &format!("document:{id}"),
        json!({ "case": case.id, "kind": kind.code(), "number": number, "sha256": sha, "corrects": corrects }),
    )
    .await?;
    Ok(row)
}

/// Binds the case file (卷宗) as one PDF and records it as the case's last document.
pub async fn bind_case_file(
    txn: &DatabaseTransaction,
    state: &AppState,
    actor: &Actor,
    ctx: Ctx<'_>,
) -> AppResult<case_document::Model> {
    let case = ctx.case;
    let docs = case_document::Entity::find()
        .filter(case_document::Column::BureauId.eq(case.bureau_id))
        .filter(case_document::Column::CaseId.eq(case.id))
        .order_by_asc(case_document::Column::IssuedAt)
        .all(txn)
        .await?;
    let evidence = match case.source_task_id {
        Some(task) => {
            evidence::Entity::find()
                .filter(evidence::Column::BureauId.eq(case.bureau_id))
                .filter(evidence::Column::TaskId.eq(task))
                .order_by_asc(evidence::Column::CapturedAt)
                .all(txn)
                .await?
        }
        None => Vec::new(),
    };
    let year = ctx.today.year();
    let seq = super::numbering::next(txn, case.bureau_id, DocKind::CaseFile, year).await?;
    let short = super::numbering::short_name(txn, ctx.bureau).await?;
    let number = doc_number(&short, DocKind::CaseFile, year, seq);
    let mut parts: Vec<(String, String, String, String, Layout)> = Vec::new();
    for d in &docs {
        let pages: Layout = crate::platform::stored::json("case_document.layout", &d.layout)?;
        parts.push((
            d.title.clone(),
            d.number.clone(),
            crate::platform::stored::rfc3339(d.issued_at),
            d.sha256.clone(),
            pages,
        ));
    }
    // Cover.
    let mut file = Layout::new();
    file.gap(80.0);
    file.title(&ctx.bureau.name);
    file.title("行政处罚案卷");
    file.gap(30.0);
    file.field("案卷号", &number);
    file.field("案件编号", case.number.as_deref().unwrap_or(""));
    file.field("案由", &case.cause);
    file.field("当事人", &ctx.party.name);
    file.field("统一社会信用代码", &ctx.party.credit_code);
    file.field(
        "立案日期",
        &ctx.record.filed_on.map(|d| d.zh()).unwrap_or_default(),
    );
    file.field("处理结果", &fine_text(&ctx));
    file.field("承办人", &ctx.officers.join("、"));
    file.field("归档日期", &ctx.today.zh());
    file.field("保管期限", "永久");
    // Table of contents: page numbers count the cover and the contents themselves, so the
    // contents are laid out until their own length stops changing.
    let toc_for = |contents_pages: usize| {
        let mut page = 1 + contents_pages + 1;
        let mut toc = Layout::new();
        toc.title("卷内目录");
        toc.gap(6.0);
        for (i, (title, number, issued, sha, pages)) in parts.iter().enumerate() {
            toc.para(
                &format!(
                    "{}. {}　{}　{}　第{}页",
                    i + 1,
                    title,
                    number,
                    pdf::date_time(issued),
                    page
                ),
                BODY,
            );
            toc.para(&format!("    SHA-256：{sha}"), 8.0);
            page += pages.pages.len();
        }
        if !evidence.is_empty() {
            toc.para(
                &format!(
                    "{}. 证据清单（{}份）　第{}页",
                    parts.len() + 1,
                    evidence.len(),
                    page
                ),
                BODY,
            );
        }
        toc
    };
    let mut toc = toc_for(1);
    for _ in 0..3 {
        let again = toc_for(toc.pages.len());
        let settled = again.pages.len() == toc.pages.len();
        toc = again;
        if settled {
            break;
        }
    }
    let mut all = file;
    all.pages.extend(toc.pages);
    for (_, _, _, _, pages) in parts {
        all.pages.extend(pages.pages);
    }
    if !evidence.is_empty() {
        let mut ev = Layout::new();
        ev.title("证据清单");
        for (i, e) in evidence.iter().enumerate() {
            ev.para(
                &format!(
                    "{}. {}　{}　{}　{}",
                    i + 1,
                    e.file_name,
                    pdf::date_time(&e.captured_at),
                    match (e.latitude, e.longitude) {
                        (Some(lat), Some(lng)) => format!("{lat:.5},{lng:.5}"),
                        _ => "无定位".into(),
                    },
                    if e.verified { "已校验" } else { "未校验" }
                ),
                9.0,
            );
            ev.para(&format!("   SHA-256：{}", e.sha256), 8.0);
        }
        all.pages.extend(ev.pages);
    }
    all.y = H;
    store(
        txn,
        state,
        actor,
        case,
        DocKind::CaseFile,
        year,
        seq,
        number,
        all,
        None,
    )
    .await
}

/// The stored PDF of a document.
pub async fn pdf_bytes(state: &AppState, doc: &case_document::Model) -> AppResult<Vec<u8>> {
    let got = state
        .store
        .get(&document_path(doc.bureau_id, &doc.id))
        .await
        .map_err(|e| anyhow::anyhow!("reading document {}: {e}", doc.id))?;
    let bytes = got
        .bytes()
        .await
        .map_err(|e| anyhow::anyhow!("reading document {}: {e}", doc.id))?;
    Ok(bytes.to_vec())
}

/// The case's documents, oldest first.
pub async fn of_case(
    conn: &impl ConnectionTrait,
    bureau: i64,
    case: Uuid,
) -> AppResult<Vec<case_document::Model>> {
    Ok(case_document::Entity::find()
        .filter(case_document::Column::BureauId.eq(bureau))
        .filter(case_document::Column::CaseId.eq(case))
        .order_by_asc(case_document::Column::IssuedAt)
        .order_by_asc(case_document::Column::Number)
        .all(conn)
        .await?)
}
