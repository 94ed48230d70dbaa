//! What parents and patients see: the landing page of a personal link,
//! the questionnaire one page at a time, a review page and a receipt.
//! Every step is a plain form post (`server/src/http/patient_forms.rs`),
//! so all of it works without JavaScript; hydrated, conditions and
//! checks run in the browser as the respondent answers.

pub mod api;
mod display;
mod pages;

pub use display::show as show_answer;
pub use pages::{AnswerPage, LinkPage, ReceiptPage, ReviewPage};
