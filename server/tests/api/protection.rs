use crate::helpers::{backend_tests, spawn_app, spawn_app_with, Backend};

backend_tests!(
    pages_carry_security_headers_and_a_nonce_policy,
    cross_site_posts_are_refused,
    oversized_bodies_are_refused,
    https_installations_send_hsts_and_secure_cookies,
    the_csv_import_takes_what_its_rules_promise_and_says_its_limit,
    the_test_clock_is_behind_the_cross_site_check_and_the_security_headers,
);

async fn pages_carry_security_headers_and_a_nonce_policy(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/").await;

    let headers = response.headers().clone();
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    let csp = headers["content-security-policy"].to_str().expect("ascii").to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy").to_owned();
    let html = response.text().await.expect("body");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");

    let second = app.get("/").await.headers()["content-security-policy"].clone();
    assert!(!second.to_str().expect("ascii").contains(&nonce), "a fresh nonce per response");

    let health = app.get("/healthz").await;
    assert!(health.headers()["content-security-policy"].to_str().expect("ascii").contains("default-src 'none'"));
}

async fn cross_site_posts_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;

    let forged = app.client.post(app.url("/lang")).header("sec-fetch-site", "cross-site").form(&[("lang", "en")]).send().await.expect("request");
    let forged_fn =
        app.client.post(app.url("/api/set_language")).header("origin", "https://evil.example").form(&[("lang", "en")]).send().await.expect("request");
    let same_origin = app.client.post(app.url("/lang")).header("origin", app.address.clone()).form(&[("lang", "en")]).send().await.expect("request");

    assert_eq!(forged.status(), 403);
    assert!(forged.headers().get("set-cookie").is_none());
    assert_eq!(forged_fn.status(), 403);
    assert_eq!(same_origin.status(), 303);
}

async fn oversized_bodies_are_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.max_body_bytes = 4096).await;

    let big = "x".repeat(10_000);
    let response = app.post_form("/lang", &[("lang", "en"), ("back", &big)]).await;

    assert_eq!(response.status(), 413);
}

/// Reached over HTTPS, browsers are told to use nothing else, and the
/// session cookie is `Secure`; a development server on plain http is not.
async fn https_installations_send_hsts_and_secure_cookies(backend: Backend) {
    let plain = spawn_app(backend).await;
    assert!(plain.get("/").await.headers().get("strict-transport-security").is_none());

    let https = spawn_app_with(backend, |s| s.public_url = "https://svar.example".to_owned()).await;
    let page = https.get("/").await;
    assert_eq!(page.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let signed_in = https.post_form("/staff/sign-in", &[("email", "clinician@demo-ent.example"), ("password", crate::helpers::DEMO_PASSWORD)]).await;
    let cookie = signed_in.headers().get("set-cookie").and_then(|c| c.to_str().ok()).unwrap_or_default().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");

    let proxied = spawn_app_with(backend, |s| s.tls_at_proxy = true).await;
    assert!(proxied.get("/").await.headers().get("strict-transport-security").is_some());
}

/// The import promises files of up to 2 MiB (5,000 rows); the body limit
/// once refused 256 KiB with a bare 413. It now takes the file and, above
/// its own limit, says what the limit is.
async fn the_csv_import_takes_what_its_rules_promise_and_says_its_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin@demo-ent.example", crate::helpers::DEMO_PASSWORD).await;
    let header = "name;date_of_birth;pathway;index_date;respondent1_name;respondent1_email;respondent1_relation\n";
    let row = "Ida Hansen;05-05-2020;ear_tubes;01-12-2026;Mor Hansen;mor@example.dk;mor\n";
    let csv = format!("{header}{}", row.repeat(4_500));
    assert!(csv.len() > 300 * 1024, "above the general limit of 256 KiB");
    let previewed = admin.post_form("/staff/import", &[("csv", csv.as_str())]).await;
    assert_ne!(previewed.status(), 413, "a file within the import's own rules is read");
    assert!(previewed.status().is_success() || previewed.status() == 422, "{}", previewed.status());

    let huge = "x".repeat(7 * 1024 * 1024);
    let refused = admin.post_form("/staff/import", &[("csv", huge.as_str())]).await;
    assert_eq!(refused.status(), 413);
    assert!(refused.text().await.unwrap_or_default().contains("2 MiB"), "the limit is said");
}

/// `/test/advance` (test clock only) was merged after the router's layers,
/// outside the cross-site check and the security headers.
async fn the_test_clock_is_behind_the_cross_site_check_and_the_security_headers(backend: Backend) {
    let db = crate::helpers::TestDb::new(backend).await;
    let mail = tempfile::tempdir().expect("a mail folder");
    let mut settings = crate::helpers::test_settings(&db.url);
    settings.test_clock = true;
    settings.mail_dir = mail.path().to_owned();
    let app = server::startup::Application::build(settings).await.expect("build");
    let url = format!("http://127.0.0.1:{}/test/advance?days=1", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let forged = client.post(&url).header("sec-fetch-site", "cross-site").send().await.expect("post");
    assert_eq!(forged.status(), 403, "a cross-site post cannot move the clock");
    let own = client.post(&url).send().await.expect("post");
    assert!(own.status().is_success(), "{}", own.status());
    assert_eq!(own.headers()["x-content-type-options"], "nosniff");
    assert_eq!(own.headers()["cache-control"], "no-store");
}
