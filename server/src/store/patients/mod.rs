//! Patients, respondents and enrolments, always within one clinic: enrolling, the patient page, enrolment changes.

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::patients::port::PatientsStore for SqlStore {
    async fn enrol(&self, batch: &app::patients::port::EnrolmentBatch<'_>) -> Result<Vec<app::patients::port::Enrolled>, app::ports::StoreError> {
        use app::patients::port::Enrolled;
        use app::ports::StoreError;
        let mut tx = self.db.begin_write().await?;
        tx.lock_clinic_patients(batch.clinic_id).await?;
        let mut seen: Vec<app::patients::patient::DuplicateKeys> = Vec::new();
        let mut created = Vec::with_capacity(batch.enrolments.len());
        for (position, enrolment) in batch.enrolments.iter().enumerate() {
            let patient = &enrolment.patient;
            let keys = patient.duplicate_keys();
            if seen.iter().any(|k| keys.is_likely_duplicate_of(k)) {
                return Err(StoreError::Duplicate { position, existing: None });
            }
            let candidates = sql::DUPLICATE_CANDIDATES
                .bind(batch.clinic_id)
                .bind(keys.national_id.as_deref())
                .bind(&keys.name_and_birth)
                .fetch_all::<rows::DuplicateRow>(&mut tx)
                .await?;
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
            sql::INSERT_PATIENT
                .bind(patient_id)
                .bind(batch.clinic_id)
                .bind(patient.name.as_str())
                .bind(patient.date_of_birth.date())
                .bind(patient.national_id.as_ref().map(|n| n.as_str()))
                .bind(patient.email.as_ref().map(|e| e.as_str()))
                .bind(keys.national_id.as_deref())
                .bind(&keys.name_and_birth)
                .bind(batch.now)
                .execute(&mut tx)
                .await?;
            let enrolment_id = app::domain::EnrolmentId::random();
            sql::INSERT_ENROLMENT
                .bind(enrolment_id)
                .bind(batch.clinic_id)
                .bind(patient_id)
                .bind(batch.pathway_id)
                .bind(enrolment.index_date.date())
                .bind(batch.staff_id)
                .bind(batch.now)
                .execute(&mut tx)
                .await?;
            for respondent in &enrolment.respondents {
                let respondent_id = app::domain::RespondentId::random();
                sql::INSERT_RESPONDENT
                    .query()
                    .unique("respondent email")
                    .bind(respondent_id)
                    .bind(batch.clinic_id)
                    .bind(patient_id)
                    .bind(respondent.name.as_str())
                    .bind(respondent.email.as_str())
                    .bind(respondent.relation.code())
                    .bind(respondent.language.as_str())
                    .bind(batch.now)
                    .bind(respondent.mobile.as_ref().map(|m| m.as_str()))
                    .bind(respondent.channel.as_str())
                    .bind(respondent.sms_consent.then_some(batch.now))
                    .execute(&mut tx)
                    .await?;
                sql::INSERT_ENROLMENT_RESPONDENT.bind(enrolment_id).bind(respondent_id).execute(&mut tx).await?;
            }
            let detail = serde_json::json!({ "index_date": enrolment.index_date.date().to_string() });
            sql::INSERT_ENROLMENT_EVENT
                .bind(uuid::Uuid::new_v4())
                .bind(enrolment_id)
                .bind(batch.now)
                .bind(batch.staff_id)
                .bind("enrolled")
                .bind(detail.to_string())
                .execute(&mut tx)
                .await?;
            seen.push(keys);
            let detail = format!("enrolment {enrolment_id} in {}", batch.pathway_id);
            crate::store::audit::insert_audit(&mut tx, batch.audit, Some(patient_id), Some(&detail), batch.now).await?;
            created.push(Enrolled { patient_id, enrolment_id });
        }
        tx.commit().await?;
        Ok(created)
    }

    async fn list_patients(&self, clinic_id: app::domain::ClinicId) -> Result<Vec<app::patients::PatientSummary>, app::ports::StoreError> {
        Ok(sql::LIST_PATIENTS.bind(clinic_id).fetch_all::<rows::PatientSummaryRow>(&self.db).await?.into_iter().map(Into::into).collect())
    }

    async fn patient_detail(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Option<app::patients::PatientDetail>, app::ports::StoreError> {
        let Some(patient) = sql::PATIENT.bind(clinic_id).bind(patient_id).fetch_optional::<rows::PatientRow>(&self.db).await? else {
            return Ok(None);
        };
        let respondents = sql::PATIENT_RESPONDENTS.bind(clinic_id).bind(patient_id).fetch_all::<rows::RespondentRow>(&self.db).await?;
        let links = sql::PATIENT_ENROLMENT_RESPONDENTS.bind(clinic_id).bind(patient_id).fetch_all::<rows::EnrolmentRespondentRow>(&self.db).await?;
        let enrolments = sql::PATIENT_ENROLMENTS
            .bind(clinic_id)
            .bind(patient_id)
            .fetch_all::<rows::EnrolmentRow>(&self.db)
            .await?
            .into_iter()
            .map(|row| {
                let ids = links.iter().filter(|l| l.enrolment_id == row.id).map(|l| l.respondent_id).collect();
                row.into_record(ids)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let history = sql::PATIENT_HISTORY.bind(clinic_id).bind(patient_id).fetch_all::<rows::EventRow>(&self.db).await?;
        Ok(Some(app::patients::PatientDetail {
            patient: patient.into(),
            respondents: respondents.into_iter().map(Into::into).collect(),
            enrolments,
            history: history.into_iter().map(Into::into).collect(),
            responses: Vec::new(),
            invitations: Vec::new(),
            messages: Vec::new(),
            open_items: Vec::new(),
            labels: app::labels::Labels::default(),
        }))
    }

    async fn enrolment_patient(
        &self,
        clinic_id: app::domain::ClinicId,
        enrolment_id: app::domain::EnrolmentId,
    ) -> Result<Option<app::domain::PatientId>, app::ports::StoreError> {
        Ok(sql::ENROLMENT_FOR_CHANGE
            .bind(clinic_id)
            .bind(enrolment_id)
            .fetch_optional::<rows::EnrolmentStateRow>(&self.db)
            .await?
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
        use app::patients::enrolment_change::decide_change;
        use app::patients::EnrolmentChange;
        let mut tx = self.db.begin_write().await?;
        let current = sql::ENROLMENT_FOR_CHANGE
            .bind(clinic_id)
            .bind(enrolment_id)
            .fetch_optional::<rows::EnrolmentStateRow>(&mut tx)
            .await?
            .ok_or(app::ports::StoreError::NotFound)?;
        let status = crate::store::enrolment_status_of(&current.status)?;
        // Refused (ended, or no change): a conflict on the status.
        let event = decide_change(status, current.index_date, change).map_err(|_| app::ports::StoreError::Conflict { field: "status" })?;
        // The statements' `status <> 'ended'` guards keep an ended
        // enrolment final even when two changes race.
        let changed = match change {
            EnrolmentChange::IndexDate(date) => sql::SET_INDEX_DATE.bind(clinic_id).bind(enrolment_id).bind(*date).execute(&mut tx).await?,
            EnrolmentChange::Status(status, reason) => {
                sql::SET_STATUS.bind(clinic_id).bind(enrolment_id).bind(status.as_str()).bind(reason).execute(&mut tx).await?
            }
        };
        if changed == 0 {
            return Err(app::ports::StoreError::Conflict { field: "status" });
        }
        let (kind, detail) = (event.kind, event.detail);
        sql::INSERT_ENROLMENT_EVENT
            .bind(uuid::Uuid::new_v4())
            .bind(enrolment_id)
            .bind(now)
            .bind(staff_id)
            .bind(kind)
            .bind(detail.to_string())
            .execute(&mut tx)
            .await?;
        crate::store::audit::insert_audit(&mut tx, audit, Some(current.patient_id), None, now).await?;
        tx.commit().await?;
        Ok(current.patient_id)
    }

    async fn patient_messages(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Vec<app::patients::MessageRecord>, app::ports::StoreError> {
        sql::PATIENT_MESSAGES
            .bind(clinic_id)
            .bind(patient_id)
            .fetch_all::<rows::MessageRow>(&self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    async fn patient_invitations(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Vec<app::schedule::port::InvitationRecord>, app::ports::StoreError> {
        sql::PATIENT_INVITATIONS
            .bind(clinic_id)
            .bind(patient_id)
            .fetch_all::<rows::InvitationRow>(&self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    async fn open_worklist_items(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Vec<(String, app::domain::InvitationId)>, app::ports::StoreError> {
        sql::OPEN_WORKLIST_ITEMS.bind(clinic_id).bind(patient_id).fetch_all(&self.db).await
    }
}
