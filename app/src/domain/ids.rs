//! The ids of what Svar keeps, one type each, so that a patient's id cannot
//! be passed where an enrolment's is expected: the compiler refuses it.
//!
//! Each is a UUID underneath, written as one everywhere (JSON, URLs, the
//! database: `serde(transparent)`, `Display`/`FromStr` as the UUID's
//! hyphenated form, and on the server `sqlx(transparent)`, so a column
//! keeps its type and no migration is needed). Ids are made at the edges:
//! parsed from a URL or a form with `FromStr`, read from a row, or drawn
//! fresh with `random()`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(Uuid);

        impl $name {
            /// A new id, random (UUID version 4).
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }

            /// The id that names nothing stored: for previews and
            /// sample mails.
            pub const fn nil() -> Self {
                Self(Uuid::nil())
            }

            /// The UUID underneath, for the few places that store or
            /// send an id without knowing what it names.
            pub const fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

ids! {
    /// A clinic: every query of patient data is scoped by one.
    ClinicId;
    /// A staff account (clinician or admin); its role is per clinic.
    StaffId;
    /// A patient of one clinic.
    PatientId;
    /// Someone who answers for a patient: a parent, or the patient.
    RespondentId;
    /// A patient's enrolment in a pathway, with its index date.
    EnrolmentId;
    /// One time point's invitation: its personal link, window and jobs.
    InvitationId;
    /// A stored response with its scores and flags.
    ResponseId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_uuid() {
        let uuid = Uuid::new_v4();
        let id = PatientId::from(uuid);
        assert_eq!(id.to_string(), uuid.to_string());
        assert_eq!(id.to_string().parse::<PatientId>().unwrap(), id);
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{uuid}\""));
        assert_eq!(serde_json::from_str::<PatientId>(&format!("\"{uuid}\"")).unwrap(), id);
        assert_eq!(Uuid::from(id), uuid);
    }

    #[test]
    fn what_is_not_a_uuid_is_not_an_id() {
        assert!("".parse::<EnrolmentId>().is_err());
        assert!("../etc/passwd".parse::<EnrolmentId>().is_err());
        assert!(serde_json::from_str::<ClinicId>("42").is_err());
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(ResponseId::random(), ResponseId::random());
    }
}
