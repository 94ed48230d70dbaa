//! Authoring's storage, written once for both backends (like `shared.rs`).

macro_rules! impl_authoring_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl app::ports::AuthoringStore for $store {
            async fn definition_versions(
                &self,
                clinic_id: uuid::Uuid,
                kind: app::domain::DefinitionKind,
                definition_id: Option<&str>,
            ) -> Result<Vec<app::domain::DefinitionVersion>, app::ports::StoreError> {
                sqlx::query_as::<_, rows::VersionRow>(&aq::versions())
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn definition_version(
                &self,
                clinic_id: uuid::Uuid,
                kind: app::domain::DefinitionKind,
                definition_id: &str,
                version: u32,
            ) -> Result<Option<app::domain::DefinitionVersion>, app::ports::StoreError> {
                sqlx::query_as::<_, rows::VersionRow>(&aq::version())
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .bind(i64::from(version))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn newest_published(
                &self,
                clinic_id: uuid::Uuid,
                kind: app::domain::DefinitionKind,
                definition_id: &str,
            ) -> Result<Option<u32>, app::ports::StoreError> {
                let (n,): (Option<i64>,) = sqlx::query_as(aq::NEWEST_PUBLISHED)
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(definition_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                Ok(n.and_then(|n| u32::try_from(n).ok()))
            }

            async fn newest_published_everywhere(
                &self,
                kind: app::domain::DefinitionKind,
            ) -> Result<Vec<(uuid::Uuid, String, u32)>, app::ports::StoreError> {
                let rows: Vec<(uuid::Uuid, String, i64)> = sqlx::query_as(aq::NEWEST_PUBLISHED_EVERYWHERE)
                    .bind(kind.as_str())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                Ok(rows.into_iter().filter_map(|(c, id, v)| Some((c, id, u32::try_from(v).ok()?))).collect())
            }

            async fn create_draft(
                &self,
                d: &app::domain::NewDraft<'_>,
            ) -> Result<app::domain::DefinitionVersion, app::ports::StoreError> {
                let id = uuid::Uuid::new_v4();
                let mut tx = self.begin_write().await.map_err(|e| err(e, None))?;
                let drafts: Vec<(uuid::Uuid,)> = sqlx::query_as(
                    "SELECT id FROM definition_versions WHERE clinic_id = $1 AND kind = $2 AND definition_id = $3 AND status = 'draft'",
                )
                .bind(d.clinic_id)
                .bind(d.kind.as_str())
                .bind(d.definition_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(|e| err(e, None))?;
                if !drafts.is_empty() {
                    return Err(app::ports::StoreError::Conflict { field: "draft" });
                }
                sqlx::query(aq::INSERT_DRAFT)
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
                    .map_err(|e| err(e, Some("version")))?;
                let row = sqlx::query_as::<_, rows::VersionRow>(&aq::version_by_id())
                    .bind(d.clinic_id)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| err(e, None))?;
                tx.commit().await.map_err(|e| err(e, None))?;
                row.try_into()
            }

            async fn save_draft_source(
                &self,
                clinic_id: uuid::Uuid,
                id: uuid::Uuid,
                source: &str,
                revision: i64,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                let done = sqlx::query(aq::SAVE_DRAFT_SOURCE)
                    .bind(clinic_id)
                    .bind(id)
                    .bind(source)
                    .bind(now)
                    .bind(revision)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::Conflict { field: "revision" });
                }
                Ok(())
            }

            async fn discard_draft(&self, clinic_id: uuid::Uuid, id: uuid::Uuid) -> Result<(), app::ports::StoreError> {
                let done = sqlx::query(aq::DISCARD_DRAFT)
                    .bind(clinic_id)
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                Ok(())
            }

            async fn publish(
                &self,
                clinic_id: uuid::Uuid,
                id: uuid::Uuid,
                staff_id: uuid::Uuid,
                now: time::OffsetDateTime,
                checked_source: &str,
                replan: bool,
            ) -> Result<u64, app::ports::StoreError> {
                let mut tx = self.begin_write().await.map_err(|e| err(e, None))?;
                let Some((kind, definition_id)): Option<(String, String)> = sqlx::query_as(aq::VERSION_KIND)
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| err(e, None))?
                else {
                    return Err(app::ports::StoreError::NotFound);
                };
                let done = sqlx::query(aq::PUBLISH)
                    .bind(clinic_id)
                    .bind(id)
                    .bind(staff_id)
                    .bind(now)
                    .bind(checked_source)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| err(e, None))?;
                if done.rows_affected() == 0 {
                    return Err(app::ports::StoreError::Conflict { field: "status" });
                }
                let mut replanned = 0;
                if replan && kind == app::domain::DefinitionKind::Pathway.as_str() {
                    replanned = sqlx::query(aq::REPLAN_PATHWAY)
                        .bind(clinic_id)
                        .bind(&definition_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| err(e, None))?
                        .rows_affected();
                }
                tx.commit().await.map_err(|e| err(e, None))?;
                Ok(replanned)
            }

            async fn active_enrolments_in(&self, clinic_id: uuid::Uuid, pathway_id: &str) -> Result<u64, app::ports::StoreError> {
                let (n,): (i64,) = sqlx::query_as(aq::ACTIVE_ENROLMENTS_IN)
                    .bind(clinic_id)
                    .bind(pathway_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                Ok(u64::try_from(n).unwrap_or_default())
            }

            async fn dry_run_records(
                &self,
                clinic_id: uuid::Uuid,
                questionnaire_id: &str,
                limit: i64,
            ) -> Result<Vec<app::ports::PastRecord>, app::ports::StoreError> {
                sqlx::query_as::<_, rows::PastRecordRow>(aq::DRY_RUN_RECORDS)
                    .bind(clinic_id)
                    .bind(questionnaire_id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?
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

            async fn mail_texts(&self, clinic_id: uuid::Uuid) -> Result<Vec<app::domain::MailText>, app::ports::StoreError> {
                sqlx::query_as::<_, rows::MailTextRow>(aq::MAIL_TEXTS)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn mail_texts_everywhere(&self) -> Result<Vec<(uuid::Uuid, app::domain::MailText)>, app::ports::StoreError> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    clinic_id: uuid::Uuid,
                    #[sqlx(flatten)]
                    text: rows::MailTextRow,
                }
                sqlx::query_as::<_, Row>(aq::MAIL_TEXTS_EVERYWHERE)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?
                    .into_iter()
                    .map(|r| Ok((r.clinic_id, r.text.try_into()?)))
                    .collect()
            }

            async fn set_mail_text(
                &self,
                clinic_id: uuid::Uuid,
                text: &app::domain::MailText,
                staff_id: uuid::Uuid,
                now: time::OffsetDateTime,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query(aq::SET_MAIL_TEXT)
                    .bind(clinic_id)
                    .bind(text.kind.as_str())
                    .bind(text.language.as_str())
                    .bind(&text.subject)
                    .bind(&text.body)
                    .bind(staff_id)
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                Ok(())
            }

            async fn reset_mail_text(
                &self,
                clinic_id: uuid::Uuid,
                kind: app::domain::MailKind,
                language: app::i18n::Locale,
            ) -> Result<(), app::ports::StoreError> {
                sqlx::query(aq::RESET_MAIL_TEXT)
                    .bind(clinic_id)
                    .bind(kind.as_str())
                    .bind(language.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(|e| err(e, None))?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_authoring_store;
