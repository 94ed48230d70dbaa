//! One module per patient page.
pub mod entry;
pub mod import;
mod list;
mod new_patient;
mod patient;

pub use entry::EntryPage;
pub use import::ImportPage;
pub use list::PatientsPage;
pub use new_patient::NewPatientPage;
pub use patient::{message_item, PatientPage};
