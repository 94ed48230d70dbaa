//! The clinic's own calendar. A clinic names its IANA time zone
//! (`Europe/Copenhagen` unless it says otherwise); invitations go out at
//! 07:00 on its clock, a window closes at the end of its last day there,
//! and the days rules count ("within 3 days") are its calendar days, also
//! when summer time begins or ends.

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};
use time_tz::{timezones, OffsetDateTimeExt, PrimitiveDateTimeExt, TimeZone, Tz};

/// Where Svar comes from, and every clinic's zone until it says otherwise.
pub const DEFAULT_ZONE: &str = "Europe/Copenhagen";

/// The zone named `name`; an unknown name (a database edited by hand)
/// is read as Copenhagen rather than stopping the clinic's schedule.
pub fn zone(name: &str) -> &'static Tz {
    timezones::get_by_name(name).unwrap_or(timezones::db::europe::COPENHAGEN)
}

/// The canonical name of a zone an admin typed, if it is one.
pub fn known_zone(name: &str) -> Option<&'static str> {
    let name = name.trim();
    // Only IANA names ("Europe/Copenhagen"), not Windows ones.
    timezones::iter().find(|z| z.name() == name).map(|z| z.name())
}

/// `day` at `time` on the clinic's clock, as a UTC instant. A time that
/// does not exist there (in the hour skipped when summer time begins) is
/// taken an hour later; one that exists twice (when it ends), the first
/// time. In UTC because SQLite keeps instants as text and compares them as
/// text: "07:00+01:00" sorts after "06:30+00:00" though it is earlier.
pub fn local(day: Date, time: Time, zone: &Tz) -> OffsetDateTime {
    let at = PrimitiveDateTime::new(day, time);
    at.assume_timezone(zone)
        .take_first()
        .or_else(|| (at + Duration::HOUR).assume_timezone(zone).take_first())
        .unwrap_or_else(|| at.assume_utc())
        .to_offset(time::UtcOffset::UTC)
}

/// When a window whose first closed day is `closes_on` closes: the
/// midnight that ends its last day on the clinic's clock (the same
/// instant the scheduler's close job runs at).
pub fn closes_at(closes_on: Date, zone_name: &str) -> OffsetDateTime {
    local(closes_on, Time::MIDNIGHT, zone(zone_name))
}

/// The clinic's calendar date of an instant.
pub fn local_date(at: OffsetDateTime, zone: &Tz) -> Date {
    at.to_timezone(zone).date()
}

/// An instant as the clinic's clock shows it: the same instant, carrying
/// the zone's offset at that moment (summer time or not), so its `date()`,
/// `hour()` and `minute()` are the clinic's. Services put the times staff
/// read in this form: the offset travels with the value to the browser,
/// which has no zone database, and the page shows what the server did.
pub fn on_clock(at: OffsetDateTime, zone: &Tz) -> OffsetDateTime {
    at.to_timezone(zone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn seven_in_copenhagen_is_six_utc_in_winter_and_five_in_summer() {
        let cph = zone("Europe/Copenhagen");
        assert_eq!(local(date!(2026 - 01 - 15), time!(07:00), cph), datetime!(2026-01-15 06:00 UTC));
        assert_eq!(local(date!(2026 - 07 - 15), time!(07:00), cph), datetime!(2026-07-15 05:00 UTC));
        // The days summer time begins (29 March 2026) and ends (25 October 2026).
        assert_eq!(local(date!(2026 - 03 - 29), time!(07:00), cph), datetime!(2026-03-29 05:00 UTC));
        assert_eq!(local(date!(2026 - 10 - 25), time!(07:00), cph), datetime!(2026-10-25 06:00 UTC));
        // Midnight starting those days, on either side of the change.
        assert_eq!(local(date!(2026 - 03 - 30), Time::MIDNIGHT, cph), datetime!(2026-03-29 22:00 UTC));
        assert_eq!(local(date!(2026 - 10 - 26), Time::MIDNIGHT, cph), datetime!(2026-10-25 23:00 UTC));
        // As UTC, so instants stored as text compare as instants.
        assert_eq!(local(date!(2026 - 01 - 15), time!(07:00), cph).offset(), time::UtcOffset::UTC);
    }

    #[test]
    fn a_skipped_hour_is_taken_an_hour_later_and_a_doubled_one_the_first_time() {
        let cph = zone("Europe/Copenhagen");
        // 02:30 does not exist on 29 March 2026 in Copenhagen; it happens twice on 25 October.
        assert_eq!(local(date!(2026 - 03 - 29), time!(02:30), cph), datetime!(2026-03-29 01:30 UTC));
        assert_eq!(local(date!(2026 - 10 - 25), time!(02:30), cph), datetime!(2026-10-25 00:30 UTC));
    }

    #[test]
    fn the_local_date_of_a_late_evening_report_is_the_clinics_day() {
        let cph = zone("Europe/Copenhagen");
        // 23:30 UTC on 1 December is 00:30 on 2 December in Copenhagen.
        assert_eq!(local_date(datetime!(2026-12-01 23:30 UTC), cph), date!(2026 - 12 - 02));
        assert_eq!(local_date(datetime!(2026-12-01 22:30 UTC), cph), date!(2026 - 12 - 01));
    }

    #[test]
    fn an_instant_on_the_clinics_clock_is_the_same_instant_with_its_local_date_and_hour() {
        let auckland = zone("Pacific/Auckland");
        // 23:30 UTC on 30 June is 11:30 on 1 July in Auckland (standard time, +12)…
        let winter = on_clock(datetime!(2026-06-30 23:30 UTC), auckland);
        assert_eq!((winter.date(), winter.hour(), winter.minute()), (date!(2026 - 07 - 01), 11, 30));
        assert_eq!(winter, datetime!(2026-06-30 23:30 UTC), "the same instant");
        // …and 12:30 on 1 January in summer (+13); 10:30 UTC is still 31 December there.
        let summer = on_clock(datetime!(2025-12-31 23:30 UTC), auckland);
        assert_eq!((summer.date(), summer.hour()), (date!(2026 - 01 - 01), 12));
        assert_eq!(on_clock(datetime!(2025-12-31 10:30 UTC), auckland).date(), date!(2025 - 12 - 31));
        // West of UTC the clinic's day ends later: 03:00 UTC on 1 March is 19:00 on 28 February in Los Angeles.
        let la = on_clock(datetime!(2026-03-01 03:00 UTC), zone("America/Los_Angeles"));
        assert_eq!((la.date(), la.hour()), (date!(2026 - 02 - 28), 19));
    }

    #[test]
    fn zone_names_are_checked_and_an_unknown_one_reads_as_copenhagen() {
        assert_eq!(known_zone(" Europe/Oslo "), Some("Europe/Oslo"));
        assert_eq!(known_zone("Europe/Aarhus"), None);
        assert_eq!(known_zone("Romance Standard Time"), None);
        assert_eq!(zone("Mars/Olympus").name(), "Europe/Copenhagen");
    }
}
