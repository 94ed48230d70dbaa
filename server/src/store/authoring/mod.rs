//! Authoring's storage, written once for both backends (like `clinic/mod.rs`).

pub(crate) mod rows;
pub(crate) mod sql;

macro_rules! impl_authoring_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl app::ports::AuthoringStore for $store {
            async fn definition_versions(
                &self,
                clinic_id: app::domain::ClinicId,
                kind: app::authoring::DefinitionKind,
                definition_id: Option<&str>,
            ) -> Result<Vec<app::authoring::DefinitionVersion>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::authoring::rows::VersionRow>(&$crate::store::authoring::sql::versions())
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn definition_version(
                &self,
                clinic_id: app::domain::ClinicId,
                kind: app::authoring::DefinitionKind,
                definition_id: &str,
                version: u32,
            ) -> Result<Option<app::authoring::DefinitionVersion>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::authoring::rows::VersionRow>(&$crate::store::authoring::sql::version())
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .bind(i64::from(version))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn newest_published(
                &self,
                clinic_id: app::domain::ClinicId,
                kind: app::authoring::DefinitionKind,
                definition_id: &str,
            ) -> Result<Option<u32>, app::ports::StoreError> {
                let (n,): (Option<i64>,) = sqlx::query_as($crate::store::authoring::sql::NEWEST_PUBLISHED)
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(n.and_then(|n| u32::try_from(n).ok()))
            }

            async fn newest_published_everywhere(
                &self,
                kind: app::authoring::DefinitionKind,
            ) -> Result<Vec<(app::domain::ClinicId, String, u32)>, app::ports::StoreError> {
                let rows: Vec<(app::domain::ClinicId, String, i64)> = sqlx::query_as($crate::store::authoring::sql::NEWEST_PUBLISHED_EVERYWHERE)
                    .bind(kind.as_str())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(rows.into_iter().filter_map(|(c, id, v)| Some((c, id, u32::try_from(v).ok()?))).collect())
            }

            async fn create_draft(
                &self,
                d: &app::authoring::NewDraft<'_>,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<app::authoring::DefinitionVersion, app::ports::StoreError> {
                let id = uuid::Uuid::new_v4();
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let drafts: Vec<(uuid::Uuid,)> = sqlx::query_as($crate::store::authoring::sql::DRAFT_OF)
                    .bind(d.clinic_id)
                    .bind(d.kind.as_str())
                    .bind(d.definition_id)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if !drafts.is_empty() {
                    return Err(app::ports::StoreError::Conflict { field: "draft" });
                }
                sqlx::query($crate::store::authoring::sql::INSERT_DRAFT)
                    .bind(id)
                    .bind(d.clinic_id)
                    .bind(d.kind.as_str())
                    .bind(d.definition_id)
                    .bind(i64::from(d.version))
                    .bind(d.source)
                    .bind(d.based_on.map(i64::from))
                    .bind(d.staff_id)
                    .bind(d.now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("version")))?;
                let row = sqlx::query_as::<_, $crate::store::authoring::rows::VersionRow>(&$crate::store::authoring::sql::version_by_id())
                    .bind(d.clinic_id)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, None, None, d.now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                row.try_into()
            }

            async fn save_draft_source(
                &self,
                clinic_id: app::domain::ClinicId,
                id: uuid::Uuid,
                source: &str,
                revision: i64,
                now: time::OffsetDateTime,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let done = sqlx::query($crate::store::authoring::sql::SAVE_DRAFT_SOURCE)
                    .bind(clinic_id)
                    .bind(id)
                    .bind(source)
                    .bind(now)
                    .bind(revision)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::Conflict { field: "revision" });
                }
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn discard_draft(
                &self,
                clinic_id: app::domain::ClinicId,
                id: uuid::Uuid,
                audit: &app::domain::NewAuditEntry,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let done = sqlx::query($crate::store::authoring::sql::DISCARD_DRAFT)
                    .bind(clinic_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn publish(
                &self,
                clinic_id: app::domain::ClinicId,
                id: uuid::Uuid,
                staff_id: app::domain::StaffId,
                now: time::OffsetDateTime,
                checked_source: &str,
                replan: bool,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<u64, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let Some((kind, definition_id)): Option<(String, String)> = sqlx::query_as($crate::store::authoring::sql::VERSION_KIND)
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                else {
                    return Err(app::ports::StoreError::NotFound);
                };
                let done = sqlx::query($crate::store::authoring::sql::PUBLISH)
                    .bind(clinic_id)
                    .bind(id)
                    .bind(staff_id)
                    .bind(now)
                    .bind(checked_source)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::Conflict { field: "status" });
                }
                let mut replanned = 0;
                if replan && kind == app::authoring::DefinitionKind::Pathway.as_str() {
                    replanned = sqlx::query($crate::store::authoring::sql::REPLAN_PATHWAY)
                        .bind(clinic_id)
                        .bind(&definition_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?
                        .rows_affected();
                }
                let detail = format!("{}; {replanned} enrolments planned again", audit.detail);
                Self::insert_audit(&mut *tx, audit, None, Some(&detail), now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(replanned)
            }

            async fn active_enrolments_in(&self, clinic_id: app::domain::ClinicId, pathway_id: &str) -> Result<u64, app::ports::StoreError> {
                let (n,): (i64,) = sqlx::query_as($crate::store::authoring::sql::ACTIVE_ENROLMENTS_IN)
                    .bind(clinic_id)
                    .bind(pathway_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(u64::try_from(n).unwrap_or_default())
            }

            async fn dry_run_records(
                &self,
                clinic_id: app::domain::ClinicId,
                questionnaire_id: &str,
                limit: i64,
            ) -> Result<Vec<app::ports::PastRecord>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::authoring::rows::PastRecordRow>($crate::store::authoring::sql::DRY_RUN_RECORDS)
                    .bind(clinic_id)
                    .bind(questionnaire_id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|row| {
                        Ok(app::ports::PastRecord {
                            patient_id: row.patient_id,
                            patient_name: row.patient_name,
                            response: row.response.into_record(&[])?,
                        })
                    })
                    .collect()
            }

            async fn mail_texts(&self, clinic_id: app::domain::ClinicId) -> Result<Vec<app::authoring::MailText>, app::ports::StoreError> {
                sqlx::query_as::<_, $crate::store::authoring::rows::MailTextRow>($crate::store::authoring::sql::MAIL_TEXTS)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn mail_texts_everywhere(&self) -> Result<Vec<(app::domain::ClinicId, app::authoring::MailText)>, app::ports::StoreError> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    clinic_id: app::domain::ClinicId,
                    #[sqlx(flatten)]
                    text: $crate::store::authoring::rows::MailTextRow,
                }
                sqlx::query_as::<_, Row>($crate::store::authoring::sql::MAIL_TEXTS_EVERYWHERE)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(|r| Ok((r.clinic_id, r.text.try_into()?)))
                    .collect()
            }

            async fn set_mail_text(
                &self,
                clinic_id: app::domain::ClinicId,
                text: &app::authoring::MailText,
                staff_id: app::domain::StaffId,
                now: time::OffsetDateTime,
                audit: &app::domain::NewAuditEntry,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                sqlx::query($crate::store::authoring::sql::SET_MAIL_TEXT)
                    .bind(clinic_id)
                    .bind(text.kind.as_str())
                    .bind(text.language.as_str())
                    .bind(&text.subject)
                    .bind(&text.body)
                    .bind(staff_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }

            async fn reset_mail_text(
                &self,
                clinic_id: app::domain::ClinicId,
                kind: app::authoring::MailKind,
                language: app::i18n::Locale,
                audit: &app::domain::NewAuditEntry,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                sqlx::query($crate::store::authoring::sql::RESET_MAIL_TEXT)
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(language.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_authoring_store;
