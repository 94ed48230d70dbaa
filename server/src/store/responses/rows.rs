//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::ports::StoreError;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: app::domain::ResponseId,
    pub enrolment_id: Option<app::domain::EnrolmentId>,
    pub pathway_id: Option<String>,
    pub timepoint: Option<String>,
    pub index_date: Option<time::Date>,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub answers: sqlx::types::Json<app::engine::Answers>,
    pub scores: sqlx::types::Json<std::collections::BTreeMap<String, Option<f64>>>,
    pub entry_mode: String,
    pub entered_by_name: Option<String>,
    pub submitted_at: OffsetDateTime,
}

#[derive(Debug, sqlx::FromRow)]
pub struct FlagRow {
    pub id: Uuid,
    pub response_id: app::domain::ResponseId,
    pub rule_id: String,
    pub level: String,
    pub message_da: String,
    pub message_en: String,
    pub explanation: sqlx::types::Json<Vec<app::engine::Explained>>,
    pub questionnaire_version: i64,
    pub status: String,
}

impl ResponseRow {
    pub fn into_record(self, flags: &[FlagRow]) -> Result<app::responses::ResponseRecord, StoreError> {
        let entry_mode = app::responses::EntryMode::parse(&self.entry_mode)
            .ok_or_else(|| StoreError::Unavailable(format!("unknown entry mode {:?}", self.entry_mode).into()))?;
        Ok(app::responses::ResponseRecord {
            id: self.id,
            enrolment_id: self.enrolment_id,
            pathway_id: self.pathway_id,
            timepoint: self.timepoint,
            index_date: self.index_date,
            questionnaire_id: self.questionnaire_id,
            questionnaire_version: self.questionnaire_version,
            answers: self.answers.0,
            scores: self.scores.0,
            entry_mode,
            entered_by_name: self.entered_by_name,
            submitted_at: self.submitted_at,
            flags: flags
                .iter()
                .filter(|f| f.response_id == self.id)
                .map(|f| app::responses::FlagRecord {
                    id: f.id,
                    rule_id: f.rule_id.clone(),
                    level: f.level.clone(),
                    message_da: f.message_da.clone(),
                    message_en: f.message_en.clone(),
                    explanation: f.explanation.0.clone(),
                    questionnaire_version: f.questionnaire_version,
                    status: f.status.clone(),
                    reasons: Vec::new(),
                })
                .collect(),
        })
    }
}
