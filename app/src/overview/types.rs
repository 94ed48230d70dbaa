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
}
