//! The clinic overview's figures: counts only, never a patient.

use serde::{Deserialize, Serialize};

/// Per questionnaire and time point: how many were invited, answered,
/// and flagged. Counts only: no patient data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub questionnaire_id: String,
    pub timepoint: String,
    pub sent: i64,
    pub answered: i64,
    pub flagged: i64,
}

impl OverviewRow {
    /// Answered of those sent, in percent.
    pub fn response_rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| 100.0 * self.answered as f64 / self.sent as f64)
    }

    /// Flagged of those answered, in percent.
    pub fn flagged_share(&self) -> Option<f64> {
        (self.answered > 0).then(|| 100.0 * self.flagged as f64 / self.answered as f64)
    }
}

/// One score in one month: how many responses had it, and its spread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreMonth {
    pub questionnaire_id: String,
    pub score: String,
    /// `YYYY-MM`.
    pub month: String,
    pub responses: i64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

/// The clinic overview: counts for the clinic beside the whole
/// installation (counts only; no other clinic's patients).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub clinic: Vec<OverviewRow>,
    pub installation: Vec<OverviewRow>,
    /// Score spreads per month: the clinic's, and every clinic's together.
    #[serde(default)]
    pub clinic_scores: Vec<ScoreMonth>,
    #[serde(default)]
    pub installation_scores: Vec<ScoreMonth>,
    /// Admins see (and set) where red flags and contact requests are
    /// notified. (Not an `Option<Option<_>>`: JSON cannot tell `Some(None)`
    /// from `None`, and the browser must read back what the server rendered.)
    pub admin: bool,
    pub notify_email: Option<String>,
    /// The clinic's time zone (admins see and set it).
    #[serde(default)]
    pub time_zone: String,
    /// Whether enough other clinics take part for the installation's
    /// figures to be shown at all (see [`Overview::suppress_small_comparisons`]).
    #[serde(default)]
    pub comparison: bool,
    /// Titles for the questionnaire, score and time point ids above.
    #[serde(default)]
    pub labels: crate::labels::Labels,
}

/// Fewest other clinics for a comparison with "all clinics": with one or
/// two, the installation's figures minus the clinic's own reveal another
/// clinic's counts.
pub const MIN_OTHER_CLINICS: usize = 3;
/// Fewest responses behind a figure shown for all clinics; smaller cells
/// are suppressed, as quality registries do.
pub const MIN_CELL: i64 = 5;

impl Overview {
    /// Removes what could reveal another clinic: every installation figure
    /// when fewer than [`MIN_OTHER_CLINICS`] other clinics take part, and
    /// otherwise each cell counting fewer than [`MIN_CELL`] responses.
    pub fn suppress_small_comparisons(&mut self, other_clinics: usize) {
        self.comparison = other_clinics >= MIN_OTHER_CLINICS;
        if !self.comparison {
            self.installation.clear();
            self.installation_scores.clear();
            return;
        }
        self.installation.retain(|r| r.answered >= MIN_CELL);
        self.installation_scores.retain(|m| m.responses >= MIN_CELL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(answered: i64) -> OverviewRow {
        OverviewRow { questionnaire_id: "q".into(), timepoint: format!("t{answered}"), sent: answered + 1, answered, flagged: 1 }
    }

    fn score(responses: i64) -> ScoreMonth {
        ScoreMonth { questionnaire_id: "q".into(), score: "s".into(), month: format!("2026-{responses:02}"), responses, ..ScoreMonth::default() }
    }

    fn overview() -> Overview {
        Overview { installation: vec![row(4), row(5)], installation_scores: vec![score(4), score(5)], ..Overview::default() }
    }

    #[test]
    fn two_other_clinics_are_too_few_to_compare_with() {
        let mut o = overview();
        o.suppress_small_comparisons(2);
        assert!(!o.comparison);
        assert!(o.installation.is_empty() && o.installation_scores.is_empty());
    }

    #[test]
    fn with_three_others_cells_under_five_responses_are_suppressed() {
        let mut o = overview();
        o.suppress_small_comparisons(3);
        assert!(o.comparison);
        assert_eq!(o.installation, vec![row(5)]);
        assert_eq!(o.installation_scores, vec![score(5)]);
    }
}
