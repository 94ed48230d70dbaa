//! The call list: invitations still unanswered after their last automatic
//! message, the calls logged about them and who is to call.

pub(crate) mod rows;
pub(crate) mod sql;

use std::collections::HashMap;

use super::SqlStore;

#[async_trait::async_trait]
impl app::calls::port::CallsStore for SqlStore {
    async fn call_list(
        &self,
        clinic_id: app::domain::ClinicId,
        quiet_since: time::OffsetDateTime,
    ) -> Result<Vec<app::calls::port::StoredCall>, app::ports::StoreError> {
        // At once, each on a connection of its own; the entries decide
        // what is shown, and a line of the others for an invitation that
        // left the list meanwhile is dropped.
        let (entries, respondents, messages, attempts) = tokio::try_join!(
            sql::CALL_ENTRIES.bind(clinic_id).bind(quiet_since).fetch_all::<rows::CallEntryRow>(&self.db),
            sql::CALL_RESPONDENTS.bind(clinic_id).bind(quiet_since).fetch_all::<rows::CallRespondentRow>(&self.db),
            sql::CALL_MESSAGES.bind(clinic_id).bind(quiet_since).fetch_all::<crate::store::patients::rows::MessageRow>(&self.db),
            sql::CALL_ATTEMPTS.bind(clinic_id).bind(quiet_since).fetch_all::<rows::CallAttemptRow>(&self.db),
        )?;

        let mut calls: Vec<_> = entries.into_iter().map(|row| row.into_call(clinic_id)).collect();
        let at: HashMap<app::domain::InvitationId, usize> = calls.iter().enumerate().map(|(n, c)| (c.entry.invitation_id, n)).collect();
        for r in respondents {
            if let Some(&n) = at.get(&r.invitation_id) {
                calls[n].entry.respondents.push(app::calls::CallRespondent { name: r.name, relation: r.relation, mobile: r.mobile });
            }
        }
        for m in messages {
            let record: app::patients::MessageRecord = m.try_into()?;
            if let Some(&n) = at.get(&record.invitation_id) {
                calls[n].entry.messages.push(record);
            }
        }
        for a in attempts {
            let (invitation, attempt): (app::domain::InvitationId, app::calls::CallAttempt) = a.try_into()?;
            if let Some(&n) = at.get(&invitation) {
                calls[n].entry.attempts.push(attempt);
            }
        }
        Ok(calls)
    }

    async fn call_target(
        &self,
        clinic_id: app::domain::ClinicId,
        invitation_id: app::domain::InvitationId,
        quiet_since: time::OffsetDateTime,
    ) -> Result<Option<app::calls::port::CallTarget>, app::ports::StoreError> {
        let row: Option<(app::domain::PatientId, String)> =
            sql::CALL_TARGET.bind(clinic_id).bind(quiet_since).bind(invitation_id).fetch_optional(&self.db).await?;
        let Some((patient_id, questionnaire_id)) = row else { return Ok(None) };
        let reaches = sql::TARGET_REACH
            .bind(invitation_id)
            .fetch_all::<rows::ReachRow>(&self.db)
            .await?
            .into_iter()
            .map(rows::ReachRow::into_reach)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(app::calls::port::CallTarget { patient_id, questionnaire_id, reaches }))
    }

    async fn log_call(
        &self,
        clinic_id: app::domain::ClinicId,
        attempt: &app::calls::port::NewCallAttempt,
        quiet_since: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        // Still on the list: not answered or closed since the page was read.
        let on_list: Option<(app::domain::PatientId, String)> =
            sql::CALL_TARGET.bind(clinic_id).bind(quiet_since).bind(attempt.invitation_id).fetch_optional(&mut tx).await?;
        if on_list.is_none() {
            return Err(app::ports::StoreError::NotFound);
        }
        sql::INSERT_CALL_ATTEMPT
            .bind(uuid::Uuid::new_v4())
            .bind(clinic_id)
            .bind(attempt.invitation_id)
            .bind(attempt.staff_id)
            .bind(attempt.outcome.as_str())
            .bind(&attempt.note)
            .bind(attempt.at)
            .execute(&mut tx)
            .await?;
        if attempt.send_link_again {
            // A reminder now: the scheduler sends every respondent a new
            // link by their first channel, with a dedupe key of its own.
            let remind = app::schedule::port::JobKind::Remind.as_str();
            crate::store::schedule::sql::INSERT_JOB
                .bind(uuid::Uuid::new_v4())
                .bind(attempt.invitation_id)
                .bind(remind)
                .bind(attempt.at)
                .execute(&mut tx)
                .await?;
        }
        crate::store::audit::insert_audit(&mut tx, audit, None, None, attempt.at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn assign_call(
        &self,
        clinic_id: app::domain::ClinicId,
        invitation_id: app::domain::InvitationId,
        quiet_since: time::OffsetDateTime,
        to: Option<app::domain::StaffId>,
        by: app::domain::StaffId,
        now: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let on_list: Option<(app::domain::PatientId, String)> =
            sql::CALL_TARGET.bind(clinic_id).bind(quiet_since).bind(invitation_id).fetch_optional(&mut tx).await?;
        if on_list.is_none() {
            return Err(app::ports::StoreError::NotFound);
        }
        match to {
            Some(staff_id) => {
                let members: i64 = crate::store::worklist::sql::IS_MEMBER.bind(clinic_id).bind(staff_id).scalar_one(&mut tx).await?;
                if members == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                sql::UPSERT_CALL_ASSIGNMENT.bind(invitation_id).bind(clinic_id).bind(staff_id).bind(by).bind(now).execute(&mut tx).await?;
            }
            None => {
                sql::DELETE_CALL_ASSIGNMENT.bind(invitation_id).bind(clinic_id).execute(&mut tx).await?;
            }
        }
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
