//! Frames the platform sends back, and a builder for loggers (tests, fake data logger).

use crate::crc::encode;
use crate::packet::{Header, Packet, Timestamp};
use std::fmt::Display;

fn reply(cn: &str, qn: Option<&str>, pw: &str, mn: &str, cp: &str) -> String {
    let head = qn.map(|q| format!("QN={q};")).unwrap_or_default();
    encode(&format!(
        "{head}ST=91;CN={cn};PW={pw};MN={mn};Flag=4;CP=&&{cp}&&"
    ))
}

fn qn_item(qn: Option<&str>) -> String {
    qn.map(|q| format!("QN={q};")).unwrap_or_default()
}

/// The request reply (CN=9011): `QN=<request QN>;ST=91;CN=9011;PW=..;MN=..;Flag=4;
/// CP=&&QN=<request QN>;QnRtn=<n>&&`, encoded. Without a request QN (2005 style) both QN
/// parts are left out. QnRtn: 1 ok, 2 refused, 3 PW, 4 MN, 5 ST, 6 Flag, 7 QN, 8 CN,
/// 9 CRC wrong.
pub fn reply_9011(request: &Packet, qn_rtn: u8) -> String {
    let qn = request.qn.as_deref();
    let cp = format!("{}QnRtn={qn_rtn}", qn_item(qn));
    reply("9011", qn, &request.pw, &request.mn, &cp)
}

/// [`reply_9011`] for a request that did not parse (e.g. [`Fault::BadCrc`]'s header,
/// with `qn_rtn` from [`Fault::qn_rtn`]); `None` when its MN could not be read.
///
/// [`Fault::BadCrc`]: crate::Fault::BadCrc
/// [`Fault::qn_rtn`]: crate::Fault::qn_rtn
pub fn reply_9011_header(request: &Header, qn_rtn: u8) -> Option<String> {
    let mn = request.mn.as_deref()?;
    let qn = request.qn.as_deref();
    let cp = format!("{}QnRtn={qn_rtn}", qn_item(qn));
    Some(reply(
        "9011",
        qn,
        request.pw.as_deref().unwrap_or(""),
        mn,
        &cp,
    ))
}

/// The data reply (CN=9014): `QN=<request QN>;ST=91;CN=9014;PW=..;MN=..;Flag=4;
/// CP=&&QN=<request QN>&&`, encoded (`CP=&&&&` without a request QN).
pub fn reply_9014(request: &Packet) -> String {
    let qn = request.qn.as_deref();
    let cp = qn.map(|q| format!("QN={q}")).unwrap_or_default();
    reply("9014", qn, &request.pw, &request.mn, &cp)
}

/// Builds the data segment (and frame) a data logger would send.
///
/// ```
/// let frame = hj212::PacketBuilder::new("32", "2011", "123456", "MN01")
///     .qn("20240101120000000")
///     .value("w01018", "Rtd", 52.3)
///     .value("w01018", "Flag", 'N')
///     .build();
/// let mut framer = hj212::Framer::new();
/// framer.push(frame.as_bytes());
/// let frame = framer.next_frame().expect("a frame").expect("valid");
/// let packet = hj212::parse(&frame.segment).expect("parses");
/// assert_eq!(packet.cp.value("w01018").and_then(|v| v.rtd), Some(52.3));
/// ```
#[derive(Debug, Clone)]
pub struct PacketBuilder {
    qn: Option<String>,
    st: String,
    cn: String,
    pw: String,
    mn: String,
    flag: Option<u8>,
    split: Option<(u32, u32)>,
    data_time: Option<Timestamp>,
    other: Vec<(String, String)>,
    values: Vec<(String, Vec<String>)>,
}

impl PacketBuilder {
    /// No QN, Flag=4 (2017, no reply), no DataTime, empty CP.
    pub fn new(st: &str, cn: &str, pw: &str, mn: &str) -> Self {
        PacketBuilder {
            qn: None,
            st: st.into(),
            cn: cn.into(),
            pw: pw.into(),
            mn: mn.into(),
            flag: Some(4),
            split: None,
            data_time: None,
            other: Vec::new(),
            values: Vec::new(),
        }
    }

    pub fn qn(mut self, qn: &str) -> Self {
        self.qn = Some(qn.into());
        self
    }

    /// `None` leaves Flag out (2005 style).
    pub fn flag(mut self, flag: Option<u8>) -> Self {
        self.flag = flag;
        self
    }

    /// Writes `PNUM`/`PNO` (set the D bit in Flag yourself).
    pub fn split(mut self, pnum: u32, pno: u32) -> Self {
        self.split = Some((pnum, pno));
        self
    }

    pub fn data_time(mut self, t: Timestamp) -> Self {
        self.data_time = Some(t);
        self
    }

    /// A CP item without a pollutant, e.g. `("RtdInterval", 30)`.
    pub fn other(mut self, name: &str, value: impl Display) -> Self {
        self.other.push((name.into(), value.to_string()));
        self
    }

    /// `code-field=value`; the fields of one code are written as one item, `,`-joined.
    pub fn value(mut self, code: &str, field: &str, value: impl Display) -> Self {
        let text = format!("{code}-{field}={value}");
        match self.values.iter_mut().find(|(c, _)| c == code) {
            Some((_, fields)) => fields.push(text),
            None => self.values.push((code.into(), vec![text])),
        }
        self
    }

    /// The data segment text.
    pub fn segment(&self) -> String {
        let mut head = String::new();
        if let Some(qn) = &self.qn {
            head += &format!("QN={qn};");
        }
        head += &format!(
            "ST={};CN={};PW={};MN={};",
            self.st, self.cn, self.pw, self.mn
        );
        if let Some(flag) = self.flag {
            head += &format!("Flag={flag};");
        }
        if let Some((pnum, pno)) = self.split {
            head += &format!("PNUM={pnum};PNO={pno};");
        }
        let mut items: Vec<String> = Vec::new();
        if let Some(t) = &self.data_time {
            items.push(format!("DataTime={}", t.compact()));
        }
        items.extend(self.other.iter().map(|(n, v)| format!("{n}={v}")));
        items.extend(self.values.iter().map(|(_, fields)| fields.join(",")));
        format!("{head}CP=&&{}&&", items.join(";"))
    }

    /// The encoded frame, ready to send.
    pub fn build(&self) -> String {
        encode(&self.segment())
    }
}
