//! The checksum of appendix A and the frame encoder.

/// The HJ 212 CRC of appendix A over `data` (the data segment only).
///
/// Not CRC-16/MODBUS: every byte is combined with the *high* byte of the register
/// (`crc = (crc >> 8) ^ byte`) before the eight shift/xor steps.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc = (crc >> 8) ^ u16::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// `"##"` + 4-digit length + `segment` + CRC (upper-case hex, high byte first) + `"\r\n"`.
///
/// The length is the segment's byte count; a segment over 1024 bytes is invalid and the
/// caller's responsibility (the framer on the other side rejects it as `too_long`).
pub fn encode(segment: &str) -> String {
    format!(
        "##{:04}{}{:04X}\r\n",
        segment.len(),
        segment,
        crc16(segment.as_bytes())
    )
}
