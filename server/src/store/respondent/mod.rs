//! What the respondent's pages keep: personal links, answering sessions, drafts and contact requests.

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::respondent::port::RespondentStore for SqlStore {
    async fn link_target(&self, token_hash: &[u8]) -> Result<Option<app::respondent::port::LinkTarget>, app::ports::StoreError> {
        sql::LINK_TARGET.bind(token_hash).fetch_optional::<rows::LinkTargetRow>(&self.db).await?.map(TryInto::try_into).transpose()
    }

    async fn take_birth_date_attempt(&self, invitation_id: app::domain::InvitationId, limit: i64) -> Result<Option<i64>, app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let taken: Option<i64> = sql::TAKE_BIRTH_DATE_ATTEMPT.bind(invitation_id).bind(limit).scalar_optional(&mut tx).await?;
        tx.commit().await?;
        Ok(taken)
    }

    async fn return_birth_date_attempt(&self, invitation_id: app::domain::InvitationId) -> Result<(), app::ports::StoreError> {
        sql::RETURN_BIRTH_DATE_ATTEMPT.bind(invitation_id).execute(&self.db).await?;
        Ok(())
    }

    async fn create_answer_session(
        &self,
        token_hash: &[u8],
        invitation_id: app::domain::InvitationId,
        respondent_id: app::domain::RespondentId,
        now: time::OffsetDateTime,
        expires_at: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        sql::INSERT_ANSWER_SESSION.bind(token_hash).bind(invitation_id).bind(respondent_id).bind(now).bind(expires_at).execute(&self.db).await?;
        Ok(())
    }

    async fn answer_session(
        &self,
        token_hash: &[u8],
        now: time::OffsetDateTime,
    ) -> Result<Option<app::respondent::port::AnswerSession>, app::ports::StoreError> {
        sql::ANSWER_SESSION.bind(token_hash).bind(now).fetch_optional::<rows::AnswerSessionRow>(&self.db).await?.map(TryInto::try_into).transpose()
    }

    async fn answered_flags(&self, invitation_id: app::domain::InvitationId) -> Result<Vec<(String, i64)>, app::ports::StoreError> {
        sql::ANSWERED_FLAGS.bind(invitation_id).fetch_all::<(String, i64)>(&self.db).await
    }

    async fn answered_response(
        &self,
        invitation_id: app::domain::InvitationId,
        respondent_id: app::domain::RespondentId,
        clinic_id: app::domain::ClinicId,
    ) -> Result<Option<app::respondent::port::AnsweredResponse>, app::ports::StoreError> {
        type Row = (i64, sqlx::types::Json<app::engine::Answers>, time::OffsetDateTime);
        let Some((version, answers, submitted_at)) =
            sql::ANSWERED_RESPONSE.bind(invitation_id).bind(respondent_id).bind(clinic_id).fetch_optional::<Row>(&self.db).await?
        else {
            return Ok(None);
        };
        let questionnaire_version = u32::try_from(version).map_err(|_| crate::store::unavailable(crate::store::BadValue("questionnaire_version")))?;
        Ok(Some(app::respondent::port::AnsweredResponse { questionnaire_version, answers: answers.0, submitted_at }))
    }

    async fn save_draft(
        &self,
        invitation_id: app::domain::InvitationId,
        respondent_id: app::domain::RespondentId,
        draft: &app::schedule::port::Draft,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        sql::SAVE_DRAFT
            .bind(invitation_id)
            .bind(respondent_id)
            .bind(crate::store::db::json(&draft.answers))
            .bind(crate::store::db::json(&draft.confirmed))
            .bind(now)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    async fn draft(&self, invitation_id: app::domain::InvitationId) -> Result<Option<app::schedule::port::Draft>, app::ports::StoreError> {
        type Row = (sqlx::types::Json<app::engine::Answers>, sqlx::types::Json<app::engine::Confirmed>);
        Ok(sql::DRAFT
            .bind(invitation_id)
            .fetch_optional::<Row>(&self.db)
            .await?
            .map(|(answers, confirmed)| app::schedule::port::Draft { answers: answers.0, confirmed: confirmed.0 }))
    }

    async fn request_contact(
        &self,
        invitation_id: app::domain::InvitationId,
        respondent_id: app::domain::RespondentId,
        now: time::OffsetDateTime,
        notification: Option<&app::ports::OutgoingMail>,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let item_id = uuid::Uuid::new_v4();
        let inserted = sql::REQUEST_CONTACT.bind(item_id).bind(respondent_id).bind(now).bind(invitation_id).execute(&mut tx).await?;
        if inserted == 1 {
            crate::store::worklist::sql::INSERT_ITEM_ENTRY.bind(item_id).execute(&mut tx).await?;
        }
        if let (1, Some(mail)) = (inserted, notification) {
            sql::INSERT_OUTBOX_FOR_INVITATION
                .bind(uuid::Uuid::new_v4())
                .bind(format!("notify:contact:{invitation_id}"))
                .bind(invitation_id)
                .bind(&mail.to)
                .bind(&mail.subject)
                .bind(&mail.text)
                .bind(mail.html.as_deref())
                .bind(now)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
