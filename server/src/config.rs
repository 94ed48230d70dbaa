//! Typed settings: defaults, then an optional TOML file, then `SVAR_*`
//! environment variables (and `DATABASE_URL`). Any setting that does not
//! parse stops start-up with a message naming it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Development prints demo passwords and captures mail locally; production
/// does neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// `sqlite://path/to/file.db` or `postgres://user:pass@host/db`.
    pub database_url: SecretString,
    pub listen: SocketAddr,
    /// The address patients and staff reach Svar at, used in emailed links.
    pub public_url: String,
    pub environment: Environment,
    pub questionnaires_dir: PathBuf,
    /// Where the built client (wasm, JS, CSS) and public assets are.
    pub site_root: PathBuf,
    pub db_max_connections: u32,
    /// Seed the demo clinics on start-up (used by `make run`).
    pub demo: bool,
    /// Password of the demo staff (development only); random when unset.
    pub demo_password: Option<SecretString>,
    pub log_format: LogFormat,
    /// `smtp://user:pass@host:587` (STARTTLS: `?tls=required`) or
    /// `smtps://…`; unset in development means mail goes to `mail_dir`.
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    /// Where development mail is written as `.eml` files.
    pub mail_dir: PathBuf,
    /// Kannel's `sendsms` address (`http://127.0.0.1:13013/cgi-bin/sendsms`).
    /// Unset: in development SMS go to `sms_dir` as text files; in
    /// production there is no SMS, and everyone is invited by e-mail.
    pub kannel_sendsms_url: Option<String>,
    /// The `sendsms-user` Svar signs in to Kannel as.
    pub kannel_user: String,
    pub kannel_password: Option<SecretString>,
    /// Where development SMS are written as text files.
    pub sms_dir: PathBuf,
    /// The address Kannel reaches Svar at for delivery reports
    /// (`http://127.0.0.1:3000`); unset: `public_url`. The reports stay off
    /// the public proxy (`deploy/Caddyfile`).
    pub sms_report_url: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Svar runs behind a reverse proxy: client addresses (for sign-in
    /// limits and the audit log) come from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// A token that opens `/metrics` from anywhere (`Authorization: Bearer
    /// …`); without it, only a client on this machine that did not come
    /// through the proxy may read it.
    pub metrics_token: Option<SecretString>,
    /// TLS ends at a reverse proxy in front of Svar, which itself listens on
    /// plain HTTP: cookies are still marked `Secure` and HSTS is sent, and
    /// production accepts an `http://` public URL only with this set.
    pub tls_at_proxy: bool,
    /// Seconds between scheduler rounds (planning, due jobs, mail
    /// delivery); 0 runs no scheduler in this process.
    pub scheduler_interval_secs: u64,
    /// A clock end-to-end tests can move forward (`POST /test/advance`).
    /// Refused in production.
    pub test_clock: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: SecretString::from("sqlite://data/svar.db"),
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: "http://127.0.0.1:3000".to_owned(),
            environment: Environment::Development,
            questionnaires_dir: PathBuf::from("questionnaires"),
            site_root: PathBuf::from("target/site"),
            db_max_connections: 10,
            demo: false,
            demo_password: None,
            log_format: LogFormat::Text,
            smtp_url: None,
            mail_from: "Svar <svar@localhost>".to_owned(),
            mail_dir: PathBuf::from("data/mail"),
            kannel_sendsms_url: None,
            kannel_user: "svar".to_owned(),
            kannel_password: None,
            sms_dir: PathBuf::from("data/sms"),
            sms_report_url: None,
            max_body_bytes: 256 * 1024,
            scheduler_interval_secs: 30,
            test_clock: false,
            trust_proxy: false,
            tls_at_proxy: false,
            metrics_token: None,
        }
    }
}

/// A setting that could not be used, with its name as the user wrote it.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting {setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn invalid(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting: setting.to_owned(), message: message.into() }
}

/// The optional settings file; every key may be left out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    listen: Option<String>,
    public_url: Option<String>,
    environment: Option<Environment>,
    questionnaires_dir: Option<PathBuf>,
    site_root: Option<PathBuf>,
    db_max_connections: Option<u32>,
    demo: Option<bool>,
    log_format: Option<LogFormat>,
    max_body_bytes: Option<usize>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    mail_dir: Option<PathBuf>,
    kannel_sendsms_url: Option<String>,
    kannel_user: Option<String>,
    kannel_password: Option<String>,
    sms_dir: Option<PathBuf>,
    sms_report_url: Option<String>,
    trust_proxy: Option<bool>,
    tls_at_proxy: Option<bool>,
    scheduler_interval_secs: Option<u64>,
    metrics_token: Option<String>,
}

impl Settings {
    /// Reads the file (if given) and then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        Self::load_from(file, |name| std::env::var(name).ok())
    }

    /// Like [`Settings::load`] with the environment given as a function,
    /// so tests need not touch the process environment.
    pub fn load_from(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        let mut public_url_set = false;
        if let Some(path) = file {
            let setting = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| invalid(&setting, e.to_string()))?;
            let f: FileSettings = toml::from_str(&text).map_err(|e| invalid(&setting, e.to_string()))?;
            if let Some(v) = f.database_url {
                settings.database_url = SecretString::from(v);
            }
            if let Some(v) = f.listen {
                settings.listen = parse_addr("listen", &v)?;
            }
            if let Some(v) = f.public_url {
                settings.public_url = v;
                public_url_set = true;
            }
            apply(&mut settings.environment, f.environment);
            apply(&mut settings.questionnaires_dir, f.questionnaires_dir);
            apply(&mut settings.site_root, f.site_root);
            apply(&mut settings.db_max_connections, f.db_max_connections);
            apply(&mut settings.demo, f.demo);
            apply(&mut settings.log_format, f.log_format);
            apply(&mut settings.max_body_bytes, f.max_body_bytes);
            if let Some(v) = f.smtp_url {
                settings.smtp_url = Some(SecretString::from(v));
            }
            apply(&mut settings.mail_from, f.mail_from);
            apply(&mut settings.mail_dir, f.mail_dir);
            if let Some(url) = f.kannel_sendsms_url.filter(|u| !u.is_empty()) {
                settings.kannel_sendsms_url = Some(url);
            }
            apply(&mut settings.kannel_user, f.kannel_user);
            if let Some(password) = f.kannel_password {
                settings.kannel_password = Some(SecretString::from(password));
            }
            apply(&mut settings.sms_dir, f.sms_dir);
            if let Some(url) = f.sms_report_url.filter(|u| !u.is_empty()) {
                settings.sms_report_url = Some(url);
            }
            apply(&mut settings.trust_proxy, f.trust_proxy);
            apply(&mut settings.tls_at_proxy, f.tls_at_proxy);
            apply(&mut settings.scheduler_interval_secs, f.scheduler_interval_secs);
            if let Some(token) = f.metrics_token.filter(|t| !t.is_empty()) {
                settings.metrics_token = Some(SecretString::from(token));
            }
        }

        if let Some(v) = env("SVAR_DATABASE_URL").or_else(|| env("DATABASE_URL")) {
            settings.database_url = SecretString::from(v);
        }
        if let Some(v) = env("SVAR_LISTEN") {
            settings.listen = parse_addr("SVAR_LISTEN", &v)?;
        }
        if let Some(v) = env("SVAR_PUBLIC_URL") {
            settings.public_url = v;
            public_url_set = true;
        }
        if let Some(v) = env("SVAR_ENV") {
            settings.environment = parse_enum("SVAR_ENV", &v)?;
        }
        if let Some(v) = env("SVAR_QUESTIONNAIRES_DIR") {
            settings.questionnaires_dir = PathBuf::from(v);
        }
        if let Some(v) = env("SVAR_SITE_ROOT").or_else(|| env("LEPTOS_SITE_ROOT")) {
            settings.site_root = PathBuf::from(v);
        }
        if let Some(v) = env("SVAR_DB_MAX_CONNECTIONS") {
            settings.db_max_connections = parse_number("SVAR_DB_MAX_CONNECTIONS", &v)?;
        }
        if let Some(v) = env("SVAR_DEMO") {
            settings.demo = parse_bool("SVAR_DEMO", &v)?;
        }
        if let Some(v) = env("SVAR_DEMO_PASSWORD").filter(|v| !v.is_empty()) {
            settings.demo_password = Some(SecretString::from(v));
        }
        if let Some(v) = env("SVAR_LOG_FORMAT") {
            settings.log_format = parse_enum("SVAR_LOG_FORMAT", &v)?;
        }
        if let Some(v) = env("SVAR_SMTP_URL").filter(|v| !v.is_empty()) {
            settings.smtp_url = Some(SecretString::from(v));
        }
        if let Some(v) = env("SVAR_MAIL_FROM") {
            settings.mail_from = v;
        }
        if let Some(v) = env("SVAR_MAIL_DIR") {
            settings.mail_dir = PathBuf::from(v);
        }
        if let Some(v) = env("SVAR_KANNEL_SENDSMS_URL").filter(|v| !v.is_empty()) {
            settings.kannel_sendsms_url = Some(v);
        }
        if let Some(v) = env("SVAR_KANNEL_USER") {
            settings.kannel_user = v;
        }
        if let Some(v) = env("SVAR_KANNEL_PASSWORD") {
            settings.kannel_password = Some(SecretString::from(v));
        }
        if let Some(v) = env("SVAR_SMS_DIR") {
            settings.sms_dir = PathBuf::from(v);
        }
        if let Some(v) = env("SVAR_SMS_REPORT_URL").filter(|v| !v.is_empty()) {
            settings.sms_report_url = Some(v);
        }
        if let Some(v) = env("SVAR_TRUST_PROXY") {
            settings.trust_proxy = parse_bool("SVAR_TRUST_PROXY", &v)?;
        }
        if let Some(v) = env("SVAR_METRICS_TOKEN").filter(|v| !v.is_empty()) {
            settings.metrics_token = Some(SecretString::from(v));
        }
        if let Some(v) = env("SVAR_TLS_AT_PROXY") {
            settings.tls_at_proxy = parse_bool("SVAR_TLS_AT_PROXY", &v)?;
        }
        if let Some(v) = env("SVAR_SCHEDULER_INTERVAL_SECS") {
            settings.scheduler_interval_secs = parse_number("SVAR_SCHEDULER_INTERVAL_SECS", &v)?;
        }
        if let Some(v) = env("SVAR_TEST_CLOCK") {
            settings.test_clock = parse_bool("SVAR_TEST_CLOCK", &v)?;
        }
        if let Some(v) = env("SVAR_MAX_BODY_BYTES") {
            settings.max_body_bytes = parse_number("SVAR_MAX_BODY_BYTES", &v)?;
        }

        if !public_url_set {
            settings.public_url = format!("http://{}", settings.listen);
        }
        settings.validate()?;
        Ok(settings)
    }

    /// Users reach Svar over HTTPS: secure cookies and HSTS.
    pub fn serves_https(&self) -> bool {
        self.public_url.starts_with("https://") || self.tls_at_proxy
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url.expose_secret();
        if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(invalid("DATABASE_URL", "must start with sqlite:// or postgres:// (the value is not shown: it may hold a password)"));
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return Err(invalid("SVAR_PUBLIC_URL", format!("must start with http:// or https://, got {:?}", self.public_url)));
        }
        if self.public_url.ends_with('/') {
            return Err(invalid("SVAR_PUBLIC_URL", "must not end with /"));
        }
        if self.db_max_connections == 0 {
            return Err(invalid("SVAR_DB_MAX_CONNECTIONS", "must be at least 1"));
        }
        if let Some(url) = &self.sms_report_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.ends_with('/') {
                return Err(invalid("SVAR_SMS_REPORT_URL", format!("must start with http:// or https:// and not end with /, got {url:?}")));
            }
        }
        if let Some(url) = &self.kannel_sendsms_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(invalid("SVAR_KANNEL_SENDSMS_URL", format!("must start with http:// or https://, got {url:?}")));
            }
        }
        if self.environment == Environment::Production && self.smtp_url.is_none() {
            return Err(invalid("SVAR_SMTP_URL", "required in production (patients and staff must get their mail)"));
        }
        // Patient data and session cookies never travel unencrypted in
        // production: the address users reach must be https, or TLS must
        // end at a proxy in front of Svar (said so explicitly).
        if self.environment == Environment::Production && !self.public_url.starts_with("https://") && !self.tls_at_proxy {
            return Err(invalid(
                "SVAR_PUBLIC_URL",
                "must start with https:// in production (cookies and patient data travel only over TLS); \
                 if TLS ends at a proxy in front of Svar, give the https address users reach, or set SVAR_TLS_AT_PROXY=true",
            ));
        }
        if self.environment == Environment::Production {
            check_database_tls(url)?;
        }
        if self.test_clock && !self.is_development() {
            return Err(invalid("SVAR_TEST_CLOCK", "only for tests; not allowed in production"));
        }
        if self.max_body_bytes < 1024 {
            return Err(invalid("SVAR_MAX_BODY_BYTES", "must be at least 1024"));
        }
        Ok(())
    }

    pub fn is_development(&self) -> bool {
        self.environment == Environment::Development
    }
}

/// Patient data does not cross a network unencrypted: in production a
/// PostgreSQL server on another machine must be reached with
/// `sslmode=require`, `verify-ca` or `verify-full` (verify-full also checks
/// the server's name; `sslrootcert=` names the CA of a hospital's own
/// certificates, otherwise the system's trusted CAs are used). A server on
/// this machine (loopback or a Unix socket) may be reached without TLS.
fn check_database_tls(url: &str) -> Result<(), ConfigError> {
    use sqlx::postgres::{PgConnectOptions, PgSslMode};
    use std::str::FromStr;
    if url.starts_with("sqlite:") {
        return Ok(());
    }
    let options = PgConnectOptions::from_str(url)
        .map_err(|_| invalid("DATABASE_URL", "is not a PostgreSQL address that can be read (the value is not shown: it may hold a password)"))?;
    let host = options.get_host();
    let local = options.get_socket().is_some()
        || host.starts_with('/')
        || host == "localhost"
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let encrypted = matches!(options.get_ssl_mode(), PgSslMode::Require | PgSslMode::VerifyCa | PgSslMode::VerifyFull);
    if local || encrypted {
        return Ok(());
    }
    Err(invalid(
        "DATABASE_URL",
        "a PostgreSQL server on another machine must be reached over TLS in production: add \
         sslmode=verify-full to the address (and sslrootcert=/path/to/ca.pem if its certificate is \
         from your own CA)",
    ))
}

fn apply<T>(target: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *target = v;
    }
}

fn parse_addr(setting: &str, value: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| invalid(setting, format!("expected an address such as 127.0.0.1:3000, got {value:?}")))
}

fn parse_number<T: std::str::FromStr>(setting: &str, value: &str) -> Result<T, ConfigError> {
    value.trim().parse().map_err(|_| invalid(setting, format!("expected a whole number, got {value:?}")))
}

fn parse_bool(setting: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(invalid(setting, format!("expected true or false, got {value:?}"))),
    }
}

fn parse_enum<T: for<'de> Deserialize<'de>>(setting: &str, value: &str) -> Result<T, ConfigError> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&value.trim().to_ascii_lowercase()))
        .map_err(|e| invalid(setting, e.to_string()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Settings::load_from(None, |name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_run_locally_on_sqlite() {
        let s = load(&[]).unwrap();
        assert_eq!(s.database_url.expose_secret(), "sqlite://data/svar.db");
        assert_eq!(s.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(s.public_url, "http://127.0.0.1:3000");
        assert!(s.is_development());
    }

    #[test]
    fn environment_overrides_and_names_bad_values() {
        let s = load(&[("DATABASE_URL", "postgres://u:p@h/db"), ("SVAR_LISTEN", "0.0.0.0:8080")]).unwrap();
        assert_eq!(s.database_url.expose_secret(), "postgres://u:p@h/db");
        assert_eq!(s.public_url, "http://0.0.0.0:8080");

        let err = load(&[("SVAR_LISTEN", "nope")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_LISTEN");
        let err = load(&[("SVAR_ENV", "staging")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_ENV");
        assert!(err.to_string().contains("development"), "{err}");
        let err = load(&[("SVAR_DB_MAX_CONNECTIONS", "0")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_DB_MAX_CONNECTIONS");
        let err = load(&[("SVAR_DEMO", "maybe")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_DEMO");
        let err = load(&[("DATABASE_URL", "mysql://secret@x")]).unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn svar_database_url_wins_over_database_url() {
        let s = load(&[("DATABASE_URL", "sqlite://a.db"), ("SVAR_DATABASE_URL", "sqlite://b.db")]).unwrap();
        assert_eq!(s.database_url.expose_secret(), "sqlite://b.db");
    }

    #[test]
    fn production_needs_smtp() {
        let err = load(&[("SVAR_ENV", "production"), ("SVAR_PUBLIC_URL", "https://svar.example")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_SMTP_URL");
        let ok =
            load(&[("SVAR_ENV", "production"), ("SVAR_PUBLIC_URL", "https://svar.example"), ("SVAR_SMTP_URL", "smtp://u:secret@mail:587")]).unwrap();
        assert!(!format!("{ok:?}").contains("secret"));
    }

    #[test]
    fn production_refuses_plain_http_unless_tls_ends_at_a_proxy() {
        let smtp = ("SVAR_SMTP_URL", "smtp://mail:587");
        let err = load(&[("SVAR_ENV", "production"), smtp, ("SVAR_PUBLIC_URL", "http://svar.example")]).unwrap_err();
        assert_eq!(err.setting, "SVAR_PUBLIC_URL");
        assert!(err.to_string().contains("https://"), "{err}");
        assert!(load(&[("SVAR_ENV", "production"), smtp, ("SVAR_PUBLIC_URL", "https://svar.example")]).is_ok());
        let proxied = load(&[("SVAR_ENV", "production"), smtp, ("SVAR_PUBLIC_URL", "http://svar.example"), ("SVAR_TLS_AT_PROXY", "true")]);
        assert!(proxied.is_ok_and(|s| s.tls_at_proxy));
        // Development on a laptop stays plain http.
        assert!(load(&[]).is_ok());
    }

    #[test]
    fn production_reaches_a_remote_database_only_over_tls() {
        let base = [("SVAR_ENV", "production"), ("SVAR_SMTP_URL", "smtp://mail:587"), ("SVAR_PUBLIC_URL", "https://svar.example")];
        let with = |url: &'static str| {
            let mut vars = base.to_vec();
            vars.push(("DATABASE_URL", url));
            load(&vars)
        };
        for plain in [
            "postgres://svar:hunter2@db.hospital.example/svar",
            "postgres://svar@10.0.0.5/svar?sslmode=prefer",
            "postgres://svar@db/svar?sslmode=disable",
        ] {
            let err = with(plain).unwrap_err();
            assert_eq!(err.setting, "DATABASE_URL", "{plain}");
            assert!(err.to_string().contains("sslmode=verify-full"), "{err}");
            assert!(!err.to_string().contains("hunter2"), "{err}");
        }
        for encrypted in [
            "postgres://svar@db.hospital.example/svar?sslmode=verify-full&sslrootcert=/etc/svar/ca.pem",
            "postgres://svar@db/svar?sslmode=verify-ca",
            "postgres://svar@db/svar?sslmode=require",
            "postgres://svar@127.0.0.1/svar",
            "postgres://svar@localhost/svar?sslmode=disable",
            "postgres://svar@%2Fvar%2Frun%2Fpostgresql/svar",
            "sqlite://data/svar.db",
        ] {
            assert!(with(encrypted).is_ok(), "{encrypted}");
        }
        // Development does not ask.
        assert!(load(&[("DATABASE_URL", "postgres://svar@db/svar")]).is_ok());
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = load(&[("DATABASE_URL", "postgres://svar:hunter2@db/svar")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("svar.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:4000\"\ndemo = true\nenvironment = \"production\"\nsmtp_url = \"smtp://mail:587\"\npublic_url = \"https://svar.example\"\n",
        )
        .unwrap();
        let s = Settings::load_from(Some(&path), |name| (name == "SVAR_DEMO").then(|| "false".to_owned())).unwrap();
        assert_eq!(s.listen.port(), 4000);
        assert_eq!(s.environment, Environment::Production);
        assert!(!s.demo, "environment overrides the file");

        std::fs::write(&path, "listen = \"127.0.0.1:4000\"\nlisten_port = 3\n").unwrap();
        let err = Settings::load_from(Some(&path), |_| None).unwrap_err();
        assert!(err.to_string().contains("listen_port"), "{err}");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
