//! Pieces shared by several pages.
mod language_switch;
mod layout;
mod questionnaire_form;
mod score_chart;

pub use language_switch::LanguageSwitch;
pub use layout::PageLayout;
pub use questionnaire_form::QuestionnaireForm;
pub use score_chart::{ChartPoint, ScoreChart};
