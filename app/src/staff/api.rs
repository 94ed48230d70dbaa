//! Server functions behind the staff pages (the clinic's staff, the audit
//! log): each checks the session and role and calls a plain function in
//! [`super::service`]. Who is signed in is asked by the staff frame
//! (`components/staff_layout.rs`).

use leptos::prelude::*;

use crate::domain::{AuditEntry, PatientId, Role, StaffMember};
use crate::error::ApiError;

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
