//! The plain functions behind the staff server functions. Each takes the
//! state and the request's facts; tests call them directly.

use crate::domain::PatientId;

use super::types::{Role, StaffInfo, StaffMember};
use crate::auth::{current_session, require, try_audit, RequestMeta};
use crate::domain::{AuditEntry, AuditOutcome};
use crate::error::ApiError;
use crate::ports::AppState;

pub async fn context(state: &AppState, meta: &RequestMeta) -> Result<StaffInfo, ApiError> {
    let session = current_session(state, meta).await?.ok_or(ApiError::NotSignedIn)?;
    Ok(StaffInfo {
        name: session.staff.name.clone(),
        email: session.staff.email.as_str().to_owned(),
        clinic_name: session.clinic.name.as_str().to_owned(),
        role: session.role,
        must_change_password: session.staff.must_change_password,
    })
}

pub async fn list_staff(state: &AppState, meta: &RequestMeta) -> Result<Vec<(StaffMember, Role)>, ApiError> {
    let session = require(state, meta, Role::Admin, "staff.list").await?;
    Ok(state.store.clinic_staff(session.clinic.id).await?)
}

/// The audit log of the clinic, for one patient or the latest entries.
pub async fn audit_log(state: &AppState, meta: &RequestMeta, patient: Option<PatientId>) -> Result<Vec<AuditEntry>, ApiError> {
    let session = require(state, meta, Role::Admin, "audit.view").await?;
    let entries = match patient {
        Some(patient) => state.store.audit_for_patient(session.clinic.id, patient).await?,
        None => state.store.recent_audit(session.clinic.id, 200).await?,
    };
    try_audit(state, &session, "audit.view", patient, AuditOutcome::Ok, &meta.client, "").await?;
    Ok(entries)
}
