//! The root component: contexts, routes and the signed-in shell.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use shared::policy::Permission;

use crate::context::{provide_app_contexts, Locale, Session};
use crate::field::{tasks::TaskPage, templates::TemplatesPage};
use crate::identity::{
    audit::AuditPage, device::DevicePage, devices::DevicesPage, login::Login,
    password::PasswordPage, users::UsersPage,
};
use crate::org::home::Home;
use crate::registry::{
    dossier::DossierPage, enterprises::EnterprisesPage, import::ImportPage, map::MapPage,
    projects::ProjectsPage,
};
use crate::ui::{not_found::NotFound, shell::Shell};

#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    crate::offline::provide();
    {
        let field = expect_context::<crate::offline::Field>();
        let session = expect_context::<Session>();
        let locale = expect_context::<Locale>();
        crate::offline::start_background(field, session, Signal::derive(move || locale.get()));
    }
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/password") view=|| view! { <RequireSession><PasswordPage/></RequireSession> }/>
                <Route path=path!("/") view=|| view! { <Page><Home/></Page> }/>
                <Route path=path!("/enterprises") view=|| view! {
                    <Page><RequirePermission permission=Permission::ViewEnterprises><EnterprisesPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/enterprises/import") view=|| view! {
                    <Page><RequirePermission permission=Permission::ManageDossier><ImportPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/projects") view=|| view! {
                    <Page><RequirePermission permission=Permission::ViewEnterprises><ProjectsPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/tasks/:bureau/:id") view=|| view! {
                    <Page><TaskPage/></Page>
                }/>
                <Route path=path!("/map") view=|| view! {
                    <Page><RequirePermission permission=Permission::ViewEnterprises><MapPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/e/:bureau/:id") view=|| view! {
                    <Page><RequirePermission permission=Permission::ViewEnterprises><DossierPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/admin/users") view=|| view! {
                    <Page><RequirePermission permission=Permission::ManageUsers><UsersPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/device") view=|| view! {
                    <Page><RequirePermission permission=Permission::RegisterDevice><DevicePage/></RequirePermission></Page>
                }/>
                <Route path=path!("/admin/devices") view=|| view! {
                    <Page><RequirePermission permission=Permission::ManageDevices><DevicesPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/admin/checklists") view=|| view! {
                    <Page><RequirePermission permission=Permission::ConfigureTemplates><TemplatesPage/></RequirePermission></Page>
                }/>
                <Route path=path!("/admin/audit") view=|| view! {
                    <Page><RequirePermission permission=Permission::ViewAudit><AuditPage/></RequirePermission></Page>
                }/>
            </Routes>
        </Router>
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
