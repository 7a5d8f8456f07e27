//! `huanjian bench`: latency of enterprise search and dossier GET through the real router,
//! against whatever database the configuration names (seed it first; see docs/benchmarks.md).
//!
//! Queries are drawn deterministically from the data itself: fragments of names and addresses,
//! legal representatives, credit-code prefixes, filters alone and combined, single characters
//! and second pages. Each class reports p50/p95/p99/max in milliseconds.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use tower::ServiceExt;

use crate::platform::entity::enterprise;
use crate::platform::state::AppState;

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn window(s: &str, from: usize, len: usize) -> String {
    s.chars().skip(from).take(len).collect()
}

pub(crate) fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

pub async fn run(state: AppState, samples: usize) -> anyhow::Result<String> {
    let router = crate::router(state.clone());
    let login = serde_json::json!({ "bureau_id": 341300, "username": "leader", "password": crate::demo::DEMO_PASSWORD });
    let r = router
        .clone()
        .oneshot(
            Request::post("/api/auth/login")
                .header("content-type", "application/json")
                .body(Body::from(login.to_string()))?,
        )
        .await?;
    let body = axum::body::to_bytes(r.into_body(), usize::MAX).await?;
    let token: serde_json::Value = serde_json::from_slice(&body)?;
    let auth = format!(
        "Bearer {}",
        token["access_token"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("sign-in failed: {token}"))?
    );
    let max_seq = enterprise::Entity::find()
        .order_by_desc(enterprise::Column::Seq)
        .one(&state.db)
        .await?
        .map(|e| e.seq)
        .ok_or_else(|| anyhow::anyhow!("no enterprises: seed first"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut picked = Vec::new();
    while picked.len() < samples {
        let seq = rng.gen_range(1..=max_seq);
        if let Some(e) = enterprise::Entity::find()
            .filter(enterprise::Column::Seq.eq(seq))
            .one(&state.db)
            .await?
        {
            picked.push(e);
        }
    }
    let tags = [
        "key_source",
        "vocs",
        "water",
        "hazardous_waste",
        "online_monitoring",
    ];
    let risks = ["red", "yellow"];
    let mut queries: Vec<(&str, String)> = Vec::new();
    for (i, e) in picked.iter().enumerate() {
        let name_len = e.name.chars().count();
        let frag = window(&e.name, name_len / 3, 2 + i % 3);
        let addr = window(&e.address, e.address.chars().count() / 2, 3);
        let county = &e.division_code;
        queries.push(("name fragment (2-4 chars)", format!("q={}", enc(&frag))));
        queries.push(("address fragment", format!("q={}", enc(&addr))));
        queries.push((
            "legal representative",
            format!("q={}", enc(&e.legal_representative)),
        ));
        queries.push((
            "credit code prefix",
            format!("q={}", &e.credit_code[..10 + i % 6]),
        ));
        queries.push(("full name", format!("q={}", enc(&e.name))));
        queries.push((
            "text + county + risk",
            format!(
                "q={}&division={county}&risk={}",
                enc(&window(&e.name, name_len / 3, 2)),
                risks[i % 2]
            ),
        ));
        queries.push((
            "filters only",
            format!(
                "division={county}&tag={}&risk={}",
                tags[i % tags.len()],
                risks[i % 2]
            ),
        ));
        queries.push((
            "single character",
            format!("q={}", enc(&window(&e.name, name_len / 2, 1))),
        ));
    }
    let send = |uri: String| {
        let router = router.clone();
        let auth = auth.clone();
        async move {
            let started = Instant::now();
            let r = router
                .oneshot(
                    Request::get(&uri)
                        .header("authorization", &auth)
                        .body(Body::empty())?,
                )
                .await?;
            let status = r.status();
            let body = axum::body::to_bytes(r.into_body(), usize::MAX).await?;
            anyhow::ensure!(
                status == StatusCode::OK,
                "{uri}: {status} {}",
                String::from_utf8_lossy(&body)
            );
            Ok::<_, anyhow::Error>((started.elapsed(), body))
        }
    };
    // Warm the caches the way a running server is warm.
    for (_, q) in queries.iter().take(100) {
        send(format!("/api/enterprises?{q}")).await?;
    }
    let mut times: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut hits: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (class, q) in &queries {
        let (t, body) = send(format!("/api/enterprises?{q}")).await?;
        times.entry(class).or_default().push(t);
        let page: serde_json::Value = serde_json::from_slice(&body)?;
        let h = hits.entry(class).or_default();
        h.0 += 1;
        if !page["items"].as_array().map(Vec::is_empty).unwrap_or(true) {
            h.1 += 1;
        }
        // The second page of broad queries.
        if let Some(next) = page["next"].as_str() {
            if *class == "name fragment (2-4 chars)" || *class == "filters only" {
                let (t2, _) = send(format!("/api/enterprises?{q}&after={next}")).await?;
                times.entry("second page").or_default().push(t2);
            }
        }
    }
    for e in &picked {
        let (t, _) = send(format!("/api/enterprises/{}/{}", e.bureau_id, e.id)).await?;
        times.entry("dossier GET").or_default().push(t);
    }
    let mut all_search: Vec<Duration> = times
        .iter()
        .filter(|(k, _)| **k != "dossier GET")
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    all_search.sort();
    let mut out = String::new();
    out.push_str(&format!(
        "enterprises: {max_seq}; sampled: {}; database: {:?}\n\n",
        picked.len(),
        state.db.get_database_backend()
    ));
    out.push_str("| class | n | found | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
    for (class, v) in times.iter_mut() {
        v.sort();
        let found = hits
            .get(class)
            .map(|(n, f)| format!("{f}/{n}"))
            .unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "| {class} | {} | {found} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
            v.len(),
            pct(v, 0.50),
            pct(v, 0.95),
            pct(v, 0.99),
            pct(v, 1.0)
        ));
    }
    out.push_str(&format!(
        "| **all searches** | {} | | {:.2} | {:.2} | {:.2} | {:.2} |\n",
        all_search.len(),
        pct(&all_search, 0.50),
        pct(&all_search, 0.95),
        pct(&all_search, 0.99),
        pct(&all_search, 1.0)
    ));
    Ok(out)
}
