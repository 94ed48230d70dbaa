//! The plain functions behind the patient server functions. Each checks
//! the session and role, scopes every query to the signed-in clinic and
//! writes the audit log; tests call them directly.

use crate::domain::{ClinicId, PatientId};
use uuid::Uuid;

use super::choices::{EntryFormData, PathwayChoice, QuestionnaireChoice};
use super::records::{PatientDetail, PatientSummary};
use crate::auth::{audit, require, try_audit, RequestMeta};
use crate::domain::AuditOutcome;
use crate::error::ApiError;
use crate::staff::Role;
use crate::state::AppState;

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
pub async fn view_patient(state: &AppState, meta: &RequestMeta, id: PatientId) -> Result<PatientDetail, ApiError> {
    let session = require(state, meta, Role::Clinician, "patient.view").await?;
    match state.store.patient_detail(session.clinic.id, id).await? {
        Some(mut detail) => {
            // Dates and times on the clinic's clock (converted here, so the
            // browser shows what the server rendered).
            let zone = crate::schedule::zone::zone(&state.store.clinic_time_zone(session.clinic.id).await?);
            let on_clock = |at| crate::schedule::zone::on_clock(at, zone);
            detail.responses = state.store.patient_responses(session.clinic.id, id).await?;
            crate::responses::explain_flags(state, session.clinic.id, zone, &mut detail.responses).await?;
            for r in &mut detail.responses {
                r.submitted_at = on_clock(r.submitted_at);
            }
            for h in &mut detail.history {
                h.at = on_clock(h.at);
            }
            detail.patient.created_at = on_clock(detail.patient.created_at);
            for r in &mut detail.respondents {
                r.sms_consent_at = r.sms_consent_at.map(on_clock);
            }
            for e in &mut detail.enrolments {
                e.created_at = on_clock(e.created_at);
            }
            detail.messages = state.store.patient_messages(session.clinic.id, id).await?;
            for m in &mut detail.messages {
                m.created_at = on_clock(m.created_at);
                m.at = m.at.map(on_clock);
            }
            detail.invitations = state.store.patient_invitations(session.clinic.id, id).await?;
            for i in &mut detail.invitations {
                i.sent_at = i.sent_at.map(on_clock);
            }
            detail.open_items = state.store.open_worklist_items(session.clinic.id, id).await?;
            detail.labels = labels(state, session.clinic.id).await?;
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

/// The entry form for one patient: the questionnaire and the patient's
/// invitations it may answer. Reading them is recorded.
pub async fn entry_form(state: &AppState, meta: &RequestMeta, patient: PatientId, questionnaire: &str) -> Result<EntryFormData, ApiError> {
    let session = require(state, meta, Role::Clinician, "response.entry_form").await?;
    let compiled = state.definitions.questionnaire(state.store.as_ref(), session.clinic.id, questionnaire, None).await?.ok_or(ApiError::NotFound)?;
    if state.store.patient_detail(session.clinic.id, patient).await?.is_none() {
        audit(state, &session, "response.entry_form", None, AuditOutcome::Refused, &meta.client, &format!("no patient {patient} in this clinic"))
            .await;
        return Err(ApiError::NotFound);
    }
    let targets = entry_targets_of(state, session.clinic.id, patient, questionnaire).await?;
    // No audit entry, no data.
    try_audit(state, &session, "response.entry_form", Some(patient), AuditOutcome::Ok, &meta.client, "").await?;
    Ok(EntryFormData {
        questionnaire: compiled.questionnaire().clone(),
        submission_key: Uuid::new_v4().to_string(),
        default_target: super::entry_target::default_target(&targets),
        targets,
    })
}

/// The patient's invitations an entry to `questionnaire` may answer today
/// (the clinic's date), as the form offers them and its post checks them.
pub async fn entry_targets_of(
    state: &AppState,
    clinic_id: ClinicId,
    patient: PatientId,
    questionnaire: &str,
) -> Result<Vec<crate::schedule::InvitationRecord>, crate::ports::StoreError> {
    let invitations = state.store.patient_invitations(clinic_id, patient).await?;
    let today = clinic_today(state, clinic_id).await?;
    Ok(super::entry_target::entry_targets(&invitations, questionnaire, today))
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

/// Today on the clinic's calendar: what "in the future" means for an
/// index date or a date of birth, as the rules and the schedule count days.
pub(super) async fn clinic_today(state: &AppState, clinic_id: ClinicId) -> Result<time::Date, crate::ports::StoreError> {
    let zone = state.store.clinic_time_zone(clinic_id).await?;
    Ok(crate::schedule::zone::local_date(state.clock.now(), crate::schedule::zone::zone(&zone)))
}

/// The titles of the clinic's questionnaires, scores and pathways in their
/// newest versions, for pages that would otherwise show ids.
pub async fn labels(state: &AppState, clinic_id: ClinicId) -> Result<crate::labels::Labels, crate::ports::StoreError> {
    let mut labels = crate::labels::Labels::default();
    for c in state.definitions.questionnaires(state.store.as_ref(), clinic_id).await? {
        let q = c.questionnaire();
        labels.questionnaires.insert(q.id.clone(), q.title.clone());
        for s in &q.scores {
            labels.scores.insert(format!("{}/{}", q.id, s.id), s.text.clone());
            if !s.bands.is_empty() {
                labels.score_bands.insert(format!("{}/{}", q.id, s.id), s.bands.clone());
            }
        }
    }
    for (_, p) in state.definitions.pathways(state.store.as_ref(), clinic_id).await? {
        labels.pathways.insert(p.id.clone(), p.title.clone());
        for tp in &p.timepoints {
            labels.timepoints.entry(tp.id.clone()).or_insert_with(|| crate::labels::timepoint(tp));
        }
    }
    Ok(labels)
}
