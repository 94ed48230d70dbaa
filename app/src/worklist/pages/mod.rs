//! The worklist's pages: the list and one entry.
mod entry;
mod list;

pub use entry::WorklistEntryPage;
pub use list::WorklistPage;
