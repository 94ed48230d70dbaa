//! What staff accounts need from storage: creating accounts and their
//! roles in clinics, and a clinic's members.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::{ClinicId, NewAuditEntry, Role, StaffEmail, StaffId, StaffMember};
use crate::ports::StoreError;

/// A staff account to create; the password is already hashed.
#[derive(Clone, Debug)]
pub struct NewStaff {
    pub email: StaffEmail,
    /// Checked as a patient's name is: no line breaks or control
    /// characters (a name is written into mails).
    pub name: crate::domain::PersonName,
    pub password_hash: String,
    pub must_change_password: bool,
}

#[async_trait]
pub trait StaffStore: Send + Sync + 'static {
    async fn create_staff(&self, new: &NewStaff, now: OffsetDateTime) -> Result<StaffMember, StoreError>;
    /// Adds or changes the staff member's role in a clinic.
    async fn set_membership(&self, staff_id: StaffId, clinic_id: ClinicId, role: Role) -> Result<(), StoreError>;
    async fn clinic_staff(&self, clinic_id: ClinicId) -> Result<Vec<(StaffMember, Role)>, StoreError>;
    /// Creates an account with its role in a clinic, in one transaction.
    /// `audit` is written in the same transaction (its detail names the
    /// new account), as with every change that takes one: neither the
    /// change nor its audit entry is kept without the other.
    async fn create_staff_in_clinic(
        &self,
        new: &NewStaff,
        clinic_id: ClinicId,
        role: Role,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<StaffMember, StoreError>;
}
