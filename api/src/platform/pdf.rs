//! PDF pages for documents and records: A4, a Chinese font embedded as a subset, text laid out
//! top to bottom with page breaks, lines, images and a page footer. The layout is plain data
//! ([`Layout`]) so that a document can be stored with its pages and later bound into a case file
//! exactly as it was issued.

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
use serde::{Deserialize, Serialize};

use crate::platform::error::AppResult;

pub const W: f32 = 595.0;
pub const H: f32 = 842.0;
pub const MARGIN: f32 = 56.0;
pub const BODY: f32 = 11.0;

/// The font, read once per process and path (a CJK collection is ~20 MB).
pub fn font(path: &Path, index: u32) -> anyhow::Result<Font> {
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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Cmd {
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Layout {
    pub pages: Vec<Vec<Cmd>>,
    pub y: f32,
}

/// Width of a character in ems: CJK and full-width forms are square, the rest about half.
pub fn em(c: char) -> f32 {
    if (c as u32) >= 0x2E80 {
        1.0
    } else {
        0.55
    }
}

pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
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

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

impl Layout {
    pub fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }
    pub fn page(&mut self) -> &mut Vec<Cmd> {
        self.pages.last_mut().expect("a page")
    }
    pub fn room(&mut self, h: f32) {
        if self.y + h > H - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }
    pub fn title(&mut self, text: &str) {
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
    pub fn field(&mut self, label: &str, value: &str) {
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
    pub fn para(&mut self, text: &str, size: f32) {
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
    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }
    pub fn signature(&mut self, label: &str, name: &str, png: Option<Vec<u8>>, note: &str) {
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

pub fn decode_image(data_url: &str) -> Option<Vec<u8>> {
    let b64 = data_url.split_once(',')?.1;
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

pub fn date_time(rfc3339: &str) -> String {
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

/// The pages of `l` as one PDF.
pub fn render(l: Layout, font: &Font) -> AppResult<Vec<u8>> {
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
