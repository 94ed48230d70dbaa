//! Sign-in, sessions, roles, enrolment, isolation between clinics and the
//! audit log, through HTTP as staff browsers use them.

use app::domain::ClinicSlug;
use app::staff::port::NewStaff;
use app::staff::{Role, StaffEmail};
use time::Duration;

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};

backend_tests!(
    expired_sessions_and_old_failed_sign_ins_are_cleaned_up,
    sign_in_refuses_wrong_passwords_alike_and_locks_after_repeated_failures,
    sessions_expire_and_sign_out_ends_them,
    password_change_checks_the_current_one_and_ends_other_sessions,
    enrolment_form_keeps_values_and_reports_every_problem,
    enrolment_detects_duplicates,
    csv_import_is_all_or_nothing,
    every_staff_read_and_function_is_scoped_to_the_clinic,
    clinicians_cannot_use_admin_functions,
    audit_log_is_append_only,
    enrolments_move_pause_and_end_with_their_history,
    password_reset_by_emailed_link_works_once_and_expires,
    parallel_guesses_cannot_outrun_the_lock,
    a_temporary_password_must_be_replaced_before_anything_else,
    staff_forms_from_other_sites_are_refused,
    a_staff_name_with_a_line_break_or_control_character_is_refused,
    adding_an_address_with_an_account_elsewhere_tells_its_owner_not_the_clinic,
);

const ENT_ADMIN: &str = "admin@demo-ent.example";
const ENT_CLINICIAN: &str = "clinician@demo-ent.example";
const HEART_CLINICIAN: &str = "clinician@demo-heart.example";
const HEART_ADMIN: &str = "admin@demo-heart.example";

fn enrol_form<'a>(name: &'a str, parent_email: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("pathway", "ear_tubes"),
        ("index_date", "2026-12-01"),
        ("name", name),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Mor Testesen"),
        ("respondent1_email", parent_email),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ]
}

/// Enrols a patient through the form and returns its id.
async fn enrol(staff: &StaffClient, name: &str, parent_email: &str) -> String {
    let response = staff.post_form("/staff/patients/new", &enrol_form(name, parent_email)).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap_or_default());
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    location.trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").to_owned()
}

async fn add_heart_admin(app: &TestApp) {
    let heart = app.store.clinic_by_slug(&ClinicSlug::parse("demo-heart").unwrap()).await.unwrap().unwrap();
    let hash = app::auth::hash_password(DEMO_PASSWORD.to_owned()).await.unwrap();
    let new = NewStaff {
        email: StaffEmail::parse(HEART_ADMIN).unwrap(),
        name: app::domain::PersonName::parse("Henrik Hjerte").unwrap(),
        password_hash: hash,
        must_change_password: false,
    };
    let staff = app.store.create_staff(&new, time::OffsetDateTime::now_utc()).await.unwrap();
    app.store.set_membership(staff.id, heart.id, Role::Admin).await.unwrap();
}

/// Where a signed-in browser is sent, or why the sign-in page came back.
const REFUSED: &str = "refused: Forkert e-mail eller adgangskode.";
const LOCKED: &str = "locked: For mange forsøg. Vent 15 minutter, og prøv igen.";

/// One sign-in attempt through the form: where it sent the browser, or
/// [`REFUSED`] or [`LOCKED`] when it got the page again with that message
/// and the address kept (never the password).
async fn sign_in_attempt(app: &TestApp, email: &str, password: &str) -> String {
    let browser = app.browser();
    let response = browser.post_form("/staff/sign-in", &[("email", email), ("password", password)]).await;
    sign_in_outcome(response, email, password).await
}

async fn sign_in_outcome(response: reqwest::Response, email: &str, password: &str) -> String {
    if let Some(location) = response.headers().get("location") {
        return location.to_str().expect("ascii").to_owned();
    }
    let status = response.status().as_u16();
    let page = response.text().await.unwrap();
    assert!(page.contains(&format!(r#"value="{email}""#)), "the address is kept");
    assert!(!page.contains(password), "the password is never sent back");
    match status {
        422 if REFUSED.split_once(": ").is_some_and(|(_, text)| page.contains(text)) => REFUSED.to_owned(),
        429 if LOCKED.split_once(": ").is_some_and(|(_, text)| page.contains(text)) => LOCKED.to_owned(),
        other => panic!("sign-in answered {other}: {page}"),
    }
}

/// A form refused with its page again: the status and the page.
async fn page_again(response: reqwest::Response) -> (u16, String) {
    assert!(response.headers().get("location").is_none(), "the page again, not a redirect");
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn sign_in_refuses_wrong_passwords_alike_and_locks_after_repeated_failures(backend: Backend) {
    let app = spawn_app(backend).await;

    let unknown = sign_in_attempt(&app, "nobody@example.dk", "whatever-password").await;
    let wrong = sign_in_attempt(&app, ENT_ADMIN, "whatever-password").await;
    assert_eq!(unknown, REFUSED);
    assert_eq!(wrong, unknown, "no difference between unknown account and wrong password");

    // Five failures are allowed (one above, four here)...
    for _ in 0..4 {
        assert_eq!(sign_in_attempt(&app, ENT_ADMIN, "still-wrong-password").await, REFUSED);
    }
    // ...the sixth attempt is refused, even with the right password.
    let locked = sign_in_attempt(&app, ENT_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(locked, LOCKED);
    // Other accounts are not affected.
    assert_eq!(sign_in_attempt(&app, ENT_CLINICIAN, DEMO_PASSWORD).await, "/staff");

    app.clock.advance(Duration::minutes(16));
    app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
}

async fn parallel_guesses_cannot_outrun_the_lock(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = app.url("/staff/sign-in");

    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..12 {
        let url = url.clone();
        guesses.spawn(async move {
            let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
            let password = format!("wrong-guess-{n}");
            let response = client
                .post(url)
                .header("sec-fetch-site", "same-origin")
                .form(&[("email", ENT_ADMIN), ("password", password.as_str())])
                .send()
                .await
                .unwrap();
            sign_in_outcome(response, ENT_ADMIN, &password).await
        });
    }
    let outcomes = guesses.join_all().await;

    let checked = outcomes.iter().filter(|o| *o == REFUSED).count();
    assert!(checked <= 5, "at most five passwords were checked: {outcomes:?}");
    assert!(outcomes.iter().any(|o| o == LOCKED));
}

async fn sessions_expire_and_sign_out_ends_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    assert_eq!(staff.call("staff/patients", &[]).await.0, 200);

    app.clock.advance(Duration::hours(11));
    let (status, body) = staff.call("staff/patients", &[]).await;
    assert_ne!(status, 200);
    assert!(body.contains("NotSignedIn"), "{body}");

    let again = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    let out = again.post_form("/staff/sign-out", &[]).await;
    assert_eq!(out.status(), 303);
    assert!(again.call("staff/patients", &[]).await.1.contains("NotSignedIn"));
}

async fn password_change_checks_the_current_one_and_ends_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let laptop = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    let phone = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;

    let wrong = laptop.post_form("/staff/password", &[("current", "nope-nope-nope"), ("new", "a-new-password"), ("repeat", "a-new-password")]).await;
    let (status, page) = page_again(wrong).await;
    assert_eq!(status, 422);
    assert!(page.contains("Den nuværende adgangskode er forkert.") && page.contains(r##"href="#current""##), "beside its field");
    let weak = laptop.post_form("/staff/password", &[("current", DEMO_PASSWORD), ("new", "short"), ("repeat", "short")]).await;
    let (status, page) = page_again(weak).await;
    assert_eq!(status, 422);
    assert!(page.contains("Adgangskoden skal have mindst 10 tegn.") && page.contains(r##"href="#new""##), "beside its field");
    assert!(!page.contains(DEMO_PASSWORD), "no password is sent back");
    let differ = laptop.post_form("/staff/password", &[("current", DEMO_PASSWORD), ("new", "a-new-password"), ("repeat", "a-new-passwort")]).await;
    let (status, page) = page_again(differ).await;
    assert_eq!(status, 422);
    assert!(page.contains("De to nye adgangskoder er ikke ens.") && page.contains(r##"href="#repeat""##));
    // NIST SP 800-63B: common, repetitive or sequential passwords and the
    // account's own address or name are refused, each with its reason.
    for (new, says) in [
        ("Password2026!", "for almindelig"),
        ("aaaaaaaaaaaa", "gentagelse"),
        ("            ", "gentagelse"),
        ("1234567890", "gentagelse"),
        ("clinician@demo-ent.example", "e-mailadresse eller navn"),
        ("CarlChristensen!", "e-mailadresse eller navn"),
    ] {
        let refused = laptop.post_form("/staff/password", &[("current", DEMO_PASSWORD), ("new", new), ("repeat", new)]).await;
        let (status, page) = page_again(refused).await;
        assert_eq!(status, 422, "{new:?}");
        assert!(page.contains(says), "the page says why: {new:?}");
    }
    let ok = laptop.post_form("/staff/password", &[("current", DEMO_PASSWORD), ("new", "a-new-password"), ("repeat", "a-new-password")]).await;
    assert_eq!(ok.headers()["location"], "/staff/password?changed=1");

    assert_eq!(laptop.call("staff/patients", &[]).await.0, 200, "this session stays");
    assert!(phone.call("staff/patients", &[]).await.1.contains("NotSignedIn"), "others end");
    app.sign_in(ENT_CLINICIAN, "a-new-password").await;
}

async fn enrolment_form_keeps_values_and_reports_every_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    let mut form = enrol_form("Ida Hansen", "not-an-email");
    form.retain(|(k, _)| *k != "date_of_birth");
    form.push(("date_of_birth", "2099-01-01"));

    let response = staff.post_form("/staff/patients/new", &form).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"value="Ida Hansen""#), "typed values are kept");
    assert!(html.contains(r#"id="respondent1_email""#) && html.contains(r##"href="#respondent1_email""##));
    assert!(html.contains(r##"href="#date_of_birth""##), "both problems reported");
    assert!(staff.call("staff/patients", &[]).await.1.contains("[]"), "nothing saved");
}

async fn enrolment_detects_duplicates(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, "Ida Hansen", "mor@example.dk").await;

    let again = staff.post_form("/staff/patients/new", &enrol_form("  ida  hansen ", "far@example.dk")).await;

    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("sandsynligvis allerede registreret"));
    let (_, list) = staff.call("staff/patients", &[]).await;
    assert_eq!(list.matches("Ida Hansen").count(), 1, "{list}");
}

async fn csv_import_is_all_or_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    let clinician = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    enrol(&admin, "Existing Child", "existing@example.dk").await;
    let csv = "name,date_of_birth,index_date,respondent1_name,respondent1_email,respondent1_relation\n\
               New Child,2020-01-01,2026-12-01,Mor,mor1@example.dk,mother\n\
               Existing Child,2020-05-05,2026-12-01,Mor,mor2@example.dk,mother\n";

    let refused_clinician = clinician.post_form("/staff/import", &[("pathway", "ear_tubes"), ("csv", csv), ("action", "import")]).await;
    assert_eq!(refused_clinician.status(), 403);

    let response = admin.post_form("/staff/import", &[("pathway", "ear_tubes"), ("csv", csv), ("action", "import")]).await;
    assert_eq!(response.status(), 422, "the duplicate blocks the whole file");
    let (_, list) = admin.call("staff/patients", &[]).await;
    assert!(!list.contains("New Child"), "nothing half-imported: {list}");

    let fixed = "name,date_of_birth,index_date,respondent1_name,respondent1_email,respondent1_relation\n\
                 New Child,2020-01-01,2026-12-01,Mor,mor1@example.dk,mother\n";
    let ok = admin.post_form("/staff/import", &[("pathway", "ear_tubes"), ("csv", fixed), ("action", "import")]).await;
    assert_eq!(ok.status(), 200);
    assert!(admin.call("staff/patients", &[]).await.1.contains("New Child"));
}

async fn every_staff_read_and_function_is_scoped_to_the_clinic(backend: Backend) {
    let app = spawn_app(backend).await;
    add_heart_admin(&app).await;
    let ent_admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    let heart_admin = app.sign_in(HEART_ADMIN, DEMO_PASSWORD).await;
    let ent_patient = enrol(&ent_admin, "Ent Child", "ent@example.dk").await;
    let heart_patient = enrol(&heart_admin, "Heart Patient", "heart@example.dk").await;
    ent_admin.get(&format!("/staff/patients/{ent_patient}")).await;

    // Each role of each clinic against the other clinic's patient.
    for (email, own, other, other_name) in [
        (ENT_ADMIN, &ent_patient, &heart_patient, "Heart Patient"),
        (ENT_CLINICIAN, &ent_patient, &heart_patient, "Heart Patient"),
        (HEART_ADMIN, &heart_patient, &ent_patient, "Ent Child"),
        (HEART_CLINICIAN, &heart_patient, &ent_patient, "Ent Child"),
    ] {
        let staff = app.sign_in(email, DEMO_PASSWORD).await;
        let (status, body) = staff.call("staff/patient", &[("id", own)]).await;
        assert_eq!(status, 200, "{email} reads their own clinic's patient: {body}");

        let (status, body) = staff.call("staff/patient", &[("id", other)]).await;
        assert_ne!(status, 200, "{email}");
        assert!(body.contains("NotFound") && !body.contains(other_name), "{email}: {body}");
        let page = staff.get(&format!("/staff/patients/{other}")).await.text().await.unwrap();
        assert!(!page.contains(other_name), "{email} page");
        let (_, list) = staff.call("staff/patients", &[]).await;
        assert!(!list.contains(other_name), "{email} list: {list}");
        let (_, audit) = staff.call("staff/audit", &[("patient", other)]).await;
        assert!(!audit.contains(other.as_str()) || audit.contains("Forbidden"), "{email} audit: {audit}");
        // The audit log shows only this clinic's staff (and, for admins, no
        // entry written by the other clinic).
        let page = staff.get("/staff/audit").await.text().await.unwrap();
        let (_, own_log) = staff.call("staff/audit", &[]).await;
        let others = if own == &ent_patient { ["Henrik Hjerte", "Hanne Hansen"] } else { ["Anne Andersen", "Carl Christensen"] };
        for name in others {
            assert!(!page.contains(name) && !own_log.contains(name), "{email} sees {name} in the audit log");
        }
    }

    // The refusals are in the refusing clinic's own log.
    let (_, log) = heart_admin.call("staff/audit", &[]).await;
    assert!(log.contains("refused") && log.contains(&format!("no patient {ent_patient} in this clinic")), "{log}");
    // And the ENT clinic's log shows who viewed its patient.
    let (_, log) = ent_admin.call("staff/audit", &[("patient", &ent_patient)]).await;
    assert!(log.contains("patient.view") && log.contains("enrolment.create"), "{log}");
}

async fn clinicians_cannot_use_admin_functions(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;

    assert!(clinician.call("staff/members", &[]).await.1.contains("Forbidden"));
    assert!(clinician.call("staff/audit", &[]).await.1.contains("Forbidden"));
    let create =
        clinician.post_form("/staff/members", &[("name", "X"), ("email", "x@example.dk"), ("role", "admin"), ("password", "long-enough-pw")]).await;
    assert_eq!(create.status(), 403);
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    let (_, log) = admin.call("staff/audit", &[]).await;
    assert!(log.contains("staff.create") && log.contains("refused"), "{log}");
    assert!(!admin.call("staff/members", &[]).await.1.contains("x@example.dk"));
}

async fn audit_log_is_append_only(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;

    for statement in ["UPDATE audit_log SET action = 'edited'", "DELETE FROM audit_log"] {
        let refused = match backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&app.db_url()).await.unwrap();
                sqlx::query(statement).execute(&pool).await.is_err()
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&app.db_url()).await.unwrap();
                sqlx::query(statement).execute(&pool).await.is_err()
            }
        };
        assert!(refused, "{statement} must be refused by the database");
    }
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    assert!(admin.call("staff/audit", &[]).await.1.contains("sign_in"));
}

async fn enrolments_move_pause_and_end_with_their_history(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;
    let other_clinic = app.sign_in(HEART_CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, "Ida Hansen", "mor@example.dk").await;
    let detail = |body: String| serde_json::from_str::<serde_json::Value>(&body).expect("json");
    let (_, body) = staff.call("staff/patient", &[("id", &patient)]).await;
    let enrolment = detail(body)["enrolments"][0]["id"].as_str().expect("id").to_owned();
    let path = format!("/staff/enrolments/{enrolment}");
    let location = |r: reqwest::Response| r.headers()["location"].to_str().expect("ascii").to_owned();
    // Refused: the patient's page again, with what was typed and why.
    let refused = |r: reqwest::Response, says: &'static str| async move {
        let (status, page) = page_again(r).await;
        assert!(page.contains(says), "{says}: {page}");
        assert!(page.contains("Ida Hansen"), "the patient's page");
        (status, page)
    };

    let foreign = other_clinic.post_form(&path, &[("action", "pause"), ("reason", "x")]).await;
    assert_eq!(foreign.status(), 404, "another clinic cannot touch it");

    let moved = staff.post_form(&path, &[("action", "index_date"), ("index_date", "2026-12-10")]).await;
    assert_eq!(location(moved), format!("/staff/patients/{patient}"));
    // More than two years ahead of the test clock's today.
    let too_far = (app.clock.now_date() + Duration::days(3 * 366)).to_string();
    let bad = staff.post_form(&path, &[("action", "index_date"), ("index_date", &too_far)]).await;
    let (status, page) = refused(bad, "Indeksdatoen er ugyldig (højst 2 år frem).").await;
    assert_eq!(status, 422);
    assert!(page.contains(&format!(r#"value="{too_far}""#)), "the date as typed is kept");
    assert!(page.contains(r#"history.replaceState(null, "", "/staff/patients/"#), "the browser's address becomes the page's");
    assert!(page.contains(&format!(r##"href="#index-date-{enrolment}""##)), "the summary leads to the field");
    let no_reason = staff.post_form(&path, &[("action", "pause"), ("reason", " ")]).await;
    assert_eq!(refused(no_reason, "Skriv en begrundelse for at sætte på pause eller afslutte.").await.0, 422);
    staff.post_form(&path, &[("action", "pause"), ("reason", "Familien er på ferie")]).await;
    staff.post_form(&path, &[("action", "resume")]).await;
    staff.post_form(&path, &[("action", "end"), ("reason", "Drænene er faldet ud")]).await;
    let after_end = staff.post_form(&path, &[("action", "resume")]).await;
    let (status, page) = refused(after_end, "Forløbet er afsluttet eller har allerede den status.").await;
    assert_eq!(status, 409);
    assert!(page.contains("Drænene er faldet ud"), "the page shows why it ended");

    let (_, body) = staff.call("staff/patient", &[("id", &patient)]).await;
    let d = detail(body);
    assert_eq!(d["enrolments"][0]["index_date"], serde_json::json!([2026, 344]), "time's serde form of 2026-12-10");
    assert_eq!(d["enrolments"][0]["status"], "ended");
    let kinds: Vec<&str> = d["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["enrolled", "index_date_changed", "paused", "resumed", "ended"]);
    assert!(d["history"][1]["detail"].as_str().unwrap().contains("2026-12-01"));
}

fn reset_token(mail: &app::ports::OutgoingMail) -> String {
    let start = mail.text.find("/staff/reset?token=").expect("a reset link in the mail") + "/staff/reset?token=".len();
    mail.text[start..].split_whitespace().next().expect("token").to_owned()
}

async fn password_reset_by_emailed_link_works_once_and_expires(backend: Backend) {
    let app = spawn_app(backend).await;
    let browser = app.try_sign_in("nobody@example.dk", "x").await;
    let old_session = app.sign_in(ENT_CLINICIAN, DEMO_PASSWORD).await;

    let unknown = browser.post_form("/staff/forgot", &[("email", "nobody@example.dk")]).await;
    let known = browser.post_form("/staff/forgot", &[("email", ENT_CLINICIAN)]).await;

    assert_eq!(unknown.headers()["location"], known.headers()["location"], "same answer either way");
    app.wait_for_mail(1).await;
    let sent = app.mailbox.sent();
    assert_eq!(sent.len(), 1, "mail only for the existing account");
    assert_eq!(sent[0].to, ENT_CLINICIAN);
    assert!(sent[0].subject.contains("Nulstil"), "Danish by default: {}", sent[0].subject);
    assert!(sent[0].html.as_deref().unwrap_or_default().contains("/staff/reset?token="));
    let token = reset_token(&sent[0]);
    assert!(token.len() >= 43, "at least 32 random bytes");

    // Opening the link changes nothing; posting it does.
    assert_eq!(browser.get(&format!("/staff/reset?token={token}")).await.status(), 200);
    let weak = browser.post_form("/staff/reset", &[("token", &token), ("new", "short"), ("repeat", "short")]).await;
    let (status, page) = page_again(weak).await;
    assert_eq!(status, 422);
    assert!(page.contains("Adgangskoden skal have mindst 10 tegn."));
    assert!(page.contains(&format!(r#"name="token" value="{token}""#)), "a weak password does not use up the link, and the page keeps it");
    let ok = browser.post_form("/staff/reset", &[("token", &token), ("new", "brand-new-password"), ("repeat", "brand-new-password")]).await;
    assert_eq!(ok.headers()["location"], "/staff/sign-in?reset=1");
    let again = browser.post_form("/staff/reset", &[("token", &token), ("new", "another-password"), ("repeat", "another-password")]).await;
    assert!(page_again(again).await.1.contains("Linket er udløbet eller allerede brugt."), "single use");
    assert!(old_session.call("staff/patients", &[]).await.1.contains("NotSignedIn"), "old sessions end");
    app.sign_in(ENT_CLINICIAN, "brand-new-password").await;

    // A link older than an hour is refused.
    browser.post_form("/staff/forgot", &[("email", ENT_CLINICIAN)]).await;
    app.wait_for_mail(2).await;
    let late = reset_token(app.mailbox.sent().last().expect("second mail"));
    app.clock.advance(Duration::minutes(61));
    let expired = browser.post_form("/staff/reset", &[("token", &late), ("new", "too-late-password"), ("repeat", "too-late-password")]).await;
    assert!(page_again(expired).await.1.contains("Linket er udløbet eller allerede brugt."));

    // A new link makes the older unused ones stop working.
    browser.post_form("/staff/forgot", &[("email", ENT_ADMIN)]).await;
    browser.post_form("/staff/forgot", &[("email", ENT_ADMIN)]).await;
    app.wait_for_mail(4).await;
    let to_admin: Vec<String> = app.mailbox.sent().iter().filter(|m| m.to == ENT_ADMIN).map(reset_token).collect();
    let ok = browser.post_form("/staff/reset", &[("token", &to_admin[1]), ("new", "admins-new-password"), ("repeat", "admins-new-password")]).await;
    assert_eq!(ok.headers()["location"], "/staff/sign-in?reset=1");
    let older = browser.post_form("/staff/reset", &[("token", &to_admin[0]), ("new", "someone-elses-pw"), ("repeat", "someone-elses-pw")]).await;
    assert!(page_again(older).await.1.contains("Linket er udløbet eller allerede brugt."), "older link expired");

    // Asking again and again is throttled: at most 3 mails an hour.
    for _ in 0..5 {
        browser.post_form("/staff/forgot", &[("email", ENT_ADMIN)]).await;
    }
    // (Mail goes out in the background; give it time.)
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let to_admin = app.mailbox.sent().iter().filter(|m| m.to == ENT_ADMIN).count();
    assert!((2..=3).contains(&to_admin), "{to_admin} mails: a burst gets at most one more");
}

async fn a_temporary_password_must_be_replaced_before_anything_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    let created = admin
        .post_form(
            "/staff/members",
            &[("name", "Ny Kollega"), ("email", "ny@demo-ent.example"), ("role", "clinician"), ("password", "temporary-123")],
        )
        .await;
    assert_eq!(created.status(), 200);
    let again = admin
        .post_form("/staff/members", &[("name", "Ny Igen"), ("email", "NY@demo-ent.example"), ("role", "clinician"), ("password", "temporary-123")])
        .await;
    assert_eq!(again.status(), 422, "one account per email");

    let new = app.try_sign_in("ny@demo-ent.example", "temporary-123").await;
    assert!(new.call("staff/patients", &[]).await.1.contains("MustChangePassword"));
    // Sent to change it, told why, and taken on to where they were going.
    let sent = new.get("/staff/patients?q=x").await.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(sent, "/staff/password?required=1&next=/staff/patients%3Fq%3Dx");
    let page = new.get(&sent).await.text().await.unwrap();
    assert!(page.contains("Vælg din egen adgangskode, før du går videre"), "the reason");
    assert!(page.contains(r#"name="next" value="/staff/patients?q=x""#), "the way on");
    let same = new
        .post_form(
            "/staff/password",
            &[("current", "temporary-123"), ("new", "temporary-123"), ("repeat", "temporary-123"), ("next", "/staff/patients?q=x")],
        )
        .await;
    let (status, page) = page_again(same).await;
    assert_eq!(status, 422);
    assert!(page.contains("Den nye adgangskode skal være en anden end den nuværende."), "must differ from the temporary one, and says so");
    assert!(page.contains("Vælg din egen adgangskode, før du går videre"), "the reason is kept");
    assert!(page.contains(r#"name="next" value="/staff/patients?q=x""#), "the way on is kept");
    let elsewhere = new
        .post_form(
            "/staff/password",
            &[("current", "temporary-123"), ("new", "my-own-password"), ("repeat", "my-own-password"), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(elsewhere.headers()["location"], "/staff/password?changed=1", "never on to another site");
    let changed = new
        .post_form(
            "/staff/password",
            &[("current", "my-own-password"), ("new", "my-own-password-2"), ("repeat", "my-own-password-2"), ("next", "/staff/patients?q=x")],
        )
        .await;
    assert_eq!(changed.headers()["location"], "/staff/patients?q=x");
    assert_eq!(new.call("staff/patients", &[]).await.0, 200);
}

async fn staff_forms_from_other_sites_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;

    let forged = admin
        .client
        .post(app.url("/staff/members"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("name", "Evil"), ("email", "evil@example.dk"), ("role", "admin"), ("password", "evil-password-1")])
        .send()
        .await
        .unwrap();

    assert_eq!(forged.status(), 403);
    assert!(!admin.call("staff/members", &[]).await.1.contains("evil@example.dk"));
}

/// Sessions, failed sign-ins and reset links are deleted once they have
/// served their purpose (the retention in the README), by the scheduler's
/// clean-up; a live session is kept.
async fn expired_sessions_and_old_failed_sign_ins_are_cleaned_up(backend: Backend) {
    let app = spawn_app(backend).await;
    let _old = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let _wrong = app.try_sign_in("clinician@demo-ent.example", "not the password").await;
    app.browser().post_form("/staff/forgot", &[("email", "admin@demo-ent.example")]).await;
    // The reset link is made in the background (the answer never waits on it).
    for _ in 0..100 {
        if app.count_rows("password_resets").await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(app.count_rows("password_resets").await, 1);
    assert!(app.count_rows("staff_sessions").await >= 1);
    assert!(app.count_rows("sign_in_failures").await >= 1);

    app.clock.advance(Duration::days(8));
    let live = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    app.run_scheduler().await;

    assert_eq!(app.count_rows("staff_sessions").await, 1, "only the live session is kept");
    assert_eq!(app.count_rows("sign_in_failures").await, 0);
    assert_eq!(app.count_rows("password_resets").await, 0);
    assert_eq!(live.call("staff/context", &[]).await.0, 200, "the live session still works");
}

/// A staff name is checked as a patient's is: a line break once reached a
/// reset mail's body verbatim.
async fn a_staff_name_with_a_line_break_or_control_character_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    for (n, name) in ["Eve\nBcc: mallory@example.com", "Eve\r\nX", "Eve\u{0}", "Eve\u{7}", "   "].iter().enumerate() {
        let email = format!("eve{n}@demo-ent.example");
        let form = [("name", *name), ("email", email.as_str()), ("role", "clinician"), ("password", "temporary-123")];
        let refused = admin.post_form("/staff/members", &form).await;
        assert_eq!(refused.status(), 422, "{name:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("Navnet indeholder ugyldige tegn") || page.contains("Skriv navnet."), "the field says why: {name:?}");
        assert!(app.store.staff_credentials(&StaffEmail::parse(&email).unwrap()).await.unwrap().is_none(), "no account for {name:?}");
    }
    let fine = [("name", "Eve Ørsted-Ågård"), ("email", "eve@demo-ent.example"), ("role", "clinician"), ("password", "temporary-123")];
    assert_eq!(admin.post_form("/staff/members", &fine).await.status(), 200);
}

/// An admin who adds an address that has an account in another clinic
/// gets the answer any new address gets: no clinic learns who works at
/// another. The address's owner is told by mail; nothing is created.
async fn adding_an_address_with_an_account_elsewhere_tells_its_owner_not_the_clinic(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ENT_ADMIN, DEMO_PASSWORD).await;
    let form = |email: &'static str| [("name", "Hanne Hansen"), ("email", email), ("role", "clinician"), ("password", "temporary-123")];
    let unknown = admin.post_form("/staff/members", &form("new.person@demo-ent.example")).await;
    let taken = admin.post_form("/staff/members", &form(HEART_CLINICIAN)).await;
    assert_eq!(taken.status(), unknown.status(), "the same answer as for a new address");
    let page = taken.text().await.unwrap();
    assert!(!page.contains("findes allerede") && !page.contains("already"), "nothing says the address is taken");
    let members = admin.call("staff/members", &[]).await.1;
    assert!(!members.contains(HEART_CLINICIAN), "no account or membership was made");
    let told = app.mailbox.sent().into_iter().find(|m| m.to == HEART_CLINICIAN).expect("the owner is told");
    assert!(told.text.contains("Demo øre-næse-hals-klinik") && told.text.contains("already have an account"), "{}", told.text);
    // Within the clinic, its own member is named as such.
    let own = admin.post_form("/staff/members", &form(ENT_CLINICIAN)).await;
    assert_eq!(own.status(), 422);
}
