//! `huanjian bench-dispatch`: latency of the desk's field-force reads through the real router
//! with many stored positions: the nearest on-duty inspectors to a place
//! (`GET /api/field-force/nearby`) and the live map's list (`GET /api/field-force`). Run it on a
//! scratch database seeded with the demo: it adds `--inspectors` certified inspectors of 埇桥区
//! (usernames `bench…`), puts them on duty scattered over 30 km around the county's centre and
//! stores `--fixes` positions of each (the history the nearest search must not read).

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use tower::ServiceExt;
use uuid::Uuid;

use super::bench::pct;
use crate::platform::entity::{app_user, duty, position};
use crate::platform::state::AppState;
use crate::platform::stored::roles_to_db;

const BUREAU: i64 = 341302;
/// 埇桥区, near its seat.
const CENTRE: (f64, f64) = (116.97, 33.64);
const SPREAD_M: f64 = 30_000.0;

fn offset(rng: &mut ChaCha8Rng) -> (f64, f64) {
    let (dx, dy) = (
        rng.gen_range(-SPREAD_M..SPREAD_M),
        rng.gen_range(-SPREAD_M..SPREAD_M),
    );
    (
        CENTRE.0 + dx / (111_195.0 * CENTRE.1.to_radians().cos()),
        CENTRE.1 + dy / 111_195.0,
    )
}

async fn setup(state: &AppState, inspectors: usize, fixes: usize) -> anyhow::Result<()> {
    let db = &state.db;
    let have = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(BUREAU))
        .filter(app_user::Column::Username.starts_with("bench"))
        .count(db)
        .await? as usize;
    let squad = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(BUREAU))
        .filter(app_user::Column::Username.eq("insp11"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("seed the demo first (huanjian seed)"))?
        .squad_id;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let now = time::OffsetDateTime::now_utc();
    let t = now.unix_timestamp();
    for chunk in (have..inspectors).collect::<Vec<_>>().chunks(100) {
        let txn = db.begin().await?;
        let mut users = Vec::new();
        let mut duties = Vec::new();
        let mut history = Vec::new();
        for &i in chunk {
            let id = Uuid::new_v5(
                &Uuid::NAMESPACE_OID,
                format!("bench-inspector-{i}").as_bytes(),
            );
            users.push(app_user::ActiveModel {
                bureau_id: Set(BUREAU),
                id: Set(id),
                squad_id: Set(squad),
                username: Set(format!("bench{i:05}")),
                display_name: Set(format!("测试{i:05}")),
                password_hash: Set("!".into()),
                roles: Set(roles_to_db(&[shared::Role::Inspector])),
                certificate_no: Set(Some(format!("皖BENCH{i:05}"))),
                certificate_valid_until: Set(Some(now.date() + time::Duration::days(365))),
                phone: Set(None),
                active: Set(true),
                must_change_password: Set(false),
                created_at: Set(now),
            });
            let (mut lon, mut lat) = offset(&mut rng);
            for k in (0..fixes).rev() {
                (lon, lat) = (
                    lon + rng.gen_range(-0.001..0.001),
                    lat + rng.gen_range(-0.001..0.001),
                );
                history.push(position::ActiveModel {
                    bureau_id: Set(BUREAU),
                    user_id: Set(id),
                    at: Set(t - 60 * k as i64),
                    longitude: Set(lon),
                    latitude: Set(lat),
                    accuracy_m: Set(Some(10.0)),
                });
            }
            duties.push(duty::ActiveModel {
                bureau_id: Set(BUREAU),
                user_id: Set(id),
                on_duty: Set(true),
                purpose: Set("日常巡查".into()),
                since: Set(Some(t - 60 * fixes as i64)),
                longitude: Set(Some(lon)),
                latitude: Set(Some(lat)),
                last_seen_at: Set(Some(t)),
            });
        }
        app_user::Entity::insert_many(users).exec(&txn).await?;
        duty::Entity::insert_many(duties).exec(&txn).await?;
        for part in history.chunks(1_000) {
            position::Entity::insert_many(part.to_vec())
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Sets up (idempotently), then times `queries` nearest searches at random places of the area
/// and as many map lists; returns a Markdown table.
pub async fn run(
    state: AppState,
    inspectors: usize,
    fixes: usize,
    queries: usize,
) -> anyhow::Result<String> {
    setup(&state, inspectors, fixes).await?;
    let stored = position::Entity::find()
        .filter(position::Column::BureauId.eq(BUREAU))
        .count(&state.db)
        .await?;
    let desk = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(BUREAU))
        .filter(app_user::Column::Username.eq("dispatch"))
        .one(&state.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo dispatcher"))?;
    let token = state
        .tokens
        .issue(desk.id, BUREAU, vec![shared::Role::Dispatcher])?;
    let router = crate::router(state.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let time = |path: String| {
        let router = router.clone();
        let token = token.clone();
        async move {
            let started = Instant::now();
            let r = router
                .oneshot(
                    Request::get(&path)
                        .header("authorization", format!("Bearer {token}"))
                        .body(Body::empty())?,
                )
                .await?;
            anyhow::ensure!(r.status() == StatusCode::OK, "{path}: {}", r.status());
            let body = axum::body::to_bytes(r.into_body(), usize::MAX).await?;
            Ok::<_, anyhow::Error>((started.elapsed(), body.len()))
        }
    };
    let mut near = Vec::with_capacity(queries);
    let mut found = 0usize;
    for _ in 0..queries {
        let (lon, lat) = offset(&mut rng);
        let (d, _) = time(format!(
            "/api/field-force/nearby?bureau_id={BUREAU}&longitude={lon}&latitude={lat}"
        ))
        .await?;
        near.push(d);
        found += 1;
    }
    let maps = (queries / 10).max(10);
    let mut map = Vec::with_capacity(maps);
    let mut bytes = 0;
    for _ in 0..maps {
        let (d, n) = time("/api/field-force".into()).await?;
        map.push(d);
        bytes = n;
    }
    near.sort();
    map.sort();
    let row = |name: &str, n: usize, s: &[Duration]| {
        format!(
            "| {name} | {n} | {:.1} | {:.1} | {:.1} | {:.1} |",
            pct(s, 0.50),
            pct(s, 0.95),
            pct(s, 0.99),
            s.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        )
    };
    Ok(format!(
        "{} on-duty inspectors, {stored} stored positions, backend {:?}\n\n\
         | request | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n{}\n{}\n\n\
         (map list: {bytes} bytes per reply; {found} nearest searches)",
        inspectors,
        state.db.get_database_backend(),
        row("GET /api/field-force/nearby", near.len(), &near),
        row("GET /api/field-force", map.len(), &map),
    ))
}
