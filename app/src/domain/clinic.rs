use crate::domain::ClinicId;
use crate::i18n::t;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::form_error::{validated_string, InvalidValue};

/// A clinic's display name, e.g. "Øre-næse-hals klinikken Aarhus".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClinicName(String);

impl ClinicName {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(InvalidValue::empty());
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::too_long(Self::MAX_CHARS));
        }
        if name.chars().any(char::is_control) {
            return Err(InvalidValue::from(t::domain::NAME_MUST_NOT_CONTAIN_CONTROL));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A clinic's short address-safe identifier, e.g. `demo-ent`: lowercase
/// ASCII letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClinicSlug(String);

impl ClinicSlug {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let slug = raw.trim();
        if slug.is_empty() {
            return Err(InvalidValue::empty());
        }
        if slug.len() > Self::MAX_CHARS {
            return Err(InvalidValue::too_long(Self::MAX_CHARS));
        }
        let allowed = slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !allowed || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(InvalidValue::from(t::domain::USE_LOWERCASE_LETTERS_Z_DIGITS));
        }
        Ok(Self(slug.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_string!(ClinicName);
validated_string!(ClinicSlug);

/// What it takes to create a clinic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewClinic {
    pub slug: ClinicSlug,
    pub name: ClinicName,
}

/// A clinic using this installation. Clinics never see each other's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clinic {
    pub id: ClinicId,
    pub slug: ClinicSlug,
    pub name: ClinicName,
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinic_names_are_trimmed_and_bounded() {
        assert_eq!(ClinicName::parse("  Demo ØNH  ").unwrap().as_str(), "Demo ØNH");
        assert_eq!(ClinicName::parse(" "), Err(InvalidValue::empty()));
        let long = "ø".repeat(ClinicName::MAX_CHARS + 1);
        assert_eq!(ClinicName::parse(&long), Err(InvalidValue::too_long(ClinicName::MAX_CHARS)));
        assert!(ClinicName::parse(&"ø".repeat(ClinicName::MAX_CHARS)).is_ok());
        assert!(ClinicName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn slugs_are_lowercase_words_with_single_hyphens() {
        assert!(ClinicSlug::parse("demo-ent-2").is_ok());
        for bad in ["Demo", "demo_ent", "-demo", "demo-", "de--mo", "dæmo", "", "a b"] {
            assert!(ClinicSlug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(ClinicSlug::parse(" x ").unwrap().as_str(), "x");
    }

    #[test]
    fn what_arrives_as_json_is_checked_as_what_is_typed() {
        assert!(serde_json::from_str::<ClinicSlug>("\"Demo Ent\"").is_err());
        assert!(serde_json::from_str::<ClinicName>("\"  \"").is_err());
        let slug: ClinicSlug = serde_json::from_str("\" demo-ent \"").unwrap();
        assert_eq!(slug.as_str(), "demo-ent");
        assert_eq!(serde_json::to_string(&slug).unwrap(), "\"demo-ent\"");
    }
}
