//! The audit log: append and read, nothing else. A change writes its entry in its own transaction (`insert_audit`).

pub(crate) mod rows;
pub(crate) mod sql;

use app::ports::StoreError;

use super::db::Exec;
use super::SqlStore;

#[async_trait::async_trait]
impl app::ports::AuditLog for SqlStore {
    async fn append_audit(&self, e: &app::domain::NewAuditEntry, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        // A read's or a refusal's entry on its own; a change's is
        // written in the change's transaction (`insert_audit`).
        insert_audit(&self.db, e, None, None, now).await?;
        Ok(())
    }

    async fn audit_for_patient(
        &self,
        clinic_id: app::domain::ClinicId,
        patient_id: app::domain::PatientId,
    ) -> Result<Vec<app::domain::AuditEntry>, app::ports::StoreError> {
        Ok(sql::AUDIT_FOR_PATIENT.bind(clinic_id).bind(patient_id).fetch_all::<rows::AuditRow>(&self.db).await?.into_iter().map(Into::into).collect())
    }

    async fn recent_audit(&self, clinic_id: app::domain::ClinicId, limit: i64) -> Result<Vec<app::domain::AuditEntry>, app::ports::StoreError> {
        Ok(sql::RECENT_AUDIT.bind(clinic_id).bind(limit).fetch_all::<rows::AuditRow>(&self.db).await?.into_iter().map(Into::into).collect())
    }
}

/// An audit entry: a change's, in the change's own transaction (`&mut tx`)
/// so that neither is kept without the other, or one on its own
/// (`&self.db`). `patient_id` and `detail`, when given, are what only the
/// store knows (the patient an enrolment belongs to, the id it created).
pub(crate) async fn insert_audit<'e>(
    on: impl Into<Exec<'e>>,
    entry: &app::domain::NewAuditEntry,
    patient_id: Option<app::domain::PatientId>,
    detail: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<(), StoreError> {
    sql::INSERT_AUDIT
        .bind(now)
        .bind(entry.staff_id)
        .bind(entry.clinic_id)
        .bind(patient_id.or(entry.patient_id))
        .bind(entry.action)
        .bind(entry.outcome.as_str())
        .bind(&entry.client)
        .bind(detail.unwrap_or(&entry.detail))
        .execute(on)
        .await?;
    Ok(())
}
