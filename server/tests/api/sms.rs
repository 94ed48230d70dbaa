//! SMS invitations through a real gateway: Kannel with its fake SMS centre
//! (`scripts/kannel/start.sh` writes a configuration on free ports and
//! starts `bearerbox`, `smsbox` and `fakesmsc`). The centre prints every
//! message it gets, and Kannel reports each delivery to the signed address
//! Svar gave it. Reports Kannel's fake centre cannot make (failed) and
//! forged ones are posted by the test itself.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::helpers::{backend_tests, spawn_app_mailing_with, spawn_app_with, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{follow_up_index, link_in, open};

backend_tests!(
    an_sms_invitation_goes_through_kannel_its_delivery_is_recorded_and_its_link_opens_the_questionnaire,
    a_number_the_gateway_cannot_route_is_given_up_at_once_and_the_invitation_goes_by_email,
    a_failed_sms_moves_the_respondent_to_email_once,
    a_mail_given_up_moves_the_respondent_to_sms,
    no_fallback_once_the_invitation_is_answered,
    a_forged_repeated_or_late_delivery_report_changes_nothing,
    sms_needs_a_valid_number_and_consent_and_the_form_says_so,
    the_clinic_chooses_the_sender_name_its_sms_carry,
    the_clinic_writes_its_own_sms_and_the_editor_refuses_names_and_a_third_part,
);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// A Kannel gateway of this test's own, stopped when dropped.
struct Kannel {
    dir: tempfile::TempDir,
    env: HashMap<String, String>,
}

impl Kannel {
    fn start() -> Kannel {
        let dir = tempfile::tempdir().expect("temporary directory");
        let scripts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/kannel");
        let started = std::process::Command::new(scripts.join("start.sh")).arg(dir.path()).output().expect("scripts/kannel/start.sh runs");
        assert!(started.status.success(), "Kannel did not start: {}", String::from_utf8_lossy(&started.stderr));
        let text = std::fs::read_to_string(dir.path().join("env")).expect("the gateway's env file");
        let env = text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        Kannel { dir, env }
    }

    fn get(&self, key: &str) -> String {
        self.env.get(key).cloned().unwrap_or_else(|| panic!("{key} in the gateway's env file"))
    }

    /// What the fake SMS centre received: (receiver, text) per message.
    fn received(&self) -> Vec<(String, String)> {
        let log = std::fs::read_to_string(self.get("KANNEL_FAKESMSC_LOG")).unwrap_or_default();
        log.lines()
            .filter_map(|line| {
                // `… DEBUG: Got message N: <SENDER RECEIVER TYPE BODY>`
                let body = line.split_once("Got message ")?.1.split_once(": <")?.1.strip_suffix('>')?;
                let mut parts = body.splitn(4, ' ');
                let (_sender, receiver, kind, text) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
                (kind == "text").then(|| (receiver.to_owned(), text.to_owned()))
            })
            .collect()
    }

    fn settings(&self, settings: &mut server::config::Settings) {
        settings.kannel_sendsms_url = Some(self.get("KANNEL_SENDSMS_URL"));
        settings.kannel_user = self.get("KANNEL_USER");
        settings.kannel_password = Some(SecretString::from(self.get("KANNEL_PASSWORD")));
    }
}

impl Drop for Kannel {
    fn drop(&mut self) {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/kannel/stop.sh");
        let _ = std::process::Command::new(script).arg(self.dir.path()).output();
    }
}

/// Enrols a child whose parent is invited by SMS at `mobile` (as staff
/// type it), with the first follow-up open now; returns the patient's page.
async fn enrol_by_sms(app: &TestApp, staff: &StaffClient, mobile: &str) -> String {
    let index = follow_up_index(app).to_string();
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", "Ida Sms"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", "karen.sms@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
        ("respondent1_mobile", mobile),
        ("respondent1_channel", "sms"),
        ("respondent1_sms_consent", "yes"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    assert_eq!(response.status(), 303, "enrolled");
    response.headers()["location"].to_str().unwrap().trim_end_matches("?enrolled=1").to_owned()
}

/// Waits (up to 20 s) until `check` holds: Kannel delivers and reports on
/// its own time.
async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The address with the signature's first hex digit changed (same length).
fn flip_one_digit(address: &str) -> String {
    let at = address.find("sig=").expect("a signature") + 4;
    let digit = if address[at..].starts_with('0') { "1" } else { "0" };
    format!("{}{digit}{}", &address[..at], &address[at + 1..])
}

async fn deliveries(app: &TestApp) -> Vec<Option<String>> {
    app.texts("SELECT delivery FROM outbox WHERE channel = 'sms' ORDER BY created_at").await
}

async fn an_sms_invitation_goes_through_kannel_its_delivery_is_recorded_and_its_link_opens_the_questionnaire(backend: Backend) {
    let kannel = Kannel::start();
    let app = spawn_app_with(backend, |s| kannel.settings(s)).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = enrol_by_sms(&app, &staff, "20 12 34 56").await;
    let patient = staff.get(&page).await.text().await.unwrap();
    assert!(patient.contains("+45 20 12 34 56"), "the number as people write it");
    assert!(patient.contains("sagde ja til sms"), "with the consent's date");

    let round = app.run_scheduler().await;
    assert_eq!(round.sent, 1, "{round:?}");
    assert!(app.mailbox.sent().iter().all(|m| m.to != "karen.sms@example.dk"), "SMS instead of mail, not both");

    let (receiver, text) = eventually("the SMS at the fake centre", async || kannel.received().into_iter().next()).await;
    assert_eq!(receiver, "+4520123456");
    assert!(text.contains("Demo øre-næse-hals-klinik"), "the clinic's name, with æøå intact: {text}");
    assert!(!text.contains("Ida") && !text.contains("Karen"), "no names on a lock screen: {text}");
    let start = text.find("/p/").expect("the personal link");
    let link = text[start..].split_whitespace().next().unwrap().to_owned();

    // Kannel reports "taken by the centre" and "delivered" to the signed address.
    eventually("the delivery report", async || (deliveries(&app).await == [Some("delivered".to_owned())]).then_some(())).await;

    // The patient page says what went out and how it went.
    let patient = staff.get(&page).await.text().await.unwrap();
    assert!(patient.contains("Sms til Karen Hansen") && patient.contains(": leveret"), "the message's line");

    // The link in the SMS opens the questionnaire.
    let phone = open(&app, &link).await;
    let form = phone.get("/a").await.text().await.unwrap();
    assert!(form.contains("<form"), "the questionnaire");
}

async fn a_number_the_gateway_cannot_route_is_given_up_at_once_and_the_invitation_goes_by_email(backend: Backend) {
    let kannel = Kannel::start();
    let app = spawn_app_with(backend, |s| kannel.settings(s)).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // Kannel's configuration refuses this prefix ("Not routable").
    let page = enrol_by_sms(&app, &staff, &kannel.get("KANNEL_REJECT_TO")).await;
    let round = app.run_scheduler().await;
    assert_eq!((round.sent, round.failed, round.fell_back), (1, 1, 1), "refused, then e-mail in the same round: {round:?}");
    assert_eq!(deliveries(&app).await, [Some("rejected".to_owned())]);
    assert_eq!(app.texts("SELECT recipient FROM outbox WHERE channel = 'sms' AND failed_at IS NOT NULL").await.len(), 1, "given up");
    let mails = mails_to(&app, "karen.sms@example.dk");
    assert_eq!(mails.len(), 1, "the invitation went by e-mail instead");
    assert!(mails[0].subject.contains("Demo øre-næse-hals-klinik") || mails[0].text.contains("Demo øre-næse-hals-klinik"), "the invitation itself");
    let patient = staff.get(&page).await.text().await.unwrap();
    assert!(patient.contains("class=\"message-problem\"") && patient.contains("afvist af sms-gatewayen"), "the clinic sees the SMS did not go out");
    assert!(patient.contains("E-mail til Karen Hansen"), "and that the e-mail did");
    // The e-mail's link opens the questionnaire.
    let phone = open(&app, &link_in(&mails[0])).await;
    assert!(phone.get("/a").await.text().await.unwrap().contains("<form"));
    // Not tried again later, by either channel.
    app.clock.advance(time::Duration::hours(6));
    let later = app.run_scheduler().await;
    assert_eq!((later.sent, later.failed, later.fell_back), (0, 0, 0), "{later:?}");
    assert_eq!(mails_to(&app, "karen.sms@example.dk").len(), 1);
}

fn mails_to(app: &TestApp, address: &str) -> Vec<app::ports::OutgoingMail> {
    app.mailbox.sent().into_iter().filter(|m| m.to == address).collect()
}

/// The signed report address of the SMS written to the development folder
/// `dir`, for reports of type `kind`.
fn report_address(app: &TestApp, dir: &std::path::Path, kind: u32) -> String {
    let file = std::fs::read_dir(dir).unwrap().next().unwrap().unwrap().path();
    let written = std::fs::read_to_string(file).unwrap();
    let report = written.lines().find_map(|l| l.strip_prefix("Report: ")).expect("the report address");
    report.strip_prefix(&app.address).expect("on this app").replace("type=%d", &format!("type={kind}"))
}

async fn a_failed_sms_moves_the_respondent_to_email_once(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(backend, |s| s.sms_dir = dir.path().join("sms")).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = enrol_by_sms(&app, &staff, "+45 20 30 40 50").await;
    assert_eq!(app.run_scheduler().await.sent, 1);
    assert!(mails_to(&app, "karen.sms@example.dk").is_empty(), "SMS first");
    // Taken, then not delivered: the phone never got it.
    assert_eq!(app.get(&report_address(&app, &dir.path().join("sms"), 8)).await.status(), 204);
    assert_eq!(app.run_scheduler().await.fell_back, 0, "taken by the operator is not a failure");
    assert_eq!(app.get(&report_address(&app, &dir.path().join("sms"), 2)).await.status(), 204);
    // Two processes follow it up at the same moment: one e-mail.
    let replica = app.replica().await;
    let (round, other) = tokio::join!(app.run_scheduler(), replica.run_scheduler());
    assert_eq!((round.fell_back + other.fell_back, round.sent + other.sent), (1, 1), "{round:?} {other:?}");
    let mails = mails_to(&app, "karen.sms@example.dk");
    assert_eq!(mails.len(), 1, "the invitation by e-mail");
    let patient = staff.get(&page).await.text().await.unwrap();
    assert!(patient.contains("ikke leveret") && patient.contains("E-mail til Karen Hansen"), "both lines on the patient page");

    // A repeated failure report, another round, a second process: nothing more.
    assert_eq!(app.get(&report_address(&app, &dir.path().join("sms"), 2)).await.status(), 204);
    let again = app.run_scheduler().await;
    let other = replica.run_scheduler().await;
    assert_eq!((again.fell_back, again.sent, other.fell_back, other.sent), (0, 0, 0, 0));
    assert_eq!(mails_to(&app, "karen.sms@example.dk").len(), 1, "e-mail once");
    assert_eq!(app.count_rows("outbox").await, 2, "one SMS, one e-mail");

    // The reminder goes by SMS again (the first rung), and is a reminder.
    app.clock.advance(time::Duration::days(3));
    app.run_scheduler().await;
    let written = std::fs::read_dir(dir.path().join("sms")).unwrap().count();
    assert_eq!(written, 2, "the reminder by SMS");
}

async fn a_mail_given_up_moves_the_respondent_to_sms(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    // Mail cannot be written: the folder it goes to is a file.
    let blocked = dir.path().join("mail");
    std::fs::write(&blocked, "not a folder").unwrap();
    let mailer = server::mail::MailTransport::Directory { dir: blocked, from: "svar@example.dk".parse().unwrap() };
    let app = spawn_app_mailing_with(backend, |s| s.sms_dir = dir.path().join("sms"), Some(mailer)).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let index = follow_up_index(&app).to_string();
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", "Ida Mail"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", "karen.mail@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
        ("respondent1_mobile", "+45 20 30 40 51"),
        ("respondent1_channel", "email"),
        ("respondent1_sms_consent", "yes"),
    ];
    assert_eq!(staff.post_form("/staff/patients/new", &form).await.status(), 303);
    let sms = dir.path().join("sms");
    let first = app.run_scheduler().await;
    assert_eq!((first.sent, first.failed, first.fell_back), (0, 1, 0), "e-mail first, and it failed: {first:?}");
    assert!(!sms.exists(), "no SMS while the mail is still being tried");
    // Tried with back-off (1, 2, 4, ... 128 minutes), then given up.
    let mut fell_back = 0;
    for _ in 0..10 {
        app.clock.advance(time::Duration::hours(3));
        fell_back += app.run_scheduler().await.fell_back;
    }
    assert_eq!(fell_back, 1, "given up once, followed once");
    let written: Vec<_> = std::fs::read_dir(&sms).unwrap().collect();
    assert_eq!(written.len(), 1, "the invitation by SMS");
    let text = std::fs::read_to_string(written[0].as_ref().unwrap().path()).unwrap();
    assert!(text.contains("To: +4520304051") && text.contains("/p/"), "{text}");
}

async fn no_fallback_once_the_invitation_is_answered(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(backend, |s| s.sms_dir = dir.path().join("sms")).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol_by_sms(&app, &staff, "+45 20 30 40 52").await;
    assert_eq!(app.run_scheduler().await.sent, 1);
    let file = std::fs::read_dir(dir.path().join("sms")).unwrap().next().unwrap().unwrap().path();
    let written = std::fs::read_to_string(file).unwrap();
    let start = written.find("/p/").expect("the link");
    let link = written[start..].split_whitespace().next().unwrap().to_owned();
    let phone = open(&app, &link).await;
    crate::journey::answer_every_page(&phone, crate::journey::RED_FOLLOW_UP).await;
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    // The report of failure comes late, after the answer: no e-mail.
    assert_eq!(app.get(&report_address(&app, &dir.path().join("sms"), 2)).await.status(), 204);
    assert_eq!(deliveries(&app).await, [Some("failed".to_owned())], "the report is recorded");
    let round = app.run_scheduler().await;
    assert_eq!(round.fell_back, 0, "{round:?}");
    assert!(mails_to(&app, "karen.sms@example.dk").is_empty());
    let followed = app.texts("SELECT channel FROM outbox WHERE fallen_back_at IS NOT NULL").await;
    assert_eq!(followed, [Some("sms".to_owned())], "looked at once, and left");
}

async fn a_forged_repeated_or_late_delivery_report_changes_nothing(backend: Backend) {
    // No gateway needed: in development SMS are written to a folder, with
    // the same signed report address.
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(backend, |s| s.sms_dir = dir.path().join("sms")).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol_by_sms(&app, &staff, "+45 20 30 40 50").await;
    assert_eq!(app.run_scheduler().await.sent, 1);
    let file = std::fs::read_dir(dir.path().join("sms")).unwrap().next().unwrap().unwrap().path();
    let written = std::fs::read_to_string(file).unwrap();
    assert!(written.contains("To: +4520304050"), "{written}");
    let report = written.lines().find_map(|l| l.strip_prefix("Report: ")).expect("the report address").to_owned();
    let address = report.strip_prefix(&app.address).expect("on this app").to_owned();
    let id: uuid::Uuid = address.trim_start_matches("/hooks/sms/").split('?').next().unwrap().parse().expect("the message's id");
    let report_to = |kind: u32| address.replace("type=%d", &format!("type={kind}"));
    assert_eq!(deliveries(&app).await, [Some("accepted".to_owned())], "taken by the gateway");

    // Forged: no signature, another message's, a signature changed.
    let key = server::sms::report::ReportKey::new(app.bytes("SELECT value FROM secrets WHERE name = 'sms_report_key'").await);
    let other = uuid::Uuid::new_v4();
    for forged in [
        format!("/hooks/sms/{id}?type=2"),
        format!("/hooks/sms/{id}?sig={}&type=2", key.sign(other)),
        format!("/hooks/sms/{other}?sig={}&type=2", key.sign(id)),
        flip_one_digit(&report_to(2)),
    ] {
        assert_eq!(app.get(&forged).await.status(), 403, "{forged}");
    }
    assert_eq!(deliveries(&app).await, [Some("accepted".to_owned())], "forged reports change nothing");

    // A failure is final: a late "delivered" and a repeat change nothing.
    assert_eq!(app.get(&report_to(2)).await.status(), 204);
    assert_eq!(deliveries(&app).await, [Some("failed".to_owned())]);
    for late in [1, 8, 2, 16] {
        assert_eq!(app.get(&report_to(late)).await.status(), 204);
        assert_eq!(deliveries(&app).await, [Some("failed".to_owned())], "after a report of type {late}");
    }
    // A report for a message Svar never sent, properly signed, changes nothing either.
    assert_eq!(app.get(&format!("/hooks/sms/{other}?sig={}&type=1", key.sign(other))).await.status(), 204);
    // No type: a clear refusal.
    let no_type = app.get(&address.replace("&type=%d", "")).await;
    assert_eq!(no_type.status(), 400);
}

async fn sms_needs_a_valid_number_and_consent_and_the_form_says_so(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let before = app.count_rows("respondents").await;
    let base = [
        ("pathway", "ear_tubes"),
        ("index_date", "2026-12-01"),
        ("name", "Ida Sms"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", "karen.sms@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
        ("respondent1_channel", "sms"),
    ];
    for (extra, says) in [
        (vec![("respondent1_mobile", "1234 567"), ("respondent1_sms_consent", "yes")], "Et dansk nummer har 8 cifre"),
        (vec![("respondent1_sms_consent", "yes")], "sms kræver et mobilnummer"),
        (vec![("respondent1_mobile", "20304050")], "kun sms med samtykke"),
    ] {
        let mut form = base.to_vec();
        form.extend(extra.iter().copied());
        let refused = staff.post_form("/staff/patients/new", &form).await;
        assert_eq!(refused.status(), 422, "{extra:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(says), "{says}: {extra:?}");
        assert!(page.contains(r#"value="Karen Hansen""#), "nothing typed is lost");
    }
    assert_eq!(app.count_rows("respondents").await, before, "nothing stored");
}

async fn the_clinic_chooses_the_sender_name_its_sms_carry(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(backend, |s| s.sms_dir = dir.path().join("sms")).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    assert_eq!(clinician.post_form("/staff/clinic/sms-sender", &[("sms_sender", "OreKlinik")]).await.status(), 403, "admins only");
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    assert!(admin.get("/staff").await.text().await.unwrap().contains(r#"name="sms_sender""#));
    for bad in ["Øre Klinik", "OreKlinikken1", "12345678", ""] {
        let refused = admin.post_form("/staff/clinic/sms-sender", &[("sms_sender", bad)]).await;
        assert_eq!(refused.status(), 422, "{bad:?}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("Et afsendernavn har 1–11 bogstaver"), "{bad:?}");
    }
    let saved = admin.post_form("/staff/clinic/sms-sender", &[("sms_sender", "OreKlinik")]).await;
    assert_eq!(saved.headers()["location"], "/staff?sms_sender=saved");
    assert!(admin.get("/staff?sms_sender=saved").await.text().await.unwrap().contains(r#"value="OreKlinik""#));

    enrol_by_sms(&app, &clinician, "20304050").await;
    assert_eq!(app.run_scheduler().await.sent, 1);
    let file = std::fs::read_dir(dir.path().join("sms")).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(file).unwrap().contains("From: OreKlinik"));
}

async fn the_clinic_writes_its_own_sms_and_the_editor_refuses_names_and_a_third_part(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let app = spawn_app_with(backend, |s| s.sms_dir = dir.path().join("sms")).await;
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    let page = admin.get("/staff/authoring/mail").await.text().await.unwrap();
    assert!(page.contains("Sms-tekster") && page.contains("Invitation som sms på dansk"), "the SMS part of the texts page");
    assert!(page.contains("Op til ") && page.contains(": 1 sms."), "what Svar's own text costs");

    let save = |body: String| {
        let admin = &admin;
        async move {
            let form = [
                ("_form", "sms-invitation-da"),
                ("channel", "sms"),
                ("kind", "invitation"),
                ("language", "da"),
                ("_op", "save"),
                ("body", body.as_str()),
            ];
            admin.post_form("/staff/authoring/mail", &form).await
        }
    };
    // The child's name is for mails only.
    let named = save("Nyt skema om {child}: {link}".into()).await;
    assert_eq!(named.status(), 422);
    let page = named.text().await.unwrap();
    assert!(page.contains("{child} kan ikke stå i en sms"), "the reason, at the text");
    assert!(page.contains("id=\"sms-invitation-da-body\"") && page.contains("Nyt skema om {child}: {link}"), "the text as typed is kept");
    // Three parts with the clinic's name, the longest date and the link.
    let long = format!("{{clinic}}: {} {{link}}", "Husk at svare på spørgeskemaet. ".repeat(8));
    let refused = save(long.clone()).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("bliver op til 3 sms-dele"), "the price, before anything is sent");

    let saved = save("{clinic}: Et nyt skema venter. Svar senest {last_day}: {link}".into()).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(saved.headers()["location"], "/staff/authoring/mail#sms-invitation-da");
    let page = admin.get("/staff/authoring/mail").await.text().await.unwrap();
    assert!(page.contains("Klinikkens egen tekst") || page.contains("Et nyt skema venter"), "the clinic's own text is shown");
    let audit = admin.get("/staff/audit").await.text().await.unwrap();
    assert!(audit.contains("Ændrede sms-tekster"), "the change is audited");

    // A clinician may not change it.
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let form = [("_form", "sms-invitation-da"), ("channel", "sms"), ("kind", "invitation"), ("language", "da"), ("body", "{link}")];
    assert_eq!(clinician.post_form("/staff/authoring/mail", &form).await.status(), 403);

    // The invitation SMS is the clinic's text.
    enrol_by_sms(&app, &clinician, "+45 20 30 40 50").await;
    assert_eq!(app.run_scheduler().await.sent, 1);
    let file = std::fs::read_dir(dir.path().join("sms")).unwrap().next().unwrap().unwrap().path();
    let written = std::fs::read_to_string(file).unwrap();
    assert!(written.contains("Demo øre-næse-hals-klinik: Et nyt skema venter. Svar senest "), "{written}");
    assert!(written.contains("/p/"), "with the personal link: {written}");

    // Back to Svar's text.
    let form = [("_form", "sms-invitation-da"), ("channel", "sms"), ("kind", "invitation"), ("language", "da"), ("_op", "reset")];
    assert_eq!(admin.post_form("/staff/authoring/mail", &form).await.status(), 303);
    assert!(!admin.get("/staff/authoring/mail").await.text().await.unwrap().contains("Et nyt skema venter"));
}
