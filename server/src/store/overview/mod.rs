//! The clinic overview's figures, per clinic: invitations sent and answered per time point, and scores per month.

pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::overview::port::OverviewStore for SqlStore {
    async fn overview(
        &self,
        clinic_id: Option<app::domain::ClinicId>,
    ) -> Result<Vec<(app::domain::ClinicId, app::overview::OverviewRow)>, app::ports::StoreError> {
        let rows: Vec<(app::domain::ClinicId, String, String, i64, i64, i64)> = sql::OVERVIEW.bind(clinic_id).fetch_all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|(clinic, questionnaire_id, timepoint, sent, answered, flagged)| {
                (clinic, app::overview::OverviewRow { questionnaire_id, timepoint, sent, answered, flagged })
            })
            .collect())
    }

    async fn score_sums(&self, clinic_id: Option<app::domain::ClinicId>) -> Result<Vec<app::overview::months::ScoreSums>, app::ports::StoreError> {
        type Row = (app::domain::ClinicId, String, String, Option<time::OffsetDateTime>, String, i64, f64, f64, f64);
        let rows: Vec<Row> = sql::SCORE_SUMS.query().bind(clinic_id).fetch_all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|(clinic_id, questionnaire_id, utc_month, near_turn, score, responses, sum, min, max)| app::overview::months::ScoreSums {
                clinic_id,
                questionnaire_id,
                score,
                utc_month,
                near_turn,
                responses,
                sum,
                min,
                max,
            })
            .collect())
    }
}
