//! Sending mail: what to send and the port the transports implement.

use async_trait::async_trait;

/// An email to send. Text always; HTML too where the message has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("the mail could not be sent")]
pub struct MailError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// Sends email: over SMTP in production, into a folder in development,
/// into memory in tests.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}
