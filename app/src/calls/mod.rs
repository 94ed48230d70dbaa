//! The call list: invitations still unanswered after their last automatic
//! message, oldest deadline first, for staff to phone the respondents;
//! every call logged (no answer, voicemail, wrong number, will answer
//! online, answered by phone), an invitation's calls assignable to a
//! colleague, every read and call audited.

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use pages::CallListPage;
pub use types::{CallAttempt, CallEffect, CallEntry, CallList, CallOutcome, CallRespondent, MAX_CALL_NOTE_CHARS};
