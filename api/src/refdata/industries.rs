//! GB/T 4754-2017 industry classes the dossier names (code, name). A deployment's enterprises
//! may carry any class; a code not listed here is shown by its code alone.

pub const INDUSTRIES: &[(&str, &str)] = &[
    ("B0610", "烟煤和无烟煤开采洗选"),
    ("C1331", "食用植物油加工"),
    ("C1351", "牲畜屠宰"),
    ("C1373", "水果和坚果加工"),
    ("C1453", "蔬菜、水果罐头制造"),
    ("C1512", "白酒制造"),
    ("C1713", "棉印染精加工"),
    ("C1810", "机织服装制造"),
    ("C2110", "木质家具制造"),
    ("C2221", "机制纸及纸板制造"),
    ("C2319", "包装装潢及其他印刷"),
    ("C2614", "有机化学原料制造"),
    ("C2621", "氮肥制造"),
    ("C2641", "涂料制造"),
    ("C2710", "化学药品原料药制造"),
    ("C2929", "塑料零件及其他塑料制品制造"),
    ("C3011", "水泥制造"),
    ("C3031", "粘土砖瓦及建筑砌块制造"),
    ("C3032", "建筑用石加工"),
    ("C3391", "黑色金属铸造"),
    ("C3360", "金属表面处理及热处理加工"),
    ("C3670", "汽车零部件及配件制造"),
    ("C3841", "锂离子电池制造"),
    ("A0313", "猪的饲养"),
    ("D4411", "火力发电"),
    ("D4620", "污水处理及其再生利用"),
    ("N7724", "危险废物治理"),
    ("O8111", "汽车修理与维护"),
];

/// The name of an industry class, `None` for a code this table does not list.
pub fn name(code: &str) -> Option<&'static str> {
    INDUSTRIES.iter().find(|i| i.0 == code).map(|i| i.1)
}
