//! The data segment: header fields and the CP area.

use crate::codes::legacy_code;
use crate::fault::Fault;
use std::fmt;

/// A wall-clock time as the logger writes it (no zone; China local time in practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub millis: u16,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl Timestamp {
    /// `YYYYMMDDhhmmss` (14 digits) or `YYYYMMDDhhmmsszzz` (17 digits, as in QN).
    /// Validates month, day (incl. leap years), hour, minute and second.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if !(b.len() == 14 || b.len() == 17) || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let num = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
        };
        let t = Timestamp {
            year: num(0, 4) as i32,
            month: num(4, 6) as u8,
            day: num(6, 8) as u8,
            hour: num(8, 10) as u8,
            minute: num(10, 12) as u8,
            second: num(12, 14) as u8,
            millis: if b.len() == 17 { num(14, 17) as u16 } else { 0 },
        };
        let ok = (1..=12).contains(&t.month)
            && t.day >= 1
            && t.day <= days_in_month(t.year, t.month)
            && t.hour < 24
            && t.minute < 60
            && t.second < 60;
        ok.then_some(t)
    }

    /// `YYYYMMDDhhmmss`, the DataTime form.
    pub fn compact(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYYMMDDhhmmsszzz`, the QN form.
    pub fn qn(&self) -> String {
        format!("{}{:03}", self.compact(), self.millis)
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DD hh:mm:ss.zzz`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, self.millis
        )
    }
}

/// The protocol version from Flag's version bits (no Flag at all → 2005).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    V2005,
    V2017,
}

/// One parsed data segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    /// `None` in 2005-style packets.
    pub qn: Option<String>,
    pub st: String,
    pub cn: String,
    pub pw: String,
    pub mn: String,
    /// `None` in 2005-style packets.
    pub flag: Option<u8>,
    pub version: Version,
    /// `(PNUM, PNO)` when the packet is a part of a split upload.
    pub split: Option<(u32, u32)>,
    pub cp: Cp,
}

impl Packet {
    /// The A bit of Flag: the logger waits for a reply.
    pub fn wants_reply(&self) -> bool {
        self.flag.is_some_and(|f| f & 1 == 1)
    }
}

/// The CP area.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cp {
    /// `DataTime` (interval start for 2051/2061/2031, sampling instant for 2011).
    pub data_time: Option<Timestamp>,
    /// One entry per pollutant (code normalised to 2017), in order of first appearance.
    pub values: Vec<Value>,
    /// Every other item in order, e.g. `("RtdInterval", "30")`, `("QnRtn", "1")`, and
    /// pollutant fields with suffixes not modelled in [`Value`] (`w01018-EFlag`, ...).
    pub other: Vec<(String, String)>,
}

impl Cp {
    /// The value of one pollutant (2017 code).
    pub fn value(&self, code: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.code == code)
    }

    /// The first `other` item called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.other
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The fields of one pollutant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Value {
    /// 2017 code, e.g. `"w01018"`.
    pub code: String,
    /// The 2005 code as received, when it was translated.
    pub legacy_code: Option<String>,
    pub rtd: Option<f64>,
    pub min: Option<f64>,
    pub avg: Option<f64>,
    pub max: Option<f64>,
    pub cou: Option<f64>,
    pub zs_rtd: Option<f64>,
    pub zs_avg: Option<f64>,
    pub zs_min: Option<f64>,
    pub zs_max: Option<f64>,
    /// Data flag: one of `N F M S D C T B`.
    pub flag: Option<char>,
    pub sample_time: Option<Timestamp>,
}

/// The data flags of HJ 212-2017 (N normal, F stopped, M maintenance, S manual,
/// D fault, C calibration, T above range, B communication error).
pub const DATA_FLAGS: &str = "NFMSDCTB";

impl Value {
    fn slot(&mut self, suffix: &str) -> Option<&mut Option<f64>> {
        Some(match suffix {
            "Rtd" => &mut self.rtd,
            "Min" => &mut self.min,
            "Avg" => &mut self.avg,
            "Max" => &mut self.max,
            "Cou" => &mut self.cou,
            "ZsRtd" => &mut self.zs_rtd,
            "ZsAvg" => &mut self.zs_avg,
            "ZsMin" => &mut self.zs_min,
            "ZsMax" => &mut self.zs_max,
            _ => return None,
        })
    }

    /// Fill the fields still empty here from `other` (split-packet merge).
    pub(crate) fn fill(&mut self, other: Value) {
        self.legacy_code = self.legacy_code.take().or(other.legacy_code);
        for (mine, theirs) in [
            (&mut self.rtd, other.rtd),
            (&mut self.min, other.min),
            (&mut self.avg, other.avg),
            (&mut self.max, other.max),
            (&mut self.cou, other.cou),
            (&mut self.zs_rtd, other.zs_rtd),
            (&mut self.zs_avg, other.zs_avg),
            (&mut self.zs_min, other.zs_min),
            (&mut self.zs_max, other.zs_max),
        ] {
            *mine = mine.or(theirs);
        }
        self.flag = self.flag.or(other.flag);
        self.sample_time = self.sample_time.or(other.sample_time);
    }
}

/// What could be read of a segment's header without validating it (used for faults, so
/// that a broken request can still be answered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub qn: Option<String>,
    pub st: Option<String>,
    pub cn: Option<String>,
    pub pw: Option<String>,
    pub mn: Option<String>,
    pub flag: Option<u8>,
}

impl Header {
    /// Best effort: the first value of each known key before `CP=`.
    pub fn peek(segment: &str) -> Header {
        let mut h = Header::default();
        let head = segment.split("CP=").next().unwrap_or_default();
        for (k, v) in head.split(';').filter_map(|i| i.split_once('=')) {
            let v = v.to_string();
            match k {
                "QN" => h.qn = h.qn.take().or(Some(v)),
                "ST" => h.st = h.st.take().or(Some(v)),
                "CN" => h.cn = h.cn.take().or(Some(v)),
                "PW" => h.pw = h.pw.take().or(Some(v)),
                "MN" => h.mn = h.mn.take().or(Some(v)),
                "Flag" => h.flag = h.flag.or(v.parse().ok()),
                _ => {}
            }
        }
        h
    }

    /// The A bit of Flag.
    pub fn wants_reply(&self) -> bool {
        self.flag.is_some_and(|f| f & 1 == 1)
    }
}

fn bad(field: &str, value: &str) -> Fault {
    Fault::BadField {
        field: field.to_string(),
        value: value.to_string(),
    }
}

fn set_once<T>(slot: &mut Option<T>, v: T, name: &str, raw: &str) -> Result<(), Fault> {
    if slot.is_some() {
        return Err(bad(name, raw));
    }
    *slot = Some(v);
    Ok(())
}

const HEADER_KEYS: [&str; 8] = ["QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"];

/// Parse a data segment (the text between the length field and the CRC).
///
/// Header rules: `ST`, `CN`, `PW`, `MN` and `CP` are required; `QN` (17-digit time) and
/// `Flag` are optional (2005 style). ST must be 2 digits, CN 4 digits, MN 1–24 ASCII
/// letters/digits, PW 1–16 visible ASCII characters. Flag version bits other than 0
/// (2005) and 1 (2017) are rejected. Unknown header keys are ignored; repeated known keys
/// are a [`Fault::BadField`].
pub fn parse(segment: &str) -> Result<Packet, Fault> {
    let cp_at = if segment.starts_with("CP=") {
        0
    } else {
        segment
            .find(";CP=")
            .map(|i| i + 1)
            .ok_or(Fault::MissingField { field: "CP" })?
    };
    let head = &segment[..cp_at];
    let cp_text = &segment[cp_at + 3..];
    let body = cp_text
        .strip_prefix("&&")
        .and_then(|b| b.strip_suffix("&&"))
        .ok_or(Fault::BadSegment {
            detail: "CP 区缺少“&&”分隔符",
        })?;

    let mut fields: [Option<&str>; 8] = [None; 8];
    for item in head.split(';').filter(|i| !i.is_empty()) {
        let (k, v) = item.split_once('=').ok_or(Fault::BadSegment {
            detail: "包头字段缺少“=”",
        })?;
        if let Some(i) = HEADER_KEYS.iter().position(|key| *key == k) {
            if fields[i].replace(v).is_some() {
                return Err(bad(k, v));
            }
        }
    }
    let [qn, st, cn, pw, mn, flag, pnum, pno] = fields;
    let required = |field: &'static str, v: Option<&str>, ok: &dyn Fn(&str) -> bool| {
        let v = v.ok_or(Fault::MissingField { field })?;
        if ok(v) {
            Ok(v.to_string())
        } else {
            Err(bad(field, v))
        }
    };
    let digits = |n: usize| move |v: &str| v.len() == n && v.bytes().all(|b| b.is_ascii_digit());
    let st = required("ST", st, &digits(2))?;
    let cn = required("CN", cn, &digits(4))?;
    let pw = required("PW", pw, &|v: &str| {
        (1..=16).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic() && b != b'&')
    })?;
    let mn = required("MN", mn, &|v: &str| {
        (1..=24).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric())
    })?;
    let qn = match qn {
        Some(v) if v.len() == 17 && Timestamp::parse(v).is_some() => Some(v.to_string()),
        Some(v) => return Err(bad("QN", v)),
        None => None,
    };
    let flag = match flag {
        Some(v) => match v.parse::<u8>() {
            Ok(f) if v.bytes().all(|b| b.is_ascii_digit()) && f >> 2 <= 1 => Some(f),
            _ => return Err(bad("Flag", v)),
        },
        None => None,
    };
    let version = match flag {
        Some(f) if f >> 2 == 1 => Version::V2017,
        _ => Version::V2005,
    };
    let is_split = match flag {
        Some(f) => f & 2 != 0,
        None => pnum.is_some() && pno.is_some(),
    };
    let split = if is_split {
        let num = |field: &'static str, v: Option<&str>| -> Result<u32, Fault> {
            let v = v.ok_or(Fault::MissingField { field })?;
            match v.parse::<u32>() {
                Ok(n) if n >= 1 && v.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(bad(field, v)),
            }
        };
        let (total, no) = (num("PNUM", pnum)?, num("PNO", pno)?);
        if no > total {
            return Err(bad("PNO", &no.to_string()));
        }
        Some((total, no))
    } else {
        None
    };

    Ok(Packet {
        qn,
        st,
        cn,
        pw,
        mn,
        flag,
        version,
        split,
        cp: parse_cp(body)?,
    })
}

const SUFFIXES: [&str; 11] = [
    "Rtd",
    "Min",
    "Avg",
    "Max",
    "Cou",
    "ZsRtd",
    "ZsAvg",
    "ZsMin",
    "ZsMax",
    "Flag",
    "SampleTime",
];

fn parse_cp(body: &str) -> Result<Cp, Fault> {
    let mut cp = Cp::default();
    let fields = body.split(';').flat_map(|item| item.split(','));
    for field in fields.filter(|f| !f.is_empty()) {
        let (name, raw) = field.split_once('=').ok_or_else(|| bad(field, ""))?;
        if name == "DataTime" {
            let t = Timestamp::parse(raw).ok_or_else(|| bad(name, raw))?;
            set_once(&mut cp.data_time, t, name, raw)?;
            continue;
        }
        let Some((code, suffix)) = name.split_once('-').filter(|(_, s)| SUFFIXES.contains(s))
        else {
            cp.other.push((name.to_string(), raw.to_string()));
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad(name, raw));
        }
        let (code17, legacy) = match legacy_code(code) {
            Some(new) => (new, Some(code.to_string())),
            None => (code, None),
        };
        let at = match cp.values.iter().position(|v| v.code == code17) {
            Some(at) => at,
            None => {
                cp.values.push(Value {
                    code: code17.to_string(),
                    ..Value::default()
                });
                cp.values.len() - 1
            }
        };
        let value = &mut cp.values[at];
        if value.legacy_code.is_none() {
            value.legacy_code = legacy;
        }
        match suffix {
            "Flag" => {
                let mut chars = raw.chars();
                let c = match (chars.next(), chars.next()) {
                    (Some(c), None) if DATA_FLAGS.contains(c) => c,
                    _ => return Err(bad(name, raw)),
                };
                set_once(&mut value.flag, c, name, raw)?;
            }
            "SampleTime" => {
                let t = Timestamp::parse(raw).ok_or_else(|| bad(name, raw))?;
                set_once(&mut value.sample_time, t, name, raw)?;
            }
            _ => {
                let n = raw
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| bad(name, raw))?;
                if let Some(slot) = value.slot(suffix) {
                    set_once(slot, n, name, raw)?;
                }
            }
        }
    }
    Ok(cp)
}
