//! Stored responses and their flags, as staff pages show them.

use std::collections::BTreeMap;

use crate::domain::{EnrolmentId, ResponseId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::engine::{Answers, Explained};

/// Who put the answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryMode {
    /// The patient or a parent, through their link.
    Respondent,
    /// Staff, from a paper questionnaire.
    StaffPaper,
    /// Staff, during a phone call.
    StaffPhone,
}

impl EntryMode {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryMode::Respondent => "respondent",
            EntryMode::StaffPaper => "staff_paper",
            EntryMode::StaffPhone => "staff_phone",
        }
    }

    pub fn parse(value: &str) -> Option<EntryMode> {
        match value {
            "respondent" => Some(EntryMode::Respondent),
            "staff_paper" => Some(EntryMode::StaffPaper),
            "staff_phone" => Some(EntryMode::StaffPhone),
            _ => None,
        }
    }
}

/// A flag as stored with its response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagRecord {
    pub id: Uuid,
    pub rule_id: String,
    /// `red`, `yellow`, `contact` or `no_response`.
    pub level: String,
    pub message_da: String,
    pub message_en: String,
    pub explanation: Vec<Explained>,
    pub questionnaire_version: i64,
    pub status: String,
    /// `explanation` in the words of the questionnaire version that raised
    /// the flag, for staff to read (filled by [`super::explain_flags`];
    /// not stored).
    #[serde(default)]
    pub reasons: Vec<crate::engine::LangText>,
}

/// A stored response with its scores and flags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub id: ResponseId,
    pub enrolment_id: Option<EnrolmentId>,
    /// The enrolment's pathway, when the response belongs to one.
    pub pathway_id: Option<String>,
    /// The pathway time point of the invitation it answered (`None` for
    /// responses entered by staff).
    pub timepoint: Option<String>,
    /// The enrolment's index date (the operation), for
    /// `days_since_index()`.
    #[serde(default)]
    pub index_date: Option<time::Date>,
    pub questionnaire_id: String,
    pub questionnaire_version: i64,
    pub answers: Answers,
    pub scores: BTreeMap<String, Option<f64>>,
    pub entry_mode: EntryMode,
    pub entered_by_name: Option<String>,
    pub submitted_at: OffsetDateTime,
    pub flags: Vec<FlagRecord>,
}
