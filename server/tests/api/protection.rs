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
    // Said in Danish and in English, from the locale files.
    assert_eq!(forged.text().await.expect("body"), "Forespørgslen kom fra et andet websted og er afvist. / Cross-site request refused.");
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

/// The largest file the import promises to take: 5,000 rows, two
/// respondents each, exactly 2 MiB, its names in Danish letters that
/// form-encoding writes as six bytes each.
fn largest_import(index_date: time::Date) -> String {
    use app::patients::csv_import::{MAX_BYTES, MAX_ROWS};
    let header = "name,date_of_birth,index_date,respondent1_name,respondent1_email,respondent1_relation,\
                  respondent2_name,respondent2_email,respondent2_relation\n";
    let row = |i: usize, pad: &str| {
        format!("Barn {i:04} {pad},2021-05-04,{index_date},Mor Ærø,mor{i}@example.dk,mother,Far Ærø,far{i}@example.dk,father\n")
    };
    let bare: usize = header.len() + (0..MAX_ROWS).map(|i| row(i, "").len()).sum::<usize>();
    // Each row's name is padded with "ø" (two bytes), and the first with an
    // "a" when one byte is left over.
    let (per_row, left) = ((MAX_BYTES - bare) / 2 / MAX_ROWS, (MAX_BYTES - bare) / 2 % MAX_ROWS);
    let mut csv = header.to_owned();
    for i in 0..MAX_ROWS {
        let extra = if i < left { "ø" } else { "" };
        let odd = if i == 0 && (MAX_BYTES - bare) % 2 == 1 { "a" } else { "" };
        csv.push_str(&row(i, &format!("{odd}{}{extra}", "ø".repeat(per_row))));
    }
    assert_eq!(csv.len(), MAX_BYTES);
    csv
}

fn upload(csv: String) -> reqwest::multipart::Form {
    let file = reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("patienter.csv").mime_str("text/csv").unwrap();
    reqwest::multipart::Form::new().text("pathway", "ear_tubes").text("csv", "").part("file", file).text("action", "preview")
}

/// The import promises files of up to 2 MiB and 5,000 rows. The body
/// limit once refused 256 KiB with a bare 413; then the framework's own
/// 2 MB limit on a form cut off a valid file whose text form-encoding had
/// made larger, with a bare English 413 ("Failed to buffer the request
/// body"). The import now reads its own post, form-encoded or a file, and
/// above its limits says so on its page, in the reader's language.
async fn the_csv_import_takes_what_its_rules_promise_and_says_its_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin@demo-ent.example", crate::helpers::DEMO_PASSWORD).await;
    let csv = largest_import(app.clock.now_date());
    let encoded = serde_urlencoded::to_string([("csv", csv.as_str())]).unwrap();
    assert!(encoded.len() > 2 * csv.len(), "form-encoded, the file more than doubles: {}", encoded.len());

    let ready = "5000 rækker er klar til import.";
    let previewed = admin.post_form("/staff/import", &[("pathway", "ear_tubes"), ("csv", csv.as_str()), ("action", "preview")]).await;
    assert_eq!(previewed.status(), 200, "a file within the import's rules is read, form-encoded");
    assert!(previewed.text().await.unwrap().contains(ready), "and all of it is ready");
    let post =
        |form: reqwest::multipart::Form| admin.client.post(app.url("/staff/import")).header("sec-fetch-site", "same-origin").multipart(form).send();
    let uploaded = post(upload(csv.clone())).await.unwrap();
    assert_eq!(uploaded.status(), 200, "or as a file");
    let page = uploaded.text().await.unwrap();
    assert!(page.contains(ready), "all of it");
    assert!(page.contains("Barn 4999"), "the file's text is in the form again, to import");

    // One byte more is the import's own refusal, on its page.
    let too_large = "Filen fylder mere end 2 MB. Del den op i flere filer.";
    let over = post(upload(format!("{csv}\n"))).await.unwrap();
    assert_eq!(over.status(), 422);
    let page = over.text().await.unwrap();
    assert!(page.contains(too_large) && page.contains("id=\"csv\""), "the import page says why");

    // A post larger than any file the import takes is not read, and the
    // page says the same, in the reader's language.
    let huge = "x".repeat(7 * 1024 * 1024);
    let refused = admin.post_form("/staff/import", &[("csv", huge.as_str())]).await;
    assert_eq!(refused.status(), 413);
    let page = refused.text().await.unwrap_or_default();
    assert!(page.contains(too_large) && page.contains("id=\"csv\""), "the import page, not a bare status: {}", &page[..page.len().min(300)]);
    admin.post_form("/lang", &[("lang", "en"), ("back", "/staff/import")]).await;
    let refused = post(upload(huge)).await.unwrap();
    assert_eq!(refused.status(), 413);
    assert!(refused.text().await.unwrap_or_default().contains("The file is larger than 2 MB. Split it into several files."), "in English");
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
