//! Mail transports behind `app::ports::Mailer`: SMTP (lettre) for real
//! mail, a folder of `.eml` files for development (mail captured locally,
//! nothing leaves the machine), and memory for tests. Addresses are masked
//! in logs: they are personal data.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use app::ports::{MailError, Mailer, OutgoingMail};
use async_trait::async_trait;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How mail leaves Svar.
pub enum MailTransport {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Directory { dir: PathBuf, from: Mailbox },
    Memory(MemoryMailbox),
}

/// Sent mail kept in memory, for tests to read.
#[derive(Clone, Default)]
pub struct MemoryMailbox(Arc<Mutex<Vec<OutgoingMail>>>);

impl MemoryMailbox {
    pub fn sent(&self) -> Vec<OutgoingMail> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

fn mail_error(err: impl std::error::Error + Send + Sync + 'static) -> MailError {
    MailError(Box::new(err))
}

/// `a***@example.dk`: enough to tell messages apart in a log.
pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

fn build(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let to: Mailbox = mail.to.parse().map_err(mail_error)?;
    let builder = Message::builder().from(from.clone()).to(to).subject(mail.subject.clone());
    let message = match &mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text.clone(), html.clone())),
        None => builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.text.clone())),
    };
    message.map_err(mail_error)
}

#[async_trait]
impl Mailer for MailTransport {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        match self {
            MailTransport::Smtp { transport, from } => {
                transport.send(build(from, mail)?).await.map_err(mail_error)?;
            }
            MailTransport::Directory { dir, from } => {
                let message = build(from, mail)?;
                tokio::fs::create_dir_all(dir).await.map_err(mail_error)?;
                let name = format!("{}-{}.eml", time::OffsetDateTime::now_utc().unix_timestamp_nanos(), uuid::Uuid::new_v4().simple());
                tokio::fs::write(dir.join(name), message.formatted()).await.map_err(mail_error)?;
            }
            MailTransport::Memory(mailbox) => {
                if let Ok(mut sent) = mailbox.0.lock() {
                    sent.push(mail.clone());
                }
            }
        }
        tracing::info!(to = %mask_email(&mail.to), "mail sent");
        Ok(())
    }
}

impl MailTransport {
    /// From settings: SMTP when `smtp_url` is set, else the mail folder.
    pub fn from_settings(settings: &crate::config::Settings) -> anyhow::Result<MailTransport> {
        let from: Mailbox = settings.mail_from.parse().map_err(|e| anyhow::anyhow!("invalid setting SVAR_MAIL_FROM: {e}"))?;
        match &settings.smtp_url {
            Some(url) => {
                let url = secrecy::ExposeSecret::expose_secret(url);
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| anyhow::anyhow!("invalid setting SVAR_SMTP_URL (the value is not shown: it may hold a password)"))?
                    .build();
                Ok(MailTransport::Smtp { transport, from })
            }
            None => Ok(MailTransport::Directory { dir: settings.mail_dir.clone(), from }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_addresses() {
        assert_eq!(mask_email("anne@klinik.dk"), "a***@klinik.dk");
        assert_eq!(mask_email("nonsense"), "***");
    }

    #[tokio::test]
    async fn directory_transport_writes_a_message_file() {
        let dir = tempfile::tempdir().unwrap();
        let transport = MailTransport::Directory { dir: dir.path().join("mail"), from: "Svar <svar@localhost>".parse().unwrap() };
        let mail = OutgoingMail {
            to: "anne@klinik.dk".into(),
            subject: "Nulstil adgangskode".into(),
            text: "Hej Anne".into(),
            html: Some("<p>Hej Anne</p>".into()),
        };
        transport.send(&mail).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("mail")).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.contains("To: anne@klinik.dk"));
        assert!(text.contains("Content-Type: multipart/alternative"));
    }
}
