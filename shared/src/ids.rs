//! Typed ids of the tenant rows: a UUID, parsed once where a request names it (`FromStr`),
//! sent as its text. The API admits one into the caller's jurisdiction only through its scope
//! (`platform::scope::Scope::admit`), which yields a key of the same kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub uuid::Uuid);

            impl FromStr for $name {
                type Err = uuid::Error;

                /// A UUID in any of its usual forms, surrounding spaces ignored.
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    uuid::Uuid::parse_str(s.trim()).map($name)
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.hyphenated().fmt(f)
                }
            }

            impl From<$name> for uuid::Uuid {
                fn from(id: $name) -> uuid::Uuid {
                    id.0
                }
            }
        )*
    };
}

ids!(
    /// An enterprise (污染源) of a bureau.
    EnterpriseId,
    /// A construction project (建设项目).
    ProjectId,
    /// An inspection task, and the inspection, findings and records under it.
    TaskId,
    /// A piece of evidence (photo, video, recording).
    EvidenceId,
    /// A user account; on the wire it is `UserId`, its text.
    AccountId,
    /// A field device (phone, PDA) registered by a user.
    DeviceId,
    /// A background job.
    JobId,
    /// A penalty case (案件), and the documents and rectification loops under it.
    CaseId,
    /// A monitoring point (监测点位) of an enterprise, with its loggers and limits.
    PointId,
    /// An alarm of a monitoring point.
    AlarmId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_once_and_prints_the_canonical_form() {
        let id: TaskId = " 9E2D87A9-8810-43E4-AFDE-BF7EDFA4EAE0 "
            .parse()
            .expect("uuid");
        assert_eq!(id.to_string(), "9e2d87a9-8810-43e4-afde-bf7edfa4eae0");
        assert!("not-a-uuid".parse::<TaskId>().is_err());
        assert!("".parse::<EnterpriseId>().is_err());
    }
}
