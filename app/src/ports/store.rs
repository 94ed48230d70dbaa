//! The storage port: everything Svar keeps, behind one trait assembled
//! from each feature's own port, with a SQLite and a PostgreSQL
//! implementation in the server.

use crate::domain::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId, ResponseId, StaffId};
use async_trait::async_trait;
use time::OffsetDateTime;

use super::errors::{Backend, StoreError};
use super::mail::OutgoingMail;
use crate::authoring::port::AuthoringStore;
use crate::domain::{AuditEntry, Clinic, ClinicSlug, NewAuditEntry, NewClinic};
use crate::patients::{PatientDetail, PatientSummary};
use crate::schedule::port::JourneyStore;
use crate::staff::{Role, StaffEmail, StaffMember};
use crate::worklist::port::WorklistStore;

/// Everything Svar keeps, behind one interface with a SQLite and a
/// PostgreSQL implementation.
#[async_trait]
pub trait Store: JourneyStore + WorklistStore + AuthoringStore + Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Checks the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    /// Whether submitted responses can be written: the store's writer is
    /// still taking work (for `/healthz`).
    fn writer_running(&self) -> bool;

    async fn create_clinic(&self, new: &NewClinic, now: OffsetDateTime) -> Result<Clinic, StoreError>;
    async fn clinic_by_slug(&self, slug: &ClinicSlug) -> Result<Option<Clinic>, StoreError>;
    async fn list_clinics(&self) -> Result<Vec<Clinic>, StoreError>;

    // Staff and sign-in.
    async fn create_staff(&self, new: &NewStaff, now: OffsetDateTime) -> Result<StaffMember, StoreError>;
    /// Adds or changes the staff member's role in a clinic.
    async fn set_membership(&self, staff_id: StaffId, clinic_id: ClinicId, role: Role) -> Result<(), StoreError>;
    async fn staff_credentials(&self, email: &StaffEmail) -> Result<Option<StaffCredentials>, StoreError>;
    /// The clinics a staff member belongs to and their role in each.
    async fn memberships(&self, staff_id: StaffId) -> Result<Vec<(Clinic, Role)>, StoreError>;
    async fn clinic_staff(&self, clinic_id: ClinicId) -> Result<Vec<(StaffMember, Role)>, StoreError>;
    async fn set_password(&self, staff_id: StaffId, password_hash: &str, must_change: bool) -> Result<(), StoreError>;
    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;
    /// The live session with this token hash, if it has not expired and
    /// its holder still belongs to the clinic.
    async fn session(&self, token_hash: &[u8], now: OffsetDateTime) -> Result<Option<StaffSession>, StoreError>;
    async fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError>;
    /// Ends every session of a staff member except, optionally, one.
    async fn delete_sessions_of(&self, staff_id: StaffId, except: Option<&[u8]>) -> Result<(), StoreError>;
    async fn record_sign_in_failure(&self, keys: &[String], now: OffsetDateTime) -> Result<(), StoreError>;
    async fn sign_in_failures_since(&self, key: &str, since: OffsetDateTime) -> Result<i64, StoreError>;
    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError>;
    /// Deletes what has served its purpose (see `Retention`): expired staff
    /// and answering sessions, old failed sign-ins, expired reset links and
    /// personal links long past their window. Returns the rows deleted.
    async fn prune(&self, now: OffsetDateTime) -> Result<u64, StoreError>;

    // Audit log: append and read, nothing else.
    async fn append_audit(&self, entry: &NewAuditEntry, now: OffsetDateTime) -> Result<(), StoreError>;
    async fn audit_for_patient(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<AuditEntry>, StoreError>;
    async fn recent_audit(&self, clinic_id: ClinicId, limit: i64) -> Result<Vec<AuditEntry>, StoreError>;

    // Password reset links: only the token's hash is stored; a link works once.
    async fn create_password_reset(
        &self,
        token_hash: &[u8],
        staff_id: StaffId,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Marks the reset used and returns whose it is, if it is unused and
    /// not expired.
    async fn use_password_reset(&self, token_hash: &[u8], now: OffsetDateTime) -> Result<Option<StaffId>, StoreError>;
    /// Makes every unused reset link of the account stop working.
    async fn expire_password_resets(&self, staff_id: StaffId, now: OffsetDateTime) -> Result<(), StoreError>;
    /// Creates an account with its role in a clinic, in one transaction.
    /// `audit` is written in the same transaction (its detail names the
    /// new account), as with every change below that takes one: neither
    /// the change nor its audit entry is kept without the other.
    async fn create_staff_in_clinic(
        &self,
        new: &NewStaff,
        clinic_id: ClinicId,
        role: Role,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<StaffMember, StoreError>;

    // Patients and enrolments, always within one clinic.
    /// Creates the patients, their respondents and enrolments in one
    /// transaction: all or nothing. A likely duplicate of an existing
    /// patient (or of an earlier one in the batch) is a
    /// [`StoreError::Duplicate`] naming the batch position.
    async fn enrol(&self, batch: &EnrolmentBatch<'_>) -> Result<Vec<Enrolled>, StoreError>;
    async fn list_patients(&self, clinic_id: ClinicId) -> Result<Vec<PatientSummary>, StoreError>;
    async fn patient_detail(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Option<PatientDetail>, StoreError>;
    /// Stores a response and its flags in one transaction. A second call
    /// with the same submission key stores nothing and names the first.
    async fn store_response(&self, response: &NewResponse<'_>) -> Result<StoredResponse, StoreError>;
    /// The patient's responses with their flags, oldest first.
    async fn patient_responses(&self, clinic_id: ClinicId, patient_id: PatientId) -> Result<Vec<crate::responses::ResponseRecord>, StoreError>;
    /// The patient an enrolment of the clinic belongs to.
    async fn enrolment_patient(&self, clinic_id: ClinicId, enrolment_id: EnrolmentId) -> Result<Option<PatientId>, StoreError>;
    /// Applies a change to an enrolment of the clinic and records it;
    /// returns the patient's id. An ended enrolment cannot change
    /// ([`StoreError::Conflict`] on `status`).
    async fn change_enrolment(
        &self,
        clinic_id: ClinicId,
        enrolment_id: EnrolmentId,
        change: &crate::patients::EnrolmentChange,
        staff_id: StaffId,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<PatientId, StoreError>;
}

/// New enrolments for one clinic, made by one staff member.
#[derive(Clone, Debug)]
pub struct EnrolmentBatch<'a> {
    pub clinic_id: ClinicId,
    pub staff_id: StaffId,
    pub pathway_id: &'a str,
    pub enrolments: &'a [crate::patients::enrolment::NewEnrolment],
    pub now: OffsetDateTime,
    /// Written once per enrolment, in the same transaction, with its
    /// patient and enrolment filled in.
    pub audit: &'a NewAuditEntry,
}

/// Ids of what one enrolment created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enrolled {
    pub patient_id: PatientId,
    pub enrolment_id: EnrolmentId,
}

/// A staff account to create; the password is already hashed.
#[derive(Clone, Debug)]
pub struct NewStaff {
    pub email: StaffEmail,
    pub name: String,
    pub password_hash: String,
    pub must_change_password: bool,
}

/// What sign-in needs to check a password.
#[derive(Clone, Debug)]
pub struct StaffCredentials {
    pub staff: StaffMember,
    pub password_hash: String,
}

/// A session to store: only the hash of the cookie's token.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: Vec<u8>,
    pub staff_id: StaffId,
    pub clinic_id: ClinicId,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A signed-in staff member acting in one clinic with one role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSession {
    pub staff: StaffMember,
    pub clinic: Clinic,
    pub role: Role,
    pub expires_at: OffsetDateTime,
}

/// A validated, evaluated response to store.
#[derive(Clone, Debug)]
pub struct NewResponse<'a> {
    /// Chosen by the caller, so a notification can link to it.
    pub id: ResponseId,
    pub clinic_id: ClinicId,
    pub patient_id: PatientId,
    pub enrolment_id: Option<EnrolmentId>,
    /// The invitation answered, if any: it becomes answered in the same
    /// transaction and its reminders stop.
    pub invitation_id: Option<InvitationId>,
    pub questionnaire_id: &'a str,
    pub questionnaire_version: u32,
    pub answers: &'a crate::engine::Answers,
    pub scores: &'a std::collections::BTreeMap<String, Option<f64>>,
    pub flags: &'a [crate::engine::Flag],
    /// A free-text item was answered (the worklist shows a marker).
    pub has_comment: bool,
    pub entry_mode: crate::responses::EntryMode,
    pub respondent_id: Option<RespondentId>,
    pub entered_by: Option<StaffId>,
    pub submission_key: &'a str,
    pub now: OffsetDateTime,
    /// Mail for the clinic (a red flag or contact request arrived), sent
    /// only if this response is new.
    pub notification: Option<&'a OutgoingMail>,
    /// Written in the response's transaction if the response is new, with
    /// the patient and "response <id> (<entry mode>)" filled in.
    pub audit: Option<&'a NewAuditEntry>,
}

/// What storing a response did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredResponse {
    New(ResponseId),
    /// The same form was submitted before; this is the response it stored.
    AlreadyStored(ResponseId),
}
