//! Sending SMS: what to send and the port the gateways implement, beside
//! the mailer. The outbox holds both (`Outgoing`), so an SMS has a mail's
//! promises: written in the transaction that causes it, leased,
//! deduplicated, retried with back-off.

use async_trait::async_trait;

use super::OutgoingMail;

/// An SMS to send: to a mobile number in E.164 (`+4512345678`), from the
/// clinic's sender name (at most 11 letters and digits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingSms {
    pub to: String,
    pub sender: String,
    pub text: String,
}

/// A message in the outbox, by its channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outgoing {
    Mail(OutgoingMail),
    Sms(OutgoingSms),
}

impl Outgoing {
    /// The channel's name, as the outbox and the metrics write it.
    pub fn channel(&self) -> &'static str {
        match self {
            Outgoing::Mail(_) => "email",
            Outgoing::Sms(_) => "sms",
        }
    }
}

/// Why an SMS did not go out.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The gateway refused this message for good (a number it cannot
    /// route, say): sending it again would fail again.
    #[error("the SMS gateway refused the message: {0}")]
    Rejected(String),
    /// The gateway could not be reached or failed: try again later.
    #[error("the SMS could not be sent")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Sends SMS: through Kannel in production and in the tests, into a
/// folder in development. `id` is the outbox message's: the gateway
/// reports its delivery to an address made for it (and signed, since the
/// gateway does not sign its reports).
#[async_trait]
pub trait SmsSender: Send + Sync + 'static {
    async fn send(&self, id: uuid::Uuid, sms: &OutgoingSms) -> Result<(), SmsError>;
}
