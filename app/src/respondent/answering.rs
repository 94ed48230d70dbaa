//! Answering an invitation: the questionnaire page by page, a draft saved
//! on every page change (so the respondent can stop and resume on another
//! device), a contact request at any time, and the final submit. Plain
//! functions over [`AppState`]; the form handlers and server functions
//! are thin wrappers.

use http::HeaderMap;

use super::port::AnswerSession;
use crate::engine::form::{answers_from_form, replace_page, replace_page_confirmed};
use crate::engine::{AnswerError, Answers, Compiled, Completeness, History};
use crate::ports::StoreError;
use crate::responses::port::StoredResponse;
use crate::responses::EntryMode;
use crate::responses::{submit, Submission, SubmitError};
use crate::schedule::port::{Draft, InvitationStatus};
use crate::state::AppState;

/// Why the respondent cannot answer right now.
#[derive(Debug, thiserror::Error)]
pub enum JourneyError {
    /// No session, or it ran out: open the link from the email again.
    #[error("no answering session")]
    NoSession,
    /// The invitation was answered (by this or another respondent).
    #[error("already answered")]
    Answered,
    /// The window closed or the enrolment ended.
    #[error("closed")]
    Closed,
    #[error("the questionnaire is not available")]
    UnknownQuestionnaire,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A respondent's session with its questionnaire and draft.
#[derive(Debug)]
pub struct Answering {
    pub session: AnswerSession,
    /// The version the invitation was sent with.
    pub questionnaire: std::sync::Arc<Compiled>,
    pub draft: Draft,
}

/// The session of the request's cookie, if it is live. Answered and
/// closed invitations are reported as such (the receipt page needs the
/// session of an answered one: see [`session`]).
pub async fn session(state: &AppState, headers: &HeaderMap) -> Result<AnswerSession, JourneyError> {
    let token = super::links::session_token(headers).ok_or(JourneyError::NoSession)?;
    let hash = crate::auth::token::hash_token(&token);
    state.store.answer_session(&hash, state.clock.now()).await?.ok_or(JourneyError::NoSession)
}

/// The session, questionnaire and draft of an invitation that can be
/// answered now.
pub async fn answering(state: &AppState, headers: &HeaderMap) -> Result<Answering, JourneyError> {
    let session = session(state, headers).await?;
    match session.status {
        InvitationStatus::Open => {}
        InvitationStatus::Answered => return Err(JourneyError::Answered),
        _ => return Err(JourneyError::Closed),
    }
    if session.closes_at <= state.clock.now() {
        return Err(JourneyError::Closed);
    }
    let questionnaire = state
        .definitions
        .questionnaire(state.store.as_ref(), session.clinic_id, &session.questionnaire_id, session.questionnaire_version)
        .await?
        .ok_or(JourneyError::UnknownQuestionnaire)?;
    let draft = state.store.draft(session.invitation_id).await?.unwrap_or_default();
    Ok(Answering { session, questionnaire, draft })
}

/// Indexes of the pages the respondent sees with these answers: a page
/// whose condition is not met, or whose items are all hidden, is skipped.
pub fn visible_pages(q: &Compiled, answers: &Answers) -> Vec<usize> {
    let visible = q.visible_items(answers, &History::default());
    q.questionnaire().pages.iter().enumerate().filter(|(_, page)| page.items.iter().any(|i| visible.contains(&i.id))).map(|(n, _)| n).collect()
}

/// Problems with the answers on one page (all of them when `page` is
/// None), in the questionnaire's order: answers that are missing or
/// wrong, and unusual numbers not yet confirmed.
pub fn page_errors(q: &Compiled, draft: &Draft, page: Option<usize>) -> Vec<AnswerError> {
    let validation = q.validate(&draft.answers, &History::default(), Completeness::Final);
    let on_page = |e: &AnswerError| match page.and_then(|p| q.questionnaire().pages.get(p)) {
        Some(p) => p.items.iter().any(|i| i.id == e.item),
        None => true,
    };
    let mut errors: Vec<AnswerError> = validation.errors.into_iter().chain(q.unconfirmed(&draft.answers, &draft.confirmed)).filter(on_page).collect();
    let order: Vec<&str> = q.questionnaire().items().map(|i| i.id.as_str()).collect();
    errors.sort_by_key(|e| order.iter().position(|id| *id == e.item));
    errors
}

/// Replaces the answers to the items of page `page`, and the respondent's
/// confirmations of unusual numbers there, with those in the posted
/// fields, keeping every other page's.
pub fn merge_page(q: &Compiled, draft: &Draft, page: usize, fields: &[(String, String)]) -> Draft {
    let answers = replace_page(q.questionnaire(), &draft.answers, page, &answers_from_form(q.questionnaire(), fields));
    let confirmed = replace_page_confirmed(q.questionnaire(), &draft.confirmed, page, &answers, fields);
    Draft { answers, confirmed }
}

/// Saves one page's answers into the draft; returns the merged answers
/// and the problems on that page (the draft is saved either way, so
/// nothing typed is lost).
pub async fn save_page(state: &AppState, a: &Answering, page: usize, fields: &[(String, String)]) -> Result<(Draft, Vec<AnswerError>), JourneyError> {
    let merged = merge_page(&a.questionnaire, &a.draft, page, fields);
    state.store.save_draft(a.session.invitation_id, a.session.respondent_id, &merged, state.clock.now()).await?;
    let errors = page_errors(&a.questionnaire, &merged, Some(page));
    Ok((merged, errors))
}

/// "I want to be contacted": on the worklist at once, and the
/// questionnaire's contact item (if it has one) is answered yes.
pub async fn request_contact(state: &AppState, a: &Answering, draft: &Draft) -> Result<Answers, JourneyError> {
    let now = state.clock.now();
    let mut draft = draft.clone();
    if let Some(item) = &a.questionnaire.questionnaire().contact_item {
        draft.answers.insert(item.clone(), crate::engine::AnswerValue::Bool(true));
    }
    state.store.save_draft(a.session.invitation_id, a.session.respondent_id, &draft, now).await?;
    let notification = state.store.clinic_notify_email(a.session.clinic_id).await?.map(|to| {
        use crate::responses::notify::{clinic_notification, Urgent};
        clinic_notification(&to, &state.public_url, "/staff/worklist?level=contact", Urgent::ContactRequest)
    });
    state.store.request_contact(a.session.invitation_id, a.session.respondent_id, now, notification.as_ref()).await?;
    Ok(draft.answers)
}

/// Submits the draft: validated, scored and checked against the rules
/// with the patient's history, stored with its flags, the invitation
/// answered, all in one transaction. One response per invitation however
/// often this is called. An unusual number the respondent has not
/// confirmed keeps the draft from being sent, as a missing answer does.
pub async fn submit_draft(state: &AppState, a: &Answering) -> Result<StoredResponse, SubmitError> {
    let unconfirmed = a.questionnaire.unconfirmed(&a.draft.answers, &a.draft.confirmed);
    if !unconfirmed.is_empty() {
        return Err(SubmitError::Invalid { answers: a.draft.answers.clone(), errors: unconfirmed });
    }
    let key = format!("invitation:{}", a.session.invitation_id);
    submit(
        state,
        Submission {
            audit: None,
            clinic_id: a.session.clinic_id,
            patient_id: a.session.patient_id,
            enrolment_id: Some(a.session.enrolment_id),
            invitation_id: Some(a.session.invitation_id),
            questionnaire: &a.questionnaire,
            answers: a.draft.answers.clone(),
            entry_mode: EntryMode::Respondent,
            respondent_id: Some(a.session.respondent_id),
            entered_by: None,
            submission_key: &key,
        },
    )
    .await
}

/// The receipt of an answered invitation: the clinic, who answered, and
/// the advice of the rules the answers raised, red before yellow, each
/// once. Read from the questionnaire version whose rules raised the flag.
pub async fn receipt(state: &AppState, session: AnswerSession) -> Result<crate::respondent::Receipt, JourneyError> {
    use crate::engine::model::RuleLevel;
    let questionnaire = state
        .definitions
        .questionnaire(state.store.as_ref(), session.clinic_id, &session.questionnaire_id, session.questionnaire_version)
        .await?
        .ok_or(JourneyError::UnknownQuestionnaire)?;
    let mut advice = Vec::new();
    for (rule_id, version) in state.store.answered_flags(session.invitation_id).await? {
        let version = u32::try_from(version).ok();
        let Some(raised_by) = state.definitions.questionnaire(state.store.as_ref(), session.clinic_id, &session.questionnaire_id, version).await?
        else {
            continue;
        };
        let rules = &raised_by.questionnaire().rules;
        if let Some((index, rule)) = rules.iter().enumerate().find(|(_, r)| r.id == rule_id) {
            if let Some(text) = &rule.advice {
                let urgency = if rule.level == RuleLevel::Red { 0 } else { 1 };
                advice.push((urgency, index, text.clone()));
            }
        }
    }
    advice.sort_by_key(|(urgency, index, _)| (*urgency, *index));
    // The out-of-hours number of the clinic's own region.
    let phone = session.region.out_of_hours_phone();
    let mut texts: Vec<crate::engine::LangText> = Vec::new();
    for (_, _, text) in advice {
        let text = text.with_out_of_hours(phone);
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    let copy_available = state.store.answered_response(session.invitation_id, session.respondent_id, session.clinic_id).await?.is_some();
    Ok(crate::respondent::Receipt {
        clinic_name: session.clinic_name,
        respondent: questionnaire.questionnaire().respondent,
        advice: texts,
        copy_available,
    })
}
