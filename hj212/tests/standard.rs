//! The standard's example, CRC behaviour, packets built from the standard's tables,
//! 2005-style packets and the code tables.

mod common;

use common::*;
use hj212::*;

#[test]
fn appendix_example_crc() {
    assert_eq!(crc16(EXAMPLE_SEGMENT.as_bytes()), 0x1C80);
    assert_eq!(encode(EXAMPLE_SEGMENT), EXAMPLE);
}

#[test]
fn crc_is_not_modbus() {
    // CRC-16/MODBUS of "123456789" is 0x4B37; the HJ 212 variant differs.
    assert_ne!(crc16(b"123456789"), 0x4B37);
    assert_eq!(crc16(b""), 0xFFFF);
}

#[test]
fn appendix_example_parses() {
    let mut framer = Framer::new();
    let items = drain(&mut framer, EXAMPLE.as_bytes());
    let frame = items[0].clone().expect("valid");
    assert_eq!(frame.crc_case, CrcNote::Exact);
    assert_eq!(frame.length_note, LengthNote::Exact);
    assert_eq!(frame.skipped_garbage, 0);
    let p = parse(&frame.segment).expect("parses");
    assert_eq!(p.qn.as_deref(), Some("20160801085857223"));
    assert_eq!(p.st, "32");
    assert_eq!(p.cn, "1062");
    assert_eq!(p.pw, "100000");
    assert_eq!(p.mn, "010000A8900016F000169DC0");
    assert_eq!(p.flag, Some(5));
    assert_eq!(p.version, Version::V2017);
    assert!(p.wants_reply());
    assert_eq!(p.split, None);
    assert_eq!(
        p.cp.other,
        vec![("RtdInterval".to_string(), "30".to_string())]
    );
    assert_eq!(p.cp.get("RtdInterval"), Some("30"));
    assert!(p.cp.values.is_empty());
    assert_eq!(p.cp.data_time, None);
}

fn with_crc(crc: &str) -> String {
    format!("##0101{EXAMPLE_SEGMENT}{crc}\r\n")
}

fn one(frame: &str) -> Result<Frame, Fault> {
    let mut framer = Framer::new();
    let mut items = drain(&mut framer, frame.as_bytes());
    assert_eq!(items.len(), 1, "{items:?}");
    items.remove(0)
}

#[test]
fn crc_upper_lower_swapped() {
    assert_eq!(one(&with_crc("1C80")).expect("ok").crc_case, CrcNote::Exact);
    assert_eq!(
        one(&with_crc("1c80")).expect("ok").crc_case,
        CrcNote::LowerCase
    );
    let swapped = one(&with_crc("801C")).expect("ok");
    assert_eq!(swapped.crc_case, CrcNote::ByteSwapped);
    assert_eq!(swapped.crc_case.code(), Some("crc_byte_swapped"));
    assert_eq!(
        one(&with_crc("801c")).expect("ok").crc_case,
        CrcNote::ByteSwapped
    );
}

#[test]
fn crc_wrong_is_bad_crc_with_header() {
    for crc in ["1C81", "0000", "1G80", "  80"] {
        match one(&with_crc(crc)) {
            Err(fault @ Fault::BadCrc { .. }) => {
                assert_eq!(fault.code(), "bad_crc");
                assert_eq!(fault.qn_rtn(), Some(9));
                assert!(fault.reason().contains("校验码错误"));
                let Fault::BadCrc {
                    expected, header, ..
                } = fault
                else {
                    unreachable!()
                };
                assert_eq!(expected, 0x1C80);
                assert_eq!(header.mn.as_deref(), Some("010000A8900016F000169DC0"));
                assert_eq!(header.qn.as_deref(), Some("20160801085857223"));
                assert!(header.wants_reply());
                let reply = reply_9011_header(&header, 9).expect("MN readable");
                let p = roundtrip(&reply);
                assert_eq!(p.cp.get("QnRtn"), Some("9"));
            }
            other => panic!("{crc}: {other:?}"),
        }
    }
}

#[test]
fn one_flipped_bit_fails() {
    let segment = EXAMPLE_SEGMENT.as_bytes();
    for i in 0..segment.len() {
        for bit in 0..8 {
            let mut s = segment.to_vec();
            s[i] ^= 1 << bit;
            assert_ne!(crc16(&s), 0x1C80, "byte {i} bit {bit}");
        }
    }
    // And through the framer: 'RtdInterval=30' → 'RtdInterval=31'.
    let flipped = EXAMPLE.replace("=30&&", "=31&&");
    assert_eq!(one(&flipped).map_err(|f| f.code()), Err("bad_crc"));
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("valid time")
}

#[test]
fn realtime_2011_water() {
    let frame = PacketBuilder::new("32", "2011", "123456", "88888880000001")
        .qn("20240315101530123")
        .flag(Some(5))
        .data_time(t("20240315101500"))
        .value("w01018", "Rtd", 52.3)
        .value("w01018", "Flag", 'N')
        .value("w21003", "Rtd", 1.25)
        .value("w21003", "Flag", 'N')
        .value("w00000", "Rtd", 12.5)
        .value("w00000", "Flag", 'N')
        .build();
    let p = roundtrip(&frame);
    assert_eq!(p.cn, "2011");
    assert_eq!(p.cp.data_time, Some(t("20240315101500")));
    assert_eq!(p.cp.values.len(), 3);
    let cod = p.cp.value("w01018").expect("COD");
    assert_eq!(
        (cod.rtd, cod.flag, cod.legacy_code.as_deref()),
        (Some(52.3), Some('N'), None)
    );
    assert_eq!(p.cp.value("w21003").and_then(|v| v.rtd), Some(1.25));
    assert_eq!(p.cp.value("w00000").and_then(|v| v.rtd), Some(12.5));
    assert!(p.cp.other.is_empty());
    assert_eq!(pollutant_name("w01018"), Some("化学需氧量"));
}

#[test]
fn minute_hour_day_statistics() {
    for cn in ["2051", "2061", "2031"] {
        let frame = PacketBuilder::new("32", cn, "123456", "88888880000001")
            .qn("20240315110000001")
            .data_time(t("20240315100000"))
            .value("w01018", "Min", 40.1)
            .value("w01018", "Avg", 45.5)
            .value("w01018", "Max", 50.9)
            .value("w01018", "Flag", 'N')
            .value("w00000", "Avg", 12.0)
            .value("w00000", "Cou", 43200.5)
            .value("w00000", "Flag", 'N')
            .build();
        let p = roundtrip(&frame);
        assert_eq!(p.cn, cn);
        assert!(!p.wants_reply());
        assert_eq!(p.flag, Some(4));
        let cod = p.cp.value("w01018").expect("COD");
        assert_eq!(
            (cod.min, cod.avg, cod.max),
            (Some(40.1), Some(45.5), Some(50.9))
        );
        assert_eq!(cod.rtd, None);
        let flow = p.cp.value("w00000").expect("flow");
        assert_eq!((flow.avg, flow.cou), (Some(12.0), Some(43200.5)));
    }
}

#[test]
fn gas_with_converted_values() {
    let frame = PacketBuilder::new("31", "2011", "123456", "010000A8900016F000169DC0")
        .qn("20240315101530123")
        .data_time(t("20240315101530"))
        .value("a21026", "Rtd", 35.2)
        .value("a21026", "ZsRtd", 41.7)
        .value("a21026", "Flag", 'N')
        .value("a21002", "Rtd", 80.0)
        .value("a21002", "ZsRtd", 95.1)
        .value("a34013", "Rtd", 3.2)
        .value("a19001", "Rtd", 9.8)
        .value("a00000", "Rtd", 120000)
        .value("a21026", "SampleTime", "20240315101500")
        .build();
    let p = roundtrip(&frame);
    assert_eq!(p.st, "31");
    let so2 = p.cp.value("a21026").expect("SO2");
    assert_eq!((so2.rtd, so2.zs_rtd), (Some(35.2), Some(41.7)));
    assert_eq!(so2.sample_time, Some(t("20240315101500")));
    assert_eq!(p.cp.value("a21002").and_then(|v| v.zs_rtd), Some(95.1));
    assert_eq!(p.cp.value("a00000").and_then(|v| v.rtd), Some(120000.0));
    assert_eq!(pollutant_unit("a21026"), Some("mg/m³"));
    assert_eq!(pollutant_unit("a19001"), Some("%"));
}

#[test]
fn every_data_flag_letter() {
    for letter in DATA_FLAGS.chars() {
        let frame = PacketBuilder::new("32", "2011", "123456", "MN1")
            .value("w01018", "Rtd", 1)
            .value("w01018", "Flag", letter)
            .build();
        assert_eq!(roundtrip(&frame).cp.values[0].flag, Some(letter));
    }
}

#[test]
fn style_2005_packet() {
    let segment = "ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20040516020111;011-Rtd=25.4,011-Flag=N&&";
    let p = roundtrip(&encode(segment));
    assert_eq!(p.qn, None);
    assert_eq!(p.flag, None);
    assert_eq!(p.version, Version::V2005);
    assert!(!p.wants_reply());
    assert_eq!(p.cp.data_time, Some(t("20040516020111")));
    let v = &p.cp.values[0];
    assert_eq!(v.code, "w01018");
    assert_eq!(v.legacy_code.as_deref(), Some("011"));
    assert_eq!((v.rtd, v.flag), (Some(25.4), Some('N')));
    // 2005 header with Flag but no version bits.
    let p = roundtrip(&encode(&segment.replace("MN=", "Flag=1;MN=")));
    assert_eq!((p.version, p.wants_reply()), (Version::V2005, true));
}

#[test]
fn legacy_code_table() {
    let pairs = [
        ("B01", "w00000"),
        ("001", "w01001"),
        ("011", "w01018"),
        ("060", "w21003"),
        ("101", "w21011"),
        ("065", "w21001"),
        ("B02", "a00000"),
        ("02", "a21026"),
        ("03", "a21002"),
        ("01", "a34013"),
    ];
    for (old, new) in pairs {
        assert_eq!(legacy_code(old), Some(new), "{old}");
        assert!(pollutant_name(new).is_some());
        assert!(pollutant_unit(new).is_some());
    }
    assert_eq!(legacy_code("b01"), Some("w00000"));
    assert_eq!(legacy_code("w01018"), None);
    assert_eq!(legacy_code("999"), None);
    let p = roundtrip(&encode(
        "ST=31;CN=2011;PW=123456;MN=M1;CP=&&02-Rtd=10,02-ZsRtd=12;B02-Rtd=5000&&",
    ));
    assert_eq!(p.cp.values[0].code, "a21026");
    assert_eq!(p.cp.values[0].zs_rtd, Some(12.0));
    assert_eq!(p.cp.values[1].legacy_code.as_deref(), Some("B02"));
    assert_eq!(pollutant_name("a34004"), Some("PM2.5"));
    assert_eq!(pollutant_unit("a34002"), Some("μg/m³"));
    assert_eq!(pollutant_unit("w01001"), Some("无量纲"));
    assert_eq!(pollutant_name("a34013"), Some("颗粒物(烟尘)"));
    assert_eq!(pollutant_name("x"), None);
}

#[test]
fn timestamps() {
    let ts = t("20160801085857223");
    assert_eq!(
        (ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.millis),
        (2016, 8, 1, 8, 58, 57, 223)
    );
    assert_eq!(ts.qn(), "20160801085857223");
    assert_eq!(ts.compact(), "20160801085857");
    assert_eq!(ts.to_string(), "2016-08-01 08:58:57.223");
    assert!(Timestamp::parse("20240229000000").is_some());
    for bad in [
        "20230229000000",
        "20240431000000",
        "20241301000000",
        "20240100000000",
        "20240101240000",
        "20240101006000",
        "20240101000060",
        "2024010100000",
        "202401010000000",
        "2024010100000a",
        "21000229000000",
    ] {
        assert_eq!(Timestamp::parse(bad), None, "{bad}");
    }
    assert!(Timestamp::parse("20000229000000").is_some());
}
