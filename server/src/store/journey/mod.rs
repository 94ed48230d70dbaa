//! The patient journey's storage, written once for both backends (like
//! `clinic/mod.rs`). Each store supplies `ROW_LOCK` and `SKIP_LOCKED`: row
//! locks on PostgreSQL, nothing on SQLite where the immediate transaction
//! is the lock.

pub(crate) mod rows;
pub(crate) mod sql;

macro_rules! impl_journey_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::ports::JourneyStore for $store {
            async fn enrolments_to_plan(
                &self,
                now: time::OffsetDateTime,
                limit: i64,
            ) -> Result<Vec<app::ports::EnrolmentToPlan>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::journey::rows::EnrolmentToPlanRow>($crate::store::journey::sql::ENROLMENTS_TO_PLAN)
                    .bind(limit)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn postpone_planning(
                &self,
                enrolment_id: app::domain::EnrolmentId,
                retry_at: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::journey::sql::POSTPONE_PLANNING)
                    .bind(enrolment_id)
                    .bind(retry_at)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn postpone_job(
                &self,
                job_id: uuid::Uuid,
                now: time::OffsetDateTime,
                retry_at: Option<time::OffsetDateTime>,
            ) -> Result<(), app::ports::StoreError> {
                let query = match retry_at {
                    Some(at) => sqlx::query($crate::store::journey::sql::POSTPONE_JOB).bind(job_id).bind(at),
                    None => sqlx::query($crate::store::journey::sql::GIVE_UP_JOB).bind(job_id).bind(now),
                };
                query.execute(&self.pool).await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn replan(
                &self,
                seen: &app::ports::EnrolmentToPlan,
                plans: &[app::ports::PlannedInvitation],
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                use app::patients::EnrolmentStatus;
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let sql = format!("{} {}", $crate::store::journey::sql::ENROLMENT_FOR_PLANNING, Self::ROW_LOCK);
                let Some(current) = sqlx::query_as::<_, $crate::store::journey::rows::PlanningStateRow>(&sql)
                    .bind(seen.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                else {
                    return Ok(());
                };
                if !current.needs_planning || current.index_date != seen.index_date || current.status != seen.status.as_str() {
                    // Planned by another process, or changed again since read.
                    return Ok(());
                }
                sqlx::query($crate::store::journey::sql::DELETE_PLANNED)
                    .bind(seen.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                match seen.status {
                    EnrolmentStatus::Active => {
                        let existing: Vec<(String, i64)> = sqlx::query_as($crate::store::journey::sql::EXISTING_TIMEPOINTS)
                            .bind(seen.id)
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        for plan in plans {
                            if existing.iter().any(|(t, s)| *t == plan.timepoint && *s == i64::from(plan.sequence)) {
                                continue;
                            }
                            let invitation_id = app::domain::InvitationId::random();
                            sqlx::query($crate::store::journey::sql::INSERT_INVITATION)
                                .bind(invitation_id)
                                .bind(seen.clinic_id)
                                .bind(current.patient_id)
                                .bind(seen.id)
                                .bind(&plan.timepoint)
                                .bind(i64::from(plan.sequence))
                                .bind(&plan.questionnaire_id)
                                .bind(plan.opens_on)
                                .bind(plan.closes_on)
                                .bind(now)
                                .execute(&mut *tx)
                                .await
                                .map_err(|e| $crate::store::store_error(e, None))?;
                            for (kind, run_at) in &plan.jobs {
                                sqlx::query($crate::store::journey::sql::INSERT_JOB)
                                    .bind(uuid::Uuid::new_v4())
                                    .bind(invitation_id)
                                    .bind(kind.as_str())
                                    .bind(*run_at)
                                    .execute(&mut *tx)
                                    .await
                                    .map_err(|e| $crate::store::store_error(e, None))?;
                            }
                        }
                    }
                    // Paused: nothing new is sent; invitations already out stay open.
                    EnrolmentStatus::Paused => {}
                    EnrolmentStatus::Ended => {
                        sqlx::query($crate::store::journey::sql::CANCEL_OPEN)
                            .bind(seen.id)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        sqlx::query($crate::store::journey::sql::CANCEL_JOBS)
                            .bind(seen.id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                    }
                }
                sqlx::query($crate::store::journey::sql::PLANNED)
                    .bind(seen.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn run_due_jobs(
                &self,
                now: time::OffsetDateTime,
                limit: i64,
                render: &app::ports::RenderMails<'_>,
                unsent: &app::ports::UnsentDrafts,
            ) -> Result<app::ports::JobsRun, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let sql = format!("{} {}", $crate::store::journey::sql::DUE_JOBS, Self::SKIP_LOCKED);
                let jobs: Vec<(uuid::Uuid, String, app::domain::InvitationId, i64)> =
                    sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(&mut *tx).await.map_err(|e| $crate::store::store_error(e, None))?;
                let mut all = Ok(());
                for (job_id, kind, invitation_id, _) in &jobs {
                    all = Self::run_job_in(&mut tx, *job_id, kind, *invitation_id, now, render, unsent).await;
                    if all.is_err() {
                        break;
                    }
                }
                if all.is_ok() {
                    tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                    return Ok(app::ports::JobsRun { ran: jobs.len(), failed: Vec::new() });
                }
                // Something in the batch failed and nothing of it is kept:
                // each job on its own, so the failing one holds up no other.
                // Rolled back before that, not dropped: a dropped
                // transaction's rollback waits for its connection's next
                // use, and until then PostgreSQL keeps the batch's row
                // locks, so the jobs' own claims (SKIP LOCKED) skipped them.
                tx.rollback().await.map_err(|e| $crate::store::store_error(e, None))?;
                let mut run = app::ports::JobsRun::default();
                for (job_id, kind, invitation_id, attempts) in jobs {
                    let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                    let sql = format!("{} {}", $crate::store::journey::sql::DUE_JOB, Self::SKIP_LOCKED);
                    let due: Option<uuid::Uuid> = sqlx::query_scalar(&sql)
                        .bind(job_id)
                        .bind(now)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    if due.is_none() {
                        continue;
                    }
                    match Self::run_job_in(&mut tx, job_id, &kind, invitation_id, now, render, unsent).await {
                        Ok(()) => {
                            tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                            run.ran += 1;
                        }
                        Err(error) => run.failed.push(app::ports::FailedJob { job_id, attempts, error }),
                    }
                }
                Ok(run)
            }

            async fn closing_drafts(&self, now: time::OffsetDateTime, limit: i64) -> Result<Vec<app::ports::ClosingDraft>, app::ports::StoreError> {
                type Row = (
                    app::domain::InvitationId,
                    app::domain::ClinicId,
                    app::domain::PatientId,
                    app::domain::EnrolmentId,
                    String,
                    Option<i64>,
                    sqlx::types::Json<app::engine::Answers>,
                    sqlx::types::Json<app::engine::Confirmed>,
                );
                let rows: Vec<Row> = sqlx::query_as($crate::store::journey::sql::CLOSING_DRAFTS)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(rows
                    .into_iter()
                    .map(|(invitation_id, clinic_id, patient_id, enrolment_id, questionnaire_id, version, answers, confirmed)| {
                        app::ports::ClosingDraft {
                            invitation_id,
                            clinic_id,
                            patient_id,
                            enrolment_id,
                            questionnaire_id,
                            questionnaire_version: version.and_then(|v| u32::try_from(v).ok()),
                            draft: app::ports::Draft { answers: answers.0, confirmed: confirmed.0 },
                        }
                    })
                    .collect())
            }

            async fn claim_outbox(
                &self,
                now: time::OffsetDateTime,
                lease_until: time::OffsetDateTime,
                limit: i64,
            ) -> Result<Vec<app::ports::OutboxMail>, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let claimed =
                    sqlx::query_as::<_, $crate::store::journey::rows::OutboxRow>(&$crate::store::journey::sql::claim_outbox(Self::SKIP_LOCKED))
                        .bind(now)
                        .bind(lease_until)
                        .bind(limit)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(claimed.into_iter().map(Into::into).collect())
            }

            async fn outbox_sent(&self, id: uuid::Uuid, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::journey::sql::OUTBOX_SENT)
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn outbox_failed(
                &self,
                id: uuid::Uuid,
                now: time::OffsetDateTime,
                retry_at: Option<time::OffsetDateTime>,
            ) -> Result<(), app::ports::StoreError> {
                let query = match retry_at {
                    Some(at) => sqlx::query($crate::store::journey::sql::OUTBOX_RETRY).bind(id).bind(at),
                    None => sqlx::query($crate::store::journey::sql::OUTBOX_GIVE_UP).bind(id).bind(now),
                };
                query.execute(&self.pool).await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn link_target(&self, token_hash: &[u8]) -> Result<Option<app::ports::LinkTarget>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::journey::rows::LinkTargetRow>($crate::store::journey::sql::LINK_TARGET)
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn take_birth_date_attempt(
                &self,
                invitation_id: app::domain::InvitationId,
                limit: i64,
            ) -> Result<Option<i64>, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let taken: Option<i64> = sqlx::query_scalar($crate::store::journey::sql::TAKE_BIRTH_DATE_ATTEMPT)
                    .bind(invitation_id)
                    .bind(limit)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(taken)
            }

            async fn return_birth_date_attempt(&self, invitation_id: app::domain::InvitationId) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::journey::sql::RETURN_BIRTH_DATE_ATTEMPT)
                    .bind(invitation_id)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
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
                sqlx::query($crate::store::journey::sql::INSERT_ANSWER_SESSION)
                    .bind(token_hash)
                    .bind(invitation_id)
                    .bind(respondent_id)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn answer_session(
                &self,
                token_hash: &[u8],
                now: time::OffsetDateTime,
            ) -> Result<Option<app::ports::AnswerSession>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::journey::rows::AnswerSessionRow>($crate::store::journey::sql::ANSWER_SESSION)
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn answered_flags(&self, invitation_id: app::domain::InvitationId) -> Result<Vec<(String, i64)>, app::ports::StoreError> {
                sqlx::query_as::<_, (String, i64)>($crate::store::journey::sql::ANSWERED_FLAGS)
                    .bind(invitation_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))
            }

            async fn save_draft(
                &self,
                invitation_id: app::domain::InvitationId,
                respondent_id: app::domain::RespondentId,
                draft: &app::ports::Draft,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::journey::sql::SAVE_DRAFT)
                    .bind(invitation_id)
                    .bind(respondent_id)
                    .bind(sqlx::types::Json(&draft.answers))
                    .bind(sqlx::types::Json(&draft.confirmed))
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn draft(&self, invitation_id: app::domain::InvitationId) -> Result<Option<app::ports::Draft>, app::ports::StoreError> {
                type Row = (sqlx::types::Json<app::engine::Answers>, sqlx::types::Json<app::engine::Confirmed>);
                Ok(sqlx::query_as::<_, Row>($crate::store::journey::sql::DRAFT)
                    .bind(invitation_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(|(answers, confirmed)| app::ports::Draft { answers: answers.0, confirmed: confirmed.0 }))
            }

            async fn request_contact(
                &self,
                invitation_id: app::domain::InvitationId,
                respondent_id: app::domain::RespondentId,
                now: time::OffsetDateTime,
                notification: Option<&app::ports::OutgoingMail>,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let item_id = uuid::Uuid::new_v4();
                let inserted = sqlx::query($crate::store::journey::sql::REQUEST_CONTACT)
                    .bind(item_id)
                    .bind(respondent_id)
                    .bind(now)
                    .bind(invitation_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if inserted.rows_affected() == 1 {
                    sqlx::query(&$crate::store::worklist::sql::INSERT_ITEM_ENTRY)
                        .bind(item_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                if let (1, Some(mail)) = (inserted.rows_affected(), notification) {
                    sqlx::query($crate::store::journey::sql::INSERT_OUTBOX_FOR_INVITATION)
                        .bind(uuid::Uuid::new_v4())
                        .bind(format!("notify:contact:{invitation_id}"))
                        .bind(invitation_id)
                        .bind(&mail.to)
                        .bind(&mail.subject)
                        .bind(&mail.text)
                        .bind(mail.html.as_deref())
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn clinic_notify_email(&self, clinic_id: app::domain::ClinicId) -> Result<Option<String>, app::ports::StoreError> {
                Ok(sqlx::query_scalar::<_, Option<String>>($crate::store::journey::sql::CLINIC_NOTIFY_EMAIL)
                    .bind(clinic_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .flatten())
            }

            async fn set_clinic_notify_email(
                &self,
                clinic_id: app::domain::ClinicId,
                email: Option<&str>,
                audit: &app::domain::NewAuditEntry,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                sqlx::query($crate::store::journey::sql::SET_CLINIC_NOTIFY_EMAIL)
                    .bind(clinic_id)
                    .bind(email)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn clinic_time_zone(&self, clinic_id: app::domain::ClinicId) -> Result<String, app::ports::StoreError> {
                Ok(sqlx::query_scalar::<_, String>($crate::store::journey::sql::CLINIC_TIME_ZONE)
                    .bind(clinic_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .unwrap_or_else(|| app::schedule::zone::DEFAULT_ZONE.to_owned()))
            }

            async fn set_clinic_time_zone(
                &self,
                clinic_id: app::domain::ClinicId,
                zone: &str,
                audit: &app::domain::NewAuditEntry,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                sqlx::query($crate::store::journey::sql::SET_CLINIC_TIME_ZONE)
                    .bind(clinic_id)
                    .bind(zone)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn patient_invitations(
                &self,
                clinic_id: app::domain::ClinicId,
                patient_id: app::domain::PatientId,
            ) -> Result<Vec<app::ports::InvitationRecord>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::journey::rows::InvitationRow>($crate::store::journey::sql::PATIENT_INVITATIONS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn open_worklist_items(
                &self,
                clinic_id: app::domain::ClinicId,
                patient_id: app::domain::PatientId,
            ) -> Result<Vec<(String, app::domain::InvitationId)>, app::ports::StoreError> {
                sqlx::query_as($crate::store::journey::sql::OPEN_WORKLIST_ITEMS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))
            }

            async fn set_verify_birth_date(&self, clinic_id: app::domain::ClinicId, on: bool) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::journey::sql::SET_VERIFY_BIRTH_DATE)
                    .bind(clinic_id)
                    .bind(on)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }
        }

        impl $store {
            /// Stores the flags a closing draft's answers would raise with
            /// its no-response item, ranks its entry by the most urgent, and
            /// puts the clinic's notice in the outbox.
            async fn keep_unsent_flags(
                tx: &mut sqlx::Transaction<'_, $db>,
                item_id: uuid::Uuid,
                clinic_id: app::domain::ClinicId,
                draft: &app::ports::UnsentDraft,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                for flag in &draft.flags {
                    // By its name in the order of urgency, as `flags` are stored.
                    let level = flag.level.urgency().as_str();
                    let explanation = serde_json::to_string(&flag.explanation).map_err(|e| $crate::store::unavailable(e))?;
                    sqlx::query($crate::store::journey::sql::INSERT_UNSENT_FLAG)
                        .bind(item_id)
                        .bind(&flag.rule)
                        .bind(level)
                        .bind(&flag.message.da)
                        .bind(&flag.message.en)
                        .bind(explanation)
                        .bind(draft.questionnaire_version)
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                if let Some(rank) = draft.flags.iter().map(|f| f.level.urgency().rank()).min() {
                    sqlx::query($crate::store::journey::sql::RANK_ENTRY)
                        .bind(item_id)
                        .bind(rank)
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                if let Some(mail) = &draft.notice {
                    Self::insert_outbox(tx, &format!("unsent:{item_id}"), clinic_id, mail, now)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                Ok(())
            }

            /// Runs one due job inside `tx`: opens the invitation and puts
            /// its mails in the outbox, sends a reminder, or closes a window.
            async fn run_job_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                job_id: uuid::Uuid,
                kind: &str,
                invitation_id: app::domain::InvitationId,
                now: time::OffsetDateTime,
                render: &app::ports::RenderMails<'_>,
                unsent: &app::ports::UnsentDrafts,
            ) -> Result<(), app::ports::StoreError> {
                use app::ports::{DueJob, InvitationStatus, JobKind};
                let (job_id, invitation_id) = (&job_id, &invitation_id);
                let kind = JobKind::parse(kind).ok_or_else(|| $crate::store::unavailable($crate::store::BadValue("job kind")))?;
                let ctx = sqlx::query_as::<_, $crate::store::journey::rows::JobContextRow>($crate::store::journey::sql::JOB_CONTEXT)
                    .bind(invitation_id)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let status =
                    InvitationStatus::parse(&ctx.status).ok_or_else(|| $crate::store::unavailable($crate::store::BadValue("invitation status")))?;
                let active = ctx.enrolment_status == "active";
                let mails = match (kind, status) {
                    (JobKind::Invite, InvitationStatus::Planned) if active => true,
                    (JobKind::Remind, InvitationStatus::Open) if active => true,
                    _ => false,
                };
                let outcome = if mails {
                    let recipients = sqlx::query_as::<_, $crate::store::journey::rows::RecipientRow>($crate::store::journey::sql::RECIPIENTS)
                        .bind(ctx.enrolment_id)
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?
                        .into_iter()
                        .map(TryInto::try_into)
                        .collect::<Result<Vec<_>, _>>()?;
                    let due = DueJob {
                        job_id: *job_id,
                        kind,
                        invitation_id: *invitation_id,
                        clinic_id: ctx.clinic_id,
                        questionnaire_version: ctx.questionnaire_version.and_then(|v| u32::try_from(v).ok()),
                        clinic_name: ctx.clinic_name.clone(),
                        patient_name: ctx.patient_name.clone(),
                        questionnaire_id: ctx.questionnaire_id.clone(),
                        closes_on: ctx.closes_on,
                        recipients,
                    };
                    // The link works until the window closes on the clinic's clock.
                    let expires_at = app::schedule::zone::closes_at(ctx.closes_on, &ctx.time_zone);
                    let rendered = render(&due);
                    for prepared in &rendered.mails {
                        sqlx::query($crate::store::journey::sql::INSERT_LINK)
                            .bind(&prepared.token_hash)
                            .bind(invitation_id)
                            .bind(prepared.respondent_id)
                            .bind(now)
                            .bind(expires_at)
                            .execute(&mut **tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        let key = format!("{job_id}:{}", prepared.respondent_id);
                        Self::insert_outbox(tx, &key, ctx.clinic_id, &prepared.mail, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                    }
                    if kind == JobKind::Invite {
                        sqlx::query($crate::store::journey::sql::OPEN_INVITATION)
                            .bind(invitation_id)
                            .bind(now)
                            .bind(rendered.questionnaire_version.map(i64::from))
                            .execute(&mut **tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                    }
                    "sent"
                } else if kind == JobKind::Close && (status == InvitationStatus::Open || (status == InvitationStatus::Planned && active)) {
                    // Planned at its close, in an active enrolment: its
                    // invitation could never be sent (the job was given up).
                    // It reaches the worklist like an unanswered one, so the
                    // clinic learns that this patient heard nothing.
                    sqlx::query($crate::store::journey::sql::MISS_INVITATION)
                        .bind(invitation_id)
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    // Answers saved but never sent that cannot wait go with
                    // the item (read before this round; only while open).
                    let draft = unsent.get(invitation_id).filter(|_| status == InvitationStatus::Open);
                    let item_id = draft.map_or_else(uuid::Uuid::new_v4, |d| d.item_id);
                    let inserted = sqlx::query($crate::store::journey::sql::INSERT_NO_RESPONSE)
                        .bind(item_id)
                        .bind(invitation_id)
                        .bind(now)
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    if inserted.rows_affected() == 1 {
                        sqlx::query(&$crate::store::worklist::sql::INSERT_ITEM_ENTRY)
                            .bind(item_id)
                            .execute(&mut **tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        if let Some(draft) = draft {
                            Self::keep_unsent_flags(tx, item_id, ctx.clinic_id, draft, now).await?;
                        }
                    }
                    "no_response"
                } else {
                    "skipped"
                };
                sqlx::query($crate::store::journey::sql::FINISH_JOB)
                    .bind(job_id)
                    .bind(now)
                    .bind(outcome)
                    .execute(&mut **tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_journey_store;
