//! The patient journey: planning invitations from a pathway, and what a
//! respondent does with a personal link (open it, answer page by page,
//! review, submit, ask to be contacted).

#[cfg(feature = "ssr")]
pub mod answering;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod plan;

/// Name of the cookie that holds an answering session.
pub const ANSWER_COOKIE: &str = "svar_answer";
