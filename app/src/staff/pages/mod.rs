//! One module per staff page.
mod audit;
pub mod entry;
mod fields;
mod home;
pub mod import;
mod members;
mod new_patient;
mod password;
mod patient;
mod patients;
mod reset;
mod sign_in;
mod worklist;
mod worklist_entry;

pub use audit::AuditPage;
pub use entry::EntryPage;
pub use home::StaffHome;
pub use import::ImportPage;
pub use members::MembersPage;
pub use new_patient::NewPatientPage;
pub use password::PasswordPage;
pub use patient::PatientPage;
pub use patients::PatientsPage;
pub use reset::{ForgotPage, ResetPage};
pub use sign_in::SignInPage;
pub use worklist::WorklistPage;
pub use worklist_entry::WorklistEntryPage;
