//! Dates as Danish and English readers write them: "31. okt. 2026" and
//! "31 Oct 2026" on pages, "31. oktober 2026" and "31 October 2026" in
//! mails. Never the ISO form a person has to decode.

use time::Date;

use super::Locale;

const MONTHS_DA: [&str; 12] =
    ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];
const SHORT_DA: [&str; 12] = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month(date: Date) -> usize {
    usize::from(u8::from(date.month())) - 1
}

/// "31. okt. 2026" / "31 Oct 2026".
pub fn short_date(date: Date, locale: Locale) -> String {
    match locale {
        Locale::Da => format!("{}. {} {}", date.day(), SHORT_DA[month(date)], date.year()),
        Locale::En => format!("{} {} {}", date.day(), SHORT_EN[month(date)], date.year()),
    }
}

/// "31. oktober 2026" / "31 October 2026".
pub fn long_date(date: Date, locale: Locale) -> String {
    match locale {
        Locale::Da => format!("{}. {} {}", date.day(), MONTHS_DA[month(date)], date.year()),
        Locale::En => format!("{} {} {}", date.day(), MONTHS_EN[month(date)], date.year()),
    }
}

/// A month written `YYYY-MM` (as stored) as "november 2026" /
/// "November 2026"; anything else as it is.
pub fn month_label(month: &str, locale: Locale) -> String {
    let parsed = month.split_once('-').and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<usize>().ok()?)));
    match parsed {
        Some((year, m @ 1..=12)) => match locale {
            Locale::Da => format!("{} {year}", MONTHS_DA[m - 1]),
            Locale::En => format!("{} {year}", MONTHS_EN[m - 1]),
        },
        _ => month.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_read_as_words() {
        assert_eq!(month_label("2026-11", Locale::Da), "november 2026");
        assert_eq!(month_label("2026-01", Locale::En), "January 2026");
        assert_eq!(month_label("2026-13", Locale::En), "2026-13");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(short_date(date!(2026 - 10 - 31), Locale::Da), "31. okt. 2026");
        assert_eq!(short_date(date!(2026 - 05 - 01), Locale::Da), "1. maj 2026");
        assert_eq!(short_date(date!(2026 - 10 - 31), Locale::En), "31 Oct 2026");
        assert_eq!(long_date(date!(2026 - 03 - 02), Locale::Da), "2. marts 2026");
        assert_eq!(long_date(date!(2026 - 12 - 24), Locale::En), "24 December 2026");
    }
}
