//! Enrolling a patient into a pathway: the patient, who answers, and the
//! index date the pathway's schedule counts from (e.g. the operation date).
//!
//! [`EnrolmentForm`] is used by both the web form and every CSV row, so the
//! two give the same messages. Which pathway is chosen elsewhere (it is a
//! reference to stored data, not a typed value).

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::patient::{field, iso_date, parse_date, NewPatient, NewRespondent, PatientForm};
use crate::domain::form_error::{FieldError, InvalidValue};
use crate::i18n::t;

/// The date a pathway's time points count from. It may be in the past (a
/// patient enrolled after the operation) or up to two years ahead; further
/// ahead is almost always a typo in the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Date", into = "Date")]
pub struct IndexDate(Date);

impl IndexDate {
    pub const MAX_YEARS_AHEAD: i32 = 2;
    pub const MIN_YEAR: i32 = 1900;

    pub fn new(date: Date, today: Date) -> Result<Self, InvalidValue> {
        let latest = Self::latest(today);
        if date > latest {
            return Err(InvalidValue::with(
                t::patients::INDEX_DATE_TOO_FAR_AHEAD,
                &[("years", &Self::MAX_YEARS_AHEAD), ("latest", &iso_date(latest))],
            ));
        }
        Self::check_year(date)
    }

    pub fn parse(raw: &str, today: Date) -> Result<Self, InvalidValue> {
        if raw.trim().is_empty() {
            return Err(InvalidValue::from(t::patients::ENTER_INDEX_DATE_E_G));
        }
        Self::new(parse_date(raw)?, today)
    }

    /// Today two years on; 29 February becomes 28 February.
    pub fn latest(today: Date) -> Date {
        let year = today.year() + Self::MAX_YEARS_AHEAD;
        today.replace_year(year).or_else(|_| Date::from_calendar_date(year, Month::February, 28)).unwrap_or(Date::MAX)
    }

    fn check_year(date: Date) -> Result<Self, InvalidValue> {
        if date.year() < Self::MIN_YEAR {
            return Err(InvalidValue::with(t::patients::INDEX_DATE_TOO_EARLY, &[("year", &Self::MIN_YEAR)]));
        }
        Ok(Self(date))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

/// Stored values are re-checked for the year only: "not too far ahead" was
/// checked against the day they were entered.
impl TryFrom<Date> for IndexDate {
    type Error = InvalidValue;
    fn try_from(value: Date) -> Result<Self, Self::Error> {
        Self::check_year(value)
    }
}

impl From<IndexDate> for Date {
    fn from(value: IndexDate) -> Self {
        value.0
    }
}

/// A new patient with respondents and an index date, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEnrolment {
    pub patient: NewPatient,
    /// At least one.
    pub respondents: Vec<NewRespondent>,
    pub index_date: IndexDate,
}

/// The enrolment form as posted (and as each CSV row is read): the patient
/// form plus the index date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnrolmentForm {
    pub patient: PatientForm,
    pub index_date: String,
}

impl EnrolmentForm {
    /// Checks every field and returns all errors at once. Unlike a bare
    /// patient, an enrolment needs someone to answer: at least one respondent.
    pub fn parse(&self, today: Date) -> Result<NewEnrolment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let patient = match self.patient.parse(today) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        let index_date = match IndexDate::parse(&self.index_date, today) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e.at(field::INDEX_DATE));
                None
            }
        };
        let first = field::RESPONDENTS[0];
        let p = &self.patient;
        let no_respondent =
            [&p.respondent1_name, &p.respondent1_email, &p.respondent1_relation, &p.respondent2_name, &p.respondent2_email, &p.respondent2_relation]
                .iter()
                .all(|s| s.trim().is_empty());
        if no_respondent {
            errors.push(FieldError::text(first.name, t::patients::ADD_LEAST_ONE_RESPONDENT_WHO));
        }
        match (patient, index_date) {
            (Some((patient, respondents)), Some(index_date)) if errors.is_empty() => Ok(NewEnrolment { patient, respondents, index_date }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2025 - 03 - 10);

    fn form() -> EnrolmentForm {
        EnrolmentForm {
            patient: PatientForm {
                name: "Ida Jensen".into(),
                date_of_birth: "2021-05-04".into(),
                respondent1_name: "Mette Jensen".into(),
                respondent1_email: "mette@example.dk".into(),
                respondent1_relation: "mother".into(),
                ..PatientForm::default()
            },
            index_date: "2025-04-01".into(),
        }
    }

    #[test]
    fn index_dates_may_be_past_or_up_to_two_years_ahead() {
        for ok in ["2025-03-10", "2020-01-01", "2027-03-10", "10-03-2027", "1.4.2025", "1900-01-01"] {
            assert!(IndexDate::parse(ok, TODAY).is_ok(), "{ok}");
        }
        for bad in ["2027-03-11", "2030-01-01", "1899-12-31", "", "2025-02-30", "soon", "2025/04/01"] {
            assert!(IndexDate::parse(bad, TODAY).is_err(), "{bad}");
        }
        let err = IndexDate::parse("2027-03-11", TODAY).unwrap_err();
        assert!(err.0.da.contains("2 år") && err.0.da.contains("2027-03-10"), "{err:?}");
        assert!(err.0.en.contains("2 years"));
    }

    #[test]
    fn leap_day_plus_two_years_is_28_february() {
        assert_eq!(IndexDate::latest(date!(2024 - 02 - 29)), date!(2026 - 02 - 28));
        assert_eq!(IndexDate::latest(date!(2024 - 03 - 01)), date!(2026 - 03 - 01));
    }

    #[test]
    fn a_complete_form_parses() {
        let e = form().parse(TODAY).unwrap();
        assert_eq!(e.index_date.date(), date!(2025 - 04 - 01));
        assert_eq!(e.respondents.len(), 1);
        assert_eq!(e.patient.name.as_str(), "Ida Jensen");
    }

    #[test]
    fn an_enrolment_needs_a_respondent() {
        let mut f = form();
        f.patient.respondent1_name.clear();
        f.patient.respondent1_email.clear();
        f.patient.respondent1_relation.clear();
        let errors = f.parse(TODAY).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "respondent1_name");
        assert!(errors[0].message.en.contains("at least one respondent"));
    }

    #[test]
    fn patient_and_index_date_errors_are_collected_together() {
        let mut f = form();
        f.patient.name.clear();
        f.index_date = "2031-01-01".into();
        let errors = f.parse(TODAY).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["name", "index_date"]);
    }
}
