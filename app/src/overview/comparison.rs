//! What a clinic is shown of the other clinics of the installation.
//!
//! The overview sets a clinic's figures beside those of other clinics, so
//! that a clinic can see whether its response rate, its share of flagged
//! responses or its patients' scores are unusual. Those figures must never
//! tell one clinic about another clinic, nor about another clinic's
//! patient. So, for each row (a questionnaire at a time point for the
//! counts; a questionnaire's score in a month of the viewing clinic's
//! calendar for the scores):
//!
//! - the viewing clinic's own responses are left out entirely: "all
//!   clinics" minus its own figures would otherwise be the others' figures;
//! - a clinic counts in a row only with at least [`MIN_RESPONSES`]
//!   responses in it, and a smaller one adds nothing to the row;
//! - the row exists only when at least [`MIN_CLINICS`] such clinics
//!   count in it: with one, its figures would be that clinic's; with two,
//!   either clinic could subtract its own;
//! - for scores, only the mean and the number of responses: never the
//!   lowest or highest, which is one patient's score.
//!
//! Rows that fail are dropped here, on the server, before the overview is
//! serialised: neither the page nor its embedded data nor the server
//! function's answer carries them.

use std::collections::BTreeMap;

use time_tz::Tz;

use super::months::{month_of, ScoreSums};
use super::types::{OverviewRow, ScoreComparison};
use crate::domain::ClinicId;

/// Fewest other clinics behind a figure shown for other clinics.
pub const MIN_CLINICS: usize = 3;
/// Fewest responses a clinic has in a row for it to count in that row.
pub const MIN_RESPONSES: i64 = 5;

/// The other clinics' counts per questionnaire and time point, from every
/// clinic's counts; `viewer` is the clinic looking.
pub fn compare_counts(rows: &[(ClinicId, OverviewRow)], viewer: ClinicId) -> Vec<OverviewRow> {
    let mut compared: BTreeMap<(String, String), (usize, OverviewRow)> = BTreeMap::new();
    for (_, row) in rows.iter().filter(|(clinic, row)| *clinic != viewer && row.answered >= MIN_RESPONSES) {
        let (clinics, sum) = compared.entry((row.questionnaire_id.clone(), row.timepoint.clone())).or_insert_with(|| {
            (0, OverviewRow { questionnaire_id: row.questionnaire_id.clone(), timepoint: row.timepoint.clone(), ..OverviewRow::default() })
        });
        *clinics += 1;
        sum.sent += row.sent;
        sum.answered += row.answered;
        sum.flagged += row.flagged;
    }
    compared.into_values().filter(|(clinics, _)| *clinics >= MIN_CLINICS).map(|(_, row)| row).collect()
}

/// The other clinics' mean of each score per month of `zone`'s calendar
/// (the viewing clinic's), from every clinic's sums.
pub fn compare_scores(sums: &[ScoreSums], viewer: ClinicId, zone: &Tz) -> Vec<ScoreComparison> {
    // Each other clinic's responses and their sum, per score and month.
    let mut per_clinic: BTreeMap<(String, String, String, ClinicId), (i64, f64)> = BTreeMap::new();
    for s in sums.iter().filter(|s| s.clinic_id != viewer && s.responses > 0) {
        let (n, sum) = per_clinic.entry((s.questionnaire_id.clone(), s.score.clone(), month_of(s, zone), s.clinic_id)).or_default();
        *n += s.responses;
        *sum += s.sum;
    }
    let mut compared: BTreeMap<(String, String, String), (usize, i64, f64)> = BTreeMap::new();
    for ((questionnaire_id, score, month, _), (n, sum)) in per_clinic.into_iter().filter(|(_, (n, _))| *n >= MIN_RESPONSES) {
        let (clinics, responses, total) = compared.entry((questionnaire_id, score, month)).or_default();
        *clinics += 1;
        *responses += n;
        *total += sum;
    }
    compared
        .into_iter()
        .filter(|(_, (clinics, _, _))| *clinics >= MIN_CLINICS)
        .map(|((questionnaire_id, score, month), (_, responses, total))| ScoreComparison {
            questionnaire_id,
            score,
            month,
            responses,
            mean: total / responses as f64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::zone::zone;
    use time::macros::datetime;
    use uuid::Uuid;

    fn clinic(n: u128) -> ClinicId {
        ClinicId::from(Uuid::from_u128(n))
    }

    fn counts(of: u128, timepoint: &str, answered: i64) -> (ClinicId, OverviewRow) {
        let row = OverviewRow { questionnaire_id: "q".into(), timepoint: timepoint.into(), sent: answered + 2, answered, flagged: 1 };
        (clinic(of), row)
    }

    fn sums(of: u128, month: &str, values: &[f64]) -> ScoreSums {
        ScoreSums {
            clinic_id: clinic(of),
            questionnaire_id: "q".into(),
            score: "s".into(),
            utc_month: month.into(),
            near_turn: None,
            responses: values.len() as i64,
            sum: values.iter().sum(),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    const VIEWER: u128 = 1;

    #[test]
    fn one_other_clinic_is_never_shown_as_the_others_however_many_clinics_there_are() {
        let rows = [counts(VIEWER, "t", 40), counts(2, "t", 30)];
        assert_eq!(compare_counts(&rows, clinic(VIEWER)), []);
        let scores = [sums(VIEWER, "2026-06", &[1.0; 40]), sums(2, "2026-06", &[7.0; 30])];
        assert_eq!(compare_scores(&scores, clinic(VIEWER), zone("Europe/Copenhagen")), []);
    }

    #[test]
    fn three_other_clinics_with_five_responses_each_are_compared_without_the_viewer() {
        let rows = [counts(VIEWER, "t", 40), counts(2, "t", 5), counts(3, "t", 6), counts(4, "t", 7), counts(5, "t", 4)];
        let compared = compare_counts(&rows, clinic(VIEWER));
        // Clinic 5 has too few responses to count; the viewer never counts.
        assert_eq!(compared, [OverviewRow { questionnaire_id: "q".into(), timepoint: "t".into(), sent: 24, answered: 18, flagged: 3 }]);
        // Without clinic 2, two clinics are left: no row.
        assert_eq!(compare_counts(&rows[2..], clinic(VIEWER)), []);
        assert_eq!(compare_counts(&[counts(2, "t", 5), counts(3, "t", 5), counts(4, "t", 4)], clinic(VIEWER)), []);
    }

    #[test]
    fn scores_show_the_mean_of_three_clinics_in_the_viewers_months() {
        let cph = zone("Europe/Copenhagen");
        let mut late = sums(4, "2026-06", &[3.0; 5]);
        // 22:30 UTC on 30 June is 1 July in Copenhagen.
        late.near_turn = Some(datetime!(2026-06-30 22:30 UTC));
        let scores = [
            sums(VIEWER, "2026-07", &[100.0; 9]),
            sums(2, "2026-07", &[1.0, 2.0, 3.0, 4.0, 5.0]),
            sums(3, "2026-07", &[6.0; 5]),
            late,
            // Too few: adds nothing, not even to the count of responses.
            sums(5, "2026-07", &[1000.0; 4]),
        ];
        let compared = compare_scores(&scores, clinic(VIEWER), cph);
        assert_eq!(
            compared,
            [ScoreComparison { questionnaire_id: "q".into(), score: "s".into(), month: "2026-07".into(), responses: 15, mean: 4.0 }]
        );
        // In UTC clinic 4's responses are June's, and July has two clinics.
        assert_eq!(compare_scores(&scores, clinic(VIEWER), zone("Etc/UTC")), []);
    }
}
