//! Clinics, staff, sessions, the audit log, patients, enrolments and
//! responses: the core [`Store`] methods, whose SQL and decoding are the
//! same on both backends, written once. `impl_store!(Type, Backend::X)` implements the
//! trait for a type with a `pool` field; where the dialects differ, a
//! method here calls an inherent method that each backend defines itself.

pub(crate) mod rows;
pub(crate) mod sql;

macro_rules! impl_store {
    ($store:ty, $backend:expr) => {
        #[async_trait::async_trait]
        impl app::ports::Store for $store {
            fn backend(&self) -> app::ports::Backend {
                $backend
            }

            fn writer_running(&self) -> bool {
                self.responses.running()
            }

            async fn ping(&self) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::PING)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn create_clinic(
                &self,
                new: &app::domain::NewClinic,
                now: time::OffsetDateTime,
            ) -> Result<app::domain::Clinic, app::ports::StoreError> {
                let id = app::domain::ClinicId::random();
                sqlx::query($crate::store::clinic::sql::INSERT_CLINIC)
                    .bind(id)
                    .bind(new.slug.as_str())
                    .bind(new.name.as_str())
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("slug")))?;
                Ok(app::domain::Clinic {
                    id,
                    slug: new.slug.clone(),
                    name: new.name.clone(),
                    created_at: now,
                })
            }

            async fn clinic_by_slug(
                &self,
                slug: &app::domain::ClinicSlug,
            ) -> Result<Option<app::domain::Clinic>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::clinic::rows::ClinicRow>($crate::store::clinic::sql::CLINIC_BY_SLUG)
                    .bind(slug.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(app::domain::Clinic::try_from)
                    .transpose()
            }

            async fn list_clinics(&self) -> Result<Vec<app::domain::Clinic>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::clinic::rows::ClinicRow>($crate::store::clinic::sql::LIST_CLINICS)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(app::domain::Clinic::try_from)
                    .collect()
            }

            async fn create_staff(
                &self,
                new: &app::ports::NewStaff,
                now: time::OffsetDateTime,
            ) -> Result<app::staff::StaffMember, app::ports::StoreError> {
                let id = app::domain::StaffId::random();
                sqlx::query($crate::store::clinic::sql::INSERT_STAFF)
                    .bind(id)
                    .bind(new.email.as_str())
                    .bind(&new.name)
                    .bind(&new.password_hash)
                    .bind(new.must_change_password)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("email")))?;
                Ok(app::staff::StaffMember {
                    id,
                    email: new.email.clone(),
                    name: new.name.clone(),
                    must_change_password: new.must_change_password,
                })
            }

            async fn set_membership(
                &self,
                staff_id: app::domain::StaffId,
                clinic_id: app::domain::ClinicId,
                role: app::staff::Role,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::UPSERT_MEMBERSHIP)
                    .bind(staff_id)
                    .bind(clinic_id)
                    .bind(role.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn staff_credentials(
                &self,
                email: &app::staff::StaffEmail,
            ) -> Result<Option<app::ports::StaffCredentials>, app::ports::StoreError> {
                let row = sqlx::query_as::<_, $crate::store::clinic::rows::CredentialsRow>($crate::store::clinic::sql::STAFF_CREDENTIALS)
                    .bind(email.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                row.map(|r| {
                    Ok(app::ports::StaffCredentials { staff: r.staff.try_into()?, password_hash: r.password_hash })
                })
                .transpose()
            }

            async fn memberships(
                &self,
                staff_id: app::domain::StaffId,
            ) -> Result<Vec<(app::domain::Clinic, app::staff::Role)>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::clinic::rows::ClinicRoleRow>($crate::store::clinic::sql::MEMBERSHIPS)
                    .bind(staff_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|r| Ok((r.clinic.try_into()?, $crate::store::clinic::rows::role(&r.role)?)))
                    .collect()
            }

            async fn clinic_staff(
                &self,
                clinic_id: app::domain::ClinicId,
            ) -> Result<Vec<(app::staff::StaffMember, app::staff::Role)>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::clinic::rows::StaffRoleRow>($crate::store::clinic::sql::CLINIC_STAFF)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|r| Ok((r.staff.try_into()?, $crate::store::clinic::rows::role(&r.role)?)))
                    .collect()
            }

            async fn set_password(
                &self,
                staff_id: app::domain::StaffId,
                password_hash: &str,
                must_change: bool,
            ) -> Result<(), app::ports::StoreError> {
                let done = sqlx::query($crate::store::clinic::sql::SET_PASSWORD)
                    .bind(staff_id)
                    .bind(password_hash)
                    .bind(must_change)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                Ok(())
            }

            async fn create_session(&self, s: &app::ports::NewSession) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::INSERT_SESSION)
                    .bind(&s.token_hash)
                    .bind(s.staff_id)
                    .bind(s.clinic_id)
                    .bind(s.created_at)
                    .bind(s.expires_at)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn session(
                &self,
                token_hash: &[u8],
                now: time::OffsetDateTime,
            ) -> Result<Option<app::ports::StaffSession>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::clinic::rows::SessionRow>($crate::store::clinic::sql::SESSION)
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(app::ports::StaffSession::try_from)
                    .transpose()
            }

            async fn delete_session(&self, token_hash: &[u8]) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::DELETE_SESSION)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn prune(&self, now: time::OffsetDateTime) -> Result<u64, app::ports::StoreError> {
                use app::ports::Retention;
                let steps = [
                    ($crate::store::clinic::sql::PRUNE_STAFF_SESSIONS, now - Retention::EXPIRED_SESSIONS),
                    ($crate::store::clinic::sql::PRUNE_ANSWER_SESSIONS, now - Retention::EXPIRED_SESSIONS),
                    ($crate::store::clinic::sql::PRUNE_SIGN_IN_FAILURES, now - Retention::SIGN_IN_FAILURES),
                    ($crate::store::clinic::sql::PRUNE_PASSWORD_RESETS, now - Retention::EXPIRED_RESET_LINKS),
                    ($crate::store::clinic::sql::PRUNE_LINKS, now - Retention::EXPIRED_PERSONAL_LINKS),
                ];
                let mut deleted = 0;
                for (sql, before) in steps {
                    deleted += sqlx::query(sql)
                        .bind(before)
                        .execute(&self.pool)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?
                        .rows_affected();
                }
                Ok(deleted)
            }

            async fn delete_sessions_of(
                &self,
                staff_id: app::domain::StaffId,
                except: Option<&[u8]>,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::DELETE_SESSIONS_OF)
                    .bind(staff_id)
                    .bind(except.unwrap_or_default())
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn record_sign_in_failure(
                &self,
                keys: &[String],
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                for key in keys {
                    sqlx::query($crate::store::clinic::sql::INSERT_SIGN_IN_FAILURE)
                        .bind(key)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))
            }

            async fn sign_in_failures_since(
                &self,
                key: &str,
                since: time::OffsetDateTime,
            ) -> Result<i64, app::ports::StoreError> {
                sqlx::query_scalar::<_, i64>($crate::store::clinic::sql::COUNT_SIGN_IN_FAILURES)
                    .bind(key)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))
            }

            async fn clear_sign_in_failures(&self, key: &str) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::CLEAR_SIGN_IN_FAILURES)
                    .bind(key)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn append_audit(
                &self,
                e: &app::domain::NewAuditEntry,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
// A read's or a refusal's entry on its own; a change's is
                // written in the change's transaction (`insert_audit`).
                Self::insert_audit(&self.pool, e, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn audit_for_patient(
                &self,
                clinic_id: app::domain::ClinicId,
                patient_id: app::domain::PatientId,
            ) -> Result<Vec<app::domain::AuditEntry>, app::ports::StoreError> {
                Ok(sqlx::query_as::<_, $crate::store::clinic::rows::AuditRow>(&$crate::store::clinic::sql::audit_for_patient())
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(Into::into)
                    .collect())
            }

            async fn recent_audit(
                &self,
                clinic_id: app::domain::ClinicId,
                limit: i64,
            ) -> Result<Vec<app::domain::AuditEntry>, app::ports::StoreError> {
                Ok(sqlx::query_as::<_, $crate::store::clinic::rows::AuditRow>(&$crate::store::clinic::sql::recent_audit())
                    .bind(clinic_id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(Into::into)
                    .collect())
            }
            async fn create_password_reset(
                &self,
                token_hash: &[u8],
                staff_id: app::domain::StaffId,
                now: time::OffsetDateTime,
                expires_at: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::INSERT_PASSWORD_RESET)
                    .bind(token_hash)
                    .bind(staff_id)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn use_password_reset(
                &self,
                token_hash: &[u8],
                now: time::OffsetDateTime,
            ) -> Result<Option<app::domain::StaffId>, app::ports::StoreError> {
                sqlx::query_scalar::<_, app::domain::StaffId>($crate::store::clinic::sql::USE_PASSWORD_RESET)
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))
            }

            async fn expire_password_resets(
                &self,
                staff_id: app::domain::StaffId,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query($crate::store::clinic::sql::EXPIRE_PASSWORD_RESETS)
                    .bind(staff_id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn create_staff_in_clinic(
                &self,
                new: &app::ports::NewStaff,
                clinic_id: app::domain::ClinicId,
                role: app::staff::Role,
                now: time::OffsetDateTime,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<app::staff::StaffMember, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let id = app::domain::StaffId::random();
                sqlx::query($crate::store::clinic::sql::INSERT_STAFF)
                    .bind(id)
                    .bind(new.email.as_str())
                    .bind(&new.name)
                    .bind(&new.password_hash)
                    .bind(new.must_change_password)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("email")))?;
                sqlx::query($crate::store::clinic::sql::UPSERT_MEMBERSHIP)
                    .bind(id)
                    .bind(clinic_id)
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let detail = format!("staff {id} as {}", role.as_str());
                Self::insert_audit(&mut *tx, audit, None, Some(&detail), now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(app::staff::StaffMember {
                    id,
                    email: new.email.clone(),
                    name: new.name.clone(),
                    must_change_password: new.must_change_password,
                })
            }

            async fn enrol(
                &self,
                batch: &app::ports::EnrolmentBatch<'_>,
            ) -> Result<Vec<app::ports::Enrolled>, app::ports::StoreError> {
                use app::ports::{Enrolled, StoreError};
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                Self::lock_clinic_patients(&mut tx, batch.clinic_id).await.map_err(|e| $crate::store::store_error(e, None))?;
                let mut seen: Vec<app::patients::patient::DuplicateKeys> = Vec::new();
                let mut created = Vec::with_capacity(batch.enrolments.len());
                for (position, enrolment) in batch.enrolments.iter().enumerate() {
                    let patient = &enrolment.patient;
                    let keys = patient.duplicate_keys();
                    if seen.iter().any(|k| keys.is_likely_duplicate_of(k)) {
                        return Err(StoreError::Duplicate { position, existing: None });
                    }
                    let candidates = sqlx::query_as::<_, $crate::store::clinic::rows::DuplicateRow>($crate::store::clinic::sql::DUPLICATE_CANDIDATES)
                        .bind(batch.clinic_id)
                        .bind(keys.national_id.as_deref())
                        .bind(&keys.name_and_birth)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    let existing = candidates.into_iter().find(|c| {
                        keys.is_likely_duplicate_of(&app::patients::patient::DuplicateKeys {
                            national_id: c.national_id_key.clone(),
                            name_and_birth: c.name_birth_key.clone(),
                        })
                    });
                    if let Some(existing) = existing {
                        return Err(StoreError::Duplicate { position, existing: Some(existing.id) });
                    }
                    let patient_id = app::domain::PatientId::random();
                    sqlx::query($crate::store::clinic::sql::INSERT_PATIENT)
                        .bind(patient_id)
                        .bind(batch.clinic_id)
                        .bind(patient.name.as_str())
                        .bind(patient.date_of_birth.date())
                        .bind(patient.national_id.as_ref().map(|n| n.as_str()))
                        .bind(patient.email.as_ref().map(|e| e.as_str()))
                        .bind(keys.national_id.as_deref())
                        .bind(&keys.name_and_birth)
                        .bind(batch.now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    let enrolment_id = app::domain::EnrolmentId::random();
                    sqlx::query($crate::store::clinic::sql::INSERT_ENROLMENT)
                        .bind(enrolment_id)
                        .bind(batch.clinic_id)
                        .bind(patient_id)
                        .bind(batch.pathway_id)
                        .bind(enrolment.index_date.date())
                        .bind(batch.staff_id)
                        .bind(batch.now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    for respondent in &enrolment.respondents {
                        let respondent_id = app::domain::RespondentId::random();
                        sqlx::query($crate::store::clinic::sql::INSERT_RESPONDENT)
                            .bind(respondent_id)
                            .bind(batch.clinic_id)
                            .bind(patient_id)
                            .bind(respondent.name.as_str())
                            .bind(respondent.email.as_str())
                            .bind(respondent.relation.code())
                            .bind(respondent.language.as_str())
                            .bind(batch.now)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, Some("respondent email")))?;
                        sqlx::query($crate::store::clinic::sql::INSERT_ENROLMENT_RESPONDENT)
                            .bind(enrolment_id)
                            .bind(respondent_id)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                    }
                    let detail = serde_json::json!({ "index_date": enrolment.index_date.date().to_string() });
                    sqlx::query($crate::store::clinic::sql::INSERT_ENROLMENT_EVENT)
                        .bind(uuid::Uuid::new_v4())
                        .bind(enrolment_id)
                        .bind(batch.now)
                        .bind(batch.staff_id)
                        .bind("enrolled")
                        .bind(detail.to_string())
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    seen.push(keys);
                    let detail = format!("enrolment {enrolment_id} in {}", batch.pathway_id);
                    Self::insert_audit(&mut *tx, batch.audit, Some(patient_id), Some(&detail), batch.now).await.map_err(|e| $crate::store::store_error(e, None))?;
                    created.push(Enrolled { patient_id, enrolment_id });
                }
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(created)
            }

            async fn list_patients(
                &self,
                clinic_id: app::domain::ClinicId,
            ) -> Result<Vec<app::patients::PatientSummary>, app::ports::StoreError> {
                Ok(sqlx::query_as::<_, $crate::store::clinic::rows::PatientSummaryRow>($crate::store::clinic::sql::LIST_PATIENTS)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(Into::into)
                    .collect())
            }

            async fn patient_detail(
                &self,
                clinic_id: app::domain::ClinicId,
                patient_id: app::domain::PatientId,
            ) -> Result<Option<app::patients::PatientDetail>, app::ports::StoreError> {
                let Some(patient) = sqlx::query_as::<_, $crate::store::clinic::rows::PatientRow>($crate::store::clinic::sql::PATIENT)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                else {
                    return Ok(None);
                };
                let respondents = sqlx::query_as::<_, $crate::store::clinic::rows::RespondentRow>($crate::store::clinic::sql::PATIENT_RESPONDENTS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let links = sqlx::query_as::<_, $crate::store::clinic::rows::EnrolmentRespondentRow>($crate::store::clinic::sql::PATIENT_ENROLMENT_RESPONDENTS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let enrolments = sqlx::query_as::<_, $crate::store::clinic::rows::EnrolmentRow>($crate::store::clinic::sql::PATIENT_ENROLMENTS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|row| {
                        let ids = links.iter().filter(|l| l.enrolment_id == row.id).map(|l| l.respondent_id).collect();
                        row.into_record(ids)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let history = sqlx::query_as::<_, $crate::store::clinic::rows::EventRow>($crate::store::clinic::sql::PATIENT_HISTORY)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(Some(app::patients::PatientDetail {
                    patient: patient.into(),
                    respondents: respondents.into_iter().map(Into::into).collect(),
                    enrolments,
                    history: history.into_iter().map(Into::into).collect(),
                    responses: Vec::new(),
                    invitations: Vec::new(),
                    open_items: Vec::new(),
                    labels: app::labels::Labels::default(),
                }))
            }

            async fn store_response(
                &self,
                r: &app::ports::NewResponse<'_>,
            ) -> Result<app::ports::StoredResponse, app::ports::StoreError> {
                // Through the writer task: one commit for all waiting submissions.
                self.responses.store(r.into()).await
            }

            async fn patient_responses(
                &self,
                clinic_id: app::domain::ClinicId,
                patient_id: app::domain::PatientId,
            ) -> Result<Vec<app::responses::ResponseRecord>, app::ports::StoreError> {
                let flags = sqlx::query_as::<_, $crate::store::clinic::rows::FlagRow>($crate::store::clinic::sql::PATIENT_FLAGS)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                sqlx::query_as::<_, $crate::store::clinic::rows::ResponseRow>($crate::store::clinic::sql::PATIENT_RESPONSES)
                    .bind(clinic_id)
                    .bind(patient_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|row| row.into_record(&flags))
                    .collect()
            }

            async fn enrolment_patient(
                &self,
                clinic_id: app::domain::ClinicId,
                enrolment_id: app::domain::EnrolmentId,
            ) -> Result<Option<app::domain::PatientId>, app::ports::StoreError> {
                Ok(sqlx::query_as::<_, $crate::store::clinic::rows::EnrolmentStateRow>($crate::store::clinic::sql::ENROLMENT_FOR_CHANGE)
                    .bind(clinic_id)
                    .bind(enrolment_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(|row| row.patient_id))
            }

            async fn change_enrolment(
                &self,
                clinic_id: app::domain::ClinicId,
                enrolment_id: app::domain::EnrolmentId,
                change: &app::patients::EnrolmentChange,
                staff_id: app::domain::StaffId,
                now: time::OffsetDateTime,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<app::domain::PatientId, app::ports::StoreError> {
                use app::patients::{EnrolmentChange, EnrolmentStatus};
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let current = sqlx::query_as::<_, $crate::store::clinic::rows::EnrolmentStateRow>($crate::store::clinic::sql::ENROLMENT_FOR_CHANGE)
                    .bind(clinic_id)
                    .bind(enrolment_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .ok_or(app::ports::StoreError::NotFound)?;
                if current.status == EnrolmentStatus::Ended.as_str() {
                    return Err(app::ports::StoreError::Conflict { field: "status" });
                }
                let (kind, detail) = match change {
                    EnrolmentChange::IndexDate(date) => {
                        sqlx::query($crate::store::clinic::sql::SET_INDEX_DATE)
                            .bind(clinic_id)
                            .bind(enrolment_id)
                            .bind(*date)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        let detail = serde_json::json!({
                            "from": current.index_date.to_string(),
                            "to": date.to_string(),
                        });
                        ("index_date_changed", detail)
                    }
                    EnrolmentChange::Status(status, reason) => {
                        if current.status == status.as_str() {
                            // Nothing changes (e.g. resuming an active one).
                            return Err(app::ports::StoreError::Conflict { field: "status" });
                        }
                        let changed = sqlx::query($crate::store::clinic::sql::SET_STATUS)
                            .bind(clinic_id)
                            .bind(enrolment_id)
                            .bind(status.as_str())
                            .bind(reason)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        if changed.rows_affected() == 0 {
                            return Err(app::ports::StoreError::Conflict { field: "status" });
                        }
                        let kind = match status {
                            EnrolmentStatus::Active => "resumed",
                            EnrolmentStatus::Paused => "paused",
                            EnrolmentStatus::Ended => "ended",
                        };
                        (kind, serde_json::json!({ "reason": reason }))
                    }
                };
                sqlx::query($crate::store::clinic::sql::INSERT_ENROLMENT_EVENT)
                    .bind(uuid::Uuid::new_v4())
                    .bind(enrolment_id)
                    .bind(now)
                    .bind(staff_id)
                    .bind(kind)
                    .bind(detail.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, Some(current.patient_id), None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(current.patient_id)
            }
        }
    };
}

pub(crate) use impl_store;
