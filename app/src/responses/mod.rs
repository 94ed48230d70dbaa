//! Responses and their flags: storing a submitted response with its scores
//! and flags in one transaction (shared by the respondents' pages and
//! staff entry), the history rules see, and the clinic's notification of
//! urgent flags.

pub mod history;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
mod reasons;
mod records;
#[cfg(feature = "ssr")]
mod submit;
#[cfg(feature = "ssr")]
mod unsent;

#[cfg(feature = "ssr")]
pub use reasons::explain_flags;
pub use records::{EntryMode, FlagRecord, ResponseRecord};
#[cfg(feature = "ssr")]
pub use submit::{submit, Submission, SubmitError};
#[cfg(feature = "ssr")]
pub use unsent::{assess_closing_drafts, urgent_draft_flags};
