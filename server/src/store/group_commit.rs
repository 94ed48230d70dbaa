//! Group commit for submitted responses and for the audit entries of
//! staff reads. One fsync costs about 4 ms on our machines, so a commit per
//! submission caps a database at ~250 submissions a second, and a commit
//! per page view made concurrent staff pages queue for the write lock.
//! Instead one writer task per store takes every item waiting at that
//! moment and stores them in one transaction, commits once and answers
//! every caller (if the batch fails, each is stored on its own, so one bad
//! item fails alone). Nothing is acknowledged before its commit, so
//! durability is unchanged; a lone item is written at once (no waiting
//! for company).

use std::future::Future;

use app::engine::{Answers, Flag};
use app::ports::StoreError;
use app::responses::port::{NewResponse, StoredResponse};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

/// Most responses in one transaction.
pub const MAX_BATCH: usize = 256;

/// A [`NewResponse`] that can travel to the writer task.
#[derive(Clone, Debug)]
pub struct OwnedResponse {
    pub id: app::domain::ResponseId,
    pub clinic_id: app::domain::ClinicId,
    pub patient_id: app::domain::PatientId,
    pub enrolment_id: Option<app::domain::EnrolmentId>,
    pub invitation_id: Option<app::domain::InvitationId>,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    pub answers: Answers,
    pub scores: BTreeMap<String, Option<f64>>,
    pub flags: Vec<Flag>,
    pub has_comment: bool,
    pub entry_mode: app::responses::EntryMode,
    pub respondent_id: Option<app::domain::RespondentId>,
    pub entered_by: Option<app::domain::StaffId>,
    pub submission_key: String,
    pub now: OffsetDateTime,
    pub notification: Option<app::ports::OutgoingMail>,
    pub audit: Option<app::domain::NewAuditEntry>,
}

impl From<&NewResponse<'_>> for OwnedResponse {
    fn from(r: &NewResponse<'_>) -> Self {
        OwnedResponse {
            id: r.id,
            clinic_id: r.clinic_id,
            patient_id: r.patient_id,
            enrolment_id: r.enrolment_id,
            invitation_id: r.invitation_id,
            questionnaire_id: r.questionnaire_id.to_owned(),
            questionnaire_version: r.questionnaire_version,
            answers: r.answers.clone(),
            scores: r.scores.clone(),
            flags: r.flags.to_vec(),
            has_comment: r.has_comment,
            entry_mode: r.entry_mode,
            respondent_id: r.respondent_id,
            entered_by: r.entered_by,
            submission_key: r.submission_key.to_owned(),
            now: r.now,
            notification: r.notification.cloned(),
            audit: r.audit.cloned(),
        }
    }
}

type Reply<R> = oneshot::Sender<Result<R, StoreError>>;

/// The handle callers use; cloning it shares the one writer. `T` is what
/// is written (a response, an audit entry), `R` what each caller gets back.
pub struct GroupWriter<T, R> {
    queue: mpsc::Sender<(T, Reply<R>)>,
    /// Writer loops still taking work (for `/healthz`).
    running: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Submitted responses, committed in groups.
pub type ResponseWriter = GroupWriter<OwnedResponse, StoredResponse>;

/// Audit entries of staff reads, committed in groups: a page view waits
/// for its entry's commit before it shows anything (no patient data before
/// its read is logged), and concurrent views share one commit instead of
/// queueing for one each.
pub type AuditWriter = GroupWriter<OwnedAuditEntry, ()>;

/// A [`app::domain::NewAuditEntry`] with its time, for the audit writer.
#[derive(Clone, Debug)]
pub struct OwnedAuditEntry {
    pub entry: app::domain::NewAuditEntry,
    pub now: OffsetDateTime,
}

impl<T, R> Clone for GroupWriter<T, R> {
    fn clone(&self) -> Self {
        GroupWriter { queue: self.queue.clone(), running: self.running.clone() }
    }
}

impl<T, R> std::fmt::Debug for GroupWriter<T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupWriter").field("running", &self.running).finish_non_exhaustive()
    }
}

/// Counts a writer loop as running for as long as it lives, however it ends.
struct Running(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Running {
    fn start(count: &std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Running {
        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Running(count.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The names of a writer's two histograms: items per commit, commit time.
#[derive(Clone, Copy, Debug)]
pub struct WriterMetrics {
    pub batch_size: &'static str,
    pub commit_seconds: &'static str,
}

pub const RESPONSE_METRICS: WriterMetrics = WriterMetrics { batch_size: "svar_response_batch_size", commit_seconds: "svar_response_commit_seconds" };
pub const AUDIT_METRICS: WriterMetrics = WriterMetrics { batch_size: "svar_audit_batch_size", commit_seconds: "svar_audit_commit_seconds" };

impl<T: Send + 'static, R: Send + 'static> GroupWriter<T, R> {
    /// Starts `writers` writer tasks sharing one queue (one for SQLite,
    /// which has one writer anyway; a few for PostgreSQL, which commits
    /// several transactions at once). `write` stores a batch in one
    /// transaction and returns one result per item, in order.
    ///
    /// Each batch is written in a task of its own, which supervises it: if
    /// the write panics (a bug), its callers are told their items were
    /// not stored (nothing was committed) and the writer takes the next
    /// batch, instead of dying and leaving every later write to fail.
    pub fn spawn<W, F>(writers: usize, metrics: WriterMetrics, write: W) -> GroupWriter<T, R>
    where
        W: Fn(Vec<T>) -> F + Clone + Send + 'static,
        F: Future<Output = Vec<Result<R, StoreError>>> + Send + 'static,
    {
        let (queue, inbox) = mpsc::channel::<(T, Reply<R>)>(4 * MAX_BATCH);
        let inbox = std::sync::Arc::new(tokio::sync::Mutex::new(inbox));
        let running = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for _ in 0..writers.max(1) {
            let (inbox, write) = (inbox.clone(), write.clone());
            let alive = Running::start(&running);
            tokio::spawn(async move {
                let _alive = alive;
                loop {
                    // Take what is waiting, then let the next writer take the rest.
                    let batch = {
                        let mut inbox = inbox.lock().await;
                        let Some(first) = inbox.recv().await else { return };
                        let mut batch = vec![first];
                        while batch.len() < MAX_BATCH {
                            match inbox.try_recv() {
                                Ok(next) => batch.push(next),
                                Err(_) => break,
                            }
                        }
                        batch
                    };
                    let (items, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
                    metrics::histogram!(metrics.batch_size).record(items.len() as f64);
                    let started = std::time::Instant::now();
                    let written = tokio::spawn(write(items)).await;
                    metrics::histogram!(metrics.commit_seconds).record(started.elapsed().as_secs_f64());
                    let results = match written {
                        Ok(results) => results,
                        Err(err) => {
                            tracing::error!(error = %app::error::error_chain(&err), items = replies.len(), writer = metrics.batch_size, "a writer failed on a batch; its callers are told nothing was stored");
                            replies.iter().map(|_| Err(super::unavailable(WriteFailed))).collect()
                        }
                    };
                    for (reply, result) in replies.into_iter().zip(results) {
                        // The caller may have gone (client disconnected): its item is stored anyway.
                        let _ = reply.send(result);
                    }
                }
            });
        }
        GroupWriter { queue, running }
    }

    /// Writes `item` with whatever else is waiting, and answers once it is
    /// committed (or failed).
    pub async fn store(&self, item: T) -> Result<R, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((item, reply)).await.map_err(|_| super::unavailable(WriterGone))?;
        answer.await.map_err(|_| super::unavailable(WriterGone))?
    }

    /// Whether a writer is still taking work (`/healthz`).
    pub fn running(&self) -> bool {
        self.running.load(std::sync::atomic::Ordering::SeqCst) > 0
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the writer failed on this batch; nothing of it was stored")]
struct WriteFailed;

#[derive(Debug, thiserror::Error)]
#[error("the writer stopped")]
struct WriterGone;

#[cfg(test)]
mod tests {
    use super::*;

    fn response(key: &str) -> OwnedResponse {
        OwnedResponse {
            id: app::domain::ResponseId::random(),
            clinic_id: app::domain::ClinicId::nil(),
            patient_id: app::domain::PatientId::nil(),
            enrolment_id: None,
            invitation_id: None,
            questionnaire_id: "q".to_owned(),
            questionnaire_version: 1,
            answers: Answers::default(),
            scores: BTreeMap::new(),
            flags: Vec::new(),
            has_comment: false,
            entry_mode: app::responses::EntryMode::Respondent,
            respondent_id: None,
            entered_by: None,
            submission_key: key.to_owned(),
            now: OffsetDateTime::UNIX_EPOCH,
            notification: None,
            audit: None,
        }
    }

    /// A write that panics fails its own callers with an error and the
    /// writer goes on: the next submission is stored (before, the one
    /// writer task died and every later submission failed while
    /// `/healthz` said all was well).
    #[tokio::test]
    async fn a_write_that_panics_fails_its_batch_and_the_writer_goes_on() {
        let writer = ResponseWriter::spawn(1, RESPONSE_METRICS, |batch: Vec<OwnedResponse>| async move {
            assert!(batch.iter().all(|r| r.submission_key != "poison"), "a bug in the write");
            batch.iter().map(|r| Ok(StoredResponse::New(r.id))).collect()
        });
        assert!(writer.running());
        let failed = writer.store(response("poison")).await.unwrap_err();
        assert!(app::error::error_chain(&failed).contains("nothing of it was stored"), "{failed:?}");
        let stored = writer.store(response("fine")).await;
        assert!(matches!(stored, Ok(StoredResponse::New(_))), "{stored:?}");
        assert!(writer.running());
    }

    /// What arrives while a commit is under way goes into the next commit
    /// together: three page views waiting behind a slow commit share one.
    #[tokio::test]
    async fn what_waits_during_a_commit_is_committed_together() {
        use std::sync::{Arc, Mutex};
        use tokio::sync::Notify;
        let (started, release, batches) = (Arc::new(Notify::new()), Arc::new(Notify::new()), Arc::new(Mutex::new(Vec::new())));
        let writer: GroupWriter<u32, usize> = GroupWriter::spawn(1, AUDIT_METRICS, {
            let (started, release, batches) = (started.clone(), release.clone(), batches.clone());
            move |batch: Vec<u32>| {
                let (started, release, batches) = (started.clone(), release.clone(), batches.clone());
                async move {
                    if batch == [0] {
                        // A slow commit: held until the test lets it go.
                        started.notify_one();
                        release.notified().await;
                    }
                    let size = batch.len();
                    batches.lock().unwrap().push(batch);
                    (0..size).map(|_| Ok(size)).collect()
                }
            }
        });
        let first = tokio::spawn({
            let writer = writer.clone();
            async move { writer.store(0).await }
        });
        started.notified().await;
        let waiting: Vec<_> = (1..=3)
            .map(|n| {
                let writer = writer.clone();
                tokio::spawn(async move { writer.store(n).await })
            })
            .collect();
        // All three are queued behind the slow commit.
        while writer.queue.capacity() > writer.queue.max_capacity() - 3 {
            tokio::task::yield_now().await;
        }
        release.notify_one();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        for w in waiting {
            assert_eq!(w.await.unwrap().unwrap(), 3, "each is answered after the one commit of all three");
        }
        let batches = batches.lock().unwrap().clone();
        assert_eq!(batches.len(), 2, "{batches:?}");
        assert_eq!(batches[1].len(), 3, "{batches:?}");
    }
}
