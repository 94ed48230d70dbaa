//! SMS gateways behind `app::ports::SmsSender`: Kannel's `sendsms` HTTP
//! interface for real SMS (and in the tests, against Kannel's fake SMS
//! centre), and a folder of text files for development (nothing leaves
//! the machine). Every message asks the gateway to report its delivery to
//! a signed address of its own (`report`). Numbers are masked in logs:
//! they are personal data.

pub mod report;

use std::path::PathBuf;
use std::time::Duration;

use app::ports::{OutgoingSms, SmsError, SmsSender};
use app::schedule::sms_text::cost;
use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

use report::ReportKey;

/// How SMS leave Svar.
pub enum SmsTransport {
    Kannel { client: reqwest::Client, sendsms_url: String, user: String, password: SecretString, reports: Reports },
    Directory { dir: PathBuf, reports: Reports },
}

/// Where delivery reports go: Svar's public address and the key that signs
/// each message's report address.
#[derive(Clone)]
pub struct Reports {
    pub public_url: String,
    pub key: ReportKey,
}

impl Reports {
    /// The report address of outbox message `id`, with Kannel's escape for
    /// the report's type (`%d`) left for the gateway to fill.
    pub fn url(&self, id: uuid::Uuid) -> String {
        format!("{}/hooks/sms/{id}?sig={}&type=%d", self.public_url, self.key.sign(id))
    }
}

/// `+45****5678`: enough to tell messages apart in a log.
pub fn mask_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() < 8 {
        return "***".to_owned();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

fn unavailable(err: impl std::error::Error + Send + Sync + 'static) -> SmsError {
    SmsError::Unavailable(Box::new(err))
}

#[derive(Debug, thiserror::Error)]
#[error("the SMS gateway answered {status}: {body}")]
struct GatewayAnswer {
    status: u16,
    body: String,
}

#[async_trait]
impl SmsSender for SmsTransport {
    async fn send(&self, id: uuid::Uuid, sms: &OutgoingSms) -> Result<(), SmsError> {
        match self {
            SmsTransport::Kannel { client, sendsms_url, user, password, reports } => {
                // Kannel sends GSM-7 unless told otherwise and turns every
                // other character into '?': UCS-2 must be asked for.
                let coding = cost(&sms.text).encoding.kannel_coding().to_string();
                let report = reports.url(id);
                let query = [
                    ("username", user.as_str()),
                    ("password", password.expose_secret()),
                    ("from", sms.sender.as_str()),
                    ("to", sms.to.as_str()),
                    ("text", sms.text.as_str()),
                    ("charset", "UTF-8"),
                    ("coding", coding.as_str()),
                    // Every report: taken by the centre (8), delivered (1),
                    // failed (2), buffered (4), refused (16).
                    ("dlr-mask", "31"),
                    ("dlr-url", report.as_str()),
                ];
                // reqwest's errors print the address, and this one holds the
                // password, the number and the personal link: never logged.
                let response = client.get(sendsms_url).query(&query).send().await.map_err(|e| unavailable(e.without_url()))?;
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                match status {
                    // "0: Accepted for delivery", or "3: Queued for later
                    // delivery" while the centre is away (Kannel keeps it).
                    200..=299 => {}
                    // A message Kannel will never send (a number it cannot
                    // route, a missing receiver): final.
                    400 => return Err(SmsError::Rejected(body)),
                    403 if body.contains("Not routable") => return Err(SmsError::Rejected(body)),
                    // Wrong credentials, or Kannel in trouble: try again later.
                    _ => return Err(unavailable(GatewayAnswer { status, body })),
                }
            }
            SmsTransport::Directory { dir, reports } => {
                tokio::fs::create_dir_all(dir).await.map_err(unavailable)?;
                let name = format!("{}-{}.txt", time::OffsetDateTime::now_utc().unix_timestamp_nanos(), id.simple());
                let file = format!("To: {}\nFrom: {}\nReport: {}\n\n{}\n", sms.to, sms.sender, reports.url(id), sms.text);
                tokio::fs::write(dir.join(name), file).await.map_err(unavailable)?;
            }
        }
        tracing::info!(to = %mask_number(&sms.to), "sms sent");
        Ok(())
    }
}

impl SmsTransport {
    /// From settings: Kannel when `kannel_sendsms_url` is set, else in
    /// development the SMS folder; `None` in production without a gateway
    /// (no SMS: invitations go by e-mail). `key` signs the report addresses.
    pub fn from_settings(settings: &crate::config::Settings, key: ReportKey) -> anyhow::Result<Option<SmsTransport>> {
        let base = settings.sms_report_url.as_deref().unwrap_or(&settings.public_url);
        let reports = Reports { public_url: base.trim_end_matches('/').to_owned(), key };
        match &settings.kannel_sendsms_url {
            Some(url) => {
                let client = reqwest::Client::builder().timeout(Duration::from_secs(15)).build()?;
                Ok(Some(SmsTransport::Kannel {
                    client,
                    sendsms_url: url.clone(),
                    user: settings.kannel_user.clone(),
                    password: settings.kannel_password.clone().unwrap_or_else(|| SecretString::from(String::new())),
                    reports,
                }))
            }
            None if settings.is_development() => Ok(Some(SmsTransport::Directory { dir: settings.sms_dir.clone(), reports })),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_numbers() {
        assert_eq!(mask_number("+4512345678"), "+45****5678");
        assert_eq!(mask_number("123"), "***");
    }

    /// A gateway that cannot be reached: the error (which is logged) names
    /// neither the password, the number nor the link.
    #[tokio::test]
    async fn a_failed_send_says_nothing_of_the_message() {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = closed.local_addr().unwrap().port();
        drop(closed);
        let reports = Reports { public_url: "https://svar.example".to_owned(), key: ReportKey::new(vec![7; 32]) };
        let transport = SmsTransport::Kannel {
            client: reqwest::Client::new(),
            sendsms_url: format!("http://127.0.0.1:{port}/cgi-bin/sendsms"),
            user: "svar".to_owned(),
            password: SecretString::from("hemmelig-kode".to_owned()),
            reports,
        };
        let sms = OutgoingSms { to: "+4520123456".into(), sender: "OreKlinik".into(), text: "Svar her: https://svar.example/p/TOKEN123".into() };
        let err = transport.send(uuid::Uuid::new_v4(), &sms).await.unwrap_err();
        let logged = app::error::error_chain(&err);
        for secret in ["hemmelig-kode", "4520123456", "TOKEN123", "sendsms?"] {
            assert!(!logged.contains(secret), "{secret} in {logged}");
        }
    }

    #[tokio::test]
    async fn directory_transport_writes_the_text_and_its_signed_report_address() {
        let dir = tempfile::tempdir().unwrap();
        let key = ReportKey::new(vec![7; 32]);
        let reports = Reports { public_url: "https://svar.example".to_owned(), key: key.clone() };
        let transport = SmsTransport::Directory { dir: dir.path().join("sms"), reports };
        let sms = OutgoingSms { to: "+4512345678".into(), sender: "OreKlinik".into(), text: "Øreklinikken: svar her".into() };
        let id = uuid::Uuid::new_v4();
        transport.send(id, &sms).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("sms")).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.contains("To: +4512345678") && text.contains("Øreklinikken: svar her"), "{text}");
        assert!(text.contains(&format!("/hooks/sms/{id}?sig={}&type=%d", key.sign(id))), "{text}");
    }
}
