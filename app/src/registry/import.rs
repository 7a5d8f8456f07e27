//! 批量导入: enterprises or permits from an Excel/CSV file — checked first (every problem with
//! its row, column and reason), imported only when the whole file is clean.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::dossier::ImportReport;
use shared::query::{ImportKind, ImportQuery, TemplateQuery};
use wasm_bindgen::JsCast;

use crate::context::{Locale, Session};
use crate::ui::download::save_file;
use crate::ui::format::risk_badge;

#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let kind = RwSignal::new(ImportKind::Enterprises);
    let file: StoredValue<Option<web_sys::File>, LocalStorage> = StoredValue::new_local(None);
    let file_name = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let run = move |dry_run: bool| {
        let Some(f) = file.get_value() else {
            error.set(Some(locale.t("请先选择文件", "Choose a file first").into()));
            return;
        };
        let lang = locale.0.get_untracked();
        let k = kind.get_untracked();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = session
                .call(lang, |api| {
                    let (query, f) = (ImportQuery { kind: k, dry_run }, f.clone());
                    async move { api.import(&query, &f).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(rep) => report.set(Some(rep)),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let template = move |_| {
        let lang = locale.0.get_untracked();
        let k = kind.get_untracked();
        spawn_local(async move {
            if let Ok(bytes) = session
                .call(lang, |api| async move {
                    api.import_template(&TemplateQuery { kind: k }).await
                })
                .await
            {
                let name = if k == ImportKind::Permits {
                    "排污许可证导入模板.xlsx"
                } else {
                    "企业导入模板.xlsx"
                };
                save_file(
                    &bytes,
                    name,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                );
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let f = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|l| l.get(0));
        file_name.set(f.as_ref().map(|f| f.name()).unwrap_or_default());
        file.set_value(f);
        report.set(None);
    };
    view! {
        <section class="page import-page">
            <p class="crumbs"><a href="/enterprises">{move || locale.t("‹ 污染源档案", "‹ Sources")}</a></p>
            <div class="page-head"><h1>{move || locale.t("批量导入", "Import")}</h1></div>
            <div class="card">
                <div class="import-form">
                    <label class="field-inline">{move || locale.t("导入内容", "Import")}
                        <select name="kind" on:change=move |ev| {
                            kind.set(if event_target_value(&ev) == "permits" { ImportKind::Permits } else { ImportKind::Enterprises });
                            report.set(None);
                        }>
                            <option value="enterprises">{move || locale.t("企业（污染源）", "Enterprises")}</option>
                            <option value="permits">{move || locale.t("排污许可证", "Discharge permits")}</option>
                        </select>
                    </label>
                    <button type="button" class="button secondary small" on:click=template>{move || locale.t("下载模板", "Template")}</button>
                </div>
                <label class="file-pick">
                    <input type="file" name="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" on:change=on_file/>
                    <span>{move || if file_name.with(String::is_empty) { locale.t("选择 Excel (.xlsx) 或 CSV 文件", "Choose an .xlsx or .csv file").to_string() } else { file_name.get() }}</span>
                </label>
                <p class="muted small">{move || locale.t("先检查：整个文件无误才会导入，有任何问题都不会写入。已有统一社会信用代码的企业将被更新。", "The file is checked first; nothing is written unless every row is valid. Existing credit codes are updated.")}</p>
                <div class="actions-row">
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| run(true)>{move || locale.t("检查文件", "Check file")}</button>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </div>
            {move || report.get().map(|r| {
                let lang = locale.get();
                let clean = r.issues.is_empty();
                view! {
                    <div class="card import-report">
                        <h2>{if r.committed { lang.pick("导入完成", "Imported") } else if clean { lang.pick("检查通过", "Ready to import") } else { lang.pick("文件有问题，未导入", "Problems found: nothing imported") }}</h2>
                        <p class="summary">{format!("{} {} {}，{} {}，{} {}",
                            lang.pick("共", "Rows:"), r.rows, lang.pick("行", ""),
                            lang.pick("新增", "new"), r.created, lang.pick("更新", "updated"), r.updated)}</p>
                        {(!clean).then(|| view! {
                            <div class="table-wrap"><table class="list issues">
                                <thead><tr><th>{lang.pick("行", "Row")}</th><th>{lang.pick("列", "Column")}</th><th>{lang.pick("问题", "Problem")}</th></tr></thead>
                                <tbody>{r.issues.iter().map(|i| view! {
                                    <tr><td>{if i.row == 0 { "—".to_string() } else { i.row.to_string() }}</td><td>{i.column.clone()}</td><td>{i.message.clone()}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                        })}
                        {(clean && !r.preview.is_empty()).then(|| view! {
                            <ul class="rows preview">{r.preview.iter().map(|e| view! {
                                <li><div><strong>{e.name.clone()}</strong>{risk_badge(e.risk_level, lang)}</div>
                                    <div class="muted mono">{e.credit_code.clone()}" · "{e.address.clone()}</div></li>
                            }).collect_view()}</ul>
                        })}
                        {(clean && !r.committed && r.dry_run).then(|| view! {
                            <div class="actions-row">
                                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| run(false)>{lang.pick("确认导入", "Import now")}</button>
                            </div>
                        })}
                    </div>
                }
            })}
        </section>
    }
}
