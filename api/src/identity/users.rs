//! User administration within the admin's jurisdiction.

use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use shared::user::{NewUser, TemporaryPassword, UserSummary};
use shared::{ApiError, UserId};
use uuid::Uuid;

use crate::identity::sessions::revoke_user;
use crate::platform::audit::{self, Actor};
use crate::platform::auth::token::now_secs;
use crate::platform::entity::{app_user, bureau};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Key, Scope, User};
use crate::platform::stored::{bureau_summary, roles, roles_to_db};
use crate::{identity::password, platform::auth::AuthUser};

fn summary(u: &app_user::Model, scope: &Scope) -> AppResult<UserSummary> {
    let find = |id: i64| scope.bureaus().iter().find(|b| b.id == id);
    let bureau = find(u.bureau_id).ok_or(ApiError::Forbidden)?;
    Ok(UserSummary {
        id: UserId(u.id.to_string()),
        bureau: bureau_summary(bureau)?,
        squad: u.squad_id.and_then(find).map(bureau_summary).transpose()?,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        roles: roles(&u.roles)?,
        certificate_no: u.certificate_no.clone(),
        certificate_valid_until: u.certificate_valid_until.map(|d| d.to_string()),
        phone: u.phone.clone(),
        active: u.active,
    })
}

pub async fn list(db: &DatabaseConnection, scope: &Scope) -> AppResult<Vec<UserSummary>> {
    let rows = app_user::Entity::find()
        .filter(app_user::Column::BureauId.is_in(scope.bureau_ids()))
        .order_by_asc(app_user::Column::BureauId)
        .order_by_asc(app_user::Column::Username)
        .all(db)
        .await?;
    rows.iter().map(|u| summary(u, scope)).collect()
}

fn temporary_password() -> String {
    // No look-alike characters: it is read out or copied by hand.
    const CHARS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let body: String = (0..10)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect();
    format!("{body}{}", rng.gen_range(10..100))
}

async fn find(db: &DatabaseConnection, key: Key<User>) -> AppResult<app_user::Model> {
    app_user::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound.into())
}

pub async fn create(
    db: &DatabaseConnection,
    scope: &Scope,
    caller: &AuthUser,
    new: NewUser,
) -> AppResult<TemporaryPassword> {
    let bureau = bureau::Entity::find_by_id(scope.admit_bureau(new.bureau_id)?.id().0)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    if bureau.level == "squad" {
        return Err(AppError::invalid(
            "bureau_id",
            "用户应属于局，中队请在“所属中队”中选择",
        ));
    }
    if let Some(squad) = new.squad_id {
        let ok = scope
            .bureaus()
            .iter()
            .any(|b| b.id == squad.0 && b.level == "squad" && b.parent_id == Some(bureau.id));
        if !ok {
            return Err(AppError::invalid("squad_id", "所选中队不属于该单位"));
        }
    }
    let username = new.username.trim().to_string();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(AppError::invalid(
            "username",
            "用户名应为1至64位字母、数字、下划线或点",
        ));
    }
    let display_name = new.display_name.trim().to_string();
    if display_name.is_empty() {
        return Err(AppError::invalid("display_name", "请输入姓名"));
    }
    if new.roles.is_empty() {
        return Err(AppError::invalid("roles", "请至少选择一个角色"));
    }
    let valid_until = match new
        .certificate_valid_until
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        Some(s) => Some(
            time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).map_err(
                |_| {
                    AppError::invalid(
                        "certificate_valid_until",
                        "执法证有效期应为日期，如2028-12-31",
                    )
                },
            )?,
        ),
        None => None,
    };
    let taken = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(bureau.id))
        .filter(app_user::Column::Username.eq(&username))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(ApiError::Conflict {
            reason: format!("本单位已有用户名“{username}”"),
        }
        .into());
    }
    let temp = temporary_password();
    let hash = password::hash_off_thread(temp.clone()).await?;
    let txn = audit::begin(db, bureau.id).await?;
    let model = app_user::Entity::insert(app_user::ActiveModel {
        bureau_id: Set(bureau.id),
        id: Set(Uuid::new_v4()),
        squad_id: Set(new.squad_id.map(|s| s.0)),
        username: Set(username.clone()),
        display_name: Set(display_name),
        password_hash: Set(hash),
        roles: Set(roles_to_db(&new.roles)),
        certificate_no: Set(new.certificate_no.filter(|c| !c.trim().is_empty())),
        certificate_valid_until: Set(valid_until),
        phone: Set(new.phone.filter(|p| !p.trim().is_empty())),
        active: Set(true),
        must_change_password: Set(true),
        created_at: Set(time::OffsetDateTime::now_utc()),
    })
    .exec_with_returning(&txn)
    .await?;
    let after = json!({ "username": username, "roles": model.roles, "squad_id": model.squad_id });
    audit::append(
        &txn,
        bureau.id,
        &Actor::of(caller),
        "user.create",
        &format!("user:{}", model.id),
        json!({ "after": after }),
    )
    .await?;
    txn.commit().await?;
    Ok(TemporaryPassword {
        user: summary(&model, scope)?,
        temporary_password: temp,
    })
}

pub async fn reset_password(
    db: &DatabaseConnection,
    scope: &Scope,
    caller: &AuthUser,
    key: Key<User>,
) -> AppResult<TemporaryPassword> {
    let user = find(db, key).await?;
    let bureau = key.bureau();
    let temp = temporary_password();
    let hash = password::hash_off_thread(temp.clone()).await?;
    let txn = audit::begin(db, bureau.0).await?;
    revoke_user(&txn, bureau.0, user.id, now_secs() as i64).await?;
    let mut active: app_user::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    let user = active.update(&txn).await?;
    audit::append(
        &txn,
        bureau.0,
        &Actor::of(caller),
        "user.password_reset",
        &format!("user:{}", user.id),
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(TemporaryPassword {
        user: summary(&user, scope)?,
        temporary_password: temp,
    })
}

pub async fn set_active(
    db: &DatabaseConnection,
    scope: &Scope,
    caller: &AuthUser,
    key: Key<User>,
    active_now: bool,
) -> AppResult<UserSummary> {
    let user = find(db, key).await?;
    let bureau = key.bureau();
    if user.id == caller.user_id && !active_now {
        return Err(ApiError::Conflict {
            reason: "不能停用自己的账号".into(),
        }
        .into());
    }
    let before = user.active;
    let txn = audit::begin(db, bureau.0).await?;
    if !active_now {
        revoke_user(&txn, bureau.0, user.id, now_secs() as i64).await?;
    }
    let mut active: app_user::ActiveModel = user.into();
    active.active = Set(active_now);
    let user = active.update(&txn).await?;
    let summary_json = json!({ "before": { "active": before }, "after": { "active": active_now } });
    let action = if active_now {
        "user.enable"
    } else {
        "user.disable"
    };
    audit::append(
        &txn,
        bureau.0,
        &Actor::of(caller),
        action,
        &format!("user:{}", user.id),
        summary_json,
    )
    .await?;
    txn.commit().await?;
    summary(&user, scope)
}
