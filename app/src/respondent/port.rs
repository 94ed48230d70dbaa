//! What a respondent's pages need from storage: personal links and their
//! date-of-birth check, answering sessions, drafts and contact requests.

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use crate::domain::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId};
use crate::i18n::Locale;
use crate::ports::{OutgoingMail, StoreError};
use crate::schedule::port::{Draft, InvitationStatus};

/// What a personal link leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTarget {
    pub invitation_id: InvitationId,
    pub respondent_id: RespondentId,
    pub clinic_name: String,
    pub status: InvitationStatus,
    pub expires_at: OffsetDateTime,
    pub verify_birth_date: bool,
    pub birth_date: Date,
    pub birth_date_failures: i64,
    /// The language the clinic recorded for the respondent.
    pub language: Locale,
}

/// A respondent answering one invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerSession {
    pub invitation_id: InvitationId,
    pub respondent_id: RespondentId,
    pub clinic_id: ClinicId,
    pub clinic_name: String,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub enrolment_id: EnrolmentId,
    pub questionnaire_id: String,
    /// Fixed when the invitation was sent (None only for invitations sent
    /// before versions were recorded: the newest version is used).
    pub questionnaire_version: Option<u32>,
    pub status: InvitationStatus,
    pub closes_on: Date,
    /// When the window closes: midnight ending its last day on the
    /// clinic's clock.
    pub closes_at: OffsetDateTime,
    /// The clinic's region: its out-of-hours number in the texts.
    pub region: crate::domain::Region,
    pub expires_at: OffsetDateTime,
}

/// What a respondent sent: the version they answered, their answers, and
/// when the clinic received them.
#[derive(Clone, Debug, PartialEq)]
pub struct AnsweredResponse {
    pub questionnaire_version: u32,
    pub answers: crate::engine::Answers,
    pub submitted_at: OffsetDateTime,
}

#[async_trait]
pub trait RespondentStore: Send + Sync + 'static {
    /// The invitation a link token leads to, if the link exists.
    async fn link_target(&self, token_hash: &[u8]) -> Result<Option<LinkTarget>, StoreError>;
    /// Takes one date-of-birth attempt before the date is compared, so
    /// that guesses sent in parallel are counted too; `None` when none is
    /// left of `limit`. Returns the attempts taken so far.
    async fn take_birth_date_attempt(&self, invitation_id: InvitationId, limit: i64) -> Result<Option<i64>, StoreError>;
    /// Gives an attempt back (the date was right).
    async fn return_birth_date_attempt(&self, invitation_id: InvitationId) -> Result<(), StoreError>;
    async fn create_answer_session(
        &self,
        token_hash: &[u8],
        invitation_id: InvitationId,
        respondent_id: RespondentId,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError>;
    async fn answer_session(&self, token_hash: &[u8], now: OffsetDateTime) -> Result<Option<AnswerSession>, StoreError>;
    /// The flags raised by the response that answered the invitation: rule
    /// id and the questionnaire version whose rules raised it.
    async fn answered_flags(&self, invitation_id: InvitationId) -> Result<Vec<(String, i64)>, StoreError>;
    /// The response that answered the invitation, for the respondent's own
    /// copy of it: only if this respondent sent it themselves (not another
    /// respondent of the patient, not a member entering a paper form).
    async fn answered_response(
        &self,
        invitation_id: InvitationId,
        respondent_id: RespondentId,
        clinic_id: ClinicId,
    ) -> Result<Option<AnsweredResponse>, StoreError>;
    async fn save_draft(
        &self,
        invitation_id: InvitationId,
        respondent_id: RespondentId,
        draft: &Draft,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    async fn draft(&self, invitation_id: InvitationId) -> Result<Option<Draft>, StoreError>;
    /// Puts a contact request on the worklist (once per invitation), and
    /// the clinic's notification (if any) in the outbox, in one transaction.
    async fn request_contact(
        &self,
        invitation_id: InvitationId,
        respondent_id: RespondentId,
        now: OffsetDateTime,
        notification: Option<&OutgoingMail>,
    ) -> Result<(), StoreError>;
}
