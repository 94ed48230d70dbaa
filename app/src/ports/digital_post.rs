//! Digital Post: a letter to a person's digital mailbox (e-Boks, mit.dk)
//! instead of paper. Defined as a port only, with no adapter: public
//! Digital Post (NgDP) takes letters from public senders only, and a
//! private clinic sends "post from companies" through a provider it has
//! an agreement with. There is no test double of either that could prove
//! an adapter, so none is built or faked (README, "Digital Post").
//!
//! An adapter needs, from the provider: the clinic's sender id (CVR) and
//! certificate, the endpoint, and the recipient's CPR number, which Svar
//! does not keep for respondents (a parent answers for a child): the
//! enrolment would gain it, with its own consent and audit. The letter is
//! a PDF written by [`crate::pdf`], and the outbox row gives it a dedupe
//! key, so a replayed job never sends it twice.

use async_trait::async_trait;

/// One letter to one person's digital mailbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigitalLetter {
    /// The recipient's CPR number (10 digits): how Digital Post finds the
    /// mailbox.
    pub recipient_cpr: String,
    /// The letter's title in the mailbox's list; nothing about health
    /// (it is shown in notifications).
    pub title: String,
    /// The letter as a PDF.
    pub pdf: Vec<u8>,
    /// The outbox message's id: the provider's idempotency key, so a
    /// letter sent again after a crash is delivered once.
    pub id: uuid::Uuid,
}

/// Why a letter did not reach the mailbox.
#[derive(Debug, thiserror::Error)]
pub enum DigitalPostError {
    /// The person has no digital mailbox, or is exempt from Digital Post:
    /// the next rung of the ladder (a paper letter) takes over.
    #[error("the recipient cannot receive Digital Post")]
    NoMailbox,
    /// The provider refused this letter for good.
    #[error("the provider refused the letter: {0}")]
    Rejected(String),
    /// The provider could not be reached: try again later.
    #[error("Digital Post is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Sends letters to digital mailboxes through a provider.
#[async_trait]
pub trait DigitalPost: Send + Sync + 'static {
    async fn send(&self, letter: &DigitalLetter) -> Result<(), DigitalPostError>;
}
