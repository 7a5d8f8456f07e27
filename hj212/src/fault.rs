//! Everything that can go wrong between the socket and a [`Packet`](crate::Packet).

use crate::packet::Header;
use std::fmt;

/// A broken frame or packet. [`Fault::code`] is a stable counter name,
/// [`Fault::reason`] a Chinese message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The 4 bytes after `##` are not decimal digits.
    BadLength { field: String },
    /// The data segment is longer than 1024 bytes (for an unterminated frame: at least `len`).
    TooLong { len: usize },
    /// The CRC matches neither exactly, case-insensitively nor byte-swapped. `header` holds
    /// what could be read of QN/ST/CN/PW/MN/Flag, so that a QnRtn=9 reply can be sent.
    BadCrc {
        expected: u16,
        received: String,
        header: Box<Header>,
    },
    /// A frame ended (next `##`, or the connection closed) before its `\r\n`.
    Truncated { bytes: usize },
    /// The receive buffer hit its cap; `dropped` oldest bytes were discarded.
    Overflow { dropped: usize },
    /// `bytes` bytes without any `##` were dropped and no frame followed (yet).
    Garbage { bytes: usize },
    /// The data segment does not have the `..;CP=&&...&&` shape, or is not text.
    BadSegment { detail: &'static str },
    /// A required field (`ST`, `CN`, `PW`, `MN`, `CP`, `PNUM`, `PNO`) is absent.
    MissingField { field: &'static str },
    /// A field is present but its value is invalid or repeated.
    BadField { field: String, value: String },
}

impl Fault {
    /// Stable snake_case name for counters and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Fault::BadLength { .. } => "bad_length",
            Fault::TooLong { .. } => "too_long",
            Fault::BadCrc { .. } => "bad_crc",
            Fault::Truncated { .. } => "truncated",
            Fault::Overflow { .. } => "overflow",
            Fault::Garbage { .. } => "garbage",
            Fault::BadSegment { .. } => "bad_segment",
            Fault::MissingField { .. } => "missing_field",
            Fault::BadField { .. } => "bad_field",
        }
    }

    /// A Chinese explanation for operators.
    pub fn reason(&self) -> String {
        match self {
            Fault::BadLength { field } => {
                format!("数据段长度字段不是4位十进制数字（收到“{field}”）")
            }
            Fault::TooLong { len } => format!("数据段过长（{len} 字节，上限 1024 字节）"),
            Fault::BadCrc {
                expected, received, ..
            } => format!("校验码错误（应为 {expected:04X}，收到 {received}）"),
            Fault::Truncated { bytes } => {
                format!("数据包不完整：未收到结尾的回车换行（丢弃 {bytes} 字节）")
            }
            Fault::Overflow { dropped } => format!("接收缓冲区溢出，丢弃最早的 {dropped} 字节"),
            Fault::Garbage { bytes } => {
                format!("丢弃 {bytes} 字节无法识别的数据（未找到包头“##”）")
            }
            Fault::BadSegment { detail } => format!("数据段格式错误：{detail}"),
            Fault::MissingField { field } => format!("缺少字段 {field}"),
            Fault::BadField { field, value } => format!("字段 {field} 的值无效：“{value}”"),
        }
    }

    /// The QnRtn a platform would answer with (9011), or `None` for framing faults where
    /// no request could be read. CRC → 9; PW → 3, MN → 4, ST → 5, Flag/PNUM/PNO → 6,
    /// QN → 7, CN → 8; any other readable-but-invalid packet → 2 (refused).
    pub fn qn_rtn(&self) -> Option<u8> {
        let field = match self {
            Fault::BadCrc { .. } => return Some(9),
            Fault::BadSegment { .. } => return Some(2),
            Fault::MissingField { field } => *field,
            Fault::BadField { field, .. } => field.as_str(),
            _ => return None,
        };
        Some(match field {
            "PW" => 3,
            "MN" => 4,
            "ST" => 5,
            "Flag" | "PNUM" | "PNO" => 6,
            "QN" => 7,
            "CN" => 8,
            _ => 2,
        })
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.reason())
    }
}

impl std::error::Error for Fault {}
