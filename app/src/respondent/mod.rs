//! What parents and patients see: the landing page of a personal link,
//! the questionnaire one page at a time, a review page and a receipt, and
//! what happens behind them (opening a link, saving a page, submitting).
//! Every step is a plain form post ([`forms`]), so all of it works without
//! JavaScript; hydrated, conditions and checks run in the browser as the
//! respondent answers.

#[cfg(feature = "ssr")]
pub mod answering;
pub mod api;
#[cfg(feature = "ssr")]
pub mod copy;
mod display;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod links;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;
mod types;

pub use display::show as show_answer;
pub use pages::{AnswerPage, LinkPage, ReceiptPage, ReviewPage};
pub use types::{LinkProblem, Receipt, ANSWER_COOKIE};
