//! The plain functions behind the call list: reading it, logging a call,
//! assigning an invitation's calls. Each checks the session and role,
//! scopes everything to the signed-in clinic and writes the audit log;
//! tests call them directly.

use crate::auth::{audit, require, try_audit, RequestMeta};
use crate::domain::{AuditOutcome, InvitationId, PatientId, StaffId};
use crate::error::ApiError;
use crate::staff::Role;
use crate::state::AppState;

use super::port::NewCallAttempt;
use super::types::{sort_entries, CallEffect, CallList, CallOutcome, MAX_CALL_NOTE_CHARS, QUIET_AFTER_LAST_MESSAGE};

/// The clinic's call list, with each entry's saved answers judged by the
/// rules. Names and phone numbers are patient data: no audit entry, no
/// list.
pub async fn call_list(state: &AppState, meta: &RequestMeta) -> Result<CallList, ApiError> {
    let session = require(state, meta, Role::Clinician, "calls.view").await?;
    let clinic = session.clinic.id;
    let quiet_since = state.clock.now() - QUIET_AFTER_LAST_MESSAGE;
    let stored = state.store.call_list(clinic, quiet_since).await?;
    let zone = crate::schedule::zone::zone(&state.store.clinic_time_zone(clinic).await?);
    let on_clock = |at| crate::schedule::zone::on_clock(at, zone);
    let now = state.clock.now();
    let mut entries = Vec::with_capacity(stored.len());
    for call in stored {
        let mut entry = call.entry;
        if let Some(draft) = &call.draft {
            entry.urgent_draft = crate::responses::urgent_draft_flags(state, draft, now).await?.is_some_and(|(flags, _)| !flags.is_empty());
        }
        for m in &mut entry.messages {
            m.created_at = on_clock(m.created_at);
            m.at = m.at.map(on_clock);
        }
        for a in &mut entry.attempts {
            a.at = on_clock(a.at);
        }
        entries.push(entry);
    }
    sort_entries(&mut entries);
    let colleagues = state.store.clinic_staff(clinic).await?.into_iter().map(|(member, _)| (member.id, member.name)).collect();
    let labels = crate::patients::service::labels(state, clinic).await?;
    // One entry per patient shown (names, numbers, what was sent, calls),
    // so each patient's own trail names this read; written at once, and
    // all committed before anything is shown.
    let mut patients: Vec<PatientId> = entries.iter().map(|e| e.patient_id).collect();
    patients.sort_unstable();
    patients.dedup();
    let mut reads = tokio::task::JoinSet::new();
    for patient in patients {
        let (state, session, client) = (state.clone(), session.clone(), meta.client.clone());
        reads.spawn(async move { try_audit(&state, &session, "calls.view", Some(patient), AuditOutcome::Ok, &client, "call list").await });
    }
    if entries.is_empty() {
        try_audit(state, &session, "calls.view", None, AuditOutcome::Ok, &meta.client, "nobody to call").await?;
    }
    while let Some(read) = reads.join_next().await {
        read.map_err(|_| ApiError::Unavailable)??;
    }
    Ok(CallList { entries, labels, colleagues })
}

/// Why a call was not logged.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("choose how the call went")]
    NoOutcome,
    #[error("the note is too long")]
    NoteTooLong,
    /// "Will answer online", but no respondent has a channel a link can
    /// go by (no e-mail, no SMS with consent): nothing would be sent.
    #[error("nobody can be sent the link")]
    NobodyReachable,
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// What the form does after a call was logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLogged {
    pub patient_id: PatientId,
    pub questionnaire_id: String,
    pub effect: CallEffect,
}

/// Logs a call about an invitation on the clinic's call list. "Will
/// answer online" sends the link again (a reminder now); "answered by
/// phone" leads to the staff entry form.
pub async fn log_call(
    state: &AppState,
    meta: &RequestMeta,
    invitation: InvitationId,
    outcome: Option<CallOutcome>,
    note: &str,
) -> Result<CallLogged, CallError> {
    let session = require(state, meta, Role::Clinician, "calls.log").await.map_err(ApiError::from)?;
    let outcome = outcome.ok_or(CallError::NoOutcome)?;
    let note = note.trim();
    if note.chars().count() > MAX_CALL_NOTE_CHARS {
        return Err(CallError::NoteTooLong);
    }
    let quiet_since = state.clock.now() - QUIET_AFTER_LAST_MESSAGE;
    let Some(target) = state.store.call_target(session.clinic.id, invitation, quiet_since).await.map_err(ApiError::from)? else {
        let detail = format!("invitation {invitation} not on the call list");
        audit(state, &session, "calls.log", None, AuditOutcome::Refused, &meta.client, &detail).await;
        return Err(ApiError::NotFound.into());
    };
    let effect = outcome.effect();
    let gateway = state.sms.is_some();
    if effect == CallEffect::SendLinkAgain && !target.reaches.iter().any(|r| r.channel(gateway).is_some()) {
        return Err(CallError::NobodyReachable);
    }
    let attempt = NewCallAttempt {
        invitation_id: invitation,
        staff_id: session.staff.id,
        outcome,
        note: note.to_owned(),
        at: state.clock.now(),
        send_link_again: effect == CallEffect::SendLinkAgain,
    };
    let detail = format!("invitation {invitation}: {}", outcome.as_str());
    let entry = crate::auth::audit_entry(&session, "calls.log", Some(target.patient_id), AuditOutcome::Ok, &meta.client, &detail);
    state.store.log_call(session.clinic.id, &attempt, quiet_since, &entry).await.map_err(ApiError::from)?;
    Ok(CallLogged { patient_id: target.patient_id, questionnaire_id: target.questionnaire_id, effect })
}

/// Assigns an invitation's calls to a colleague, or to nobody.
pub async fn assign(state: &AppState, meta: &RequestMeta, invitation: InvitationId, to: Option<StaffId>) -> Result<(), ApiError> {
    let session = require(state, meta, Role::Clinician, "calls.assign").await?;
    let quiet_since = state.clock.now() - QUIET_AFTER_LAST_MESSAGE;
    let Some(target) = state.store.call_target(session.clinic.id, invitation, quiet_since).await? else {
        audit(state, &session, "calls.assign", None, AuditOutcome::Refused, &meta.client, &format!("invitation {invitation} not on the call list"))
            .await;
        return Err(ApiError::NotFound);
    };
    let detail = format!("invitation {invitation} to {}", to.map_or_else(|| "nobody".to_owned(), |s| s.to_string()));
    let entry = crate::auth::audit_entry(&session, "calls.assign", Some(target.patient_id), AuditOutcome::Ok, &meta.client, &detail);
    state.store.assign_call(session.clinic.id, invitation, quiet_since, to, session.staff.id, state.clock.now(), &entry).await?;
    Ok(())
}
