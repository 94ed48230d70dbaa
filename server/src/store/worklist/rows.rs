//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::ports::StoreError;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct WorklistRow {
    pub kind: String,
    pub id: Uuid,
    pub rank: i64,
    pub patient_id: app::domain::PatientId,
    pub patient_name: String,
    pub questionnaire_id: String,
    pub timepoint: Option<String>,
    pub created_at: OffsetDateTime,
    pub assigned_name: Option<String>,
    pub has_comment: bool,
    pub missed_since: Option<time::Date>,
}

impl TryFrom<WorklistRow> for app::worklist::WorklistEntry {
    type Error = StoreError;

    fn try_from(row: WorklistRow) -> Result<Self, Self::Error> {
        Ok(app::worklist::WorklistEntry {
            kind: app::worklist::EntryKind::parse(&row.kind).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("entry kind")))?,
            id: row.id,
            urgency: app::worklist::Urgency::from_rank(row.rank).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("rank")))?,
            patient_id: row.patient_id,
            patient_name: row.patient_name,
            questionnaire_id: row.questionnaire_id,
            timepoint: row.timepoint,
            created_at: row.created_at,
            reasons: Vec::new(),
            assigned_to: row.assigned_name,
            has_comment: row.has_comment,
            missed_since: row.missed_since,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct DecisionRow {
    pub outcome: String,
    pub note: String,
    pub message_sent: bool,
    pub decided_by: String,
    pub decided_at: OffsetDateTime,
}

impl TryFrom<DecisionRow> for app::worklist::DecisionRecord {
    type Error = StoreError;

    fn try_from(row: DecisionRow) -> Result<Self, Self::Error> {
        Ok(app::worklist::DecisionRecord {
            outcome: app::worklist::Outcome::parse(&row.outcome).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("outcome")))?,
            note: row.note,
            message_sent: row.message_sent,
            decided_by: row.decided_by,
            decided_at: row.decided_at,
        })
    }
}
