//! Domain values shared by the server and the browser. Each type checks its
//! invariants when it is made ("parse, don't validate").
mod audit;
pub mod authoring;
mod clinic;
pub mod csv_import;
pub mod email;
pub mod enrolment;
pub mod form_error;
pub mod history;
pub mod mail_template;
mod invitations;
pub mod patient;
mod records;
mod responses;
mod staff;
mod worklist;

pub use authoring::{DefinitionKind, DefinitionVersion, MailKind, MailText, NewDraft, PastRecord, VersionStatus};
pub use audit::{AuditEntry, AuditOutcome, NewAuditEntry};
pub use clinic::{Clinic, ClinicName, ClinicSlug, DomainError, NewClinic};
pub use records::{
    EnrolmentChange, EnrolmentEvent, EnrolmentRecord, EnrolmentStatus, PatientDetail, PatientRecord, PatientSummary,
    RespondentRecord,
};
pub use invitations::{InvitationRecord, InvitationStatus};
pub use responses::{EntryMode, FlagRecord, ResponseRecord};
pub use staff::{NewPassword, Role, StaffEmail, StaffMember};
pub use worklist::{
    DecisionRecord, EntryKind, NewDecision, Outcome, OverviewRow, ScoreMonth, Urgency, WorklistEntry, WorklistFilter, WorklistPage, MAX_NOTE_CHARS,
    WORKLIST_PAGE,
};
