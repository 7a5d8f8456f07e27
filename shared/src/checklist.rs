//! Inspection checklists (S1): templates per industry or tag, in sections of items that are
//! yes/no/not-applicable, numeric with a unit and limit, text, or a required photo. Templates
//! are versioned; an inspection keeps the version it used.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 是 / 否 / 不适用; `expected` says which answer is compliant.
    YesNo,
    /// A reading with a unit; above `limit` is a problem.
    Numeric,
    Text,
    /// A photo is required as evidence.
    Photo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    /// Stable within the template across versions, e.g. `ww-03`.
    pub code: String,
    pub text: String,
    pub kind: ItemKind,
    /// For yes/no items: the compliant answer.
    #[serde(default)]
    pub expected: Option<bool>,
    #[serde(default)]
    pub unit: Option<String>,
    /// For numeric items: the upper limit (e.g. an emission standard).
    #[serde(default)]
    pub limit: Option<f64>,
    /// The rule the item checks, shown to the inspector and cited in the record.
    #[serde(default)]
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistSection {
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

/// Which enterprises a template is for: GB/T 4754 code prefixes or tags (any match).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliesTo {
    #[serde(default)]
    pub industries: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistTemplate {
    pub code: String,
    pub version: i32,
    pub name: String,
    pub applies_to: AppliesTo,
    pub sections: Vec<ChecklistSection>,
}

impl ChecklistTemplate {
    /// Refuses a template an inspector could not fill in.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("模板名称不能为空".into());
        }
        if self.sections.is_empty() || self.sections.iter().any(|s| s.items.is_empty()) {
            return Err("每个模板至少一个部分，每个部分至少一个检查项".into());
        }
        let mut codes = std::collections::HashSet::new();
        for item in self.sections.iter().flat_map(|s| &s.items) {
            if item.text.trim().is_empty() {
                return Err(format!("检查项{}没有内容", item.code));
            }
            if !codes.insert(item.code.as_str()) {
                return Err(format!("检查项编号{}重复", item.code));
            }
            if item.kind == ItemKind::Numeric && (item.unit.is_none() || item.limit.is_none()) {
                return Err(format!("数值检查项{}须有单位和限值", item.code));
            }
        }
        Ok(())
    }

    /// How well the template fits an enterprise: 2 for an industry match (the longest prefix
    /// wins ties by its length), 1 for a tag, 0 for none.
    pub fn fit(&self, industry: &str, tags: &[String]) -> (u8, usize) {
        let industry_match = self
            .applies_to
            .industries
            .iter()
            .filter(|p| industry.starts_with(p.as_str()))
            .map(String::len)
            .max();
        match industry_match {
            Some(len) => (2, len),
            None if self.applies_to.tags.iter().any(|t| tags.contains(t)) => (1, 0),
            None => (0, 0),
        }
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

use crate::limits::{Bounded, Bounds, LINE, LIST, NOTE, SHORT};

impl Bounded for ChecklistTemplate {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "模板编号", &self.code, SHORT)
            .text("name", "模板名称", &self.name, LINE)
            .nested("applies_to", &self.applies_to)
            .each("sections", "检查部分", &self.sections, 100);
    }
}

impl Bounded for AppliesTo {
    fn bounds(&self, b: &mut Bounds) {
        b.texts("industries", "适用行业", &self.industries, LIST, SHORT)
            .texts("tags", "适用标签", &self.tags, LIST, SHORT);
    }
}

impl Bounded for ChecklistSection {
    fn bounds(&self, b: &mut Bounds) {
        b.text("title", "部分标题", &self.title, LINE)
            .each("items", "检查项", &self.items, 500);
    }
}

impl Bounded for ChecklistItem {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "检查项编号", &self.code, SHORT)
            .text("text", "检查项内容", &self.text, NOTE)
            .opt("unit", "单位", self.unit.as_deref(), SHORT)
            .text("basis", "检查依据", &self.basis, NOTE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(industries: &[&str], tags: &[&str]) -> ChecklistTemplate {
        ChecklistTemplate {
            code: "t".into(),
            version: 1,
            name: "测试".into(),
            applies_to: AppliesTo {
                industries: industries.iter().map(|s| s.to_string()).collect(),
                tags: tags.iter().map(|s| s.to_string()).collect(),
            },
            sections: vec![ChecklistSection {
                title: "一".into(),
                items: vec![ChecklistItem {
                    code: "a".into(),
                    text: "是否".into(),
                    kind: ItemKind::YesNo,
                    expected: Some(true),
                    unit: None,
                    limit: None,
                    basis: String::new(),
                }],
            }],
        }
    }

    #[test]
    fn industry_beats_tag_and_longer_prefix_beats_shorter() {
        let chem = template(&["C26"], &[]);
        let paint = template(&["C2641"], &[]);
        let vocs = template(&[], &["vocs"]);
        let tags = vec!["vocs".to_string()];
        assert!(paint.fit("C2641", &tags) > chem.fit("C2641", &tags));
        assert!(chem.fit("C2641", &tags) > vocs.fit("C2641", &tags));
        assert_eq!(vocs.fit("C2319", &tags), (1, 0));
        assert_eq!(chem.fit("D4620", &[]), (0, 0));
    }

    #[test]
    fn numeric_items_need_unit_and_limit() {
        let mut t = template(&[], &[]);
        assert!(t.validate().is_ok());
        t.sections[0].items[0].kind = ItemKind::Numeric;
        let err = t.validate().expect_err("numeric without unit");
        assert!(err.contains("单位和限值"), "{err}");
    }
}
