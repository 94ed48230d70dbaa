//! The plain functions behind the staff server functions. Each takes the
//! state and the request's facts; tests call them directly.

use crate::auth::{require, try_audit, RequestMeta};
use crate::domain::{AuditEntry, AuditOutcome, PatientId, Role, StaffMember};
use crate::error::ApiError;
use crate::state::AppState;

pub async fn list_staff(state: &AppState, meta: &RequestMeta) -> Result<Vec<(StaffMember, Role)>, ApiError> {
    let session = require(state, meta, Role::Admin, "staff.list").await?;
    Ok(state.store.clinic_staff(session.clinic.id).await?)
}

/// The audit log of the clinic, for one patient or the latest entries,
/// each time on the clinic's clock.
pub async fn audit_log(state: &AppState, meta: &RequestMeta, patient: Option<PatientId>) -> Result<Vec<AuditEntry>, ApiError> {
    let session = require(state, meta, Role::Admin, "audit.view").await?;
    let zone = crate::schedule::zone::zone(&state.store.clinic_time_zone(session.clinic.id).await?);
    let mut entries = match patient {
        Some(patient) => state.store.audit_for_patient(session.clinic.id, patient).await?,
        None => state.store.recent_audit(session.clinic.id, 200).await?,
    };
    for e in &mut entries {
        e.at = crate::schedule::zone::on_clock(e.at, zone);
    }
    try_audit(state, &session, "audit.view", patient, AuditOutcome::Ok, &meta.client, "").await?;
    Ok(entries)
}
