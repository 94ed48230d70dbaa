//! The clinic overview's figures: counts and means only, never a patient.

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

/// One score in one month at the viewing clinic: how many of its
/// responses had it, and their spread (its own patients' scores).
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

/// One score in one month at the other clinics: how many responses, and
/// their mean. Never a lowest or highest value, which would be one
/// patient's score (see [`super::comparison`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreComparison {
    pub questionnaire_id: String,
    pub score: String,
    /// `YYYY-MM`, in the viewing clinic's calendar.
    pub month: String,
    pub responses: i64,
    pub mean: f64,
}

/// The clinic overview: the clinic's counts and scores beside the other
/// clinics' of the installation (aggregates only; no other clinic's
/// patients, and no one other clinic's figures).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub clinic: Vec<OverviewRow>,
    /// The other clinics' counts, the viewing clinic left out, only for
    /// the rows [`super::comparison`] lets through: what is left out is
    /// never sent.
    pub installation: Vec<OverviewRow>,
    /// The clinic's own score spreads per month.
    #[serde(default)]
    pub clinic_scores: Vec<ScoreMonth>,
    /// The other clinics' score means per month, as `installation`.
    #[serde(default)]
    pub installation_scores: Vec<ScoreComparison>,
    /// Admins see (and set) where red flags and contact requests are
    /// notified. (Not an `Option<Option<_>>`: JSON cannot tell `Some(None)`
    /// from `None`, and the browser must read back what the server rendered.)
    pub admin: bool,
    pub notify_email: Option<String>,
    /// The clinic's time zone (admins see and set it).
    #[serde(default)]
    pub time_zone: String,
    /// The clinic's region (admins see and set it).
    #[serde(default)]
    pub region: crate::domain::Region,
    /// The sender name on the clinic's SMS (admins see and set it).
    #[serde(default)]
    pub sms_sender: String,
    /// Titles for the questionnaire, score and time point ids above.
    #[serde(default)]
    pub labels: crate::labels::Labels,
}
