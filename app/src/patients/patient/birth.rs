//! A date of birth.

use serde::{Deserialize, Serialize};
use time::Date;

use super::parse_date;
use crate::domain::form_error::InvalidValue;
use crate::i18n::t;

/// A date of birth: not in the future and not before 1900.
///
/// "The future" depends on the clock, which the domain does not read: the
/// caller passes `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Date", into = "Date")]
pub struct DateOfBirth(Date);

impl DateOfBirth {
    pub const MIN_YEAR: i32 = 1900;

    pub fn new(date: Date, today: Date) -> Result<Self, InvalidValue> {
        if date > today {
            return Err(InvalidValue::from(t::patients::DATE_BIRTH_CANNOT_FUTURE));
        }
        Self::check_year(date)
    }

    pub fn parse(raw: &str, today: Date) -> Result<Self, InvalidValue> {
        if raw.trim().is_empty() {
            return Err(InvalidValue::from(t::patients::ENTER_DATE_BIRTH));
        }
        Self::new(parse_date(raw)?, today)
    }

    fn check_year(date: Date) -> Result<Self, InvalidValue> {
        if date.year() < Self::MIN_YEAR {
            return Err(InvalidValue::with(t::patients::BIRTH_DATE_TOO_EARLY, &[("year", &Self::MIN_YEAR)]));
        }
        Ok(Self(date))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

/// Stored values are re-checked for the year only: "not in the future" was
/// checked against the day they were entered.
impl TryFrom<Date> for DateOfBirth {
    type Error = InvalidValue;
    fn try_from(value: Date) -> Result<Self, Self::Error> {
        Self::check_year(value)
    }
}

impl From<DateOfBirth> for Date {
    fn from(value: DateOfBirth) -> Self {
        value.0
    }
}
