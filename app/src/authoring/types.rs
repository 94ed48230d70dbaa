//! Versions of questionnaires and pathways authored in the browser, and a
//! clinic's own mail texts.

use crate::domain::{ClinicId, PatientId, StaffId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::i18n::Locale;

/// What a definition is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefinitionKind {
    Questionnaire,
    Pathway,
}

impl DefinitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DefinitionKind::Questionnaire => "questionnaire",
            DefinitionKind::Pathway => "pathway",
        }
    }

    pub fn parse(s: &str) -> Option<DefinitionKind> {
        match s {
            "questionnaire" => Some(DefinitionKind::Questionnaire),
            "pathway" => Some(DefinitionKind::Pathway),
            _ => None,
        }
    }
}

/// A draft can be edited; a published version is frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Published,
}

impl VersionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<VersionStatus> {
        match s {
            "draft" => Some(VersionStatus::Draft),
            "published" => Some(VersionStatus::Published),
            _ => None,
        }
    }
}

/// One stored version of a definition, with its TOML source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionVersion {
    pub id: Uuid,
    pub kind: DefinitionKind,
    pub definition_id: String,
    pub version: u32,
    pub status: VersionStatus,
    /// In the format of the files in `questionnaires/`.
    pub source: String,
    /// Counts the draft's saves.
    pub revision: i64,
    pub based_on: Option<u32>,
    pub created_by_name: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_by_name: Option<String>,
    pub published_at: Option<OffsetDateTime>,
}

/// A draft to create.
#[derive(Clone, Debug)]
pub struct NewDraft<'a> {
    pub clinic_id: ClinicId,
    pub kind: DefinitionKind,
    pub definition_id: &'a str,
    pub version: u32,
    pub based_on: Option<u32>,
    pub source: &'a str,
    pub staff_id: StaffId,
    pub now: OffsetDateTime,
}

/// Which mail a text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Invitation,
    Reminder,
}

impl MailKind {
    pub const ALL: [MailKind; 2] = [MailKind::Invitation, MailKind::Reminder];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::Reminder => "reminder",
        }
    }

    pub fn parse(s: &str) -> Option<MailKind> {
        match s {
            "invitation" => Some(MailKind::Invitation),
            "reminder" => Some(MailKind::Reminder),
            _ => None,
        }
    }
}

/// A clinic's own subject and text for one mail in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailText {
    pub kind: MailKind,
    pub language: Locale,
    pub subject: String,
    pub body: String,
}

/// A clinic's own text for one SMS (invitation or reminder) in one
/// language (`sms_template`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsText {
    pub kind: MailKind,
    pub language: Locale,
    pub body: String,
}

/// A stored response with whose it is, for the dry-run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastRecord {
    pub patient_id: PatientId,
    pub patient_name: String,
    pub response: crate::responses::ResponseRecord,
}
