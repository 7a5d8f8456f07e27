//! The root component: contexts, routes and the signed-in shell.
//!
//! The login page and the home screen are in the first download; every other page is compiled
//! into one of five wasm files (`lazy_page!`): `field` (the inspection, with the offline keeping
//! and the sync of app/src/offline.rs), `registry` (enterprises, dossier, projects, import, map),
//! `cases` (the case list and the case page with its discretion calculator, which officers,
//! legal reviewers and leaders open together), `monitoring` (the alarm centre, the dispatchers'
//! and leaders' desk) and `admin` (users, devices, audit, checklists,
//! the discretion benchmark and the holiday calendar, this device, password). Each is fetched the
//! first time one of its pages opens and kept by the service worker for offline use. Few files,
//! not one per page: every file costs a request and a compile, and code the pages share is
//! split off into further files per combination of them.

// The split points below expand to the loader's FFI (`wasm_split`): the one place with unsafe.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute};
use shared::policy::Permission;

use crate::context::{provide_app_contexts, Locale, Routing, Session};
use crate::identity::login::Login;
use crate::org::home::Home;
use crate::ui::{not_found::NotFound, shell::Shell};

/// A route whose page lives in the wasm file `$split` (as the function `$page_fn`, a name of
/// its own: the split's import is named after it): loaded on first use, precached by the
/// service worker. A file that cannot be fetched (offline before it was kept) shows
/// [`NotLoaded`] instead of the page.
// rustfmt indents the split attribute inside this macro further on every run: left as written.
#[rustfmt::skip]
macro_rules! lazy_page {
    ($route:ident, $split:ident, $page_fn:ident, $page:expr) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[::leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $page_fn() -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
                    Ok($page.into_any())
                }
                $page_fn()
                    .await
                    .unwrap_or_else(|_| view! { <NotLoaded/> }.into_any())
            }
        }
    };
}

lazy_page!(
    PasswordRoute,
    admin,
    password_page,
    view! {
        <RequireSession><crate::identity::password::PasswordPage/></RequireSession>
    }
);
lazy_page!(
    DeviceRoute,
    admin,
    device_page,
    view! {
        <Page><RequirePermission permission=Permission::RegisterDevice><crate::identity::device::DevicePage/></RequirePermission></Page>
    }
);
lazy_page!(
    UsersRoute,
    admin,
    users_page,
    view! {
        <Page><RequirePermission permission=Permission::ManageUsers><crate::identity::users::UsersPage/></RequirePermission></Page>
    }
);
lazy_page!(
    DevicesRoute,
    admin,
    devices_page,
    view! {
        <Page><RequirePermission permission=Permission::ManageDevices><crate::identity::devices::DevicesPage/></RequirePermission></Page>
    }
);
lazy_page!(
    AuditRoute,
    admin,
    audit_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewAudit><crate::identity::audit::AuditPage/></RequirePermission></Page>
    }
);
lazy_page!(
    EnterprisesRoute,
    registry,
    enterprises_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewEnterprises><crate::registry::enterprises::EnterprisesPage/></RequirePermission></Page>
    }
);
lazy_page!(
    DossierRoute,
    registry,
    dossier_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewEnterprises><crate::registry::dossier::DossierPage/></RequirePermission></Page>
    }
);
lazy_page!(
    ProjectsRoute,
    registry,
    projects_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewEnterprises><crate::registry::projects::ProjectsPage/></RequirePermission></Page>
    }
);
lazy_page!(
    ImportRoute,
    registry,
    import_page,
    view! {
        <Page><RequirePermission permission=Permission::ManageDossier><crate::registry::import::ImportPage/></RequirePermission></Page>
    }
);
lazy_page!(
    MapRoute,
    registry,
    map_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewEnterprises><crate::registry::map::MapPage/></RequirePermission></Page>
    }
);
lazy_page!(
    TaskRoute,
    field,
    task_page,
    view! {
        <Page><crate::field::tasks::TaskPage/></Page>
    }
);
lazy_page!(
    CasesRoute,
    cases,
    cases_page,
    view! {
        <Page><RequirePermission permission=Permission::HandleCases><crate::enforcement::cases::CasesPage/></RequirePermission></Page>
    }
);
lazy_page!(
    CaseRoute,
    cases,
    case_page,
    view! {
        <Page><crate::enforcement::case::CasePage/></Page>
    }
);
lazy_page!(
    AlarmsRoute,
    monitoring,
    alarms_page,
    view! {
        <Page><RequirePermission permission=Permission::ViewOverview><crate::monitoring::alarms::AlarmsPage/></RequirePermission></Page>
    }
);
lazy_page!(
    BenchmarkRoute,
    admin,
    benchmark_page,
    view! {
        <Page><RequirePermission permission=Permission::ConfigureEnforcement><crate::enforcement::benchmark::BenchmarkPage/></RequirePermission></Page>
    }
);
lazy_page!(
    CalendarRoute,
    admin,
    calendar_page,
    view! {
        <Page><RequirePermission permission=Permission::ConfigureEnforcement><crate::enforcement::calendar::CalendarPage/></RequirePermission></Page>
    }
);
lazy_page!(
    TemplatesRoute,
    admin,
    templates_page,
    view! {
        <Page><RequirePermission permission=Permission::ConfigureTemplates><crate::field::templates::TemplatesPage/></RequirePermission></Page>
    }
);

#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    crate::offline::provide(expect_context::<Session>());
    {
        let field = expect_context::<crate::offline::Field>();
        let session = expect_context::<Session>();
        let locale = expect_context::<Locale>();
        crate::offline::start_background(field, session, Signal::derive(move || locale.get()));
    }
    let routing = expect_context::<Routing>().0;
    view! {
        <Router set_is_routing=routing>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/") view=|| view! { <Page><Home/></Page> }/>
                <Route path=path!("/password") view={Lazy::<PasswordRoute>::new()}/>
                <Route path=path!("/enterprises") view={Lazy::<EnterprisesRoute>::new()}/>
                <Route path=path!("/enterprises/import") view={Lazy::<ImportRoute>::new()}/>
                <Route path=path!("/projects") view={Lazy::<ProjectsRoute>::new()}/>
                <Route path=path!("/tasks/:bureau/:id") view={Lazy::<TaskRoute>::new()}/>
                <Route path=path!("/map") view={Lazy::<MapRoute>::new()}/>
                <Route path=path!("/e/:bureau/:id") view={Lazy::<DossierRoute>::new()}/>
                <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()}/>
                <Route path=path!("/device") view={Lazy::<DeviceRoute>::new()}/>
                <Route path=path!("/admin/devices") view={Lazy::<DevicesRoute>::new()}/>
                <Route path=path!("/admin/checklists") view={Lazy::<TemplatesRoute>::new()}/>
                <Route path=path!("/admin/audit") view={Lazy::<AuditRoute>::new()}/>
                <Route path=path!("/cases") view={Lazy::<CasesRoute>::new()}/>
                <Route path=path!("/cases/:bureau/:id") view={Lazy::<CaseRoute>::new()}/>
                // One route for the list and a selected alarm: choosing one keeps the list.
                <Route path=path!("/alarms/:bureau?/:id?") view={Lazy::<AlarmsRoute>::new()}/>
                <Route path=path!("/admin/benchmark") view={Lazy::<BenchmarkRoute>::new()}/>
                <Route path=path!("/admin/calendar") view={Lazy::<CalendarRoute>::new()}/>
            </Routes>
        </Router>
    }
}

/// A page whose code could not be fetched: offline before the service worker kept it.
#[component]
fn NotLoaded() -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <section class="refused" role="alert">
            <h1>{move || locale.t("此页面尚未下载到本机", "This page is not on the device yet")}</h1>
            <p>{move || locale.t("请连接网络后重试；联网打开一次后即可离线使用。",
                "Connect to the network and try again; once opened online it also works offline.")}</p>
            <a href="/">{move || locale.t("返回工作台", "Back to home")}</a>
        </section>
    }
}
/// A signed-in page inside the shell; a pending password change comes first.
#[component]
fn Page(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let children = StoredValue::new(children);
    // Memos: the shell is rebuilt only when these answers change, not on every session update.
    let must_change = Memo::new(move |_| {
        session
            .0
            .with(|s| s.as_ref().is_some_and(|s| s.user.must_change_password))
    });
    view! {
        <RequireSession>
            {move || {
                if must_change.get() {
                    view! { <Redirect path="/password"/> }.into_any()
                } else {
                    view! { <Shell>{children.read_value()()}</Shell> }.into_any()
                }
            }}
        </RequireSession>
    }
}

/// Shows its children to a signed-in user and sends everyone else to the login page.
#[component]
fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let signed_in = Memo::new(move |_| session.0.with(Option::is_some));
    move || {
        if signed_in.get() {
            children().into_any()
        } else {
            view! { <Redirect path="/login"/> }.into_any()
        }
    }
}

/// Pages a role may not use are not in its navigation; typed by URL, they refuse politely.
#[component]
fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    let locale = expect_context::<Locale>();
    let may = Memo::new(move |_| session.may(permission));
    move || {
        if may.get() {
            children().into_any()
        } else {
            view! {
                <section class="refused" role="alert">
                    <h1>{locale.t("无权访问此页面", "You cannot open this page")}</h1>
                    <p>{locale.t("此页面仅对具有相应权限的人员开放。如需使用，请联系本单位系统管理员。",
                        "This page is for users with the matching role. Ask your bureau's administrator.")}</p>
                    <a href="/">{locale.t("返回工作台", "Back to home")}</a>
                </section>
            }.into_any()
        }
    }
}
