//! Server functions behind the staff pages: each checks the session and
//! role, scopes every query to the signed-in clinic, writes the audit log,
//! and calls a plain function in `staff::service`.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{AuditEntry, PatientDetail, PatientSummary, Role, StaffMember};

/// Why a staff request failed, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("choose your own password first")]
    MustChangePassword,
    #[error("the service is unavailable; try again")]
    Unavailable,
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(_: ServerFnErrorErr) -> Self {
        ApiError::Unavailable
    }
}

/// Who is signed in, where, as what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInfo {
    pub name: String,
    pub email: String,
    pub clinic_name: String,
    pub role: Role,
    pub must_change_password: bool,
}

/// A pathway admins can enrol into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathwayChoice {
    pub id: String,
    pub title_da: String,
    pub title_en: String,
}

/// What the staff entry page needs: the questionnaire, and a fresh key
/// that makes a second submit of the same form harmless.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryFormData {
    pub questionnaire: crate::engine::Questionnaire,
    pub submission_key: String,
}

/// A questionnaire staff can enter a response to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireChoice {
    pub id: String,
    pub title_da: String,
    pub title_en: String,
}

#[server(endpoint = "staff/entry_form")]
pub async fn entry_form(questionnaire: String) -> Result<EntryFormData, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::entry_form(&state, &meta, &questionnaire).await }).await
}

#[server(endpoint = "staff/questionnaires")]
pub async fn questionnaires() -> Result<Vec<QuestionnaireChoice>, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::questionnaires(&state, &meta).await }).await
}

#[server(endpoint = "staff/context")]
pub async fn staff_context() -> Result<StaffInfo, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::context(&state, &meta).await }).await
}

#[server(endpoint = "staff/patients")]
pub async fn list_patients() -> Result<Vec<PatientSummary>, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::list_patients(&state, &meta).await }).await
}

#[server(endpoint = "staff/patient")]
pub async fn get_patient(id: Uuid) -> Result<PatientDetail, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::view_patient(&state, &meta, id).await }).await
}

#[server(endpoint = "staff/members")]
pub async fn list_staff() -> Result<Vec<(StaffMember, Role)>, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::list_staff(&state, &meta).await }).await
}

#[server(endpoint = "staff/audit")]
pub async fn audit_log(patient: Option<Uuid>) -> Result<Vec<AuditEntry>, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::audit_log(&state, &meta, patient).await }).await
}

#[server(endpoint = "staff/pathways")]
pub async fn pathways() -> Result<Vec<PathwayChoice>, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::service::pathways(&state, &meta).await }).await
}
