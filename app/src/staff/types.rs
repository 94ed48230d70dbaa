use crate::domain::StaffId;
use crate::i18n::t;
use serde::{Deserialize, Serialize};

use crate::domain::form_error::{validated_string, InvalidValue};

/// What a staff member may do in a clinic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages staff, questionnaires, pathways and enrolments, and may do
    /// everything a clinician does.
    Admin,
    /// Works the worklist, patients and decisions.
    Clinician,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clinician => "clinician",
        }
    }

    /// As staff read it: "Kliniker" / "Clinician".
    pub fn label(self) -> crate::i18n::Text {
        match self {
            Role::Admin => t::staff::ROLE_ADMIN,
            Role::Clinician => t::staff::ROLE_CLINICIAN,
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "admin" => Some(Role::Admin),
            "clinician" => Some(Role::Clinician),
            _ => None,
        }
    }
}

/// A staff email address: trimmed and lowercased, so one person has one
/// account whatever the capitalisation they type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffEmail(String);

impl StaffEmail {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(InvalidValue::empty());
        }
        if email.len() > Self::MAX_CHARS {
            return Err(InvalidValue::too_long(Self::MAX_CHARS));
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                    && !domain.contains('@')
            }
            None => false,
        };
        if !valid {
            return Err(InvalidValue::from(t::staff::ENTER_VALID_EMAIL_ADDRESS));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as chosen by its owner: long enough to resist guessing,
/// short enough to hash cheaply.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let count = raw.chars().count();
        if count < Self::MIN_CHARS {
            return Err(InvalidValue::from(t::staff::PASSWORD_NEEDS_LEAST_10_CHARACTERS));
        }
        if count > Self::MAX_CHARS {
            return Err(InvalidValue::too_long(Self::MAX_CHARS));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

validated_string!(StaffEmail);

// No `From<NewPassword> for String`: a password leaves only by `expose`.
impl TryFrom<String> for NewPassword {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

/// A staff member as shown in lists and sessions (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    pub email: StaffEmail,
    pub name: String,
    pub must_change_password: bool,
}

/// Who is signed in, where, as what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInfo {
    pub name: String,
    pub email: String,
    pub clinic_name: String,
    pub role: Role,
    pub must_change_password: bool,
}

/// Whether `next` may be followed after a password change: a staff page of
/// this site (never another host, never the password page again), in
/// plain ASCII so it is a valid `Location`.
pub fn safe_next(next: &str) -> bool {
    next.starts_with("/staff")
        && !next.starts_with("/staff/password")
        && !next.contains("//")
        && !next.contains('\\')
        && next.len() <= 2000
        && next.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_emails_are_normalised() {
        assert_eq!(StaffEmail::parse("  Anne@Klinik.DK ").unwrap().as_str(), "anne@klinik.dk");
        for bad in ["", "anne", "anne@", "@klinik.dk", "anne@klinik", "an ne@klinik.dk", "a@b@c.dk", "a@.dk"] {
            assert!(StaffEmail::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn passwords_have_bounds_and_hide_in_debug() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"x".repeat(201)).is_err());
        let p = NewPassword::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(..)");
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Admin, Role::Clinician] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_staff_pages_of_this_site_are_followed_after_a_password_change() {
        assert!(safe_next("/staff"));
        assert!(safe_next("/staff/worklist?status=closed"));
        for bad in [
            "",
            "https://evil.example/staff",
            "//evil.example",
            "/staff//evil",
            "/staff/password",
            "/a",
            "/staff\\x",
            "/staff/æ",
            "/staff/x\r\nSet-Cookie:x",
        ] {
            assert!(!safe_next(bad), "{bad:?}");
        }
    }
}
