//! Storing responses in groups (see `group_commit`), and the outbox insert
//! every writer shares; written once for both backends:
//! `impl_response_writer!(Store, sqlx::Backend)`.

macro_rules! impl_response_writer {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Stores a batch in one transaction. The usual case, where every
            /// response stores cleanly, costs one commit for all; if any
            /// fails, the batch is rolled back and each response is stored
            /// again on its own, so one failure does not fail the others.
            async fn write_responses(
                pool: sqlx::Pool<$db>,
                batch: Vec<$crate::store::group_commit::OwnedResponse>,
            ) -> Vec<Result<app::ports::StoredResponse, app::ports::StoreError>> {
                match Self::write_together(&pool, &batch).await {
                    Ok(results) => results,
                    Err(e) => {
                        if batch.len() > 1 {
                            tracing::warn!(error = %e, responses = batch.len(), "a batch of responses failed; storing them one by one");
                        }
                        let mut results = Vec::with_capacity(batch.len());
                        for r in &batch {
                            results.push(Self::write_alone(&pool, r).await);
                        }
                        results
                    }
                }
            }

            async fn write_together(
                pool: &sqlx::Pool<$db>,
                batch: &[$crate::store::group_commit::OwnedResponse],
            ) -> Result<Vec<Result<app::ports::StoredResponse, app::ports::StoreError>>, sqlx::Error> {
                let mut tx = Self::begin_write_on(pool).await?;
                let mut results = Vec::with_capacity(batch.len());
                for r in batch {
                    results.push(Ok(Self::insert_response(&mut tx, r).await?));
                }
                tx.commit().await?;
                Ok(results)
            }

            /// One response in its own transaction (after its batch failed).
            async fn write_alone(
                pool: &sqlx::Pool<$db>,
                r: &$crate::store::group_commit::OwnedResponse,
            ) -> Result<app::ports::StoredResponse, app::ports::StoreError> {
                let mut tx = Self::begin_write_on(pool).await.map_err(|e| $crate::store::store_error(e, None))?;
                match Self::insert_response(&mut tx, r).await {
                    Ok(stored) => {
                        tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                        Ok(stored)
                    }
                    // The key belongs to another submission (see insert_response).
                    Err(sqlx::Error::RowNotFound) => Err(app::ports::StoreError::Conflict { field: "submission_key" }),
                    // Two processes storing one form at once: the other one won.
                    Err(e) if matches!(&e, sqlx::Error::Database(db) if db.is_unique_violation()) => {
                        drop(tx);
                        sqlx::query_scalar::<_, app::domain::ResponseId>($crate::store::clinic::sql::RESPONSE_BY_KEY)
                            .bind(&r.submission_key)
                            .bind(r.clinic_id)
                            .bind(r.patient_id)
                            .bind(r.invitation_id)
                            .fetch_optional(pool)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?
                            .map(app::ports::StoredResponse::AlreadyStored)
                            .ok_or_else(|| $crate::store::store_error(e, Some("submission_key")))
                    }
                    Err(e) => Err($crate::store::store_error(e, None)),
                }
            }

            /// An audit entry: a change's, in the change's own transaction
            /// (`&mut *tx`) so that neither is kept without the other, or
            /// one on its own (`&self.pool`). `patient_id` and
            /// `detail`, when given, are what only the store knows (the
            /// patient an enrolment belongs to, the id it created).
            async fn insert_audit<'e, E: sqlx::Executor<'e, Database = $db>>(
                executor: E,
                entry: &app::domain::NewAuditEntry,
                patient_id: Option<app::domain::PatientId>,
                detail: Option<&str>,
                now: time::OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                sqlx::query($crate::store::clinic::sql::INSERT_AUDIT)
                    .bind(now)
                    .bind(entry.staff_id)
                    .bind(entry.clinic_id)
                    .bind(patient_id.or(entry.patient_id))
                    .bind(entry.action)
                    .bind(entry.outcome.as_str())
                    .bind(&entry.client)
                    .bind(detail.unwrap_or(&entry.detail))
                    .execute(executor)
                    .await?;
                Ok(())
            }

            /// A mail into the outbox under its dedupe key (a second mail
            /// with the same key is dropped), delivered after commit.
            async fn insert_outbox(
                tx: &mut sqlx::Transaction<'_, $db>,
                dedupe_key: &str,
                clinic_id: app::domain::ClinicId,
                mail: &app::ports::OutgoingMail,
                now: time::OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                sqlx::query($crate::store::journey::sql::INSERT_OUTBOX)
                    .bind(uuid::Uuid::new_v4())
                    .bind(dedupe_key)
                    .bind(clinic_id)
                    .bind(&mail.to)
                    .bind(&mail.subject)
                    .bind(&mail.text)
                    .bind(mail.html.as_deref())
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// One response, its flags and its invitation's new state.
            async fn insert_response(
                tx: &mut sqlx::Transaction<'_, $db>,
                r: &$crate::store::group_commit::OwnedResponse,
            ) -> Result<app::ports::StoredResponse, sqlx::Error> {
                use app::ports::StoredResponse;
                let id = r.id;
                // The submission key is unique: a second submit of one form stores nothing.
                let inserted = sqlx::query($crate::store::clinic::sql::INSERT_RESPONSE)
                    .bind(id)
                    .bind(r.clinic_id)
                    .bind(r.patient_id)
                    .bind(r.enrolment_id)
                    .bind(&r.questionnaire_id)
                    .bind(i64::from(r.questionnaire_version))
                    .bind(sqlx::types::Json(&r.answers))
                    .bind(sqlx::types::Json(&r.scores))
                    .bind(r.entry_mode.as_str())
                    .bind(r.respondent_id)
                    .bind(r.entered_by)
                    .bind(&r.submission_key)
                    .bind(r.now)
                    .bind(r.invitation_id)
                    .bind(r.has_comment)
                    .execute(&mut **tx)
                    .await?;
                if inserted.rows_affected() == 0 {
                    // The key is taken. Only the same submission may answer
                    // "already stored"; anything else is refused, never
                    // acknowledged as saved.
                    let first = sqlx::query_scalar::<_, app::domain::ResponseId>($crate::store::clinic::sql::RESPONSE_BY_KEY)
                        .bind(&r.submission_key)
                        .bind(r.clinic_id)
                        .bind(r.patient_id)
                        .bind(r.invitation_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                    return match first {
                        Some(first) => Ok(StoredResponse::AlreadyStored(first)),
                        None => Err(sqlx::Error::RowNotFound),
                    };
                }
                for flag in &r.flags {
                    // Stored by its name in the order of urgency, which the
                    // worklist's SQL ranks by (`Urgency::rank_sql`).
                    let level = flag.level.urgency().as_str();
                    sqlx::query($crate::store::clinic::sql::INSERT_FLAG)
                        .bind(uuid::Uuid::new_v4())
                        .bind(r.clinic_id)
                        .bind(r.patient_id)
                        .bind(id)
                        .bind(&flag.rule)
                        .bind(level)
                        .bind(&flag.message.da)
                        .bind(&flag.message.en)
                        .bind(sqlx::types::Json(&flag.explanation))
                        .bind(i64::from(r.questionnaire_version))
                        .bind(r.now)
                        .execute(&mut **tx)
                        .await?;
                }
                if !r.flags.is_empty() {
                    sqlx::query(&$crate::store::worklist::sql::INSERT_RESPONSE_ENTRY).bind(id).execute(&mut **tx).await?;
                }
                if let Some(audit) = &r.audit {
                    let detail = format!("response {id} ({})", r.entry_mode.as_str());
                    Self::insert_audit(&mut **tx, audit, Some(r.patient_id), Some(&detail), r.now).await?;
                }
                if let Some(invitation_id) = r.invitation_id {
                    // Answered: no more reminders, no no-response item, no draft.
                    // Jobs before the invitation: the order the scheduler locks them in.
                    sqlx::query($crate::store::journey::sql::FINISH_JOBS_ANSWERED).bind(invitation_id).bind(r.now).execute(&mut **tx).await?;
                    sqlx::query($crate::store::journey::sql::MARK_ANSWERED).bind(invitation_id).bind(id).execute(&mut **tx).await?;
                    sqlx::query($crate::store::journey::sql::CLOSE_NO_RESPONSE_ENTRY).bind(invitation_id).execute(&mut **tx).await?;
                    sqlx::query($crate::store::journey::sql::CLOSE_NO_RESPONSE_ITEM).bind(invitation_id).execute(&mut **tx).await?;
                    sqlx::query($crate::store::journey::sql::DELETE_DRAFT).bind(invitation_id).execute(&mut **tx).await?;
                }
                if let Some(mail) = &r.notification {
                    Self::insert_outbox(tx, &format!("notify:{id}"), r.clinic_id, mail, r.now).await?;
                }
                Ok(StoredResponse::New(id))
            }
        }
    };
}

pub(crate) use impl_response_writer;
