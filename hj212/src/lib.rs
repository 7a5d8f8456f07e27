//! HJ 212-2017 (and 2005-style) packets of environmental online-monitoring data loggers
//! (数采仪): framing, CRC, parsing, split-packet reassembly and the platform's replies.
//!
//! A packet on the wire is `##` + 4-digit decimal length of the data segment + data
//! segment (≤ 1024 bytes) + CRC (4 hex digits, high byte first) + `\r\n`. The data segment
//! is `QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&&...&&`.
//!
//! Typical use on one connection:
//!
//! 1. [`Framer::push`] the bytes read, then call [`Framer::next_frame`] until `None`;
//! 2. [`parse`] each frame's segment into a [`Packet`];
//! 3. feed split packets through [`Reassembly::add`];
//! 4. answer with [`reply_9011`] / [`reply_9014`] when [`Packet::wants_reply`]
//!    (or [`reply_9011_header`] with [`Fault::qn_rtn`] for a broken request).
//!
//! # Decisions for what loggers send in the wild
//!
//! | case | decision | counter name |
//! |------|----------|--------------|
//! | bytes before `##` | dropped; counted on the next frame ([`Frame::skipped_garbage`]); once [`GARBAGE_REPORT`] bytes pile up with no frame, [`Fault::Garbage`] | `garbage_bytes` / `garbage` |
//! | `###0101…` | the extra `#` is garbage, the frame starts at the last `##` | `garbage_bytes` |
//! | length field not 4 digits | [`Fault::BadLength`]; resync after that `##` | `bad_length` |
//! | no `\r\n` within the largest frame (segment would exceed 1024) | [`Fault::TooLong`]; the rest of that frame is skipped up to its `\r\n` or the next `##` (not counted as garbage) | `too_long` |
//! | length field ≠ segment found before CRC + `\r\n` | accepted when the CRC over the actual segment is valid ([`LengthNote::Wrong`]; vendors get the length wrong, the CRC is the real check), else [`Fault::BadCrc`] | `length_wrong` |
//! | CRC mismatch | [`Fault::BadCrc`] carrying the readable [`Header`] (QN, MN, PW, Flag) so the gateway can answer QnRtn=9 when A is set | `bad_crc` |
//! | CRC in lower-case hex | accepted, [`CrcNote::LowerCase`] (the standard does not fix the case) | `crc_lower_case` |
//! | CRC low byte first | accepted, [`CrcNote::ByteSwapped`]: some vendor firmware writes the register little-endian; a random corruption matching the swapped value is as unlikely as matching the right one, so nothing is lost | `crc_byte_swapped` |
//! | next `##` before `\r\n` (or a `\r\n` too early to hold a CRC) | [`Fault::Truncated`]; resync at the next `##` (bytes of a faulty frame are not garbage) | `truncated` |
//! | more than [`BUFFER_CAP`] (8 KiB) bytes held | oldest bytes dropped, [`Fault::Overflow`]; memory stays bounded | `overflow` |
//! | connection closed mid-frame | [`Framer::finish`] reports [`Fault::Truncated`] | `truncated` |
//! | segment not UTF-8 | [`Fault::BadSegment`] | `bad_segment` |
//! | no QN and/or no Flag (2005 style) | accepted: `qn`/`flag` = `None`, [`Version::V2005`] | — |
//! | 2005 pollutant codes (`011-Rtd`) | translated to 2017 (`w01018`), original in [`Value::legacy_code`] | — |
//! | CP without the `&&` delimiters | [`Fault::BadSegment`] | `bad_segment` |
//! | ST/CN/PW/MN missing | [`Fault::MissingField`] | `missing_field` |
//! | bad QN/Flag/DataTime/number/data flag, repeated field | [`Fault::BadField`] | `bad_field` |
//! | unknown header keys | ignored | — |
//! | pollutant fields with unknown suffixes, other CP items | kept in [`Cp::other`] | — |
//! | split part repeated | ignored | [`Reassembly::duplicates`] |
//! | split upload never completed | evicted (cap, [`Reassembly::expire`]) | [`Reassembly::dropped`] |
//!
//! Flag is `version << 2 | D << 1 | A`: version 0 = 2005, 1 = 2017 (other versions are
//! rejected as a bad Flag); D = split packet (PNUM/PNO follow); A = reply required.

#![cfg_attr(test, allow(clippy::unwrap_used))]

mod codes;
mod crc;
mod fault;
mod framer;
mod packet;
mod reassembly;
mod reply;

pub use codes::{legacy_code, pollutant_name, pollutant_unit};
pub use crc::{crc16, encode};
pub use fault::Fault;
pub use framer::{
    CrcNote, Frame, Framer, LengthNote, BUFFER_CAP, GARBAGE_REPORT, MAX_FRAME, MAX_SEGMENT,
};
pub use packet::{parse, Cp, Header, Packet, Timestamp, Value, Version, DATA_FLAGS};
pub use reassembly::Reassembly;
pub use reply::{reply_9011, reply_9011_header, reply_9014, PacketBuilder};
