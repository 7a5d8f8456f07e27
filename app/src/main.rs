//! Huanjian web app: Leptos client-side rendered, installable PWA.

mod api;
mod app;
mod context;
mod device;
mod offline;
mod pwa;

// The app by capability, as the API is: identity, org, registry, field, enforcement,
// monitoring; `ui` is shared.
mod enforcement;
mod field;
mod identity;
mod monitoring;
mod org;
mod registry;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    pwa::register_service_worker();
}
