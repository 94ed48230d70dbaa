//! Personal-link tokens never reach the log. A refused request to a route
//! that carries a token is logged with the route's pattern, not its path.
//! The log is captured from the running app (one subscriber for the whole
//! test binary; this test looks only for its own lines).

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crate::helpers::{backend_tests, spawn_app, spawn_app_with, Backend, DEMO_PASSWORD};

backend_tests!(
    refused_requests_to_routes_with_tokens_log_no_token,
    a_mangled_token_is_an_unknown_link_not_an_error,
    a_failure_is_logged_once_with_its_cause_and_the_request_id_the_member_sees,
    a_request_id_from_the_proxy_is_kept_only_when_the_proxy_is_trusted,
);

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn captured_log() -> &'static Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_env_filter("info").with_ansi(false).with_writer(move || writer.clone()).finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
        log
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&captured_log().0.lock().map(|l| l.clone()).unwrap_or_default()).into_owned()
}

async fn refused_requests_to_routes_with_tokens_log_no_token(backend: Backend) {
    let _ = captured_log();
    let app = spawn_app(backend).await;
    let token = format!("TokenThatMustNotBeLogged{}", uuid::Uuid::new_v4().simple());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");

    // A forged cross-site post to the personal link, and to the reset form.
    let link = client.post(app.url(&format!("/p/{token}"))).header("sec-fetch-site", "cross-site").send().await.expect("post");
    assert_eq!(link.status(), 403);
    let reset = client
        .post(app.url("/staff/reset"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("token", token.as_str()), ("password", "x"), ("confirm", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(reset.status(), 403);
    // The pages that read tokens, fetched as a mail scanner would.
    let _ = client.get(app.url(&format!("/p/{token}"))).send().await.expect("get");
    let _ = client.get(app.url(&format!("/staff/reset?token={token}"))).send().await.expect("get");

    let log = log_text();
    assert!(log.contains("cross-site request refused") && log.contains("/p/{token}"), "the refusal is logged by route:\n{log}");
    assert!(!log.contains(&token), "a token reached the log");
}

/// A token with CR/LF or NUL in it once made the redirect's header invalid
/// and the answer a bare 500. It is an unknown link like any other.
async fn a_mangled_token_is_an_unknown_link_not_an_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    for mangled in ["abcdefghijklmnopqrstuvwxyz%0D%0ASet-Cookie:%20x=1", "abcdefghijklmnopqrstu%00vwxyz", "short", "a%20b"] {
        let response = client.post(app.url(&format!("/p/{mangled}"))).header("sec-fetch-site", "same-origin").send().await.expect("post");
        assert_eq!(response.status(), 303, "{mangled}");
        assert_eq!(response.headers()["location"], "/p/unknown", "{mangled}");
        assert!(response.headers().get("set-cookie").is_none());
    }
    let page = client.get(app.url("/p/unknown")).send().await.expect("get");
    assert_eq!(page.status(), 200);
}

/// A database failure behind a form: the member gets 503 with the
/// request's id, and the log has one line for it, naming the operation,
/// the statement that failed and the database's own reason, in the span of
/// that request id.
async fn a_failure_is_logged_once_with_its_cause_and_the_request_id_the_member_sees(backend: Backend) {
    let _ = captured_log();
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let patient = crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
    let (_, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    let detail: serde_json::Value = serde_json::from_str(&body).expect("json");
    let path = format!("/staff/enrolments/{}", detail["enrolments"][0]["id"].as_str().expect("an enrolment"));

    crate::faults::inject_fault(&app, backend, "audit_log", "action", "'enrolment.change'").await;
    let refused = staff.post_form(&path, &[("action", "pause"), ("reason", "Ferie")]).await;
    assert_eq!(refused.status(), 503);
    let id = refused.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    assert_eq!(id.len(), 16, "a fresh id: {id}");
    let page = refused.text().await.expect("body");
    assert!(page.contains(&id), "the member can quote the id: {page}");
    crate::faults::remove_fault(&app, backend, "audit_log").await;

    let log = log_text();
    // The failure's own line (the HTTP layer's "response failed" line only
    // gives the status).
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(&id) && l.contains("error=")).collect();
    assert_eq!(lines.len(), 1, "the failure is logged once:\n{}", lines.join("\n"));
    let line = lines[0];
    assert!(line.contains("statement INSERT_AUDIT failed"), "the statement is named: {line}");
    assert!(line.contains("injected fault"), "with the database's own reason below it: {line}");
}

async fn a_request_id_from_the_proxy_is_kept_only_when_the_proxy_is_trusted(backend: Backend) {
    let direct = spawn_app(backend).await;
    let client = reqwest::Client::new();
    let answer = client.get(direct.url("/healthz")).header("x-request-id", "from-a-client").send().await.expect("get");
    let id = answer.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    assert_ne!(id, "from-a-client", "an untrusted client does not choose the id");
    assert_eq!(id.len(), 16);

    let proxied = spawn_app_with(backend, |s| s.trust_proxy = true).await;
    let answer = client.get(proxied.url("/healthz")).header("x-request-id", "proxy-7f3a").send().await.expect("get");
    assert_eq!(answer.headers()["x-request-id"], "proxy-7f3a", "the proxy's id is kept, so its log and ours match");
    let odd = client.get(proxied.url("/healthz")).header("x-request-id", "has space").send().await.expect("get");
    assert_ne!(odd.headers()["x-request-id"], "has space", "an id Svar would not repeat is replaced");
}
