//! Storing responses in groups (see `group_commit`), written once for
//! both backends: `impl_response_writer!(Store, sqlx::Backend)`.

macro_rules! impl_response_writer {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Stores a batch in one transaction, each response in its own
            /// savepoint so that one failure does not fail the others.
            async fn write_responses(
                pool: sqlx::Pool<$db>,
                batch: Vec<super::group_commit::OwnedResponse>,
            ) -> Vec<Result<app::ports::StoredResponse, app::ports::StoreError>> {
                let all_failed = |e: sqlx::Error, batch: &[super::group_commit::OwnedResponse]| {
                    tracing::error!(error = %e, responses = batch.len(), "storing responses failed");
                    batch.iter().map(|_| Err(super::unavailable(super::group_commit::BatchFailed))).collect()
                };
                let mut tx = match Self::begin_write_on(&pool).await {
                    Ok(tx) => tx,
                    Err(e) => return all_failed(e, &batch),
                };
                let mut results = Vec::with_capacity(batch.len());
                for r in &batch {
                    if let Err(e) = sqlx::query("SAVEPOINT response").execute(&mut *tx).await {
                        return all_failed(e, &batch);
                    }
                    match Self::insert_response(&mut tx, r).await {
                        Ok(stored) => results.push(Ok(stored)),
                        Err(e) => {
                            if let Err(e) = sqlx::query("ROLLBACK TO SAVEPOINT response").execute(&mut *tx).await {
                                return all_failed(e, &batch);
                            }
                            // Two processes storing one form at once: the other one won.
                            let first = if matches!(&e, sqlx::Error::Database(db) if db.is_unique_violation()) {
                                sqlx::query_scalar::<_, uuid::Uuid>(q::RESPONSE_BY_KEY)
                                    .bind(&r.submission_key)
                                    .fetch_optional(&mut *tx)
                                    .await
                                    .ok()
                                    .flatten()
                            } else {
                                None
                            };
                            results.push(match first {
                                Some(id) => Ok(app::ports::StoredResponse::AlreadyStored(id)),
                                None => Err(err(e, None)),
                            });
                        }
                    }
                    if let Err(e) = sqlx::query("RELEASE SAVEPOINT response").execute(&mut *tx).await {
                        return all_failed(e, &batch);
                    }
                }
                match tx.commit().await {
                    Ok(()) => results,
                    Err(e) => all_failed(e, &batch),
                }
            }

            /// One response, its flags and its invitation's new state.
            async fn insert_response(
                tx: &mut sqlx::Transaction<'_, $db>,
                r: &super::group_commit::OwnedResponse,
            ) -> Result<app::ports::StoredResponse, sqlx::Error> {
                use app::ports::StoredResponse;
                let existing = sqlx::query_scalar::<_, uuid::Uuid>(q::RESPONSE_BY_KEY)
                    .bind(&r.submission_key)
                    .fetch_optional(&mut **tx)
                    .await?;
                if let Some(id) = existing {
                    return Ok(StoredResponse::AlreadyStored(id));
                }
                let id = r.id;
                sqlx::query(q::INSERT_RESPONSE)
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
                    .execute(&mut **tx)
                    .await?;
                for flag in &r.flags {
                    let level = match flag.level {
                        app::engine::FlagLevel::Red => "red",
                        app::engine::FlagLevel::Yellow => "yellow",
                        app::engine::FlagLevel::Contact => "contact",
                    };
                    sqlx::query(q::INSERT_FLAG)
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
                    sqlx::query(wq::INSERT_RESPONSE_ENTRY).bind(id).execute(&mut **tx).await?;
                }
                if let Some(invitation_id) = r.invitation_id {
                    // Answered: no more reminders, no no-response item, no draft.
                    sqlx::query(jq::MARK_ANSWERED).bind(invitation_id).bind(id).execute(&mut **tx).await?;
                    sqlx::query(jq::FINISH_JOBS_ANSWERED).bind(invitation_id).bind(r.now).execute(&mut **tx).await?;
                    sqlx::query(jq::DELETE_DRAFT).bind(invitation_id).execute(&mut **tx).await?;
                }
                if let Some(mail) = &r.notification {
                    sqlx::query(jq::INSERT_OUTBOX)
                        .bind(uuid::Uuid::new_v4())
                        .bind(format!("notify:{id}"))
                        .bind(r.clinic_id)
                        .bind(&mail.to)
                        .bind(&mail.subject)
                        .bind(&mail.text)
                        .bind(mail.html.as_deref())
                        .bind(r.now)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(StoredResponse::New(id))
            }
        }
    };
}

pub(crate) use impl_response_writer;
