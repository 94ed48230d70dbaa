//! The patient form as posted, and its parser.

use time::Date;

use super::*;
use crate::domain::email::Email;
use crate::domain::form_error::{FieldError, InvalidValue};
use crate::i18n::t;
use crate::schedule::channel::Channel;

/// The patient form as the browser posts it: every field a string, empty when
/// not filled in. Up to two respondents.
///
/// A respondent block counts as empty when its name, email and relation are
/// all empty (the language is ignored because a select always posts a
/// value), so the relation select needs an empty first option.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatientForm {
    pub name: String,
    pub date_of_birth: String,
    pub national_id: String,
    pub email: String,
    pub respondent1_name: String,
    pub respondent1_email: String,
    pub respondent1_relation: String,
    pub respondent1_language: String,
    pub respondent1_mobile: String,
    pub respondent1_channel: String,
    pub respondent1_sms_consent: String,
    pub respondent2_name: String,
    pub respondent2_email: String,
    pub respondent2_relation: String,
    pub respondent2_language: String,
    pub respondent2_mobile: String,
    pub respondent2_channel: String,
    pub respondent2_sms_consent: String,
}

/// One respondent block's raw values.
struct RespondentInput<'a> {
    fields: field::RespondentFields,
    name: &'a str,
    email: &'a str,
    relation: &'a str,
    language: &'a str,
    mobile: &'a str,
    channel: &'a str,
    sms_consent: &'a str,
}

impl PatientForm {
    /// Checks every field and returns all errors at once, in form order.
    /// `today` decides what "in the future" means for the date of birth.
    pub fn parse(&self, today: Date) -> Result<(NewPatient, Vec<NewRespondent>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(PersonName::parse(&self.name).map_err(|e| e.at(field::NAME)), &mut errors);
        let dob = keep(DateOfBirth::parse(&self.date_of_birth, today).map_err(|e| e.at(field::DATE_OF_BIRTH)), &mut errors);
        let national_id = keep(NationalId::parse_optional(&self.national_id).map_err(|e| e.at(field::NATIONAL_ID)), &mut errors);
        if let (Some(Some(id)), Some(dob)) = (&national_id, &dob) {
            if id.matches_date_of_birth(dob) == Some(false) {
                errors.push(FieldError::text(field::NATIONAL_ID, t::patients::CPR_NUMBER_DOES_NOT_MATCH));
            }
        }
        let email = if self.email.trim().is_empty() {
            Some(None)
        } else {
            keep(Email::parse(&self.email).map(Some).map_err(|e| e.at(field::EMAIL)), &mut errors)
        };

        let mut respondents: Vec<(field::RespondentFields, NewRespondent)> = Vec::new();
        for input in self.respondent_inputs() {
            if let Some(respondent) = parse_respondent(&input, &mut errors) {
                let key = respondent.email.match_key();
                if let Some((earlier, _)) = respondents.iter().find(|(_, r)| r.email.match_key() == key) {
                    errors.push(InvalidValue::with(t::patients::RESPONDENT_SAME_EMAIL, &[("earlier", &earlier.number)]).at(input.fields.email));
                } else {
                    respondents.push((input.fields, respondent));
                }
            }
        }

        match (name, dob, national_id, email) {
            (Some(name), Some(date_of_birth), Some(national_id), Some(email)) if errors.is_empty() => {
                Ok((NewPatient { name, date_of_birth, national_id, email }, respondents.into_iter().map(|(_, r)| r).collect()))
            }
            _ => Err(errors),
        }
    }

    fn respondent_inputs(&self) -> [RespondentInput<'_>; 2] {
        let [f1, f2] = field::RESPONDENTS;
        [
            RespondentInput {
                fields: f1,
                name: &self.respondent1_name,
                email: &self.respondent1_email,
                relation: &self.respondent1_relation,
                language: &self.respondent1_language,
                mobile: &self.respondent1_mobile,
                channel: &self.respondent1_channel,
                sms_consent: &self.respondent1_sms_consent,
            },
            RespondentInput {
                fields: f2,
                name: &self.respondent2_name,
                email: &self.respondent2_email,
                relation: &self.respondent2_relation,
                language: &self.respondent2_language,
                mobile: &self.respondent2_mobile,
                channel: &self.respondent2_channel,
                sms_consent: &self.respondent2_sms_consent,
            },
        ]
    }
}

fn keep<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// `None` for an empty block or a block with errors (pushed to `errors`).
fn parse_respondent(input: &RespondentInput<'_>, errors: &mut Vec<FieldError>) -> Option<NewRespondent> {
    let f = input.fields;
    let blank = |s: &str| s.trim().is_empty();
    // The channel select always posts a value: only a choice of SMS counts.
    if blank(input.name)
        && blank(input.email)
        && blank(input.relation)
        && blank(input.mobile)
        && blank(input.sms_consent)
        && input.channel.trim() != "sms"
    {
        return None;
    }
    let n = f.number;
    let before = errors.len();
    let name = if blank(input.name) {
        errors.push(InvalidValue::with(t::patients::RESPONDENT_MISSING_NAME, &[("n", &n)]).at(f.name));
        None
    } else {
        keep(PersonName::parse(input.name).map_err(|e| e.at(f.name)), errors)
    };
    let email = if blank(input.email) {
        errors.push(InvalidValue::with(t::patients::RESPONDENT_MISSING_EMAIL, &[("n", &n)]).at(f.email));
        None
    } else {
        keep(Email::parse(input.email).map_err(|e| e.at(f.email)), errors)
    };
    let relation = if blank(input.relation) {
        errors.push(InvalidValue::with(t::patients::RESPONDENT_MISSING_RELATION, &[("n", &n)]).at(f.relation));
        None
    } else {
        keep(Relation::parse(input.relation).map_err(|e| e.at(f.relation)), errors)
    };
    let language = keep(language::parse_or_default(input.language).map_err(|e| e.at(f.language)), errors);
    let mobile = if blank(input.mobile) {
        Some(None)
    } else {
        keep(crate::domain::MobileNumber::parse(input.mobile).map(Some).map_err(|e| e.at(f.mobile)), errors)
    };
    let channel = match input.channel.trim() {
        "" => Some(Channel::Email),
        other => keep(Channel::parse(other).ok_or_else(|| FieldError::text(f.channel, t::patients::CHOOSE_CHANNEL)), errors),
    };
    // A ticked checkbox posts its value; spreadsheets write yes/ja/1/true.
    let sms_consent = matches!(input.sms_consent.trim().to_lowercase().as_str(), "yes" | "ja" | "1" | "true" | "on" | "x");
    if channel == Some(Channel::Sms) {
        if matches!(mobile, Some(None)) {
            errors.push(InvalidValue::with(t::patients::SMS_NEEDS_MOBILE, &[("n", &n)]).at(f.mobile));
        }
        if !sms_consent {
            errors.push(InvalidValue::with(t::patients::SMS_NEEDS_CONSENT, &[("n", &n)]).at(f.sms_consent));
        }
    }
    match (name, email, relation, language, mobile, channel) {
        (Some(name), Some(email), Some(relation), Some(language), Some(mobile), Some(channel)) if errors.len() == before => {
            Some(NewRespondent { name, email, relation, language, mobile, channel, sms_consent })
        }
        _ => None,
    }
}
