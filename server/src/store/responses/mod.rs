//! Stored responses: the writer that commits submissions in groups (see `group_commit`), and a patient's responses with their flags.

pub(crate) mod rows;
pub(crate) mod sql;

use super::db::{Db, Tx};
use super::SqlStore;

#[async_trait::async_trait]
impl app::responses::port::ResponsesStore for SqlStore {
    async fn store_response(
        &self,
        r: &app::responses::port::NewResponse<'_>,
    ) -> Result<app::responses::port::StoredResponse, app::ports::StoreError> {
        // Through the writer task: one commit for all waiting submissions.
        self.responses.store(r.into()).await
    }

    async fn patient_responses(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Vec<app::responses::ResponseRecord>, app::ports::StoreError> {
        let flags = sql::PATIENT_FLAGS.bind(clinic_id).bind(patient_id).fetch_all::<rows::FlagRow>(&self.db).await?;
        sql::PATIENT_RESPONSES
            .bind(clinic_id)
            .bind(patient_id)
            .fetch_all::<rows::ResponseRow>(&self.db)
            .await?
            .into_iter()
            .map(|row| row.into_record(&flags))
            .collect()
    }

    async fn enrolment_index_date(
        &self,
        clinic_id: app::domain::ClinicId,
        enrolment_id: app::domain::EnrolmentId,
    ) -> Result<Option<time::Date>, app::ports::StoreError> {
        sql::ENROLMENT_INDEX_DATE.bind(clinic_id).bind(enrolment_id).scalar_optional::<time::Date>(&self.db).await
    }
}

/// Stores a batch in one transaction. The usual case, where every
/// response stores cleanly, costs one commit for all; if any
/// fails, the batch is rolled back and each response is stored
/// again on its own, so one failure does not fail the others.
pub(super) async fn write_responses(
    db: Db,
    batch: Vec<crate::store::group_commit::OwnedResponse>,
) -> Vec<Result<app::responses::port::StoredResponse, app::ports::StoreError>> {
    match write_together(&db, &batch).await {
        Ok(results) => results,
        Err(e) => {
            if batch.len() > 1 {
                tracing::warn!(error = %app::error::error_chain(&e), responses = batch.len(), "a batch of responses failed; storing them one by one");
            }
            let mut results = Vec::with_capacity(batch.len());
            for r in &batch {
                results.push(write_alone(&db, r).await);
            }
            results
        }
    }
}

async fn write_together(
    db: &Db,
    batch: &[crate::store::group_commit::OwnedResponse],
) -> Result<Vec<Result<app::responses::port::StoredResponse, app::ports::StoreError>>, app::ports::StoreError> {
    let mut tx = db.begin_write().await?;
    let mut results = Vec::with_capacity(batch.len());
    for r in batch {
        results.push(Ok(insert_response(&mut tx, r).await?));
    }
    tx.commit().await?;
    Ok(results)
}

/// One response in its own transaction (after its batch failed).
async fn write_alone(db: &Db, r: &crate::store::group_commit::OwnedResponse) -> Result<app::responses::port::StoredResponse, app::ports::StoreError> {
    let mut tx = db.begin_write().await?;
    match insert_response(&mut tx, r).await {
        Ok(stored) => {
            tx.commit().await?;
            Ok(stored)
        }
        // Two processes storing one form at once: the other one won.
        Err(app::ports::StoreError::Conflict { field: STORED_AT_ONCE }) => {
            drop(tx);
            sql::RESPONSE_BY_KEY
                .bind(&r.submission_key)
                .bind(r.clinic_id)
                .bind(r.patient_id)
                .bind(r.invitation_id)
                .scalar_optional::<app::domain::ResponseId>(db)
                .await?
                .map(app::responses::port::StoredResponse::AlreadyStored)
                .ok_or(app::ports::StoreError::Conflict { field: "submission_key" })
        }
        Err(e) => Err(e),
    }
}

/// A response stored by another process at the same moment (a unique
/// violation of the insert, told apart from a key another form holds).
const STORED_AT_ONCE: &str = "response stored at once";

/// One response, its flags and its invitation's new state.
async fn insert_response(
    tx: &mut Tx,
    r: &crate::store::group_commit::OwnedResponse,
) -> Result<app::responses::port::StoredResponse, app::ports::StoreError> {
    use app::responses::port::StoredResponse;
    let id = r.id;
    // The submission key is unique: a second submit of one form stores nothing.
    let inserted = sql::INSERT_RESPONSE
        .query()
        .unique(STORED_AT_ONCE)
        .bind(id)
        .bind(r.clinic_id)
        .bind(r.patient_id)
        .bind(r.enrolment_id)
        .bind(&r.questionnaire_id)
        .bind(i64::from(r.questionnaire_version))
        .bind(crate::store::db::json(&r.answers))
        .bind(crate::store::db::json(&r.scores))
        .bind(r.entry_mode.as_str())
        .bind(r.respondent_id)
        .bind(r.entered_by)
        .bind(&r.submission_key)
        .bind(r.now)
        .bind(r.invitation_id)
        .bind(r.has_comment)
        .execute(&mut *tx)
        .await?;
    if inserted == 0 {
        // The key is taken. Only the same submission may answer
        // "already stored"; anything else is refused, never
        // acknowledged as saved.
        let first = sql::RESPONSE_BY_KEY
            .bind(&r.submission_key)
            .bind(r.clinic_id)
            .bind(r.patient_id)
            .bind(r.invitation_id)
            .scalar_optional::<app::domain::ResponseId>(&mut *tx)
            .await?;
        return match first {
            Some(first) => Ok(StoredResponse::AlreadyStored(first)),
            // The key belongs to another submission.
            None => Err(app::ports::StoreError::Conflict { field: "submission_key" }),
        };
    }
    for flag in &r.flags {
        // Stored by its name in the order of urgency, which the
        // worklist's SQL ranks by (`Urgency::rank_sql`).
        let level = flag.level.urgency().as_str();
        sql::INSERT_FLAG
            .bind(uuid::Uuid::new_v4())
            .bind(r.clinic_id)
            .bind(r.patient_id)
            .bind(id)
            .bind(&flag.rule)
            .bind(level)
            .bind(&flag.message.da)
            .bind(&flag.message.en)
            .bind(crate::store::db::json(&flag.explanation))
            .bind(i64::from(r.questionnaire_version))
            .bind(r.now)
            .execute(&mut *tx)
            .await?;
    }
    if !r.flags.is_empty() {
        crate::store::worklist::sql::INSERT_RESPONSE_ENTRY.bind(id).execute(&mut *tx).await?;
    }
    if let Some(audit) = &r.audit {
        let detail = format!("response {id} ({})", r.entry_mode.as_str());
        crate::store::audit::insert_audit(&mut *tx, audit, Some(r.patient_id), Some(&detail), r.now).await?;
    }
    if let Some(invitation_id) = r.invitation_id {
        // Answered: no more reminders, no no-response item, no draft.
        // Jobs before the invitation: the order the scheduler locks them in.
        sql::FINISH_JOBS_ANSWERED.bind(invitation_id).bind(r.now).execute(&mut *tx).await?;
        sql::MARK_ANSWERED.bind(invitation_id).bind(id).execute(&mut *tx).await?;
        sql::CLOSE_NO_RESPONSE_ENTRY.bind(invitation_id).execute(&mut *tx).await?;
        sql::CLOSE_NO_RESPONSE_ITEM.bind(invitation_id).execute(&mut *tx).await?;
        sql::DELETE_DRAFT.bind(invitation_id).execute(&mut *tx).await?;
    }
    if let Some(mail) = &r.notification {
        crate::store::schedule::insert_outbox(tx, &format!("notify:{id}"), r.clinic_id, mail, r.now).await?;
    }
    Ok(StoredResponse::New(id))
}
