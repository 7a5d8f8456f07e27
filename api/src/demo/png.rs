//! Small PNG images drawn for the demo: site photos with the camera's date and position
//! stamped in a corner, and handwritten-looking signatures. They are real files (the SHA-256
//! the server checks is the hash of these bytes), encoded here with a fixed-Huffman deflate so
//! the generator needs no image library.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// An 8-bit image: RGB (3 channels) or grey with alpha (2 channels).
pub struct Canvas {
    pub w: usize,
    pub h: usize,
    channels: usize,
    px: Vec<u8>,
}

impl Canvas {
    pub fn rgb(w: usize, h: usize, fill: [u8; 3]) -> Canvas {
        Canvas {
            w,
            h,
            channels: 3,
            px: fill.repeat(w * h),
        }
    }

    /// A transparent canvas for ink.
    pub fn ink(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            channels: 2,
            px: vec![0; w * h * 2],
        }
    }

    /// Fills `[x0, x1)` of row `y`, clipped to the canvas.
    fn span(&mut self, x0: i64, x1: i64, y: i64, c: [u8; 3]) {
        let (x0, x1) = (x0.max(0) as usize, x1.min(self.w as i64));
        if y < 0 || y as usize >= self.h || x1 <= x0 as i64 {
            return;
        }
        let row = y as usize * self.w * self.channels;
        let (a, b) = (row + x0 * self.channels, row + x1 as usize * self.channels);
        let mut i = a;
        while i < b {
            self.px[i] = c[0];
            self.px[i + 1] = c[1];
            self.px[i + 2] = c[2];
            i += self.channels;
        }
    }

    pub fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: [u8; 3]) {
        for yy in y..y + h {
            self.span(x, x + w, yy, c);
        }
    }

    pub fn disc(&mut self, cx: i64, cy: i64, r: i64, c: [u8; 3]) {
        for dy in -r..=r {
            let dx = ((r * r - dy * dy) as f64).sqrt() as i64;
            self.span(cx - dx, cx + dx + 1, cy + dy, c);
        }
    }

    /// Rows from `y0` to `y1` shaded from `top` to `bottom`.
    pub fn gradient(&mut self, y0: i64, y1: i64, top: [u8; 3], bottom: [u8; 3]) {
        let span = (y1 - y0).max(1) as f32;
        for y in y0..y1 {
            let t = (y - y0) as f32 / span;
            let c =
                [0, 1, 2].map(|k| (top[k] as f32 + (bottom[k] as f32 - top[k] as f32) * t) as u8);
            self.rect(0, y, self.w as i64, 1, c);
        }
    }

    /// Text in the 5×7 font at `scale`; characters without a glyph are blanks.
    pub fn text(&mut self, x: i64, y: i64, scale: i64, s: &str, c: [u8; 3]) {
        for (n, ch) in s.chars().enumerate() {
            let rows = glyph(ch);
            let x0 = x + n as i64 * 6 * scale;
            for (ry, bits) in rows.iter().enumerate() {
                for rx in 0..5 {
                    if bits >> (4 - rx) & 1 == 1 {
                        self.rect(x0 + rx * scale, y + ry as i64 * scale, scale, scale, c);
                    }
                }
            }
        }
    }

    /// Darkens a band (the camera's stamp background).
    pub fn shade(&mut self, x: i64, y: i64, w: i64, h: i64) {
        for yy in y.max(0)..(y + h).min(self.h as i64) {
            for xx in x.max(0)..(x + w).min(self.w as i64) {
                let i = (yy as usize * self.w + xx as usize) * self.channels;
                for k in 0..3 {
                    self.px[i + k] /= 3;
                }
            }
        }
    }

    /// A round pen dab of radius `r` with a soft edge (ink canvases).
    fn dab(&mut self, cx: f32, cy: f32, r: f32) {
        let (x0, x1) = ((cx - r - 1.0).floor() as i64, (cx + r + 1.0).ceil() as i64);
        let (y0, y1) = ((cy - r - 1.0).floor() as i64, (cy + r + 1.0).ceil() as i64);
        for y in y0..=y1 {
            for x in x0..=x1 {
                if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
                    continue;
                }
                let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                let a = ((r + 0.5 - d).clamp(0.0, 1.0) * 255.0) as u8;
                let i = (y as usize * self.w + x as usize) * self.channels;
                self.px[i] = 28;
                self.px[i + 1] = self.px[i + 1].max(a);
            }
        }
    }

    pub fn png(&self) -> Vec<u8> {
        encode(
            self.w as u32,
            self.h as u32,
            if self.channels == 3 { 2 } else { 4 },
            self.channels,
            &self.px,
        )
    }
}

/// A signature: a quick cursive pass over each character of the name plus a stroke or two
/// across it, the same hand every time for the same name (seeded by it), with a little tremor
/// from `rng`.
pub fn signature(name: &str, rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut hand = ChaCha8Rng::from_seed(Sha256::digest(name.as_bytes()).into());
    let (w, h) = (240usize, 80usize);
    let mut c = Canvas::ink(w, h);
    let n = name.chars().count().clamp(1, 4);
    let cell = (w as f32 - 40.0) / n as f32;
    let slant = hand.gen_range(-0.35..-0.05f32);
    let pen = hand.gen_range(1.1..1.7f32);
    let tremor = rng.gen_range(-1.2..1.2f32);
    let mid = h as f32 / 2.0;
    let warp = |x: f32, y: f32| (x - (y - mid) * slant + tremor, y + tremor * 0.5);
    for k in 0..n {
        let x0 = 20.0 + k as f32 * cell;
        // The cursive pass: points moving right with loops back, through the middle band.
        let count = hand.gen_range(5..9);
        let mut pts: Vec<(f32, f32)> = (0..count)
            .map(|i| {
                let t = i as f32 / (count - 1) as f32;
                (
                    x0 + t * cell * 0.9 + hand.gen_range(-0.18..0.18) * cell,
                    hand.gen_range(16.0..(h as f32 - 16.0)),
                )
            })
            .collect();
        pts = pts.into_iter().map(|(x, y)| warp(x, y)).collect();
        stroke(&mut c, &pts, pen);
        for _ in 0..hand.gen_range(1..3) {
            let y = hand.gen_range(22.0..(h as f32 - 22.0));
            let a = warp(x0 + hand.gen_range(0.0..0.3) * cell, y);
            let b = warp(
                x0 + hand.gen_range(0.6..1.0) * cell,
                y + hand.gen_range(-10.0..10.0),
            );
            let m = (
                (a.0 + b.0) / 2.0,
                (a.1 + b.1) / 2.0 + hand.gen_range(-6.0..6.0),
            );
            stroke(&mut c, &[a, m, b], pen * 0.9);
        }
    }
    c.png()
}

/// A smooth pen line through `pts` (Catmull-Rom), thinner at its ends.
fn stroke(c: &mut Canvas, pts: &[(f32, f32)], pen: f32) {
    if pts.len() < 2 {
        return;
    }
    let at = |i: isize| pts[i.clamp(0, pts.len() as isize - 1) as usize];
    let segments = pts.len() - 1;
    for s in 0..segments {
        let (p0, p1, p2, p3) = (
            at(s as isize - 1),
            at(s as isize),
            at(s as isize + 1),
            at(s as isize + 2),
        );
        let len = ((p2.0 - p1.0).powi(2) + (p2.1 - p1.1).powi(2)).sqrt();
        let steps = (len / 0.7).ceil().max(1.0) as usize;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f32, b: f32, c: f32, d: f32| {
                0.5 * (2.0 * b
                    + (-a + c) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (-a + 3.0 * b - 3.0 * c + d) * t3)
            };
            let x = f(p0.0, p1.0, p2.0, p3.0);
            let y = f(p0.1, p1.1, p2.1, p3.1);
            let along = (s as f32 + t) / segments as f32;
            let press = 0.45 + 0.55 * (along * std::f32::consts::PI).sin();
            c.dab(x, y, pen * press);
        }
    }
}

/// What a site photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    /// Workshops, a stack and a tank.
    Plant,
    /// A discharge outlet and its channel.
    Outfall,
    /// A hazardous-waste store with drums.
    Store,
    /// A ledger page on a desk.
    Ledger,
    /// A monitoring cabinet with its display.
    Station,
}

/// A 320×240 site photo of `scene`; `problem` draws what is wrong (dark smoke, dirty water,
/// drums outside, a blank ledger). `stamp` is the camera's date and position, bottom left.
pub fn photo(
    scene: Scene,
    problem: bool,
    reading: Option<f64>,
    stamp: &[String],
    rng: &mut ChaCha8Rng,
) -> Vec<u8> {
    let (w, h) = (320i64, 240i64);
    let mut c = Canvas::rgb(w as usize, h as usize, [200, 200, 200]);
    let sky = |c: &mut Canvas, to: i64, rng: &mut ChaCha8Rng| {
        let haze = rng.gen_range(0..40u8);
        c.gradient(0, to, [110 + haze, 160 + haze / 2, 215], [205, 220, 232]);
    };
    match scene {
        Scene::Plant => {
            let horizon = rng.gen_range(105..130);
            sky(&mut c, horizon, rng);
            c.gradient(horizon, h, [128, 130, 126], [88, 90, 88]);
            let wall = [[214, 218, 222], [196, 208, 224], [222, 214, 196]][rng.gen_range(0..3)];
            let (bx, bw) = (rng.gen_range(10..40), rng.gen_range(150..190));
            let top = horizon - rng.gen_range(55..75);
            c.rect(bx, top, bw, horizon - top + 20, wall);
            c.rect(bx - 4, top - 8, bw + 8, 10, [80, 104, 140]);
            for wy in [top + 12, top + 36] {
                let mut wx = bx + 10;
                while wx + 14 < bx + bw {
                    c.rect(wx, wy, 12, 12, [70, 86, 104]);
                    wx += 22;
                }
            }
            c.rect(bx + bw / 2 - 12, horizon - 4, 24, 24, [60, 60, 64]);
            let sx = bx + bw + rng.gen_range(15..35);
            let stack_top = rng.gen_range(14..30);
            c.rect(sx, stack_top, 14, horizon + 20 - stack_top, [236, 236, 236]);
            let mut band = stack_top;
            while band < stack_top + 60 {
                c.rect(sx, band, 14, 8, [196, 52, 44]);
                band += 20;
            }
            let smoke = if problem {
                [70, 70, 72]
            } else {
                [232, 234, 236]
            };
            for k in 0..4 {
                c.disc(sx + 7 + k * 9, stack_top - 6 - k * 5, 6 + k * 2, smoke);
            }
            let tx = (sx + 30).min(w - 40);
            c.rect(tx, horizon - 30, 34, 50, [176, 182, 186]);
            c.disc(tx + 17, horizon - 30, 17, [196, 200, 204]);
            c.rect(tx, horizon - 30, 34, 6, [176, 182, 186]);
            let mut gx = 0;
            while gx < w {
                c.disc(gx, horizon + 22, rng.gen_range(6..11), [62, 118, 62]);
                gx += rng.gen_range(14..30);
            }
        }
        Scene::Outfall => {
            c.gradient(0, 150, [160, 158, 150], [128, 126, 120]);
            for y in (10..150).step_by(28) {
                c.rect(0, y, w, 2, [116, 114, 108]);
            }
            let (px, py) = (rng.gen_range(110..210), rng.gen_range(60..95));
            c.disc(px, py, 30, [104, 104, 100]);
            c.disc(px, py, 24, [36, 36, 38]);
            let water = if problem {
                [118, 92, 58]
            } else {
                [150, 184, 192]
            };
            c.rect(px - 10, py + 8, 20, 150 - py - 8, water);
            c.gradient(150, h, [92, 122, 116], [64, 92, 88]);
            if problem {
                c.rect(0, 150, w, h - 150, [104, 84, 56]);
            }
            for y in (160..h).step_by(14) {
                let x = rng.gen_range(0..w / 2);
                c.rect(x, y, rng.gen_range(40..120), 2, [150, 170, 168]);
            }
            c.rect(24, 24, 64, 44, [240, 240, 240]);
            c.rect(28, 28, 56, 36, [34, 120, 70]);
            c.disc(56, 46, 10, [240, 240, 240]);
        }
        Scene::Store => {
            sky(&mut c, 60, rng);
            c.rect(0, 60, w, 130, [226, 222, 212]);
            c.rect(0, 52, w, 12, [92, 110, 128]);
            c.rect(110, 90, 160, 100, [54, 56, 60]);
            for k in 0..rng.gen_range(3..6) {
                c.rect(122 + k * 28, 140, 22, 48, [36, 84, 168]);
                c.rect(122 + k * 28, 150, 22, 3, [24, 56, 120]);
            }
            c.gradient(190, h, [150, 150, 146], [120, 120, 118]);
            c.rect(24, 84, 62, 62, [28, 28, 28]);
            c.rect(28, 88, 54, 54, [246, 196, 32]);
            c.rect(52, 98, 6, 26, [28, 28, 28]);
            c.rect(52, 128, 6, 6, [28, 28, 28]);
            if problem {
                for k in 0..3 {
                    c.rect(30 + k * 34, 196, 26, 36, [40, 90, 170]);
                }
                c.disc(200, 220, 22, [86, 70, 50]);
            }
        }
        Scene::Ledger => {
            c.gradient(0, h, [150, 108, 70], [120, 84, 54]);
            c.rect(58, 14, 204, 214, [90, 64, 40]);
            c.rect(54, 10, 204, 214, [246, 245, 238]);
            for y in (30..220).step_by(16) {
                c.rect(62, y, 188, 1, [150, 150, 150]);
            }
            for x in [62, 110, 170, 250] {
                c.rect(x, 30, 1, 190, [150, 150, 150]);
            }
            let rows = if problem { 4 } else { 11 };
            for r in 0..rows {
                for (x0, x1) in [(66, 106), (114, 166), (174, 246)] {
                    let len = rng.gen_range(12..(x1 - x0));
                    c.rect(x0, 36 + r * 16, len, 4, [40, 48, 96]);
                }
            }
            c.disc(220, 196, 16, [200, 40, 40]);
            c.disc(220, 196, 13, [246, 245, 238]);
        }
        Scene::Station => {
            c.gradient(0, h, [212, 214, 210], [186, 188, 184]);
            c.rect(60, 20, 200, 210, [178, 184, 190]);
            c.rect(64, 24, 192, 202, [196, 202, 208]);
            c.rect(84, 44, 152, 56, [16, 22, 20]);
            let shown = reading.map_or_else(
                || format!("{:.1}", rng.gen_range(5.0..40.0)),
                |v| format!("{v}"),
            );
            let colour = if problem {
                [250, 80, 60]
            } else {
                [90, 240, 120]
            };
            c.text(
                96,
                58,
                4,
                &shown.chars().take(5).collect::<String>(),
                colour,
            );
            for k in 0..4 {
                let on = if k == 0 && problem {
                    [240, 60, 50]
                } else {
                    [60, 200, 90]
                };
                c.disc(100 + k * 30, 124, 6, on);
            }
            c.rect(84, 150, 152, 60, [150, 156, 162]);
            for y in (156..206).step_by(10) {
                c.rect(90, y, 140, 4, [120, 126, 132]);
            }
        }
    }
    let lines = stamp.len() as i64;
    if lines > 0 {
        c.shade(0, h - 4 - 16 * lines, w, 4 + 16 * lines);
        for (k, line) in stamp.iter().enumerate() {
            c.text(6, h - 16 * lines + 16 * k as i64, 2, line, [255, 236, 160]);
        }
    }
    c.png()
}

fn glyph(c: char) -> [u8; 7] {
    match c {
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        '-' => [0, 0, 0, 0x1F, 0, 0, 0],
        ':' => [0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0],
        '.' => [0, 0, 0, 0, 0, 0x0C, 0x0C],
        '+' => [0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0],
        'N' => [0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'm' => [0, 0, 0x1A, 0x15, 0x15, 0x11, 0x11],
        _ => [0; 7],
    }
}

/// A PNG file: `color_type` 2 (RGB) or 4 (grey + alpha), 8 bits, no interlace.
pub fn encode(w: u32, h: u32, color_type: u8, channels: usize, pixels: &[u8]) -> Vec<u8> {
    let stride = w as usize * channels;
    let mut raw = Vec::with_capacity((stride + 1) * h as usize);
    let zero = vec![0u8; stride];
    let mut above: &[u8] = &zero;
    for row in pixels.chunks(stride) {
        // Filter "Up": flat areas and smooth gradients become runs of one byte.
        raw.push(2);
        let at = raw.len();
        raw.extend_from_slice(row);
        // Plain loops: this runs unoptimised in debug builds, where iterator chains are slow.
        let mut k = 0;
        while k < stride {
            raw[at + k] = raw[at + k].wrapping_sub(above[k]);
            k += 1;
        }
        above = row;
    }
    let mut z = vec![0x78, 0x01];
    z.extend(deflate(&raw));
    z.extend(adler32(&raw).to_be_bytes());
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, color_type, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    let mut i = 0;
    while i < data.len() {
        let end = (i + 5552).min(data.len());
        while i < end {
            a += data[i] as u32;
            b += a;
            i += 1;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// `len` bits of `value`, least significant first (deflate's order for extra bits).
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0;
        for i in 0..len {
            if code >> i & 1 == 1 {
                rev |= 1 << (len - 1 - i);
            }
        }
        self.put(rev, len);
    }
    /// A literal/length symbol in the fixed code (RFC 1951, 3.2.6).
    fn symbol(&mut self, s: u32) {
        match s {
            0..=143 => self.code(0x30 + s, 8),
            144..=255 => self.code(0x190 + s - 144, 9),
            256..=279 => self.code(s - 256, 7),
            _ => self.code(0xC0 + s - 280, 8),
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

const LEN_BASE: [u32; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u32; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u32; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u32; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// One fixed-Huffman block with greedy LZ77 matching over a 32 KiB window.
fn deflate(data: &[u8]) -> Vec<u8> {
    const WINDOW: usize = 32 * 1024;
    const HASH: usize = 1 << 15;
    const NONE: usize = usize::MAX;
    let mut bits = Bits::default();
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    let mut head = vec![NONE; HASH];
    let mut prev = vec![NONE; data.len()];
    let hash = |i: usize| {
        ((data[i] as usize) << 10 ^ (data[i + 1] as usize) << 5 ^ data[i + 2] as usize) & (HASH - 1)
    };
    let insert = |i: usize, head: &mut [usize], prev: &mut [usize]| {
        if i + 2 < data.len() {
            let h = hash(i);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0usize, 0usize);
        // A run of the previous byte is the common case after filtering: no search needed.
        if i > 0 && data[i] == data[i - 1] {
            let (max, b) = ((data.len() - i).min(258), data[i - 1]);
            let mut run = 0;
            while run < max && data[i + run] == b {
                run += 1;
            }
            if run >= 3 {
                (best_len, best_dist) = (run, 1);
            }
        }
        if best_len == 0 && i + 2 < data.len() {
            let max = (data.len() - i).min(258);
            let mut cand = head[hash(i)];
            let mut depth = 0;
            while cand != NONE && i - cand <= WINDOW && depth < 24 {
                let mut l = 0;
                while l < max && data[cand + l] == data[i + l] {
                    l += 1;
                }
                if l > best_len {
                    (best_len, best_dist) = (l, i - cand);
                    if l == max {
                        break;
                    }
                }
                cand = prev[cand];
                depth += 1;
            }
        }
        if best_len >= 3 {
            let k = LEN_BASE
                .iter()
                .rposition(|&b| b as usize <= best_len)
                .unwrap_or(0);
            bits.symbol(257 + k as u32);
            bits.put(best_len as u32 - LEN_BASE[k], LEN_EXTRA[k]);
            let d = DIST_BASE
                .iter()
                .rposition(|&b| b as usize <= best_dist)
                .unwrap_or(0);
            bits.code(d as u32, 5);
            bits.put(best_dist as u32 - DIST_BASE[d], DIST_EXTRA[d]);
            // Long matches only index their start: enough to find them again, and cheap.
            for k in i..i + best_len.min(8) {
                insert(k, &mut head, &mut prev);
            }
            i += best_len;
        } else {
            bits.symbol(data[i] as u32);
            insert(i, &mut head, &mut prev);
            i += 1;
        }
    }
    bits.symbol(256);
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal inflater for fixed-Huffman blocks, to check the encoder round-trips.
    fn inflate_fixed(z: &[u8]) -> Vec<u8> {
        let mut pos = 0usize; // bit position
        let bit = |pos: &mut usize| {
            let b = (z[*pos / 8] >> (*pos % 8)) & 1;
            *pos += 1;
            b as u32
        };
        let bits = |pos: &mut usize, n: u32| (0..n).fold(0, |acc, i| acc | bit(pos) << i);
        assert_eq!(bits(&mut pos, 1), 1);
        assert_eq!(bits(&mut pos, 2), 1);
        let mut out: Vec<u8> = Vec::new();
        loop {
            // Read the fixed literal/length code MSB-first.
            let mut code = 0u32;
            let mut len = 0;
            let sym = loop {
                code = code << 1 | bit(&mut pos);
                len += 1;
                match len {
                    7 if code <= 0x17 => break code + 256,
                    8 if (0x30..=0xBF).contains(&code) => break code - 0x30,
                    8 if (0xC0..=0xC7).contains(&code) => break code - 0xC0 + 280,
                    9 if (0x190..=0x1FF).contains(&code) => break code - 0x190 + 144,
                    _ => assert!(len < 9, "bad code"),
                }
            };
            match sym {
                0..=255 => out.push(sym as u8),
                256 => break,
                _ => {
                    let k = (sym - 257) as usize;
                    let l = LEN_BASE[k] + bits(&mut pos, LEN_EXTRA[k]);
                    let mut d = 0u32;
                    for _ in 0..5 {
                        d = d << 1 | bit(&mut pos);
                    }
                    let dist = DIST_BASE[d as usize] + bits(&mut pos, DIST_EXTRA[d as usize]);
                    for _ in 0..l {
                        out.push(out[out.len() - dist as usize]);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn deflate_round_trips_and_compresses_flat_images() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut data: Vec<u8> = (0..40_000).map(|i| (i / 700) as u8).collect();
        data.extend((0..5000).map(|_| rng.gen::<u8>()));
        data.extend(std::iter::repeat_n(9u8, 70_000));
        let z = deflate(&data);
        assert_eq!(inflate_fixed(&z), data);
        assert!(z.len() < 12_000, "{} bytes", z.len());
    }

    #[test]
    fn pngs_have_valid_chunks() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let png = signature("张伟", &mut rng);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // Each chunk's CRC covers its type and data.
        let mut at = 8;
        let mut kinds = Vec::new();
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().expect("len")) as usize;
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().expect("crc"));
            assert_eq!(crc32(&png[at + 4..at + 8 + len]), crc);
            kinds.push(String::from_utf8_lossy(&png[at + 4..at + 8]).to_string());
            if kinds.last().map(String::as_str) == Some("IDAT") {
                let z = &png[at + 8..at + 8 + len];
                let raw = inflate_fixed(&z[2..z.len() - 4]);
                assert_eq!(raw.len(), (240 * 2 + 1) * 80);
                assert_eq!(
                    adler32(&raw).to_be_bytes(),
                    z[z.len() - 4..],
                    "zlib checksum"
                );
                // Undo the "Up" filter and find the ink.
                let mut above = vec![0u8; 480];
                let mut inked = 0;
                for row in raw.chunks(481) {
                    assert_eq!(row[0], 2, "filter Up");
                    let px: Vec<u8> = row[1..]
                        .iter()
                        .zip(&above)
                        .map(|(d, a)| d.wrapping_add(*a))
                        .collect();
                    inked += px.chunks(2).filter(|p| p[1] > 200).count();
                    above = px;
                }
                assert!(inked > 200, "{inked} inked pixels");
            }
            at += 12 + len;
        }
        assert_eq!(kinds, ["IHDR", "IDAT", "IEND"]);
    }
}
