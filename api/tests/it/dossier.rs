//! The dossier beyond search: risk with reasons, projects becoming sources, import and export.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{enc, Reply, TestApp};

async fn get(app: &TestApp, auth: &str, path: &str) -> Reply {
    app.get_with(path, &[("authorization", auth)]).await
}

async fn ok(app: &TestApp, auth: &str, path: &str) -> Value {
    let r = get(app, auth, path).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&r.bytes)
    );
    r.json()
}

async fn upload(app: &TestApp, auth: &str, query: &str, bytes: Vec<u8>) -> Value {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/enterprises/import?{query}"))
        .header("authorization", auth)
        .header("content-type", "application/octet-stream")
        .body(Body::from(bytes))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.bytes)
    );
    r.json()
}

/// A valid GB 32100 code from its first 17 characters.
fn code(first17: &str) -> String {
    let check = shared::credit_code::check_character(first17.as_bytes()).expect("valid chars");
    format!("{first17}{check}")
}

#[tokio::test]
async fn dossier_shows_risk_with_reasons_and_every_section() {
    let app = TestApp::with_demo(400).await;
    let city = app.bearer(341300, "leader").await;
    let red = ok(&app, &city, "/api/enterprises?risk=red&limit=5").await;
    let first = &red["items"][0];
    assert_eq!(first["risk_level"], "red", "the demo has red enterprises");
    let d = ok(
        &app,
        &city,
        &format!(
            "/api/enterprises/{}/{}",
            first["bureau_id"],
            first["id"].as_str().expect("id")
        ),
    )
    .await;
    let risk = &d["risk"];
    assert_eq!(risk["level"], "red");
    let reasons = risk["reasons"].as_array().expect("reasons");
    let sum: i64 = reasons
        .iter()
        .map(|r| r["points"].as_i64().expect("points"))
        .sum();
    assert_eq!(
        sum,
        risk["score"].as_i64().expect("score"),
        "the reasons add up to the score"
    );
    assert!(risk["score"].as_i64().expect("score") >= 50);
    let timeline = d["timeline"].as_array().expect("timeline");
    assert!(timeline.iter().any(|e| e["kind"] == "registered"));
    let times: Vec<&str> = timeline
        .iter()
        .map(|e| e["occurred_at"].as_str().expect("t"))
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    assert_eq!(
        d["url"],
        format!(
            "/e/{}/{}",
            first["bureau_id"],
            first["id"].as_str().expect("id")
        )
    );
    // Key sources carry permits and monitoring points in the demo.
    let keys = ok(
        &app,
        &city,
        "/api/enterprises?tag=key_source&permit=valid&limit=1",
    )
    .await;
    let k = &keys["items"][0];
    let kd = ok(
        &app,
        &city,
        &format!(
            "/api/enterprises/{}/{}",
            k["bureau_id"],
            k["id"].as_str().expect("id")
        ),
    )
    .await;
    assert_eq!(kd["permits"][0]["status"], "valid");
    assert!(!kd["monitoring_points"]
        .as_array()
        .expect("points")
        .is_empty());

    // Filters combine with text: every hit is red and in the county asked for.
    let hits = ok(
        &app,
        &city,
        "/api/enterprises?risk=red&division=341302&limit=200",
    )
    .await;
    for e in hits["items"].as_array().expect("items") {
        assert_eq!(
            (e["risk_level"].as_str(), e["division_code"].as_str()),
            (Some("red"), Some("341302"))
        );
    }
    // A bad filter value is a Chinese 422, not an empty list.
    let bad = get(&app, &city, "/api/enterprises?risk=purple").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["message"]
        .as_str()
        .expect("m")
        .contains("风险等级"));

    // A sibling county cannot open it; the map only shows the jurisdiction.
    let sibling = app.bearer(341322, "leader").await;
    let other = ok(&app, &city, "/api/enterprises?division=341321&limit=1").await;
    let o = &other["items"][0];
    let refused = get(
        &app,
        &sibling,
        &format!("/api/enterprises/341321/{}", o["id"].as_str().expect("id")),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let map = ok(&app, &sibling, "/api/enterprises/map").await;
    let points = map["points"].as_array().expect("points");
    assert!(!points.is_empty());
    assert!(points.iter().all(|p| p["bureau_id"] == 341322));
}

#[tokio::test]
async fn acceptance_turns_a_project_into_a_source_or_links_the_existing_one() {
    let app = TestApp::with_demo(120).await;
    let admin = app.bearer(341321, "admin").await;
    let new_code = code("91341321MA8P00001");
    let body = |builder: &str, credit: &str| {
        json!({ "name": "年产5万吨水性涂料项目", "builder": builder, "credit_code": credit,
            "legal_representative": "李建", "address": "安徽省宿州市砀山县砀城镇园区路8号",
            "division_code": "341321", "longitude": 116.36, "latitude": 34.42, "industry_code": "C2641",
            "eia_category": "report", "eia_approval_no": "砀环审〔2025〕18号", "eia_approved_on": "2025年6月3日" })
    };
    let auth = [("authorization", admin.as_str())];
    let p = app
        .post_json(
            "/api/projects",
            &body("砀山县新涂料科技有限公司", &new_code),
            &auth,
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{:?}", p.json());
    let p = p.json();
    assert_eq!(
        (p["stage"].as_str(), p["eia_approved_on"].as_str()),
        (Some("approved"), Some("2025-06-03"))
    );
    // Not a source yet.
    let before = ok(&app, &admin, &format!("/api/enterprises?q={new_code}")).await;
    assert!(before["items"].as_array().expect("items").is_empty());

    let accept = |id: &str| format!("/api/projects/341321/{id}/accept");
    let early = app
        .post_json(
            &accept(p["id"].as_str().expect("id")),
            &json!({ "accepted_on": "2025-01-01" }),
            &auth,
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "acceptance before approval"
    );
    let done = app
        .post_json(
            &accept(p["id"].as_str().expect("id")),
            &json!({ "accepted_on": "2026-10-08" }),
            &auth,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json());
    let done = done.json();
    assert_eq!(done["created_enterprise"], true);
    assert_eq!(done["project"]["stage"], "accepted");
    let source = ok(&app, &admin, &format!("/api/enterprises?q={new_code}")).await;
    let e = &source["items"][0];
    assert_eq!(e["name"], "砀山县新涂料科技有限公司");
    assert_eq!(e["id"], done["project"]["enterprise_id"]);
    // And it is searchable by its Chinese name at once.
    let by_name = ok(
        &app,
        &admin,
        &format!("/api/enterprises?q={}", enc("新涂料科技")),
    )
    .await;
    assert_eq!(by_name["items"][0]["id"], e["id"]);
    let d = ok(
        &app,
        &admin,
        &format!("/api/enterprises/341321/{}", e["id"].as_str().expect("id")),
    )
    .await;
    let kinds: Vec<&str> = d["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .map(|t| t["kind"].as_str().expect("k"))
        .collect();
    assert!(
        kinds.contains(&"registered") && kinds.contains(&"project_accepted"),
        "{kinds:?}"
    );
    assert_eq!(d["projects"][0]["id"], p["id"]);
    let again = app
        .post_json(
            &accept(p["id"].as_str().expect("id")),
            &json!({ "accepted_on": "2026-10-09" }),
            &auth,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // An expansion by an existing enterprise links to it instead of making a second one.
    let existing = ok(&app, &admin, "/api/enterprises?limit=1").await;
    let x = &existing["items"][0];
    let p2 = app
        .post_json(
            "/api/projects",
            &body(
                x["name"].as_str().expect("n"),
                x["credit_code"].as_str().expect("c"),
            ),
            &auth,
        )
        .await
        .json();
    let linked = app
        .post_json(
            &accept(p2["id"].as_str().expect("id")),
            &json!({ "accepted_on": "2026-11-01" }),
            &auth,
        )
        .await
        .json();
    assert_eq!(linked["created_enterprise"], false);
    assert_eq!(linked["project"]["enterprise_id"], x["id"]);
    let xd = ok(
        &app,
        &admin,
        &format!("/api/enterprises/341321/{}", x["id"].as_str().expect("id")),
    )
    .await;
    let kinds: Vec<&str> = xd["timeline"]
        .as_array()
        .expect("t")
        .iter()
        .map(|t| t["kind"].as_str().expect("k"))
        .collect();
    assert!(
        kinds.contains(&"project_approved") && kinds.contains(&"project_accepted"),
        "{kinds:?}"
    );

    // Bad input answers in Chinese, naming the field.
    let bad = app
        .post_json(
            "/api/projects",
            &body("某公司", "91341321MA8P000010"),
            &auth,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["message"]
        .as_str()
        .expect("m")
        .contains("校验位"));
    // A sibling county's division is outside the jurisdiction.
    let mut outside = body("某公司", &code("91341322MA8P00002"));
    outside["division_code"] = json!("341322");
    let refused = app.post_json("/api/projects", &outside, &auth).await;
    assert!(refused.json()["message"]
        .as_str()
        .expect("m")
        .contains("不在本局辖区内"));
}

#[tokio::test]
async fn risk_is_recomputed_when_an_input_or_the_formula_changes() {
    use api::history::{record as append, NewEvent};
    use shared::dossier::TimelineKind;
    let app = TestApp::with_demo(150).await;
    let county = app.bearer(341302, "leader").await;
    let green = ok(
        &app,
        &county,
        "/api/enterprises?risk=green&permit=valid&limit=50",
    )
    .await;
    // One that is not a key source, with no points at all.
    let e = green["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["risk_score"] == 0)
        .expect("a clean enterprise")
        .clone();
    let id = uuid::Uuid::parse_str(e["id"].as_str().expect("id")).expect("uuid");
    for _ in 0..3 {
        append(
            &app.state.db,
            341302,
            id,
            NewEvent::now(TimelineKind::Complaint, "群众反映夜间异味"),
        )
        .await
        .expect("append");
    }
    let path = format!("/api/enterprises/341302/{id}");
    let d = ok(&app, &county, &path).await;
    assert_eq!(
        (d["risk"]["level"].as_str(), d["risk"]["score"].as_i64()),
        (Some("yellow"), Some(24))
    );
    assert_eq!(d["risk"]["reasons"][0]["factor"], "complaint");
    assert_eq!(d["timeline"][0]["kind"], "risk_changed");
    assert!(d["timeline"][0]["title"]
        .as_str()
        .expect("t")
        .contains("低风险变为中风险"));

    // The formula is the province's: a city admin is refused, the province's admin changes it
    // and every enterprise is recomputed.
    let mut formula = ok(&app, &county, "/api/risk/formula").await;
    formula["yellow_at"] = json!(30);
    let city_admin = app.bearer(341300, "admin").await;
    let put = |auth: String, body: Value| {
        let req = Request::builder()
            .method(Method::PUT)
            .uri("/api/risk/formula")
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        app.send(req)
    };
    assert_eq!(
        put(city_admin, formula.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let province = app.bearer(340000, "admin").await;
    let mut inverted = formula.clone();
    inverted["red_at"] = json!(10);
    let r = put(province.clone(), inverted).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["message"].as_str().expect("m").contains("阈值"));
    assert_eq!(put(province, formula).await.status, StatusCode::ACCEPTED);
    let d = ok(&app, &county, &path).await;
    assert_eq!(
        d["risk"]["level"], "yellow",
        "recomputed by the background job, not in the request"
    );
    assert!(app.run_jobs().await > 0);
    let d = ok(&app, &county, &path).await;
    assert_eq!(
        d["risk"]["level"], "green",
        "24 points is below the new yellow threshold of 30"
    );
}

const HEADER: &str = "企业名称,统一社会信用代码,法定代表人,详细地址,行政区划代码,经度,纬度,行业代码,企业规模,联系人,联系电话,生产状态,标签";

#[tokio::test]
async fn import_reports_row_column_and_reason_and_never_half_imports() {
    let app = TestApp::with_demo(80).await;
    let admin = app.bearer(341302, "admin").await;
    let count = |v: &Value| v["items"].as_array().expect("items").len();
    let before = count(&ok(&app, &admin, "/api/enterprises?limit=200").await);
    let good1 = code("91341302MA8Q00001");
    let bad_check = format!("{}0", &code("91341302MA8Q00002")[..17]);
    let csv = format!(
        "{HEADER}\n\
         宿州市甲化工有限公司,{good1},张三,安徽省宿州市埇桥区北关街道1号,341302,116.98,33.64,C2614,中型,李四,13900000000,正常生产,重点排污单位、涉水\n\
         宿州市乙化工有限公司,{bad_check},张三,安徽省宿州市埇桥区北关街道2号,341302,116.98,33.64,C2614,,,,,\n\
         宿州市丙化工有限公司,{},王五,安徽省宿州市砀山县1号,341321,116.98,33.64,C2614,,,,,\n\
         宿州市丁化工有限公司,{},,安徽省宿州市埇桥区3号,341302,16.98,33.64,C2614,巨型,,,,不存在的标签\n",
        code("91341302MA8Q00003"),
        code("91341302MA8Q00004"),
    );
    let report = upload(&app, &admin, "kind=enterprises", csv.clone().into_bytes()).await;
    assert_eq!(report["committed"], false);
    let issues: Vec<(i64, String)> = report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            (
                i["row"].as_i64().expect("row"),
                i["column"].as_str().expect("col").to_string(),
            )
        })
        .collect();
    for expected in [
        (3, "统一社会信用代码"),
        (4, "行政区划代码"),
        (5, "法定代表人"),
        (5, "经度"),
        (5, "企业规模"),
        (5, "标签"),
    ] {
        assert!(
            issues.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} in {issues:?}"
        );
    }
    assert!(
        !issues.iter().any(|i| i.0 == 2),
        "row 2 is fine: {issues:?}"
    );
    let messages: Vec<&str> = report["issues"]
        .as_array()
        .expect("i")
        .iter()
        .map(|i| i["message"].as_str().expect("m"))
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("校验位")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("不在本局辖区内")),
        "{messages:?}"
    );
    assert_eq!(
        count(&ok(&app, &admin, "/api/enterprises?limit=200").await),
        before,
        "nothing written"
    );

    // A missing required column is named once, as a problem of row 1.
    let no_col = upload(
        &app,
        &admin,
        "kind=enterprises",
        "企业名称,地址\n某公司,某地\n".as_bytes().to_vec(),
    )
    .await;
    assert!(no_col["issues"]
        .as_array()
        .expect("i")
        .iter()
        .any(|i| i["row"] == 1 && i["column"] == "统一社会信用代码"));

    // A clean file, saved by Excel as GBK: the dry run previews and writes nothing, the real run
    // writes all of it. One row updates an existing enterprise.
    let existing = ok(&app, &admin, "/api/enterprises?limit=1").await["items"][0].clone();
    let clean = format!(
        "{HEADER}\n\
         宿州市甲化工有限公司,{good1},张三,安徽省宿州市埇桥区北关街道1号,341302,116.98,33.64,C2614,中型,李四,13900000000,正常生产,重点排污单位、涉水\n\
         {},{},{},安徽省宿州市埇桥区新地址88号,341302,{},{},{},小型,,,停产,\n",
        existing["name"].as_str().expect("n"),
        existing["credit_code"].as_str().expect("c"),
        existing["legal_representative"].as_str().expect("p"),
        existing["longitude"],
        existing["latitude"],
        existing["industry_code"].as_str().expect("i"),
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&clean);
    let dry = upload(&app, &admin, "kind=enterprises&dry_run=true", gbk.to_vec()).await;
    assert_eq!(
        dry["issues"].as_array().expect("i").len(),
        0,
        "{:?}",
        dry["issues"]
    );
    assert_eq!(
        (
            dry["created"].as_i64(),
            dry["updated"].as_i64(),
            dry["committed"].as_bool()
        ),
        (Some(1), Some(1), Some(false))
    );
    assert_eq!(dry["preview"][0]["name"], "宿州市甲化工有限公司");
    assert_eq!(
        count(&ok(&app, &admin, "/api/enterprises?limit=200").await),
        before
    );
    let real = upload(&app, &admin, "kind=enterprises", gbk.to_vec()).await;
    assert_eq!(real["committed"], true);
    assert_eq!(
        (real["job"]["kind"].as_str(), real["job"]["total"].as_u64()),
        (Some("import"), Some(2)),
        "the two enterprises' risk is the import's background job"
    );
    app.run_jobs().await;
    assert_eq!(
        count(&ok(&app, &admin, "/api/enterprises?limit=200").await),
        before + 1
    );
    let new = ok(&app, &admin, &format!("/api/enterprises?q={good1}")).await["items"][0].clone();
    assert!(new["tags"]
        .as_array()
        .expect("t")
        .iter()
        .any(|t| t["code"] == "key_source"));
    assert_eq!(new["permit_status"], "none");
    assert_eq!(
        new["risk_level"], "yellow",
        "a key source without a permit: 30 + 10 points"
    );
    let updated = ok(
        &app,
        &admin,
        &format!(
            "/api/enterprises?q={}",
            existing["credit_code"].as_str().expect("c")
        ),
    )
    .await["items"][0]
        .clone();
    assert_eq!(updated["status"], "suspended");
    assert!(updated["address"]
        .as_str()
        .expect("a")
        .contains("新地址88号"));
    assert_eq!(updated["id"], existing["id"], "updated in place");

    // Permits, as XLSX: a permit for the new enterprise turns its permit state valid.
    let header = [
        "统一社会信用代码",
        "许可证编号",
        "管理类别",
        "有效期起",
        "有效期至",
        "发证机关",
    ];
    let sheet = |rows: Vec<Vec<String>>| {
        api::registry::transfer::xlsx("许可证", &header, &rows).expect("xlsx")
    };
    let bad = upload(
        &app,
        &admin,
        "kind=permits",
        sheet(vec![vec![
            good1.clone(),
            format!("{good1}001P"),
            "重点管理".into(),
            "2026-01-01".into(),
            "2025-01-01".into(),
            String::new(),
        ]]),
    )
    .await;
    assert_eq!(bad["issues"][0]["row"], 2);
    assert_eq!(bad["issues"][0]["column"], "有效期至");
    let ok_permit = upload(
        &app,
        &admin,
        "kind=permits",
        sheet(vec![vec![
            good1.clone(),
            format!("{good1}001P"),
            "重点管理".into(),
            "2026年1月1日".into(),
            "2030-12-31".into(),
            String::new(),
        ]]),
    )
    .await;
    assert_eq!(ok_permit["committed"], true, "{:?}", ok_permit["issues"]);
    app.run_jobs().await;
    let new = ok(&app, &admin, &format!("/api/enterprises?q={good1}")).await["items"][0].clone();
    assert_eq!(new["permit_status"], "valid");
    assert_eq!(
        new["risk_level"], "green",
        "10 points for being a key source"
    );
}

#[tokio::test]
async fn export_is_the_filtered_list_in_the_import_columns() {
    use calamine::Reader;
    let app = TestApp::with_demo(150).await;
    let leader = app.bearer(341300, "leader").await;
    let list = ok(&app, &leader, "/api/enterprises?division=341323&limit=200").await;
    let n = list["items"].as_array().expect("items").len();
    let x = get(&app, &leader, "/api/enterprises/export?division=341323").await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x
        .header("content-disposition")
        .expect("cd")
        .contains("filename*=UTF-8''"));
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(x.bytes.clone())).expect("xlsx");
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    let rows: Vec<_> = range.rows().collect();
    assert_eq!(rows.len(), n + 1);
    assert_eq!(rows[0][0].to_string(), "企业名称");
    assert!(rows.iter().skip(1).all(|r| r[4] == "341323"));
    let csv = get(
        &app,
        &leader,
        "/api/enterprises/export?division=341323&format=csv",
    )
    .await;
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    assert_eq!(String::from_utf8_lossy(&csv.bytes).lines().count(), n + 1);
    // Field accounts may not take bulk data out.
    let inspector = app.bearer(341323, "insp11").await;
    assert_eq!(
        get(&app, &inspector, "/api/enterprises/export")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn enterprises_near_a_position_nearest_first_within_the_jurisdiction() {
    let app = TestApp::with_demo(300).await;
    let county = app.bearer(341302, "insp11").await;
    let e = ok(&app, &county, "/api/enterprises?limit=1").await["items"][0].clone();
    let (lat, lng) = (
        e["latitude"].as_f64().expect("lat"),
        e["longitude"].as_f64().expect("lng"),
    );
    let near = ok(
        &app,
        &county,
        &format!("/api/enterprises/near?lat={lat}&lng={lng}&radius=20000"),
    )
    .await;
    let list = near.as_array().expect("list");
    assert_eq!(
        list[0]["enterprise"]["id"], e["id"],
        "the enterprise itself is nearest"
    );
    assert_eq!(list[0]["distance_m"], 0.0);
    let d: Vec<f64> = list
        .iter()
        .map(|x| x["distance_m"].as_f64().expect("d"))
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first: {d:?}");
    assert!(d.iter().all(|x| *x <= 20_000.0));
    assert!(
        list.iter().all(|x| x["enterprise"]["bureau_id"] == 341302),
        "own county only"
    );
    let bad = get(&app, &county, "/api/enterprises/near?lat=0&lng=0").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A deployment shows the outlines of its own jurisdiction: a county user its county, the city
/// its five counties.
#[tokio::test]
async fn map_outlines_are_those_of_the_jurisdiction() {
    let app = TestApp::with_demo(10).await;
    let codes = |v: serde_json::Value| -> Vec<String> {
        let mut c: Vec<String> = v["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["properties"]["code"].as_str().expect("code").to_string())
            .collect();
        c.sort();
        c
    };
    let county = app.bearer(341321, "leader").await;
    let r = app
        .get_with("/api/map/boundaries", &[("authorization", &county)])
        .await;
    assert_eq!(r.header("content-type"), Some("application/geo+json"));
    assert_eq!(codes(r.json()), vec!["341321"]);
    let city = app.bearer(341300, "leader").await;
    let r = app
        .get_with("/api/map/boundaries", &[("authorization", &city)])
        .await;
    assert_eq!(
        codes(r.json()),
        vec!["341302", "341321", "341322", "341323", "341324"]
    );
}
