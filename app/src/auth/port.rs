//! What sign-in needs from storage: credentials and memberships,
//! sessions, failed attempts and password reset links.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::domain::{Clinic, ClinicId, Role, StaffEmail, StaffId, StaffMember};
use crate::ports::StoreError;

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

#[async_trait]
pub trait AuthStore: Send + Sync + 'static {
    async fn staff_credentials(&self, email: &StaffEmail) -> Result<Option<StaffCredentials>, StoreError>;
    /// The clinics a staff member belongs to and their role in each.
    async fn memberships(&self, staff_id: StaffId) -> Result<Vec<(Clinic, Role)>, StoreError>;
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
    /// Whose an unused, unexpired reset link is, without using it (a new
    /// password is checked against its account before the link is spent).
    async fn password_reset_account(&self, token_hash: &[u8], now: OffsetDateTime) -> Result<Option<StaffMember>, StoreError>;
    /// Makes every unused reset link of the account stop working.
    async fn expire_password_resets(&self, staff_id: StaffId, now: OffsetDateTime) -> Result<(), StoreError>;
}
