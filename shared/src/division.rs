//! 行政区划代码 (administrative division code), GB/T 2260: six digits, two per level.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::role::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "341302"))]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DivisionCodeError {
    #[error("行政区划代码应为6位数字")]
    Format,
    #[error("行政区划代码的省级部分“{0}”不存在")]
    Province(String),
}

impl DivisionCode {
    pub fn parse(input: &str) -> Result<Self, DivisionCodeError> {
        let s = crate::credit_code::to_half_width(input);
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DivisionCodeError::Format);
        }
        let n: u32 = s.parse().map_err(|_| DivisionCodeError::Format)?;
        // Province prefixes run from 11 (北京) to 82 (澳门).
        if !(11..=82).contains(&(n / 10000)) {
            return Err(DivisionCodeError::Province(s[..2].to_string()));
        }
        Ok(DivisionCode(n))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// The administrative level the code names (a county code for anything below a city).
    pub fn level(self) -> Level {
        if self.0.is_multiple_of(10000) {
            Level::Province
        } else if self.0.is_multiple_of(100) {
            Level::City
        } else {
            Level::County
        }
    }

    /// The enclosing division, if any.
    pub fn parent(self) -> Option<DivisionCode> {
        match self.level() {
            Level::Province => None,
            Level::City => Some(DivisionCode(self.0 / 10000 * 10000)),
            _ => Some(DivisionCode(self.0 / 100 * 100)),
        }
    }

    /// Whether `other` is this division or lies inside it.
    pub fn contains(self, other: DivisionCode) -> bool {
        match self.level() {
            Level::Province => self.0 / 10000 == other.0 / 10000,
            Level::City => self.0 / 100 == other.0 / 100,
            _ => self.0 == other.0,
        }
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(c: DivisionCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_parents() {
        let yongqiao = DivisionCode::parse("341302").expect("valid");
        let suzhou = DivisionCode::parse("341300").expect("valid");
        let anhui = DivisionCode::parse("340000").expect("valid");
        assert_eq!(yongqiao.level(), Level::County);
        assert_eq!(yongqiao.parent(), Some(suzhou));
        assert_eq!(suzhou.parent(), Some(anhui));
        assert!(anhui.contains(yongqiao) && suzhou.contains(yongqiao));
        assert!(!yongqiao.contains(DivisionCode::parse("341321").expect("valid")));
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(DivisionCode::parse("34130"), Err(DivisionCodeError::Format));
        assert_eq!(
            DivisionCode::parse("99130a"),
            Err(DivisionCodeError::Format)
        );
        assert!(matches!(
            DivisionCode::parse("991300"),
            Err(DivisionCodeError::Province(_))
        ));
        assert_eq!(
            DivisionCode::parse("３４１３０２").map(|c| c.to_string()),
            Ok("341302".into())
        );
    }
}
