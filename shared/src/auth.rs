//! Sign-in and the signed-in user.

use serde::{Deserialize, Serialize};

use crate::bureau::BureauSummary;
use crate::{Role, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The bureau the user belongs to (picked on the shared login page).
    pub bureau_id: crate::BureauId,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub access_token: String,
    /// Single use: exchanged for a new pair at `/api/auth/refresh`; revoked at logout.
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: CurrentUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub bureau: BureauSummary,
    /// 执法证编号, for inspectors.
    pub certificate_no: Option<String>,
    /// The squad (中队) a field officer works in.
    pub squad: Option<BureauSummary>,
    /// Set on first sign-in and after an admin reset: nothing else works until it is changed.
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Rules a new password must meet; the same check runs in the form and in the API.
pub fn check_new_password(current: &str, new: &str) -> Result<(), &'static str> {
    if new.chars().count() < 8 {
        return Err("新密码至少8位");
    }
    let letters = new.chars().any(|c| c.is_alphabetic());
    let digits = new.chars().any(|c| c.is_ascii_digit());
    if !letters || !digits {
        return Err("新密码须同时包含字母和数字");
    }
    if new == current {
        return Err("新密码不能与原密码相同");
    }
    Ok(())
}

use crate::limits::{Bounded, Bounds, PASSWORD, SHORT, TOKEN};

impl Bounded for LoginRequest {
    fn bounds(&self, b: &mut Bounds) {
        b.text("username", "用户名", &self.username, SHORT).text(
            "password",
            "密码",
            &self.password,
            PASSWORD,
        );
    }
}

impl Bounded for RefreshRequest {
    fn bounds(&self, b: &mut Bounds) {
        b.text("refresh_token", "刷新令牌", &self.refresh_token, TOKEN);
    }
}

impl Bounded for PasswordChange {
    fn bounds(&self, b: &mut Bounds) {
        b.text(
            "current_password",
            "原密码",
            &self.current_password,
            PASSWORD,
        )
        .text("new_password", "新密码", &self.new_password, PASSWORD);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn password_rules() {
        use super::check_new_password as c;
        assert_eq!(c("a", "short1"), Err("新密码至少8位"));
        assert_eq!(c("a", "onlyletters"), Err("新密码须同时包含字母和数字"));
        assert_eq!(
            c("Huanjian@2026", "Huanjian@2026"),
            Err("新密码不能与原密码相同")
        );
        assert_eq!(c("Huanjian@2026", "Suzhou2026!"), Ok(()));
    }
}
