// Shared helpers (included with `mod common;`).
#![allow(dead_code)]

use hj212::{parse, Frame, Framer, Packet};

pub const EXAMPLE: &str = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n";
pub const EXAMPLE_SEGMENT: &str = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

/// Push `bytes` and drain every item.
pub fn drain(framer: &mut Framer, bytes: &[u8]) -> Vec<Result<Frame, hj212::Fault>> {
    framer.push(bytes);
    std::iter::from_fn(|| framer.next_frame()).collect()
}

/// One frame through a fresh framer, then parsed.
pub fn roundtrip(frame: &str) -> Packet {
    let mut framer = Framer::new();
    let items = drain(&mut framer, frame.as_bytes());
    assert_eq!(items.len(), 1, "{items:?}");
    let frame = items
        .into_iter()
        .next()
        .expect("one item")
        .expect("valid frame");
    parse(&frame.segment).expect("parses")
}
