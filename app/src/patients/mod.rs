//! The clinic's patients: registering a patient with the people who answer
//! for them, enrolment in a pathway (and moving, pausing, ending it), the
//! CSV import, the patient page, and staff entry of a response from paper
//! or a phone call.

pub mod api;
mod choices;
pub mod csv_import;
pub mod enrolment;
#[cfg(feature = "ssr")]
pub mod enrolment_change;
#[cfg(feature = "ssr")]
pub mod entry_target;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod import_post;
pub mod pages;
pub mod patient;
#[cfg(feature = "ssr")]
pub mod port;
mod records;
#[cfg(feature = "ssr")]
pub mod service;

pub use choices::{EntryFormData, PathwayChoice, QuestionnaireChoice};
pub use pages::{message_item, EntryPage, ImportPage, NewPatientPage, PatientPage, PatientsPage};
pub use records::{
    EnrolmentChange, EnrolmentEvent, EnrolmentRecord, EnrolmentStatus, MessageRecord, MessageState, PatientDetail, PatientRecord, PatientSummary,
    RespondentRecord,
};
