//! Staff accounts as every part of Svar sees them: who (a member, their
//! email address), what they may do (a role), the password they choose,
//! and who is signed in where.

use serde::{Deserialize, Serialize};

use super::form_error::{validated_string, InvalidValue};
use super::StaffId;
use crate::i18n::t;

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

    /// A new password with no account to compare it with (see
    /// [`NewPassword::parse_for`]).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::parse_for(raw, &[])
    }

    /// A new password, checked as NIST SP 800-63B asks: 10 to 200
    /// characters (any characters; no rules on their kinds), not one of the
    /// most common passwords (nor one with only digits or signs added),
    /// not one character repeated or a short run repeated, not a sequence
    /// (`1234567890`, `abcdefghij`), and not containing the account's own
    /// e-mail address or name (`account`: the address and the name).
    pub fn parse_for(raw: &str, account: &[&str]) -> Result<Self, InvalidValue> {
        let count = raw.chars().count();
        if count < Self::MIN_CHARS {
            return Err(InvalidValue::from(t::staff::PASSWORD_NEEDS_LEAST_10_CHARACTERS));
        }
        if count > Self::MAX_CHARS {
            return Err(InvalidValue::too_long(Self::MAX_CHARS));
        }
        let folded: String = raw.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if repetitive(&folded) || sequential(&folded) {
            return Err(InvalidValue::from(t::staff::PASSWORD_REPETITIVE));
        }
        if common(&folded) {
            return Err(InvalidValue::from(t::staff::PASSWORD_TOO_COMMON));
        }
        if account.iter().any(|own| contains_own(&folded, own)) {
            return Err(InvalidValue::from(t::staff::PASSWORD_CONTAINS_ACCOUNT));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The most common passwords of at least ten characters, and the words
/// most passwords are built on (Danish and English), lowercased: a
/// password that is one of them, or one of the words with only digits and
/// signs around it (`Sommer2026!`), is refused. Shipped with the binary;
/// no password leaves Svar to be checked.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

fn common(folded: &str) -> bool {
    let words: Vec<&str> = COMMON_PASSWORDS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    // The letters alone: a common word with digits and signs around it.
    let letters: String = folded.chars().filter(|c| c.is_alphabetic()).collect();
    words.contains(&folded) || (!letters.is_empty() && words.contains(&letters.as_str()))
}

/// One character over and over, or a shorter run repeated (`aaaaaaaaaa`,
/// `abcabcabcabc`, `1234512345`); spaces are left out first, so twelve
/// spaces are nothing at all.
fn repetitive(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    chars.is_empty() || (1..=chars.len() / 2).any(|unit| chars.iter().enumerate().all(|(i, c)| *c == chars[i % unit]))
}

/// Each character one after the one before (or before it), digits going
/// round from 9 to 0: `1234567890`, `0987654321`, `abcdefghij`.
fn sequential(folded: &str) -> bool {
    let codes: Vec<u32> = folded.chars().map(u32::from).collect();
    let step = |a: u32, b: u32, up: bool| {
        let digit = |c: u32| (u32::from('0')..=u32::from('9')).contains(&c);
        if digit(a) && digit(b) {
            let (a, b) = (a - u32::from('0'), b - u32::from('0'));
            if up {
                (a + 1) % 10 == b
            } else {
                (b + 1) % 10 == a
            }
        } else if up {
            a + 1 == b
        } else {
            b + 1 == a
        }
    };
    [true, false].iter().any(|up| codes.windows(2).all(|w| step(w[0], w[1], *up)))
}

/// Whether the password is the account's address (or the part before the
/// `@`) or its name written without spaces, with or without digits and
/// signs around it, or holds one of them that is long enough to be more
/// than a common word (six characters or more: `admins-new-password` is
/// not refused for `admin@…`, `xx-anne.andersen-xx` is).
fn contains_own(folded: &str, own: &str) -> bool {
    let own: String = own.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let local = own.split('@').next().unwrap_or_default();
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).collect::<String>();
    [own.as_str(), local].iter().any(|part| {
        !part.is_empty() && ((part.chars().count() >= 6 && folded.contains(part)) || (!letters(part).is_empty() && letters(folded) == letters(part)))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_their_reason() {
        let reason = |raw: &str, account: &[&str]| NewPassword::parse_for(raw, account).err().map(|e| e.to_string());
        for weak in ["            ", "aaaaaaaaaaaa", "abcabcabcabc", "1212121212", "1234512345"] {
            assert!(reason(weak, &[]).is_some(), "{weak:?} is repetitive");
        }
        for weak in ["1234567890", "123456789012", "0987654321", "abcdefghijkl", "zyxwvutsrq"] {
            assert!(reason(weak, &[]).is_some(), "{weak:?} is a sequence");
        }
        for weak in ["qwertyuiop", "Password2026!", "Sommer2025!!", "adgangskode1", "1q2w3e4r5t", "iloveyou123", "Velkommen 2026"] {
            assert!(reason(weak, &[]).is_some(), "{weak:?} is common");
        }
        let account = ["anne.andersen@demo-ent.example", "Anne Andersen"];
        for weak in ["anne.andersen@demo-ent.example", "xx-anne.andersen-xx", "AnneAndersen#1", "anne andersen 77"] {
            assert!(reason(weak, &account).is_some(), "{weak:?} holds the account");
        }
        assert!(reason("anne.andersen99", &[]).is_none(), "only the account's own is refused");
        assert!(reason("Admin!2026#", &["admin@demo-ent.example"]).is_some(), "the short address part with only signs around it");
    }

    #[test]
    fn good_passwords_pass_on_both_sides_of_each_rule() {
        for good in
            ["correct horse battery", "temporary-123", "test-demo-password", "a-new-password", "1234567891x", "abcdefghik", "admins-new-password"]
        {
            assert!(NewPassword::parse_for(good, &["anne.andersen@demo-ent.example", "Anne Andersen"]).is_ok(), "{good:?}");
            assert!(NewPassword::parse_for(good, &["admin@demo-ent.example", "Anne"]).is_ok(), "{good:?} for admin@");
        }
        // Ten characters is the least, whatever they are.
        assert!(NewPassword::parse("9 lives ok").is_ok());
        assert!(NewPassword::parse("9 lives o").is_err());
    }

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
}
