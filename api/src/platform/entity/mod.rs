//! sea-orm entities: the database shape. Each feature converts its rows to `shared` wire types
//! beside its queries; rows never leave the API.

pub mod app_user;
pub mod audit_log;
pub mod benchmark;
pub mod bureau;
pub mod case_document;
pub mod case_officer;
pub mod case_step;
pub mod checklist_template;
pub mod device;
pub mod division;
pub mod doc_sequence;
pub mod enforcement_case;
pub mod enterprise;
pub mod enterprise_tag;
pub mod evidence;
pub mod holiday;
pub mod inspection;
pub mod inspection_record;
pub mod job;
pub mod login_throttle;
pub mod monitoring_point;
pub mod permit;
pub mod project;
pub mod rectification;
pub mod refresh_token;
pub mod setting;
pub mod sync_op;
pub mod tag;
pub mod tag_category;
pub mod task;
pub mod task_event;
pub mod task_inspector;
pub mod timeline_event;
