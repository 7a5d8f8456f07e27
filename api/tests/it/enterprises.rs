//! Enterprise search and dossier: scoped, searchable in Chinese, paged by keyset.

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::Value;

use crate::common::{enc, TestApp};

async fn search(app: &TestApp, auth: &str, query: &str) -> Value {
    let r = app
        .get_with(
            &format!("/api/enterprises?{query}"),
            &[("authorization", auth)],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{query}: {:?}",
        String::from_utf8_lossy(&r.bytes)
    );
    r.json()
}

#[tokio::test]
async fn search_is_scoped_chinese_aware_and_pages_by_keyset() {
    let app = TestApp::with_demo(300).await;
    let county = app.bearer(341321, "insp11").await;
    let city = app.bearer(341300, "leader").await;

    // Walk every page of the county: all its own, newest registration first, none twice.
    let mut seen = vec![];
    let mut cursors = vec![];
    let mut after = String::new();
    loop {
        let page = search(&app, &county, &format!("limit=7&after={after}")).await;
        for e in page["items"].as_array().expect("items") {
            assert_eq!(e["division_code"], "341321");
            seen.push((
                e["name"].as_str().expect("name").to_string(),
                e["id"].as_str().expect("id").to_string(),
            ));
        }
        match page["next"].as_str() {
            Some(n) => {
                cursors.push(n.parse::<i64>().expect("numeric cursor"));
                after = n.to_string();
            }
            None => break,
        }
    }
    let ids: HashSet<_> = seen.iter().map(|s| s.1.clone()).collect();
    assert_eq!(ids.len(), seen.len(), "no enterprise twice");
    assert!(
        cursors.windows(2).all(|w| w[0] > w[1]),
        "pages follow registration order: {cursors:?}"
    );
    let overview = app
        .get_with("/api/org/overview", &[("authorization", &county)])
        .await
        .json();
    assert_eq!(
        seen.len() as u64,
        overview["enterprises"].as_u64().expect("count"),
        "every enterprise of the county"
    );

    // A Chinese substring from the middle of a name finds it.
    let (name, id) = seen[3].clone();
    let middle: String = name.chars().skip(2).take(3).collect();
    let hits = search(&app, &county, &format!("q={}&limit=200", enc(&middle))).await;
    assert!(
        hits["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["id"] == id.as_str()),
        "{middle} finds {name}"
    );
    assert!(hits["items"].as_array().expect("items").iter().all(|e| {
        let text = format!("{}{}{}", e["name"], e["address"], e["legal_representative"]);
        text.contains(&middle)
    }));

    // The credit code's start, typed in full-width digits, finds it too.
    let detail = app
        .get_with(
            &format!("/api/enterprises/341321/{id}"),
            &[("authorization", &county)],
        )
        .await
        .json();
    let code = detail["enterprise"]["summary"]["credit_code"]
        .as_str()
        .expect("code")
        .to_string();
    let full_width: String = code
        .chars()
        .take(12)
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect();
    let by_code = search(&app, &county, &format!("q={}", enc(&full_width))).await;
    assert_eq!(by_code["items"][0]["credit_code"], code.as_str());
    assert!(detail["enterprise"]["summary"]["industry_name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));

    // Tag filter: every hit carries the tag.
    let vocs = search(&app, &city, "tag=vocs&limit=200").await;
    let items = vocs["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .any(|t| t["code"] == "vocs" && t["name"] == "涉VOCs")));

    // A sibling county neither finds nor opens 砀山's enterprises.
    let sibling = app.bearer(341322, "insp11").await;
    let none = search(&app, &sibling, &format!("q={}", enc(&name))).await;
    assert!(none["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|e| e["division_code"] == "341322"));
    let refused = app
        .get_with(
            &format!("/api/enterprises/341321/{id}"),
            &[("authorization", &sibling)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // The city sees it, and all five counties.
    let all = search(&app, &city, "limit=200").await;
    let counties: HashSet<_> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["division_code"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(counties.len(), 5);
    let bad = app
        .get_with(
            "/api/enterprises?after=garbage",
            &[("authorization", &city)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["message"], "翻页参数无效，请重新查询");

    let taxonomy = app
        .get_with("/api/tags", &[("authorization", &county)])
        .await
        .json();
    let categories = taxonomy.as_array().expect("categories");
    assert!(categories.len() >= 8);
    assert!(
        categories
            .iter()
            .map(|c| c["tags"].as_array().map_or(0, Vec::len))
            .sum::<usize>()
            >= 20
    );
}
