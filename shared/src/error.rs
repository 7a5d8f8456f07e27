//! The one error shape of the API. The app matches on [`ApiError`] and shows its message.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// What went wrong, as the client needs to know it. Never carries internal causes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum ApiError {
    /// A field failed to parse; `reason` is already a sentence in Chinese.
    InvalidInput {
        field: String,
        reason: String,
    },
    /// The request body is not the JSON the endpoint expects.
    MalformedRequest,
    InvalidCredentials,
    UnknownBureau,
    AccountDisabled,
    AccountLocked {
        retry_after_secs: u64,
    },
    Unauthenticated,
    TokenExpired,
    Forbidden,
    /// The password must be changed before anything else (first sign-in, admin reset).
    PasswordChangeRequired,
    NotFound,
    /// A sync or upload without a device, or from a device not registered to the caller: the
    /// phone registers itself (its work stays in the outbox meanwhile).
    DeviceNotRegistered,
    /// A device-signed request from a device an admin has not approved (yet).
    DeviceNotApproved,
    /// A device-signed request from a revoked device.
    DeviceRevoked,
    /// Missing, stale or wrong device signature.
    DeviceSignatureInvalid,
    Conflict {
        reason: String,
    },
    /// The route exists but not with this method (the `Allow` header lists those it has).
    MethodNotAllowed,
    /// The request body is larger than the route accepts.
    PayloadTooLarge {
        max_bytes: u64,
    },
    /// The request took longer than the server allows one to take.
    Timeout,
    /// The database or another dependency is down.
    Unavailable,
    Internal,
}

impl ApiError {
    /// HTTP status the API answers this error with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::InvalidInput { .. } => 422,
            ApiError::MalformedRequest => 400,
            ApiError::InvalidCredentials
            | ApiError::Unauthenticated
            | ApiError::TokenExpired
            | ApiError::DeviceSignatureInvalid => 401,
            ApiError::AccountDisabled
            | ApiError::Forbidden
            | ApiError::PasswordChangeRequired
            | ApiError::DeviceNotRegistered
            | ApiError::DeviceNotApproved
            | ApiError::DeviceRevoked => 403,
            ApiError::UnknownBureau | ApiError::NotFound => 404,
            ApiError::Conflict { .. } => 409,
            ApiError::MethodNotAllowed => 405,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::Timeout => 503,
            ApiError::AccountLocked { .. } => 429,
            ApiError::Unavailable => 503,
            ApiError::Internal => 500,
        }
    }

    /// The sentence shown to a person.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiError::InvalidInput { field, reason } => match lang {
                Lang::Zh => reason.clone(),
                Lang::En => format!("Invalid {field}: {reason}"),
            },
            ApiError::MalformedRequest => lang
                .pick("请求格式不正确", "The request is malformed")
                .into(),
            ApiError::InvalidCredentials => lang
                .pick("用户名或密码错误", "Wrong user name or password")
                .into(),
            ApiError::UnknownBureau => lang.pick("未找到该单位", "No such bureau").into(),
            ApiError::AccountDisabled => lang
                .pick(
                    "该账号已停用，请联系本单位管理员",
                    "This account is disabled",
                )
                .into(),
            ApiError::AccountLocked { retry_after_secs } => match lang {
                Lang::Zh => format!(
                    "登录失败次数过多，请{}分钟后再试",
                    retry_after_secs.div_ceil(60)
                ),
                Lang::En => format!("Too many failed sign-ins; try again in {retry_after_secs} s"),
            },
            ApiError::Unauthenticated => lang.pick("请先登录", "Please sign in").into(),
            ApiError::TokenExpired => lang
                .pick("登录已过期，请重新登录", "Session expired")
                .into(),
            ApiError::Forbidden => lang.pick("无权进行此操作", "Not permitted").into(),
            ApiError::PasswordChangeRequired => lang
                .pick(
                    "首次登录或密码已重置，请先修改密码",
                    "Change your password first",
                )
                .into(),
            ApiError::NotFound => lang.pick("请求的内容不存在", "Not found").into(),
            ApiError::DeviceNotRegistered => lang
                .pick(
                    "本设备尚未以您的账号注册，请先注册本设备并等待管理员批准；未同步的记录仍保存在本机",
                    "This device is not registered to you; register it and wait for approval",
                )
                .into(),
            ApiError::DeviceNotApproved => lang
                .pick(
                    "本设备尚未获管理员批准，暂不能同步数据",
                    "This device is not approved yet",
                )
                .into(),
            ApiError::DeviceRevoked => lang
                .pick(
                    "本设备已被停用，无法同步数据，请联系本单位管理员",
                    "This device has been revoked",
                )
                .into(),
            ApiError::DeviceSignatureInvalid => lang
                .pick("设备签名无效，请重新注册本设备", "Invalid device signature")
                .into(),
            ApiError::Conflict { reason } => reason.clone(),
            ApiError::MethodNotAllowed => lang
                .pick("该接口不支持此请求方法", "Method not allowed")
                .into(),
            ApiError::PayloadTooLarge { max_bytes } => match lang {
                Lang::Zh => format!("请求内容过大，最多{}", size_zh(*max_bytes)),
                Lang::En => format!("The request body is larger than {max_bytes} bytes"),
            },
            ApiError::Timeout => lang
                .pick("请求处理超时，请稍后再试", "The request timed out")
                .into(),
            ApiError::Unavailable => lang
                .pick(
                    "服务暂时不可用，请稍后再试",
                    "Service temporarily unavailable",
                )
                .into(),
            ApiError::Internal => lang
                .pick("系统内部错误，请稍后再试", "Internal error")
                .into(),
        }
    }
}

/// `64KB`, `16MB`: a byte count as people read it.
fn size_zh(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{}MB", bytes / MB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{}KB", bytes / 1024)
    } else {
        format!("{bytes}字节")
    }
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    #[serde(flatten)]
    pub error: ApiError,
    /// Human-readable sentence in the language the request asked for.
    pub message: String,
    /// Correlates with the server log line of the request.
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_tagged_and_round_trips() {
        let body = ErrorBody {
            error: ApiError::AccountLocked {
                retry_after_secs: 300,
            },
            message: ApiError::AccountLocked {
                retry_after_secs: 300,
            }
            .message(Lang::Zh),
            request_id: Some("r1".into()),
        };
        let json = serde_json::to_value(&body).expect("serialises");
        assert_eq!(json["error"], "account_locked");
        assert_eq!(json["detail"]["retry_after_secs"], 300);
        assert_eq!(json["message"], "登录失败次数过多，请5分钟后再试");
        let back: ErrorBody = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, body);
        let unit = serde_json::to_value(ErrorBody {
            error: ApiError::NotFound,
            message: String::new(),
            request_id: None,
        })
        .expect("serialises");
        assert_eq!(unit["error"], "not_found");
    }
}
