//! Records (笔录) as PDF: A4, a Chinese font embedded as a subset, the evidence list with each
//! file's SHA-256 and whether the server verified it, and the signatures drawn on the device.

use std::path::Path;

use shared::inspection::{InspectionView, RecordDoc, RecordKind, SignerRole};

use crate::platform::error::AppResult;
use crate::platform::pdf::{date_time, decode_image, font, render, Layout, BODY};

/// Renders one record of an inspection.
pub fn record(
    view: &InspectionView,
    rec: &RecordDoc,
    bureau_name: &str,
    font_path: &Path,
    font_index: u32,
) -> AppResult<Vec<u8>> {
    let font = font(font_path, font_index)?;
    let mut l = Layout::new();
    l.para(bureau_name, 12.0);
    l.title(rec.kind.title());
    l.gap(6.0);
    let end = if rec.ended_at.is_empty() {
        String::new()
    } else {
        format!(" 至 {}", date_time(&rec.ended_at))
    };
    l.field("时间", &format!("{}{end}", date_time(&rec.started_at)));
    l.field("地点", &rec.place);
    l.field("被检查单位", &rec.party_name);
    l.field("统一社会信用代码", &view.credit_code);
    l.field("法定代表人", &view.legal_person);
    l.field(
        "现场负责人",
        &format!(
            "{}　职务：{}　电话：{}",
            rec.respondent, rec.respondent_title, rec.respondent_phone
        ),
    );
    let inspectors = view
        .task
        .inspectors
        .iter()
        .map(|i| {
            format!(
                "{}（执法证号 {}）",
                i.display_name,
                i.certificate_no.as_deref().unwrap_or("—")
            )
        })
        .collect::<Vec<_>>()
        .join("、");
    l.field("执法人员", &inspectors);
    l.gap(6.0);
    l.para(
        "告知：我们是生态环境部门执法人员，已出示执法证件。现依法进行检查（调查），请予以配合并如实回答询问、提供有关材料。你（单位）有陈述、申辩的权利；认为执法人员与本案有直接利害关系的，有申请回避的权利。",
        BODY,
    );
    match rec.kind {
        RecordKind::Onsite => {
            l.gap(4.0);
            l.para("检查情况：", BODY);
            l.para(&rec.content, BODY);
            if let Some(f) = &view.findings {
                let problems = f.problems(&view.template);
                l.gap(4.0);
                l.para(
                    &format!(
                        "检查表：{}（第{}版），共{}项，发现问题{}项。",
                        view.template.name,
                        f.template_version,
                        view.template.item_count(),
                        problems.len()
                    ),
                    BODY,
                );
                for item in problems {
                    let a = f.answer(&item.code);
                    let value = a
                        .and_then(|a| a.value)
                        .map(|v| {
                            format!(
                                "，实测{v}{}（限值{}）",
                                item.unit.as_deref().unwrap_or(""),
                                item.limit.unwrap_or_default()
                            )
                        })
                        .unwrap_or_default();
                    let note = a
                        .map(|a| a.note.as_str())
                        .filter(|n| !n.is_empty())
                        .map(|n| format!("，{n}"))
                        .unwrap_or_default();
                    l.para(
                        &format!("· {}{value}{note}（依据：{}）", item.text, item.basis),
                        10.0,
                    );
                }
            }
        }
        RecordKind::Interrogation => {
            for qa in &rec.questions {
                l.para(&format!("问：{}", qa.question), BODY);
                l.para(&format!("答：{}", qa.answer), BODY);
            }
        }
    }
    l.gap(6.0);
    l.para(
        &format!(
            "证据清单（共{}份，SHA-256 由设备采集时计算，服务器复核）：",
            view.evidence.len()
        ),
        BODY,
    );
    for (i, e) in view.evidence.iter().enumerate() {
        let place = match (e.meta.latitude, e.meta.longitude) {
            (Some(lat), Some(lng)) => format!(
                "，位置 {lat:.5},{lng:.5}（±{:.0}米）",
                e.meta.accuracy.unwrap_or_default()
            ),
            _ => "，无定位".into(),
        };
        l.para(
            &format!(
                "{}. {}　{}　{}{place}　{}",
                i + 1,
                e.meta.kind.label(shared::Lang::Zh),
                e.meta.file_name,
                date_time(&e.meta.captured_at),
                if e.verified {
                    "已校验"
                } else {
                    "未上传完成"
                }
            ),
            9.0,
        );
        l.para(&format!("   SHA-256：{}", e.meta.sha256), 8.0);
    }
    l.gap(10.0);
    l.para("以上笔录经被检查（询问）人核对，与实际情况相符。", BODY);
    for s in rec
        .signatures
        .iter()
        .filter(|s| s.role == SignerRole::Party)
    {
        l.signature(
            "被检查单位现场负责人",
            &s.name,
            decode_image(&s.image),
            &date_time(&s.signed_at),
        );
    }
    if let Some(refusal) = rec
        .party_refusal
        .as_deref()
        .filter(|r| !r.trim().is_empty())
    {
        l.para(&format!("当事人拒绝签字。执法人员记录：{refusal}"), BODY);
    }
    for s in rec
        .signatures
        .iter()
        .filter(|s| s.role == SignerRole::Inspector)
    {
        l.signature(
            "执法人员",
            &s.name,
            decode_image(&s.image),
            &date_time(&s.signed_at),
        );
    }
    render(l, &font)
}
