//! Maps through leaflet-rs. Leaflet and its cluster plugin are served by us (from the npm
//! packages, see index.html) and fetched when the first map mounts (app/js/leaflet.js); the
//! tile source is configuration. Underneath the markers the map
//! always draws the county outlines served by the API, so with no tile server reachable (or
//! none configured) it still shows where things are instead of a grey box.

use leaflet::{CircleMarker, GeoJson, LatLng, LatLngBounds, Map, MapOptions, TileLayer};
use leptos::html::Div;
use leptos::prelude::*;
use shared::risk::RiskLevel;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::context::{Locale, Session};

/// One enterprise on a map.
#[derive(Clone, Debug, PartialEq)]
pub struct Pin {
    pub latitude: f64,
    pub longitude: f64,
    pub risk: RiskLevel,
    pub title: String,
    pub href: String,
}

#[wasm_bindgen(module = "/js/leaflet.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadLeaflet, catch)]
    async fn load_leaflet() -> Result<(), JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = L, js_name = markerClusterGroup)]
    fn marker_cluster_group(options: &JsValue) -> leaflet::LayerGroup;
    // leaflet-rs 0.5's DivIcon constructs an L.Icon; call the factory itself.
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    pub(crate) fn div_icon(options: &JsValue) -> JsValue;
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    fn geo_json(data: &JsValue, options: &JsValue) -> GeoJson;
}

pub fn risk_colour(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::Red => "#d0342c",
        RiskLevel::Yellow => "#e0a100",
        RiskLevel::Green => "#1f8a5b",
    }
}

pub(crate) fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The cluster icon: the count in a disc coloured by the worst risk inside.
fn cluster_icon() -> Closure<dyn Fn(JsValue) -> JsValue> {
    Closure::wrap(Box::new(|cluster: JsValue| -> JsValue {
        let call = |name: &str| -> JsValue {
            js_sys::Reflect::get(&cluster, &JsValue::from_str(name))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&cluster).ok())
                .unwrap_or(JsValue::UNDEFINED)
        };
        let count = call("getChildCount").as_f64().unwrap_or(0.0) as u32;
        let children: js_sys::Array = call("getAllChildMarkers").unchecked_into();
        let mut worst = 0;
        for m in children.iter() {
            let risk = js_sys::Reflect::get(&m, &JsValue::from_str("options"))
                .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("risk")))
                .ok()
                .and_then(|r| r.as_string())
                .unwrap_or_default();
            worst = worst.max(match risk.as_str() {
                "red" => 2,
                "yellow" => 1,
                _ => 0,
            });
        }
        let class = ["green", "yellow", "red"][worst];
        let size = if count < 100 {
            34
        } else if count < 1000 {
            42
        } else {
            50
        };
        let side = js_sys::Array::of2(&size.into(), &size.into());
        div_icon(&obj(&[
            ("html", format!("<span>{count}</span>").into()),
            ("className", format!("cluster cluster-{class}").into()),
            ("iconSize", side.into()),
        ]))
    }))
}

/// Leaflet is not part of the app's first download: true once it is here (app/js/leaflet.js);
/// `status` says so when it could not load.
pub(crate) fn leaflet_loaded(status: RwSignal<String>) -> RwSignal<bool> {
    let locale = expect_context::<Locale>();
    let loaded = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        match load_leaflet().await {
            Ok(()) => {
                loaded.try_set(true);
            }
            Err(_) => {
                status.try_set(
                    locale
                        .0
                        .get_untracked()
                        .pick("地图组件未能加载", "The map could not load")
                        .into(),
                );
            }
        }
    });
    loaded
}

/// The extent of the county outlines (the demo jurisdiction's when they have none).
pub(crate) fn outline_bounds(o: &GeoJson) -> LatLngBounds {
    js_sys::Reflect::get(o, &"getBounds".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(o).ok())
        .map(JsCast::unchecked_into)
        .unwrap_or_else(|| LatLngBounds::new(&LatLng::new(33.2, 116.3), &LatLng::new(34.7, 118.2)))
}

/// A map in `el` (kept in `map`, Leaflet already loaded) over the configured tiles and the
/// county outlines (kept in `outline`; `on_outline` runs once they are drawn). False, with
/// `status` saying so, when Leaflet could not make it.
pub(crate) fn base_map(
    el: &web_sys::HtmlElement,
    map: StoredValue<Option<Map>, LocalStorage>,
    outline: StoredValue<Option<GeoJson>, LocalStorage>,
    status: RwSignal<String>,
    on_outline: impl FnOnce() + 'static,
) -> bool {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let options = MapOptions::new();
    options.set_zoom_snap(0.5);
    options.set_center(LatLng::new(33.65, 117.0));
    options.set_zoom(8.0);
    // Clustering needs a maximum zoom even when no tile layer sets one.
    options.set_min_zoom(5.0);
    options.set_max_zoom(18.0);
    let Ok(m) = Map::new_with_element(el, &options) else {
        status.set(
            locale
                .t("地图组件未能加载", "The map could not load")
                .into(),
        );
        return false;
    };
    // A plain text credit, without the flag Leaflet 1.9 adds by default.
    if let Some(control) = js_sys::Reflect::get(&m, &"attributionControl".into()).ok() {
        if let Some(f) = js_sys::Reflect::get(&control, &"setPrefix".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let _ = f.call1(&control, &"Leaflet".into());
        }
    }
    map.set_value(Some(m));
    let lang = locale.0.get_untracked();
    leptos::task::spawn_local(async move {
        // Kept on the device: the map opens offline (outlines and sites, no tiles).
        let cfg = crate::offline::cached("map:config", || async {
            session
                .call(lang, |api| async move { api.map_config().await })
                .await
        })
        .await;
        if let Ok(cfg) = cfg {
            if let Some(url) = cfg.tiles {
                let opts = leaflet::TileLayerOptions::new();
                opts.set_attribution(cfg.attribution);
                opts.set_max_zoom(18.0);
                map.with_value(|m| {
                    if let Some(m) = m {
                        TileLayer::new_options(&url, &opts).add_to(m);
                    }
                });
            }
        }
        let outlines = crate::offline::cached("map:boundaries", || async {
            session
                .call(lang, |api| async move { api.boundaries().await })
                .await
        })
        .await;
        match outlines {
            Ok(text) => {
                if let Ok(data) = js_sys::JSON::parse(&text) {
                    let style = obj(&[
                        ("color", "#0d7455".into()),
                        ("weight", 1.5.into()),
                        ("fillColor", "#dfeee6".into()),
                        ("fillOpacity", 0.55.into()),
                    ]);
                    let on_each = Closure::wrap(Box::new(|feature: JsValue, layer: JsValue| {
                        let name = js_sys::Reflect::get(&feature, &"properties".into())
                            .and_then(|p| js_sys::Reflect::get(&p, &"name".into()))
                            .ok()
                            .and_then(|n| n.as_string())
                            .unwrap_or_default();
                        // leaflet-rs 0.5 binds this under a name Leaflet does not have.
                        if let Some(f) = js_sys::Reflect::get(&layer, &"bindTooltip".into())
                            .ok()
                            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                        {
                            let _ = f.call2(
                                &layer,
                                &name.into(),
                                &obj(&[
                                    ("sticky", true.into()),
                                    ("className", "county-tip".into()),
                                ]),
                            );
                        }
                    })
                        as Box<dyn Fn(JsValue, JsValue)>);
                    let g = geo_json(
                        &data,
                        &obj(&[
                            ("style", style),
                            ("onEachFeature", on_each.as_ref().clone()),
                        ]),
                    );
                    on_each.forget();
                    map.with_value(|m| {
                        if let Some(m) = m {
                            g.add_to(m);
                            let pane: JsValue = g.clone().into();
                            let _ = js_sys::Reflect::get(&pane, &"bringToBack".into())
                                .ok()
                                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                                .map(|f| f.call0(&pane));
                        }
                    });
                    outline.set_value(Some(g));
                    on_outline();
                }
            }
            Err(_) => status.set(
                locale
                    .t(
                        "行政区划边界暂不可用（离线）",
                        "Boundaries unavailable (offline)",
                    )
                    .into(),
            ),
        }
    });
    true
}

/// A map of `pins` over the county outlines; clustered when `cluster` is set. Fits the pins
/// (or the outlines when there are none).
#[component]
pub fn PinMap(
    #[prop(into)] pins: Signal<Vec<Pin>>,
    #[prop(default = false)] cluster: bool,
    #[prop(default = "map")] class: &'static str,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let node = NodeRef::<Div>::new();
    let map: StoredValue<Option<Map>, LocalStorage> = StoredValue::new_local(None);
    let layer: StoredValue<Option<leaflet::LayerGroup>, LocalStorage> =
        StoredValue::new_local(None);
    let outline: StoredValue<Option<GeoJson>, LocalStorage> = StoredValue::new_local(None);
    let status = RwSignal::new(String::new());
    let loaded = leaflet_loaded(status);
    let created = RwSignal::new(false);

    let fit = move || {
        map.with_value(|m| {
            let Some(m) = m else { return };
            let list = pins.get_untracked();
            if list.len() == 1 {
                m.set_view(&LatLng::new(list[0].latitude, list[0].longitude), 12.0);
            } else if !list.is_empty() {
                let b = LatLngBounds::new(
                    &LatLng::new(list[0].latitude, list[0].longitude),
                    &LatLng::new(list[0].latitude, list[0].longitude),
                );
                for p in &list {
                    b.extend(&LatLng::new(p.latitude, p.longitude));
                }
                m.fit_bounds(&b);
            } else if let Some(o) = outline.get_value() {
                m.fit_bounds(&outline_bounds(&o));
            }
        });
    };

    // Create the map once the element and Leaflet exist.
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if !loaded.get() || map.with_value(Option::is_some) {
            return;
        }
        if base_map(&el, map, outline, status, move || {
            if pins.get_untracked().is_empty() {
                fit();
            }
        }) {
            created.set(true);
        }
    });

    // (Re)draw the pins whenever they change (and once the map exists).
    Effect::new(move |_| {
        let list = pins.get();
        if node.get().is_none() || !created.get() {
            return;
        }
        map.with_value(|m| {
            let Some(m) = m else { return };
            if let Some(old) = layer.get_value() {
                old.remove();
            }
            let group = if cluster {
                let icon = cluster_icon();
                let g = marker_cluster_group(&obj(&[
                    ("chunkedLoading", true.into()),
                    ("showCoverageOnHover", false.into()),
                    ("maxClusterRadius", 50.into()),
                    ("iconCreateFunction", icon.as_ref().clone()),
                ]));
                icon.forget();
                g
            } else {
                leaflet::LayerGroup::new()
            };
            for p in &list {
                let colour = risk_colour(p.risk);
                let marker = CircleMarker::new_with_options(
                    &LatLng::new(p.latitude, p.longitude),
                    &obj(&[
                        ("radius", 8.into()),
                        ("color", "#ffffff".into()),
                        ("weight", 2.into()),
                        ("fillColor", colour.into()),
                        ("fillOpacity", 0.95.into()),
                        ("risk", p.risk.code().into()),
                    ]),
                );
                marker.bind_popup_with_options(
                    &format!(
                        "<a class=\"map-link\" href=\"{}\">{}</a>",
                        escape(&p.href),
                        escape(&p.title)
                    )
                    .into(),
                    &JsValue::UNDEFINED,
                );
                let layer: &leaflet::Layer = marker.unchecked_ref();
                layer.add_to_layer_group(&group);
            }
            let as_layer: &leaflet::Layer = group.as_ref();
            as_layer.add_to(m);
            layer.set_value(Some(group));
        });
        fit();
    });

    on_cleanup(move || {
        map.with_value(|m| {
            if let Some(m) = m {
                m.remove();
            }
        });
    });

    view! {
        <div class="map-frame">
            <div class=class node_ref=node role="region" aria-label=move || locale.t("地图", "Map")></div>
            <Show when=move || status.with(|s| !s.is_empty())>
                <p class="map-status">{move || status.get()}</p>
            </Show>
        </div>
    }
}
