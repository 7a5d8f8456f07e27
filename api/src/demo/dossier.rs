//! Demo history of an enterprise: permits, monitoring points and timeline events (violations,
//! penalties, complaints, alarms), drawn from a generator seeded by the enterprise's id so that
//! adding history never changes the enterprises themselves.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::ActiveValue::Set;
use sha2::{Digest, Sha256};
use shared::dossier::{MonitoringKind, PermitCategory, TimelineKind};
use shared::risk::{RiskFormula, RiskInputs};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use crate::history::risk::{permit_status, KEY_SOURCE_TAG};
use crate::history::timeline::{self, NewEvent};
use crate::platform::entity::{enterprise, monitoring_point, permit, timeline_event};

#[derive(Default)]
pub struct History {
    pub permits: Vec<permit::ActiveModel>,
    pub points: Vec<monitoring_point::ActiveModel>,
    pub events: Vec<timeline_event::ActiveModel>,
}

const COMPLAINTS: &[&str] = &[
    "群众反映夜间排放刺鼻气味",
    "群众反映厂区噪声扰民",
    "群众反映雨水排口有异色废水",
    "群众反映烟囱冒黑烟",
    "群众反映露天堆放固体废物",
];
const VIOLATIONS: &[&str] = &[
    "超标排放水污染物",
    "未按规定运行污染防治设施",
    "危险废物未按规定贮存",
    "未批先建",
    "无组织排放挥发性有机物",
    "自动监测数据弄虚作假嫌疑",
];

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

/// A moment within the last `max_days` before `base`, never before the enterprise existed.
fn at(
    base: OffsetDateTime,
    since: OffsetDateTime,
    rng: &mut ChaCha8Rng,
    max_days: i64,
) -> OffsetDateTime {
    let span = (base - since).whole_days().clamp(1, max_days);
    base - Duration::days(rng.gen_range(0..span)) - Duration::minutes(rng.gen_range(0..1440))
}

/// Fills `e`'s history and its stored risk fields.
pub fn history(
    e: &mut enterprise::Model,
    tags: &[&str],
    base: OffsetDateTime,
    today: Date,
    formula: &RiskFormula,
) -> History {
    let mut rng = ChaCha8Rng::from_seed(Sha256::digest(e.id.as_bytes()).into());
    let mut h = History::default();
    let key = tags.contains(&KEY_SOURCE_TAG);
    let ev = |h: &mut History, rng: &mut ChaCha8Rng, n: NewEvent| {
        let mut row = timeline::row(e.bureau_id, e.id, n);
        row.id = Set(uuid(rng));
        row.created_at = Set(base);
        h.events.push(row);
    };
    ev(
        &mut h,
        &mut rng,
        NewEvent {
            occurred_at: e.created_at,
            ..NewEvent::now(TimelineKind::Registered, "建立污染源档案")
        },
    );
    let category = if key {
        Some(PermitCategory::Key)
    } else if tags.contains(&"simplified") {
        Some(PermitCategory::Simplified)
    } else if tags.contains(&"registration") || rng.gen_bool(0.3) {
        Some(PermitCategory::Registration)
    } else {
        None
    };
    // Most key sources hold a permit; a few do not (which the risk index flags).
    if let Some(c) = category.filter(|_| rng.gen_range(0..100) < 93) {
        // Issued after registration (and at least a month ago), valid for five years.
        let age = (today - e.created_at.date()).whole_days().max(31);
        let from = today - Duration::days(rng.gen_range(30..age.min(2200)));
        let until = from + Duration::days(5 * 365);
        let number = format!(
            "{}001{}",
            e.credit_code,
            if c == PermitCategory::Registration {
                "W"
            } else {
                "P"
            }
        );
        h.permits.push(permit::ActiveModel {
            bureau_id: Set(e.bureau_id),
            id: Set(uuid(&mut rng)),
            enterprise_id: Set(e.id),
            number: Set(number.clone()),
            category: Set(c.code().into()),
            issued_by: Set("宿州市生态环境局".into()),
            valid_from: Set(from),
            valid_until: Set(until),
            created_at: Set(base),
        });
        ev(
            &mut h,
            &mut rng,
            NewEvent {
                occurred_at: from.midnight().assume_utc(),
                ..NewEvent::now(
                    TimelineKind::PermitIssued,
                    format!("核发排污许可证（{}）", c.label(shared::Lang::Zh)),
                )
                .detail(format!("许可证编号 {number}，有效期至 {}", until))
            },
        );
    }
    let online = tags.contains(&"online_monitoring");
    if key || online {
        let kinds: &[(MonitoringKind, &str, &str, &str)] = &[
            (
                MonitoringKind::Water,
                "DW001",
                "废水总排口",
                "化学需氧量、氨氮、总磷、pH值",
            ),
            (
                MonitoringKind::Gas,
                "DA001",
                "锅炉废气排放口",
                "颗粒物、二氧化硫、氮氧化物",
            ),
            (
                MonitoringKind::Gas,
                "DA002",
                "工艺废气排放口",
                "挥发性有机物、非甲烷总烃",
            ),
            (
                MonitoringKind::Noise,
                "ZS001",
                "厂界东侧噪声",
                "等效连续A声级",
            ),
        ];
        let n = rng.gen_range(1..=3);
        for (kind, code, name, pollutants) in kinds.choose_multiple(&mut rng, n) {
            h.points.push(monitoring_point::ActiveModel {
                bureau_id: Set(e.bureau_id),
                id: Set(uuid(&mut rng)),
                enterprise_id: Set(e.id),
                code: Set(code.to_string()),
                name: Set(name.to_string()),
                kind: Set(kind.code().into()),
                pollutants: Set(pollutants.to_string()),
                online: Set(online && *kind != MonitoringKind::Noise),
                longitude: Set(e.longitude + rng.gen_range(-0.0008..0.0008)),
                latitude: Set(e.latitude + rng.gen_range(-0.0008..0.0008)),
            });
        }
    }
    let now = OffsetDateTime::now_utc();
    let mut inputs = RiskInputs {
        key_source: key,
        ..Default::default()
    };
    let within = |t: OffsetDateTime, months: u32| {
        t >= now - Duration::days(months as i64 * 30 + months as i64 / 2)
    };
    let risky = if key { 14 } else { 6 };
    for _ in 0..rng.gen_range(0..3) {
        if rng.gen_range(0..100) < risky {
            let t = at(base, e.created_at, &mut rng, 1500);
            let what = VIOLATIONS.choose(&mut rng).copied().unwrap_or("环境违法");
            ev(
                &mut h,
                &mut rng,
                NewEvent {
                    occurred_at: t,
                    ..NewEvent::now(TimelineKind::Violation, format!("立案查处：{what}"))
                },
            );
            if within(t, formula.violation_years * 12) {
                inputs.violations += 1;
            }
            if rng.gen_bool(0.7) {
                let t2 = t + Duration::days(rng.gen_range(20..60));
                let fine = rng.gen_range(2..60) * 10_000;
                ev(
                    &mut h,
                    &mut rng,
                    NewEvent {
                        occurred_at: t2,
                        ..NewEvent::now(
                            TimelineKind::Penalty,
                            format!("行政处罚：罚款{}万元", fine / 10_000),
                        )
                        .detail(format!("因{what}，依法作出行政处罚决定"))
                    },
                );
                if within(t2, formula.violation_years * 12) {
                    inputs.penalties += 1;
                }
            }
        }
    }
    for _ in 0..rng.gen_range(0..3) {
        if rng.gen_range(0..100) < 10 {
            let t = at(base, e.created_at, &mut rng, 700);
            let what = COMPLAINTS.choose(&mut rng).copied().unwrap_or("群众投诉");
            ev(
                &mut h,
                &mut rng,
                NewEvent {
                    occurred_at: t,
                    ..NewEvent::now(TimelineKind::Complaint, what)
                },
            );
            if within(t, formula.complaint_months) {
                inputs.complaints += 1;
            }
        }
    }
    if online {
        for _ in 0..rng.gen_range(0..4) {
            if rng.gen_range(0..100) < 25 {
                let t = at(base, e.created_at, &mut rng, 500);
                ev(
                    &mut h,
                    &mut rng,
                    NewEvent {
                        occurred_at: t,
                        ..NewEvent::now(TimelineKind::Alarm, "在线监测小时均值超标报警")
                            .detail("超过排放限值，已推送企业核实")
                    },
                );
                if within(t, formula.alarm_months) {
                    inputs.alarms += 1;
                }
            }
        }
    }
    let permits: Vec<permit::Model> = h
        .permits
        .iter()
        .map(|p| permit::Model {
            bureau_id: e.bureau_id,
            id: Uuid::nil(),
            enterprise_id: e.id,
            number: String::new(),
            category: String::new(),
            issued_by: String::new(),
            valid_from: *p.valid_from.as_ref(),
            valid_until: *p.valid_until.as_ref(),
            created_at: base,
        })
        .collect();
    inputs.permit = permit_status(&permits, today, formula.permit_expiring_days);
    let a = formula.assess(&inputs);
    e.risk_score = a.score;
    e.risk_level = a.level.code().into();
    e.risk_reasons = serde_json::to_string(&a.reasons).unwrap_or_else(|_| "[]".into());
    e.permit_status = inputs.permit.code().into();
    h
}
