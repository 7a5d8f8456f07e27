//! Enterprises (pollution sources) as the dossier 一厂一档 shows them.

use serde::{Deserialize, Serialize};

use crate::{BureauId, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStatus {
    Operating,
    Suspended,
    Closed,
}

impl EnterpriseStatus {
    pub const ALL: [EnterpriseStatus; 3] = [
        EnterpriseStatus::Operating,
        EnterpriseStatus::Suspended,
        EnterpriseStatus::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EnterpriseStatus::Operating => "operating",
            EnterpriseStatus::Suspended => "suspended",
            EnterpriseStatus::Closed => "closed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EnterpriseStatus::Operating => lang.pick("正常生产", "Operating"),
            EnterpriseStatus::Suspended => lang.pick("停产", "Suspended"),
            EnterpriseStatus::Closed => lang.pick("关闭", "Closed"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    pub code: String,
    pub name: String,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagCategoryView {
    pub code: String,
    pub name: String,
    pub tags: Vec<TagView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseSummary {
    pub id: String,
    pub bureau_id: BureauId,
    pub name: String,
    /// 统一社会信用代码
    pub credit_code: String,
    pub legal_representative: String,
    pub address: String,
    pub division_code: String,
    /// GB/T 4754 class code and name.
    pub industry_code: String,
    pub industry_name: String,
    pub status: EnterpriseStatus,
    pub tags: Vec<TagView>,
    pub risk_level: crate::risk::RiskLevel,
    pub risk_score: i32,
    pub permit_status: crate::dossier::PermitStatus,
    /// WGS-84.
    pub longitude: f64,
    pub latitude: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterprisePage {
    pub items: Vec<EnterpriseSummary>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseDetail {
    pub summary: EnterpriseSummary,
    pub bureau_name: String,
    pub town_code: Option<String>,
    pub scale: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// ISO date of registration in the registry.
    pub registered_on: String,
}

/// An enterprise near a position, with its distance (S5 navigation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyEnterprise {
    pub enterprise: EnterpriseSummary,
    /// Great-circle distance in metres.
    pub distance_m: f64,
}

/// Great-circle distance in metres between two WGS-84 points.
pub fn distance_m(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lng2 - lng1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * a.sqrt().asin()
}

/// Folds what people type into what is stored: full-width to half-width, trimmed.
pub fn normalise_query(q: &str) -> String {
    crate::credit_code::to_half_width(q).trim().to_string()
}

/// Field checks shared by forms, the API and imports; each error is a sentence in Chinese.
pub mod check {
    /// A required text of at most `max` characters, trimmed.
    pub fn text(label: &str, v: &str, max: usize) -> Result<String, String> {
        let v = v.trim();
        if v.is_empty() {
            return Err(format!("{label}不能为空"));
        }
        if v.chars().count() > max {
            return Err(format!("{label}不能超过{max}个字"));
        }
        Ok(v.to_string())
    }

    /// WGS-84 coordinates inside China's bounding box.
    pub fn coordinates(longitude: f64, latitude: f64) -> Result<(f64, f64), String> {
        if !(73.0..=136.0).contains(&longitude) {
            return Err(format!("经度{longitude}不在我国范围内（73～136）"));
        }
        if !(3.0..=54.0).contains(&latitude) {
            return Err(format!("纬度{latitude}不在我国范围内（3～54）"));
        }
        Ok((longitude, latitude))
    }

    /// A GB/T 4754 class code: a section letter and four digits, e.g. C2614.
    pub fn industry_code(v: &str) -> Result<String, String> {
        let v = crate::credit_code::to_half_width(v)
            .trim()
            .to_ascii_uppercase();
        let ok = v.len() == 5
            && v.as_bytes()[0].is_ascii_uppercase()
            && v[1..].bytes().all(|b| b.is_ascii_digit());
        if ok {
            Ok(v)
        } else {
            Err(format!("行业代码“{v}”不是GB/T 4754小类代码（如C2614）"))
        }
    }

    /// An ISO date (2026-11-23) or a Chinese one (2026年11月23日, 2026/11/23, 2026.11.23).
    pub fn date(label: &str, v: &str) -> Result<(i32, u8, u8), String> {
        let cleaned: String = crate::credit_code::to_half_width(v)
            .trim()
            .replace(['年', '月', '/', '.'], "-")
            .replace('日', "");
        let parts: Vec<&str> = cleaned.split('-').collect();
        let bad = || {
            format!(
                "{label}“{}”不是有效日期（应为2026-11-23或2026年11月23日）",
                v.trim()
            )
        };
        if parts.len() != 3 {
            return Err(bad());
        }
        let y: i32 = parts[0].parse().map_err(|_| bad())?;
        let m: u8 = parts[1].parse().map_err(|_| bad())?;
        let d: u8 = parts[2].parse().map_err(|_| bad())?;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if !(1900..=2100).contains(&y) || d == 0 || d > days {
            return Err(bad());
        }
        Ok((y, m, d))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn distance_between_two_county_seats() {
            // 宿州市埇桥区 to 灵璧县: about 56 km.
            let d = crate::enterprise::distance_m(33.64, 116.96, 33.54, 117.55);
            assert!((50_000.0..60_000.0).contains(&d), "{d}");
        }

        #[test]
        fn dates_in_the_forms_people_write() {
            assert_eq!(date("批复日期", "2026-11-23"), Ok((2026, 11, 23)));
            assert_eq!(date("批复日期", "2026年1月5日"), Ok((2026, 1, 5)));
            assert_eq!(date("批复日期", "２０２４/2/29"), Ok((2024, 2, 29)));
            assert!(date("批复日期", "2023-02-29")
                .expect_err("29 Feb 2023 does not exist")
                .contains("批复日期"));
            assert!(date("批复日期", "明天").is_err());
        }

        #[test]
        fn industry_and_coordinates() {
            assert_eq!(industry_code("c2614"), Ok("C2614".into()));
            assert!(industry_code("2614").is_err());
            assert!(coordinates(116.9, 33.6).is_ok());
            assert!(coordinates(16.9, 33.6)
                .expect_err("outside China")
                .contains("经度"));
        }
    }
}
