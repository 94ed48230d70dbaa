//! The overview's score months in the clinic's calendar. The store sums
//! each score per UTC month, but keeps apart the responses given on the
//! first or last UTC day of a month, where the clinic's month may be
//! another one: 23:30 UTC on 31 May is 1 June in Auckland, 03:00 UTC on 1
//! March is still February in Los Angeles. [`score_months`] puts those in
//! the clinic's month by their instant, with the offset its zone has at
//! that instant (summer time or not). Every other response is in the same
//! month in every zone: none is a day or more from UTC.

use std::collections::BTreeMap;

use time::OffsetDateTime;
use time_tz::Tz;

use super::types::ScoreMonth;
use crate::domain::ClinicId;

/// One score's values over some responses of one clinic, summed by the
/// store.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreSums {
    pub clinic_id: ClinicId,
    pub questionnaire_id: String,
    pub score: String,
    /// The responses' UTC month, `YYYY-MM`.
    pub utc_month: String,
    /// For responses given on the first or last UTC day of a month: the
    /// instant all of them were given. `None` for the others.
    pub near_turn: Option<OffsetDateTime>,
    pub responses: i64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

/// The month (`YYYY-MM`) of an instant on the zone's calendar.
pub fn local_month(at: OffsetDateTime, zone: &Tz) -> String {
    let date = crate::schedule::zone::local_date(at, zone);
    format!("{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// The month (`YYYY-MM`) of the zone's calendar the summed responses were
/// given in.
pub fn month_of(sums: &ScoreSums, zone: &Tz) -> String {
    sums.near_turn.map_or_else(|| sums.utc_month.clone(), |at| local_month(at, zone))
}

/// Each score's spread per month of the zone's calendar, by questionnaire,
/// score and month: for one clinic's own sums (the spread is its own
/// patients' scores; see [`super::comparison`] for other clinics').
pub fn score_months(sums: &[ScoreSums], zone: &Tz) -> Vec<ScoreMonth> {
    let mut months: BTreeMap<(String, String, String), (i64, f64, f64, f64)> = BTreeMap::new();
    for s in sums.iter().filter(|s| s.responses > 0) {
        let month = month_of(s, zone);
        let (n, sum, min, max) =
            months.entry((s.questionnaire_id.clone(), s.score.clone(), month)).or_insert((0, 0.0, f64::INFINITY, f64::NEG_INFINITY));
        *n += s.responses;
        *sum += s.sum;
        *min = min.min(s.min);
        *max = max.max(s.max);
    }
    months
        .into_iter()
        .map(|((questionnaire_id, score, month), (responses, sum, min, max))| ScoreMonth {
            questionnaire_id,
            score,
            month,
            responses,
            mean: sum / responses as f64,
            min,
            max,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::zone::zone;
    use time::macros::datetime;
    use time_tz::TimeZone;

    fn sums(utc_month: &str, near_turn: Option<OffsetDateTime>, values: &[f64]) -> ScoreSums {
        ScoreSums {
            clinic_id: ClinicId::nil(),
            questionnaire_id: "q".into(),
            score: "s".into(),
            utc_month: utc_month.into(),
            near_turn,
            responses: values.len() as i64,
            sum: values.iter().sum(),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    fn months(of: &[ScoreMonth]) -> Vec<(&str, i64)> {
        of.iter().map(|m| (m.month.as_str(), m.responses)).collect()
    }

    #[test]
    fn a_late_evening_in_utc_is_the_next_month_east_of_it_in_summer_and_winter() {
        let auckland = zone("Pacific/Auckland");
        // 11:30 on 1 July in Auckland (+12); 10:30 UTC is 22:30 on 30 June there.
        assert_eq!(local_month(datetime!(2026-06-30 23:30 UTC), auckland), "2026-07");
        assert_eq!(local_month(datetime!(2026-06-30 10:30 UTC), auckland), "2026-06");
        // In its summer (+13) the month turns at 11:00 UTC.
        assert_eq!(local_month(datetime!(2026-01-31 11:00 UTC), auckland), "2026-02");
        assert_eq!(local_month(datetime!(2026-01-31 10:59 UTC), auckland), "2026-01");
        // Copenhagen turns at 22:00 UTC in summer and 23:00 in winter.
        let cph = zone("Europe/Copenhagen");
        assert_eq!(local_month(datetime!(2026-05-31 22:00 UTC), cph), "2026-06");
        assert_eq!(local_month(datetime!(2026-05-31 21:59 UTC), cph), "2026-05");
        assert_eq!(local_month(datetime!(2026-11-30 22:30 UTC), cph), "2026-11");
        assert_eq!(local_month(datetime!(2026-11-30 23:00 UTC), cph), "2026-12");
    }

    #[test]
    fn an_early_morning_in_utc_is_the_previous_month_west_of_it() {
        let la = zone("America/Los_Angeles");
        // The month turns at 08:00 UTC in winter (-8) and 07:00 in summer (-7).
        assert_eq!(local_month(datetime!(2026-03-01 07:59 UTC), la), "2026-02");
        assert_eq!(local_month(datetime!(2026-03-01 08:00 UTC), la), "2026-03");
        assert_eq!(local_month(datetime!(2026-07-01 06:59 UTC), la), "2026-06");
        assert_eq!(local_month(datetime!(2026-07-01 07:00 UTC), la), "2026-07");
    }

    #[test]
    fn responses_near_the_turn_of_a_month_join_the_clinics_month() {
        let auckland = zone("Pacific/Auckland");
        let summed = [
            sums("2026-06", None, &[2.0, 4.0]),
            // 31 July in Auckland, and 1 July there.
            sums("2026-07", Some(datetime!(2026-07-31 10:00 UTC)), &[9.0]),
            sums("2026-06", Some(datetime!(2026-06-30 23:30 UTC)), &[6.0, 8.0]),
            sums("2026-07", None, &[1.0]),
            sums("2026-06", Some(datetime!(2026-06-01 00:30 UTC)), &[3.0]),
        ];
        let out = score_months(&summed, auckland);
        assert_eq!(months(&out), [("2026-06", 3), ("2026-07", 4)]);
        assert_eq!((out[0].mean, out[0].min, out[0].max), (3.0, 2.0, 4.0));
        assert_eq!((out[1].mean, out[1].min, out[1].max), (6.0, 1.0, 9.0));
        // In UTC they stay where the store put them.
        let utc = zone("Etc/UTC");
        assert_eq!(utc.name(), "Etc/UTC");
        assert_eq!(months(&score_months(&summed, utc)), [("2026-06", 5), ("2026-07", 2)]);
    }

    #[test]
    fn scores_and_questionnaires_stay_apart_in_order() {
        let mut other = sums("2026-06", None, &[5.0]);
        other.score = "a".into();
        let out = score_months(&[sums("2026-06", None, &[1.0]), other], zone("Europe/Copenhagen"));
        assert_eq!(out.iter().map(|m| (m.score.as_str(), m.mean)).collect::<Vec<_>>(), [("a", 5.0), ("s", 1.0)]);
    }
}
