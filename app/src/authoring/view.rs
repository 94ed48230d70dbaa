//! What the authoring pages show, as sent from the server to the browser.
//! Everything here must survive JSON exactly (hydration).

use crate::i18n::t;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::dry_run::DryRun;
use super::report::DraftReport;
use crate::authoring::{DefinitionKind, MailKind, MailText};
use crate::engine::diff::Change;
use crate::engine::{LangText, Occurrence, Pathway, Questionnaire};
use crate::i18n::Locale;

/// Where a version comes from and whether it can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    /// The file shipped in `questionnaires/` (read-only).
    Shipped,
    Draft,
    Published,
}

impl VersionState {
    pub fn label(self) -> crate::i18n::Text {
        match self {
            VersionState::Shipped => t::authoring::VERSION_STATE_SHIPPED,
            VersionState::Draft => t::authoring::VERSION_STATE_DRAFT,
            VersionState::Published => t::authoring::VERSION_STATE_PUBLISHED,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionLine {
    pub version: u32,
    pub state: VersionState,
    pub by: Option<String>,
    pub at: Option<OffsetDateTime>,
}

/// A questionnaire or pathway and its versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DefinitionLine {
    pub kind: DefinitionKind,
    pub id: String,
    pub title: LangText,
    /// The version new invitations use (questionnaires) or that plans
    /// invitations (pathways).
    pub in_use: u32,
    pub draft: Option<u32>,
    /// Newest first.
    pub versions: Vec<VersionLine>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub questionnaires: Vec<DefinitionLine>,
    pub pathways: Vec<DefinitionLine>,
}

/// What the version page asks for besides the version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewOptions {
    /// The preview's language.
    pub preview: Option<Locale>,
    pub dry_run: bool,
    /// Another version to compare with.
    pub compare: Option<u32>,
    /// The timeline's example index date (pathways).
    pub index_date: Option<Date>,
}

/// One version, with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub kind: DefinitionKind,
    pub id: String,
    pub version: u32,
    pub state: VersionState,
    pub in_use: u32,
    pub file_name: String,
    pub source: String,
    /// The model, when the source reads as one.
    pub questionnaire: Option<Questionnaire>,
    pub pathway: Option<Pathway>,
    pub report: DraftReport,
    /// Every version of this definition (for comparing).
    pub versions: Vec<u32>,
    pub compare: Option<(u32, Vec<Change>)>,
    pub dry_run: Option<DryRun>,
    /// A pathway's invitations for an example index date.
    pub timeline: Option<(Date, Vec<Occurrence>)>,
    /// Questionnaires a pathway can name (id, title).
    pub questionnaire_choices: Vec<(String, LangText)>,
    /// Active enrolments a pathway's publishing can re-plan.
    pub active_enrolments: u64,
    pub options: ViewOptions,
    /// A draft's revision, carried by every editor form.
    pub revision: Option<String>,
}

impl VersionView {
    pub fn editable(&self) -> bool {
        self.state == VersionState::Draft
    }

    /// The page's address.
    pub fn path(&self) -> String {
        version_path(self.kind, &self.id, self.version)
    }
}

pub fn version_path(kind: crate::authoring::DefinitionKind, id: &str, version: u32) -> String {
    format!("/staff/authoring/{}/{id}/{version}", kind.as_str())
}

/// One SMS text on the mail texts page: the clinic's own text (or the
/// built-in one), its preview and its price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmsTextView {
    pub kind: MailKind,
    pub language: Locale,
    /// The clinic's own text, if it wrote one.
    pub own: Option<super::SmsText>,
    /// The SMS as a respondent would get it, with example values.
    pub preview: String,
    /// What the count of parts fills in: the clinic's name, and a link as
    /// long as a real one.
    pub clinic_name: String,
    pub example_link: String,
}

/// The mail texts page: per mail and language, the clinic's own text (or
/// the built-in one) and its preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MailTextView {
    pub kind: MailKind,
    pub language: Locale,
    /// The clinic's own text, if it wrote one.
    pub own: Option<MailText>,
    /// Subject and body as a respondent would get them, with example values.
    pub preview_subject: String,
    pub preview_body: String,
}
