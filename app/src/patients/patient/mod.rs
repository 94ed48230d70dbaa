//! Patients and the respondents who answer for them, as staff type them in.
//!
//! A patient has a name, a date of birth, optionally a national id (stored as
//! given) and optionally a contact email. Zero or more respondents answer the
//! questionnaires for the patient: typically one or two parents, each with
//! their own email, relation and language, or the patient themself.
//!
//! [`PatientForm`] is the raw form as the browser posts it (all strings);
//! [`PatientForm::parse`] turns it into checked values or a list of *every*
//! field error, in Danish and English. The CSV import feeds its rows through
//! the same parser so both paths give the same messages.
//!
//! [`DuplicateKeys`] says when two patients are probably the same person.

mod birth;
mod date;
mod form;
mod national_id;
mod relation;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::domain::email::Email;
use crate::i18n::Locale;

pub use crate::domain::person_name::{first_name, PersonName};
pub use birth::DateOfBirth;
pub(crate) use date::iso_date;
pub use date::parse_date;
pub use form::PatientForm;
pub use national_id::NationalId;
pub use relation::{language, Relation};

/// Form field names. They are also the canonical CSV column names.
/// Form field names. They are also the canonical CSV column names.
pub mod field {
    pub const NAME: &str = "name";
    pub const DATE_OF_BIRTH: &str = "date_of_birth";
    pub const NATIONAL_ID: &str = "national_id";
    pub const EMAIL: &str = "email";
    pub const INDEX_DATE: &str = "index_date";

    /// The field names of one respondent block on the form.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct RespondentFields {
        /// 1 or 2, as shown to staff ("Respondent 1").
        pub number: usize,
        pub name: &'static str,
        pub email: &'static str,
        pub relation: &'static str,
        pub language: &'static str,
        /// A mobile number (optional), the channel the respondent prefers
        /// (e-mail unless SMS is chosen) and their consent to SMS.
        pub mobile: &'static str,
        pub channel: &'static str,
        pub sms_consent: &'static str,
    }

    pub const RESPONDENTS: [RespondentFields; 2] = [
        RespondentFields {
            number: 1,
            name: "respondent1_name",
            email: "respondent1_email",
            relation: "respondent1_relation",
            language: "respondent1_language",
            mobile: "respondent1_mobile",
            channel: "respondent1_channel",
            sms_consent: "respondent1_sms_consent",
        },
        RespondentFields {
            number: 2,
            name: "respondent2_name",
            email: "respondent2_email",
            relation: "respondent2_relation",
            language: "respondent2_language",
            mobile: "respondent2_mobile",
            channel: "respondent2_channel",
            sms_consent: "respondent2_sms_consent",
        },
    ];
}

/// What it takes to register a patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPatient {
    pub name: PersonName,
    pub date_of_birth: DateOfBirth,
    pub national_id: Option<NationalId>,
    /// The patient's own contact address, if any. Who *answers* is decided
    /// by the respondents; a patient who answers themself is a respondent
    /// with [`Relation::SelfPatient`].
    pub email: Option<Email>,
}

/// Someone who answers questionnaires for a patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRespondent {
    pub name: PersonName,
    pub email: Email,
    pub relation: Relation,
    pub language: Locale,
    pub mobile: Option<crate::domain::MobileNumber>,
    /// The channel they prefer: SMS only with a mobile number and consent.
    pub channel: crate::schedule::channel::Channel,
    /// They agreed to SMS (kept with the date it was recorded).
    pub sms_consent: bool,
}

/// When two patients of one clinic are probably the same person.
///
/// The rule: if **both** have a national id, they are duplicates exactly when
/// the ids are equal (compared by [`NationalId::match_key`]); otherwise they
/// are duplicates when their names (compared by [`PersonName::match_key`])
/// and dates of birth are equal.
///
/// That rule cannot be one string: a patient with an id is a duplicate of an
/// id-less patient with the same name and birth date, but not of a patient
/// with the same name and birth date and a *different* id (twins named alike
/// are rare, data entry with and without an id is not). So there are two
/// keys. A store finds candidates with
/// `WHERE national_id_key = ? OR name_birth_key = ?` (both columns indexed,
/// within the clinic) and keeps those for which
/// [`DuplicateKeys::is_likely_duplicate_of`] holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DuplicateKeys {
    pub national_id: Option<String>,
    /// `"<name match key>|<YYYY-MM-DD>"`.
    pub name_and_birth: String,
}

impl DuplicateKeys {
    pub fn is_likely_duplicate_of(&self, other: &DuplicateKeys) -> bool {
        match (&self.national_id, &other.national_id) {
            (Some(a), Some(b)) => a == b,
            _ => self.name_and_birth == other.name_and_birth,
        }
    }
}

impl NewPatient {
    pub fn duplicate_keys(&self) -> DuplicateKeys {
        DuplicateKeys {
            national_id: self.national_id.as_ref().map(NationalId::match_key),
            name_and_birth: format!("{}|{}", self.name.match_key(), iso_date(self.date_of_birth.date())),
        }
    }
}
