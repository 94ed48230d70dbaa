//! Calendar dates as staff write them.

use time::{Date, Month};

use crate::domain::form_error::InvalidValue;
use crate::i18n::t;

/// Parses a calendar date as staff write it: `YYYY-MM-DD` (what an HTML date
/// input posts and the ISO form), or the Danish `DD-MM-YYYY` / `DD.MM.YYYY`
/// that Danish spreadsheets export. Day and month may have one digit.
pub fn parse_date(raw: &str) -> Result<Date, InvalidValue> {
    let s = raw.trim();
    let format_error = || InvalidValue::from(t::patients::WRITE_DATE_YYYY_MM_DD);
    let sep = if s.contains('-') && !s.contains('.') {
        '-'
    } else if s.contains('.') && !s.contains('-') {
        '.'
    } else {
        return Err(format_error());
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(format_error());
    };
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let (year, month, day) = if sep == '-' && digits(a, 4..=4) && digits(b, 1..=2) && digits(c, 1..=2) {
        (*a, *b, *c)
    } else if digits(c, 4..=4) && digits(b, 1..=2) && digits(a, 1..=2) {
        (*c, *b, *a)
    } else {
        return Err(format_error());
    };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<u8>(), day.parse::<u8>()) else {
        return Err(format_error());
    };
    let no_such_date = || InvalidValue::from(t::patients::DATE_DOES_NOT_EXIST);
    let month = Month::try_from(month).map_err(|_| no_such_date())?;
    Date::from_calendar_date(year, month, day).map_err(|_| no_such_date())
}

/// `YYYY-MM-DD`, for keys and messages.
pub(crate) fn iso_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}
