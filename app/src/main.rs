//! Huanjian web app: Leptos client-side rendered, installable PWA.

mod api;
mod app;
mod components;
mod context;
mod device;
mod offline;
mod pages;
mod pwa;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
    pwa::register_service_worker();
}
