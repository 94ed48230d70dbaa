//! A national id (CPR number in Denmark), stored as given.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::DateOfBirth;
use crate::domain::form_error::{validated_string, InvalidValue};
use crate::i18n::t;

/// A national id (CPR number in Denmark, something else elsewhere), stored as
/// given: trimmed, at most 32 characters, no control characters.
///
/// An id that looks like a Danish CPR number (`DDMMYY-XXXX` or `DDMMYYXXXX`,
/// also with a space, whose first six digits and seventh digit make a real
/// date of birth) is normalised to `DDMMYY-XXXX`. The modulus-11 check is
/// deliberately *not* made: Denmark stopped guaranteeing it in 2007, so valid
/// numbers fail it.
///
/// `Debug` hides the value: ids are personal data and must not reach logs.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

impl NationalId {
    pub const MAX_CHARS: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let id = raw.trim();
        if id.is_empty() {
            return Err(InvalidValue::from(t::patients::ENTER_ID_NUMBER));
        }
        if id.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::with(t::patients::ID_NUMBER_TOO_LONG, &[("max", &Self::MAX_CHARS)]));
        }
        if id.chars().any(char::is_control) {
            return Err(InvalidValue::from(t::patients::ID_NUMBER_CONTAINS_INVALID_CHARACTERS));
        }
        if let Some(digits) = cpr_digits(id) {
            if cpr_birth_date(&digits).is_some() {
                let d: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                return Ok(Self(format!("{}-{}", &d[..6], &d[6..])));
            }
        }
        Ok(Self(id.to_owned()))
    }

    /// An empty field means "no id".
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, InvalidValue> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_cpr(&self) -> bool {
        self.cpr_birth_date().is_some()
    }

    /// The date of birth a CPR-looking id encodes (century from the seventh
    /// digit, as the CPR office defines it); `None` for other ids.
    pub fn cpr_birth_date(&self) -> Option<Date> {
        cpr_digits(&self.0).and_then(|d| cpr_birth_date(&d))
    }

    /// Whether a CPR-looking id agrees with a date of birth; `None` when the
    /// id is not CPR-looking and so says nothing about the birth date.
    pub fn matches_date_of_birth(&self, dob: &DateOfBirth) -> Option<bool> {
        self.cpr_birth_date().map(|d| d == dob.date())
    }

    /// The id for comparing: uppercase, without spaces, hyphens and dots, so
    /// `010203-1234`, `0102031234` and `01 02 03 1234` compare equal.
    pub fn match_key(&self) -> String {
        self.0.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '.').flat_map(char::to_uppercase).collect()
    }
}

/// The ten digits of `DDMMYYXXXX`, `DDMMYY-XXXX` or `DDMMYY XXXX`.
fn cpr_digits(s: &str) -> Option<[u8; 10]> {
    let bytes = s.as_bytes();
    let compact: Vec<u8> = match bytes.len() {
        10 => bytes.to_vec(),
        11 if matches!(bytes[6], b'-' | b' ') => bytes[..6].iter().chain(&bytes[7..]).copied().collect(),
        _ => return None,
    };
    if !compact.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u8; 10];
    for (o, b) in out.iter_mut().zip(compact) {
        *o = b - b'0';
    }
    Some(out)
}

/// CPR century rule: the seventh digit with the two-digit year gives the century.
fn cpr_birth_date(d: &[u8; 10]) -> Option<Date> {
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let yy = i32::from(d[4] * 10 + d[5]);
    let century = match d[6] {
        0..=3 => 1900,
        4 | 9 if yy <= 36 => 2000,
        4 | 9 => 1900,
        5..=8 if yy <= 57 => 2000,
        5..=8 => 1800,
        _ => return None,
    };
    Date::from_calendar_date(century + yy, Month::try_from(month).ok()?, day).ok()
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalId(***)")
    }
}

validated_string!(NationalId);
