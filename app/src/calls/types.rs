//! What the call list shows and what a call attempt records.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::domain::{InvitationId, PatientId, StaffId};
use crate::i18n::{t, Text};
use crate::patients::MessageRecord;

/// The longest note an attempt keeps (a sentence or two: the note is read
/// by the next colleague who calls, not a record of the conversation).
pub const MAX_CALL_NOTE_CHARS: usize = 500;

/// How long an invitation's respondents are left in peace after its last
/// automatic message before it is put on the call list: a parent reminded
/// this morning has not yet had the day to answer, and a call on top of
/// the reminder would only crowd them. Clinically: the follow-up's last
/// reminder goes out on day 7 of a 14-day window, so the clinic has from
/// day 8 to the last day to call.
pub const QUIET_AFTER_LAST_MESSAGE: time::Duration = time::Duration::days(1);

/// How a call went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Nobody answered.
    NoAnswer,
    /// A message was left on the answering machine.
    Voicemail,
    /// The number is not the respondent's (fix it on the patient page).
    WrongNumber,
    /// They will answer online: the link is sent again.
    WillAnswerOnline,
    /// They answered on the phone: staff enter the answers.
    AnsweredByPhone,
}

/// What logging an attempt sets off, beside the log line itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallEffect {
    /// Nothing more: the invitation stays on the list.
    None,
    /// A reminder now, by each respondent's first channel, with a new link.
    SendLinkAgain,
    /// The staff entry form, to write down the answers given on the phone
    /// (it answers the invitation, which then leaves the list).
    EnterAnswers,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 5] =
        [CallOutcome::NoAnswer, CallOutcome::Voicemail, CallOutcome::WrongNumber, CallOutcome::WillAnswerOnline, CallOutcome::AnsweredByPhone];

    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::Voicemail => "voicemail",
            CallOutcome::WrongNumber => "wrong_number",
            CallOutcome::WillAnswerOnline => "will_answer_online",
            CallOutcome::AnsweredByPhone => "answered_by_phone",
        }
    }

    pub fn parse(s: &str) -> Option<CallOutcome> {
        CallOutcome::ALL.into_iter().find(|o| o.as_str() == s.trim())
    }

    /// What staff read.
    pub fn label(self) -> Text {
        match self {
            CallOutcome::NoAnswer => t::calls::OUTCOME_NO_ANSWER,
            CallOutcome::Voicemail => t::calls::OUTCOME_VOICEMAIL,
            CallOutcome::WrongNumber => t::calls::OUTCOME_WRONG_NUMBER,
            CallOutcome::WillAnswerOnline => t::calls::OUTCOME_WILL_ANSWER_ONLINE,
            CallOutcome::AnsweredByPhone => t::calls::OUTCOME_ANSWERED_BY_PHONE,
        }
    }

    pub fn effect(self) -> CallEffect {
        match self {
            CallOutcome::NoAnswer | CallOutcome::Voicemail | CallOutcome::WrongNumber => CallEffect::None,
            CallOutcome::WillAnswerOnline => CallEffect::SendLinkAgain,
            CallOutcome::AnsweredByPhone => CallEffect::EnterAnswers,
        }
    }
}

/// One logged call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallAttempt {
    /// On the clinic's clock.
    pub at: OffsetDateTime,
    pub by: String,
    pub outcome: CallOutcome,
    pub note: String,
}

/// Someone to call about an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRespondent {
    pub name: String,
    pub relation: String,
    /// E.164 (`+4520123456`), if known.
    pub mobile: Option<String>,
}

/// An invitation still unanswered after its last automatic message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEntry {
    pub invitation_id: InvitationId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub questionnaire_id: String,
    /// The window closes at the start of this day (the last day to answer
    /// is the day before).
    pub closes_on: Date,
    pub respondents: Vec<CallRespondent>,
    /// What went out and how it went.
    pub messages: Vec<MessageRecord>,
    /// Answers saved but not sent would raise a red flag or a contact
    /// request: call this one first.
    pub urgent_draft: bool,
    pub attempts: Vec<CallAttempt>,
    pub assigned_to: Option<(StaffId, String)>,
}

/// The call list page's data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CallList {
    /// Oldest deadline first; within a day, an urgent draft first.
    pub entries: Vec<CallEntry>,
    pub labels: crate::labels::Labels,
    pub colleagues: Vec<(StaffId, String)>,
}

/// The order of the list: the window that closes first comes first; on
/// the same day an entry whose saved answers look urgent comes first, then
/// by the patient's name.
pub fn sort_entries(entries: &mut [CallEntry]) {
    entries.sort_by(|a, b| a.closes_on.cmp(&b.closes_on).then(b.urgent_draft.cmp(&a.urgent_draft)).then_with(|| a.patient_name.cmp(&b.patient_name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_and_say_what_follows() {
        for o in CallOutcome::ALL {
            assert_eq!(CallOutcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(CallOutcome::parse("letter"), None);
        assert_eq!(CallOutcome::WillAnswerOnline.effect(), CallEffect::SendLinkAgain);
        assert_eq!(CallOutcome::AnsweredByPhone.effect(), CallEffect::EnterAnswers);
        for o in [CallOutcome::NoAnswer, CallOutcome::Voicemail, CallOutcome::WrongNumber] {
            assert_eq!(o.effect(), CallEffect::None, "{o:?}");
        }
    }

    fn entry(name: &str, closes_on: Date, urgent_draft: bool) -> CallEntry {
        CallEntry {
            invitation_id: InvitationId::nil(),
            patient_id: PatientId::nil(),
            patient_name: name.to_owned(),
            questionnaire_id: "q".to_owned(),
            closes_on,
            respondents: Vec::new(),
            messages: Vec::new(),
            urgent_draft,
            attempts: Vec::new(),
            assigned_to: None,
        }
    }

    #[test]
    fn the_oldest_deadline_first_and_an_urgent_draft_first_within_a_day() {
        use time::macros::date;
        let mut entries = vec![
            entry("Bo", date!(2026 - 12 - 10), false),
            entry("Anna", date!(2026 - 12 - 10), false),
            entry("Carl", date!(2026 - 12 - 10), true),
            entry("Alma", date!(2026 - 12 - 09), false),
        ];
        sort_entries(&mut entries);
        let names: Vec<_> = entries.iter().map(|e| e.patient_name.as_str()).collect();
        assert_eq!(names, ["Alma", "Carl", "Anna", "Bo"]);
    }
}
