//! Server functions behind the patient pages: the list, one patient, the
//! pathways to enrol into and the staff entry form.

use crate::domain::PatientId;
use leptos::prelude::*;

use super::choices::{EntryFormData, PathwayChoice, QuestionnaireChoice};
use super::records::{PatientDetail, PatientSummary};
use crate::error::ApiError;

#[server(endpoint = "staff/patients")]
pub async fn list_patients() -> Result<Vec<PatientSummary>, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::list_patients(&state, &meta).await }).await
}

#[server(endpoint = "staff/patient")]
pub async fn get_patient(id: PatientId) -> Result<PatientDetail, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::view_patient(&state, &meta, id).await }).await
}

#[server(endpoint = "staff/pathways")]
pub async fn pathways() -> Result<Vec<PathwayChoice>, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::pathways(&state, &meta).await }).await
}

#[server(endpoint = "staff/entry_form")]
pub async fn entry_form(patient: PatientId, questionnaire: String) -> Result<EntryFormData, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::entry_form(&state, &meta, patient, &questionnaire).await }).await
}

#[server(endpoint = "staff/questionnaires")]
pub async fn questionnaires() -> Result<Vec<QuestionnaireChoice>, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::questionnaires(&state, &meta).await }).await
}
