//! Answers saved but never sent. When an invitation's window closes with a
//! draft, its answers are judged by the rules as a submitted response would
//! be (with the same history); what cannot wait (a red flag, a contact
//! request) goes with the no-response item on the worklist and the clinic
//! is notified. Clinically: a parent who answered "more than 14 days of
//! discharge" and never pressed send has still told the clinic; the child
//! must not be missed for a button. Yellow flags are left out: a draft may
//! be half done, and the entry already says nothing was sent. An unusual
//! number the respondent was asked about and never confirmed (182 kg where
//! 40 to 180 is expected) is left out too: it was never accepted, and a
//! typo must not call a patient in.

use time::OffsetDateTime;
use uuid::Uuid;

use super::history::{history_for, InEnrolment, PastDefinitions};
use super::submit::notification;
use crate::engine::{Completeness, Flag, FlagLevel};
use crate::ports::StoreError;
use crate::schedule::port::{ClosingDraft, UnsentDraft, UnsentDrafts};
use crate::state::AppState;

/// Judges the drafts of the invitations whose window closes in this
/// round (read before the round's jobs run, which store what is found).
pub async fn assess_closing_drafts(state: &AppState, now: OffsetDateTime, limit: i64) -> Result<UnsentDrafts, StoreError> {
    let mut out = UnsentDrafts::new();
    for draft in state.store.closing_drafts(now, limit).await? {
        let Some((flags, questionnaire_version)) = urgent_draft_flags(state, &draft, now).await? else { continue };
        if flags.is_empty() {
            continue;
        }
        let item_id = Uuid::new_v4();
        let notice = notification(state, draft.clinic_id, &format!("/staff/worklist/no_response/{item_id}"), &flags).await?;
        out.insert(draft.invitation_id, UnsentDraft { item_id, questionnaire_version, flags, notice });
    }
    Ok(out)
}

/// What a saved draft's answers would raise that cannot wait (red flags
/// and contact requests), judged as a submitted response would be, with
/// the version it was answered in; `None` when that version is unknown.
/// Also what the call list shows as "the saved answers look urgent".
pub async fn urgent_draft_flags(state: &AppState, draft: &ClosingDraft, now: OffsetDateTime) -> Result<Option<(Vec<Flag>, i64)>, StoreError> {
    let q = state.definitions.questionnaire(state.store.as_ref(), draft.clinic_id, &draft.questionnaire_id, draft.questionnaire_version).await?;
    let Some(q) = q else { return Ok(None) };
    let earlier = state.store.patient_responses(draft.clinic_id, draft.patient_id).await?;
    let definitions = PastDefinitions::load(state, draft.clinic_id, &earlier).await?;
    let index_date = state.store.enrolment_index_date(draft.clinic_id, draft.enrolment_id).await?;
    let enrolment = InEnrolment { id: draft.enrolment_id, index_date };
    let history = history_for(&q, Some(enrolment), &earlier, &definitions, definitions.day(now));
    // An answer that is not valid is left out, as it would be refused,
    // and so is an unusual number that was not confirmed.
    let mut answers = draft.draft.answers.clone();
    for unconfirmed in q.unconfirmed(&answers, &draft.draft.confirmed) {
        answers.remove(&unconfirmed.item);
    }
    let answers = q.validate(&answers, &history, Completeness::Draft).answers;
    let flags = q.evaluate(&answers, &history).flags.into_iter().filter(|f| matches!(f.level, FlagLevel::Red | FlagLevel::Contact)).collect();
    Ok(Some((flags, i64::from(q.questionnaire().version))))
}
