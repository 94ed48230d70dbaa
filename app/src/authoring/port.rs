//! What authoring needs from storage: versions of questionnaires and
//! pathways (drafts and frozen published versions), the responses a draft
//! is dry-run on, and a clinic's mail texts.

use crate::domain::{ClinicId, StaffId};
use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

pub use crate::authoring::PastRecord;
use crate::authoring::{DefinitionKind, DefinitionVersion, MailKind, MailText, NewDraft, SmsText};
use crate::domain::NewAuditEntry;
use crate::i18n::Locale;
use crate::ports::StoreError;

#[async_trait]
pub trait AuthoringStore: Send + Sync + 'static {
    /// The clinic's versions of one kind (of one definition, if given),
    /// by id and then newest first.
    async fn definition_versions(
        &self,
        clinic_id: ClinicId,
        kind: DefinitionKind,
        definition_id: Option<&str>,
    ) -> Result<Vec<DefinitionVersion>, StoreError>;
    async fn definition_version(
        &self,
        clinic_id: ClinicId,
        kind: DefinitionKind,
        definition_id: &str,
        version: u32,
    ) -> Result<Option<DefinitionVersion>, StoreError>;
    /// The newest published version number of one definition in a clinic.
    async fn newest_published(&self, clinic_id: ClinicId, kind: DefinitionKind, definition_id: &str) -> Result<Option<u32>, StoreError>;
    /// The newest published version of every definition of a kind, in every
    /// clinic: (clinic, definition id, version).
    async fn newest_published_everywhere(&self, kind: DefinitionKind) -> Result<Vec<(ClinicId, String, u32)>, StoreError>;
    /// A new draft. A second draft of the same definition is a
    /// [`StoreError::Conflict`] on `draft`; a version number already used
    /// one on `version`.
    async fn create_draft(&self, draft: &NewDraft<'_>, audit: &NewAuditEntry) -> Result<DefinitionVersion, StoreError>;
    /// Replaces a draft's source if it is still at `revision` (the one the
    /// change was made from): else, or if it is not a draft of the clinic,
    /// a [`StoreError::Conflict`] on `revision`. Saving adds one to it.
    async fn save_draft_source(
        &self,
        clinic_id: ClinicId,
        id: Uuid,
        source: &str,
        revision: i64,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<(), StoreError>;
    async fn discard_draft(&self, clinic_id: ClinicId, id: Uuid, audit: &NewAuditEntry, now: OffsetDateTime) -> Result<(), StoreError>;
    /// Freezes a draft if its source is still `checked_source` (else a
    /// [`StoreError::Conflict`] on `status`). For a pathway with `replan`,
    /// the clinic's active enrolments in it are planned again (pending
    /// invitations follow the new time points) in the same transaction;
    /// returns how many.
    async fn publish(
        &self,
        clinic_id: ClinicId,
        id: Uuid,
        staff_id: StaffId,
        now: OffsetDateTime,
        checked_source: &str,
        replan: bool,
        audit: &NewAuditEntry,
    ) -> Result<u64, StoreError>;
    /// Active enrolments of the clinic in a pathway (what re-planning touches).
    async fn active_enrolments_in(&self, clinic_id: ClinicId, pathway_id: &str) -> Result<u64, StoreError>;
    /// The clinic's responses of every patient who answered the
    /// questionnaire (the newest `limit` such patients), each patient's
    /// responses oldest first, so history can be rebuilt. No flags.
    async fn dry_run_records(&self, clinic_id: ClinicId, questionnaire_id: &str, limit: i64) -> Result<Vec<PastRecord>, StoreError>;

    async fn mail_texts(&self, clinic_id: ClinicId) -> Result<Vec<MailText>, StoreError>;
    /// Every clinic's mail texts, for the scheduler.
    async fn mail_texts_everywhere(&self) -> Result<Vec<(ClinicId, MailText)>, StoreError>;
    async fn set_mail_text(
        &self,
        clinic_id: ClinicId,
        text: &MailText,
        staff_id: StaffId,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<(), StoreError>;
    async fn sms_texts(&self, clinic_id: ClinicId) -> Result<Vec<SmsText>, StoreError>;
    /// Every clinic's SMS texts, for the scheduler.
    async fn sms_texts_everywhere(&self) -> Result<Vec<(ClinicId, SmsText)>, StoreError>;
    async fn set_sms_text(
        &self,
        clinic_id: ClinicId,
        text: &SmsText,
        staff_id: StaffId,
        now: OffsetDateTime,
        audit: &NewAuditEntry,
    ) -> Result<(), StoreError>;
    /// Back to the built-in SMS text.
    async fn reset_sms_text(
        &self,
        clinic_id: ClinicId,
        kind: MailKind,
        language: Locale,
        audit: &NewAuditEntry,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Back to the built-in text.
    async fn reset_mail_text(
        &self,
        clinic_id: ClinicId,
        kind: MailKind,
        language: Locale,
        audit: &NewAuditEntry,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}
