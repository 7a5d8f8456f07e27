//! 一厂一档: one enterprise's dossier — header with risk and QR code, the reasons for its risk,
//! basics, permits, projects, monitoring points, location and timeline.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::dossier::{Dossier, TimelineKind};
use shared::format::{iso_date, iso_date_zh};
use shared::Lang;

use crate::context::{Locale, Session};
use crate::registry::pin_map::{Pin, PinMap};
use crate::ui::format::risk_badge;

/// The QR code of a URL as SVG markup (printable at any size).
pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

fn absolute(url: &str) -> String {
    if url.starts_with('/') {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        format!("{origin}{url}")
    } else {
        url.to_string()
    }
}

/// RFC 3339 time as a local 2026年11月23日 (the day is what matters on a timeline).
fn day_zh(rfc3339: &str, lang: Lang) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return iso_date_zh(rfc3339);
    }
    let (y, m, day) = (
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    );
    match lang {
        Lang::Zh => shared::format::date_zh(y, m, day),
        Lang::En => format!("{y}-{m:02}-{day:02}"),
    }
}

fn kind_class(k: TimelineKind) -> &'static str {
    match k {
        TimelineKind::Violation | TimelineKind::Penalty | TimelineKind::Alarm => "bad",
        TimelineKind::Complaint | TimelineKind::RiskChanged => "warn",
        _ => "info",
    }
}

fn scale_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "large" => lang.pick("大型", "Large"),
        "medium" => lang.pick("中型", "Medium"),
        "small" => lang.pick("小型", "Small"),
        _ => lang.pick("微型", "Micro"),
    }
}

#[component]
pub fn DossierPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let dossier = LocalResource::new(move || {
        let lang = locale.get();
        let (bureau, id) = params.with(|p| {
            (
                p.get("bureau").unwrap_or_default(),
                p.get("id").unwrap_or_default(),
            )
        });
        async move {
            let bureau: i64 = bureau.parse().unwrap_or_default();
            // Dossiers of assigned tasks are kept on the device (offline::my_tasks).
            crate::offline::cached(&format!("dossier:{bureau}:{id}"), || async {
                session
                    .call(lang, |api| {
                        let id = id.clone();
                        async move { api.dossier(bureau, &id).await }
                    })
                    .await
            })
            .await
        }
    });
    view! {
        <section class="page dossier-page">
            <p class="crumbs"><a href="/enterprises">{move || locale.t("‹ 污染源档案", "‹ Sources")}</a></p>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || dossier.get().map(|r| match r {
                    Err(e) => view! { <p class="notice" role="alert">{e.message(locale.get())}</p> }.into_any(),
                    Ok(d) => view! { <DossierView d=d/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DossierView(d: Dossier) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let can_assign = move || {
        session.0.with(|s| {
            s.as_ref().is_some_and(|s| {
                shared::policy::allows(&s.user.roles, shared::policy::Permission::AssignTasks)
            })
        })
    };
    let lang = locale.get();
    let e = d.enterprise.summary.clone();
    let (case_enterprise, case_party) = (e.id.clone(), e.name.clone());
    let detail = d.enterprise.clone();
    let url = absolute(&d.url);
    let qr = qr_svg(&url);
    let pins = Signal::stored(vec![Pin {
        latitude: e.latitude,
        longitude: e.longitude,
        risk: e.risk_level,
        title: e.name.clone(),
        href: d.url.clone(),
    }]);
    let print_qr = move |_| {
        if let Some(w) = web_sys::window() {
            if let Some(body) = w.document().and_then(|d| d.body()) {
                let _ = body.class_list().add_1("printing-qr");
                let _ = w.print();
                let _ = body.class_list().remove_1("printing-qr");
            }
        }
    };
    let geo = format!(
        "geo:{:.6},{:.6}?q={:.6},{:.6}",
        e.latitude, e.longitude, e.latitude, e.longitude
    );
    view! {
        <header class="dossier-head">
            <div class="dossier-title">
                <h1>{e.name.clone()}</h1>
                <p class="code">{lang.pick("统一社会信用代码 ", "Credit code ")}<strong>{e.credit_code.clone()}</strong></p>
                <p class="risk-line">
                    {risk_badge(d.risk.level, lang)}
                    <span class="score">{format!("{} {}", d.risk.score, lang.pick("分", "pts"))}</span>
                    <span class=format!("chip permit-{}", e.permit_status.code())>{e.permit_status.label(lang)}</span>
                    <span class="chip">{e.status.label(lang)}</span>
                </p>
                <div class="chips">{e.tags.iter().map(|t| view! { <span class="chip" title=t.category.clone()>{t.name.clone()}</span> }).collect_view()}</div>
            </div>
            <figure class="qr">
                <div class="qr-code" inner_html=qr.clone() aria-label=lang.pick("档案二维码", "Dossier QR code") role="img"></div>
                <figcaption>{lang.pick("扫码查看档案", "Scan to open")}
                    <button type="button" class="link" on:click=print_qr>{lang.pick("打印", "Print")}</button>
                </figcaption>
            </figure>
        </header>
        <Show when=can_assign>
            <crate::field::tasks::AssignTask bureau=e.bureau_id enterprise_id=e.id.clone()/>
        </Show>
        <crate::enforcement::new_case::DeskFileCase bureau=e.bureau_id enterprise_id=case_enterprise enterprise_name=case_party/>
        <div class="qr-print" aria-hidden="true">
            <div inner_html=qr></div>
            <p class="qr-print-name">{e.name.clone()}</p>
            <p>{e.credit_code.clone()}</p>
            <p class="qr-print-url">{url.clone()}</p>
        </div>

        <section class="card">
            <h2>{lang.pick("风险因素", "Risk factors")}</h2>
            {if d.risk.reasons.is_empty() {
                view! { <p class="muted">{lang.pick("近期无违法、处罚、投诉、报警记录，未计风险分", "No recent violations, penalties, complaints or alarms; no risk points")}</p> }.into_any()
            } else {
                view! { <ul class="reasons">{d.risk.reasons.iter().map(|r| view! {
                    <li><span>{r.factor.label(lang)}{(r.count > 1).then(|| format!(" × {}", r.count))}</span><span class="pts">{format!("+{}", r.points)}</span></li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>

        <section class="card">
            <h2>{lang.pick("基本信息", "Basics")}</h2>
            <dl class="facts">
                <dt>{lang.pick("法定代表人", "Legal representative")}</dt><dd>{e.legal_representative.clone()}</dd>
                <dt>{lang.pick("地址", "Address")}</dt><dd>{e.address.clone()}</dd>
                <dt>{lang.pick("行政区划", "Division")}</dt><dd>{e.division_code.clone()}</dd>
                <dt>{lang.pick("行业", "Industry")}</dt><dd>{format!("{} {}", e.industry_code, e.industry_name)}</dd>
                <dt>{lang.pick("规模", "Scale")}</dt><dd>{scale_label(&detail.scale, lang)}</dd>
                <dt>{lang.pick("联系人", "Contact")}</dt><dd>{detail.contact_name.clone().unwrap_or_default()}" "
                    {detail.contact_phone.clone().map(|p| view! { <a href=format!("tel:{p}")>{p.clone()}</a> })}</dd>
                <dt>{lang.pick("监管部门", "Supervised by")}</dt><dd>{detail.bureau_name.clone()}</dd>
                <dt>{lang.pick("建档日期", "Registered")}</dt><dd>{iso_date(lang, &detail.registered_on)}</dd>
            </dl>
        </section>

        <section class="card">
            <h2>{lang.pick("排污许可", "Discharge permits")}</h2>
            {if d.permits.is_empty() { view! { <p class="muted">{lang.pick("无排污许可证", "No permit")}</p> }.into_any() } else { view! {
                <ul class="rows">{d.permits.iter().map(|p| view! {
                    <li>
                        <div><strong class="mono">{p.number.clone()}</strong><span class=format!("chip permit-{}", p.status.code())>{p.status.label(lang)}</span></div>
                        <div class="muted">{p.category.label(lang)}" · "{iso_date(lang, &p.valid_from)}" – "{iso_date(lang, &p.valid_until)}" · "{p.issued_by.clone()}</div>
                    </li>
                }).collect_view()}</ul>
            }.into_any() }}
        </section>

        <section class="card">
            <h2>{lang.pick("建设项目", "Construction projects")}</h2>
            {if d.projects.is_empty() { view! { <p class="muted">{lang.pick("无建设项目记录", "No projects")}</p> }.into_any() } else { view! {
                <ul class="rows">{d.projects.iter().map(|p| view! {
                    <li>
                        <div><strong>{p.name.clone()}</strong><span class="chip">{p.stage.label(lang)}</span></div>
                        <div class="muted">{p.eia_category.label(lang)}" · "{p.eia_approval_no.clone()}" · "{lang.pick("批复于", "approved ")}{iso_date(lang, &p.eia_approved_on)}
                            {p.accepted_on.as_ref().map(|a| format!(" · {}{}", lang.pick("验收于", "accepted "), iso_date(lang, a)))}</div>
                    </li>
                }).collect_view()}</ul>
            }.into_any() }}
        </section>

        <section class="card">
            <h2>{lang.pick("监测点位", "Monitoring points")}</h2>
            {if d.monitoring_points.is_empty() { view! { <p class="muted">{lang.pick("无监测点位", "No monitoring points")}</p> }.into_any() } else { view! {
                <ul class="rows">{d.monitoring_points.iter().map(|p| view! {
                    <li>
                        <div><strong class="mono">{p.code.clone()}</strong>" "{p.name.clone()}<span class="chip">{p.kind.label(lang)}</span>
                            {p.online.then(|| view! { <span class="chip online">{lang.pick("在线监测", "Online")}</span> })}</div>
                        <div class="muted">{p.pollutants.clone()}</div>
                    </li>
                }).collect_view()}</ul>
            }.into_any() }}
        </section>

        <section class="card">
            <h2>{lang.pick("位置", "Location")}
                <a class="button secondary small" href=geo>{lang.pick("导航", "Navigate")}</a></h2>
            <p class="muted mono">{format!("{:.6}, {:.6} (WGS-84)", e.longitude, e.latitude)}</p>
            <PinMap pins=pins class="map map-small"/>
        </section>

        <section class="card">
            <h2>{lang.pick("档案时间轴", "Timeline")}</h2>
            <ol class="timeline">{d.timeline.iter().map(|t| view! {
                <li class=kind_class(t.kind)>
                    <time>{day_zh(&t.occurred_at, lang)}</time>
                    <div><span class="kind">{t.kind.label(lang)}</span>" "{t.title.clone()}</div>
                    {(!t.detail.is_empty()).then(|| view! { <div class="muted">{t.detail.clone()}</div> })}
                </li>
            }).collect_view()}</ol>
        </section>
    }
}
