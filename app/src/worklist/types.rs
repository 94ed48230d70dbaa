//! The specialist's worklist: what needs a decision, how urgent it is, and
//! what was decided.

use crate::domain::{PatientId, ResponseId, StaffId};
use crate::i18n::t;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::responses::ResponseRecord;

/// What a worklist entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A response with open flags (all decided together).
    Response,
    /// A respondent asked to be contacted while answering.
    ContactRequest,
    /// An invitation closed without an answer, after its reminders.
    NoResponse,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Response => "response",
            EntryKind::ContactRequest => "contact_request",
            EntryKind::NoResponse => "no_response",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        match s {
            "response" => Some(EntryKind::Response),
            "contact_request" => Some(EntryKind::ContactRequest),
            "no_response" => Some(EntryKind::NoResponse),
            _ => None,
        }
    }
}

pub use crate::engine::Urgency;

/// One line of the worklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorklistEntry {
    pub kind: EntryKind,
    /// The response's id, or the worklist item's.
    pub id: Uuid,
    pub urgency: Urgency,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub questionnaire_id: String,
    /// The pathway time point, when it came from an invitation.
    pub timepoint: Option<String>,
    pub created_at: OffsetDateTime,
    /// The flags' messages (da, en); empty for other kinds.
    pub reasons: Vec<(String, String)>,
    pub assigned_to: Option<String>,
    /// The response has a free-text comment (read it on the entry).
    #[serde(default)]
    pub has_comment: bool,
    /// A gap in frequent reports (`schedule::missed_reports`): the first
    /// day without a report. None for other kinds.
    #[serde(default)]
    pub missed_since: Option<time::Date>,
}

/// Which entries to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistFilter {
    pub urgency: Option<Urgency>,
    pub questionnaire: Option<String>,
    pub pathway: Option<String>,
    /// Closed (decided) entries instead of open ones.
    pub closed: bool,
    /// Only entries assigned to the signed-in staff member.
    pub mine: bool,
    /// 0-based page of [`WORKLIST_PAGE`] entries.
    pub page: u32,
}

pub const WORKLIST_PAGE: u32 = 50;

/// A page of the worklist with the open counts per urgency.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorklistPage {
    /// The server's time, which ages are counted to (the browser's clock
    /// may be wrong, and wasm has no clock of its own here).
    pub now: Option<OffsetDateTime>,
    pub entries: Vec<WorklistEntry>,
    pub counts: Vec<(Urgency, i64)>,
    pub has_more: bool,
    /// What the filters offer: questionnaire and pathway ids with their
    /// titles (da, en).
    #[serde(default)]
    pub questionnaires: Vec<(String, String, String)>,
    #[serde(default)]
    pub pathways: Vec<(String, String, String)>,
}

/// What the specialist decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    CheckUp,
    Video,
    Phone,
    NoAction,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::CheckUp, Outcome::Video, Outcome::Phone, Outcome::NoAction];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::CheckUp => "check_up",
            Outcome::Video => "video",
            Outcome::Phone => "phone",
            Outcome::NoAction => "no_action",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> crate::i18n::Text {
        match self {
            Outcome::CheckUp => t::worklist::OUTCOME_CHECK_UP,
            Outcome::Video => t::worklist::OUTCOME_VIDEO,
            Outcome::Phone => t::worklist::OUTCOME_PHONE,
            Outcome::NoAction => t::worklist::OUTCOME_NO_ACTION,
        }
    }

    /// The message a respondent may be sent about it.
    pub fn message(self) -> crate::i18n::Text {
        match self {
            Outcome::CheckUp => t::worklist::OUTCOME_CHECK_UP_MESSAGE,
            Outcome::Video => t::worklist::OUTCOME_VIDEO_MESSAGE,
            Outcome::Phone => t::worklist::OUTCOME_PHONE_MESSAGE,
            Outcome::NoAction => t::worklist::OUTCOME_NO_ACTION_MESSAGE,
        }
    }
}

/// A decision as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub outcome: Outcome,
    pub note: String,
    pub message_sent: bool,
    pub decided_by: String,
    pub decided_at: OffsetDateTime,
}

/// A decision to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDecision {
    pub kind: EntryKind,
    pub id: Uuid,
    pub outcome: Outcome,
    pub note: String,
    pub message_sent: bool,
    pub decided_by: StaffId,
    pub now: OffsetDateTime,
}

/// Longest note kept with a decision.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A colleague an entry can be assigned to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub id: StaffId,
    pub name: String,
}

/// Everything the entry page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub entry: WorklistEntry,
    pub response_id: Option<ResponseId>,
    /// Who answered: name and relation.
    pub respondent: Option<(String, String)>,
    pub decision: Option<DecisionRecord>,
    /// Whether the respondents can be sent a message.
    pub can_message: bool,
    pub questionnaire: Option<crate::engine::Questionnaire>,
    /// The patient's responses, oldest first (for history and charts).
    pub responses: Vec<ResponseRecord>,
    pub colleagues: Vec<Colleague>,
    /// For a no-response entry: what its answers, saved but never sent,
    /// would have raised, with the reasons in the questionnaire's words.
    #[serde(default)]
    pub unsent: Vec<crate::responses::FlagRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_ranks_red_first_and_round_trips() {
        let mut all = Urgency::ALL.to_vec();
        all.reverse();
        all.sort();
        assert_eq!(all, Urgency::ALL.to_vec());
        for u in Urgency::ALL {
            assert_eq!(Urgency::from_rank(u.rank()), Some(u));
            assert_eq!(Urgency::parse(u.as_str()), Some(u));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
    }
}
