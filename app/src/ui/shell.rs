//! The signed-in frame: top bar with bureau and user, navigation by permission, connectivity.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use shared::policy::Permission;

use crate::context::{Locale, Online, Routing, Session};
use crate::ui::icon::icon;
use crate::ui::lang_switch::LangSwitch;

struct NavItem {
    href: &'static str,
    icon: &'static str,
    zh: &'static str,
    en: &'static str,
    needs: Option<Permission>,
    /// Desk work only: left out of the phone's bottom bar (the page still opens there).
    desk: bool,
}

const NAV: &[NavItem] = &[
    NavItem {
        href: "/",
        icon: "home",
        zh: "工作台",
        en: "Home",
        needs: None,
        desk: false,
    },
    NavItem {
        href: "/enterprises",
        icon: "factory",
        zh: "污染源",
        en: "Sources",
        needs: Some(Permission::ViewEnterprises),
        desk: false,
    },
    NavItem {
        href: "/map",
        icon: "map",
        zh: "地图",
        en: "Map",
        needs: Some(Permission::ViewEnterprises),
        desk: false,
    },
    NavItem {
        href: "/cases",
        icon: "case",
        zh: "案件办理",
        en: "Cases",
        needs: Some(Permission::HandleCases),
        desk: false,
    },
    NavItem {
        href: "/alarms",
        icon: "audit",
        zh: "报警中心",
        en: "Alarms",
        needs: Some(Permission::HandleAlarms),
        desk: true,
    },
    NavItem {
        href: "/device",
        icon: "device",
        zh: "本机设备",
        en: "Device",
        needs: Some(Permission::RegisterDevice),
        desk: false,
    },
    NavItem {
        href: "/admin/users",
        icon: "users",
        zh: "用户管理",
        en: "Users",
        needs: Some(Permission::ManageUsers),
        desk: false,
    },
    NavItem {
        href: "/admin/devices",
        icon: "devices",
        zh: "设备管理",
        en: "Devices",
        needs: Some(Permission::ManageDevices),
        desk: false,
    },
    NavItem {
        href: "/admin/checklists",
        icon: "checklist",
        zh: "检查表模板",
        en: "Checklists",
        needs: Some(Permission::ConfigureTemplates),
        desk: false,
    },
    NavItem {
        href: "/admin/benchmark",
        icon: "scale",
        zh: "裁量基准",
        en: "Benchmark",
        needs: Some(Permission::ConfigureEnforcement),
        desk: true,
    },
    NavItem {
        href: "/admin/calendar",
        icon: "calendar",
        zh: "节假日",
        en: "Holidays",
        needs: Some(Permission::ConfigureEnforcement),
        desk: true,
    },
    NavItem {
        href: "/admin/audit",
        icon: "audit",
        zh: "审计日志",
        en: "Audit",
        needs: Some(Permission::ViewAudit),
        desk: false,
    },
];

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let online = expect_context::<Online>();
    let routing = expect_context::<Routing>().0;
    let navigate = use_navigate();
    let location = use_location();
    let user = move || session.0.get().map(|s| s.user);
    // Confirm the stored session once per page: roles may have changed, the account may be
    // disabled (signs out). Offline, the stored session stands.
    let fresh = LocalResource::new(move || async move {
        session
            .call(
                locale.get_untracked_lang(),
                |api| async move { api.me().await },
            )
            .await
    });
    Effect::new(move || {
        if let Some(Ok(u)) = fresh.get() {
            session.update_user(u);
        }
    });
    // Signed in: once this screen has its data, every other page is kept for offline use.
    crate::pwa::keep_offline_copy();
    let field = expect_context::<crate::offline::Field>();
    let sign_out = move |_| {
        let lang = locale.get();
        // Work not yet on the server stays on the device, but the inspector must know.
        let pending = field.0.with_untracked(|s| s.pending);
        if pending > 0 {
            let msg = match lang {
                shared::Lang::Zh => format!("还有{pending}条现场记录尚未同步到服务器。退出后记录仍保存在本机，重新登录并联网后才会同步。确定退出吗？"),
                shared::Lang::En => format!("{pending} records are not synced yet. They stay on this device and sync after you sign in again. Sign out?"),
            };
            if !window().confirm_with_message(&msg).unwrap_or(false) {
                return;
            }
        }
        let refresh = session
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.refresh_token.clone()));
        let navigate = navigate.clone();
        spawn_local(async move {
            // Revoke the sign-in on the server; without network the local session still ends.
            if let Some(r) = refresh {
                let _ = session
                    .call(lang, |api| {
                        let r = r.clone();
                        async move { api.logout(&r).await }
                    })
                    .await;
            }
            // What this user kept on the device goes, unless it still has work to sync; the
            // next user of this device has a store of their own either way.
            crate::offline::sign_out_keeps_work().await;
            session.sign_out();
            navigate("/login", Default::default());
        });
    };
    let items = move || {
        NAV.iter()
            .filter(|i| i.needs.is_none_or(|p| session.may(p)))
            .collect::<Vec<_>>()
    };
    view! {
        <div class="shell">
            <header class="topbar">
                <a class="brand" href="/">
                    {crate::ui::icon::logo(28)}
                    <span class="brand-name">{move || locale.t("环监", "Huanjian")}</span>
                </a>
                <div class="bureau-name">{move || user().map(|u| u.bureau.name).unwrap_or_default()}</div>
                <div class="topbar-actions">
                    <span class="net" class:offline=move || !online.0.get() title=move || locale.t("网络状态", "Network")>
                        {move || if online.0.get() { locale.t("在线", "Online") } else { locale.t("离线", "Offline") }}
                    </span>
                    <crate::field::sync_panel::SyncBadge/>
                    <LangSwitch/>
                    <button type="button" class="ghost" on:click=sign_out>{move || locale.t("退出", "Sign out")}</button>
                </div>
            </header>
            <nav class="mainnav" aria-label=move || locale.t("主导航", "Main")>
                {move || items().into_iter().map(|i| {
                    let href = i.href;
                    view! {
                        <a href=href class:active=move || location.pathname.get() == href class:nav-desk=i.desk>
                            {icon(i.icon)}
                            <span>{move || locale.t(i.zh, i.en)}</span>
                        </a>
                    }
                }).collect_view()}
            </nav>
            // While the next page's code loads, this page stays but is marked busy.
            <div class="route-progress" class:on=move || routing.get() aria-hidden="true"></div>
            <main class="content" aria-busy=move || routing.get().to_string()>
                <crate::field::duty::DutyHost/><crate::field::sync_panel::SyncPanel/>{children()}
            </main>
        </div>
    }
}
