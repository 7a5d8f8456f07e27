//! Inspection checklists seeded for a new deployment: a general one and realistic ones for
//! wastewater treatment plants, chemical plants and VOCs printing.

use shared::checklist::{AppliesTo, ChecklistItem, ChecklistSection, ChecklistTemplate, ItemKind};

fn yes(code: &str, text: &str, basis: &str) -> ChecklistItem {
    item(code, text, ItemKind::YesNo, Some(true), None, basis)
}

fn no(code: &str, text: &str, basis: &str) -> ChecklistItem {
    item(code, text, ItemKind::YesNo, Some(false), None, basis)
}

fn reading(code: &str, text: &str, unit: &str, limit: f64, basis: &str) -> ChecklistItem {
    ChecklistItem {
        unit: Some(unit.into()),
        limit: Some(limit),
        ..item(code, text, ItemKind::Numeric, None, None, basis)
    }
}

fn photo(code: &str, text: &str) -> ChecklistItem {
    item(code, text, ItemKind::Photo, None, None, "")
}

fn note(code: &str, text: &str) -> ChecklistItem {
    item(code, text, ItemKind::Text, None, None, "")
}

fn item(
    code: &str,
    text: &str,
    kind: ItemKind,
    expected: Option<bool>,
    unit: Option<&str>,
    basis: &str,
) -> ChecklistItem {
    ChecklistItem {
        code: code.into(),
        text: text.into(),
        kind,
        expected,
        unit: unit.map(str::to_string),
        limit: None,
        basis: basis.into(),
    }
}

fn section(title: &str, items: Vec<ChecklistItem>) -> ChecklistSection {
    ChecklistSection {
        title: title.into(),
        items,
    }
}

fn template(
    code: &str,
    name: &str,
    industries: &[&str],
    tags: &[&str],
    sections: Vec<ChecklistSection>,
) -> ChecklistTemplate {
    ChecklistTemplate {
        code: code.into(),
        version: 1,
        name: name.into(),
        applies_to: AppliesTo {
            industries: industries.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
        },
        sections,
    }
}

const EIA: &str =
    "《中华人民共和国环境影响评价法》第二十五条；《建设项目环境保护管理条例》第十九条";
const PERMIT: &str = "《排污许可管理条例》第二条、第十七条";
const FACILITY: &str = "《中华人民共和国环境保护法》第四十二条";
const LEDGER: &str = "《排污许可管理条例》第二十一条";
const HW: &str = "《中华人民共和国固体废物污染环境防治法》第七十八条、第八十一条；GB 18597-2023";
const EMERGENCY: &str = "《突发环境事件应急管理办法》第十三条";

pub fn all() -> Vec<ChecklistTemplate> {
    vec![
        template(
            "general",
            "通用现场检查表",
            &[],
            &[],
            vec![
                section(
                    "环保手续",
                    vec![
                        yes("g-01", "是否依法取得环评批复并通过竣工环境保护验收", EIA),
                        yes(
                            "g-02",
                            "是否持有有效排污许可证（或完成排污登记）并按证排污",
                            PERMIT,
                        ),
                    ],
                ),
                section(
                    "污染防治设施",
                    vec![
                        yes("g-03", "污染防治设施是否正常运行", FACILITY),
                        yes("g-04", "是否建立环境管理台账并如实记录", LEDGER),
                        no(
                            "g-05",
                            "是否存在私设暗管、偷排漏排等逃避监管的行为",
                            "《中华人民共和国环境保护法》第四十二条第四款",
                        ),
                    ],
                ),
                section(
                    "环境应急",
                    vec![yes("g-06", "是否编制突发环境事件应急预案并备案", EMERGENCY)],
                ),
                section(
                    "现场取证",
                    vec![
                        photo("g-07", "厂区及主要排放口现场照片"),
                        note("g-08", "其他发现的问题"),
                    ],
                ),
            ],
        ),
        template(
            "wastewater_plant",
            "污水处理厂现场检查表",
            &["D4620"],
            &[],
            vec![
                section(
                    "环保手续",
                    vec![
                        yes(
                            "ww-01",
                            "排污许可证是否在有效期内，执行标准与许可一致",
                            PERMIT,
                        ),
                        yes(
                            "ww-02",
                            "是否按规定公开排污信息和自行监测数据",
                            "《企业环境信息依法披露管理办法》第十二条",
                        ),
                    ],
                ),
                section(
                    "处理设施运行",
                    vec![
                        yes(
                            "ww-03",
                            "各处理单元（格栅、生化池、二沉池、消毒）是否正常运行",
                            FACILITY,
                        ),
                        no(
                            "ww-04",
                            "是否存在超负荷运行或进水直接溢流、旁路排放",
                            "《城镇排水与污水处理条例》第三十一条",
                        ),
                        yes(
                            "ww-05",
                            "污泥是否规范贮存、转移联单齐全",
                            "《城镇排水与污水处理条例》第三十条",
                        ),
                        yes("ww-06", "中控系统运行记录与台账是否完整", LEDGER),
                    ],
                ),
                section(
                    "出水快速检测",
                    vec![
                        reading(
                            "ww-07",
                            "出水化学需氧量（COD）",
                            "mg/L",
                            50.0,
                            "GB 18918-2002 一级A标准",
                        ),
                        reading(
                            "ww-08",
                            "出水氨氮（NH₃-N）",
                            "mg/L",
                            5.0,
                            "GB 18918-2002 一级A标准",
                        ),
                        reading(
                            "ww-09",
                            "出水总磷（TP）",
                            "mg/L",
                            0.5,
                            "GB 18918-2002 一级A标准",
                        ),
                    ],
                ),
                section(
                    "在线监测",
                    vec![
                        yes(
                            "ww-10",
                            "在线监测设备是否正常运行并与生态环境部门联网",
                            "《污染源自动监控设施现场监督检查办法》第八条",
                        ),
                        no(
                            "ww-11",
                            "是否存在干扰在线监测、篡改伪造监测数据的迹象",
                            "《中华人民共和国环境保护法》第六十三条",
                        ),
                    ],
                ),
                section(
                    "现场取证",
                    vec![
                        photo("ww-12", "总排口及出水水样照片"),
                        photo("ww-13", "在线监测站房及仪表读数照片"),
                        note("ww-14", "其他发现的问题"),
                    ],
                ),
            ],
        ),
        template(
            "chemical",
            "化工企业现场检查表",
            &["C26"],
            &[],
            vec![
                section(
                    "环保手续",
                    vec![
                        yes(
                            "ch-01",
                            "建设项目是否依法取得环评批复并通过竣工环境保护验收",
                            EIA,
                        ),
                        yes("ch-02", "排污许可证是否有效，实际排放口与许可一致", PERMIT),
                    ],
                ),
                section(
                    "废气",
                    vec![
                        yes("ch-03", "废气收集及治理设施是否正常运行", FACILITY),
                        no(
                            "ch-04",
                            "反应釜、储罐区是否存在明显无组织排放或异味",
                            "GB 37822-2019",
                        ),
                        reading(
                            "ch-05",
                            "厂界非甲烷总烃（便携式检测）",
                            "mg/m³",
                            4.0,
                            "GB 16297-1996 表2 无组织排放监控浓度限值",
                        ),
                    ],
                ),
                section(
                    "废水",
                    vec![
                        yes(
                            "ch-06",
                            "雨污分流、清污分流是否到位",
                            "《水污染防治法》第三十九条",
                        ),
                        no(
                            "ch-07",
                            "雨水排口是否有异常排水",
                            "《水污染防治法》第三十九条",
                        ),
                        reading(
                            "ch-08",
                            "接管口化学需氧量（快速检测）",
                            "mg/L",
                            500.0,
                            "GB 8978-1996 三级标准",
                        ),
                    ],
                ),
                section(
                    "危险废物",
                    vec![
                        yes("ch-09", "危废贮存库是否防渗、分区、设置标识", HW),
                        yes("ch-10", "是否建立危废管理台账并如实申报、转移联单齐全", HW),
                        no("ch-11", "是否存在危险废物混入一般固废或露天堆放", HW),
                    ],
                ),
                section(
                    "环境应急",
                    vec![
                        yes("ch-12", "是否编制突发环境事件应急预案并备案", EMERGENCY),
                        yes(
                            "ch-13",
                            "事故应急池是否保持空置、可随时启用",
                            "GB 50160-2008",
                        ),
                    ],
                ),
                section(
                    "现场取证",
                    vec![
                        photo("ch-14", "危废贮存库照片"),
                        photo("ch-15", "废气治理设施及排气筒照片"),
                        note("ch-16", "其他发现的问题"),
                    ],
                ),
            ],
        ),
        template(
            "vocs_printing",
            "涉VOCs印刷企业现场检查表",
            &["C2319"],
            &["vocs"],
            vec![
                section(
                    "原辅材料",
                    vec![
                        yes(
                            "vp-01",
                            "是否使用低VOCs含量油墨、胶粘剂、清洗剂",
                            "GB 38507-2020",
                        ),
                        yes(
                            "vp-02",
                            "含VOCs物料是否密闭储存、转移",
                            "GB 37822-2019 第5条",
                        ),
                    ],
                ),
                section(
                    "收集与治理",
                    vec![
                        yes(
                            "vp-03",
                            "印刷、复合、清洗等工序是否密闭或有效收集",
                            "GB 37822-2019 第10条",
                        ),
                        yes(
                            "vp-04",
                            "治理设施（活性炭吸附、催化燃烧等）是否正常运行",
                            FACILITY,
                        ),
                        yes("vp-05", "活性炭是否按设计周期更换并有更换台账", LEDGER),
                        reading(
                            "vp-06",
                            "排气筒非甲烷总烃（便携式检测）",
                            "mg/m³",
                            50.0,
                            "GB 41616-2022 表1",
                        ),
                        reading(
                            "vp-07",
                            "厂区内无组织非甲烷总烃（1小时平均）",
                            "mg/m³",
                            10.0,
                            "GB 37822-2019 附录A",
                        ),
                    ],
                ),
                section(
                    "现场取证",
                    vec![
                        photo("vp-08", "VOCs治理设施照片"),
                        photo("vp-09", "活性炭更换台账照片"),
                        note("vp-10", "其他发现的问题"),
                    ],
                ),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn seeded_templates_are_valid() {
        let all = super::all();
        assert!(all.len() >= 4);
        for t in &all {
            t.validate().unwrap_or_else(|e| panic!("{}: {e}", t.code));
        }
    }
}
