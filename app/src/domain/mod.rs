//! Values every feature shares: the ids of what Svar keeps, clinics and their regions, email addresses, the audit log's
//! entries, staff accounts and roles, and the field errors forms show. Each type checks its
//! invariants when it is made ("parse, don't validate"). A feature's own
//! types live in its folder.
mod audit;
mod clinic;
pub mod email;
pub mod form_error;
mod ids;
pub mod person_name;
pub mod phone;
mod region;
pub mod staff;

pub use audit::{AuditEntry, AuditOutcome, NewAuditEntry};
pub use clinic::{Clinic, ClinicName, ClinicSlug, NewClinic};
pub use ids::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId, ResponseId, StaffId};
pub use person_name::PersonName;
pub use phone::MobileNumber;
pub use region::Region;
pub use staff::{NewPassword, Role, StaffEmail, StaffInfo, StaffMember};
