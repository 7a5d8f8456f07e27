//! Split-packet reassembly and the platform's replies.

mod common;

use common::*;
use hj212::*;

fn part(pno: u32, code: &str, qn: &str) -> Packet {
    let frame = PacketBuilder::new("32", "2061", "123456", "88888880000001")
        .qn(qn)
        .flag(Some(7))
        .split(3, pno)
        .data_time(Timestamp::parse("20240315100000").expect("time"))
        .value(code, "Avg", pno)
        .value(code, "Flag", 'N')
        .build();
    let p = roundtrip(&frame);
    assert_eq!(p.split, Some((3, pno)));
    assert!(p.wants_reply());
    p
}

#[test]
fn split_reassembly_out_of_order_with_duplicates() {
    let qn = "20240315110000001";
    let mut r = Reassembly::default();
    assert_eq!(r.add(part(2, "w21003", qn)), None);
    assert_eq!(r.add(part(2, "w21003", qn)), None);
    assert_eq!(r.add(part(1, "w01018", qn)), None);
    assert_eq!(r.add(part(1, "w01018", qn)), None);
    assert_eq!(r.duplicates(), 2);
    assert_eq!(r.pending(), 1);
    let merged = r.add(part(3, "w00000", qn)).expect("complete");
    assert_eq!(r.pending(), 0);
    assert_eq!(merged.split, None);
    assert_eq!(merged.flag, Some(5));
    let codes: Vec<_> = merged.cp.values.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(codes, ["w01018", "w21003", "w00000"]);
    assert_eq!(merged.cp.value("w00000").and_then(|v| v.avg), Some(3.0));
    assert!(merged.cp.data_time.is_some());
    // A late duplicate starts a new (never completed) upload, which expires.
    assert_eq!(r.add(part(2, "w21003", qn)), None);
    assert_eq!(r.expire(10), 0);
    for _ in 0..11 {
        assert!(
            r.add(parse(EXAMPLE_SEGMENT).expect("ok")).is_some(),
            "non-split passes"
        );
    }
    assert_eq!(r.expire(10), 1);
    assert_eq!(r.pending(), 0);
}

#[test]
fn reassembly_is_bounded() {
    let mut r = Reassembly::new(4);
    for i in 0..10 {
        assert_eq!(
            r.add(part(1, "w01018", &format!("20240315110000{i:03}"))),
            None
        );
    }
    assert_eq!(r.pending(), 4);
    assert_eq!(r.dropped(), 6);
    // The newest uploads survive and complete.
    let qn = "20240315110000009";
    assert_eq!(r.add(part(2, "w21003", qn)), None);
    assert!(r.add(part(3, "w00000", qn)).is_some());
}

#[test]
fn reply_9011_validates_and_parses() {
    let request = parse(EXAMPLE_SEGMENT).expect("ok");
    let frame = reply_9011(&request, 1);
    assert!(frame.starts_with("##") && frame.ends_with("\r\n"));
    assert!(frame[6..].starts_with(
        "QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&"
    ));
    let reply = roundtrip(&frame);
    assert_eq!(reply.qn, request.qn);
    assert_eq!((reply.st.as_str(), reply.cn.as_str()), ("91", "9011"));
    assert_eq!(
        (reply.pw.as_str(), reply.mn.as_str()),
        ("100000", request.mn.as_str())
    );
    assert_eq!(reply.flag, Some(4));
    assert!(!reply.wants_reply());
    assert_eq!(reply.cp.get("QN"), Some("20160801085857223"));
    assert_eq!(reply.cp.get("QnRtn"), Some("1"));
    let refused = roundtrip(&reply_9011(&request, 2));
    assert_eq!(refused.cp.get("QnRtn"), Some("2"));
}

#[test]
fn reply_9011_to_2005_request_omits_qn() {
    let request =
        parse("ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&011-Rtd=25.4&&").expect("ok");
    let reply = roundtrip(&reply_9011(&request, 1));
    assert_eq!(reply.qn, None);
    assert_eq!(reply.cp.get("QN"), None);
    assert_eq!(reply.cp.other, vec![("QnRtn".to_string(), "1".to_string())]);
}

#[test]
fn reply_9014_data_reply() {
    let request = parse(EXAMPLE_SEGMENT).expect("ok");
    let reply = roundtrip(&reply_9014(&request));
    assert_eq!(reply.cn, "9014");
    assert_eq!(reply.qn, request.qn);
    assert_eq!(
        reply.cp.other,
        vec![("QN".to_string(), "20160801085857223".to_string())]
    );
    let old = parse("ST=32;CN=2011;PW=123456;MN=M1;CP=&&&&").expect("ok");
    assert!(reply_9014(&old).contains("CP=&&&&"));
    assert!(roundtrip(&reply_9014(&old)).cp.other.is_empty());
}

#[test]
fn reply_to_broken_request_header() {
    assert_eq!(reply_9011_header(&Header::default(), 9), None);
    let header = Header::peek("QN=20240315101530123;ST=32;CN=2011;PW=1;MN=M1;Flag=5;CP=&&x");
    assert!(header.wants_reply());
    let reply = roundtrip(&reply_9011_header(&header, 9).expect("MN"));
    assert_eq!(reply.qn.as_deref(), Some("20240315101530123"));
    assert_eq!(reply.cp.get("QnRtn"), Some("9"));
}
