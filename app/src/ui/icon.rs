//! Line icons drawn inline (no icon font, no emoji font needed on the device).

use leptos::prelude::*;

pub fn icon(name: &'static str) -> impl IntoView {
    let d = match name {
        "home" => "M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10",
        "users" => "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6",
        "audit" => "M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5zM8.5 12l2.5 2.5 4.5-5",
        "device" => "M7 2h10a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
        "devices" => "M4 5h11v9H4zM2 17h15M18 8h4v11h-4zM19.5 16h1",
        "factory" => "M3 21V10l5 3V10l5 3V6h3l1 7h3v8zM7 17h2M12 17h2M17 17h1",
        "checklist" => "M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12l2 2 4-4M8 18h8",
        "map" => "M9 4L3 6v14l6-2 6 2 6-2V4l-6 2zM9 4v14M15 6v14",
        "case" => "M4 7h16v13H4zM9 7V4h6v3M4 12h16M11 12v2h2v-2",
        "scale" => "M12 3v18M7 21h10M5 7h14M5 7l-3 7a3 3 0 0 0 6 0zM19 7l-3 7a3 3 0 0 0 6 0z",
        "calendar" => "M4 5h16v16H4zM4 10h16M8 3v4M16 3v4M8 14h2M14 14h2M8 17h2",
        _ => "",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor"
            stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            <path d=d/>
        </svg>
    }
}

/// The app's mark (app/public/icons/icon.svg, the installed app's icon) drawn inline: the
/// first screen paints it with the page, without a request of its own.
pub fn logo(size: u32) -> impl IntoView {
    view! {
        <svg class="logo" viewBox="0 0 512 512" width=size.to_string() height=size.to_string() aria-hidden="true">
            <defs><linearGradient id="hj-logo-g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#12906a"/><stop offset="1" stop-color="#0a5c44"/></linearGradient></defs>
            <rect width="512" height="512" rx="112" fill="url(#hj-logo-g)"/>
            <path d="M256 92C378 158 404 306 256 420C108 306 134 158 256 92Z" fill="#fff"/>
            <path d="M256 150V392M256 250L320 204M256 310L204 262M256 206L212 176" stroke="#0d7455" stroke-width="16" stroke-linecap="round" fill="none"/>
        </svg>
    }
}
