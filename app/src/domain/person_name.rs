//! A person's name as written: a patient's, a respondent's, a staff
//! member's.

use serde::{Deserialize, Serialize};

use crate::domain::form_error::{validated_string, InvalidValue};
use crate::i18n::t;

/// A person's full name as written, trimmed: 1–200 characters, no control
/// characters (line breaks from a pasted cell, NUL, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// The first word of a name: all a mail or a respondent's page says about
/// the patient (and how a mail greets a parent).
pub fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(InvalidValue::from(t::patients::ENTER_NAME));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::with(t::patients::NAME_TOO_LONG, &[("max", &Self::MAX_CHARS)]));
        }
        if name.chars().any(char::is_control) {
            return Err(InvalidValue::from(t::patients::NAME_CONTAINS_INVALID_CHARACTERS_SUCH));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name for comparing: lowercased, runs of whitespace collapsed to
    /// one space. "Anna  HANSEN" and "anna hansen" get the same key.
    pub fn match_key(&self) -> String {
        self.0.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }
}

validated_string!(PersonName);
