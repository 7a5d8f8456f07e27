//! Records (笔录) as PDF: A4, a Chinese font embedded as a subset, the evidence list with each
//! file's SHA-256 and whether the server verified it, and the signatures drawn on the device.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use shared::inspection::{InspectionView, RecordDoc, RecordKind, SignerRole};

use crate::platform::error::AppResult;

const W: f32 = 595.0;
const H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 11.0;

/// The font, read once per process and path (a CJK collection is ~20 MB).
fn font(path: &Path, index: u32) -> anyhow::Result<Font> {
    static CACHE: OnceLock<Mutex<HashMap<(std::path::PathBuf, u32), Font>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache
        .lock()
        .map_err(|_| anyhow::anyhow!("font cache poisoned"))?;
    if let Some(f) = map.get(&(path.to_path_buf(), index)) {
        return Ok(f.clone());
    }
    let data = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("PDF font {} unreadable: {e}", path.display()))?;
    let f = Font::new(Arc::new(data).into(), index)
        .ok_or_else(|| anyhow::anyhow!("PDF font {} face {index} unusable", path.display()))?;
    map.insert((path.to_path_buf(), index), f.clone());
    Ok(f)
}

enum Cmd {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: Vec<u8>,
    },
}

/// Lays text out top to bottom, starting a new page when one is full.
struct Layout {
    pages: Vec<Vec<Cmd>>,
    y: f32,
}

/// Width of a character in ems: CJK and full-width forms are square, the rest about half.
fn em(c: char) -> f32 {
    if (c as u32) >= 0x2E80 {
        1.0
    } else {
        0.55
    }
}

fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        for c in para.chars() {
            let cw = em(c) * size;
            if w + cw > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                w = 0.0;
            }
            line.push(c);
            w += cw;
        }
        lines.push(line);
    }
    lines
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }
    fn page(&mut self) -> &mut Vec<Cmd> {
        self.pages.last_mut().expect("a page")
    }
    fn room(&mut self, h: f32) {
        if self.y + h > H - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }
    fn title(&mut self, text: &str) {
        let size = 18.0;
        let width: f32 = text.chars().map(em).sum::<f32>() * size;
        self.room(size * 2.0);
        self.y += size;
        let y = self.y;
        self.page().push(Cmd::Text {
            x: (W - width) / 2.0,
            y,
            size,
            text: text.into(),
        });
        self.y += size;
    }
    /// `label：value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) {
        let label_w: f32 = label.chars().map(em).sum::<f32>() * BODY + BODY;
        let lines = wrap(value, BODY, W - 2.0 * MARGIN - label_w);
        for (i, line) in lines.iter().enumerate() {
            self.room(BODY * 1.8);
            self.y += BODY * 1.3;
            let y = self.y;
            if i == 0 {
                self.page().push(Cmd::Text {
                    x: MARGIN,
                    y,
                    size: BODY,
                    text: format!("{label}："),
                });
            }
            self.page().push(Cmd::Text {
                x: MARGIN + label_w,
                y,
                size: BODY,
                text: line.clone(),
            });
            self.page().push(Cmd::Line {
                x1: MARGIN + label_w,
                y1: y + 3.0,
                x2: W - MARGIN,
                y2: y + 3.0,
            });
            self.y += BODY * 0.5;
        }
    }
    fn para(&mut self, text: &str, size: f32) {
        for line in wrap(text, size, W - 2.0 * MARGIN) {
            self.room(size * 1.6);
            self.y += size * 1.5;
            let y = self.y;
            self.page().push(Cmd::Text {
                x: MARGIN,
                y,
                size,
                text: line,
            });
        }
    }
    fn gap(&mut self, h: f32) {
        self.y += h;
    }
    fn signature(&mut self, label: &str, name: &str, png: Option<Vec<u8>>, note: &str) {
        // The image sits on the line, above the baseline, like ink over a signature line.
        self.room(64.0);
        self.y += 48.0;
        let y = self.y;
        self.page().push(Cmd::Text {
            x: MARGIN,
            y,
            size: BODY,
            text: format!("{label}：{name}"),
        });
        self.page().push(Cmd::Line {
            x1: MARGIN + 190.0,
            y1: y + 3.0,
            x2: MARGIN + 330.0,
            y2: y + 3.0,
        });
        if let Some(png) = png {
            self.page().push(Cmd::Image {
                x: MARGIN + 200.0,
                y: y - 42.0,
                w: 120.0,
                h: 45.0,
                png,
            });
        }
        self.page().push(Cmd::Text {
            x: MARGIN + 340.0,
            y,
            size: 9.0,
            text: note.into(),
        });
        self.y += 8.0;
    }
}

fn decode_image(data_url: &str) -> Option<Vec<u8>> {
    let b64 = data_url.split_once(',')?.1;
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

fn date_time(rfc3339: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(rfc3339, &Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(time::UtcOffset::from_hms(8, 0, 0).expect("UTC+8"));
            format!(
                "{}年{}月{}日 {:02}时{:02}分",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        }
        Err(_) => rfc3339.to_string(),
    }
}

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

fn render(l: Layout, font: &Font) -> AppResult<Vec<u8>> {
    let mut doc = Document::new();
    let total = l.pages.len();
    for (n, cmds) in l.pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(W, H).ok_or_else(|| anyhow::anyhow!("page size"))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        s.set_fill(Some(Fill {
            paint: rgb::Color::new(20, 20, 20).into(),
            ..Default::default()
        }));
        for cmd in cmds {
            match cmd {
                Cmd::Text { x, y, size, text } => s.draw_text(
                    Point::from_xy(x, y),
                    font.clone(),
                    size,
                    &text,
                    false,
                    TextDirection::Auto,
                ),
                Cmd::Line { x1, y1, x2, y2 } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(x1, y1);
                    pb.line_to(x2, y2);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            width: 0.5,
                            paint: rgb::Color::new(120, 120, 120).into(),
                            ..Default::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                        s.set_fill(Some(Fill {
                            paint: rgb::Color::new(20, 20, 20).into(),
                            ..Default::default()
                        }));
                    }
                }
                Cmd::Image { x, y, w, h, png } => {
                    let image = if png.starts_with(&[0xFF, 0xD8]) {
                        Image::from_jpeg(png.into(), true)
                    } else {
                        Image::from_png(png.into(), true)
                    };
                    if let (Ok(image), Some(size)) = (image, Size::from_wh(w, h)) {
                        s.push_transform(&Transform::from_translate(x, y));
                        s.draw_image(image, size);
                        s.pop();
                    }
                }
            }
        }
        let footer = format!("第 {} 页 共 {} 页", n + 1, total);
        s.draw_text(
            Point::from_xy(W / 2.0 - 40.0, H - 28.0),
            font.clone(),
            9.0,
            &footer,
            false,
            TextDirection::Auto,
        );
        s.finish();
        page.finish();
    }
    Ok(doc.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))?)
}
