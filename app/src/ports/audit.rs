//! The audit log's storage: append and read, nothing else.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::errors::StoreError;
use crate::domain::{AuditEntry, ClinicId, NewAuditEntry, PatientId};

#[async_trait]
pub trait AuditLog: Send + Sync + 'static {
    async fn append_audit(&self, entry: &NewAuditEntry, now: OffsetDateTime) -> Result<(), StoreError>;
    async fn audit_for_patient(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<AuditEntry>, StoreError>;
    async fn recent_audit(&self, clinic_id: ClinicId, limit: i64) -> Result<Vec<AuditEntry>, StoreError>;
}
