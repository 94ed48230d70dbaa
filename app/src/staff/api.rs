//! Server functions behind the staff pages (who is signed in, the clinic's
//! staff, the audit log): each checks the session and role and calls a
//! plain function in [`super::service`].

use crate::domain::PatientId;
use leptos::prelude::*;

use super::types::{Role, StaffInfo, StaffMember};
use crate::domain::AuditEntry;
use crate::error::ApiError;

#[server(endpoint = "staff/context")]
pub async fn staff_context() -> Result<StaffInfo, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::context(&state, &meta).await }).await
}

#[server(endpoint = "staff/members")]
pub async fn list_staff() -> Result<Vec<(StaffMember, Role)>, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::list_staff(&state, &meta).await }).await
}

#[server(endpoint = "staff/audit")]
pub async fn audit_log(patient: Option<PatientId>) -> Result<Vec<AuditEntry>, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::audit_log(&state, &meta, patient).await }).await
}
