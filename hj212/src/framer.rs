//! Bytes of one TCP connection → frames. See the crate docs for the decision table.

use crate::crc::crc16;
use crate::fault::Fault;
use crate::packet::Header;

/// The largest data segment the standard allows.
pub const MAX_SEGMENT: usize = 1024;
/// `##` + length + segment + CRC + `\r\n` at the largest segment.
pub const MAX_FRAME: usize = 2 + 4 + MAX_SEGMENT + 4 + 2;
/// The framer never holds more than this many bytes.
pub const BUFFER_CAP: usize = 8 * 1024;
/// Garbage (bytes without `##`) is reported as [`Fault::Garbage`] once this much piled up
/// without a frame to attach it to.
pub const GARBAGE_REPORT: usize = 1024;

/// How the CRC was written (all three are accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrcNote {
    Exact,
    /// Right value, lower-case hex digits.
    LowerCase,
    /// Low byte first (some vendor firmware).
    ByteSwapped,
}

impl CrcNote {
    /// Counter name of an accepted deviation, `None` for [`CrcNote::Exact`].
    pub fn code(&self) -> Option<&'static str> {
        match self {
            CrcNote::Exact => None,
            CrcNote::LowerCase => Some("crc_lower_case"),
            CrcNote::ByteSwapped => Some("crc_byte_swapped"),
        }
    }
}

/// Whether the length field matched the segment found between it and the CRC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthNote {
    Exact,
    Wrong { declared: usize, actual: usize },
}

impl LengthNote {
    /// Counter name of an accepted deviation, `None` for [`LengthNote::Exact`].
    pub fn code(&self) -> Option<&'static str> {
        match self {
            LengthNote::Exact => None,
            LengthNote::Wrong { .. } => Some("length_wrong"),
        }
    }
}

/// One frame whose CRC checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The data segment text.
    pub segment: String,
    pub crc_case: CrcNote,
    pub length_note: LengthNote,
    /// Garbage bytes dropped since the previous item, before this frame's `##`.
    pub skipped_garbage: usize,
}

/// Incremental framer for one TCP connection: bytes in, frames out.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    garbage: usize,
    overflow: usize,
    /// After [`Fault::TooLong`]: the rest of that frame is dropped up to its `\r\n` (or
    /// the next `##`) without being counted as garbage.
    skipping: bool,
}

enum End {
    Crlf(usize),
    NextFrame(usize),
}

impl Framer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append received bytes. Beyond [`BUFFER_CAP`] the oldest bytes are dropped and the
    /// next [`Framer::next_frame`] reports [`Fault::Overflow`]; drain with `next_frame`
    /// after every push to never get there.
    pub fn push(&mut self, bytes: &[u8]) {
        let total = self.buf.len() + bytes.len();
        if total <= BUFFER_CAP {
            self.buf.extend_from_slice(bytes);
            return;
        }
        let excess = total - BUFFER_CAP;
        self.overflow += excess;
        if excess >= self.buf.len() {
            let skip = excess - self.buf.len();
            self.buf.clear();
            self.buf.extend_from_slice(&bytes[skip..]);
        } else {
            self.buf.drain(..excess);
            self.buf.extend_from_slice(bytes);
        }
    }

    /// Bytes currently held (always ≤ [`BUFFER_CAP`]).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// The connection closed: report what is left (pending overflow, garbage, and a
    /// frame that never got its `\r\n`) and empty the framer.
    pub fn finish(&mut self) -> Vec<Fault> {
        let mut faults = Vec::new();
        let rest = std::mem::take(&mut self.buf);
        let dropped = std::mem::take(&mut self.overflow);
        if dropped > 0 {
            faults.push(Fault::Overflow { dropped });
        }
        let mut garbage = std::mem::take(&mut self.garbage);
        if std::mem::take(&mut self.skipping) {
            // The tail of a frame already reported as too long.
        } else if !rest.starts_with(b"##") {
            garbage += rest.len();
        }
        if garbage > 0 {
            faults.push(Fault::Garbage { bytes: garbage });
        }
        if rest.starts_with(b"##") {
            faults.push(Fault::Truncated { bytes: rest.len() });
        }
        faults
    }

    fn discard_garbage(&mut self, n: usize) {
        self.buf.drain(..n);
        self.garbage += n;
    }

    fn garbage_fault(&mut self) -> Option<Result<Frame, Fault>> {
        (self.garbage >= GARBAGE_REPORT).then(|| {
            Err(Fault::Garbage {
                bytes: std::mem::take(&mut self.garbage),
            })
        })
    }

    /// The next complete item, or `None` when more bytes are needed. Every call either
    /// consumes bytes or returns, and leaves fewer than [`MAX_FRAME`] bytes buffered
    /// when it returns `None`.
    pub fn next_frame(&mut self) -> Option<Result<Frame, Fault>> {
        loop {
            if self.overflow > 0 {
                let dropped = std::mem::take(&mut self.overflow);
                return Some(Err(Fault::Overflow { dropped }));
            }
            if self.skipping {
                let end = self.buf.windows(2).position(|w| w == b"\r\n" || w == b"##");
                match end {
                    Some(at) => {
                        let crlf = self.buf[at] == b'\r';
                        self.buf.drain(..at + if crlf { 2 } else { 0 });
                        self.skipping = false;
                    }
                    None => {
                        let keep = usize::from(matches!(self.buf.last(), Some(b'#' | b'\r')));
                        self.buf.drain(..self.buf.len() - keep);
                        return None;
                    }
                }
            }
            match self.buf.windows(2).position(|w| w == b"##") {
                None => {
                    let keep = usize::from(self.buf.last() == Some(&b'#'));
                    self.discard_garbage(self.buf.len() - keep);
                    return self.garbage_fault();
                }
                Some(0) => {}
                Some(start) => {
                    self.discard_garbage(start);
                    if let Some(fault) = self.garbage_fault() {
                        return Some(fault);
                    }
                }
            }
            // "###0101..." → the frame starts at the last '#' pair.
            if self.buf.get(2) == Some(&b'#') {
                self.discard_garbage(1);
                continue;
            }
            let len_field = &self.buf[2..self.buf.len().min(6)];
            if !len_field.iter().all(u8::is_ascii_digit) {
                let field = String::from_utf8_lossy(len_field).into_owned();
                self.buf.drain(..2);
                return Some(Err(Fault::BadLength { field }));
            }
            if len_field.len() < 4 {
                return None;
            }
            let declared = len_field
                .iter()
                .fold(0usize, |acc, d| acc * 10 + usize::from(d - b'0'));

            let limit = self.buf.len().min(MAX_FRAME);
            let end = (6..limit.saturating_sub(1)).find_map(|i| match &self.buf[i..i + 2] {
                b"\r\n" => Some(End::Crlf(i)),
                b"##" => Some(End::NextFrame(i)),
                _ => None,
            });
            let crlf = match end {
                None if self.buf.len() >= MAX_FRAME => {
                    self.buf.drain(..2);
                    self.skipping = true;
                    return Some(Err(Fault::TooLong {
                        len: MAX_SEGMENT + 1,
                    }));
                }
                None => return None,
                Some(End::NextFrame(at)) => {
                    self.buf.drain(..at);
                    return Some(Err(Fault::Truncated { bytes: at }));
                }
                Some(End::Crlf(at)) if at < 10 => {
                    self.buf.drain(..at + 2);
                    return Some(Err(Fault::Truncated { bytes: at + 2 }));
                }
                Some(End::Crlf(at)) => at,
            };
            let frame: Vec<u8> = self.buf.drain(..crlf + 2).collect();
            return Some(self.check(&frame[6..crlf - 4], &frame[crlf - 4..crlf], declared));
        }
    }

    fn check(&mut self, segment: &[u8], crc_text: &[u8], declared: usize) -> Result<Frame, Fault> {
        let expected = crc16(segment);
        let received = std::str::from_utf8(crc_text)
            .ok()
            .filter(|t| t.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|t| u16::from_str_radix(t, 16).ok());
        let crc_case = match received {
            Some(r) if r == expected && crc_text.iter().any(u8::is_ascii_lowercase) => {
                CrcNote::LowerCase
            }
            Some(r) if r == expected => CrcNote::Exact,
            Some(r) if r == expected.swap_bytes() => CrcNote::ByteSwapped,
            _ => {
                let text = String::from_utf8_lossy(segment);
                return Err(Fault::BadCrc {
                    expected,
                    received: String::from_utf8_lossy(crc_text).into_owned(),
                    header: Box::new(Header::peek(&text)),
                });
            }
        };
        let segment = String::from_utf8(segment.to_vec()).map_err(|_| Fault::BadSegment {
            detail: "数据段不是有效的 ASCII/UTF-8 文本",
        })?;
        let actual = segment.len();
        let length_note = if declared == actual {
            LengthNote::Exact
        } else {
            LengthNote::Wrong { declared, actual }
        };
        Ok(Frame {
            segment,
            crc_case,
            length_note,
            skipped_garbage: std::mem::take(&mut self.garbage),
        })
    }
}
