//! The plain functions behind the staff server functions and forms. Each
//! takes the state and the request's session token; tests call them
//! directly.

use uuid::Uuid;

use super::api::{ApiError, EntryFormData, PathwayChoice, QuestionnaireChoice, StaffInfo};
use crate::auth::{audit, current_session, require, try_audit, AccessError, RequestMeta};
use crate::domain::{AuditEntry, AuditOutcome, PatientDetail, PatientSummary, Role, StaffMember};
use crate::ports::{AppState, StoreError};

/// Runs a server function's work as its own task, so that it always runs
/// to completion. Rendering may drop a resource's future half-way; a
/// database call cancelled in the middle can leave its (SQLite) connection
/// waiting for an answer that never comes, and the next request using that
/// connection hangs. A spawned task is not cancelled with its caller.
pub async fn detached<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::spawn(work).await.unwrap_or(Err(ApiError::Unavailable))
}

/// The state and request facts inside a server function.
pub fn request() -> Result<(AppState, RequestMeta), ApiError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or(ApiError::Unavailable)?;
    Ok((state, RequestMeta::current()))
}

impl From<AccessError> for ApiError {
    fn from(err: AccessError) -> Self {
        match err {
            AccessError::NotSignedIn => ApiError::NotSignedIn,
            AccessError::Forbidden => ApiError::Forbidden,
            AccessError::MustChangePassword => ApiError::MustChangePassword,
            AccessError::Store(err) => err.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::NotFound,
            other => {
                tracing::error!(error = %other, source = ?std::error::Error::source(&other), "storage failed");
                ApiError::Unavailable
            }
        }
    }
}

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

/// The clinic's patients. Reading the list is itself recorded.
pub async fn list_patients(state: &AppState, meta: &RequestMeta) -> Result<Vec<PatientSummary>, ApiError> {
    let session = require(state, meta, Role::Clinician, "patient.list").await?;
    let patients = state.store.list_patients(session.clinic.id).await?;
    try_audit(state, &session, "patient.list", None, AuditOutcome::Ok, &meta.client, &format!("{} patients", patients.len())).await?;
    Ok(patients)
}

/// One patient of the signed-in clinic. Asking for another clinic's
/// patient (or one that does not exist) is refused the same way, and the
/// refusal is recorded.
pub async fn view_patient(state: &AppState, meta: &RequestMeta, id: Uuid) -> Result<PatientDetail, ApiError> {
    let session = require(state, meta, Role::Clinician, "patient.view").await?;
    match state.store.patient_detail(session.clinic.id, id).await? {
        Some(mut detail) => {
            detail.responses = state.store.patient_responses(session.clinic.id, id).await?;
            detail.invitations = state.store.patient_invitations(session.clinic.id, id).await?;
            detail.open_items = state.store.open_worklist_items(session.clinic.id, id).await?;
            // No audit entry, no data.
            try_audit(state, &session, "patient.view", Some(id), AuditOutcome::Ok, &meta.client, "").await?;
            Ok(detail)
        }
        None => {
            audit(state, &session, "patient.view", None, AuditOutcome::Refused, &meta.client, &format!("no patient {id} in this clinic")).await;
            Err(ApiError::NotFound)
        }
    }
}

pub async fn list_staff(state: &AppState, meta: &RequestMeta) -> Result<Vec<(StaffMember, Role)>, ApiError> {
    let session = require(state, meta, Role::Admin, "staff.list").await?;
    Ok(state.store.clinic_staff(session.clinic.id).await?)
}

/// The audit log of the clinic, for one patient or the latest entries.
pub async fn audit_log(state: &AppState, meta: &RequestMeta, patient: Option<Uuid>) -> Result<Vec<AuditEntry>, ApiError> {
    let session = require(state, meta, Role::Admin, "audit.view").await?;
    let entries = match patient {
        Some(patient) => state.store.audit_for_patient(session.clinic.id, patient).await?,
        None => state.store.recent_audit(session.clinic.id, 200).await?,
    };
    try_audit(state, &session, "audit.view", patient, AuditOutcome::Ok, &meta.client, "").await?;
    Ok(entries)
}

pub async fn pathways(state: &AppState, meta: &RequestMeta) -> Result<Vec<PathwayChoice>, ApiError> {
    let session = require(state, meta, Role::Clinician, "pathway.list").await?;
    Ok(state
        .definitions
        .pathways(state.store.as_ref(), session.clinic.id)
        .await?
        .iter()
        .map(|(_, p)| PathwayChoice { id: p.id.clone(), title_da: p.title.da.clone(), title_en: p.title.en.clone() })
        .collect())
}

pub async fn entry_form(state: &AppState, meta: &RequestMeta, questionnaire: &str) -> Result<EntryFormData, ApiError> {
    let session = require(state, meta, Role::Clinician, "response.enter").await?;
    let compiled = state
        .definitions
        .questionnaire(state.store.as_ref(), session.clinic.id, questionnaire, None)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(EntryFormData { questionnaire: compiled.questionnaire().clone(), submission_key: Uuid::new_v4().to_string() })
}

pub async fn questionnaires(state: &AppState, meta: &RequestMeta) -> Result<Vec<QuestionnaireChoice>, ApiError> {
    let session = require(state, meta, Role::Clinician, "questionnaire.list").await?;
    Ok(state
        .definitions
        .questionnaires(state.store.as_ref(), session.clinic.id)
        .await?
        .iter()
        .map(|c| {
            let q = c.questionnaire();
            QuestionnaireChoice { id: q.id.clone(), title_da: q.title.da.clone(), title_en: q.title.en.clone() }
        })
        .collect())
}
