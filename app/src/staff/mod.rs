//! What staff see: sign-in, patients, enrolment, import, staff and the
//! audit log. Pages render on the server; every change is a plain form post
//! (`server/src/http/staff_forms.rs`), so all of it works without
//! JavaScript, and hydration makes navigation quicker.

pub mod api;
pub mod echo;
pub mod layout;
mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod worklist_api;
#[cfg(feature = "ssr")]
pub mod worklist_service;

pub use echo::FormEcho;
pub use layout::ErrorSummary;
pub use pages::entry as pages_entry;
pub use pages::import as pages_import;
pub use pages::{
    AuditPage, EntryPage, ForgotPage, ImportPage, ResetPage, MembersPage, NewPatientPage, PasswordPage, PatientPage, PatientsPage, SignInPage,
    StaffHome, WorklistEntryPage, WorklistPage,
};
