//! Group commit for submitted responses. One fsync costs about 4 ms on
//! our machines, so a commit per submission caps a database at ~250
//! submissions a second. Instead one writer task per store takes every
//! submission waiting at that moment and stores them in one transaction,
//! commits once and answers every caller (if the batch fails, each is
//! stored on its own, so one bad response fails alone). Nothing is acknowledged before
//! its commit, so durability is unchanged; a lone submission is written at
//! once (no waiting for company).

use std::future::Future;

use app::engine::{Answers, Flag};
use app::ports::{NewResponse, StoreError, StoredResponse};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Most responses in one transaction.
pub const MAX_BATCH: usize = 256;

/// A [`NewResponse`] that can travel to the writer task.
#[derive(Clone, Debug)]
pub struct OwnedResponse {
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub patient_id: Uuid,
    pub enrolment_id: Option<Uuid>,
    pub invitation_id: Option<Uuid>,
    pub questionnaire_id: String,
    pub questionnaire_version: u32,
    pub answers: Answers,
    pub scores: BTreeMap<String, Option<f64>>,
    pub flags: Vec<Flag>,
    pub entry_mode: app::responses::EntryMode,
    pub respondent_id: Option<Uuid>,
    pub entered_by: Option<Uuid>,
    pub submission_key: String,
    pub now: OffsetDateTime,
    pub notification: Option<app::ports::OutgoingMail>,
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
            entry_mode: r.entry_mode,
            respondent_id: r.respondent_id,
            entered_by: r.entered_by,
            submission_key: r.submission_key.to_owned(),
            now: r.now,
            notification: r.notification.cloned(),
        }
    }
}

type Reply = oneshot::Sender<Result<StoredResponse, StoreError>>;

/// The handle callers use; cloning it shares the one writer.
#[derive(Clone, Debug)]
pub struct ResponseWriter {
    queue: mpsc::Sender<(OwnedResponse, Reply)>,
}

impl ResponseWriter {
    /// Starts `writers` writer tasks sharing one queue (one for SQLite,
    /// which has one writer anyway; a few for PostgreSQL, which commits
    /// several transactions at once). `write` stores a batch in one
    /// transaction and returns one result per response, in order.
    pub fn spawn<W, F>(writers: usize, write: W) -> ResponseWriter
    where
        W: Fn(Vec<OwnedResponse>) -> F + Clone + Send + 'static,
        F: Future<Output = Vec<Result<StoredResponse, StoreError>>> + Send,
    {
        let (queue, inbox) = mpsc::channel::<(OwnedResponse, Reply)>(4 * MAX_BATCH);
        let inbox = std::sync::Arc::new(tokio::sync::Mutex::new(inbox));
        for _ in 0..writers.max(1) {
            let (inbox, write) = (inbox.clone(), write.clone());
            tokio::spawn(async move {
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
                    let (responses, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
                    let results = write(responses).await;
                    for (reply, result) in replies.into_iter().zip(results) {
                        // The caller may have gone (client disconnected): its response is stored anyway.
                        let _ = reply.send(result);
                    }
                }
            });
        }
        ResponseWriter { queue }
    }

    pub async fn store(&self, response: OwnedResponse) -> Result<StoredResponse, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((response, reply)).await.map_err(|_| super::unavailable(WriterGone))?;
        answer.await.map_err(|_| super::unavailable(WriterGone))?
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the response writer stopped")]
struct WriterGone;

