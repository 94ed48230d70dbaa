//! Pieces shared by several pages.
mod echo;
pub mod fields;
mod html;
mod language_switch;
mod layout;
mod questionnaire_form;
mod score_chart;
mod staff_layout;
mod textarea;

pub use echo::{use_form_echo, FormEcho};
pub use html::escape_html;
pub use language_switch::LanguageSwitch;
pub use layout::PageLayout;
pub use questionnaire_form::QuestionnaireForm;
pub use score_chart::{ChartBand, ChartPoint, ScoreChart};
pub use staff_layout::{encode_component, ErrorSummary, StaffFrame};
pub use textarea::textarea_text;
