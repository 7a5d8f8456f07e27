//! sea-orm entities: the database shape. Converted to `shared` wire types in `convert.rs`,
//! never exposed directly.

pub mod app_user;
pub mod audit_log;
pub mod bureau;
pub mod checklist_template;
pub mod device;
pub mod division;
pub mod enterprise;
pub mod enterprise_tag;
pub mod evidence;
pub mod inspection;
pub mod inspection_record;
pub mod job;
pub mod login_throttle;
pub mod monitoring_point;
pub mod permit;
pub mod project;
pub mod refresh_token;
pub mod setting;
pub mod sync_op;
pub mod tag;
pub mod tag_category;
pub mod task;
pub mod task_event;
pub mod task_inspector;
pub mod timeline_event;
