//! 任务逾期 (T1, T3): a task not done by its due day raises one alarm (on the enterprise's
//! timeline), the alarm repeats as the days pass and closes itself, with the reason, once the
//! task is submitted; the migration that made `alarm.point_id` nullable keeps older alarms.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::common::TestApp;
use api::monitoring::alarms::{overdue, OverdueSweep};
use api::platform::entity::{alarm, task, timeline_event};

const COUNTY: i64 = 341302;

async fn overdue_alarms(app: &TestApp, auth: &str, state: &str) -> Vec<Value> {
    app.get_with(
        &format!("/api/alarms?kind=overdue&state={state}&limit=1000"),
        &[("authorization", auth)],
    )
    .await
    .json()
    .as_array()
    .expect("a list")
    .clone()
}

#[tokio::test]
async fn an_overdue_task_raises_one_alarm_that_closes_when_the_task_is_submitted() {
    let app = TestApp::with_demo(30).await;
    let db = &app.state.db;
    let squad = app.bearer(COUNTY, "squad1").await;
    let admin = app.bearer(COUNTY, "admin").await;
    let leader = app.bearer(COUNTY, "leader").await;
    let users = app
        .get_with("/api/users", &[("authorization", &admin)])
        .await
        .json();
    let id = |name: &str| {
        users
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["username"] == name)
            .expect("user")["id"]
            .clone()
    };
    let e = app
        .get_with(
            "/api/enterprises?division=341302&limit=1",
            &[("authorization", &squad)],
        )
        .await
        .json()["items"][0]
        .clone();
    let now = OffsetDateTime::now_utc();
    let due = (now + Duration::days(1)).date();
    let made = app
        .post_json(
            "/api/tasks",
            &json!({ "enterprise_bureau_id": COUNTY, "enterprise_id": e["id"],
                "due_on": due.to_string(), "inspector_ids": [id("insp11"), id("insp12")],
                "note": "废水排放口复查" }),
            &[("authorization", &squad)],
        )
        .await;
    assert!(made.status.is_success(), "{:?}", made.json());
    let task_id = made.json()["id"].as_str().expect("task id").to_string();
    let ours = |list: &[Value]| -> Vec<Value> {
        list.iter()
            .filter(|a| a["overdue_task_id"] == task_id.as_str())
            .cloned()
            .collect()
    };

    // Not yet due: no alarm for it, whatever else of the demo is overdue.
    overdue(db, now).await.expect("sweep");
    assert!(ours(&overdue_alarms(&app, &leader, "open").await).is_empty());

    // Two days after its due day (China time): one alarm, new, at the enterprise's place.
    let later = now + Duration::days(3);
    let first = overdue(db, later).await.expect("sweep");
    assert!(first.raised >= 1, "{first:?}");
    let open = ours(&overdue_alarms(&app, &leader, "open").await);
    assert_eq!(open.len(), 1, "{open:?}");
    let a = &open[0];
    assert_eq!(a["kind"], "overdue");
    assert_eq!(a["status"], "new");
    assert_eq!(a["point_id"], "");
    assert_eq!(a["point_name"], "执法任务：废水排放口复查");
    assert_eq!(a["enterprise_name"], e["name"]);
    assert_eq!(a["longitude"], e["longitude"]);
    let days = (later.to_offset(time::macros::offset!(+8)).date() - due).whole_days();
    let expected = format!(
        "执法任务应于{}年{}月{}日前完成，已逾期 {days} 天（待执行）",
        due.year(),
        u8::from(due.month()),
        due.day()
    );
    assert_eq!(a["detail"], expected.as_str());
    let alarm_id = a["id"].as_str().expect("id").to_string();
    // On the enterprise's timeline, once.
    let events = || async {
        timeline_event::Entity::find()
            .filter(timeline_event::Column::RefId.eq(format!("alarm:{alarm_id}")))
            .count(db)
            .await
            .expect("count")
    };
    assert_eq!(events().await, 1);
    // Its detail opens without a trend (no point, no readings).
    let detail = app
        .get_with(
            &format!("/api/alarms/{COUNTY}/{alarm_id}"),
            &[("authorization", &leader)],
        )
        .await;
    assert!(detail.status.is_success(), "{:?}", detail.json());
    assert_eq!(detail.json()["trend"]["points"], json!([]));

    // The same sweep again (another instance, the next hour): nothing new.
    let again = overdue(db, later).await.expect("sweep");
    assert_eq!(again, OverdueSweep::default());
    assert_eq!(ours(&overdue_alarms(&app, &leader, "open").await).len(), 1);

    // A day later it repeats: one more day overdue, one more hit, still one alarm.
    overdue(db, later + Duration::days(1)).await.expect("sweep");
    let open = ours(&overdue_alarms(&app, &leader, "open").await);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["hits"], 2);
    assert!(open[0]["detail"]
        .as_str()
        .expect("detail")
        .contains(&format!("已逾期 {} 天", days + 1)));
    assert_eq!(events().await, 1);

    // Another county's leader does not see it.
    let other = app.bearer(341321, "leader").await;
    assert!(ours(&overdue_alarms(&app, &other, "all").await).is_empty());

    // The inspectors submit it: the next sweep closes the alarm with the reason.
    let tid: uuid::Uuid = task_id.parse().expect("uuid");
    task::Entity::update(task::ActiveModel {
        bureau_id: Set(COUNTY),
        id: Set(tid),
        status: Set("submitted".into()),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("submitted");
    let closing = overdue(db, later + Duration::days(1)).await.expect("sweep");
    assert!(closing.closed >= 1, "{closing:?}");
    assert!(ours(&overdue_alarms(&app, &leader, "open").await).is_empty());
    let closed = ours(&overdue_alarms(&app, &leader, "closed").await);
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0]["status"], "closed");
    assert_eq!(closed[0]["closed_reason"], "任务已提交（待审核），自动关闭");
    // Closed stays closed: a later sweep neither reopens it nor raises another.
    overdue(db, later + Duration::days(2)).await.expect("sweep");
    assert_eq!(ours(&overdue_alarms(&app, &leader, "all").await).len(), 1);
    let rows = alarm::Entity::find()
        .filter(alarm::Column::OverdueTaskId.eq(tid))
        .order_by_asc(alarm::Column::OpenedAt)
        .all(db)
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].point_id.is_none());
}

#[tokio::test]
async fn the_migration_to_pointless_alarms_keeps_the_alarms_before_it() {
    use api::platform::migration::Migrator;
    use sea_orm::{ConnectionTrait, Database};
    use sea_orm_migration::MigratorTrait;
    let (url, _dir) = crate::common::fresh_database_url().await;
    let db = Database::connect(&url).await.expect("connect");
    // Every migration before the overdue one, and an alarm of a point as the gateway made it.
    let before = Migrator::migrations().len() as u32 - 1;
    Migrator::up(&db, Some(before)).await.expect("older schema");
    let (bureau, id, point) = (COUNTY, uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    db.execute(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO alarm (bureau_id, id, enterprise_id, point_id, pollutant, kind, status, \
         opened_at, last_at, peak, threshold, unit, hits, detail) \
         VALUES ($1, $2, $3, $4, 'w01018', 'exceed_rtd', 'new', 100, 200, 250.0, 100.0, 'mg/L', 3, 'COD')",
        [bureau.into(), id.into(), uuid::Uuid::now_v7().into(), point.into()],
    ))
    .await
    .expect("an older alarm");
    Migrator::up(&db, None)
        .await
        .expect("the overdue migration");
    let kept = alarm::Entity::find_by_id((bureau, id))
        .one(&db)
        .await
        .expect("read")
        .expect("the alarm is kept");
    assert_eq!(kept.point_id, Some(point));
    assert_eq!(kept.hits, 3);
    assert_eq!(kept.peak, Some(250.0));
    assert_eq!(kept.overdue_task_id, None);
    // The one-open-alarm rule of points still holds after the rebuild.
    let repeat = db
        .execute(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO alarm (bureau_id, id, enterprise_id, point_id, pollutant, kind, status, \
             opened_at, last_at, unit, hits, detail) \
             VALUES ($1, $2, $3, $4, 'w01018', 'exceed_rtd', 'new', 300, 300, 'mg/L', 1, 'COD')",
            [
                bureau.into(),
                uuid::Uuid::now_v7().into(),
                uuid::Uuid::now_v7().into(),
                point.into(),
            ],
        ))
        .await;
    assert!(
        repeat.is_err(),
        "a second open alarm of the same point and kind"
    );
}
