//! Reference data shipped with the API, extracted from maintained datasets by
//! `tools/refdata/extract.mjs`: GB/T 2260 divisions and the county outlines of 宿州市.

use serde::Deserialize;

pub const DIVISIONS_JSON: &str = include_str!("../../data/divisions.json");
pub const BOUNDARIES_341300: &str = include_str!("../../data/boundaries-341300.geojson");

#[derive(Debug, Clone, Deserialize)]
pub struct DivisionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

#[derive(Deserialize)]
struct DivisionFile {
    divisions: Vec<DivisionRow>,
}

pub fn divisions() -> anyhow::Result<Vec<DivisionRow>> {
    Ok(serde_json::from_str::<DivisionFile>(DIVISIONS_JSON)?.divisions)
}

/// A county outline: rings of (longitude, latitude).
#[derive(Debug, Clone)]
pub struct Outline {
    pub code: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

impl Outline {
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in self.rings.iter().flatten() {
            b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        }
        b
    }

    /// Even-odd rule over all rings (holes included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        let mut inside = false;
        for ring in &self.rings {
            let n = ring.len();
            let mut j = n.wrapping_sub(1);
            for i in 0..n {
                let (xi, yi) = ring[i];
                let (xj, yj) = ring[j];
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    inside = !inside;
                }
                j = i;
            }
        }
        inside
    }
}

/// The outlines (GeoJSON FeatureCollection) of the divisions among `codes`: a deployment shows
/// the outlines of its own jurisdiction, and none of a city it does not serve.
pub fn boundaries_of(codes: &std::collections::HashSet<String>) -> anyhow::Result<String> {
    // Parsed once per process: the file is embedded and never changes.
    static PARSED: std::sync::OnceLock<Result<serde_json::Value, String>> =
        std::sync::OnceLock::new();
    let all = PARSED
        .get_or_init(|| serde_json::from_str(BOUNDARIES_341300).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("embedded boundaries: {e}"))?;
    let features: Vec<&serde_json::Value> = all["features"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| {
            f["properties"]["code"]
                .as_str()
                .is_some_and(|c| codes.contains(c))
        })
        .collect();
    Ok(serde_json::json!({ "type": "FeatureCollection", "source": all["source"], "features": features })
        .to_string())
}

pub fn outlines() -> anyhow::Result<Vec<Outline>> {
    let v: serde_json::Value = serde_json::from_str(BOUNDARIES_341300)?;
    let mut out = Vec::new();
    for f in v["features"].as_array().into_iter().flatten() {
        let code = f["properties"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let polygons: Vec<&serde_json::Value> = match f["geometry"]["type"].as_str() {
            Some("Polygon") => vec![&f["geometry"]["coordinates"]],
            Some("MultiPolygon") => f["geometry"]["coordinates"]
                .as_array()
                .into_iter()
                .flatten()
                .collect(),
            _ => vec![],
        };
        let mut rings = Vec::new();
        for poly in polygons {
            for ring in poly.as_array().into_iter().flatten() {
                let pts: Vec<(f64, f64)> = ring
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                    .collect();
                rings.push(pts);
            }
        }
        out.push(Outline { code, rings });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn suzhou_has_five_counties_with_outlines_and_towns() {
        let d = super::divisions().expect("parses");
        let counties: Vec<_> = d
            .iter()
            .filter(|r| r.parent.as_deref() == Some("341300"))
            .collect();
        let names: Vec<_> = counties.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["埇桥区", "砀山县", "萧县", "灵璧县", "泗县"]);
        assert!(
            d.iter()
                .filter(|r| r.level == "town" && r.parent.as_deref() == Some("341321"))
                .count()
                > 5
        );
        let o = super::outlines().expect("parses");
        assert_eq!(o.len(), 5);
        let dangshan = o
            .iter()
            .find(|x| x.code == "341321")
            .expect("砀山县 outline");
        // 砀山县城 (116.35, 34.42) lies inside, 宿州市区 (116.98, 33.64) does not.
        assert!(dangshan.contains(116.35, 34.42));
        assert!(!dangshan.contains(116.98, 33.64));
    }
}
