//! Definition versions (drafts and published), the dry run's records and the clinics' mail texts.

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::authoring::port::AuthoringStore for SqlStore {
    async fn definition_versions(
        &self,
        clinic_id: app::domain::ClinicId,
        kind: app::authoring::DefinitionKind,
        definition_id: Option<&str>,
    ) -> Result<Vec<app::authoring::DefinitionVersion>, app::ports::StoreError> {
        sql::VERSIONS
            .bind(clinic_id)
            .bind(kind.as_str())
            .bind(definition_id)
            .fetch_all::<rows::VersionRow>(&self.db)
            .await?
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
        sql::VERSION
            .bind(clinic_id)
            .bind(kind.as_str())
            .bind(definition_id)
            .bind(i64::from(version))
            .fetch_optional::<rows::VersionRow>(&self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    async fn newest_published(
        &self,
        clinic_id: app::domain::ClinicId,
        kind: app::authoring::DefinitionKind,
        definition_id: &str,
    ) -> Result<Option<u32>, app::ports::StoreError> {
        let (n,): (Option<i64>,) = sql::NEWEST_PUBLISHED.bind(clinic_id).bind(kind.as_str()).bind(definition_id).fetch_one(&self.db).await?;
        Ok(n.and_then(|n| u32::try_from(n).ok()))
    }

    async fn newest_published_everywhere(
        &self,
        kind: app::authoring::DefinitionKind,
    ) -> Result<Vec<(app::domain::ClinicId, String, u32)>, app::ports::StoreError> {
        let rows: Vec<(app::domain::ClinicId, String, i64)> = sql::NEWEST_PUBLISHED_EVERYWHERE.bind(kind.as_str()).fetch_all(&self.db).await?;
        Ok(rows.into_iter().filter_map(|(c, id, v)| Some((c, id, u32::try_from(v).ok()?))).collect())
    }

    async fn create_draft(
        &self,
        d: &app::authoring::NewDraft<'_>,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<app::authoring::DefinitionVersion, app::ports::StoreError> {
        let id = uuid::Uuid::new_v4();
        let mut tx = self.db.begin_write().await?;
        let drafts: Vec<(uuid::Uuid,)> = sql::DRAFT_OF.bind(d.clinic_id).bind(d.kind.as_str()).bind(d.definition_id).fetch_all(&mut tx).await?;
        if !drafts.is_empty() {
            return Err(app::ports::StoreError::Conflict { field: "draft" });
        }
        sql::INSERT_DRAFT
            .query()
            .unique("version")
            .bind(id)
            .bind(d.clinic_id)
            .bind(d.kind.as_str())
            .bind(d.definition_id)
            .bind(i64::from(d.version))
            .bind(d.source)
            .bind(d.based_on.map(i64::from))
            .bind(d.staff_id)
            .bind(d.now)
            .execute(&mut tx)
            .await?;
        let row = sql::VERSION_BY_ID.bind(d.clinic_id).bind(id).fetch_one::<rows::VersionRow>(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, d.now).await?;
        tx.commit().await?;
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
        let mut tx = self.db.begin_write().await?;
        let done = sql::SAVE_DRAFT_SOURCE.bind(clinic_id).bind(id).bind(source).bind(now).bind(revision).execute(&mut tx).await?;
        if done == 0 {
            return Err(app::ports::StoreError::Conflict { field: "revision" });
        }
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn discard_draft(
        &self,
        clinic_id: app::domain::ClinicId,
        id: uuid::Uuid,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let done = sql::DISCARD_DRAFT.bind(clinic_id).bind(id).execute(&mut tx).await?;
        if done == 0 {
            return Err(app::ports::StoreError::NotFound);
        }
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
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
        let mut tx = self.db.begin_write().await?;
        let Some((kind, definition_id)): Option<(String, String)> = sql::VERSION_KIND.bind(clinic_id).bind(id).fetch_optional(&mut tx).await? else {
            return Err(app::ports::StoreError::NotFound);
        };
        let done = sql::PUBLISH.bind(clinic_id).bind(id).bind(staff_id).bind(now).bind(checked_source).execute(&mut tx).await?;
        if done == 0 {
            return Err(app::ports::StoreError::Conflict { field: "status" });
        }
        let mut replanned = 0;
        if replan && kind == app::authoring::DefinitionKind::Pathway.as_str() {
            replanned = sql::REPLAN_PATHWAY.bind(clinic_id).bind(&definition_id).execute(&mut tx).await?;
        }
        let detail = format!("{}; {replanned} enrolments planned again", audit.detail);
        crate::store::audit::insert_audit(&mut tx, audit, None, Some(&detail), now).await?;
        tx.commit().await?;
        Ok(replanned)
    }

    async fn active_enrolments_in(&self, clinic_id: app::domain::ClinicId, pathway_id: &str) -> Result<u64, app::ports::StoreError> {
        let (n,): (i64,) = sql::ACTIVE_ENROLMENTS_IN.bind(clinic_id).bind(pathway_id).fetch_one(&self.db).await?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    async fn dry_run_records(
        &self,
        clinic_id: app::domain::ClinicId,
        questionnaire_id: &str,
        limit: i64,
    ) -> Result<Vec<app::authoring::PastRecord>, app::ports::StoreError> {
        sql::DRY_RUN_RECORDS
            .bind(clinic_id)
            .bind(questionnaire_id)
            .bind(limit)
            .fetch_all::<rows::PastRecordRow>(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                Ok(app::authoring::PastRecord {
                    patient_id: row.patient_id,
                    patient_name: row.patient_name,
                    response: row.response.into_record(&[])?,
                })
            })
            .collect()
    }

    async fn mail_texts(&self, clinic_id: app::domain::ClinicId) -> Result<Vec<app::authoring::MailText>, app::ports::StoreError> {
        sql::MAIL_TEXTS.bind(clinic_id).fetch_all::<rows::MailTextRow>(&self.db).await?.into_iter().map(TryInto::try_into).collect()
    }

    async fn mail_texts_everywhere(&self) -> Result<Vec<(app::domain::ClinicId, app::authoring::MailText)>, app::ports::StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            clinic_id: app::domain::ClinicId,
            #[sqlx(flatten)]
            text: rows::MailTextRow,
        }
        sql::MAIL_TEXTS_EVERYWHERE.query().fetch_all::<Row>(&self.db).await?.into_iter().map(|r| Ok((r.clinic_id, r.text.try_into()?))).collect()
    }

    async fn set_mail_text(
        &self,
        clinic_id: app::domain::ClinicId,
        text: &app::authoring::MailText,
        staff_id: app::domain::StaffId,
        now: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_MAIL_TEXT
            .bind(clinic_id)
            .bind(text.kind.as_str())
            .bind(text.language.as_str())
            .bind(&text.subject)
            .bind(&text.body)
            .bind(staff_id)
            .bind(now)
            .execute(&mut tx)
            .await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
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
        let mut tx = self.db.begin_write().await?;
        sql::RESET_MAIL_TEXT.bind(clinic_id).bind(kind.as_str()).bind(language.as_str()).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sms_texts(&self, clinic_id: app::domain::ClinicId) -> Result<Vec<app::authoring::SmsText>, app::ports::StoreError> {
        sql::SMS_TEXTS.bind(clinic_id).fetch_all::<rows::SmsTextRow>(&self.db).await?.into_iter().map(TryInto::try_into).collect()
    }

    async fn sms_texts_everywhere(&self) -> Result<Vec<(app::domain::ClinicId, app::authoring::SmsText)>, app::ports::StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            clinic_id: app::domain::ClinicId,
            #[sqlx(flatten)]
            text: rows::SmsTextRow,
        }
        sql::SMS_TEXTS_EVERYWHERE.query().fetch_all::<Row>(&self.db).await?.into_iter().map(|r| Ok((r.clinic_id, r.text.try_into()?))).collect()
    }

    async fn set_sms_text(
        &self,
        clinic_id: app::domain::ClinicId,
        text: &app::authoring::SmsText,
        staff_id: app::domain::StaffId,
        now: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_SMS_TEXT
            .bind(clinic_id)
            .bind(text.kind.as_str())
            .bind(text.language.as_str())
            .bind(&text.body)
            .bind(staff_id)
            .bind(now)
            .execute(&mut tx)
            .await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_sms_text(
        &self,
        clinic_id: app::domain::ClinicId,
        kind: app::authoring::MailKind,
        language: app::i18n::Locale,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::RESET_SMS_TEXT.bind(clinic_id).bind(kind.as_str()).bind(language.as_str()).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
