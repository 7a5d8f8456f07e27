//! The demo jurisdiction: deterministic, realistic, inside its counties.

use crate::common::TestApp;
use api::demo::{self, DemoOptions};
use api::platform::entity::{app_user, bureau, enterprise};
use api::refdata::divisions as reference;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
use std::collections::HashSet;

#[tokio::test]
async fn demo_seed_builds_a_realistic_jurisdiction() {
    let app = TestApp::with_demo(400).await;
    let db = &app.state.db;
    let bureaus = bureau::Entity::find().all(db).await.expect("bureaus");
    let counties: Vec<_> = bureaus
        .iter()
        .filter(|b| b.level == "county")
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(
        counties,
        [
            "宿州市埇桥区生态环境分局",
            "宿州市砀山县生态环境分局",
            "宿州市萧县生态环境分局",
            "宿州市灵璧县生态环境分局",
            "宿州市泗县生态环境分局"
        ]
    );
    assert!(bureaus
        .iter()
        .filter(|b| b.level == "squad")
        .all(|s| s.path.starts_with("/340000/341300/34132")
            || s.path.starts_with("/340000/341300/341302/")));

    let users = app_user::Entity::find().all(db).await.expect("users");
    for b in bureaus.iter().filter(|b| b.level != "squad") {
        let here: Vec<_> = users.iter().filter(|u| u.bureau_id == b.id).collect();
        assert!(
            here.iter().any(|u| u.roles.contains("admin")),
            "{} has an admin",
            b.name
        );
        assert!(
            here.iter().any(|u| u.roles.contains("bureau_leader")),
            "{} has a leader",
            b.name
        );
        if b.level == "county" {
            let inspectors = here
                .iter()
                .filter(|u| u.roles.contains("inspector"))
                .count();
            assert!(inspectors >= 8, "{} has {inspectors} inspectors", b.name);
            assert!(here
                .iter()
                .filter(|u| u.roles.contains("inspector"))
                .all(|u| u.certificate_no.is_some() && u.squad_id.is_some()));
        }
    }

    let outlines = reference::outlines().expect("outlines");
    let rows = enterprise::Entity::find()
        .all(db)
        .await
        .expect("enterprises");
    assert_eq!(rows.len(), 400);
    let mut names = HashSet::new();
    for e in &rows {
        let code = shared::CreditCode::parse(&e.credit_code).expect("valid credit code");
        assert_eq!(code.division_part(), e.division_code);
        assert_eq!(
            e.bureau_id.to_string(),
            e.division_code,
            "owned by its county bureau"
        );
        let outline = outlines
            .iter()
            .find(|o| o.code == e.division_code)
            .expect("county outline");
        assert!(
            outline.contains(e.longitude, e.latitude),
            "{} at {},{} inside {}",
            e.name,
            e.longitude,
            e.latitude,
            e.division_code
        );
        assert!(e.address.starts_with("安徽省宿州市"), "{}", e.address);
        assert!(names.insert(e.name.clone()), "unique name {}", e.name);
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_reseeding_is_refused() {
    let a = TestApp::with_demo(30).await;
    let b = TestApp::with_demo(30).await;
    let names = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            enterprise::Entity::find()
                .order_by_asc(enterprise::Column::CreditCode)
                .all(&db)
                .await
                .expect("rows")
                .into_iter()
                .map(|e| (e.name, e.credit_code, e.id))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names(&a).await, names(&b).await);
    let again = demo::demo(&a.state.db, &DemoOptions::default())
        .await
        .expect("runs");
    assert!(
        again.is_none(),
        "an existing organisation is never reseeded"
    );
    assert_eq!(
        enterprise::Entity::find()
            .count(&a.state.db)
            .await
            .expect("count"),
        30
    );
}
