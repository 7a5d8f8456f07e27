//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! 18 characters: registration authority (1), organisation type (1), division code (6),
//! organisation code (9, GB 11714) and a check character over the first 17 (modulus 31).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The 31 characters the code may use (no I, O, S, V, Z); the index is the character's value.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code that passed every check; it cannot exist otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "91341302MA2N0QXJ1B"))]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码应为18位，当前为{0}位")]
    Length(usize),
    #[error("统一社会信用代码第{position}位“{found}”不是允许的字符")]
    Character { position: usize, found: char },
    #[error("统一社会信用代码校验位错误：应为“{expected}”，实际为“{found}”")]
    CheckCharacter { expected: char, found: char },
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Computes the GB 32100 check character for the first 17 characters (already valid).
pub fn check_character(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

/// Folds full-width letters and digits (as typed by Chinese input methods) to ASCII.
pub fn to_half_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

impl CreditCode {
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let normalised: String = to_half_width(input).trim().to_ascii_uppercase();
        let count = normalised.chars().count();
        if count != 18 {
            return Err(CreditCodeError::Length(count));
        }
        for (i, c) in normalised.chars().enumerate() {
            if !c.is_ascii() || value_of(c as u8).is_none() {
                return Err(CreditCodeError::Character {
                    position: i + 1,
                    found: c,
                });
            }
        }
        let bytes = normalised.as_bytes();
        let expected = check_character(&bytes[..17]).ok_or(CreditCodeError::Length(count))?;
        let found = bytes[17] as char;
        if expected != found {
            return Err(CreditCodeError::CheckCharacter { expected, found });
        }
        Ok(CreditCode(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit administrative division code embedded at positions 3–8.
    pub fn division_part(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_published_codes() {
        // The sample code of the GB 32100 guidance, and one computed by hand from its rule.
        for code in ["91350100M000100Y43", "91110000802100433B"] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn normalises_full_width_and_case() {
        let c = CreditCode::parse(" ９１３５０１００ｍ０００１００ｙ４３ ")
            .expect("full-width accepted");
        assert_eq!(c.as_str(), "91350100M000100Y43");
        assert_eq!(c.division_part(), "350100");
    }

    #[test]
    fn rejects_with_reason() {
        assert_eq!(
            CreditCode::parse("9135010"),
            Err(CreditCodeError::Length(7))
        );
        assert_eq!(
            CreditCode::parse("91350100M000100I43"),
            Err(CreditCodeError::Character {
                position: 16,
                found: 'I'
            })
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::CheckCharacter {
                expected: '3',
                found: '4'
            })
        );
        let msg = CreditCode::parse("91350100M000100Y44")
            .expect_err("rejected")
            .to_string();
        assert!(msg.contains("校验位"), "{msg}");
    }
}
