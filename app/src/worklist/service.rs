//! The plain functions behind the worklist: list, open an entry, decide,
//! assign. Every read of patient data and every decision is audited.

use crate::domain::{PatientId, StaffId};
use uuid::Uuid;

use super::types::{Colleague, EntryView};
use crate::auth::{audit, require, try_audit, RequestMeta};
use crate::domain::AuditOutcome;
use crate::error::ApiError;
use crate::i18n::t;
use crate::ports::{OutgoingMail, StoreError};
use crate::schedule::port::Recipient;
use crate::staff::Role;
use crate::state::AppState;
use crate::worklist::types::WorklistPage;
use crate::worklist::{EntryKind, NewDecision, Outcome, WorklistFilter, MAX_NOTE_CHARS};

pub async fn worklist(state: &AppState, meta: &RequestMeta, filter: &WorklistFilter) -> Result<WorklistPage, ApiError> {
    let session = require(state, meta, Role::Clinician, "worklist.view").await?;
    let mut page = state.store.worklist(session.clinic.id, session.staff.id, filter).await?;
    page.now = Some(state.clock.now());
    let clinic = session.clinic.id;
    page.questionnaires = state
        .definitions
        .questionnaires(state.store.as_ref(), clinic)
        .await?
        .iter()
        .map(|c| c.questionnaire())
        .map(|q| (q.id.clone(), q.title.da.clone(), q.title.en.clone()))
        .collect();
    page.pathways = state
        .definitions
        .pathways(state.store.as_ref(), clinic)
        .await?
        .iter()
        .map(|(_, p)| (p.id.clone(), p.title.da.clone(), p.title.en.clone()))
        .collect();
    // Names and reasons are patient data: no audit entry, no list.
    try_audit(state, &session, "worklist.view", None, AuditOutcome::Ok, &meta.client, &format!("{} entries", page.entries.len())).await?;
    Ok(page)
}

pub async fn entry(state: &AppState, meta: &RequestMeta, kind: EntryKind, id: Uuid) -> Result<EntryView, ApiError> {
    let session = require(state, meta, Role::Clinician, "worklist.entry.view").await?;
    let Some(facts) = state.store.worklist_entry(session.clinic.id, kind, id).await? else {
        audit(
            state,
            &session,
            "worklist.entry.view",
            None,
            AuditOutcome::Refused,
            &meta.client,
            &format!("no {} {id} in this clinic", kind.as_str()),
        )
        .await;
        return Err(ApiError::NotFound);
    };
    let patient_id = facts.entry.patient_id;
    // Dates and times are shown on the clinic's clock (converted here, so
    // the browser shows what the server rendered).
    let zone = crate::schedule::zone::zone(&state.store.clinic_time_zone(session.clinic.id).await?);
    let on_clock = |at| crate::schedule::zone::on_clock(at, zone);
    let mut responses = state.store.patient_responses(session.clinic.id, patient_id).await?;
    crate::responses::explain_flags(state, session.clinic.id, zone, &mut responses).await?;
    for r in &mut responses {
        r.submitted_at = on_clock(r.submitted_at);
    }
    let colleagues =
        state.store.clinic_staff(session.clinic.id).await?.into_iter().map(|(member, _)| Colleague { id: member.id, name: member.name }).collect();
    // The answers are shown with the texts of the version that was answered.
    let version = facts.response_id.and_then(|id| responses.iter().find(|r| r.id == id)).and_then(|r| u32::try_from(r.questionnaire_version).ok());
    let questionnaire = state
        .definitions
        .questionnaire(state.store.as_ref(), session.clinic.id, &facts.entry.questionnaire_id, version)
        .await?
        .map(|c| c.questionnaire().clone());
    let mut unsent = facts.unsent;
    let closed_on = crate::schedule::zone::local_date(facts.entry.created_at, zone);
    for flag in &mut unsent {
        let version = u32::try_from(flag.questionnaire_version).ok();
        let then = state.definitions.questionnaire(state.store.as_ref(), session.clinic.id, &facts.entry.questionnaire_id, version).await?;
        let q = then.as_ref().map(|c| c.questionnaire());
        flag.reasons = flag.explanation.iter().map(|e| crate::labels::reason(q, e, Some(closed_on))).collect();
    }
    try_audit(state, &session, "worklist.entry.view", Some(patient_id), AuditOutcome::Ok, &meta.client, &format!("{} {id}", kind.as_str())).await?;
    let mut entry = facts.entry;
    entry.created_at = on_clock(entry.created_at);
    let decision = facts.decision.map(|d| crate::worklist::DecisionRecord { decided_at: on_clock(d.decided_at), ..d });
    Ok(EntryView {
        unsent,
        entry,
        response_id: facts.response_id,
        respondent: facts.respondent,
        decision,
        can_message: !facts.recipients.is_empty(),
        questionnaire,
        responses,
        colleagues,
    })
}

/// Why a decision was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("choose what happens")]
    NoOutcome,
    #[error("the note is too long")]
    NoteTooLong,
    #[error("already decided")]
    AlreadyDecided,
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Records what happens; closes the entry; optionally mails the
/// respondents the outcome's message in their language.
pub async fn decide(
    state: &AppState,
    meta: &RequestMeta,
    kind: EntryKind,
    id: Uuid,
    outcome: Option<Outcome>,
    note: &str,
    send_message: bool,
) -> Result<PatientId, DecideError> {
    let session = require(state, meta, Role::Clinician, "worklist.decide").await.map_err(ApiError::from)?;
    let outcome = outcome.ok_or(DecideError::NoOutcome)?;
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(DecideError::NoteTooLong);
    }
    let facts = state.store.worklist_entry(session.clinic.id, kind, id).await.map_err(ApiError::from)?.ok_or(ApiError::NotFound)?;
    let messages: Vec<OutgoingMail> = if send_message {
        facts.recipients.iter().map(|to| decision_mail(to, &facts.clinic_name, &facts.entry.patient_name, outcome)).collect()
    } else {
        Vec::new()
    };
    let decision = NewDecision {
        kind,
        id,
        outcome,
        note: note.to_owned(),
        message_sent: !messages.is_empty(),
        decided_by: session.staff.id,
        now: state.clock.now(),
    };
    // The store fills in the patient and writes the entry with the decision.
    let entry = crate::auth::audit_entry(
        &session,
        "worklist.decide",
        None,
        AuditOutcome::Ok,
        &meta.client,
        &format!("{} {id}: {}{}", kind.as_str(), outcome.as_str(), if messages.is_empty() { "" } else { ", message sent" }),
    );
    match state.store.decide(session.clinic.id, &decision, &messages, &entry).await {
        Ok(patient_id) => Ok(patient_id),
        Err(StoreError::Conflict { .. }) => Err(DecideError::AlreadyDecided),
        Err(err) => Err(ApiError::from(err).into()),
    }
}

pub async fn assign(state: &AppState, meta: &RequestMeta, entry_id: Uuid, to: Option<StaffId>) -> Result<(), ApiError> {
    let session = require(state, meta, Role::Clinician, "worklist.assign").await?;
    let entry = crate::auth::audit_entry(&session, "worklist.assign", None, AuditOutcome::Ok, &meta.client, &format!("{entry_id} to {to:?}"));
    state.store.assign(session.clinic.id, entry_id, to, session.staff.id, state.clock.now(), &entry).await?;
    Ok(())
}

/// The message a decision sends: the clinic, the child's first name and
/// the outcome's standard text. The clinician's note is never sent.
pub fn decision_mail(to: &Recipient, clinic: &str, patient_name: &str, outcome: Outcome) -> OutgoingMail {
    let child = crate::patients::patient::first_name(patient_name);
    let hello = crate::patients::patient::first_name(&to.name);
    let lang = to.language;
    let values: [(&str, &dyn std::fmt::Display); 3] = [("clinic", &clinic), ("child", &child), ("name", &hello)];
    let subject = t::mail::DECISION_SUBJECT.fill(lang, &values);
    let (dear, seen) = (t::mail::DEAR.fill(lang, &values), t::mail::DECISION_SEEN.fill(lang, &values));
    let (message, regards) = (outcome.message().get(lang), t::mail::REGARDS.get(lang));
    let text = format!("{dear},\n\n{seen}\n\n{message}\n\n{regards}\n{clinic}\n");
    OutgoingMail { to: to.email.clone(), subject, text, html: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_decision_mail_is_in_the_respondents_language_without_the_note_or_surname() {
        let to = Recipient::by_email(crate::domain::RespondentId::nil(), "Karen Hansen".into(), "k@example.dk".into(), Locale::En);
        let mail = decision_mail(&to, "Demo ENT", "Ida Marie Hansen", Outcome::CheckUp);
        assert_eq!(mail.subject, "Message from Demo ENT about Ida");
        assert!(mail.text.contains("book a time"));
        assert!(!mail.text.contains("Hansen"));
    }
}
