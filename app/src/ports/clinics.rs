//! What Svar keeps about clinics: the clinics themselves and their
//! settings (notification address, time zone, the date-of-birth check).

use async_trait::async_trait;
use time::OffsetDateTime;

use super::errors::StoreError;
use crate::domain::{Clinic, ClinicId, ClinicSlug, NewAuditEntry, NewClinic};

#[async_trait]
pub trait ClinicsStore: Send + Sync + 'static {
    async fn create_clinic(&self, new: &NewClinic, now: OffsetDateTime) -> Result<Clinic, StoreError>;
    async fn clinic_by_slug(&self, slug: &ClinicSlug) -> Result<Option<Clinic>, StoreError>;
    async fn list_clinics(&self) -> Result<Vec<Clinic>, StoreError>;

    /// Where the clinic is notified of red flags and contact requests.
    async fn clinic_notify_email(&self, clinic_id: ClinicId) -> Result<Option<String>, StoreError>;
    async fn set_clinic_notify_email(
        &self,
        clinic_id: ClinicId,
        email: Option<&str>,
        audit: &NewAuditEntry,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;

    /// The clinic's time zone (IANA name): its calendar and clock.
    async fn clinic_time_zone(&self, clinic_id: ClinicId) -> Result<String, StoreError>;
    /// Sets it (a name the schedule's `known_zone` accepted); invitations
    /// already planned keep their times, new plans use it.
    async fn set_clinic_time_zone(&self, clinic_id: ClinicId, zone: &str, audit: &NewAuditEntry, now: OffsetDateTime) -> Result<(), StoreError>;

    /// The clinic's region: whose out-of-hours number advice gives.
    async fn clinic_region(&self, clinic_id: ClinicId) -> Result<crate::domain::Region, StoreError>;
    async fn set_clinic_region(
        &self,
        clinic_id: ClinicId,
        region: crate::domain::Region,
        audit: &NewAuditEntry,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;

    /// The sender name on the clinic's SMS, if its admin chose one.
    async fn clinic_sms_sender(&self, clinic_id: ClinicId) -> Result<Option<String>, StoreError>;
    /// Sets it (checked by `sms_text::sender_name_valid`).
    async fn set_clinic_sms_sender(&self, clinic_id: ClinicId, sender: &str, audit: &NewAuditEntry, now: OffsetDateTime) -> Result<(), StoreError>;

    async fn set_verify_birth_date(&self, clinic_id: ClinicId, on: bool) -> Result<(), StoreError>;
}
