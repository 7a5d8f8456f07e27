//! Faults of `parse`.

use hj212::*;

const GOOD: &str = "QN=20240315101530123;ST=32;CN=2011;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20240315101500;w01018-Rtd=52.3,w01018-Flag=N&&";

fn fault(segment: &str) -> Fault {
    parse(segment).expect_err(segment)
}

#[test]
fn good_segment_parses() {
    let p = parse(GOOD).expect("good");
    assert_eq!(p.cp.values[0].rtd, Some(52.3));
}

#[test]
fn missing_required_fields() {
    for (field, qn_rtn) in [("ST", 5), ("CN", 8), ("PW", 3), ("MN", 4)] {
        let start = GOOD.find(&format!("{field}=")).expect("field");
        let end = start + GOOD[start..].find(';').expect("end") + 1;
        let segment = format!("{}{}", &GOOD[..start], &GOOD[end..]);
        let f = fault(&segment);
        assert_eq!(
            f,
            Fault::MissingField {
                field: match field {
                    "ST" => "ST",
                    "CN" => "CN",
                    "PW" => "PW",
                    _ => "MN",
                }
            }
        );
        assert_eq!(f.code(), "missing_field");
        assert_eq!(f.qn_rtn(), Some(qn_rtn));
        assert!(f.reason().contains(field), "{}", f.reason());
    }
    assert_eq!(
        fault("ST=32;CN=2011;PW=1;MN=M"),
        Fault::MissingField { field: "CP" }
    );
}

#[test]
fn bad_header_values() {
    for (from, to, field) in [
        ("ST=32", "ST=3", "ST"),
        ("CN=2011", "CN=20x1", "CN"),
        ("MN=88888880000001", "MN=", "MN"),
        ("MN=88888880000001", "MN=8888-8880000001", "MN"),
        ("PW=123456", "PW=", "PW"),
        ("QN=20240315101530123", "QN=2024031510153012", "QN"),
        ("QN=20240315101530123", "QN=20241315101530123", "QN"),
        ("Flag=5", "Flag=x", "Flag"),
        ("Flag=5", "Flag=9", "Flag"),
        ("Flag=5", "Flag=300", "Flag"),
        ("Flag=5", "Flag=7", "PNUM"),
        ("Flag=5", "Flag=7;PNUM=2;PNO=3", "PNO"),
        ("Flag=5", "Flag=7;PNUM=0;PNO=0", "PNUM"),
        ("ST=32", "ST=32;ST=32", "ST"),
    ] {
        let f = fault(&GOOD.replace(from, to));
        let got = match &f {
            Fault::BadField { field, .. } => field.as_str(),
            Fault::MissingField { field } => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(got, field, "{to}");
    }
}

#[test]
fn bad_data_time() {
    for bad in ["20240230101500", "2024031510150", "abc", ""] {
        let f = fault(&GOOD.replace("20240315101500", bad));
        assert_eq!(
            f,
            Fault::BadField {
                field: "DataTime".into(),
                value: bad.into()
            }
        );
        assert_eq!(f.code(), "bad_field");
        assert!(f.reason().contains("DataTime"));
    }
    assert_eq!(
        fault(&GOOD.replace("w01018-Rtd", "w01018-SampleTime")).code(),
        "bad_field"
    );
}

#[test]
fn bad_numbers() {
    for bad in ["5x", "", "NaN", "inf", "1,2", " 5"] {
        let f = fault(&GOOD.replace("52.3", bad));
        assert_eq!(f.code(), "bad_field", "{bad}");
    }
    for ok in ["-1", "0", "1e3", "0.000"] {
        assert!(parse(&GOOD.replace("52.3", ok)).is_ok(), "{ok}");
    }
}

#[test]
fn bad_flag_letter() {
    for bad in ["X", "n", "NN", ""] {
        let f = fault(&GOOD.replace("Flag=N", &format!("Flag={bad}")));
        assert_eq!(
            f,
            Fault::BadField {
                field: "w01018-Flag".into(),
                value: bad.into()
            }
        );
    }
}

#[test]
fn duplicate_pollutant_field() {
    let f = fault(&GOOD.replace("w01018-Flag=N", "w01018-Rtd=1"));
    assert_eq!(
        f,
        Fault::BadField {
            field: "w01018-Rtd".into(),
            value: "1".into()
        }
    );
}

#[test]
fn cp_without_delimiters() {
    for cp in [
        "CP=w01018-Rtd=1",
        "CP=&&w01018-Rtd=1",
        "CP=w01018-Rtd=1&&",
        "CP=&",
        "CP=",
    ] {
        let segment = format!("ST=32;CN=2011;PW=123456;MN=M1;{cp}");
        let f = fault(&segment);
        assert_eq!(f.code(), "bad_segment", "{cp}");
        assert!(f.reason().contains("&&"));
    }
    // Empty CP is fine.
    assert!(parse("ST=91;CN=9014;PW=1;MN=M1;CP=&&&&").is_ok());
    assert_eq!(
        fault("ST=32;CN2011;PW=1;MN=M1;CP=&&&&").code(),
        "bad_segment"
    );
    assert_eq!(
        fault("ST=32;CN=2011;PW=1;MN=M1;CP=&&junk&&").code(),
        "bad_field"
    );
}

#[test]
fn unknown_items_are_kept() {
    let p = parse(&GOOD.replace(
        "w01018-Flag=N",
        "w01018-Flag=N,w01018-EFlag=A01;PolId=w01018;w01010-Rtd=15",
    ))
    .expect("ok");
    assert_eq!(p.cp.get("w01018-EFlag"), Some("A01"));
    assert_eq!(p.cp.get("PolId"), Some("w01018"));
    assert_eq!(p.cp.value("w01010").and_then(|v| v.rtd), Some(15.0));
    assert!(
        parse(&GOOD.replace("MN=", "Vendor=x;MN=")).is_ok(),
        "unknown header keys ignored"
    );
}
