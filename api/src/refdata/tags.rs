//! The tag taxonomy of the dossier (9 categories, 20 tags): reference data every deployment has.

/// A tag category: code, name and its (tag code, tag name) pairs.
pub type Category = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

pub const TAXONOMY: &[Category] = &[
    (
        "regulation",
        "监管类别",
        &[
            ("key_source", "重点排污单位"),
            ("simplified", "简化管理"),
            ("registration", "登记管理"),
        ],
    ),
    (
        "water",
        "水污染",
        &[("water", "涉水"), ("heavy_metal", "涉重金属")],
    ),
    (
        "air",
        "大气污染",
        &[("air", "涉气"), ("vocs", "涉VOCs"), ("dust", "涉扬尘")],
    ),
    (
        "waste",
        "固体废物",
        &[
            ("hazardous_waste", "涉危废"),
            ("solid_waste", "涉一般工业固废"),
        ],
    ),
    ("noise", "噪声", &[("noise", "涉噪声")]),
    ("radiation", "辐射", &[("radiation", "涉辐射")]),
    (
        "monitoring",
        "在线监控",
        &[
            ("online_monitoring", "安装在线监测"),
            ("video", "视频监控联网"),
        ],
    ),
    (
        "credit",
        "环保信用",
        &[
            ("credit_good", "环保诚信"),
            ("credit_warning", "环保警示"),
            ("credit_bad", "环保不良"),
        ],
    ),
    (
        "feature",
        "行业特征",
        &[
            ("livestock", "畜禽养殖"),
            ("park", "工业园区"),
            ("water_source", "饮用水源保护区周边"),
        ],
    ),
];
