//! The scheduler: plans invitations for changed enrolments, runs due jobs
//! (each in the transaction that also writes its mails to the outbox) and
//! delivers the outbox. Every step is safe to run in several processes at
//! once against one PostgreSQL: rows are claimed with `SKIP LOCKED`, every
//! mail has a dedupe key, and a delivery is leased so a process that dies
//! after sending leaves the mail to be sent again at most once more.

mod health;

use std::sync::Arc;
use std::time::Duration as StdDuration;

pub use health::{SchedulerHealth, SchedulerStatus};

use app::auth::token::new_token;
use app::schedule::plan::plan;
use std::collections::HashMap;

use app::authoring::MailText;
use app::ports::Outgoing;
use app::ports::StoreError;
use app::schedule::channel::Channel;
use app::schedule::port::{DueJob, PreparedMessage, RenderedJob};
use app::state::AppState;
use time::Duration;

use app::schedule::mail as invitation;

use crate::mail::mask_email;
use crate::sms::mask_number;

/// Jobs run per transaction, and mails taken per delivery round.
const BATCH: i64 = 50;
/// How long a delivery may take before another process may retry it.
const DELIVERY_LEASE: Duration = Duration::minutes(5);
/// Deliveries (or runs of a scheduled job) tried before it is given up
/// (and logged).
const MAX_ATTEMPTS: i64 = 8;

/// When to try again after `attempts` earlier failures: 1, 2, 4, ... 128
/// minutes; `None` (give up) after [`MAX_ATTEMPTS`]. For mail deliveries
/// and scheduled jobs alike.
fn retry_at(attempts: i64, now: time::OffsetDateTime) -> Option<time::OffsetDateTime> {
    (attempts < MAX_ATTEMPTS).then(|| now + Duration::minutes(2_i64.pow(attempts.clamp(0, 10) as u32)))
}

/// What one round did (for logs and tests).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub planned: usize,
    pub jobs: usize,
    pub sent: usize,
    pub failed: usize,
    /// Gaps in frequent reports put on the worklist.
    pub missed: usize,
    /// Messages that failed for good, followed by the next channel.
    pub fell_back: usize,
}

#[derive(Clone)]
pub struct Scheduler {
    state: AppState,
}

impl Scheduler {
    pub fn new(state: AppState) -> Scheduler {
        Scheduler { state }
    }

    /// One full round: plan, run every due job, raise gaps in frequent
    /// reports, deliver the outbox, follow what failed for good by the
    /// next channel (and deliver that).
    ///
    /// Each step runs even when one before it failed: a planning fault must
    /// not hold up due invitations, nor either of them the mail. A failed
    /// step is logged with its cause and retried next round; the round's
    /// result is the first failure, after every step has run.
    pub async fn run_once(&self) -> Result<Round, StoreError> {
        let started = std::time::Instant::now();
        let result = self.round().await;
        metrics::histogram!("svar_scheduler_round_seconds").record(started.elapsed().as_secs_f64());
        if result.is_err() {
            metrics::counter!("svar_scheduler_failed_rounds_total").increment(1);
        }
        result
    }

    async fn round(&self) -> Result<Round, StoreError> {
        let mut first_failure = None;
        let mut failed = |step: &'static str, err: StoreError| {
            // Logged once here; the round's result only counts it.
            app::error::log_failure(&format!("scheduler step {step}"), &err);
            first_failure.get_or_insert(err);
        };
        let mut round = Round::default();
        match self.plan().await {
            Ok(planned) => round.planned = planned,
            Err(err) => failed("planning", err),
        }
        loop {
            match self.run_jobs().await {
                Ok(ran) => {
                    round.jobs += ran;
                    if ran < BATCH as usize {
                        break;
                    }
                }
                Err(err) => {
                    failed("due jobs", err);
                    break;
                }
            }
        }
        match self.raise_missed_reports().await {
            Ok(missed) => round.missed = missed,
            Err(err) => failed("missed reports", err),
        }
        match self.deliver().await {
            Ok((sent, undelivered)) => {
                round.sent = sent;
                round.failed = undelivered;
            }
            Err(err) => failed("mail delivery", err),
        }
        // What failed for good (just now, or reported since the last
        // round) goes out by the next channel in this round.
        match self.fall_back().await {
            Ok(0) => {}
            Ok(followed) => {
                round.fell_back = followed;
                match self.deliver().await {
                    Ok((sent, undelivered)) => {
                        round.sent += sent;
                        round.failed += undelivered;
                    }
                    Err(err) => failed("mail delivery", err),
                }
            }
            Err(err) => failed("fallback", err),
        }
        match self.state.store.prune(self.state.clock.now()).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "expired sessions and links deleted"),
            Err(err) => failed("clean-up", err),
        }
        match first_failure {
            Some(err) => Err(err),
            None => Ok(round),
        }
    }

    /// Runs rounds every `every` until the process stops, recording each
    /// in `health`. Each round runs in a task of its own, which supervises
    /// it: a round that panics (a bug) is logged and counted as a failure,
    /// and the next round runs as usual instead of the loop dying silently.
    pub fn spawn(self, every: StdDuration, health: Arc<SchedulerHealth>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            health.started();
            let _guard = health::LoopGuard(health.clone());
            let mut ticker = tokio::time::interval(every);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let scheduler = self.clone();
                match tokio::spawn(async move { scheduler.run_once().await }).await {
                    Ok(Ok(round)) => {
                        health.succeeded(self.state.clock.now());
                        if round != Round::default() {
                            tracing::info!(?round, "scheduler round");
                        }
                    }
                    // Its failed steps were logged with their causes.
                    Ok(Err(_)) => health.failed(),
                    Err(err) => {
                        health.failed();
                        app::error::log_failure("scheduler round (panicked)", &err);
                    }
                }
            }
        })
    }

    async fn plan(&self) -> Result<usize, StoreError> {
        let store = &self.state.store;
        let mut planned = 0;
        loop {
            let todo = store.enrolments_to_plan(self.state.clock.now(), BATCH).await?;
            let n = todo.len();
            for enrolment in todo {
                let now = self.state.clock.now();
                match self.plan_one(&enrolment, now).await {
                    Ok(()) => planned += 1,
                    Err(err) => {
                        // One enrolment that cannot be planned waits with
                        // back-off; the others behind it are planned now.
                        let retry_at = retry_at(enrolment.planning_attempts, now).unwrap_or(now + Duration::days(1));
                        tracing::error!(enrolment = %enrolment.id, attempts = enrolment.planning_attempts + 1, %retry_at,
                            error = %app::error::error_chain(&err), "planning an enrolment failed; trying it again later");
                        store.postpone_planning(enrolment.id, retry_at).await?;
                    }
                }
            }
            if n < BATCH as usize {
                return Ok(planned);
            }
        }
    }

    async fn plan_one(&self, enrolment: &app::schedule::port::EnrolmentToPlan, now: time::OffsetDateTime) -> Result<(), StoreError> {
        let store = &self.state.store;
        let pathway = self.state.definitions.pathway(store.as_ref(), enrolment.clinic_id, &enrolment.pathway_id).await?;
        let plans = match pathway {
            Some((_, pathway)) => plan(&pathway, enrolment.index_date, now, app::schedule::zone::zone(&enrolment.time_zone)),
            None => {
                // Its pathway file was removed: nothing new can be planned.
                tracing::warn!(enrolment = %enrolment.id, pathway = %enrolment.pathway_id, "unknown pathway");
                Vec::new()
            }
        };
        store.replan(enrolment, &plans, now).await
    }

    /// Runs the due jobs of one batch; a job that fails on its own is tried
    /// again with back-off (over four hours in all), then given up with an
    /// error in the log. An invitation whose mail was given up becomes a
    /// "no response" item on the worklist when its window closes, so the
    /// clinic learns the patient heard nothing. Returns the jobs dealt with.
    async fn run_jobs(&self) -> Result<usize, StoreError> {
        let run = self.run_due_jobs().await?;
        let now = self.state.clock.now();
        for failed in &run.failed {
            let retry = retry_at(failed.attempts, now);
            tracing::error!(job = %failed.job_id, attempts = failed.attempts + 1, gave_up = retry.is_none(),
                error = %app::error::error_chain(&failed.error), "a scheduled job failed");
            self.state.store.postpone_job(failed.job_id, now, retry).await?;
        }
        Ok(run.ran + run.failed.len())
    }

    async fn run_due_jobs(&self) -> Result<app::schedule::port::JobsRun, StoreError> {
        let state = &self.state;
        let renderer = Renderer::read(state).await?;
        let render = |job: &DueJob| renderer.render(job);
        // Drafts of windows closing now are judged by the rules first (that
        // needs the database too); the close jobs store what they raise.
        let now = state.clock.now();
        let unsent = app::responses::assess_closing_drafts(state, now, BATCH).await?;
        state.store.run_due_jobs(now, BATCH, &render, &unsent).await
    }

    /// Messages that failed for good (an SMS refused or reported failed, a
    /// mail given up) are followed at once by the respondent's next
    /// channel (`Reach::after`). Returns how many were.
    async fn fall_back(&self) -> Result<usize, StoreError> {
        let renderer = Renderer::read(&self.state).await?;
        let render = |job: &DueJob| renderer.render(job);
        self.state.store.fall_back(self.state.clock.now(), BATCH, &render).await
    }

    /// Frequent reports that stopped coming reach the worklist at once
    /// (`app::schedule::missed_reports`), after the due jobs so that a
    /// window closing this round is already counted.
    async fn raise_missed_reports(&self) -> Result<usize, StoreError> {
        use app::schedule::missed_reports::gap_to_raise;
        let now = self.state.clock.now();
        let mut raised = 0;
        for series in self.state.store.watched_series().await? {
            let today = app::schedule::zone::local_date(now, app::schedule::zone::zone(&series.time_zone));
            if let Some(since) = gap_to_raise(&series, today) {
                if self.state.store.raise_missed_reports(&series, since, now).await? {
                    raised += 1;
                }
            }
        }
        Ok(raised)
    }

    async fn deliver(&self) -> Result<(usize, usize), StoreError> {
        let (mut sent, mut failed) = (0, 0);
        loop {
            let now = self.state.clock.now();
            // One mail per claim: its lease covers one send (SMTP times out
            // well within it), so another process never takes a mail that is
            // still being sent.
            let batch = self.state.store.claim_outbox(now, now + DELIVERY_LEASE, 1).await?;
            if batch.is_empty() {
                return Ok((sent, failed));
            }
            for item in batch {
                let channel = item.message.channel();
                match self.send(&item).await {
                    Ok(()) => {
                        self.state.store.outbox_sent(item.id, self.state.clock.now()).await?;
                        metrics::counter!("svar_outbox_delivered_total", "channel" => channel).increment(1);
                        sent += 1;
                    }
                    Err(Undelivered::Refused(why)) => {
                        // Sending it again would be refused again: given up now.
                        failed += 1;
                        metrics::counter!("svar_outbox_given_up_total", "channel" => channel).increment(1);
                        tracing::warn!(message = %item.id, channel, to = %masked(&item.message), why = %why, "refused for good; not sent");
                        self.state.store.outbox_rejected(item.id, self.state.clock.now()).await?;
                    }
                    Err(Undelivered::Failed(err)) => {
                        failed += 1;
                        let now = self.state.clock.now();
                        let retry = retry_at(item.attempts, now);
                        metrics::counter!("svar_outbox_failed_total", "channel" => channel).increment(1);
                        if retry.is_none() {
                            metrics::counter!("svar_outbox_given_up_total", "channel" => channel).increment(1);
                        }
                        tracing::warn!(message = %item.id, channel, to = %masked(&item.message), attempts = item.attempts,
                            gave_up = retry.is_none(), error = %app::error::error_chain(err.as_ref()), "not sent");
                        self.state.store.outbox_failed(item.id, now, retry).await?;
                    }
                }
            }
        }
    }
}

/// Renders due jobs' messages. Rendering runs inside the jobs'
/// transaction and cannot wait for the database: what it needs (the newest
/// versions, the clinics' own texts) is read first. A version published
/// meanwhile is used from the next round on.
struct Renderer<'a> {
    state: &'a AppState,
    newest: HashMap<(app::domain::ClinicId, String), Arc<app::engine::Compiled>>,
    texts: HashMap<app::domain::ClinicId, Vec<MailText>>,
    sms_texts: HashMap<app::domain::ClinicId, Vec<app::authoring::SmsText>>,
}

impl<'a> Renderer<'a> {
    async fn read(state: &'a AppState) -> Result<Renderer<'a>, StoreError> {
        let newest = state.definitions.newest_everywhere(state.store.as_ref()).await?;
        let mut texts: HashMap<app::domain::ClinicId, Vec<MailText>> = HashMap::new();
        for (clinic, text) in state.store.mail_texts_everywhere().await? {
            texts.entry(clinic).or_default().push(text);
        }
        let mut sms_texts: HashMap<app::domain::ClinicId, Vec<app::authoring::SmsText>> = HashMap::new();
        for (clinic, text) in state.store.sms_texts_everywhere().await? {
            sms_texts.entry(clinic).or_default().push(text);
        }
        Ok(Renderer { state, newest, texts, sms_texts })
    }

    /// One message per respondent, by the channel that reaches them (for a
    /// fallback: the one after the channel that failed), in the version
    /// the invitation was sent with (or the newest, for a first mail).
    fn render(&self, job: &DueJob) -> RenderedJob {
        let state = self.state;
        let defs = &state.definitions;
        let id = &job.questionnaire_id;
        let q = app::schedule::version_choice::version_for_invitation(
            job.questionnaire_version,
            |v| defs.cached_questionnaire(job.clinic_id, id, v),
            self.newest.get(&(job.clinic_id, id.clone())).cloned(),
            defs.shipped_questionnaire(id).map(|c| (c.questionnaire().version, c)),
        );
        let Some(q) = q else {
            tracing::warn!(job = %job.job_id, "questionnaire of a due invitation is unknown; no mail");
            return RenderedJob::default();
        };
        let gateway = state.sms.is_some();
        let messages = job
            .recipients
            .iter()
            .filter_map(|to| {
                let channel = match job.instead_of {
                    Some(failed) => to.reach.after(failed, gateway)?,
                    None => to.reach.channel(gateway)?,
                };
                let (token, token_hash) = new_token().ok()?;
                let link = format!("{}/p/{token}", state.public_url);
                let message = match (channel, &to.mobile) {
                    (Channel::Sms, Some(mobile)) => {
                        let own_sms = self.sms_texts.get(&job.clinic_id).map(Vec::as_slice).unwrap_or_default();
                        let custom = app::schedule::sms::custom_text(own_sms, job, to.language);
                        Outgoing::Sms(app::schedule::sms::render(job, to, mobile, &job.sms_sender, &link, custom))
                    }
                    _ => {
                        let own = self.texts.get(&job.clinic_id).map(Vec::as_slice).unwrap_or_default();
                        let custom = invitation::custom_text(own, job, to.language);
                        Outgoing::Mail(invitation::render(job, to, &q.questionnaire().title, &link, custom))
                    }
                };
                Some(PreparedMessage { respondent_id: to.respondent_id, token_hash, message })
            })
            .collect();
        let version = job.questionnaire_version.unwrap_or(q.questionnaire().version);
        RenderedJob { questionnaire_version: Some(version), messages }
    }
}

/// Why a message was not delivered.
enum Undelivered {
    /// Refused for good (an SMS the gateway cannot route).
    Refused(String),
    /// Failed this time: tried again later.
    Failed(Box<dyn std::error::Error + Send + Sync>),
}

/// The recipient as a log may show it.
fn masked(message: &Outgoing) -> String {
    match message {
        Outgoing::Mail(mail) => mask_email(&mail.to),
        Outgoing::Sms(sms) => mask_number(&sms.to),
    }
}

impl Scheduler {
    async fn send(&self, item: &app::schedule::port::OutboxMessage) -> Result<(), Undelivered> {
        match &item.message {
            Outgoing::Mail(mail) => self.state.mailer.send(mail).await.map_err(|e| Undelivered::Failed(Box::new(e))),
            Outgoing::Sms(sms) => match &self.state.sms {
                Some(gateway) => gateway.send(item.id, sms).await.map_err(|e| match e {
                    app::ports::SmsError::Rejected(why) => Undelivered::Refused(why),
                    other => Undelivered::Failed(Box::new(other)),
                }),
                // Written while a gateway was set up; none now.
                None => Err(Undelivered::Failed(Box::new(NoGateway))),
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("no SMS gateway is set up (SVAR_KANNEL_SENDSMS_URL)")]
struct NoGateway;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_gives_up_after_the_last_attempt() {
        let now = time::macros::datetime!(2026-12-05 07:00 UTC);
        assert_eq!(retry_at(0, now), Some(now + Duration::minutes(1)));
        assert_eq!(retry_at(3, now), Some(now + Duration::minutes(8)));
        assert_eq!(retry_at(MAX_ATTEMPTS - 1, now), Some(now + Duration::minutes(128)));
        assert_eq!(retry_at(MAX_ATTEMPTS, now), None);
    }
}
