//! What the clinic overview needs from storage: counts per clinic,
//! questionnaire and time point, and each score's values summed per clinic
//! and month.

use async_trait::async_trait;

use super::months::ScoreSums;
use super::types::OverviewRow;
use crate::domain::ClinicId;
use crate::ports::StoreError;

#[async_trait]
pub trait OverviewStore: Send + Sync + 'static {
    /// Invitations sent, answered and flagged per clinic, questionnaire
    /// and time point, for one clinic or (None) every clinic.
    async fn overview(&self, clinic_id: Option<ClinicId>) -> Result<Vec<(ClinicId, OverviewRow)>, StoreError>;
    /// Each score's count, sum, lowest and highest value per clinic and UTC
    /// month, for one clinic or (None) every clinic; the responses given on
    /// the first or last UTC day of a month are summed per instant, for
    /// [`super::months::score_months`] to put in the viewing clinic's month.
    async fn score_sums(&self, clinic_id: Option<ClinicId>) -> Result<Vec<ScoreSums>, StoreError>;
}
