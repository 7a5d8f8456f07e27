//! A jurisdiction is the own bureau and everything below it: never a sibling, never upward.

use axum::http::StatusCode;

use crate::common::TestApp;

#[tokio::test]
async fn overview_covers_exactly_the_jurisdiction() {
    let app = TestApp::with_demo(300).await;
    let overview = |t: String, q: &'static str| {
        let app = &app;
        async move {
            app.get_with(&format!("/api/org/overview{q}"), &[("authorization", &t)])
                .await
        }
    };

    let county = app.bearer(341321, "insp11").await;
    let mine = overview(county.clone(), "").await.json();
    let codes: Vec<_> = mine["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["bureau"]["division_code"].clone())
        .collect();
    assert_eq!(codes, ["341321"], "a county sees itself only");
    assert_eq!(mine["units"][0]["squads"], 2);
    // Sibling county and the city above are refused.
    assert_eq!(
        overview(county.clone(), "?bureau=341322").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        overview(county, "?bureau=341300").await.json()["message"],
        "无权进行此操作"
    );

    let city = app.bearer(341300, "leader").await;
    let all = overview(city.clone(), "").await.json();
    assert_eq!(
        all["units"].as_array().map(Vec::len),
        Some(6),
        "city and its five counties"
    );
    assert_eq!(
        all["enterprises"], 300,
        "every enterprise lies in some county of the city"
    );
    let narrowed = overview(city, "?bureau=341321").await.json();
    assert_eq!(narrowed["root"]["name"], "宿州市砀山县生态环境分局");
    assert_eq!(narrowed["enterprises"], mine["enterprises"]);

    let province = app.bearer(340000, "admin").await;
    assert_eq!(
        overview(province, "").await.json()["units"]
            .as_array()
            .map(Vec::len),
        Some(7)
    );
}
