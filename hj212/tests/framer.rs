//! The incremental framer: splitting, garbage, wrong lengths, truncation, overflow.

mod common;

use common::*;
use hj212::*;

fn frames(items: &[Result<Frame, Fault>]) -> Vec<&Frame> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

fn codes(items: &[Result<Frame, Fault>]) -> Vec<&'static str> {
    items
        .iter()
        .map(|i| match i {
            Ok(_) => "frame",
            Err(f) => f.code(),
        })
        .collect()
}

fn sample(i: u32) -> String {
    PacketBuilder::new("32", "2011", "123456", "88888880000001")
        .qn(&format!("20240315101530{i:03}"))
        .value("w01018", "Rtd", i)
        .build()
}

#[test]
fn two_frames_in_one_push() {
    let mut framer = Framer::new();
    let items = drain(
        &mut framer,
        format!("{}{}", sample(1), sample(2)).as_bytes(),
    );
    assert_eq!(codes(&items), ["frame", "frame"]);
    let p2 = parse(&frames(&items)[1].segment).expect("parses");
    assert_eq!(p2.cp.values[0].rtd, Some(2.0));
    assert_eq!(framer.buffered(), 0);
}

#[test]
fn frame_split_byte_by_byte() {
    let mut framer = Framer::new();
    let mut items = Vec::new();
    let wire = format!("{EXAMPLE}{}", sample(7));
    for b in wire.as_bytes() {
        items.extend(drain(&mut framer, std::slice::from_ref(b)));
    }
    assert_eq!(codes(&items), ["frame", "frame"]);
    assert_eq!(frames(&items)[0].segment, EXAMPLE_SEGMENT);
    assert_eq!(framer.buffered(), 0);
    assert!(framer.finish().is_empty());
}

#[test]
fn garbage_before_and_between_frames() {
    let mut framer = Framer::new();
    let wire = format!("\0\0xyz\r\n#{}noise#{}", sample(1), sample(2));
    let items = drain(&mut framer, wire.as_bytes());
    assert_eq!(codes(&items), ["frame", "frame"]);
    let f = frames(&items);
    assert_eq!(f[0].skipped_garbage, 8);
    assert_eq!(f[1].skipped_garbage, 6);
    // A triple '#' costs one garbage byte, the frame still comes through.
    let items = drain(&mut framer, format!("#{}", sample(3)).as_bytes());
    assert_eq!(frames(&items)[0].skipped_garbage, 1);
}

#[test]
fn garbage_across_pushes_is_kept_for_the_next_frame() {
    let mut framer = Framer::new();
    assert!(drain(&mut framer, b"abc#").is_empty());
    assert_eq!(framer.buffered(), 1, "a trailing '#' may start a frame");
    let items = drain(&mut framer, &sample(1).as_bytes()[1..]);
    assert_eq!(frames(&items)[0].skipped_garbage, 3);
}

#[test]
fn wrong_length_accepted_when_crc_good() {
    for declared in ["0099", "0200", "0000", "9999"] {
        let wire = EXAMPLE.replacen("0101", declared, 1);
        let mut framer = Framer::new();
        let items = drain(&mut framer, wire.as_bytes());
        assert_eq!(codes(&items), ["frame"], "{declared}");
        let note = frames(&items)[0].length_note;
        let declared: usize = declared.parse().expect("digits");
        assert_eq!(
            note,
            LengthNote::Wrong {
                declared,
                actual: 101
            }
        );
        assert_eq!(note.code(), Some("length_wrong"));
    }
    // Wrong length and wrong CRC: rejected.
    let wire = EXAMPLE.replacen("0101", "0100", 1).replace("1C80", "1C81");
    assert_eq!(
        codes(&drain(&mut Framer::new(), wire.as_bytes())),
        ["bad_crc"]
    );
}

#[test]
fn bad_length_digits() {
    let wire = format!("{}{}", EXAMPLE.replacen("0101", "01A1", 1), sample(1));
    let mut framer = Framer::new();
    let items = drain(&mut framer, wire.as_bytes());
    assert_eq!(codes(&items), ["bad_length", "frame"]);
    let Err(fault) = &items[0] else {
        unreachable!()
    };
    assert_eq!(
        fault,
        &Fault::BadLength {
            field: "01A1".into()
        }
    );
    assert!(fault.reason().contains("长度"));
    assert_eq!(fault.qn_rtn(), None);
    // The rest of the broken frame is garbage before the good one.
    assert_eq!(frames(&items)[0].skipped_garbage, EXAMPLE.len() - 2);
}

#[test]
fn too_long() {
    let long = PacketBuilder::new("32", "2011", "123456", "MN1")
        .other("Pad", "x".repeat(1100))
        .build();
    assert!(long.starts_with("##11"));
    let mut framer = Framer::new();
    let items = drain(&mut framer, format!("{long}{}", sample(1)).as_bytes());
    assert_eq!(codes(&items), ["too_long", "frame"]);
    assert!(matches!(items[0], Err(Fault::TooLong { len }) if len > MAX_SEGMENT));
    // Exactly 1024 is fine.
    let segment = PacketBuilder::new("32", "2011", "123456", "MN1").segment();
    let pad = "x".repeat(MAX_SEGMENT - segment.len() - "Pad=".len());
    let max = PacketBuilder::new("32", "2011", "123456", "MN1").other("Pad", pad);
    assert_eq!(max.segment().len(), MAX_SEGMENT);
    assert_eq!(
        roundtrip(&max.build()).cp.get("Pad").map(str::len),
        Some(1020 - segment.len())
    );
}

#[test]
fn truncated_frame_followed_by_good_one() {
    let cut = &EXAMPLE[..60];
    let wire = format!("{cut}{}", sample(5));
    let mut framer = Framer::new();
    let items = drain(&mut framer, wire.as_bytes());
    assert_eq!(codes(&items), ["truncated", "frame"]);
    assert_eq!(items[0], Err(Fault::Truncated { bytes: 60 }));
    assert_eq!(frames(&items)[0].skipped_garbage, 0);
    let p = parse(&frames(&items)[0].segment).expect("parses");
    assert_eq!(p.cp.values[0].rtd, Some(5.0));
}

#[test]
fn crlf_missing() {
    // Next frame arrives instead of "\r\n": the first is truncated, the second survives.
    let wire = format!("{}{}", EXAMPLE.trim_end(), sample(2));
    let items = drain(&mut Framer::new(), wire.as_bytes());
    assert_eq!(codes(&items), ["truncated", "frame"]);
    // Only "\n" or only "\r": same.
    let wire = format!("{}\n{}", EXAMPLE.trim_end(), sample(2));
    let items = drain(&mut Framer::new(), wire.as_bytes());
    assert_eq!(codes(&items), ["truncated", "frame"]);
    // Connection closes without "\r\n": waiting, then truncated on finish.
    let mut framer = Framer::new();
    assert!(drain(&mut framer, EXAMPLE.trim_end().as_bytes()).is_empty());
    assert_eq!(
        framer.finish(),
        vec![Fault::Truncated {
            bytes: EXAMPLE.len() - 2
        }]
    );
    assert_eq!(framer.buffered(), 0);
    // "\r\n" right after the length field: no room for a CRC.
    let items = drain(&mut Framer::new(), b"##0101\r\n");
    assert_eq!(codes(&items), ["truncated"]);
}

#[test]
fn overflow_with_100k_of_garbage_in_one_push() {
    let mut framer = Framer::new();
    framer.push(&vec![b'x'; 100 * 1024]);
    assert!(framer.buffered() <= BUFFER_CAP);
    let items: Vec<_> = std::iter::from_fn(|| framer.next_frame()).collect();
    assert_eq!(
        items[0],
        Err(Fault::Overflow {
            dropped: 100 * 1024 - BUFFER_CAP
        })
    );
    assert_eq!(items[1], Err(Fault::Garbage { bytes: BUFFER_CAP }));
    assert_eq!(items.len(), 2);
    assert_eq!(framer.buffered(), 0);
    let items = drain(&mut framer, EXAMPLE.as_bytes());
    assert_eq!(codes(&items), ["frame"]);
}

#[test]
fn garbage_in_chunks_stays_bounded() {
    let mut framer = Framer::new();
    let mut garbage = 0;
    // '#' alternating with junk never forms "##"; then a "##0000" start that never ends.
    for _ in 0..100 {
        let chunk: Vec<u8> = (0..1024)
            .map(|j| if j % 2 == 0 { b'#' } else { b'7' })
            .collect();
        for item in drain(&mut framer, &chunk) {
            match item {
                Err(Fault::Garbage { bytes }) => garbage += bytes,
                other => panic!("{other:?}"),
            }
            assert!(framer.buffered() < MAX_FRAME);
        }
    }
    assert!(garbage >= 99 * 1024, "{garbage}");
    let mut framer = Framer::new();
    let mut seen = Vec::new();
    for _ in 0..100 {
        framer.push(b"##0000");
        framer.push(&[b'y'; 2048]);
        seen.extend(
            std::iter::from_fn(|| framer.next_frame()).map(|i| i.map(|_| ()).map_err(|f| f.code())),
        );
        assert!(framer.buffered() < MAX_FRAME);
    }
    // The tail of each oversize frame is skipped, not reported again as garbage.
    assert_eq!(seen, vec![Err("too_long"); 100]);
    assert!(framer.finish().is_empty());
}

#[test]
fn non_utf8_segment() {
    let segment = b"ST=32;CN=2011;PW=123456;MN=M1;CP=&&a=\xff&&";
    let mut wire = format!("##{:04}", segment.len()).into_bytes();
    wire.extend_from_slice(segment);
    wire.extend_from_slice(format!("{:04X}\r\n", crc16(segment)).as_bytes());
    let items = drain(&mut Framer::new(), &wire);
    assert_eq!(codes(&items), ["bad_segment"]);
}
