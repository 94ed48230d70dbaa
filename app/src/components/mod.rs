//! Pieces shared by several pages.
mod language_switch;
mod layout;
mod questionnaire_form;

pub use language_switch::LanguageSwitch;
pub use layout::PageLayout;
pub use questionnaire_form::QuestionnaireForm;
