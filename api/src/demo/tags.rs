//! How demo enterprises get their tags: the chance of each tag by industry.

/// Tags an enterprise of an industry carries, with the chance of each (in percent).
pub fn industry_tags(industry: &str) -> &'static [(&'static str, u8)] {
    match &industry[..1] {
        "A" => &[
            ("livestock", 100),
            ("water", 90),
            ("air", 40),
            ("key_source", 10),
            ("registration", 70),
        ],
        "B" => &[
            ("water", 80),
            ("dust", 100),
            ("solid_waste", 90),
            ("key_source", 40),
            ("noise", 70),
        ],
        "D" => &[
            ("water", 70),
            ("air", 80),
            ("key_source", 80),
            ("online_monitoring", 90),
            ("video", 60),
        ],
        "N" => &[
            ("hazardous_waste", 100),
            ("key_source", 90),
            ("online_monitoring", 70),
            ("water", 60),
            ("park", 50),
        ],
        "O" => &[("vocs", 80), ("hazardous_waste", 60), ("registration", 80)],
        _ => match industry {
            "C2614" | "C2621" | "C2641" | "C2710" => &[
                ("water", 95),
                ("air", 95),
                ("vocs", 70),
                ("hazardous_waste", 90),
                ("key_source", 60),
                ("park", 70),
                ("online_monitoring", 50),
            ],
            "C2319" | "C2110" | "C2929" => &[
                ("vocs", 90),
                ("air", 70),
                ("hazardous_waste", 40),
                ("simplified", 60),
                ("noise", 30),
            ],
            "C3011" | "C3031" | "C3032" => &[
                ("air", 95),
                ("dust", 90),
                ("noise", 70),
                ("key_source", 30),
                ("online_monitoring", 30),
            ],
            "C3360" | "C3391" | "C3841" => &[
                ("water", 80),
                ("heavy_metal", 60),
                ("hazardous_waste", 80),
                ("key_source", 40),
                ("park", 60),
            ],
            "C1713" | "C2221" | "C1512" => &[
                ("water", 95),
                ("key_source", 50),
                ("online_monitoring", 50),
                ("solid_waste", 50),
            ],
            _ => &[
                ("water", 60),
                ("solid_waste", 40),
                ("simplified", 50),
                ("registration", 40),
            ],
        },
    }
}
