//! The root component: contexts, routes and the signed-in shell.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::Shell;
use crate::context::{provide_app_contexts, Session};
use crate::pages::{home::Home, login::Login, not_found::NotFound};

#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/") view=|| view! { <RequireSession><Shell><Home/></Shell></RequireSession> }/>
            </Routes>
        </Router>
    }
}

/// Shows its children to a signed-in user and sends everyone else to the login page.
#[component]
fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        if session.0.with(Option::is_some) {
            children().into_any()
        } else {
            view! { <Redirect path="/login"/> }.into_any()
        }
    }
}
