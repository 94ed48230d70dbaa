//! What the scheduler needs from storage: planning invitations, running
//! due jobs (with the drafts of closing windows), the mail outbox and the
//! clean-up of what has served its purpose.

use crate::domain::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId};
use async_trait::async_trait;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub use super::invitations::{InvitationRecord, InvitationStatus};
use crate::engine::Answers;
use crate::i18n::Locale;
use crate::patients::EnrolmentStatus;
use crate::ports::{Outgoing, OutgoingMail, StoreError};

/// An enrolment whose invitations must be planned again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrolmentToPlan {
    pub id: EnrolmentId,
    pub clinic_id: ClinicId,
    pub pathway_id: String,
    pub index_date: Date,
    pub status: EnrolmentStatus,
    /// Earlier planning attempts that failed (for the back-off).
    pub planning_attempts: i64,
    /// The clinic's time zone (its calendar and clock).
    pub time_zone: String,
}

/// What a call of [`ScheduleStore::run_due_jobs`] did.
#[derive(Debug, Default)]
pub struct JobsRun {
    /// Jobs done (each committed).
    pub ran: usize,
    /// Jobs that failed on their own, with the attempts before this one;
    /// nothing of them was committed, and they stay due until postponed.
    pub failed: Vec<FailedJob>,
}

#[derive(Debug)]
pub struct FailedJob {
    pub job_id: Uuid,
    pub attempts: i64,
    pub error: StoreError,
}

/// What a job does when it is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Open the invitation and mail its link to every respondent.
    Invite,
    /// Mail a new link again if the invitation is still unanswered.
    Remind,
    /// Close the window; unanswered, it becomes a no-response item.
    Close,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Invite => "invite",
            JobKind::Remind => "remind",
            JobKind::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        match s {
            "invite" => Some(JobKind::Invite),
            "remind" => Some(JobKind::Remind),
            "close" => Some(JobKind::Close),
            _ => None,
        }
    }
}

/// One invitation to create, with the jobs that drive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedInvitation {
    pub timepoint: String,
    pub sequence: u32,
    pub questionnaire_id: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// Its time point's missed-report signal (`TimePoint::missed_after_days`).
    pub missed_after_days: Option<u32>,
    pub jobs: Vec<(JobKind, OffsetDateTime)>,
}

/// Someone an invitation goes to, and how they can be reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub respondent_id: RespondentId,
    pub name: String,
    pub email: String,
    pub language: Locale,
    /// E.164 (`+4512345678`).
    pub mobile: Option<String>,
    pub reach: super::channel::Reach,
}

impl Recipient {
    /// Someone reached by e-mail only (a preview, a staff member's mail).
    pub fn by_email(respondent_id: RespondentId, name: String, email: String, language: Locale) -> Recipient {
        let reach = super::channel::Reach { preferred: super::channel::Channel::Email, has_email: true, has_mobile: false, sms_consent: false };
        Recipient { respondent_id, name, email, language, mobile: None, reach }
    }
}

/// A job that is due, with what its mails need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueJob {
    pub job_id: Uuid,
    pub kind: JobKind,
    pub invitation_id: InvitationId,
    pub clinic_id: ClinicId,
    /// The version the invitation was sent with (reminders); None before
    /// it is sent.
    pub questionnaire_version: Option<u32>,
    pub clinic_name: String,
    /// The sender name on the clinic's SMS (`sms::DEFAULT_SENDER` unless
    /// its admin chose one).
    pub sms_sender: String,
    pub patient_name: String,
    pub questionnaire_id: String,
    pub closes_on: Date,
    pub recipients: Vec<Recipient>,
    /// Set when this is a fallback: the job's message by this channel
    /// failed for good, and the respondent's next channel is used
    /// ([`super::channel::Reach::after`]).
    pub instead_of: Option<super::channel::Channel>,
}

/// A mail or SMS rendered for a due job, with the hash of its link's token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedMessage {
    pub respondent_id: RespondentId,
    pub token_hash: Vec<u8>,
    pub message: Outgoing,
}

/// The messages of a due job (one per respondent, by the channel that
/// reaches them), and the questionnaire version they invite to (recorded
/// on the invitation when it is sent).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RenderedJob {
    pub questionnaire_version: Option<u32>,
    pub messages: Vec<PreparedMessage>,
}

/// Renders the messages of a due job (a reminder or an invitation).
pub type RenderMails<'a> = dyn Fn(&DueJob) -> RenderedJob + Send + Sync + 'a;

/// An invitation whose window is about to close with answers saved but
/// never sent (read before the jobs run, to be judged by the rules).
#[derive(Clone, Debug, PartialEq)]
pub struct ClosingDraft {
    pub invitation_id: InvitationId,
    pub clinic_id: ClinicId,
    pub patient_id: PatientId,
    pub enrolment_id: EnrolmentId,
    pub questionnaire_id: String,
    pub questionnaire_version: Option<u32>,
    pub draft: Draft,
}

/// What a respondent has answered so far, saved on every page change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub answers: Answers,
    /// The unusual numbers the respondent confirmed (see
    /// [`crate::engine::Confirmed`]).
    pub confirmed: crate::engine::Confirmed,
}

/// What a closing draft's answers would raise that cannot wait (red flags
/// and contact requests): its no-response item carries them, is ranked by
/// them, and the clinic is notified. `item_id` is the id the item gets, so
/// the notice can link to it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsentDraft {
    pub item_id: Uuid,
    pub questionnaire_version: i64,
    pub flags: Vec<crate::engine::Flag>,
    pub notice: Option<OutgoingMail>,
}

/// Unsent drafts by invitation.
pub type UnsentDrafts = std::collections::HashMap<InvitationId, UnsentDraft>;

/// A mail or SMS taken from the outbox for delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub attempts: i64,
    pub message: Outgoing,
}

#[async_trait]
pub trait ScheduleStore: Send + Sync + 'static {
    /// Enrolments changed since they were last planned, oldest first,
    /// except those whose planning failed and waits for `plan_after`.
    async fn enrolments_to_plan(&self, now: OffsetDateTime, limit: i64) -> Result<Vec<EnrolmentToPlan>, StoreError>;
    /// Planning this enrolment failed: try again at `retry_at`.
    async fn postpone_planning(&self, enrolment_id: EnrolmentId, retry_at: OffsetDateTime) -> Result<(), StoreError>;
    /// Replaces the enrolment's invitations that are not sent yet with
    /// `plans` (skipping time points already sent), or cancels everything
    /// pending when it is paused or ended. Does nothing if the enrolment
    /// changed again since `seen` was read (it is planned next time).
    async fn replan(&self, seen: &EnrolmentToPlan, plans: &[PlannedInvitation], now: OffsetDateTime) -> Result<(), StoreError>;
    /// Runs up to `limit` due jobs in one transaction: invitations open,
    /// mails go into the outbox, windows close. If that fails, each job is
    /// run in a transaction of its own, so one failing job (returned in
    /// [`JobsRun::failed`]) holds up no other.
    /// `unsent`: what the drafts of closing invitations would raise
    /// (see [`ScheduleStore::closing_drafts`]).
    async fn run_due_jobs(&self, now: OffsetDateTime, limit: i64, render: &RenderMails<'_>, unsent: &UnsentDrafts) -> Result<JobsRun, StoreError>;
    /// Open invitations whose window closes in the next `limit` due jobs'
    /// round and that have a saved draft, with its answers.
    async fn closing_drafts(&self, now: OffsetDateTime, limit: i64) -> Result<Vec<ClosingDraft>, StoreError>;
    /// A job failed: run it again at `retry_at`, or give it up (`None`:
    /// marked done with the outcome "failed").
    async fn postpone_job(&self, job_id: Uuid, now: OffsetDateTime, retry_at: Option<OffsetDateTime>) -> Result<(), StoreError>;
    /// Takes up to `limit` messages to deliver, each leased until `lease_until`.
    async fn claim_outbox(&self, now: OffsetDateTime, lease_until: OffsetDateTime, limit: i64) -> Result<Vec<OutboxMessage>, StoreError>;
    /// The message went out (an SMS: the gateway took it): its body (with
    /// the link) is wiped.
    async fn outbox_sent(&self, id: Uuid, now: OffsetDateTime) -> Result<(), StoreError>;
    /// The message could not be sent: try again at `retry_at`, or give up.
    async fn outbox_failed(&self, id: Uuid, now: OffsetDateTime, retry_at: Option<OffsetDateTime>) -> Result<(), StoreError>;
    /// The SMS gateway refused the message for good: given up at once.
    async fn outbox_rejected(&self, id: Uuid, now: OffsetDateTime) -> Result<(), StoreError>;
    /// The gateway reported SMS `id`'s delivery: moved on as
    /// [`super::delivery::Delivery::after`] allows. Returns whether it changed
    /// (false for a repeat, a late report, or no such SMS).
    async fn sms_reported(&self, id: Uuid, report: super::delivery::Delivery, now: OffsetDateTime) -> Result<bool, StoreError>;
    /// Follows up to `limit` messages that failed for good (an SMS refused
    /// or reported failed, a mail given up) by the same message by the
    /// respondent's next channel ([`DueJob::instead_of`]), each in a
    /// transaction of its own, while its invitation is open and the
    /// enrolment active (`job_step::falls_back`). Each failed message is
    /// followed once, whatever happens and however many processes run;
    /// the new message has a dedupe key of its own. Returns how many were
    /// followed by a message.
    async fn fall_back(&self, now: OffsetDateTime, limit: i64, render: &RenderMails<'_>) -> Result<usize, StoreError>;
    /// The key that signs SMS report addresses: made on first use and kept
    /// in the database, the same for every replica.
    async fn sms_report_key(&self) -> Result<Vec<u8>, StoreError>;
    /// The series of frequent reports watched for gaps
    /// (`missed_reports`): active enrolments' repeating time points with
    /// `missed_after_days` that still have an invitation open or planned.
    async fn watched_series(&self) -> Result<Vec<super::missed_reports::WatchedSeries>, StoreError>;
    /// Puts the series' gap from `since` on the worklist, as a no-response
    /// item of its latest sent invitation; nothing if that invitation has
    /// an open one already. Returns whether an item was made.
    async fn raise_missed_reports(&self, series: &super::missed_reports::WatchedSeries, since: Date, now: OffsetDateTime)
        -> Result<bool, StoreError>;
    /// Deletes what has served its purpose (see [`crate::ports::Retention`]):
    /// expired staff and answering sessions, old failed sign-ins, expired
    /// reset links and personal links long past their window. Returns the
    /// rows deleted.
    async fn prune(&self, now: OffsetDateTime) -> Result<u64, StoreError>;
}
