//! Authoring by a clinic's admins, in the browser: questionnaires (pages,
//! items, options, conditions, scores, texts in both languages), flag
//! rules with checks as they are typed, rule tests, a dry-run on past
//! responses, versions with a diff, pathways with a timeline, import and
//! export in the files' own TOML format, and the clinic's mail and SMS
//! texts.
//!
//! A draft is kept as TOML source, the format of `questionnaires/`: every
//! editor form changes the model and writes the source back, so export,
//! import and `svar check` all read one text, and every message about a
//! draft is the message `svar check` would print for that file.

pub mod api;
pub mod dry_run;
pub mod edit;
#[cfg(feature = "ssr")]
pub mod forms;
pub mod mail_template;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;
pub mod sms_template;
#[cfg(feature = "ssr")]
pub mod sms_texts;
mod types;
pub mod view;

pub use types::{DefinitionKind, DefinitionVersion, MailKind, MailText, NewDraft, PastRecord, SmsText, VersionStatus};

pub use pages::{AuthoringHome, MailTextsPage, RuleTestPage, VersionPage};
