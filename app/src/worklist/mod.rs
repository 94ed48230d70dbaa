//! The specialist's worklist: responses with open flags, contact requests
//! and no-response items, most urgent first; an entry with why it was
//! flagged; decisions and assignment.

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

pub use pages::{WorklistEntryPage, WorklistPage};
// `types::WorklistPage` (a page of rows) is not re-exported: the name is the
// page component's here.
pub use types::{DecisionRecord, EntryKind, NewDecision, Outcome, Urgency, WorklistEntry, WorklistFilter, MAX_NOTE_CHARS, WORKLIST_PAGE};
