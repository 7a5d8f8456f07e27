//! 检查任务: the inspector's list (on the home screen, above the duty switch), one task with
//! its workflow, and the squad leader's form for assigning a task from a dossier.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use shared::format::iso_date;
use shared::org::SquadMember;
use shared::task::{
    NewTask, TaskAction, TaskSource, TaskStatus, TaskTransition, TaskView, MIN_INSPECTORS,
};
use shared::{BureauId, Lang, Role};

use crate::context::{Locale, Session};
use crate::ui::format::{risk_badge, time_zh};

fn status_chip(s: TaskStatus, lang: Lang) -> impl IntoView {
    view! { <span class=format!("chip task-{}", s.code())>{s.label(lang)}</span> }
}

/// Where the task came from (计划检查, 报警派单, …); an alarm's stands out.
fn source_chip(s: TaskSource, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("chip task-source source-{}", s.code()) class:alarm={s == TaskSource::Alarm}
            data-test="task-source" data-source=s.code()>{s.label(lang)}</span>
    }
}

/// 我的任务 on an inspector's home screen (open tasks first, by due date), above the duty switch
/// (在岗); or with `squad` the squad leader's 本中队任务 with those waiting for review first.
/// The inspector's list reloads when the duty service sees new tasks (a dispatch).
#[component]
pub fn MyTasksCard(
    #[prop(default = false)] squad: bool,
    /// Set once the list (or its error) is in place: what comes below it waits for that, so
    /// the page does not jump when the list arrives.
    #[prop(optional)]
    ready: Option<RwSignal<bool>>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let rev = super::duty::tasks_rev();
    let tasks = LocalResource::new(move || {
        let lang = locale.get();
        if !squad {
            rev.track();
        }
        async move {
            if squad {
                session
                    .call(lang, |api| async move { api.tasks().await })
                    .await
                    .map(|mut v| {
                        v.sort_by_key(|t| {
                            (
                                t.status != TaskStatus::Submitted,
                                t.status == TaskStatus::Reviewed,
                            )
                        });
                        v
                    })
            } else {
                // Then keeps the open tasks' inspections and dossiers on the device.
                crate::offline::my_tasks(session, lang).await
            }
        }
    });
    // The list kept on this device from the last answer is shown at once (a weak signal does
    // not keep the inspector waiting for it) and replaced as soon as the network answers.
    let kept = RwSignal::new(None::<Vec<TaskView>>);
    if !squad {
        spawn_local(async move {
            if let Some(list) =
                crate::offline::cache_read::<Vec<TaskView>>(crate::offline::KEY_MINE).await
            {
                kept.try_set(Some(list));
            }
        });
    }
    let shown = move || {
        tasks
            .get()
            .map(|r| (r, false))
            .or_else(|| kept.get().map(|l| (Ok(l), true)))
    };
    let has_list = Memo::new(move |_| shown().is_some());
    if let Some(ready) = ready {
        Effect::new(move |_| {
            if has_list.get() {
                ready.set(true);
            }
        });
    }
    view! {
        <article class="card tasks-card">
            // While the kept list shows, the heading says so in the same line (nothing moves
            // when the answer replaces it).
            <h2>{move || if squad { locale.t("本中队任务", "Squad tasks") } else { locale.t("我的任务", "My tasks") }}
                {move || (shown().is_some_and(|(_, stale)| stale)).then(|| view! {
                    <span class="kept-note" data-test="tasks-kept">{locale.t("本机保存 · 更新中", "kept · updating")}</span>
                })}
            </h2>
            {move || match shown() {
                None => view! { <p class="muted">"…"</p> }.into_any(),
                Some((r, _)) => {
                    let lang = locale.get();
                    let list = match r {
                        Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{lang.pick("暂无检查任务", "No tasks")}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="rows task-rows">{list.into_iter().map(|t| view! {
                                <li><a href=format!("/tasks/{}/{}", t.bureau_id, t.id)>
                                    <div><strong>{t.enterprise_name.clone()}</strong>{status_chip(t.status, lang)}{source_chip(t.source, lang)}</div>
                                    <div class="muted">{lang.pick("完成期限 ", "Due ")}{iso_date(lang, &t.due_on)}" · "{t.inspectors.iter().map(|i| i.display_name.clone()).collect::<Vec<_>>().join("、")}</div>
                                </a></li>
                            }).collect_view()}</ul>
                        }.into_any(),
                    };
                    list
                }
            }}
        </article>
        // The duty switch under the list, once the list is there: its code comes after the
        // first screen (app/src/field/duty.rs).
        {move || (!squad && has_list.get()).then(|| view! { <super::duty::DutyCard/> })}
    }
}

#[component]
pub fn TaskPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let task = LocalResource::new(move || {
        reload.get();
        let lang = locale.get();
        let (b, id) = params.with(|p| {
            (
                p.get("bureau").unwrap_or_default(),
                p.get("id").unwrap_or_default(),
            )
        });
        async move {
            let b: i64 = b.parse().unwrap_or_default();
            let key = format!("task:{b}:{id}");
            let mut t = crate::offline::cached(&key, || async {
                session
                    .call(lang, |api| {
                        let id = id.clone();
                        async move { api.task(b, &id).await }
                    })
                    .await
            })
            .await?;
            // Moves queued on this device show before the server has them.
            if let Some(local) = crate::offline::draft(BureauId(b), &id).await.status {
                t.status = local;
            }
            Ok::<_, crate::api::CallError>(t)
        }
    });
    let field = expect_context::<crate::offline::Field>();
    let me = move || {
        session.0.with(|s| {
            s.as_ref()
                .map(|s| (s.user.id.0.clone(), s.user.roles.clone()))
        })
    };
    let act = move |t: TaskView, action: TaskAction| {
        let lang = locale.0.get_untracked();
        if action.by_inspector() {
            // Start and submit work offline: they go through the outbox.
            spawn_local(async move {
                match super::inspect::queue_move(field, session, lang, &t, action).await {
                    Ok(()) => {
                        error.set(None);
                        reload.update(|n| *n += 1);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
            return;
        }
        spawn_local(async move {
            let body = TaskTransition {
                action,
                note: String::new(),
            };
            match session
                .call(lang, |api| {
                    let (t, body) = (t.clone(), body.clone());
                    async move { api.move_task(&t, &body).await }
                })
                .await
            {
                Ok(_) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <section class="page task-page">
            <p class="crumbs"><a href="/">{move || locale.t("‹ 工作台", "‹ Home")}</a></p>
            <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p></Show>
            <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                {move || task.get().map(|r| {
                    let lang = locale.get();
                    match r {
                        Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                        Ok(t) => {
                            let (my_id, roles) = me().unwrap_or_default();
                            let mine = t.inspectors.iter().any(|i| i.user_id == my_id);
                            let reviewer = roles.contains(&Role::SquadLeader);
                            let actions: Vec<TaskAction> = [TaskAction::Start, TaskAction::Submit, TaskAction::Accept, TaskAction::Return]
                                .into_iter()
                                .filter(|a| a.apply(t.status).is_some() && if a.by_inspector() { mine } else { reviewer })
                                .collect();
                            let geo = format!("geo:{:.6},{:.6}?q={:.6},{:.6}", t.latitude, t.longitude, t.latitude, t.longitude);
                            view! {
                                <header class="card task-head">
                                    <h1>{t.enterprise_name.clone()}</h1>
                                    <p class="risk-line">{status_chip(t.status, lang)}{source_chip(t.source, lang)}{risk_badge(t.risk, lang)}</p>
                                    <p class="muted">{t.enterprise_address.clone()}</p>
                                    <dl class="facts">
                                        <dt>{lang.pick("完成期限", "Due")}</dt><dd>{iso_date(lang, &t.due_on)}</dd>
                                        <dt>{lang.pick("执法人员", "Inspectors")}</dt><dd>{t.inspectors.iter().map(|i| format!("{}（{}）", i.display_name, i.certificate_no.clone().unwrap_or_default())).collect::<Vec<_>>().join("、")}</dd>
                                        <dt>{lang.pick("派发人", "Assigned by")}</dt><dd>{t.created_by.clone()}</dd>
                                        {(!t.note.is_empty()).then(|| view! { <dt>{lang.pick("说明", "Note")}</dt><dd>{t.note.clone()}</dd> })}
                                    </dl>
                                    <div class="actions-row">
                                        <a class="button secondary" href=format!("/e/{}/{}", t.bureau_id, t.enterprise_id)>{lang.pick("企业档案", "Dossier")}</a>
                                        <a class="button secondary" href=geo>{lang.pick("导航", "Navigate")}</a>
                                        {actions.into_iter().map(|a| {
                                            let t = t.clone();
                                            view! { <button type="button" class="button" on:click=move |_| act(t.clone(), a)>{a.label(lang)}</button> }
                                        }).collect_view()}
                                    </div>
                                </header>
                                {if mine && matches!(t.status, TaskStatus::Assigned | TaskStatus::InProgress) {
                                    view! { <super::inspect::Workspace task=t.clone() on_change=Callback::new(move |_| reload.update(|n| *n += 1))/> }.into_any()
                                } else if matches!(t.status, TaskStatus::Submitted | TaskStatus::Reviewed) {
                                    view! { <super::inspect::Review task=t.clone()/> }.into_any()
                                } else {
                                    view! { <ChecklistPreview bureau=t.bureau_id enterprise_id=t.enterprise_id.clone()/> }.into_any()
                                }}
                                <section class="card">
                                    <h2>{lang.pick("办理记录", "History")}</h2>
                                    <ol class="timeline">{t.history.iter().map(|h| view! {
                                        <li class="info"><time>{time_zh(js_sys::Date::parse(&h.at) as i64 / 1000)}</time>
                                            <div><span class="kind">{h.to.label(lang)}</span>" "{h.actor_name.clone()}</div>
                                            {(!h.note.is_empty()).then(|| view! { <div class="muted">{h.note.clone()}</div> })}</li>
                                    }).collect_view()}</ol>
                                </section>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// 派发检查任务: a squad leader picks at least two of the squad's certified inspectors.
#[component]
pub fn AssignTask(bureau: BureauId, enterprise_id: String) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let due = RwSignal::new({
        let d = js_sys::Date::new_0();
        d.set_date(d.get_date() + 7);
        format!(
            "{}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    });
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String, Option<String>)>);
    let squad = LocalResource::new(move || {
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.squad().await })
                .await
                .map(|list| {
                    list.into_iter()
                        .filter(|m| m.roles.contains(&Role::Inspector))
                        .collect::<Vec<SquadMember>>()
                })
                .unwrap_or_default()
        }
    });
    let enterprise_id = StoredValue::new(enterprise_id);
    let submit = move |_| {
        let lang = locale.0.get_untracked();
        let body = NewTask {
            enterprise_bureau_id: bureau,
            enterprise_id: enterprise_id.get_value(),
            due_on: due.get_untracked(),
            inspector_ids: chosen.get_untracked(),
            note: note.get_untracked(),
        };
        if body.inspector_ids.len() < MIN_INSPECTORS {
            message.set(Some((
                false,
                lang.pick(
                    "现场检查须由两名以上持证执法人员进行，请至少选择两人",
                    "Choose at least two inspectors",
                )
                .into(),
                None,
            )));
            return;
        }
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let body = body.clone();
                    async move { api.create_task(&body).await }
                })
                .await
            {
                Ok(t) => {
                    open.set(false);
                    message.set(Some((
                        true,
                        lang.pick("检查任务已派发", "Task assigned").into(),
                        Some(format!("/tasks/{}/{}", t.bureau_id, t.id)),
                    )));
                }
                Err(e) => message.set(Some((false, e.message(lang), None))),
            }
        });
    };
    view! {
        <div class="assign">
            {move || message.get().map(|(ok, text, href)| view! {
                <p class=if ok { "ok-box" } else { "form-error" } role="status">{text}" "{href.map(|h| view! { <a href=h>{locale.t("查看任务", "Open task")}</a> })}</p>
            })}
            <Show when=move || !open.get() fallback=move || view! {
                <div class="card assign-form">
                    <h2>{move || locale.t("派发检查任务", "Assign an inspection")}</h2>
                    <div class="field">
                        <label for="task-due">{move || locale.t("完成期限", "Due")}</label>
                        <input id="task-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
                    </div>
                    <fieldset class="roles-pick">
                        <legend>{move || locale.t("执法人员（至少两人）", "Inspectors (two or more)")}</legend>
                        {move || squad.get().unwrap_or_default().into_iter().map(|m| {
                            let id = m.id.clone();
                            let id2 = m.id.clone();
                            view! {
                                <label class="check"><input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let id = id2.clone(); chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } }); }/>
                                    {m.display_name.clone()}<span class="code">{m.certificate_no.clone().unwrap_or_default()}</span></label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="task-note">{move || locale.t("说明", "Note")}</label>
                        <input id="task-note" type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    </div>
                    <div class="actions-row">
                        <button type="button" class="button" on:click=submit>{move || locale.t("派发", "Assign")}</button>
                        <button type="button" class="button secondary" on:click=move |_| open.set(false)>{move || locale.t("取消", "Cancel")}</button>
                    </div>
                </div>
            }>
                <button type="button" class="button" on:click=move |_| { message.set(None); open.set(true); }>{move || locale.t("派发检查任务", "Assign inspection")}</button>
            </Show>
        </div>
    }
}

/// The checklist the inspection will follow, section by section, with each item's rule.
#[component]
fn ChecklistPreview(bureau: BureauId, enterprise_id: String) -> impl IntoView {
    use shared::checklist::ItemKind;
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let template = LocalResource::new(move || {
        let lang = locale.get();
        let id = enterprise_id.clone();
        async move {
            session
                .call(lang, |api| {
                    let id = id.clone();
                    async move { api.checklist_for(bureau, &id).await }
                })
                .await
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || template.get().and_then(Result::ok).map(|t| {
                let lang = locale.get();
                view! {
                    <section class="card checklist">
                        <h2>{format!("{}{}（{}{}{}）", lang.pick("检查表：", "Checklist: "), t.name, lang.pick("第", "v"), t.version, lang.pick("版", ""))}</h2>
                        {t.sections.into_iter().map(|s| view! {
                            <h3>{s.title}</h3>
                            <ol class="items">{s.items.into_iter().map(|i| {
                                let kind = match i.kind {
                                    ItemKind::YesNo => lang.pick("是/否", "Yes/No").to_string(),
                                    ItemKind::Numeric => format!("≤ {} {}", i.limit.unwrap_or_default(), i.unit.clone().unwrap_or_default()),
                                    ItemKind::Text => lang.pick("记录", "Text").to_string(),
                                    ItemKind::Photo => lang.pick("拍照", "Photo").to_string(),
                                };
                                view! {
                                    <li><div>{i.text}<span class="chip">{kind}</span></div>
                                        {(!i.basis.is_empty()).then(|| view! { <div class="muted basis">{i.basis}</div> })}</li>
                                }
                            }).collect_view()}</ol>
                        }).collect_view()}
                    </section>
                }
            })}
        </Transition>
    }
}
