//! The audit log: append and read, nothing else. A change writes its entry in its own transaction (`insert_audit`).

pub(crate) mod rows;
pub(crate) mod sql;

use app::ports::StoreError;

use super::db::{Db, Exec};
use super::group_commit::OwnedAuditEntry;
use super::SqlStore;

#[async_trait::async_trait]
impl app::ports::AuditLog for SqlStore {
    async fn append_audit(&self, e: &app::domain::NewAuditEntry, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        // A read's or a refusal's entry, committed with the others waiting
        // at that moment (`group_commit`); a change's is written in the
        // change's own transaction (`insert_audit`).
        self.audit.store(OwnedAuditEntry { entry: e.clone(), now }).await
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

/// Entries of reads in one transaction; if it fails, each on its own, so
/// one bad entry fails alone (`group_commit`).
pub(super) async fn write_entries(db: Db, batch: Vec<OwnedAuditEntry>) -> Vec<Result<(), StoreError>> {
    if batch.len() > 1 {
        match write_together(&db, &batch).await {
            Ok(()) => return batch.iter().map(|_| Ok(())).collect(),
            Err(e) => {
                tracing::warn!(error = %app::error::error_chain(&e), entries = batch.len(), "a batch of audit entries failed; storing them one by one")
            }
        }
    }
    let mut results = Vec::with_capacity(batch.len());
    for e in &batch {
        results.push(insert_audit(&db, &e.entry, None, None, e.now).await);
    }
    results
}

async fn write_together(db: &Db, batch: &[OwnedAuditEntry]) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    for e in batch {
        insert_audit(&mut tx, &e.entry, None, None, e.now).await?;
    }
    tx.commit().await
}
