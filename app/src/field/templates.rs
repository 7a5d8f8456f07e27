//! 检查表模板: province administrators edit the inspection templates. Every save is a new
//! version; inspections keep the version they were made on. Others read them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::checklist::{ChecklistItem, ChecklistSection, ChecklistTemplate, ItemKind};
use shared::{Lang, Level};

use crate::context::{Locale, Session};

fn kind_label(k: ItemKind, lang: Lang) -> &'static str {
    match k {
        ItemKind::YesNo => lang.pick("是/否/不适用", "Yes/no/N.A."),
        ItemKind::Numeric => lang.pick("数值（限值）", "Reading with limit"),
        ItemKind::Text => lang.pick("文字", "Text"),
        ItemKind::Photo => lang.pick("须拍照", "Photo required"),
    }
}

const KINDS: [(ItemKind, &str); 4] = [
    (ItemKind::YesNo, "yes_no"),
    (ItemKind::Numeric, "numeric"),
    (ItemKind::Text, "text"),
    (ItemKind::Photo, "photo"),
];

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.get();
        let lang = locale.get();
        async move {
            session
                .call(lang, |api| async move { api.checklists().await })
                .await
        }
    });
    let editing = RwSignal::new(None::<ChecklistTemplate>);
    let message = RwSignal::new(None::<(bool, String)>);
    let province = move || {
        session.0.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.user.bureau.level == Level::Province)
        })
    };
    let save = move |_| {
        let lang = locale.0.get_untracked();
        let Some(t) = editing.get_untracked() else {
            return;
        };
        if let Err(e) = t.validate() {
            message.set(Some((false, e)));
            return;
        }
        spawn_local(async move {
            match session
                .call(lang, |api| {
                    let t = t.clone();
                    async move { api.save_checklist(&t).await }
                })
                .await
            {
                Ok(saved) => {
                    message.set(Some((
                        true,
                        format!(
                            "{}{}{}",
                            lang.pick("已保存为第", "Saved as version "),
                            saved.version,
                            lang.pick("版", "")
                        ),
                    )));
                    editing.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => message.set(Some((false, e.message(lang)))),
            }
        });
    };
    let edit_item = move |s: usize, i: usize, f: Box<dyn Fn(&mut ChecklistItem)>| {
        editing.update(|t| {
            if let Some(t) = t {
                f(&mut t.sections[s].items[i])
            }
        })
    };
    view! {
        <section class="page templates-page">
            <h1>{move || locale.t("检查表模板", "Checklist templates")}</h1>
            <p class="muted">{move || locale.t("每次保存生成新版本；已开始的检查沿用其所用版本。", "Each save makes a new version; inspections keep the version they used.")}</p>
            {move || message.get().map(|(ok, m)| view! { <p class=if ok { "ok-box" } else { "form-error" } role="status">{m}</p> })}
            <Show when=move || editing.with(Option::is_none)>
                <Transition fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || list.get().map(|r| {
                        let lang = locale.get();
                        match r {
                            Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                            Ok(list) => view! { <ul class="rows card">{list.into_iter().map(|t| {
                                let t2 = t.clone();
                                view! { <li class="template-row">
                                    <div><strong>{t.name.clone()}</strong>" "<span class="chip">{format!("{}{}{}", lang.pick("第", "v"), t.version, lang.pick("版", ""))}</span>
                                        <div class="muted">{format!("{} · {}{}", t.code, t.item_count(), lang.pick(" 项", " items"))}
                                            {(!t.applies_to.industries.is_empty()).then(|| format!(" · {}{}", lang.pick("行业 ", "industries "), t.applies_to.industries.join("、")))}
                                            {(!t.applies_to.tags.is_empty()).then(|| format!(" · {}{}", lang.pick("标签 ", "tags "), t.applies_to.tags.join("、")))}</div></div>
                                    <button type="button" class="button secondary" on:click=move |_| { message.set(None); editing.set(Some(t2.clone())); }>
                                        {if province() { lang.pick("编辑", "Edit") } else { lang.pick("查看", "View") }}</button>
                                </li> }
                            }).collect_view()}</ul> }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
            {move || editing.get().map(|t| {
                let lang = locale.get();
                let ro = !province();
                view! {
                    <div class="card template-editor">
                        <label>{lang.pick("模板名称", "Name")}<input type="text" disabled=ro prop:value=t.name.clone() on:change=move |ev| editing.update(|t| if let Some(t) = t { t.name = event_target_value(&ev) })/></label>
                        <p class="muted">{format!("{} · {}{}{}", t.code, lang.pick("当前第", "current v"), t.version, lang.pick("版", ""))}</p>
                        {t.sections.iter().enumerate().map(|(si, s)| view! {
                            <fieldset class="section">
                                <legend><input type="text" disabled=ro aria-label=lang.pick("部分标题", "Section title") prop:value=s.title.clone() on:change=move |ev| editing.update(|t| if let Some(t) = t { t.sections[si].title = event_target_value(&ev) })/></legend>
                                {s.items.iter().enumerate().map(|(ii, it)| view! {
                                    <div class="item-edit">
                                        <span class="muted">{it.code.clone()}</span>
                                        <textarea rows="2" disabled=ro aria-label=lang.pick("检查内容", "Item") prop:value=it.text.clone() on:change=move |ev| { let v = event_target_value(&ev); edit_item(si, ii, Box::new(move |i| i.text = v.clone())) }></textarea>
                                        <select disabled=ro aria-label=lang.pick("类型", "Kind") on:change=move |ev| { let v = event_target_value(&ev); edit_item(si, ii, Box::new(move |i| if let Some((k, _)) = KINDS.iter().find(|(_, c)| *c == v) { i.kind = *k })) }>
                                            {KINDS.iter().map(|(k, c)| view! { <option value=*c selected=*k == it.kind>{kind_label(*k, lang)}</option> }).collect_view()}
                                        </select>
                                        {(it.kind == ItemKind::YesNo).then(|| view! {
                                            <label class="inline"><input type="checkbox" disabled=ro prop:checked=it.expected != Some(false) on:change=move |ev| { let v = event_target_checked(&ev); edit_item(si, ii, Box::new(move |i| i.expected = Some(v))) }/>{lang.pick("“是”为合规", "“Yes” is compliant")}</label>
                                        })}
                                        {(it.kind == ItemKind::Numeric).then(|| view! {
                                            <label class="inline">{lang.pick("单位", "Unit")}<input type="text" size="6" disabled=ro prop:value=it.unit.clone().unwrap_or_default() on:change=move |ev| { let v = event_target_value(&ev); edit_item(si, ii, Box::new(move |i| i.unit = Some(v.clone()))) }/></label>
                                            <label class="inline">{lang.pick("限值", "Limit")}<input type="number" step="any" disabled=ro prop:value=it.limit.map(|x| x.to_string()).unwrap_or_default() on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); edit_item(si, ii, Box::new(move |i| i.limit = v)) }/></label>
                                        })}
                                        <input type="text" disabled=ro aria-label=lang.pick("依据", "Basis") placeholder=lang.pick("法律依据", "Legal basis") prop:value=it.basis.clone() on:change=move |ev| { let v = event_target_value(&ev); edit_item(si, ii, Box::new(move |i| i.basis = v.clone())) }/>
                                    </div>
                                }).collect_view()}
                                {(!ro).then(|| view! { <button type="button" class="ghost" on:click=move |_| editing.update(|t| if let Some(t) = t {
                                    let n = t.sections.iter().map(|s| s.items.len()).sum::<usize>() + 1;
                                    t.sections[si].items.push(ChecklistItem { code: format!("{}-{:02}", t.code, n), text: String::new(), kind: ItemKind::YesNo, expected: Some(true), unit: None, limit: None, basis: String::new() });
                                })>{lang.pick("＋ 检查项", "+ Item")}</button> })}
                            </fieldset>
                        }).collect_view()}
                        <div class="actions-row">
                            {(!ro).then(|| view! { <button type="button" class="ghost" on:click=move |_| editing.update(|t| if let Some(t) = t { t.sections.push(ChecklistSection { title: "新部分".into(), items: vec![] }) })>{lang.pick("＋ 部分", "+ Section")}</button> })}
                            <button type="button" class="button secondary" on:click=move |_| editing.set(None)>{lang.pick("返回", "Back")}</button>
                            {(!ro).then(|| view! { <button type="button" class="button" on:click=save>{lang.pick("保存为新版本", "Save as new version")}</button> })}
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
