//! How values are written for people (dates as 2026年11月23日).

/// Formats a calendar date the way Chinese official documents do.
pub fn date_zh(year: i32, month: u8, day: u8) -> String {
    format!("{year}年{month}月{day}日")
}

/// Parses an ISO date (2026-11-23) and writes it as 2026年11月23日; other text is returned as is.
pub fn iso_date_zh(iso: &str) -> String {
    let mut parts = iso.get(..10).unwrap_or(iso).split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => date_zh(y, m, d),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// An ISO date as a person of `lang` reads it: 2026年11月23日 in Chinese, as is in English.
pub fn iso_date(lang: crate::Lang, iso: &str) -> String {
    match lang {
        crate::Lang::Zh => iso_date_zh(iso),
        crate::Lang::En => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_in_documents() {
        assert_eq!(super::date_zh(2026, 11, 23), "2026年11月23日");
        assert_eq!(super::iso_date_zh("2026-01-05T08:00:00Z"), "2026年1月5日");
        assert_eq!(super::iso_date_zh("soon"), "soon");
    }
}
