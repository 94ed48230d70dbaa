//! How a respondent is related to the patient, and the language they read.

use serde::{Deserialize, Serialize};

use crate::domain::form_error::{InvalidValue, LocalText};
use crate::i18n::t;
use crate::i18n::Locale;

/// How a respondent is related to the patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Mother,
    Father,
    /// A parent when mother/father does not fit or is not wanted.
    Parent,
    Guardian,
    Other,
    /// The patient answers for themself.
    #[serde(rename = "self")]
    SelfPatient,
}

impl Relation {
    pub const ALL: [Relation; 6] = [Relation::Mother, Relation::Father, Relation::Parent, Relation::Guardian, Relation::Other, Relation::SelfPatient];

    /// The stored code (also the serde form and the form's option value).
    pub fn code(self) -> &'static str {
        match self {
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Parent => "parent",
            Relation::Guardian => "guardian",
            Relation::Other => "other",
            Relation::SelfPatient => "self",
        }
    }

    pub fn label(self) -> LocalText {
        LocalText::from(match self {
            Relation::Mother => t::patients::RELATION_MOTHER,
            Relation::Father => t::patients::RELATION_FATHER,
            Relation::Parent => t::patients::RELATION_PARENT,
            Relation::Guardian => t::patients::RELATION_GUARDIAN,
            Relation::Other => t::patients::RELATION_OTHER,
            Relation::SelfPatient => t::patients::RELATION_SELF,
        })
    }

    /// Accepts the code, the Danish or English label, and a few everyday
    /// spellings ("foraelder", "vaerge", "selv"), ignoring case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(InvalidValue::from(t::patients::CHOOSE_RESPONDENT_S_RELATION_PATIENT));
        }
        let found = Self::ALL.into_iter().find(|r| {
            let label = r.label();
            s == r.code() || s == label.da.to_lowercase() || s == label.en.to_lowercase()
        });
        let alias = match s.as_str() {
            "mom" | "mum" => Some(Relation::Mother),
            "dad" => Some(Relation::Father),
            "foraelder" => Some(Relation::Parent),
            "vaerge" => Some(Relation::Guardian),
            "andet" | "anden relation" => Some(Relation::Other),
            "selv" | "patient" | "patienten" | "myself" | "themself" => Some(Relation::SelfPatient),
            _ => None,
        };
        found.or(alias).ok_or_else(|| InvalidValue::from(t::patients::UNKNOWN_RELATION_USE_ONE_MOTHER))
    }
}

/// The language a respondent reads invitations and questionnaires in is a
/// [`Locale`]; these read it from a form or an import.
pub mod language {
    use super::{t, InvalidValue, LocalText, Locale};

    /// The language's name in Danish and English, for choosers.
    pub fn label(locale: Locale) -> LocalText {
        match locale {
            Locale::Da => LocalText::from(t::patients::DANISH),
            Locale::En => LocalText::from(t::patients::ENGLISH),
        }
    }

    /// Accepts `da`/`en` and the language names in Danish and English,
    /// ignoring case. Use [`parse_or_default`] where an empty value means
    /// Danish.
    pub fn parse(raw: &str) -> Result<Locale, InvalidValue> {
        match raw.trim().to_lowercase().as_str() {
            "da" | "dansk" | "danish" | "da-dk" => Ok(Locale::Da),
            "en" | "engelsk" | "english" | "en-gb" | "en-us" => Ok(Locale::En),
            _ => Err(InvalidValue::from(t::patients::UNKNOWN_LANGUAGE_USE_DA_DANISH)),
        }
    }

    /// An empty value is Danish, the default.
    pub fn parse_or_default(raw: &str) -> Result<Locale, InvalidValue> {
        if raw.trim().is_empty() {
            Ok(Locale::default())
        } else {
            parse(raw)
        }
    }
}
