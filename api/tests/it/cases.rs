//! Cases and penalties (C1–C4) through the real router: a case from an inspection's problems
//! to an archived case file, with the injected clock moving through the statutory limits; the
//! state machine's refusals; gapless numbering under concurrent issuing; documents immutable once
//! issued; the rectification loop; the province's calendar and benchmark as data.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sha2::Digest;
use shared::enforcement::discretion::{self, BenchmarkTable, DiscretionInput};
use shared::enforcement::Day;

use crate::common::TestApp;

const COUNTY: i64 = 341302;

struct World {
    app: TestApp,
    insp: String,
    leader: String,
    legal: String,
    city_leader: String,
    ids: std::collections::HashMap<String, String>,
    enterprise: Value,
    task: String,
}

async fn world() -> World {
    let app = TestApp::with_demo(40).await;
    // A fixed Monday, away from holidays, so that the limits below hold on any day the test runs.
    app.state
        .clock
        .set_today(Day::from_ymd(2026, 6, 1).expect("a day"));
    let admin = app.bearer(COUNTY, "admin").await;
    let users = app
        .get_with("/api/users", &[("authorization", &admin)])
        .await
        .json();
    let ids = users
        .as_array()
        .expect("users")
        .iter()
        .map(|u| {
            (
                u["username"].as_str().expect("n").to_string(),
                u["id"].as_str().expect("i").to_string(),
            )
        })
        .collect::<std::collections::HashMap<_, _>>();
    let squad = app.bearer(COUNTY, "squad1").await;
    let enterprise = app
        .get_with(
            &format!("/api/enterprises?division={COUNTY}&limit=1"),
            &[("authorization", &squad)],
        )
        .await
        .json()["items"][0]
        .clone();
    let due = (time::OffsetDateTime::now_utc() + time::Duration::days(5))
        .date()
        .to_string();
    let task = app
        .post_json(
            "/api/tasks",
            &json!({ "enterprise_bureau_id": COUNTY, "enterprise_id": enterprise["id"], "due_on": due,
                "inspector_ids": [ids["insp11"], ids["insp12"]], "note": "" }),
            &[("authorization", &squad)],
        )
        .await;
    assert_eq!(task.status, StatusCode::OK, "{:?}", task.json());
    World {
        insp: app.bearer(COUNTY, "insp11").await,
        leader: app.bearer(COUNTY, "leader").await,
        legal: app.bearer(COUNTY, "legal").await,
        city_leader: app.bearer(341300, "leader").await,
        task: task.json()["id"].as_str().expect("task").to_string(),
        app,
        ids,
        enterprise,
    }
}

impl World {
    async fn propose(&self) -> Value {
        let r = self
            .app
            .post_json(
                "/api/cases",
                &json!({ "enterprise_bureau_id": COUNTY, "enterprise_id": self.enterprise["id"],
                    "source": "inspection", "source_task_id": self.task,
                    "cause": "超过大气污染物排放标准排放大气污染物",
                    "provisions": ["《中华人民共和国大气污染防治法》第十八条"],
                    "summary": "现场检查时在线监测显示颗粒物排放浓度超标",
                    "problems": ["air-05"], "violation": "air-99-2",
                    "officer_ids": [self.ids["insp11"], self.ids["insp12"]] }),
                &[("authorization", &self.insp)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        r.json()
    }

    async fn step(&self, case: &Value, auth: &str, action: Value) -> (StatusCode, Value) {
        let mut body = action;
        body["revision"] = case["revision"].clone();
        let r = self
            .app
            .post_json(
                &format!(
                    "/api/cases/{COUNTY}/{}/steps",
                    case["id"].as_str().expect("id")
                ),
                &body,
                &[("authorization", auth)],
            )
            .await;
        (r.status, r.json())
    }

    /// A step that must succeed; returns the new view.
    async fn ok(&self, case: &Value, auth: &str, action: Value) -> Value {
        let (status, v) = self.step(case, auth, action.clone()).await;
        assert_eq!(status, StatusCode::OK, "{action}: {v:?}");
        v
    }

    fn today(&self) -> Day {
        self.app.state.clock.today()
    }

    async fn benchmark(&self) -> BenchmarkTable {
        let r = self
            .app
            .get_with(
                "/api/discretion/benchmark",
                &[("authorization", &self.insp)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
        serde_json::from_value(r.json()).expect("benchmark table")
    }
}

/// The same level of every factor of `violation`: the lowest, or the highest.
fn levels(table: &BenchmarkTable, violation: &str, highest: bool) -> DiscretionInput {
    let v = table
        .violations
        .iter()
        .find(|v| v.code == violation)
        .expect("the violation is seeded");
    DiscretionInput {
        violation: violation.into(),
        levels: v
            .factors
            .iter()
            .map(|f| (f.code.clone(), if highest { f.levels.len() - 1 } else { 0 }))
            .collect(),
        adjustments: vec![],
        severe: false,
    }
}

fn lowest(table: &BenchmarkTable, violation: &str) -> DiscretionInput {
    levels(table, violation, false)
}

fn highest(table: &BenchmarkTable, violation: &str) -> DiscretionInput {
    levels(table, violation, true)
}

fn report(input: &DiscretionInput, amount_fen: i64) -> Value {
    json!({ "action": "submit_report", "findings": "经查，该公司颗粒物排放浓度超过排放标准。",
        "outcome": "penalty", "discretion": input, "amount_fen": amount_fen, "amount_reason": "" })
}

#[tokio::test]
async fn a_case_runs_from_an_inspection_to_an_archived_case_file() {
    let w = world().await;
    let before = w
        .app
        .get_with(
            &format!(
                "/api/enterprises/{COUNTY}/{}",
                w.enterprise["id"].as_str().expect("id")
            ),
            &[("authorization", &w.insp)],
        )
        .await
        .json();
    let case = w.propose().await;
    assert_eq!(case["state"], "proposed");
    assert_eq!(case["party"]["credit_code"], w.enterprise["credit_code"]);
    // 立案 approved by the leader: the case takes the filing approval's number.
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意立案" }),
        )
        .await;
    let year = w.today().year();
    assert_eq!(case["state"], "investigating");
    assert_eq!(case["number"], format!("宿埇环立〔{year}〕1号"));
    assert_eq!(case["clocks"][0]["kind"], "decision");
    let filed = w.today();
    // The report with the discretion computed from the seeded table.
    let table = w.benchmark().await;
    let input = lowest(&table, "air-99-2");
    let rec = discretion::recommend(&table, &input).expect("recommendation");
    let case = w.ok(&case, &w.insp, report(&input, rec.amount_fen)).await;
    assert_eq!(case["state"], "reported");
    assert_eq!(case["recommendation"]["amount_fen"], rec.amount_fen);
    assert_eq!(case["outside_band"], false);
    // A fine under the hearing threshold: the legal review is not mandatory; done anyway.
    let case = w
        .ok(&case, &w.insp, json!({ "action": "request_review" }))
        .await;
    let case = w
        .ok(
            &case,
            &w.legal,
            json!({ "action": "pass_review", "opinion": "事实清楚，证据确凿，适用法律正确" }),
        )
        .await;
    let today = w.today();
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "notify", "served_on": today, "method": "direct" }),
        )
        .await;
    assert_eq!(case["state"], "notified");
    // The decision waits for the 5-working-day hearing window.
    let (status, refused) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "decide", "decided_on": today }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused:?}");
    assert!(
        refused["message"]
            .as_str()
            .expect("m")
            .contains("5个工作日"),
        "{refused:?}"
    );
    w.app.state.clock.advance(10);
    let case = w.get(&case).await;
    let today = w.today();
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "decide", "decided_on": today }),
        )
        .await;
    assert_eq!(case["state"], "decided");
    let hearing = case["clocks"]
        .as_array()
        .expect("clocks")
        .iter()
        .find(|c| c["kind"] == "hearing_request")
        .expect("the hearing-request clock")
        .clone();
    assert_eq!(hearing["status"], "met", "the window is over once decided");
    let decision = case["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["kind"] == "decision")
        .expect("a decision")
        .clone();
    assert_eq!(decision["number"], format!("宿埇环罚〔{year}〕1号"));
    let case = w.ok(&case, &w.insp, json!({ "action": "serve", "served_on": today, "method": "direct", "receiver": "张三" })).await;
    assert_eq!(case["state"], "executing");
    // Paid two days late: 3 % a day on the fine.
    w.app.state.clock.advance(17);
    let case = w.get(&case).await;
    let fine = rec.amount_fen;
    assert_eq!(case["surcharge_fen"], fine * 6 / 100, "two days of 3 %");
    let paid_on = w.today();
    let case = w.ok(&case, &w.insp, json!({ "action": "record_payment", "paid_on": paid_on, "amount_fen": fine, "receipt": "340000202600001" })).await;
    assert_eq!(case["state"], "executing", "the surcharge is still owed");
    let (status, refused) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "close", "opinion": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        refused["message"].as_str().expect("m").contains("尚未缴清"),
        "{refused:?}"
    );
    let case = w.ok(&case, &w.insp, json!({ "action": "record_payment", "paid_on": paid_on, "amount_fen": fine * 6 / 100, "receipt": "340000202600002" })).await;
    assert_eq!(case["state"], "executed");
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "close", "opinion": "执行完毕" }),
        )
        .await;
    let case = w.ok(&case, &w.insp, json!({ "action": "archive" })).await;
    assert_eq!(case["state"], "archived");
    let docs = case["documents"].as_array().expect("documents");
    let kinds: Vec<&str> = docs
        .iter()
        .map(|d| d["kind"].as_str().expect("k"))
        .collect();
    assert_eq!(
        kinds,
        [
            "filing_approval",
            "prior_notice",
            "decision",
            "service_receipt",
            "closing_approval",
            "case_file"
        ]
    );
    // The case file is one PDF holding every document, its hash as recorded.
    let file = docs.last().expect("case file");
    let pdf = w.pdf(&case, file).await;
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        api::platform::audit::hex(&sha2::Sha256::digest(&pdf)),
        file["sha256"]
    );
    let pages = w.pages(&case, file).await;
    let parts: usize = {
        let mut n = 2; // cover and contents
        for d in &docs[..docs.len() - 1] {
            n += w.pages(&case, d).await;
        }
        n
    };
    assert!(
        pages >= parts,
        "{pages} pages hold the cover, contents and every document ({parts})"
    );
    // The penalty is on the timeline and in the risk index.
    let after = w
        .app
        .get_with(
            &format!(
                "/api/enterprises/{COUNTY}/{}",
                w.enterprise["id"].as_str().expect("id")
            ),
            &[("authorization", &w.insp)],
        )
        .await
        .json();
    let timeline = after["timeline"].as_array().expect("timeline");
    assert!(
        timeline.iter().any(|e| e["kind"] == "penalty"),
        "{timeline:?}"
    );
    assert!(
        after["risk"]["score"].as_i64().expect("score")
            > before["risk"]["score"].as_i64().expect("score"),
        "risk {} → {}",
        before["risk"]["score"],
        after["risk"]["score"]
    );
    // Every step is in the bureau's audit chain, which verifies.
    let admin = w.app.bearer(COUNTY, "admin").await;
    let verify = w
        .app
        .get_with("/api/audit/verify", &[("authorization", &admin)])
        .await;
    assert_eq!(verify.status, StatusCode::OK, "{:?}", verify.json());
    let _ = filed;
}

impl World {
    async fn get(&self, case: &Value) -> Value {
        let r = self
            .app
            .get_with(
                &format!("/api/cases/{COUNTY}/{}", case["id"].as_str().expect("id")),
                &[("authorization", &self.insp)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        r.json()
    }

    async fn pdf(&self, case: &Value, doc: &Value) -> Vec<u8> {
        let r = self
            .app
            .get_with(
                &format!(
                    "/api/cases/{COUNTY}/{}/documents/{}/pdf",
                    case["id"].as_str().expect("id"),
                    doc["id"].as_str().expect("doc")
                ),
                &[("authorization", &self.insp)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        r.bytes
    }

    async fn pages(&self, case: &Value, doc: &Value) -> usize {
        let pdf = self.pdf(case, doc).await;
        let text = String::from_utf8_lossy(&pdf);
        text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page/").count()
            + text.matches("/Type /Page ").count()
            + text.matches("/Type/Page/").count()
            + text.matches("/Type/Page ").count()
            + text.matches("/Type/Page\n").count()
    }
}

#[tokio::test]
async fn the_procedure_refuses_steps_out_of_order_by_the_wrong_role_or_without_legal_review() {
    let w = world().await;
    let case = w.propose().await;
    // Out of order: no decision before filing.
    let (status, r) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "decide", "decided_on": w.today() }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        r["message"].as_str().expect("m").contains("立案待批"),
        "{r:?}"
    );
    // The wrong role: an inspector cannot approve the filing, the city leader cannot act at all.
    let (status, _) = w
        .step(
            &case,
            &w.insp,
            json!({ "action": "approve", "opinion": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = w
        .step(
            &case,
            &w.city_leader,
            json!({ "action": "approve", "opinion": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // …but the city reads it.
    let r = w
        .app
        .get_with(
            &format!("/api/cases/{COUNTY}/{}", case["id"].as_str().expect("id")),
            &[("authorization", &w.city_leader)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["mine"], json!([]), "nothing for the city to do");
    // A stale revision is refused.
    let case2 = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let (status, r) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "reject", "reason": "重复" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        r["message"].as_str().expect("m").contains("已被他人更新"),
        "{r:?}"
    );
    // A fine from the hearing threshold up makes the legal review mandatory.
    let table = w.benchmark().await;
    let mut input = lowest(&table, "air-99-2");
    let rec = discretion::recommend(&table, &input).expect("rec");
    let big = (shared::enforcement::case::LARGE_FINE_FEN).max(rec.range_low_fen);
    let high = highest(&table, "air-99-2");
    let rec_high = discretion::recommend(&table, &high).expect("rec");
    assert!(
        rec_high.amount_fen >= big,
        "the highest levels reach the threshold"
    );
    input = high;
    let case = w
        .ok(&case2, &w.insp, report(&input, rec_high.amount_fen))
        .await;
    assert_eq!(case["review_required"], true);
    let (status, r) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "notify", "served_on": w.today(), "method": "direct" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        r["message"].as_str().expect("m").contains("法制审核"),
        "{r:?}"
    );
    // An amount outside the recommended band needs its written reason.
    let (status, r) = w
        .step(
            &case,
            &w.insp,
            report(&input, rec_high.range_low_fen - 100_000),
        )
        .await;
    assert!(
        status == StatusCode::CONFLICT || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{r:?}"
    );
    // Only the legal reviewer passes a review.
    let case = w
        .ok(&case, &w.insp, json!({ "action": "request_review" }))
        .await;
    let (status, _) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "pass_review", "opinion": "通过" }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let case = w
        .ok(
            &case,
            &w.legal,
            json!({ "action": "pass_review", "opinion": "通过" }),
        )
        .await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "notify", "served_on": w.today(), "method": "direct" }),
        )
        .await;
    // A hearing request after the window is refused; within it, the hearing follows.
    let case = w
        .ok(
            &case,
            &w.insp,
            json!({ "action": "request_hearing", "on": w.today() }),
        )
        .await;
    assert_eq!(case["state"], "hearing_requested");
    let host_too_close = w.today().add_days(3);
    let (status, r) = w
        .step(&case, &w.insp, json!({ "action": "schedule_hearing", "notice_on": w.today(), "hearing_on": host_too_close, "place": "局三楼会议室", "host": "赵法制" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
    assert!(
        r["message"].as_str().expect("m").contains("7个工作日"),
        "{r:?}"
    );
    let case = w
        .ok(&case, &w.insp, json!({ "action": "schedule_hearing", "notice_on": w.today(), "hearing_on": w.today().add_days(14), "place": "局三楼会议室", "host": "赵法制" }))
        .await;
    w.app.state.clock.advance(14);
    let case = w.get(&case).await;
    let case = w
        .ok(&case, &w.insp, json!({ "action": "record_hearing", "held_on": w.today(), "minutes": "当事人陈述了整改情况", "report": "建议维持原处罚意见" }))
        .await;
    assert_eq!(case["state"], "reported");
    // After a hearing the review is mandatory again before the decision.
    let (status, r) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "decide", "decided_on": w.today() }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        r["message"].as_str().expect("m").contains("法制审核"),
        "{r:?}"
    );
}

#[tokio::test]
async fn fifty_concurrent_filings_take_numbers_without_gap_or_duplicate() {
    let w = world().await;
    let mut cases = Vec::new();
    for _ in 0..50 {
        cases.push(w.propose().await);
    }
    let approvals = cases.iter().map(|c| {
        let w = &w;
        async move {
            let mut body = json!({ "action": "approve", "opinion": "同意" });
            body["revision"] = c["revision"].clone();
            let r = w
                .app
                .post_json(
                    &format!(
                        "/api/cases/{COUNTY}/{}/steps",
                        c["id"].as_str().expect("id")
                    ),
                    &body,
                    &[("authorization", &w.leader)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
            r.json()["number"].as_str().expect("number").to_string()
        }
    });
    let numbers = futures_util::future::join_all(approvals).await;
    let year = w.today().year();
    let mut seqs: Vec<i64> = numbers
        .iter()
        .map(|n| {
            let rest = n
                .strip_prefix(&format!("宿埇环立〔{year}〕"))
                .unwrap_or_else(|| panic!("{n}"));
            rest.trim_end_matches('号').parse().expect("number")
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=50).collect::<Vec<i64>>(), "{numbers:?}");
}

#[tokio::test]
async fn an_issued_document_is_stored_once_and_never_changes() {
    let w = world().await;
    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let doc = case["documents"][0].clone();
    let first = w.pdf(&case, &doc).await;
    assert_eq!(
        api::platform::audit::hex(&sha2::Sha256::digest(&first)),
        doc["sha256"]
    );
    // Later steps do not touch it: the same bytes are served, hash for hash.
    let table = w.benchmark().await;
    let input = lowest(&table, "air-99-2");
    let rec = discretion::recommend(&table, &input).expect("rec");
    let case = w.ok(&case, &w.insp, report(&input, rec.amount_fen)).await;
    let again = w.pdf(&case, &doc).await;
    assert_eq!(first, again);
    assert_eq!(case["documents"][0]["sha256"], doc["sha256"]);
    // The stored row cannot be issued twice under one number.
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let row = api::platform::entity::case_document::Entity::find()
        .one(&w.app.state.db)
        .await
        .expect("db")
        .expect("row");
    let dup = api::platform::entity::case_document::Entity::insert(
        api::platform::entity::case_document::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            ..api::platform::entity::case_document::ActiveModel::from(row)
        },
    )
    .exec(&w.app.state.db)
    .await;
    assert!(dup.is_err(), "the unique number index refuses a duplicate");
}

#[tokio::test]
async fn a_correction_order_creates_the_reinspection_and_counts_daily_penalty_days() {
    let w = world().await;
    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let ordered = w.today();
    let deadline = ordered.add_days(15);
    let r = w
        .app
        .post_json(
            &format!("/api/cases/{COUNTY}/{}/corrections", case["id"].as_str().expect("id")),
            &json!({ "revision": case["revision"], "ordered_on": ordered, "deadline": deadline,
                "requirement": "立即停止超标排放，完成除尘设施检修", "inspector_ids": [w.ids["insp11"], w.ids["insp12"]] }),
            &[("authorization", &w.insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let case = r.json();
    let rect = case["rectifications"][0].clone();
    assert_eq!(rect["deadline"], deadline.to_string());
    assert!(case["documents"]
        .as_array()
        .expect("d")
        .iter()
        .any(|d| d["kind"] == "correction_order"));
    // The 复查 is an inspection task of the two officers, due on the deadline.
    let mine = w
        .app
        .get_with("/api/tasks/mine", &[("authorization", &w.insp)])
        .await
        .json();
    let task = mine
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["id"] == rect["task_id"])
        .expect("the reinspection task is the officer's")
        .clone();
    assert_eq!(task["due_on"], deadline.to_string());
    assert!(task["note"].as_str().expect("note").starts_with("复查"));
    // Re-inspected 20 days after the order: still violating → 20 days of daily penalty.
    w.app.state.clock.advance(20);
    let found = w.today();
    let r = w
        .app
        .post_json(
            &format!(
                "/api/cases/{COUNTY}/{}/corrections/{}/result",
                case["id"].as_str().expect("id"),
                rect["id"].as_str().expect("rect")
            ),
            &json!({ "revision": case["revision"], "found_on": found, "outcome": "daily_penalty", "note": "除尘设施仍未修复" }),
            &[("authorization", &w.insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(r.json()["rectifications"][0]["daily_penalty_days"], 20);
}

#[tokio::test]
async fn the_province_keeps_the_calendar_and_versions_the_benchmark() {
    let w = world().await;
    let county_admin = w.app.bearer(COUNTY, "admin").await;
    let province_admin = w.app.bearer(340000, "admin").await;
    let cal = w
        .app
        .get_with("/api/calendar", &[("authorization", &w.insp)])
        .await
        .json();
    assert!(cal
        .as_array()
        .expect("entries")
        .iter()
        .any(|e| e["day"] == "2026-10-01" && e["kind"] == "holiday"));
    assert!(cal
        .as_array()
        .expect("entries")
        .iter()
        .any(|e| e["kind"] == "workday"));
    let put = |auth: String, body: Value, year: i32| {
        let app = &w.app;
        async move {
            let req = axum::http::Request::put(format!("/api/calendar/{year}"))
                .header("authorization", auth)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .expect("request");
            app.send(req).await
        }
    };
    let entries =
        json!({ "entries": [ { "day": "2028-01-01", "kind": "holiday", "name": "元旦" } ] });
    assert_eq!(
        put(county_admin.clone(), entries.clone(), 2028)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = put(province_admin.clone(), entries, 2028).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let bad = json!({ "entries": [ { "day": "2028-01-04", "kind": "workday", "name": "调休" } ] });
    let r = put(province_admin.clone(), bad, 2028).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "2028-01-04 is a Tuesday"
    );
    // The benchmark: every save a new version; an invalid table is refused in Chinese.
    let table = w.benchmark().await;
    assert_eq!(table.version, 1);
    let save = |auth: String, body: Value| {
        let app = &w.app;
        async move {
            let req = axum::http::Request::put("/api/discretion/benchmark")
                .header("authorization", auth)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .expect("request");
            app.send(req).await
        }
    };
    let body = serde_json::to_value(&table).expect("json");
    assert_eq!(
        save(county_admin, body.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let r = save(province_admin.clone(), body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    assert_eq!(r.json()["version"], 2);
    let mut broken = table.clone();
    broken.violations[0].min_fen = broken.violations[0].max_fen + 1;
    let r = save(province_admin, serde_json::to_value(&broken).expect("json")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let versions = w
        .app
        .get_with(
            "/api/discretion/benchmark/versions",
            &[("authorization", &w.insp)],
        )
        .await
        .json();
    assert_eq!(versions.as_array().expect("versions").len(), 2);
}

#[tokio::test]
async fn a_correction_is_a_new_document_naming_the_one_it_corrects() {
    let w = world().await;
    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let original = case["documents"][0].clone();
    let before = w.pdf(&case, &original).await;
    let path = format!(
        "/api/cases/{COUNTY}/{}/documents/{}/corrections",
        case["id"].as_str().expect("id"),
        original["id"].as_str().expect("doc")
    );
    let address = case["party"]["address"]
        .as_str()
        .expect("address")
        .to_string();
    let body = |revision: &Value, items: Value| json!({ "revision": revision, "reason": "当事人地址笔误", "items": items });
    let line = json!([{ "item": "当事人地址", "was": address, "now": "宿州市埇桥区汴河路88号" }]);
    // The leader corrects; the officer may not, a stale revision is refused, nothing is empty.
    let r = w
        .app
        .post_json(
            &path,
            &body(&case["revision"], line.clone()),
            &[("authorization", &w.insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.json());
    let r = w
        .app
        .post_json(
            &path,
            &body(&json!(0), line.clone()),
            &[("authorization", &w.leader)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.json());
    let r = w
        .app
        .post_json(
            &path,
            &body(&case["revision"], json!([])),
            &[("authorization", &w.leader)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.json());
    assert_eq!(r.json()["message"], "请列出更正事项");
    let r = w
        .app
        .post_json(
            &path,
            &body(&case["revision"], line),
            &[("authorization", &w.leader)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let case = r.json();
    let docs = case["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2, "{docs:?}");
    let fix = &docs[1];
    let year = w.today().year();
    assert_eq!(fix["kind"], "filing_approval");
    assert_eq!(fix["corrects"], original["id"]);
    assert_eq!(fix["title"], "立案审批表（更正）");
    assert_eq!(fix["number"], format!("宿埇环立〔{year}〕2号"));
    // The corrected document is as it was issued, byte for byte.
    assert_eq!(docs[0], original);
    assert_eq!(w.pdf(&case, &original).await, before);
    let pdf = w.pdf(&case, fix).await;
    assert_eq!(
        api::platform::audit::hex(&sha2::Sha256::digest(&pdf)),
        fix["sha256"]
    );
    // The correction's text names the document and each error with what it should read.
    use sea_orm::EntityTrait;
    let row = api::platform::entity::case_document::Entity::find_by_id((
        COUNTY,
        uuid::Uuid::parse_str(fix["id"].as_str().expect("id")).expect("uuid"),
    ))
    .one(&w.app.state.db)
    .await
    .expect("db")
    .expect("row");
    // The text as printed, the lines wrapped by the layout joined again.
    fn texts(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(t)) = m.get("text") {
                    out.push_str(t.trim());
                }
                m.values().for_each(|v| texts(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| texts(v, out)),
            _ => {}
        }
    }
    let mut text = String::new();
    texts(
        &serde_json::from_str(&row.layout).expect("layout"),
        &mut text,
    );
    for wanted in [
        format!(
            "《立案审批表》（{}）",
            original["number"].as_str().expect("n")
        ),
        format!("原文为“{address}”，更正为“宿州市埇桥区汴河路88号”"),
        "本机关于2026年6月1日制作的".into(),
    ] {
        assert!(text.contains(&wanted), "{wanted} not in {text}");
    }
    let step = case["steps"]
        .as_array()
        .expect("steps")
        .last()
        .expect("step")
        .clone();
    assert_eq!(step["action"], "correct_document");
    // The audit chain and the enterprise's timeline have it.
    let audit = w
        .app
        .get_with(
            "/api/audit?action=case.correct_document",
            &[("authorization", &w.leader)],
        )
        .await
        .json();
    assert!(
        audit.to_string().contains(fix["id"].as_str().expect("id")),
        "{audit}"
    );
    let dossier = w
        .app
        .get_with(
            &format!(
                "/api/enterprises/{COUNTY}/{}",
                w.enterprise["id"].as_str().expect("e")
            ),
            &[("authorization", &w.leader)],
        )
        .await
        .json();
    assert!(dossier.to_string().contains("更正文书"), "{dossier}");
    // A document the case does not have is not found.
    let file = json!({ "revision": case["revision"], "reason": "x", "items": [{ "item": "a", "was": "b", "now": "c" }] });
    let r = w
        .app
        .post_json(
            &format!(
                "/api/cases/{COUNTY}/{}/documents/{}/corrections",
                case["id"].as_str().expect("id"),
                uuid::Uuid::new_v4()
            ),
            &file,
            &[("authorization", &w.leader)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.json());
}

#[tokio::test]
async fn a_step_that_fails_after_taking_a_number_gives_the_number_back() {
    let w = world().await;
    let first = w.propose().await;
    let second = w.propose().await;
    let approve = json!({ "action": "approve", "opinion": "同意" });
    let first = w.ok(&first, &w.leader, approve.clone()).await;
    let year = w.today().year();
    assert_eq!(first["number"], format!("宿埇环立〔{year}〕1号"));
    // The bureau's document folder turns into a file: storing the next PDF fails after its
    // number was taken, and the whole step rolls back.
    let folder = std::path::Path::new(&w.app.state.config.storage)
        .join("documents")
        .join(COUNTY.to_string());
    let aside = folder.with_extension("aside");
    std::fs::rename(&folder, &aside).expect("move the folder aside");
    std::fs::write(&folder, b"not a folder").expect("a file in its place");
    let (status, _) = w.step(&second, &w.leader, approve.clone()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    std::fs::remove_file(&folder).expect("remove the file");
    std::fs::rename(&aside, &folder).expect("the folder back");
    // The same step again takes the number the failed one gave back: no gap.
    let second = w.ok(&second, &w.leader, approve).await;
    assert_eq!(second["number"], format!("宿埇环立〔{year}〕2号"));
    assert_eq!(second["documents"].as_array().expect("d").len(), 1);
}

#[tokio::test]
async fn the_due_queue_lists_a_case_for_its_officers_their_squad_leader_and_the_leader() {
    let w = world().await;
    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let id = case["id"].as_str().expect("id").to_string();
    let mut people = Vec::new();
    for name in [
        "insp11", "insp12", "squad1", "leader", "insp21", "squad2", "legal",
    ] {
        people.push((name, w.app.bearer(COUNTY, name).await));
    }
    let due_for = |auth: String| {
        let app = &w.app;
        async move {
            let r = app
                .get_with("/api/cases?queue=due", &[("authorization", &auth)])
                .await;
            assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
            r.json()
                .as_array()
                .expect("cases")
                .iter()
                .map(|c| c["id"].as_str().expect("id").to_string())
                .collect::<Vec<_>>()
        }
    };
    // 90 days to the decision: not due for anyone yet.
    for (name, auth) in &people {
        assert!(
            !due_for(auth.clone()).await.contains(&id),
            "{name}: not due yet"
        );
    }
    // Five days before the limit: due for the two officers, the leader of their squad and the
    // bureau leader; not for an officer or squad leader of another squad, nor the reviewer.
    w.app.state.clock.advance(85);
    for (name, auth) in &people {
        let listed = due_for(auth.clone()).await.contains(&id);
        let expected = matches!(*name, "insp11" | "insp12" | "squad1" | "leader");
        assert_eq!(listed, expected, "{name}: in the due queue = {expected}");
    }
    // The city's leader watches the counties' clocks too.
    assert!(due_for(w.city_leader.clone()).await.contains(&id));
}

#[tokio::test]
async fn the_provinces_procedure_figures_apply_to_cases_filed_under_them() {
    let w = world().await;
    let province_admin = w.app.bearer(340000, "admin").await;
    // The province lowers 较大数额罚款 to 5万元, sets 60 days for the decision and 15 per
    // extension; saved as a new version of its benchmark.
    let mut table = w.benchmark().await;
    assert_eq!(table.procedure.hearing_threshold_fen, 20_000_000);
    assert_eq!(table.procedure.decision_days, 90);
    table.procedure.hearing_threshold_fen = 5_000_000;
    table.procedure.decision_days = 60;
    table.procedure.extension_days = 15;
    let put = |body: Value| {
        let app = &w.app;
        let auth = province_admin.clone();
        async move {
            let req = axum::http::Request::put("/api/discretion/benchmark")
                .header("authorization", auth)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .expect("request");
            app.send(req).await
        }
    };
    let mut bad = table.clone();
    bad.procedure.decision_days = 0;
    let r = put(serde_json::to_value(&bad).expect("json")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json().to_string().contains("作出处罚决定的期限"),
        "{:?}",
        r.json()
    );
    let r = put(serde_json::to_value(&table).expect("json")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());

    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let filed = w.today();
    assert_eq!(case["clocks"][0]["kind"], "decision");
    assert_eq!(case["clocks"][0]["due"], filed.add_days(60).to_string());
    // One extension: at most the province's 15 days.
    let (status, v) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "extend", "days": 30, "reason": "案情复杂" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v:?}");
    assert!(v.to_string().contains("每次延长不超过15日"), "{v:?}");
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "extend", "days": 15, "reason": "案情复杂" }),
        )
        .await;
    assert_eq!(case["clocks"][0]["due"], filed.add_days(75).to_string());
    // A proposed fine of 6万元 is 较大数额 here: the legal review is mandatory.
    let t = w.benchmark().await;
    let input = lowest(&t, "air-100-1");
    let mut step = report(&input, 6_000_000);
    step["amount_reason"] = json!("超标倍数较高，从重处罚");
    let case = w.ok(&case, &w.insp, step).await;
    assert_eq!(case["review_required"], true, "{case:?}");
    let (status, v) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "notify", "served_on": w.today(), "method": "direct" }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no notice before the legal review: {v:?}"
    );
}

#[tokio::test]
async fn a_case_opened_at_the_desk_from_a_transfer_names_where_it_came_from() {
    let w = world().await;
    let body = |source_ref: &str| {
        json!({ "enterprise_bureau_id": COUNTY, "enterprise_id": w.enterprise["id"],
            "source": "transfer", "source_ref": source_ref,
            "cause": "未按规定设置大气污染物排放口",
            "provisions": ["《中华人民共和国大气污染防治法》第二十条"],
            "summary": "区公安分局在巡查中发现该公司私设排放口，移送我局处理",
            "officer_ids": [w.ids["insp11"], w.ids["insp12"]] })
    };
    let r = w
        .app
        .post_json("/api/cases", &body("  "), &[("authorization", &w.insp)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.json());
    assert!(
        r.json().to_string().contains("移送单位及文号"),
        "{:?}",
        r.json()
    );
    let r = w
        .app
        .post_json(
            "/api/cases",
            &body("宿州市公安局埇桥分局 埇公移〔2026〕5号"),
            &[("authorization", &w.insp)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json());
    let case = r.json();
    assert_eq!(case["source"], "transfer");
    assert_eq!(case["source_ref"], "宿州市公安局埇桥分局 埇公移〔2026〕5号");
    assert_eq!(case["source_task_id"], Value::Null);
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意立案" }),
        )
        .await;
    assert_eq!(case["state"], "investigating");
    assert!(case["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .any(|d| d["kind"] == "filing_approval"));
}

impl World {
    /// A case approved, reported at the recommended fine, notified, decided and served.
    async fn decided(&self) -> (Value, i64) {
        let case = self.propose().await;
        let case = self
            .ok(
                &case,
                &self.leader,
                json!({ "action": "approve", "opinion": "同意立案" }),
            )
            .await;
        let table = self.benchmark().await;
        let input = lowest(&table, "air-99-2");
        let rec = discretion::recommend(&table, &input).expect("recommendation");
        let case = self
            .ok(&case, &self.insp, report(&input, rec.amount_fen))
            .await;
        let case = self
            .ok(&case, &self.insp, json!({ "action": "request_review" }))
            .await;
        let case = self
            .ok(
                &case,
                &self.legal,
                json!({ "action": "pass_review", "opinion": "同意" }),
            )
            .await;
        let today = self.today();
        let case = self
            .ok(
                &case,
                &self.leader,
                json!({ "action": "notify", "served_on": today, "method": "direct" }),
            )
            .await;
        let case = self
            .ok(&case, &self.insp, json!({ "action": "waive", "on": today }))
            .await;
        let case = self
            .ok(
                &case,
                &self.leader,
                json!({ "action": "decide", "decided_on": today }),
            )
            .await;
        let case = self.ok(&case, &self.insp, json!({ "action": "serve", "served_on": today, "method": "direct", "receiver": "张三" })).await;
        (case, rec.amount_fen)
    }

    async fn post(&self, path: String, auth: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .app
            .post_json(&path, &body, &[("authorization", auth)])
            .await;
        (r.status, r.json())
    }
}

#[tokio::test]
async fn a_reinspection_found_continuing_leads_to_a_daily_penalty_decided_in_the_same_case() {
    let w = world().await;
    let (case, fine) = w.decided().await;
    let id = case["id"].as_str().expect("id").to_string();
    let ordered = w.today();
    let (status, case) = w
        .post(
            format!("/api/cases/{COUNTY}/{id}/corrections"),
            &w.insp,
            json!({ "revision": case["revision"], "ordered_on": ordered, "deadline": ordered.add_days(10),
                "requirement": "立即停止超标排放", "inspector_ids": [w.ids["insp11"], w.ids["insp12"]] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case:?}");
    let rect = case["rectifications"][0]["id"]
        .as_str()
        .expect("r")
        .to_string();
    // The fine paid in full: the case is executed but cannot close while the loop is open.
    let case = w.ok(&case, &w.insp, json!({ "action": "record_payment", "paid_on": ordered, "amount_fen": fine, "receipt": "340000202600001" })).await;
    assert_eq!(case["state"], "executed");
    let (status, refused) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "close", "opinion": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused:?}");
    assert!(refused.to_string().contains("未复查完毕"), "{refused:?}");
    // Re-inspected 12 days after the order, still violating: 12 days at the original fine.
    w.app.state.clock.advance(12);
    let found = w.today();
    let (status, case) = w
        .post(
            format!("/api/cases/{COUNTY}/{id}/corrections/{rect}/result"),
            &w.insp,
            json!({ "revision": case["revision"], "found_on": found, "outcome": "daily_penalty", "note": "仍超标排放" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case:?}");
    assert_eq!(case["rectifications"][0]["daily_penalty_days"], 12);
    let follow_up = |case: &Value, auth: &str, body: Value| {
        let mut body = body;
        body["revision"] = case["revision"].clone();
        let (auth, path) = (
            auth.to_string(),
            format!("/api/cases/{COUNTY}/{id}/corrections/{rect}/follow-up"),
        );
        let w = &w;
        async move { w.post(path, &auth, body).await }
    };
    // Not the officer's decision; a decision day before the 复查 is refused.
    let (status, _) = follow_up(
        &case,
        &w.insp,
        json!({ "decided_on": found, "note": "按日连续处罚" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = follow_up(
        &case,
        &w.leader,
        json!({ "decided_on": found.add_days(-1), "note": "按日连续处罚" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v:?}");
    let (status, case) = follow_up(
        &case,
        &w.leader,
        json!({ "decided_on": found, "note": "拒不改正，依法按日连续处罚" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{case:?}");
    let f = &case["rectifications"][0]["follow_up"];
    assert_eq!(f["amount_fen"], fine * 12);
    let year = found.year();
    assert_eq!(f["number"], format!("宿埇环按罚〔{year}〕1号"));
    assert!(case["documents"]
        .as_array()
        .expect("d")
        .iter()
        .any(|d| d["kind"] == "daily_penalty_decision" && d["number"] == f["number"]));
    // Owed with the decision's fine: the case executes again until it is paid.
    assert_eq!(case["state"], "executing");
    let (status, v) = follow_up(
        &case,
        &w.leader,
        json!({ "decided_on": found, "note": "再次" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "decided once: {v:?}");
    let (status, refused) = w
        .step(
            &case,
            &w.leader,
            json!({ "action": "close", "opinion": "" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused.to_string().contains("尚未缴清"), "{refused:?}");
    let case = w.ok(&case, &w.insp, json!({ "action": "record_payment", "paid_on": found, "amount_fen": fine * 12, "receipt": "340000202600002" })).await;
    assert_eq!(case["state"], "executed");
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "close", "opinion": "同意结案" }),
        )
        .await;
    assert_eq!(case["state"], "closed");
    // The enterprise's timeline shows the daily penalty.
    let dossier = w
        .app
        .get_with(
            &format!(
                "/api/enterprises/{COUNTY}/{}",
                w.enterprise["id"].as_str().expect("e")
            ),
            &[("authorization", &w.insp)],
        )
        .await
        .json();
    assert!(
        dossier.to_string().contains("按日连续处罚决定"),
        "timeline: {dossier}"
    );
}

#[tokio::test]
async fn a_restriction_needs_a_period_and_a_daily_penalty_needs_a_decided_fine() {
    let w = world().await;
    let case = w.propose().await;
    let case = w
        .ok(
            &case,
            &w.leader,
            json!({ "action": "approve", "opinion": "同意" }),
        )
        .await;
    let id = case["id"].as_str().expect("id").to_string();
    let ordered = w.today();
    let mut case = case;
    let mut rects = Vec::new();
    for _ in 0..2 {
        let (status, v) = w
            .post(
                format!("/api/cases/{COUNTY}/{id}/corrections"),
                &w.insp,
                json!({ "revision": case["revision"], "ordered_on": ordered, "deadline": ordered.add_days(10),
                    "requirement": "完成除尘设施检修", "inspector_ids": [w.ids["insp11"], w.ids["insp12"]] }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v:?}");
        rects.push(
            v["rectifications"]
                .as_array()
                .expect("r")
                .last()
                .expect("r")["id"]
                .as_str()
                .expect("id")
                .to_string(),
        );
        case = v;
    }
    w.app.state.clock.advance(11);
    let found = w.today();
    for (rect, outcome) in rects.iter().zip(["daily_penalty", "restrict_production"]) {
        let (status, v) = w
            .post(
                format!("/api/cases/{COUNTY}/{id}/corrections/{rect}/result"),
                &w.insp,
                json!({ "revision": case["revision"], "found_on": found, "outcome": outcome, "note": "未改正" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v:?}");
        case = v;
    }
    let path = |rect: &str| format!("/api/cases/{COUNTY}/{id}/corrections/{rect}/follow-up");
    // Before the decision there is no fine to count by the day.
    let (status, v) = w
        .post(
            path(&rects[0]),
            &w.leader,
            json!({ "revision": case["revision"], "decided_on": found, "note": "按日连续处罚" }),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v:?}");
    assert!(v.to_string().contains("尚未作出罚款决定"), "{v:?}");
    let (status, v) = w
        .post(path(&rects[1]), &w.leader, json!({ "revision": case["revision"], "decided_on": found, "months": 6, "note": "停产整治" }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v:?}");
    let (status, v) = w
        .post(path(&rects[1]), &w.leader, json!({ "revision": case["revision"], "decided_on": found, "months": 3, "note": "完成除尘设施改造并经监测达标" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{v:?}");
    assert_eq!(
        v["state"], "investigating",
        "no fine: the procedure goes on where it was"
    );
    let f = &v["rectifications"][1]["follow_up"];
    assert_eq!(f["months"], 3);
    assert!(f["number"].as_str().expect("n").contains("环限〔"), "{f:?}");
}
