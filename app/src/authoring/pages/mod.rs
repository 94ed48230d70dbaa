//! One module per authoring page, and the editor's parts.
mod home;
mod mail;
mod pathway_editor;
mod preview;
mod questionnaire_editor;
mod rule_test;
mod rules;
mod sms;
mod version;
mod widgets;

pub use home::AuthoringHome;
pub use mail::MailTextsPage;
pub use rule_test::RuleTestPage;
pub use version::VersionPage;
