//! 调度台地图: the open alarms (red) and the on-duty field force (green available, blue on a
//! task, grey when the position is stale) over the county outlines, on the map helpers of
//! app/src/registry/pin_map.rs. Markers are kept by key and moved or restyled in place on each
//! refresh, so a popup being read stays open; an alarm marker selects its alarm.

use std::collections::HashMap;

use leaflet::{
    GeoJson, Icon, LatLng, LatLngBounds, Layer, LayerGroup, Map, Marker, MarkerOptions, MouseEvent,
    MouseEvents,
};
use leptos::html::Div;
use leptos::prelude::*;
use shared::field_force::{age, ForceMember};
use shared::monitoring::AlarmView;
use shared::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::context::Locale;
use crate::registry::pin_map::{base_map, div_icon, escape, leaflet_loaded, obj, outline_bounds};

/// The field force as last fetched: the time of the fetch (Unix seconds) and the members.
pub type Force = (i64, Vec<ForceMember>);

type AlarmKey = (i64, String);

/// A marker kept between refreshes with what its icon was made from.
struct Kept {
    marker: Marker,
    look: String,
    at: (f64, f64),
}

fn icon(class: &str, size: u32) -> Icon {
    let side = js_sys::Array::of2(&size.into(), &size.into());
    div_icon(&obj(&[
        ("html", "<span></span>".into()),
        ("className", class.into()),
        ("iconSize", side.into()),
    ]))
    .unchecked_into()
}

fn call1(target: &JsValue, method: &str, arg: &JsValue) {
    if let Some(f) = js_sys::Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call1(target, arg);
    }
}

fn alarm_tip(a: &AlarmView, lang: Lang) -> String {
    format!(
        "<strong>{}</strong><br>{} · {}",
        escape(&a.enterprise_name),
        escape(&a.point_name),
        escape(&a.kind.headline(&a.pollutant_name, lang))
    )
}

fn force_popup(f: &ForceMember, now: i64, lang: Lang) -> String {
    let mut s = format!(
        "<div class=\"force-popup\"><strong>{}</strong><br>{}<br>{}",
        escape(&f.display_name),
        escape(if f.squad_name.is_empty() {
            "—"
        } else {
            &f.squad_name
        }),
        escape(f.status.label(lang)),
    );
    if f.open_tasks > 0 {
        s.push_str(&match lang {
            Lang::Zh => format!("（{}项任务）", f.open_tasks),
            Lang::En => format!(" ({} tasks)", f.open_tasks),
        });
    }
    if !f.purpose.is_empty() {
        s.push_str(&format!(
            "<br>{}{}",
            lang.pick("在岗事由：", "On duty for: "),
            escape(&f.purpose)
        ));
    }
    s.push_str(&format!(
        "<br>{}{}</div>",
        lang.pick("最后定位：", "Last seen: "),
        escape(&age(now - f.last_seen_at, lang))
    ));
    s
}

/// The observer of the map's box and what it calls.
type Observed = (web_sys::ResizeObserver, Closure<dyn Fn()>);

/// The desk's map: `alarms` (the open ones the list shows) and `force`; a click on an alarm's
/// marker opens the page `href` gives for its key (and, when `to_top`, scrolls up to it); a
/// click anywhere else picks that place (`on_place`, latitude and longitude), marked while it is
/// the `place`.
#[component]
pub fn DeskMap(
    #[prop(into)] alarms: Signal<Vec<AlarmView>>,
    #[prop(into)] force: Signal<Option<Force>>,
    #[prop(into)] selected: Signal<Option<(i64, String)>>,
    href: Callback<(i64, String), String>,
    to_top: fn() -> bool,
    #[prop(into)] place: Signal<Option<(f64, f64)>>,
    on_place: Callback<(f64, f64)>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let navigate = leptos_router::hooks::use_navigate();
    let node = NodeRef::<Div>::new();
    let map: StoredValue<Option<Map>, LocalStorage> = StoredValue::new_local(None);
    let outline: StoredValue<Option<GeoJson>, LocalStorage> = StoredValue::new_local(None);
    let alarm_layer: StoredValue<Option<LayerGroup>, LocalStorage> = StoredValue::new_local(None);
    let force_layer: StoredValue<Option<LayerGroup>, LocalStorage> = StoredValue::new_local(None);
    let place_mark: StoredValue<Option<Marker>, LocalStorage> = StoredValue::new_local(None);
    let resize: StoredValue<Option<Observed>, LocalStorage> = StoredValue::new_local(None);
    let alarm_marks: StoredValue<HashMap<AlarmKey, Kept>, LocalStorage> =
        StoredValue::new_local(HashMap::new());
    let force_marks: StoredValue<HashMap<String, Kept>, LocalStorage> =
        StoredValue::new_local(HashMap::new());
    // Fitted once to what there is to see (the outlines until there is something); after that
    // the dispatcher's pan and zoom stay: 0 not yet, 1 to the outlines, 2 to the markers.
    let fitted = StoredValue::new(0u8);
    let status = RwSignal::new(String::new());
    let loaded = leaflet_loaded(status);
    let created = RwSignal::new(false);

    // The selected alarm, brought into the map's view.
    let show_selected = move || {
        let at = selected
            .try_get_untracked()
            .flatten()
            .and_then(|key| alarm_marks.try_with_value(|k| k.get(&key).map(|k| k.at)))
            .flatten();
        map.try_with_value(|m| {
            if let (Some(m), Some((la, lo))) = (m, at) {
                into_view(m, la, lo);
            }
        });
    };

    let fit = move || {
        if fitted.get_value() == 2 {
            return;
        }
        map.with_value(|m| {
            let Some(m) = m else { return };
            let mut points: Vec<(f64, f64)> = alarms.with_untracked(|v| {
                v.iter()
                    .map(|a| (a.latitude, a.longitude))
                    .collect::<Vec<_>>()
            });
            force.with_untracked(|f| {
                if let Some((_, v)) = f {
                    points.extend(v.iter().map(|f| (f.latitude, f.longitude)));
                }
            });
            points
                .retain(|(la, lo)| la.is_finite() && lo.is_finite() && (*la != 0.0 || *lo != 0.0));
            // At once: a zoom still animating when an alarm is opened would end where it
            // was going, undoing the pan that brings the alarm into view.
            let options = obj(&[
                ("padding", js_sys::Array::of2(&28.into(), &28.into()).into()),
                ("maxZoom", 13.into()),
                ("animate", false.into()),
            ]);
            if let Some(first) = points.first() {
                let b = LatLngBounds::new(
                    &LatLng::new(first.0, first.1),
                    &LatLng::new(first.0, first.1),
                );
                for p in &points {
                    b.extend(&LatLng::new(p.0, p.1));
                }
                m.fit_bounds_with_options(&b, &options);
                fitted.set_value(2);
            } else if fitted.get_value() == 0 {
                if let Some(o) = outline.get_value() {
                    m.fit_bounds_with_options(
                        &outline_bounds(&o),
                        &obj(&[("animate", false.into())]),
                    );
                    fitted.set_value(1);
                }
            }
        });
    };

    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if !loaded.get() || map.with_value(Option::is_some) {
            return;
        }
        // Inside a county the click reaches its outline (which listens for clicks to show its
        // name), not the map: both pick the place.
        let pick = move |e: JsValue| {
            let at = e.unchecked_into::<MouseEvent>().lat_lng();
            on_place.run((at.lat(), at.lng()));
        };
        let on_outline = move || {
            fit();
            outline.with_value(|o| {
                if let Some(o) = o {
                    on(o, "click", pick);
                }
            });
        };
        if base_map(&el, map, outline, status, on_outline) {
            map.with_value(|m| {
                let Some(m) = m else { return };
                // The force underneath, the alarms on top.
                for layer in [force_layer, alarm_layer] {
                    let g = LayerGroup::new();
                    let l: &Layer = g.as_ref();
                    l.add_to(m);
                    layer.set_value(Some(g));
                }
                on(m, "click", pick);
            });
            // The map's box changes with the page (shorter beside an alarm's details, wider
            // when they close): Leaflet measures it again, keeping the selected alarm in view,
            // so that what is drawn is where it is and a click picks the place under it.
            let on_resize = Closure::<dyn Fn()>::new(move || {
                map.try_with_value(|m| {
                    if let Some(m) = m {
                        m.invalidate_size(false);
                    }
                });
                show_selected();
            });
            if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                observer.observe(&el);
                resize.set_value(Some((observer, on_resize)));
            }
            created.set(true);
        }
    });

    // The picked place: one marker, moved or removed with it.
    Effect::new(move |_| {
        let at = place.get();
        if !created.get() {
            return;
        }
        map.with_value(|m| {
            let Some(m) = m else { return };
            match (at, place_mark.get_value()) {
                (None, Some(old)) => {
                    old.remove();
                    place_mark.set_value(None);
                }
                (Some((lat, lng)), Some(old)) => old.set_lat_lng(&LatLng::new(lat, lng)),
                (Some((lat, lng)), None) => {
                    let options = MarkerOptions::new();
                    options.set_icon(icon("place-marker", 20));
                    options.set_interactive(false);
                    let marker = Marker::new_with_options(&LatLng::new(lat, lng), &options);
                    marker.add_to(m);
                    place_mark.set_value(Some(marker));
                }
                (None, None) => {}
            }
        });
    });

    // The alarms: added, moved, restyled (the selected one larger, on top) or removed.
    Effect::new(move |_| {
        let lang = locale.get();
        let list = alarms.get();
        let chosen = selected.get();
        if !created.get() {
            return;
        }
        let Some(group) = alarm_layer.get_value() else {
            return;
        };
        alarm_marks.update_value(|kept| {
            let keys: Vec<AlarmKey> = list.iter().map(|a| (a.bureau_id.0, a.id.clone())).collect();
            kept.retain(|k, m| {
                let stay = keys.contains(k);
                if !stay {
                    group.remove_layer(m.marker.as_ref());
                }
                stay
            });
            for a in &list {
                let key = (a.bureau_id.0, a.id.clone());
                let is_selected = chosen.as_ref() == Some(&key);
                let look = format!(
                    "alarm-marker alarm-marker--{}{}",
                    a.status.code(),
                    if is_selected {
                        " alarm-marker--selected"
                    } else {
                        ""
                    }
                );
                let size = if is_selected { 26 } else { 20 };
                let at = (a.latitude, a.longitude);
                let tip: JsValue = alarm_tip(a, lang).into();
                match kept.get_mut(&key) {
                    Some(k) => {
                        if k.at != at {
                            k.marker.set_lat_lng(&LatLng::new(at.0, at.1));
                            k.at = at;
                        }
                        if k.look != look {
                            k.marker.set_icon(&icon(&look, size));
                            k.marker
                                .set_z_index_offset(if is_selected { 2000.0 } else { 1000.0 });
                            k.look = look;
                        }
                        call1(&k.marker, "setTooltipContent", &tip);
                    }
                    None => {
                        let options = MarkerOptions::new();
                        options.set_icon(icon(&look, size));
                        options.set_keyboard(true);
                        options.set_alt(a.enterprise_name.clone());
                        options.set_z_index_offset(if is_selected { 2000.0 } else { 1000.0 });
                        let marker = Marker::new_with_options(&LatLng::new(at.0, at.1), &options);
                        let tip_options = obj(&[
                            ("direction", "top".into()),
                            (
                                "offset",
                                js_sys::Array::of2(&0.into(), &(-10).into()).into(),
                            ),
                            ("className", "alarm-tip".into()),
                        ]);
                        // leaflet-rs 0.5 binds this under a name Leaflet does not have.
                        if let Some(f) = js_sys::Reflect::get(&marker, &"bindTooltip".into())
                            .ok()
                            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                        {
                            let _ = f.call2(&marker, &tip, &tip_options);
                        }
                        let pick = key.clone();
                        let navigate = navigate.clone();
                        marker.on_click(Box::new(move |_| {
                            if let Some(to) = href.try_run(pick.clone()) {
                                navigate(&to, Default::default());
                                if to_top() {
                                    window().scroll_to_with_x_and_y(0.0, 0.0);
                                }
                            }
                        }));
                        group.add_layer(marker.as_ref());
                        kept.insert(key, Kept { marker, look, at });
                    }
                }
            }
        });
        fit();
    });

    // The field force: one marker per inspector, its colour the status.
    Effect::new(move |_| {
        let lang = locale.get();
        let Some((now, list)) = force.get() else {
            return;
        };
        if !created.get() {
            return;
        }
        let Some(group) = force_layer.get_value() else {
            return;
        };
        force_marks.update_value(|kept| {
            let key_of = |f: &ForceMember| format!("{}:{}", f.bureau_id.0, f.user_id);
            let keys: Vec<String> = list.iter().map(key_of).collect();
            kept.retain(|k, m| {
                let stay = keys.contains(k);
                if !stay {
                    group.remove_layer(m.marker.as_ref());
                }
                stay
            });
            for f in &list {
                let key = key_of(f);
                let look = format!("force-marker force-marker--{}", f.status.css());
                let at = (f.latitude, f.longitude);
                let popup: JsValue = force_popup(f, now, lang).into();
                match kept.get_mut(&key) {
                    Some(k) => {
                        if k.at != at {
                            k.marker.set_lat_lng(&LatLng::new(at.0, at.1));
                            k.at = at;
                        }
                        if k.look != look {
                            k.marker.set_icon(&icon(&look, 18));
                            k.look = look;
                        }
                        let l: &Layer = k.marker.as_ref();
                        l.set_popup_content(&popup);
                    }
                    None => {
                        let options = MarkerOptions::new();
                        options.set_icon(icon(&look, 18));
                        options.set_keyboard(true);
                        options.set_title(f.display_name.clone());
                        options.set_alt(f.display_name.clone());
                        let marker = Marker::new_with_options(&LatLng::new(at.0, at.1), &options);
                        let l: &Layer = marker.as_ref();
                        l.bind_popup_with_options(&popup, &JsValue::UNDEFINED);
                        group.add_layer(marker.as_ref());
                        kept.insert(key, Kept { marker, look, at });
                    }
                }
            }
        });
        fit();
    });

    // A newly selected alarm comes into view (without changing the zoom) once the page has
    // been laid out; when that changes the map's box, the resize above shows it again.
    Effect::new(move |prev: Option<Option<AlarmKey>>| {
        let chosen = selected.get();
        let ready = created.get();
        if ready && prev.as_ref() != Some(&chosen) {
            set_timeout(show_selected, std::time::Duration::from_millis(60));
        }
        if ready {
            chosen
        } else {
            None
        }
    });

    on_cleanup(move || {
        if let Some((observer, _)) = resize.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
        map.with_value(|m| {
            if let Some(m) = m {
                m.remove();
            }
        });
    });

    let members = move || force.with(|f| f.as_ref().map_or(0, |(_, v)| v.len()));
    let count = move |css: &'static str| {
        force.with(|f| {
            f.as_ref().map_or(0, |(_, v)| {
                v.iter().filter(|m| m.status.css() == css).count()
            })
        })
    };
    view! {
        <section class="card desk-map-card" aria-labelledby="desk-map-title">
            <div class="desk-map-head">
                <h2 id="desk-map-title">{move || locale.t("调度地图", "Dispatch map")}</h2>
                <div class="legend desk-legend">
                    <span class="key key-alarm"></span>
                    <span>{move || format!("{} {}", locale.t("报警", "Alarms"), alarms.with(Vec::len))}</span>
                    <Show when=move || force.with(Option::is_some)>
                        <span class="key key-available"></span>
                        <span>{move || format!("{} {}", locale.t("空闲", "Available"), count("available"))}</span>
                        <span class="key key-on-task"></span>
                        <span>{move || format!("{} {}", locale.t("执行任务中", "On a task"), count("on-task"))}</span>
                        <span class="key key-stale"></span>
                        <span>{move || format!("{} {}", locale.t("位置未更新", "Stale"), count("stale"))}</span>
                    </Show>
                </div>
            </div>
            <div class="map-frame">
                <div class="map desk-map" node_ref=node data-test="desk-map"
                    data-alarms=move || alarms.with(Vec::len).to_string()
                    data-force=move || members().to_string()
                    role="region" aria-label=move || locale.t("报警与执法力量地图", "Map of alarms and the field force")></div>
                <Show when=move || status.with(|s| !s.is_empty())>
                    <p class="map-status">{move || status.get()}</p>
                </Show>
            </div>
        </section>
    }
}

/// Listens for Leaflet's `event` on `target` (a map or a layer) for the page's lifetime.
fn on(target: &JsValue, event: &str, f: impl Fn(JsValue) + 'static) {
    let f = Closure::<dyn Fn(JsValue)>::new(f);
    if let Some(method) = js_sys::Reflect::get(target, &"on".into())
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok())
    {
        let _ = method.call2(target, &event.into(), f.as_ref());
    }
    f.forget();
}

/// Brings (`la`, `lo`) into `m`'s view, clear of its edges: when it lies outside, the view is
/// set afresh around it at the same zoom.
fn into_view(m: &Map, la: f64, lo: f64) {
    let at = LatLng::new(la, lo);
    let p = m.lat_lng_to_container_point(&at);
    let size = m.get_size();
    const EDGE: f64 = 24.0;
    let inside =
        p.x() >= EDGE && p.y() >= EDGE && p.x() <= size.x() - EDGE && p.y() <= size.y() - EDGE;
    if !inside {
        m.set_view_with_options(&at, m.get_zoom(), &obj(&[("reset", true.into())]));
    }
}
