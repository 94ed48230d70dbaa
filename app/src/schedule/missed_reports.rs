//! The missed-report signal: frequent reports (a daily weight in heart
//! failure) that stop coming reach the worklist at once, not when some
//! window runs out.
//!
//! What it means clinically (decided here, tested on both sides):
//! - A series is one repeating time point of one active enrolment whose
//!   time point sets `missed_after_days = N`; it is watched while it still
//!   has an invitation open or planned (a finished series is not "missing").
//! - A **report** is a response that answered one of the series'
//!   invitations (through the link, or entered by staff answering it).
//! - The **gap** starts on the day after the last report, in the clinic's
//!   calendar, or on the day the series' first invitation opened when none
//!   has come. When N whole days of the gap have passed (today is at least
//!   N days after its first day), the enrolment gets one item "no report
//!   from <first day of the gap> on". Example, N = 2, daily reports: a
//!   report on Monday; none on Tuesday or Wednesday; the item appears on
//!   Thursday, the first day of which two report-less days lie behind.
//! - One item per gap: a later report starts a new gap (and answering the
//!   invitation the item is attached to closes it); a gap already raised is
//!   not raised again after staff decided its item.

use time::{Date, OffsetDateTime};

use crate::domain::{ClinicId, EnrolmentId, PatientId};

/// One watched series as the store reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchedSeries {
    pub clinic_id: ClinicId,
    pub patient_id: PatientId,
    pub enrolment_id: EnrolmentId,
    pub timepoint: String,
    pub missed_after_days: u32,
    /// The clinic's time zone: its calendar decides the days.
    pub time_zone: String,
    /// The day the first invitation of the series opened.
    pub first_opened_on: Date,
    /// When the last report came, if any.
    pub last_report_at: Option<OffsetDateTime>,
    /// The first day of the latest gap already raised, if any.
    pub raised_since: Option<Date>,
}

/// The first day of the current gap, when it is long enough to raise and
/// has not been raised yet; `today` is the clinic's date now.
pub fn gap_to_raise(series: &WatchedSeries, today: Date) -> Option<Date> {
    let zone = super::zone::zone(&series.time_zone);
    let since = match series.last_report_at {
        Some(at) => super::zone::local_date(at, zone).next_day()?,
        None => series.first_opened_on,
    };
    let long_enough = (today - since).whole_days() >= i64::from(series.missed_after_days);
    (long_enough && series.raised_since != Some(since)).then_some(since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn series(last_report_at: Option<OffsetDateTime>, raised_since: Option<Date>) -> WatchedSeries {
        WatchedSeries {
            clinic_id: ClinicId::random(),
            patient_id: PatientId::random(),
            enrolment_id: EnrolmentId::random(),
            timepoint: "daily".into(),
            missed_after_days: 2,
            time_zone: "Europe/Copenhagen".into(),
            first_opened_on: date!(2026 - 11 - 30),
            last_report_at,
            raised_since,
        }
    }

    #[test]
    fn two_report_less_days_after_the_last_report_raise_it_on_the_third() {
        // A report on Monday 7 December at 08:00 Danish time.
        let monday = Some(datetime!(2026-12-07 07:00 UTC));
        assert_eq!(gap_to_raise(&series(monday, None), date!(2026 - 12 - 07)), None, "the report's own day");
        assert_eq!(gap_to_raise(&series(monday, None), date!(2026 - 12 - 08)), None, "one day without");
        assert_eq!(gap_to_raise(&series(monday, None), date!(2026 - 12 - 09)), None, "Wednesday is not over");
        assert_eq!(gap_to_raise(&series(monday, None), date!(2026 - 12 - 10)), Some(date!(2026 - 12 - 08)), "Tuesday and Wednesday passed");
        assert_eq!(gap_to_raise(&series(monday, None), date!(2026 - 12 - 20)), Some(date!(2026 - 12 - 08)), "far beyond");
    }

    #[test]
    fn the_day_of_the_last_report_is_the_clinics_day() {
        // 23:30 UTC on Sunday 6 December is 00:30 on Monday in Copenhagen.
        let late = Some(datetime!(2026-12-06 23:30 UTC));
        assert_eq!(gap_to_raise(&series(late, None), date!(2026 - 12 - 09)), None);
        assert_eq!(gap_to_raise(&series(late, None), date!(2026 - 12 - 10)), Some(date!(2026 - 12 - 08)));
    }

    #[test]
    fn without_any_report_the_gap_starts_with_the_first_invitation() {
        assert_eq!(gap_to_raise(&series(None, None), date!(2026 - 12 - 01)), None, "30 November and 1 December: one day behind");
        assert_eq!(gap_to_raise(&series(None, None), date!(2026 - 12 - 02)), Some(date!(2026 - 11 - 30)));
    }

    #[test]
    fn a_gap_is_raised_once_and_a_new_report_starts_a_new_one() {
        let monday = Some(datetime!(2026-12-07 07:00 UTC));
        assert_eq!(gap_to_raise(&series(monday, Some(date!(2026 - 12 - 08))), date!(2026 - 12 - 12)), None, "already raised");
        assert_eq!(gap_to_raise(&series(monday, Some(date!(2026 - 12 - 01))), date!(2026 - 12 - 10)), Some(date!(2026 - 12 - 08)), "an older gap");
    }
}
