//! On-site inspection (S1–S4): checklist answers, evidence, records with signatures, and the
//! sync protocol that carries work done offline to the server exactly once.
//!
//! Everything an inspector makes on the device is an [`Op`] with a client-generated id, kept in
//! the device's outbox until the server has answered it. The server applies each op at most
//! once (it remembers the ids it applied, in the same transaction as the effect), so a resend
//! after a lost reply is harmless.

use serde::{Deserialize, Serialize};

use crate::checklist::{ChecklistItem, ChecklistTemplate, ItemKind};
use crate::task::{TaskAction, TaskStatus, TaskView};
use crate::{BureauId, Lang};

/// Largest chunk of a file upload the server accepts in one request.
pub const MAX_CHUNK: usize = 2 * 1024 * 1024;
/// The chunk size the app uses: small enough to finish on a weak link, large enough to be
/// few requests.
pub const CHUNK: usize = 512 * 1024;
/// Most ops in one sync request.
pub const MAX_BATCH: usize = 200;

/// A yes/no item's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Yes,
    No,
    NotApplicable,
}

impl Verdict {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Yes => lang.pick("是", "Yes"),
            Verdict::No => lang.pick("否", "No"),
            Verdict::NotApplicable => lang.pick("不适用", "N/A"),
        }
    }
}

/// One item's answer; which fields count depends on the item's kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemAnswer {
    pub code: String,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub text: String,
    /// The inspector's remark (shown in the record next to a problem).
    #[serde(default)]
    pub note: String,
    /// Evidence ids attached to this item.
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl ItemAnswer {
    /// Whether the answer says enough for the item's kind.
    pub fn answered(&self, item: &ChecklistItem) -> bool {
        match item.kind {
            ItemKind::YesNo => self.verdict.is_some(),
            ItemKind::Numeric => {
                self.value.is_some() || self.verdict == Some(Verdict::NotApplicable)
            }
            ItemKind::Text => !self.text.trim().is_empty(),
            ItemKind::Photo => !self.evidence.is_empty(),
        }
    }

    /// A problem found: the non-compliant answer, or a reading above the limit.
    pub fn problem(&self, item: &ChecklistItem) -> bool {
        match item.kind {
            ItemKind::YesNo => match (self.verdict, item.expected) {
                (Some(Verdict::Yes), Some(expected)) => !expected,
                (Some(Verdict::No), Some(expected)) => expected,
                _ => false,
            },
            ItemKind::Numeric => matches!((self.value, item.limit), (Some(v), Some(l)) if v > l),
            _ => false,
        }
    }
}

/// The answers of one inspection, tied to the template version they were made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Findings {
    pub template_code: String,
    pub template_version: i32,
    pub answers: Vec<ItemAnswer>,
}

impl Findings {
    pub fn answer(&self, code: &str) -> Option<&ItemAnswer> {
        self.answers.iter().find(|a| a.code == code)
    }

    /// Items not yet answered, in template order.
    pub fn missing<'t>(&self, template: &'t ChecklistTemplate) -> Vec<&'t ChecklistItem> {
        template
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|item| !self.answer(&item.code).is_some_and(|a| a.answered(item)))
            .collect()
    }

    /// Items with a problem, in template order.
    pub fn problems<'t>(&self, template: &'t ChecklistTemplate) -> Vec<&'t ChecklistItem> {
        template
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|item| self.answer(&item.code).is_some_and(|a| a.problem(item)))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Photo,
    Audio,
    Video,
}

impl EvidenceKind {
    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Photo => "photo",
            EvidenceKind::Audio => "audio",
            EvidenceKind::Video => "video",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            EvidenceKind::Photo,
            EvidenceKind::Audio,
            EvidenceKind::Video,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
    pub fn from_mime(mime: &str) -> Self {
        if mime.starts_with("audio/") {
            EvidenceKind::Audio
        } else if mime.starts_with("video/") {
            EvidenceKind::Video
        } else {
            EvidenceKind::Photo
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EvidenceKind::Photo => lang.pick("照片", "Photo"),
            EvidenceKind::Audio => lang.pick("录音", "Audio"),
            EvidenceKind::Video => lang.pick("录像", "Video"),
        }
    }
}

/// What the device records at capture: the file's SHA-256 (computed on the device), where
/// and when; the server adds on which device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceMeta {
    /// Client-generated UUID.
    pub id: String,
    pub task_id: String,
    pub kind: EvidenceKind,
    pub mime: String,
    pub file_name: String,
    pub size: i64,
    /// Lower-case hex.
    pub sha256: String,
    /// RFC 3339, the device clock.
    pub captured_at: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    /// Metres.
    #[serde(default)]
    pub accuracy: Option<f64>,
    /// The device the file came from, as the server verified it (`设备 <id> · <name>` of the
    /// device that signed the sync). Ignored in a sync batch: a device is never taken from
    /// the body; a client may leave it empty or out.
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub item_code: Option<String>,
}

impl EvidenceMeta {
    pub fn validate(&self) -> Result<(), String> {
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("证据的SHA-256校验值格式不正确".into());
        }
        if self.size <= 0 {
            return Err("证据文件为空".into());
        }
        if self.size > 2 * 1024 * 1024 * 1024 {
            return Err("证据文件超过2GB".into());
        }
        if let (Some(lat), Some(lng)) = (self.latitude, self.longitude) {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lng) {
                return Err("证据的定位坐标不正确".into());
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    #[serde(flatten)]
    pub meta: EvidenceMeta,
    /// Bytes the server holds.
    pub received: i64,
    /// The server recomputed the SHA-256 over the whole file and it matched.
    pub verified: bool,
    pub uploaded_by: String,
}

/// Where an upload stands; the client resumes from `received`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadState {
    pub received: i64,
    pub size: i64,
    pub verified: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// 现场检查笔录.
    Onsite,
    /// 询问笔录.
    Interrogation,
}

impl RecordKind {
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Onsite => "onsite",
            RecordKind::Interrogation => "interrogation",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [RecordKind::Onsite, RecordKind::Interrogation]
            .into_iter()
            .find(|k| k.code() == s)
    }
    pub fn title(self) -> &'static str {
        match self {
            RecordKind::Onsite => "现场检查（勘察）笔录",
            RecordKind::Interrogation => "调查询问笔录",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignerRole {
    Inspector,
    Party,
}

/// A signature drawn on the screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub role: SignerRole,
    /// The inspector's user id; empty for the party.
    #[serde(default)]
    pub user_id: String,
    pub name: String,
    /// `data:image/png;base64,…`
    pub image: String,
    /// RFC 3339.
    pub signed_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionAnswer {
    pub question: String,
    pub answer: String,
}

/// A record (笔录) as edited on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordDoc {
    /// Client-generated UUID.
    pub id: String,
    pub task_id: String,
    pub kind: RecordKind,
    /// RFC 3339.
    pub started_at: String,
    #[serde(default)]
    pub ended_at: String,
    pub place: String,
    pub party_name: String,
    /// The person present for the party: name, post, phone.
    #[serde(default)]
    pub respondent: String,
    #[serde(default)]
    pub respondent_title: String,
    #[serde(default)]
    pub respondent_phone: String,
    /// 检查情况 (on-site record).
    #[serde(default)]
    pub content: String,
    /// 问答 (interrogation record).
    #[serde(default)]
    pub questions: Vec<QuestionAnswer>,
    #[serde(default)]
    pub signatures: Vec<Signature>,
    /// Why the party did not sign, as recorded by the inspectors (拒绝签字).
    #[serde(default)]
    pub party_refusal: Option<String>,
}

impl RecordDoc {
    /// What is still missing before the record can be handed in.
    pub fn unsigned(&self, inspectors: &[String]) -> Vec<String> {
        let mut missing = Vec::new();
        for id in inspectors {
            if !self
                .signatures
                .iter()
                .any(|s| s.role == SignerRole::Inspector && &s.user_id == id)
            {
                missing.push(format!("执法人员{id}"));
            }
        }
        let party_signed = self.signatures.iter().any(|s| s.role == SignerRole::Party);
        let refused = self
            .party_refusal
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        if !party_signed && !refused {
            missing.push("当事人（或记录拒签）".into());
        }
        missing
    }
}

/// One piece of work made on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpBody {
    /// The whole checklist as it stands. `base_rev` is the server revision the device started
    /// from: when someone else saved since, the server reports a conflict instead of
    /// overwriting.
    SaveFindings {
        findings: Findings,
        base_rev: i64,
    },
    DeclareEvidence {
        evidence: EvidenceMeta,
    },
    SaveRecord {
        record: RecordDoc,
        base_rev: i64,
    },
    /// Start or submit; `from` is the status the device saw.
    Transition {
        action: TaskAction,
        from: TaskStatus,
    },
}

impl OpBody {
    pub fn code(&self) -> &'static str {
        match self {
            OpBody::SaveFindings { .. } => "save_findings",
            OpBody::DeclareEvidence { .. } => "declare_evidence",
            OpBody::SaveRecord { .. } => "save_record",
            OpBody::Transition { .. } => "transition",
        }
    }
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            OpBody::SaveFindings { .. } => lang.pick("检查表", "Checklist"),
            OpBody::DeclareEvidence { .. } => lang.pick("证据登记", "Evidence"),
            OpBody::SaveRecord { .. } => lang.pick("笔录", "Record"),
            OpBody::Transition { action, .. } => action.label(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Op {
    /// Client-generated UUID: the idempotency key.
    pub id: String,
    /// The task's bureau.
    pub bureau_id: BureauId,
    pub task_id: String,
    /// RFC 3339, the device clock.
    pub made_at: String,
    pub body: OpBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncBatch {
    /// Applied in this order.
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Applied before (a resend); nothing changed.
    Duplicate,
    /// The world moved on while the device was offline; the op was not applied and the
    /// inspector must decide.
    Conflict,
    /// The op can never apply (bad data, no access).
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub id: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub message: String,
    /// The revision the saved document now has (findings and records).
    #[serde(default)]
    pub rev: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncReply {
    pub results: Vec<OpResult>,
}

/// Everything about one inspection: what the inspector device needs to work offline and
/// what the squad leader reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionView {
    pub task: TaskView,
    /// The template the findings use (or the best fit when nothing is saved yet).
    pub template: ChecklistTemplate,
    pub findings: Option<Findings>,
    pub findings_rev: i64,
    pub evidence: Vec<EvidenceView>,
    pub records: Vec<RecordView>,
    pub credit_code: String,
    pub legal_person: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordView {
    #[serde(flatten)]
    pub record: RecordDoc,
    pub rev: i64,
}

use crate::limits::{Bounded, Bounds, DATA_URL, LINE, LIST, NOTE, SHORT, TEXT};

impl Bounded for SyncBatch {
    fn bounds(&self, b: &mut Bounds) {
        b.each("ops", "同步记录", &self.ops, MAX_BATCH);
    }
}

impl Bounded for Op {
    fn bounds(&self, b: &mut Bounds) {
        b.text("id", "操作编号", &self.id, SHORT)
            .text("task_id", "任务编号", &self.task_id, SHORT)
            .text("made_at", "操作时间", &self.made_at, SHORT)
            .nested("body", &self.body);
    }
}

impl Bounded for OpBody {
    fn bounds(&self, b: &mut Bounds) {
        match self {
            OpBody::SaveFindings { findings, .. } => b.nested("findings", findings),
            OpBody::DeclareEvidence { evidence } => b.nested("evidence", evidence),
            OpBody::SaveRecord { record, .. } => b.nested("record", record),
            OpBody::Transition { .. } => b,
        };
    }
}

impl Bounded for Findings {
    fn bounds(&self, b: &mut Bounds) {
        b.text("template_code", "模板编号", &self.template_code, SHORT)
            .each("answers", "检查项答复", &self.answers, LIST);
    }
}

impl Bounded for ItemAnswer {
    fn bounds(&self, b: &mut Bounds) {
        b.text("code", "检查项编号", &self.code, SHORT)
            .text("text", "填写内容", &self.text, NOTE)
            .text("note", "备注", &self.note, NOTE)
            .texts("evidence", "证据", &self.evidence, 100, SHORT);
    }
}

impl Bounded for EvidenceMeta {
    fn bounds(&self, b: &mut Bounds) {
        b.text("id", "证据编号", &self.id, SHORT)
            .text("task_id", "任务编号", &self.task_id, SHORT)
            .text("mime", "文件类型", &self.mime, LINE)
            .text("file_name", "文件名", &self.file_name, LINE)
            .text("sha256", "SHA-256校验值", &self.sha256, SHORT)
            .text("captured_at", "拍摄时间", &self.captured_at, SHORT)
            .text("device", "设备", &self.device, LINE)
            .opt("item_code", "检查项编号", self.item_code.as_deref(), SHORT);
    }
}

impl Bounded for RecordDoc {
    fn bounds(&self, b: &mut Bounds) {
        b.text("id", "笔录编号", &self.id, SHORT)
            .text("task_id", "任务编号", &self.task_id, SHORT)
            .text("started_at", "开始时间", &self.started_at, SHORT)
            .text("ended_at", "结束时间", &self.ended_at, SHORT)
            .text("place", "检查地点", &self.place, LINE)
            .text("party_name", "当事人", &self.party_name, LINE)
            .text("respondent", "被询问人", &self.respondent, SHORT)
            .text("respondent_title", "职务", &self.respondent_title, SHORT)
            .text(
                "respondent_phone",
                "联系电话",
                &self.respondent_phone,
                SHORT,
            )
            .text("content", "检查情况", &self.content, TEXT)
            .each("questions", "问答", &self.questions, 500)
            .each("signatures", "签名", &self.signatures, 20)
            .opt(
                "party_refusal",
                "拒签说明",
                self.party_refusal.as_deref(),
                NOTE,
            );
    }
}

impl Bounded for Signature {
    fn bounds(&self, b: &mut Bounds) {
        b.text("user_id", "签名人编号", &self.user_id, SHORT)
            .text("name", "签名人", &self.name, SHORT)
            .bytes("image", "签名图片", &self.image, DATA_URL)
            .text("signed_at", "签名时间", &self.signed_at, SHORT);
    }
}

impl Bounded for QuestionAnswer {
    fn bounds(&self, b: &mut Bounds) {
        b.text("question", "问题", &self.question, NOTE)
            .text("answer", "回答", &self.answer, NOTE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{AppliesTo, ChecklistSection};

    fn item(code: &str, kind: ItemKind) -> ChecklistItem {
        ChecklistItem {
            code: code.into(),
            text: "检查".into(),
            kind,
            expected: (kind == ItemKind::YesNo).then_some(true),
            unit: (kind == ItemKind::Numeric).then(|| "mg/L".into()),
            limit: (kind == ItemKind::Numeric).then_some(50.0),
            basis: String::new(),
        }
    }

    #[test]
    fn problems_and_missing_items_follow_the_kind() {
        let t = ChecklistTemplate {
            code: "t".into(),
            version: 2,
            name: "测试".into(),
            applies_to: AppliesTo::default(),
            sections: vec![ChecklistSection {
                title: "一".into(),
                items: vec![
                    item("a", ItemKind::YesNo),
                    item("b", ItemKind::Numeric),
                    item("c", ItemKind::Photo),
                    item("d", ItemKind::Text),
                ],
            }],
        };
        let mut f = Findings {
            template_code: "t".into(),
            template_version: 2,
            answers: vec![
                ItemAnswer {
                    code: "a".into(),
                    verdict: Some(Verdict::No),
                    ..Default::default()
                },
                ItemAnswer {
                    code: "b".into(),
                    value: Some(62.5),
                    ..Default::default()
                },
            ],
        };
        let codes = |v: Vec<&ChecklistItem>| v.iter().map(|i| i.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(f.problems(&t)), ["a", "b"]);
        assert_eq!(codes(f.missing(&t)), ["c", "d"]);
        f.answers[0].verdict = Some(Verdict::NotApplicable);
        f.answers[1].value = Some(50.0);
        assert!(f.problems(&t).is_empty(), "at the limit is compliant");
    }

    #[test]
    fn a_record_needs_both_inspectors_and_the_party_or_a_refusal() {
        let mut r = RecordDoc {
            id: "r".into(),
            task_id: "t".into(),
            kind: RecordKind::Onsite,
            started_at: String::new(),
            ended_at: String::new(),
            place: String::new(),
            party_name: String::new(),
            respondent: String::new(),
            respondent_title: String::new(),
            respondent_phone: String::new(),
            content: String::new(),
            questions: vec![],
            signatures: vec![],
            party_refusal: None,
        };
        let inspectors = ["u1".to_string(), "u2".to_string()];
        assert_eq!(r.unsigned(&inspectors).len(), 3);
        for id in &inspectors {
            r.signatures.push(Signature {
                role: SignerRole::Inspector,
                user_id: id.clone(),
                name: "张三".into(),
                image: String::new(),
                signed_at: String::new(),
            });
        }
        assert_eq!(r.unsigned(&inspectors), ["当事人（或记录拒签）"]);
        r.party_refusal = Some("当事人拒绝签字".into());
        assert!(r.unsigned(&inspectors).is_empty());
    }

    #[test]
    fn ops_are_tagged_on_the_wire() {
        let op = OpBody::Transition {
            action: TaskAction::Submit,
            from: TaskStatus::InProgress,
        };
        let json = serde_json::to_value(&op).expect("serialise");
        assert_eq!(json["type"], "transition");
        assert_eq!(json["action"], "submit");
    }
}
