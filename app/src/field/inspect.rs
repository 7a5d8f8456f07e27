//! 现场检查: the inspector's workspace on a task (guided checklist, evidence, records with
//! signatures, submission), all of it working without a network; and the squad leader's review.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::checklist::{ChecklistItem, ItemKind};
use shared::inspection::{
    EvidenceKind, EvidenceMeta, Findings, InspectionView, ItemAnswer, OpBody, QuestionAnswer,
    RecordDoc, RecordKind, Signature, SignerRole, Verdict,
};
use shared::task::{TaskAction, TaskStatus, TaskView};
use shared::{BureauId, Lang};
use wasm_bindgen::JsCast;

use crate::context::{Locale, Session};
use crate::offline::{self, Draft, Field};

/// Queues start or submit; the task shows the new status at once.
pub async fn queue_move(
    field: Field,
    session: Session,
    lang: Lang,
    t: &TaskView,
    action: TaskAction,
) -> Result<(), String> {
    let mut d = offline::draft(t.bureau_id, &t.id).await;
    let from = d.status.unwrap_or(t.status);
    let Some(to) = action.apply(from) else {
        return Err(lang
            .pick("当前状态不能进行此操作", "Not possible in this state")
            .into());
    };
    offline::enqueue(
        field,
        session,
        lang,
        t.bureau_id,
        &t.id,
        OpBody::Transition { action, from },
    )
    .await?;
    d.status = Some(to);
    offline::save_draft(t.bureau_id, &t.id, &d).await;
    Ok(())
}

fn items(v: &InspectionView) -> Vec<(String, ChecklistItem)> {
    v.template
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(move |i| (s.title.clone(), i.clone())))
        .collect()
}

/// Puts the server's saved work into a fresh draft (first open on this device).
fn seed_draft(mut d: Draft, v: &InspectionView) -> Draft {
    if d.findings.is_none() {
        d.findings = Some(v.findings.clone().unwrap_or(Findings {
            template_code: v.template.code.clone(),
            template_version: v.template.version,
            answers: vec![],
        }));
        d.findings_base = v.findings_rev;
    }
    for r in &v.records {
        if !d.records.iter().any(|x| x.id == r.record.id) {
            d.records.push(r.record.clone());
            d.record_bases.insert(r.record.id.clone(), r.rev);
        }
    }
    for e in &v.evidence {
        if !d.evidence.iter().any(|x| x.id == e.meta.id) {
            d.evidence.push(e.meta.clone());
        }
    }
    d
}

fn new_record(kind: RecordKind, v: &InspectionView, d: &Draft) -> RecordDoc {
    let problems: Vec<String> = d
        .findings
        .as_ref()
        .map(|f| {
            f.problems(&v.template)
                .iter()
                .map(|i| {
                    let note = f
                        .answer(&i.code)
                        .map(|a| a.note.clone())
                        .filter(|n| !n.is_empty());
                    match note {
                        Some(n) => format!("{}（{}）", i.text, n),
                        None => i.text.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let content = if problems.is_empty() {
        format!(
            "执法人员依据《{}》对该单位进行现场检查，未发现环境违法问题。",
            v.template.name
        )
    } else {
        let list: Vec<String> = problems
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{}. {}", i + 1, p))
            .collect();
        format!(
            "执法人员依据《{}》对该单位进行现场检查，发现以下问题：\n{}",
            v.template.name,
            list.join("\n")
        )
    };
    let questions = if kind == RecordKind::Interrogation {
        [
            "请说明你的姓名、职务及与被检查单位的关系。",
            "你单位的主要产品、生产工艺和污染物排放情况是什么？",
            "你单位是否取得排污许可证？是否按证排污？",
            "对本次检查发现的问题，你有什么说明？",
        ]
        .iter()
        .map(|q| QuestionAnswer {
            question: (*q).into(),
            answer: String::new(),
        })
        .collect()
    } else {
        vec![]
    };
    RecordDoc {
        id: offline::new_id(),
        task_id: v.task.id.clone(),
        kind,
        started_at: offline::now_rfc3339(),
        ended_at: String::new(),
        place: v.task.enterprise_address.clone(),
        party_name: v.task.enterprise_name.clone(),
        respondent: String::new(),
        respondent_title: String::new(),
        respondent_phone: String::new(),
        content,
        questions,
        signatures: vec![],
        party_refusal: None,
    }
}

/// Which device captured: the registered device's id (短号) and model, or that it is not registered.
async fn device_label() -> String {
    let name = crate::device::device_name();
    match crate::device::local().await {
        Some(d) => format!("设备 {} · {name}", d.id.chars().take(8).collect::<String>()),
        None => format!("未注册设备 · {name}"),
    }
}

#[component]
pub fn Workspace(task: TaskView, on_change: Callback<()>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let field = expect_context::<Field>();
    let view_sig = RwSignal::new(None::<InspectionView>);
    let draft = RwSignal::new(Draft::default());
    let error = RwSignal::new(None::<String>);
    let step = RwSignal::new(0usize);
    let tab = RwSignal::new("checklist");
    let (b, tid) = (task.bureau_id, task.id.clone());
    {
        let tid = tid.clone();
        // Reloaded after every sync, so verified evidence and revisions show. The draft in
        // memory stays the one being edited; only what the sync learned is merged in.
        let last_sync = Memo::new(move |_| field.0.with(|s| s.last_sync));
        let loaded = RwSignal::new(false);
        Effect::new(move || {
            last_sync.get();
            let lang = locale.0.get_untracked();
            let tid = tid.clone();
            spawn_local(async move {
                let stored = offline::draft(b, &tid).await;
                let mut d = if loaded.get_untracked() {
                    draft.get_untracked()
                } else {
                    stored.clone()
                };
                d.findings_base = d.findings_base.max(stored.findings_base);
                for (k, v) in stored.record_bases {
                    let e = d.record_bases.entry(k).or_insert(v);
                    *e = (*e).max(v);
                }
                match offline::inspection(session, lang, b, &tid).await {
                    Ok(v) => {
                        let d = seed_draft(d, &v);
                        draft.set(d.clone());
                        loaded.set(true);
                        offline::save_draft(b, &tid, &d).await;
                        view_sig.set(Some(v));
                    }
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        });
    }
    // Every change: into the draft (kept on the device) and into the outbox.
    let save_findings = {
        let tid = tid.clone();
        move |f: Findings| {
            let lang = locale.0.get_untracked();
            let tid = tid.clone();
            draft.update(|d| d.findings = Some(f.clone()));
            let d = draft.get_untracked();
            spawn_local(async move {
                offline::save_draft(b, &tid, &d).await;
                if let Err(e) = offline::enqueue(
                    field,
                    session,
                    lang,
                    b,
                    &tid,
                    OpBody::SaveFindings {
                        findings: f,
                        base_rev: d.findings_base,
                    },
                )
                .await
                {
                    error.set(Some(e));
                }
            });
        }
    };
    let answer_of = move |code: &str| -> ItemAnswer {
        draft
            .with(|d| d.findings.as_ref().and_then(|f| f.answer(code).cloned()))
            .unwrap_or(ItemAnswer {
                code: code.into(),
                ..Default::default()
            })
    };
    let set_answer = {
        let save = save_findings.clone();
        move |a: ItemAnswer| {
            let mut f = draft
                .with_untracked(|d| d.findings.clone())
                .unwrap_or_else(|| {
                    let v = view_sig.get_untracked().expect("loaded");
                    Findings {
                        template_code: v.template.code.clone(),
                        template_version: v.template.version,
                        answers: vec![],
                    }
                });
            match f.answers.iter_mut().find(|x| x.code == a.code) {
                Some(x) => *x = a,
                None => f.answers.push(a),
            }
            save(f);
        }
    };
    let capture = {
        let set_answer = set_answer.clone();
        let tid = tid.clone();
        move |ev: leptos::ev::Event, item: Option<String>| {
            let lang = locale.0.get_untracked();
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(files) = input.files() else { return };
            let files: Vec<web_sys::File> =
                (0..files.length()).filter_map(|i| files.get(i)).collect();
            input.set_value("");
            let set_answer = set_answer.clone();
            let tid = tid.clone();
            spawn_local(async move {
                let pos = offline::position().await;
                for file in files {
                    let blob: &web_sys::Blob = file.as_ref();
                    let sha = match offline::sha256(blob).await {
                        Ok(s) => s,
                        Err(e) => {
                            error.set(Some(e));
                            continue;
                        }
                    };
                    let mime = if file.type_().is_empty() {
                        "application/octet-stream".to_string()
                    } else {
                        file.type_()
                    };
                    let meta = EvidenceMeta {
                        id: offline::new_id(),
                        task_id: tid.clone(),
                        kind: EvidenceKind::from_mime(&mime),
                        mime,
                        file_name: file.name(),
                        size: blob.size() as i64,
                        sha256: sha,
                        captured_at: offline::now_rfc3339(),
                        latitude: pos.map(|p| p.0),
                        longitude: pos.map(|p| p.1),
                        accuracy: pos.map(|p| p.2),
                        device: device_label().await,
                        item_code: item.clone(),
                    };
                    if let Err(e) =
                        offline::enqueue_file(field, session, lang, b, meta.clone(), blob).await
                    {
                        error.set(Some(e));
                        continue;
                    }
                    draft.update(|d| d.evidence.push(meta.clone()));
                    offline::save_draft(b, &tid, &draft.get_untracked()).await;
                    if let Some(code) = &item {
                        let mut a = answer_of(code);
                        a.evidence.push(meta.id.clone());
                        set_answer(a);
                    }
                }
            });
        }
    };
    let save_record = {
        let tid = tid.clone();
        move |r: RecordDoc| {
            let lang = locale.0.get_untracked();
            let tid = tid.clone();
            draft.update(|d| match d.records.iter_mut().find(|x| x.id == r.id) {
                Some(x) => *x = r.clone(),
                None => d.records.push(r.clone()),
            });
            let d = draft.get_untracked();
            let base = d.record_bases.get(&r.id).copied().unwrap_or(0);
            spawn_local(async move {
                offline::save_draft(b, &tid, &d).await;
                if let Err(e) = offline::enqueue(
                    field,
                    session,
                    lang,
                    b,
                    &tid,
                    OpBody::SaveRecord {
                        record: r,
                        base_rev: base,
                    },
                )
                .await
                {
                    error.set(Some(e));
                }
            });
        }
    };
    let task_for_submit = task.clone();
    let submit = move |_| {
        let lang = locale.0.get_untracked();
        let t = task_for_submit.clone();
        spawn_local(async move {
            match queue_move(field, session, lang, &t, TaskAction::Submit).await {
                Ok(()) => on_change.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let inspector_ids: Vec<String> = task.inspectors.iter().map(|i| i.user_id.clone()).collect();
    let inspectors = task.inspectors.clone();
    view! {
        <section class="card workspace">
            <Show when=move || error.with(Option::is_some)><p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p></Show>
            <div class="tabs" role="tablist">
                {[("checklist", "检查表", "Checklist"), ("evidence", "证据", "Evidence"), ("record", "笔录", "Records")].into_iter().map(|(k, zh, en)| view! {
                    <button type="button" role="tab" class:active=move || tab.get() == k aria-selected=move || (tab.get() == k).to_string() on:click=move |_| tab.set(k)>{move || locale.t(zh, en)}</button>
                }).collect_view()}
            </div>
            {move || view_sig.get().map(|v| {
                let lang = locale.get();
                let all = items(&v);
                let n = all.len();
                let set_answer = set_answer.clone();
                let capture = capture.clone();
                let save_record = save_record.clone();
                let inspector_ids = inspector_ids.clone();
                let inspectors = inspectors.clone();
                let submit = submit.clone();
                let (answered, problems) = draft.with(|d| d.findings.as_ref().map(|f| (n - f.missing(&v.template).len(), f.problems(&v.template).len())).unwrap_or((0, 0)));
                match tab.get() {
                    "checklist" => {
                        let i = step.get().min(n.saturating_sub(1));
                        let (section, item) = all[i].clone();
                        let a = answer_of(&item.code);
                        let problem = a.problem(&item);
                        let code = item.code.clone();
                        let verdict_button = {
                            let set_answer = set_answer.clone();
                            let a = a.clone();
                            move |vd: Verdict| {
                                let set_answer = set_answer.clone();
                                let mut a = a.clone();
                                let pressed = a.verdict == Some(vd);
                                view! { <button type="button" class="choice" class:on=pressed aria-pressed=pressed.to_string() on:click=move |_| { a.verdict = Some(vd); set_answer(a.clone()); }>{vd.label(lang)}</button> }
                            }
                        };
                        let body = match item.kind {
                            ItemKind::YesNo => view! { <div class="choices">{verdict_button(Verdict::Yes)}{verdict_button(Verdict::No)}{verdict_button(Verdict::NotApplicable)}</div> }.into_any(),
                            ItemKind::Numeric => {
                                let set_answer = set_answer.clone();
                                let a2 = a.clone();
                                view! { <div class="numeric">
                                    <input type="number" inputmode="decimal" step="any" aria-label=item.text.clone() prop:value=a.value.map(|x| x.to_string()).unwrap_or_default()
                                        on:change=move |ev| { let mut a = a2.clone(); a.value = event_target_value(&ev).trim().parse().ok(); set_answer(a); }/>
                                    <span>{item.unit.clone().unwrap_or_default()}</span>
                                    <span class="muted">{format!("{}{}", lang.pick("限值 ≤ ", "Limit ≤ "), item.limit.unwrap_or_default())}</span>
                                    {verdict_button(Verdict::NotApplicable)}
                                </div> }.into_any()
                            }
                            ItemKind::Text => {
                                let set_answer = set_answer.clone();
                                let a2 = a.clone();
                                view! { <textarea rows="3" aria-label=item.text.clone() prop:value=a.text.clone() on:change=move |ev| { let mut a = a2.clone(); a.text = event_target_value(&ev); set_answer(a); }></textarea> }.into_any()
                            }
                            ItemKind::Photo => {
                                let capture = capture.clone();
                                let code = code.clone();
                                view! { <label class="button capture">{lang.pick("拍照取证", "Take photo")}
                                    <input type="file" accept="image/*" capture="environment" class="visually-hidden" data-item=code.clone() on:change=move |ev| capture(ev, Some(code.clone()))/>
                                </label>
                                <p class="muted">{format!("{} {}", lang.pick("已附照片", "Photos"), a.evidence.len())}</p> }.into_any()
                            }
                        };
                        let note_set = set_answer.clone();
                        let a_note = a.clone();
                        view! {
                            <div class="guided">
                                <p class="progress-line">{format!("{} {}/{} · {} {answered} · {} {problems}", lang.pick("第", "Item"), i + 1, n, lang.pick("已答", "answered"), lang.pick("问题", "problems"))}</p>
                                <progress max=n.to_string() value=answered.to_string()></progress>
                                <p class="muted">{section}</p>
                                <h3 class="item-text">{item.text.clone()}</h3>
                                {(!item.basis.is_empty()).then(|| view! { <p class="muted basis">{lang.pick("依据：", "Basis: ")}{item.basis.clone()}</p> })}
                                {body}
                                {problem.then(|| view! { <p class="problem-flag" role="status">{lang.pick("⚠ 发现问题", "⚠ Problem found")}</p> })}
                                <label class="note">{lang.pick("备注", "Remark")}
                                    <textarea rows="2" prop:value=a.note.clone() on:change=move |ev| { let mut a = a_note.clone(); a.note = event_target_value(&ev); note_set(a); }></textarea>
                                </label>
                                <div class="actions-row">
                                    <button type="button" class="button secondary" disabled=move || step.get() == 0 on:click=move |_| step.update(|s| *s = s.saturating_sub(1))>{lang.pick("上一项", "Previous")}</button>
                                    <button type="button" class="button" disabled=move || { step.get() + 1 >= n } on:click=move |_| step.update(|s| *s += 1)>{lang.pick("下一项", "Next")}</button>
                                </div>
                                <ol class="item-dots">{all.iter().enumerate().map(|(k, (_, it))| {
                                    let a = answer_of(&it.code);
                                    let cls = if a.problem(it) { "dot problem" } else if a.answered(it) { "dot done" } else { "dot" };
                                    view! { <li><button type="button" class=cls class:current=k == i title=it.text.clone() on:click=move |_| step.set(k)>{k + 1}</button></li> }
                                }).collect_view()}</ol>
                            </div>
                        }.into_any()
                    }
                    "evidence" => {
                        let capture2 = capture.clone();
                        let verified: Vec<String> = v.evidence.iter().filter(|e| e.verified).map(|e| e.meta.id.clone()).collect();
                        view! {
                            <div class="evidence">
                                <div class="actions-row">
                                    <label class="button capture">{lang.pick("拍照", "Photo")}
                                        <input type="file" accept="image/*" capture="environment" class="visually-hidden" on:change=move |ev| capture(ev, None)/></label>
                                    <label class="button secondary capture">{lang.pick("录音/录像/文件", "Audio/video/file")}
                                        <input type="file" accept="image/*,audio/*,video/*" multiple class="visually-hidden" on:change=move |ev| capture2(ev, None)/></label>
                                </div>
                                <ul class="rows evidence-list">{draft.with(|d| d.evidence.clone()).into_iter().map(|e| {
                                    let ok = verified.contains(&e.id);
                                    view! { <li>
                                        <Thumb bureau=b id=e.id.clone() mime=e.mime.clone() verified=ok/>
                                        <div>
                                            <strong>{e.kind.label(lang)}" · "{e.file_name.clone()}</strong>
                                            <div class="muted mono">"SHA-256 "{e.sha256[..16].to_string()}"…"</div>
                                            <div class="muted">{match (e.latitude, e.longitude) { (Some(la), Some(lo)) => format!("{la:.5}, {lo:.5} ±{:.0}m", e.accuracy.unwrap_or_default()), _ => lang.pick("无定位", "No position").into() }}</div>
                                            <span class=if ok { "chip ok" } else { "chip pending" }>{if ok { lang.pick("已上传·校验一致", "Uploaded · verified") } else { lang.pick("待上传", "Waiting to upload") }}</span>
                                        </div>
                                    </li> }
                                }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    }
                    _ => {
                        let records = draft.with(|d| d.records.clone());
                        let v2 = v.clone();
                        let v3 = v.clone();
                        let add_onsite = { let save_record = save_record.clone(); move |_| save_record(new_record(RecordKind::Onsite, &v2, &draft.get_untracked())) };
                        let add_q = { let save_record = save_record.clone(); move |_| save_record(new_record(RecordKind::Interrogation, &v3, &draft.get_untracked())) };
                        let has_onsite = records.iter().any(|r| r.kind == RecordKind::Onsite);
                        view! {
                            <div class="records">
                                <div class="actions-row">
                                    {(!has_onsite).then(|| view! { <button type="button" class="button" on:click=add_onsite>{lang.pick("制作现场检查笔录", "New on-site record")}</button> })}
                                    <button type="button" class="button secondary" on:click=add_q>{lang.pick("制作询问笔录", "New interrogation record")}</button>
                                </div>
                                {records.into_iter().map(|r| view! { <RecordEditor record=r inspectors=inspectors.clone() on_save=Callback::new({ let s = save_record.clone(); move |r| s(r) })/> }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }
                .into_any()
                .into_view()
                .pipe(|body| {
                    let ready = draft.with(|d| {
                        let f_ok = d.findings.as_ref().is_some_and(|f| f.missing(&v.template).is_empty());
                        let r_ok = d.records.iter().any(|r| r.kind == RecordKind::Onsite && r.unsigned(&inspector_ids).is_empty());
                        (f_ok, r_ok)
                    });
                    let in_progress = draft.with(|d| d.status.unwrap_or(v.task.status)) == TaskStatus::InProgress;
                    view! {
                        {body}
                        <div class="submit-bar">
                            <p class="muted">{format!("{}{} · {}{}",
                                lang.pick("检查表", "Checklist "), if ready.0 { lang.pick("已完成", " complete") } else { lang.pick("未完成", " incomplete") },
                                lang.pick("现场笔录", "Record "), if ready.1 { lang.pick("已签名", " signed") } else { lang.pick("未签名", " unsigned") })}</p>
                            <button type="button" class="button" disabled=!(ready.0 && ready.1 && in_progress) on:click=submit>{lang.pick("提交检查结果", "Submit inspection")}</button>
                        </div>
                    }
                })
            })}
        </section>
    }
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

/// A photo: from the device while it is kept there (works offline), else the verified copy
/// from the server, fetched with the session.
#[component]
fn Thumb(bureau: BureauId, id: String, mime: String, verified: bool) -> impl IntoView {
    let session = expect_context::<Session>();
    let locale = expect_context::<Locale>();
    let url = RwSignal::new(None::<String>);
    if mime.starts_with("image/") {
        let lang = locale.0.get_untracked();
        spawn_local(async move {
            let blob = match offline::local_file(&id).await {
                Some(blob) => Some(blob),
                None if verified => {
                    let path = format!("/api/evidence/{bureau}/{id}/content");
                    let bytes = session
                        .call(lang, |api| {
                            let p = path.clone();
                            async move { api.file(&p).await }
                        })
                        .await
                        .ok();
                    bytes.and_then(|b| {
                        let arr = js_sys::Array::of1(&js_sys::Uint8Array::from(b.as_slice()));
                        let bag = web_sys::BlobPropertyBag::new();
                        bag.set_type(&mime);
                        web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &bag).ok()
                    })
                }
                None => None,
            };
            if let Some(blob) = blob {
                url.set(web_sys::Url::create_object_url_with_blob(&blob).ok());
            }
        });
    }
    view! { {move || url.get().map(|u| view! { <img class="thumb" src=u alt=""/> })} }
}

#[component]
fn RecordEditor(
    record: RecordDoc,
    inspectors: Vec<shared::task::TaskInspector>,
    on_save: Callback<RecordDoc>,
) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let r = RwSignal::new(record);
    let save = move || on_save.run(r.get_untracked());
    let text = move |label: &'static str,
                     get: fn(&RecordDoc) -> String,
                     set: fn(&mut RecordDoc, String)| {
        view! { <label>{label}<input type="text" prop:value=move || r.with(get) on:change=move |ev| { r.update(|x| set(x, event_target_value(&ev))); save(); }/></label> }
    };
    let signed = move |role: SignerRole, uid: &str| {
        r.with(|x| {
            x.signatures
                .iter()
                .any(|s| s.role == role && s.user_id == uid)
        })
    };
    view! {
        <article class="record-editor">
            <h3>{move || r.with(|x| x.kind.title())}</h3>
            {text("地点", |x| x.place.clone(), |x, v| x.place = v)}
            {text("现场负责人", |x| x.respondent.clone(), |x, v| x.respondent = v)}
            {text("职务", |x| x.respondent_title.clone(), |x, v| x.respondent_title = v)}
            {text("联系电话", |x| x.respondent_phone.clone(), |x, v| x.respondent_phone = v)}
            {move || if r.with(|x| x.kind == RecordKind::Onsite) {
                view! { <label>{locale.t("检查情况", "Findings")}<textarea rows="6" prop:value=move || r.with(|x| x.content.clone()) on:change=move |ev| { r.update(|x| x.content = event_target_value(&ev)); save(); }></textarea></label> }.into_any()
            } else {
                view! { <div class="qa">{r.with(|x| x.questions.clone()).into_iter().enumerate().map(|(k, qa)| view! {
                    <label>{format!("问：{}", qa.question)}<textarea rows="2" prop:value=qa.answer.clone() on:change=move |ev| { r.update(|x| x.questions[k].answer = event_target_value(&ev)); save(); }></textarea></label>
                }).collect_view()}</div> }.into_any()
            }}
            <h4>{locale.t("签名", "Signatures")}</h4>
            {inspectors.into_iter().map(|i| {
                let uid = i.user_id.clone();
                let uid2 = uid.clone();
                let name = i.display_name.clone();
                view! {
                    <div class="sign-row">
                        <span>{format!("执法人员 {}", name)}</span>
                        {move || if signed(SignerRole::Inspector, &uid) {
                            view! { <span class="chip ok">{locale.t("已签名", "Signed")}</span> }.into_any()
                        } else {
                            let (uid, name) = (uid2.clone(), name.clone());
                            view! { <SignaturePad label=format!("{}签名", name) on_done=Callback::new(move |img: String| {
                                r.update(|x| x.signatures.push(Signature { role: SignerRole::Inspector, user_id: uid.clone(), name: name.clone(), image: img, signed_at: offline::now_rfc3339() }));
                                save();
                            })/> }.into_any()
                        }}
                    </div>
                }
            }).collect_view()}
            <div class="sign-row">
                <span>{locale.t("当事人", "Party")}</span>
                {move || if signed(SignerRole::Party, "") {
                    view! { <span class="chip ok">{locale.t("已签名", "Signed")}</span> }.into_any()
                } else if r.with(|x| x.party_refusal.is_some()) {
                    view! { <label>{locale.t("拒签情况", "Refusal")}<input type="text" prop:value=move || r.with(|x| x.party_refusal.clone().unwrap_or_default()) on:change=move |ev| { r.update(|x| x.party_refusal = Some(event_target_value(&ev))); save(); }/></label> }.into_any()
                } else {
                    view! {
                        <SignaturePad label="当事人签名".to_string() on_done=Callback::new(move |img: String| {
                            r.update(|x| { let name = x.respondent.clone(); x.signatures.push(Signature { role: SignerRole::Party, user_id: String::new(), name, image: img, signed_at: offline::now_rfc3339() }); x.ended_at = offline::now_rfc3339(); });
                            save();
                        })/>
                        <button type="button" class="ghost" on:click=move |_| { r.update(|x| { x.party_refusal = Some("当事人拒绝签字，两名执法人员在场见证".into()); x.ended_at = offline::now_rfc3339(); }); save(); }>{locale.t("当事人拒绝签字", "Party refuses to sign")}</button>
                    }.into_any()
                }}
            </div>
        </article>
    }
}

/// Signing on the screen with a finger or stylus; the image is a PNG data URL.
#[component]
fn SignaturePad(label: String, on_done: Callback<String>) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let drawing = RwSignal::new(false);
    let inked = RwSignal::new(false);
    let ctx = move || -> Option<web_sys::CanvasRenderingContext2d> {
        canvas
            .get_untracked()?
            .get_context("2d")
            .ok()??
            .dyn_into()
            .ok()
    };
    let point = move |ev: &web_sys::PointerEvent| -> Option<(f64, f64)> {
        let c = canvas.get_untracked()?;
        let rect = c.get_bounding_client_rect();
        let sx = c.width() as f64 / rect.width().max(1.0);
        let sy = c.height() as f64 / rect.height().max(1.0);
        Some((
            (ev.client_x() as f64 - rect.left()) * sx,
            (ev.client_y() as f64 - rect.top()) * sy,
        ))
    };
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let (Some(c), Some((x, y))) = (ctx(), point(&ev)) {
            c.set_line_width(3.0);
            c.set_line_cap("round");
            c.begin_path();
            c.move_to(x, y);
            drawing.set(true);
        }
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        ev.prevent_default();
        if let (Some(c), Some((x, y))) = (ctx(), point(&ev)) {
            c.line_to(x, y);
            c.stroke();
            inked.set(true);
        }
    };
    let clear = move |_| {
        if let (Some(c), Some(el)) = (ctx(), canvas.get_untracked()) {
            c.clear_rect(0.0, 0.0, el.width() as f64, el.height() as f64);
        }
        inked.set(false);
    };
    let done = move |_| {
        if let Some(url) = canvas.get_untracked().and_then(|c| c.to_data_url().ok()) {
            on_done.run(url);
        }
    };
    view! {
        <div class="signature-pad">
            <canvas node_ref=canvas width="480" height="180" aria-label=label.clone()
                on:pointerdown=down on:pointermove=moved on:pointerup=move |_| drawing.set(false) on:pointerleave=move |_| drawing.set(false)></canvas>
            <div class="actions-row">
                <button type="button" class="ghost" on:click=clear>{move || locale.t("重写", "Clear")}</button>
                <button type="button" class="button" disabled=move || !inked.get() on:click=done>{move || locale.t("确认签名", "Confirm")}</button>
            </div>
        </div>
    }
}

/// The squad leader's desk review (and the inspector's read-only view after submission).
#[component]
pub fn Review(task: TaskView) -> impl IntoView {
    let locale = expect_context::<Locale>();
    let session = expect_context::<Session>();
    let (b, tid) = (task.bureau_id, task.id.clone());
    let data = LocalResource::new(move || {
        let lang = locale.get();
        let tid = tid.clone();
        async move {
            let mut v = offline::inspection(session, lang, b, &tid).await?;
            // Work of this device not yet on the server shows too (the inspector's own view).
            let d = offline::draft(b, &tid).await;
            if let Some(f) = d.findings.filter(|f| !f.answers.is_empty()) {
                v.findings = Some(f);
            }
            for r in d.records {
                match v.records.iter_mut().find(|x| x.record.id == r.id) {
                    Some(x) => x.record = r,
                    None => v
                        .records
                        .push(shared::inspection::RecordView { record: r, rev: 0 }),
                }
            }
            for e in d.evidence {
                if !v.evidence.iter().any(|x| x.meta.id == e.id) {
                    v.evidence.push(shared::inspection::EvidenceView {
                        meta: e,
                        received: 0,
                        verified: false,
                        uploaded_by: String::new(),
                    });
                }
            }
            Ok::<_, crate::api::CallError>(v)
        }
    });
    let pdf = move |b: BureauId, t: String, r: String, name: String| {
        let lang = locale.0.get_untracked();
        spawn_local(async move {
            let path = format!("/api/inspections/{b}/{t}/records/{r}/pdf");
            if let Ok(bytes) = session
                .call(lang, |api| {
                    let p = path.clone();
                    async move { api.file(&p).await }
                })
                .await
            {
                crate::ui::download::save_file(&bytes, &format!("{name}.pdf"), "application/pdf");
            }
        });
    };
    view! {
        <Transition fallback=|| view! { <p class="muted">"…"</p> }>
            {move || data.get().map(|r| {
                let lang = locale.get();
                match r {
                    Err(e) => view! { <p class="notice">{e.message(lang)}</p> }.into_any(),
                    Ok(v) => {
                        let f = v.findings.clone();
                        view! {
                            <section class="card review printable">
                                <h2>{lang.pick("检查结果", "Findings")}" · "{v.template.name.clone()}{format!("（{}{}{}）", lang.pick("第", "v"), v.template.version, lang.pick("版", ""))}</h2>
                                <ol class="review-items">{items(&v).into_iter().map(|(_, it)| {
                                    let a = f.as_ref().and_then(|f| f.answer(&it.code).cloned()).unwrap_or_default();
                                    let value = match it.kind {
                                        ItemKind::YesNo => a.verdict.map(|x| x.label(lang).to_string()).unwrap_or_default(),
                                        ItemKind::Numeric => a.value.map(|x| format!("{x} {}", it.unit.clone().unwrap_or_default())).unwrap_or_else(|| a.verdict.map(|x| x.label(lang).to_string()).unwrap_or_default()),
                                        ItemKind::Text => a.text.clone(),
                                        ItemKind::Photo => format!("{} {}", lang.pick("照片", "photos"), a.evidence.len()),
                                    };
                                    view! { <li class:problem=a.problem(&it)><span>{it.text.clone()}</span><strong>{value}</strong>
                                        {(!a.note.is_empty()).then(|| view! { <div class="muted">{a.note.clone()}</div> })}</li> }
                                }).collect_view()}</ol>
                                <h2>{lang.pick("证据", "Evidence")}</h2>
                                <ul class="rows evidence-list">{v.evidence.iter().map(|e| view! {
                                    <li>
                                        <Thumb bureau=b id=e.meta.id.clone() mime=e.meta.mime.clone() verified=e.verified/>
                                        <div>
                                            <strong>{e.meta.kind.label(lang)}" · "{e.meta.file_name.clone()}</strong>
                                            <div class="muted mono hash">"SHA-256 "{e.meta.sha256.clone()}</div>
                                            <div class="muted">{e.meta.device.clone()}" · "{match (e.meta.latitude, e.meta.longitude) { (Some(la), Some(lo)) => format!("{la:.5}, {lo:.5} ±{:.0}m", e.meta.accuracy.unwrap_or_default()), _ => "—".into() }}</div>
                                            <span class=if e.verified { "chip ok" } else { "chip pending" } data-verified=e.verified.to_string()>{if e.verified { lang.pick("服务器复核一致", "Hash verified") } else { lang.pick("未上传完成", "Not uploaded yet") }}</span>
                                        </div>
                                    </li>
                                }).collect_view()}</ul>
                                <h2>{lang.pick("笔录", "Records")}</h2>
                                {v.records.iter().map(|r| {
                                    let rec = r.record.clone();
                                    let (t, rid, name) = (v.task.id.clone(), rec.id.clone(), format!("{}-{}", rec.kind.title(), v.task.enterprise_name));
                                    view! { <article class="record-view">
                                        <h3>{rec.kind.title()}</h3>
                                        <p class="pre">{rec.content.clone()}</p>
                                        {rec.questions.iter().map(|q| view! { <p>{format!("问：{}", q.question)}<br/>{format!("答：{}", q.answer)}</p> }).collect_view()}
                                        <div class="signatures">{rec.signatures.iter().map(|s| view! { <figure><img src=s.image.clone() alt=s.name.clone()/><figcaption>{s.name.clone()}</figcaption></figure> }).collect_view()}</div>
                                        {rec.party_refusal.clone().map(|x| view! { <p class="muted">{lang.pick("当事人拒签：", "Refused: ")}{x}</p> })}
                                        <div class="actions-row no-print">
                                            <button type="button" class="button secondary" on:click=move |_| pdf(b, t.clone(), rid.clone(), name.clone())>{lang.pick("下载PDF", "PDF")}</button>
                                            <button type="button" class="button secondary" on:click=move |_| { let _ = window().print(); }>{lang.pick("打印", "Print")}</button>
                                        </div>
                                    </article> }
                                }).collect_view()}
                            </section>
                            // 立案 from the problems found, for the task's inspectors.
                            <crate::enforcement::new_case::FileCase v=v.clone()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
