//! 污染源地图: the jurisdiction's enterprises, clustered and coloured by risk, filtered like
//! the list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::query::EnterpriseSearch;
use shared::risk::RiskLevel;

use super::enterprises::FilterBar;
use super::pin_map::{Pin, PinMap};
use crate::context::{Locale, Session};

/// 污染源地图: the jurisdiction's enterprises, clustered and coloured by risk.
#[component]
pub fn MapPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let filters = RwSignal::new(EnterpriseSearch::default());
    let pins = RwSignal::new(Vec::<Pin>::new());
    let note = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let search = filters.get();
        let lang = locale.0.get_untracked();
        spawn_local(async move {
            match crate::offline::map_points(session, lang, search).await {
                Ok(m) => {
                    note.set(m.truncated.then(|| {
                        locale
                            .t(
                                "企业过多，仅显示前20000家，请缩小筛选范围",
                                "Too many: showing the first 20,000",
                            )
                            .to_string()
                    }));
                    pins.set(
                        m.points
                            .into_iter()
                            .map(|p| Pin {
                                latitude: p.latitude,
                                longitude: p.longitude,
                                risk: p.risk,
                                href: format!("/e/{}/{}", p.bureau_id, p.id),
                                title: p.name,
                            })
                            .collect(),
                    );
                }
                Err(e) => note.set(Some(e.message(lang))),
            }
        });
    });
    view! {
        <section class="page map-page">
            <div class="page-head">
                <h1>{move || locale.t("污染源地图", "Source map")}</h1>
                <div class="legend">
                    {RiskLevel::ALL.into_iter().map(|r| view! { <span class=format!("dot dot-{}", r.code())></span><span>{move || r.label(locale.get())}</span> }).collect_view()}
                    <span class="count">{move || format!("{} {}", pins.with(Vec::len), locale.t("家", "sites"))}</span>
                </div>
            </div>
            <FilterBar filters=filters/>
            <Show when=move || note.with(Option::is_some)><p class="notice">{move || note.get().unwrap_or_default()}</p></Show>
            <PinMap pins=pins cluster=true class="map map-full"/>
        </section>
    }
}
