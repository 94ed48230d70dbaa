//! Authoring over HTTP, as an admin's browser without JavaScript does it:
//! a new version of the ear-tube follow-up with an item and a rule, the
//! checks that block publishing, rule tests, the dry-run, publishing and
//! which version invitations and earlier responses use; pathways that
//! re-plan, import and export, mail texts, roles and clinics.

use app::authoring::DefinitionKind;
use app::domain::ClinicSlug;
use time::Duration;
use uuid::Uuid;

use crate::fixtures::RED_FOLLOW_UP;
use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{clinic_id, enrol, follow_up_index, link_in, open};

backend_tests!(
    an_admin_adds_an_item_and_a_rule_and_new_invitations_use_the_published_version,
    a_failing_rule_test_or_an_error_blocks_publishing,
    the_dry_run_compares_the_draft_with_the_version_in_use_on_past_responses,
    published_versions_are_frozen_even_for_the_database,
    clinicians_cannot_author_and_other_clinics_keep_their_versions,
    export_and_import_use_the_files_format_and_its_checks,
    a_changed_pathway_replans_pending_invitations,
    a_clinics_own_mail_text_is_checked_and_used,
    an_invitation_sent_before_publishing_keeps_its_version,
    a_form_from_an_older_state_of_the_draft_is_refused,
    a_rule_of_hundreds_of_terms_is_refused_everywhere_and_the_server_keeps_serving,
    warnings_stand_beside_their_item_in_the_editor_and_block_nothing,
);

const ADMIN: &str = "admin@demo-ent.example";
const CLINICIAN: &str = "clinician@demo-ent.example";
const DRAFT: &str = "/staff/authoring/questionnaire/ear_tubes_follow_up/2";

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned()
}

/// Starts version 2 of the follow-up; returns the admin's browser.
async fn new_follow_up_version(app: &TestApp) -> StaffClient {
    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let made = admin.post_form("/staff/authoring", &[("_op", "new_version"), ("kind", "questionnaire"), ("id", "ear_tubes_follow_up")]).await;
    assert_eq!(made.status(), 303);
    assert_eq!(location(&made), DRAFT);
    admin
}

async fn add_balance_item(admin: &StaffClient) {
    let form = [
        ("_op", "add_item"),
        ("page", "0"),
        ("item_id", "balance"),
        ("type", "yes_no"),
        ("text_da", "Har barnet haft balanceproblemer?"),
        ("text_en", "Has the child had balance problems?"),
    ];
    let added = admin.post_form(DRAFT, &form).await;
    assert_eq!(added.status(), 303, "{}", added.text().await.unwrap_or_default());
    // The editor returns to the new item, not to the top of a long page.
    assert_eq!(location(&added), format!("{DRAFT}#item-balance"));
    let page = admin.get(DRAFT).await.text().await.unwrap();
    assert!(page.contains(r#"id="item-balance""#), "the anchor is on the page");
}

async fn add_rule(admin: &StaffClient, when: &str) -> reqwest::Response {
    let form = [
        ("_op", "add_rule"),
        ("rule_id", "balance_problems"),
        ("level", "yellow"),
        ("when", when),
        ("message_da", "Balanceproblemer"),
        ("message_en", "Balance problems"),
    ];
    admin.post_form(DRAFT, &form).await
}

/// Enters a follow-up from paper with these answers for a new patient.
async fn entered_response(app: &TestApp, staff: &StaffClient, email: &str, answers: &[(&str, &str)]) -> app::domain::PatientId {
    let patient = enrol(staff, app.clock.now_date(), email).await;
    let key = Uuid::new_v4().to_string();
    let mut form = vec![("submission_key", key.as_str()), ("entry_mode", "staff_paper")];
    form.extend_from_slice(answers);
    let entered = staff.post_form(&format!("/staff/patients/{patient}/enter/ear_tubes_follow_up"), &form).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap_or_default());
    patient
}

async fn versions_of(app: &TestApp, patient: app::domain::PatientId) -> Vec<i64> {
    app.store.patient_responses(clinic_id(app).await, patient).await.unwrap().iter().map(|r| r.questionnaire_version).collect()
}

async fn an_admin_adds_an_item_and_a_rule_and_new_invitations_use_the_published_version(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let earlier = entered_response(&app, &clinician, "earlier@example.dk", RED_FOLLOW_UP).await;
    let admin = new_follow_up_version(&app).await;
    add_balance_item(&admin).await;

    // A rule comparing the yes/no item with text: saved, and the checker's
    // message (as `svar check` prints it) is on the page at the rule.
    let added = add_rule(&admin, "balance = \"yes\"").await;
    assert_eq!(added.status(), 303, "a draft keeps what was typed");
    assert_eq!(location(&added), format!("{DRAFT}#rule-balance_problems"), "back at the new rule");
    let page = admin.get(DRAFT).await.text().await.unwrap();
    assert!(page.contains("ear_tubes_follow_up.v2.toml:"), "errors name the draft's file and line");
    assert!(page.contains("Kan ikke udgives"), "publishing is not offered");
    let refused = admin.post_form(DRAFT, &[("_op", "publish")]).await;
    assert_eq!(refused.status(), 409, "the server refuses too");

    // Fixed, it publishes.
    let fixed = [
        ("_op", "rule"),
        ("index", "6"),
        ("rule_id", "balance_problems"),
        ("level", "yellow"),
        ("when", "balance = true"),
        ("message_da", "Balanceproblemer"),
        ("message_en", "Balance problems"),
    ];
    let rules_before = app.state.definitions.shipped_questionnaire("ear_tubes_follow_up").unwrap().questionnaire().rules.len();
    let index = rules_before.to_string();
    let fixed: Vec<(&str, &str)> = fixed.iter().map(|&(k, v)| if k == "index" { (k, index.as_str()) } else { (k, v) }).collect();
    assert_eq!(admin.post_form(DRAFT, &fixed).await.status(), 303);
    let page = admin.get(DRAFT).await.text().await.unwrap();
    assert!(!page.contains(r#"id="diagnostics""#), "no errors left");
    let published = admin.post_form(DRAFT, &[("_op", "publish")]).await;
    assert_eq!(published.status(), 303);
    let clinic = clinic_id(&app).await;
    let current = app.state.definitions.questionnaire(app.store.as_ref(), clinic, "ear_tubes_follow_up", None).await.unwrap().unwrap();
    assert_eq!(current.questionnaire().version, 2);
    assert!(current.questionnaire().item("balance").is_some());

    // The next invitation asks version 2's questions.
    let patient = enrol(&clinician, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().find(|m| m.to == "karen@example.dk").expect("an invitation to the new patient");
    let phone = open(&app, &link_in(&mail)).await;
    let first_page = phone.get("/a").await.text().await.unwrap();
    assert!(first_page.contains("name=\"balance\""), "the new item is asked");
    let mut next = "/a?page=0".to_owned();
    while let Some(page) = next.strip_prefix("/a?page=").map(str::to_owned) {
        let mut form = vec![("page", page.as_str()), ("action", "next"), ("balance", "yes")];
        form.extend_from_slice(RED_FOLLOW_UP);
        next = location(&phone.post_form("/a/page", &form).await);
    }
    assert_eq!(phone.post_form("/a/submit", &[]).await.status(), 303);
    assert_eq!(versions_of(&app, patient).await, vec![2]);
    let flags: Vec<String> = app.store.patient_responses(clinic, patient).await.unwrap()[0].flags.iter().map(|f| f.rule_id.clone()).collect();
    assert!(flags.contains(&"balance_problems".to_owned()), "the new rule fired: {flags:?}");

    // The earlier response is shown with the version it answered.
    let earlier_page = clinician.get(&format!("/staff/patients/{earlier}")).await.text().await.unwrap();
    // Rendered text without the hydration markers (`<!>`).
    let text = earlier_page.replace("<!>", "");
    assert!(text.contains("<strong>Opfølgning efter dræn i ørerne</strong> (version 1) ·"), "the old response shows version 1");

    // The draft's changes and its publication were audited.
    let audit = app.store.recent_audit(clinic, 50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "authoring.edit" && e.detail.contains("add_item")));
    assert!(audit.iter().any(|e| e.action == "authoring.publish" && e.detail.contains("v2")));
}

async fn a_failing_rule_test_or_an_error_blocks_publishing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = new_follow_up_version(&app).await;
    // A test whose answers should raise a flag that does not fire.
    let test = [("_test_name", "calm follow-up is red?"), ("_test_expect", "persistent_discharge"), ("discharge", "no"), ("overall", "9")];
    let added = admin.post_form(&format!("{DRAFT}/test"), &test).await;
    assert_eq!(added.status(), 303);
    assert_eq!(location(&added), format!("{DRAFT}#tests"));
    let page = admin.get(DRAFT).await.text().await.unwrap();
    assert!(page.contains("calm follow-up is red?") && page.contains("fejler"), "the test is run and fails");
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish")]).await.status(), 409);

    // A test without a name is refused with the field named, and the answers kept.
    let nameless = admin.post_form(&format!("{DRAFT}/test"), &[("_test_name", ""), ("discharge", "yes")]).await;
    assert_eq!(nameless.status(), 422);
    let body = nameless.text().await.unwrap();
    assert!(body.contains("href=\"#_test_name\""), "the error links to its field");

    // Removing the failing test makes it publishable.
    let tests = app.state.definitions.shipped_questionnaire("ear_tubes_follow_up").unwrap().questionnaire().tests.len().to_string();
    assert_eq!(admin.post_form(DRAFT, &[("_op", "remove_test"), ("index", &tests)]).await.status(), 303);
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish")]).await.status(), 303);
}

async fn the_dry_run_compares_the_draft_with_the_version_in_use_on_past_responses(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    entered_response(&app, &clinician, "red@example.dk", RED_FOLLOW_UP).await;
    let calm: Vec<(&str, &str)> = RED_FOLLOW_UP
        .iter()
        .map(|&(k, v)| match k {
            "discharge" => (k, "no"),
            "overall" => (k, "3"),
            _ => (k, v),
        })
        .collect();
    entered_response(&app, &clinician, "calm@example.dk", &calm).await;
    let admin = new_follow_up_version(&app).await;
    assert_eq!(add_rule(&admin, "overall <= 4").await.status(), 303);

    let page = admin.get(&format!("{DRAFT}?dry_run=1")).await.text().await.unwrap();
    assert!(page.contains("2 tidligere svar fra 2 patienter; 1 ville få et andet udfald"), "summary");
    assert!(page.contains("id=\"dry-run-changed\"") && page.contains("Ida calm"), "the changed response is listed");
    let clinic = clinic_id(&app).await;
    let audit = app.store.recent_audit(clinic, 50).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "authoring.dry_run"), "reading patients' responses is audited");
    let plain = admin.get(DRAFT).await.text().await.unwrap();
    assert!(!plain.contains("id=\"dry-run-changed\""), "only when asked for");
}

async fn published_versions_are_frozen_even_for_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = new_follow_up_version(&app).await;
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish")]).await.status(), 303);
    let edit = admin.post_form(DRAFT, &[("_op", "details"), ("title_da", "x"), ("title_en", "y")]).await;
    assert_eq!(edit.status(), 409, "published versions do not change");
    let shipped = admin.post_form("/staff/authoring/questionnaire/ear_tubes_follow_up/1", &[("_op", "details")]).await;
    assert_eq!(shipped.status(), 404, "the shipped file is not a draft of the clinic");

    let clinic = clinic_id(&app).await;
    let version = app.store.definition_version(clinic, DefinitionKind::Questionnaire, "ear_tubes_follow_up", 2).await.unwrap().unwrap();
    let now = app.clock.now_date().midnight().assume_utc();
    assert!(app
        .store
        .save_draft_source(clinic, version.id, "x", version.revision, now, &crate::helpers::test_audit("authoring.edit"))
        .await
        .is_err());
    // Even a hand-written statement is refused by the database.
    let raw = match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&app.db_url()).await.unwrap();
            sqlx::query("UPDATE definition_versions SET source = 'x'").execute(&pool).await.map(|_| ())
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&app.db_url()).await.unwrap();
            sqlx::query("UPDATE definition_versions SET source = 'x'").execute(&pool).await.map(|_| ())
        }
    };
    assert!(raw.is_err(), "a published version cannot change");

    // A new version starts from the published one, numbered after it.
    let made = admin.post_form("/staff/authoring", &[("_op", "new_version"), ("kind", "questionnaire"), ("id", "ear_tubes_follow_up")]).await;
    assert_eq!(location(&made), "/staff/authoring/questionnaire/ear_tubes_follow_up/3");
    let diff = admin.get("/staff/authoring/questionnaire/ear_tubes_follow_up/3?compare=1").await.text().await.unwrap();
    assert!(diff.contains("id=\"diff\""), "a diff with version 1");
}

async fn clinicians_cannot_author_and_other_clinics_keep_their_versions(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let refused = clinician.post_form("/staff/authoring", &[("_op", "new_version"), ("kind", "questionnaire"), ("id", "ear_tubes_follow_up")]).await;
    assert_eq!(refused.status(), 403);
    let (status, body) = clinician.call("authoring/catalogue", &[]).await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "not even the list: {body}");
    let page = clinician.get("/staff/authoring/questionnaire/ear_tubes_follow_up/1").await.text().await.unwrap();
    assert!(page.contains("Versionen findes ikke") && !page.contains("[questionnaire]"), "the page shows a refusal, not the source");

    let admin = new_follow_up_version(&app).await;
    add_balance_item(&admin).await;
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish")]).await.status(), 303);
    let heart = app.store.clinic_by_slug(&ClinicSlug::parse("demo-heart").unwrap()).await.unwrap().unwrap().id;
    let theirs = app.state.definitions.questionnaire(app.store.as_ref(), heart, "ear_tubes_follow_up", None).await.unwrap().unwrap();
    assert_eq!(theirs.questionnaire().version, 1, "another clinic keeps the shipped version");
    let heart_staff = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    assert_eq!(heart_staff.post_form(DRAFT, &[("_op", "publish")]).await.status(), 403);

    // An admin of the other clinic finds no such draft or version.
    let hash = app::auth::hash_password(DEMO_PASSWORD.to_owned()).await.unwrap();
    let new = app::staff::port::NewStaff {
        email: app::staff::StaffEmail::parse("admin@demo-heart.example").unwrap(),
        name: app::domain::PersonName::parse("Heart Admin").unwrap(),
        password_hash: hash,
        must_change_password: false,
    };
    let now = app.clock.now_date().midnight().assume_utc();
    app.store.create_staff_in_clinic(&new, heart, app::staff::Role::Admin, now, &crate::helpers::test_audit("staff.create")).await.unwrap();
    let heart_admin = app.sign_in("admin@demo-heart.example", DEMO_PASSWORD).await;
    let page = heart_admin.get(DRAFT).await.text().await.unwrap();
    assert!(page.contains("Versionen findes ikke") && !page.contains("balance"), "another clinic's version is not shown");
    assert_eq!(heart_admin.get(&format!("{DRAFT}/export")).await.status(), 404);
    assert_eq!(heart_admin.post_form(DRAFT, &[("_op", "details"), ("title_da", "x")]).await.status(), 404);
    let catalogue = heart_admin.get("/staff/authoring").await.text().await.unwrap();
    assert!(catalogue.contains("ear_tubes_follow_up") && !catalogue.contains("/ear_tubes_follow_up/2\""), "their list has the shipped version only");
}

async fn export_and_import_use_the_files_format_and_its_checks(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let exported = admin.get("/staff/authoring/questionnaire/ear_tubes_follow_up/1/export").await;
    assert_eq!(exported.status(), 200);
    assert!(exported.headers()["content-disposition"].to_str().unwrap().contains("ear_tubes_follow_up.v1.toml"));
    let source = exported.text().await.unwrap();
    assert!(source.contains("[questionnaire]") && source.contains("id = \"ear_tubes_follow_up\""));

    // Shared with another clinic under a new id: it becomes a draft there.
    let shared = source.replace("id = \"ear_tubes_follow_up\"", "id = \"shared_follow_up\"");
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::text(shared).file_name("shared.toml")).text("source", "");
    let imported =
        admin.client.post(app.url("/staff/authoring/import")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(imported.status(), 303);
    assert_eq!(location(&imported), "/staff/authoring/questionnaire/shared_follow_up/1");

    // A broken file is refused with its line and column; nothing is stored.
    let broken = source.replace("type = \"scale\"", "type = \"slider\"");
    let form = reqwest::multipart::Form::new().text("source", broken);
    let refused = admin.client.post(app.url("/staff/authoring/import")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("import.toml:") && body.contains("slider"), "the file's error with its place");
    let clinic = clinic_id(&app).await;
    let versions = app.store.definition_versions(clinic, DefinitionKind::Questionnaire, Some("ear_tubes_follow_up")).await.unwrap();
    assert!(versions.is_empty(), "nothing was imported");
}

async fn a_changed_pathway_replans_pending_invitations(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let index = app.clock.now_date() + Duration::days(10);
    let patient = enrol(&clinician, index, "karen@example.dk").await;
    app.run_scheduler().await;
    let clinic = clinic_id(&app).await;
    let before = app.store.patient_invitations(clinic, patient).await.unwrap();
    let follow_up = before.iter().find(|i| i.timepoint == "follow_up").unwrap().opens_on;

    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let made = admin.post_form("/staff/authoring", &[("_op", "new_version"), ("kind", "pathway"), ("id", "ear_tubes")]).await;
    let path = location(&made);
    assert_eq!(path, "/staff/authoring/pathway/ear_tubes/2");
    let page = admin.get(&path).await.text().await.unwrap();
    assert!(page.contains("id=\"timeline-table\""), "a timeline for an example date");
    let pathway = app.state.definitions.shipped_pathway("ear_tubes").unwrap();
    let i = pathway.timepoints.iter().position(|t| t.id == "follow_up").unwrap().to_string();
    let tp = &pathway.timepoints[i.parse::<usize>().unwrap()];
    let reminders = tp.reminder_days.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let (every, until) = tp.repeat.map(|r| (r.every.to_string(), r.until.to_string())).unwrap_or_default();
    let window = tp.window_days.to_string();
    let form = [
        ("_op", "timepoint"),
        ("index", i.as_str()),
        ("timepoint_id", "follow_up"),
        ("questionnaire", "ear_tubes_follow_up"),
        ("offset", "+6w"),
        ("window_days", window.as_str()),
        ("reminder_days", reminders.as_str()),
        ("every", every.as_str()),
        ("until", until.as_str()),
    ];
    assert_eq!(admin.post_form(&path, &form).await.status(), 303);
    let bad = admin.post_form(&path, &[("_op", "timepoint"), ("index", i.as_str()), ("offset", "soon"), ("window_days", "x")]).await;
    assert_eq!(bad.status(), 422, "a value that cannot be a duration is refused");
    assert_eq!(admin.post_form(&path, &[("_op", "publish"), ("replan", "on")]).await.status(), 303);

    app.run_scheduler().await;
    let after = app.store.patient_invitations(clinic, patient).await.unwrap();
    let moved = after.iter().find(|i| i.timepoint == "follow_up").unwrap().opens_on;
    assert_eq!(moved, index + Duration::weeks(6), "pending invitations follow the new time point");
    assert_ne!(moved, follow_up);
}

async fn a_clinics_own_mail_text_is_checked_and_used(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let typo = [("_op", "save"), ("kind", "invitation"), ("language", "da"), ("subject", "Om {chlid}"), ("body", "Svar her")];
    let refused = admin.post_form("/staff/authoring/mail", &typo).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("{chlid} er ikke en pladsholder") && body.contains("Om {chlid}"), "the problem, and the text kept");
    let good = [
        ("_op", "save"),
        ("kind", "invitation"),
        ("language", "da"),
        ("subject", "Nyt fra {clinic} om {child}"),
        ("body", "Kære forælder\n\nSvar senest {last_day} her: {link}"),
    ];
    assert_eq!(admin.post_form("/staff/authoring/mail", &good).await.status(), 303);
    let page = admin.get("/staff/authoring/mail").await.text().await.unwrap();
    assert!(page.contains("Nyt fra Demo øre-næse-hals-klinik om Ida"), "the preview fills the placeholders");

    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&clinician, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let mail = &app.mailbox.sent()[0];
    assert!(mail.subject.starts_with("Nyt fra Demo øre-næse-hals-klinik om Ida"), "{}", mail.subject);
    assert!(mail.text.contains("/p/") && mail.text.contains("Linket er personligt"), "link and footer");
}

async fn an_invitation_sent_before_publishing_keeps_its_version(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&clinician, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let sent = app.mailbox.sent()[0].clone();

    let admin = new_follow_up_version(&app).await;
    add_balance_item(&admin).await;
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish")]).await.status(), 303);

    // Opened and answered after version 2 was published: still version 1.
    let phone = open(&app, &link_in(&sent)).await;
    let page = phone.get("/a").await.text().await.unwrap();
    assert!(!page.contains("name=\"balance\""), "the version the invitation was sent with");
    let mut next = "/a?page=0".to_owned();
    while let Some(page) = next.strip_prefix("/a?page=").map(str::to_owned) {
        let mut form = vec![("page", page.as_str()), ("action", "next")];
        form.extend_from_slice(RED_FOLLOW_UP);
        next = location(&phone.post_form("/a/page", &form).await);
    }
    assert_eq!(phone.post_form("/a/submit", &[]).await.status(), 303);
    assert_eq!(versions_of(&app, patient).await, vec![1]);
}

/// The `_rev` field of the page's first editor form.
fn revision_in(page: &str) -> String {
    let at = page.find("name=\"_rev\" value=\"").expect("a revision in the page") + "name=\"_rev\" value=\"".len();
    page[at..].chars().take_while(|c| *c != '"').collect()
}

async fn a_form_from_an_older_state_of_the_draft_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = new_follow_up_version(&app).await;
    let old = revision_in(&admin.get(DRAFT).await.text().await.unwrap());
    assert!(!old.is_empty());
    // Another tab saves a change; this tab's page is now out of date.
    let details = [
        ("_op", "details"),
        ("title_da", "Opfølgning"),
        ("title_en", "Follow-up"),
        ("description_da", "a"),
        ("description_en", "b"),
        ("contact_item", "contact"),
        ("_rev", &old),
    ];
    assert_eq!(admin.post_form(DRAFT, &details).await.status(), 303);
    let stale = admin.post_form(DRAFT, &[("_op", "remove_item"), ("page", "0"), ("index", "0"), ("_rev", &old)]).await;
    assert_eq!(stale.status(), 409, "the second removal would hit another item");
    assert!(stale.text().await.unwrap().contains("intet blev gemt"), "says so");
    let clinic = clinic_id(&app).await;
    let draft = app.store.definition_version(clinic, DefinitionKind::Questionnaire, "ear_tubes_follow_up", 2).await.unwrap().unwrap();
    let shipped = app.state.definitions.shipped_questionnaire("ear_tubes_follow_up").unwrap();
    let items_now = match app::definitions::parse_source("x", &draft.source) {
        Some(app::engine::load::Document::Questionnaire(q)) => q.items().count(),
        _ => 0,
    };
    assert_eq!(items_now, shipped.questionnaire().items().count(), "nothing removed from an old page");
    let fresh = revision_in(&admin.get(DRAFT).await.text().await.unwrap());
    assert_ne!(fresh, old);
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish"), ("_rev", &old)]).await.status(), 409, "nor published from an old page");
    assert_eq!(admin.post_form(DRAFT, &[("_op", "publish"), ("_rev", &fresh)]).await.status(), 303);
}

/// About 1 KB of `+` terms once overflowed the server's stack (in the type
/// checker) when an admin saved it, and again at every later view of the
/// saved draft: every clinic lost the service. Now the rule is refused in
/// plain words on each path in, and the server answers on.
async fn a_rule_of_hundreds_of_terms_is_refused_everywhere_and_the_server_keeps_serving(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = new_follow_up_version(&app).await;
    let long_rule = vec!["overall"; 150].join(" + ") + " > 1";
    assert!(long_rule.len() < 2_000, "within the length limit: the term limit speaks");

    // The editor's form: kept as typed (a representable mistake), reported, not published.
    let added = add_rule(&admin, &long_rule).await;
    assert!(added.status().is_redirection() || added.status() == 422, "{}", added.status());
    let page = admin.get(DRAFT).await;
    assert_eq!(page.status(), 200, "the draft's page still renders");
    let body = page.text().await.unwrap_or_default();
    assert!(body.contains("this rule is too long: at most 60 terms"), "the limit is named on the page");

    // An imported file with the same rule: every error with its place, nothing stored.
    let exported = admin.get("/staff/authoring/questionnaire/ear_tubes_follow_up/1/export").await;
    let source = exported.text().await.unwrap_or_default().replace("id = \"ear_tubes_follow_up\"", "id = \"long_rules\"");
    let at = source.find("\nwhen = '").expect("a rule in the shipped file") + 1;
    let end = at + source[at + 8..].find('\'').expect("the rule's end") + 9;
    let broken = format!("{}when = '{}'{}", &source[..at], long_rule, &source[end..]);
    let form = reqwest::multipart::Form::new().text("source", broken);
    let refused = admin.client.post(app.url("/staff/authoring/import")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap_or_default();
    assert!(body.contains("import.toml:") && body.contains("at most 60 terms"), "the file's error with its place");

    // The server is still there for everyone.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

/// The part of an editor page about one item: from its anchor to the next
/// item's.
fn item_block<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!(r#"<li id="item-{id}""#)).unwrap_or_else(|| panic!("item {id} is on the page"));
    let rest = &page[start + 1..];
    let end = rest.find(r#"<li id="item-"#).map_or(rest.len(), |e| e + 1);
    &page[start..start + end]
}

/// A new item that no rule reads is allowed (it is stored and shown) but
/// most likely a missing rule: the editor says so beside that item, in the
/// admin's language, as `svar check` does over the clinic's questionnaires,
/// and publishing stays open.
async fn warnings_stand_beside_their_item_in_the_editor_and_block_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = new_follow_up_version(&app).await;
    add_balance_item(&admin).await;
    let page = admin.get(DRAFT).await.text().await.unwrap();
    let balance = item_block(&page, "balance");
    assert!(balance.contains("warnings-note"), "{balance}");
    assert!(balance.contains("spørgsmålet `balance` læses ikke af nogen regel, score eller betingelse"), "{balance}");
    // An item the pathway's other questionnaires or this one's rules read
    // has no such note.
    let ear_pain = item_block(&page, "ear_pain");
    assert!(!ear_pain.contains("warnings-note"), "{ear_pain}");
    assert!(!page.contains("Kan ikke udgives"), "a warning does not block publishing");
    let published = admin.post_form(DRAFT, &[("_op", "publish")]).await;
    assert_eq!(published.status(), 303, "{}", published.text().await.unwrap_or_default());
}
