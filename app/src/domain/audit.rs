use crate::domain::{ClinicId, PatientId, StaffId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Whether an audited attempt was allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditOutcome {
    Ok,
    Refused,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Ok => "ok",
            AuditOutcome::Refused => "refused",
        }
    }
}

/// One line of the audit log as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub staff_id: Option<StaffId>,
    pub clinic_id: Option<ClinicId>,
    pub patient_id: Option<PatientId>,
    /// What was done, e.g. `patient.view`, `enrolment.create`, `sign_in`.
    pub action: &'static str,
    pub outcome: AuditOutcome,
    /// The client's network address.
    pub client: String,
    /// Extra facts (ids, changed fields); never free text from patients.
    pub detail: String,
}

/// One line of the audit log as read back, with the staff member's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub staff_id: Option<StaffId>,
    pub staff_name: Option<String>,
    pub patient_id: Option<PatientId>,
    pub action: String,
    pub outcome: String,
    pub client: String,
    pub detail: String,
}
