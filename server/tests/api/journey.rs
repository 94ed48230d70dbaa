//! The patient journey over HTTP, as a parent's phone without JavaScript
//! does it: the scheduler mails a personal link, the link is exchanged
//! for a session, the questionnaire is answered page by page and
//! submitted; reminders, no-response items, re-planning, the date-of-birth
//! check and two schedulers on one database.

use std::sync::Arc;

use app::schedule::port::InvitationStatus;
use time::Duration;

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};

backend_tests!(
    enrolment_plans_invitations_and_the_scheduler_mails_a_personal_link,
    answering_page_by_page_without_javascript_stores_one_response_with_its_flags,
    a_reminder_then_a_no_response_item_when_nobody_answers,
    answers_saved_but_never_sent_reach_the_worklist_as_red_when_the_window_closes,
    the_clinic_sets_its_time_zone_and_invitations_go_out_at_seven_on_its_clock,
    a_window_closes_at_midnight_on_the_clinics_clock_not_at_midnight_utc,
    invitations_go_out_at_seven_in_copenhagen_an_hour_before_seven_utc,
    moving_the_index_date_moves_pending_invitations_and_ending_cancels_them,
    the_birth_date_check_has_a_hard_attempt_limit,
    unknown_links_and_missing_sessions_are_explained,
    a_contact_request_reaches_the_worklist_at_once,
    concurrent_submissions_are_committed_together_and_each_stored_once,
    ending_an_enrolment_stops_its_open_link_and_session_at_once,
);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// Enrols a child into the ear-tube pathway with the given index date;
/// returns the patient's id.
pub(crate) async fn enrol(staff: &StaffClient, index_date: time::Date, email: &str) -> app::domain::PatientId {
    let index = index_date.to_string();
    let name = format!("Ida {}", &email[..email.find('@').unwrap()]);
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", name.as_str()),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", email),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    assert_eq!(response.status(), 303, "enrolled");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").parse().expect("patient id")
}

/// An index date that makes the first follow-up (1 month after) open
/// since yesterday; the baseline window has closed.
pub(crate) fn follow_up_index(app: &TestApp) -> time::Date {
    let today = app.clock.now_date();
    today.replace_month(today.month().previous()).ok().unwrap_or(today - Duration::days(31)) - Duration::days(1)
}

pub(crate) fn link_in(mail: &app::ports::OutgoingMail) -> String {
    let start = mail.text.find("/p/").expect("a link in the mail");
    let token: String = mail.text[start + 3..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    format!("/p/{token}")
}

pub(crate) async fn clinic_id(app: &TestApp) -> app::domain::ClinicId {
    let slug = app::domain::ClinicSlug::parse("demo-ent").unwrap();
    app.store.clinic_by_slug(&slug).await.unwrap().unwrap().id
}

async fn invitations(app: &TestApp, patient: app::domain::PatientId) -> Vec<app::schedule::port::InvitationRecord> {
    app.store.patient_invitations(clinic_id(app).await, patient).await.unwrap()
}

/// Opens the link as a phone would: landing page, then the button.
pub(crate) async fn open(app: &TestApp, link: &str) -> StaffClient {
    let phone = app.browser();
    let landing = phone.get(link).await;
    assert_eq!(landing.status(), 200);
    assert!(landing.text().await.unwrap().contains("Demo øre-næse-hals-klinik"), "the landing page names the clinic");
    let opened = phone.post_form(link, &[]).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], "/a", "the token leaves the address");
    let cookie = opened.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    phone
}

pub(crate) use crate::fixtures::RED_FOLLOW_UP;

/// Answers page after page with "next" until the review page; returns how
/// many pages there were. Every field is posted on every page, and only
/// the page's own are taken.
pub(crate) async fn answer_every_page(phone: &StaffClient, answers: &[(&str, &str)]) -> usize {
    let mut location = "/a?page=0".to_owned();
    let mut pages = 0;
    while let Some(page) = location.strip_prefix("/a?page=").map(str::to_owned) {
        let page = page.as_str();
        pages += 1;
        assert!(pages < 20, "the pages end");
        let mut form = vec![("page", page), ("action", "next")];
        form.extend_from_slice(answers);
        let response = phone.post_form("/a/page", &form).await;
        assert_eq!(response.status(), 303);
        location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(!location.contains("check=1"), "page {page} is complete");
    }
    assert_eq!(location, "/a/review");
    pages
}

async fn enrolment_plans_invitations_and_the_scheduler_mails_a_personal_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;

    let round = app.run_scheduler().await;

    assert_eq!(round.planned, 1);
    let planned = invitations(&app, patient).await;
    assert!(planned.len() >= 8, "follow-ups every 12 weeks for two years: {}", planned.len());
    assert!(planned.iter().all(|i| i.timepoint == "follow_up"), "the closed baseline window is not planned");
    assert_eq!(planned[0].status, InvitationStatus::Open);
    assert!(planned[1..].iter().all(|i| i.status == InvitationStatus::Planned));
    let mails = app.mailbox.sent();
    assert_eq!(mails.len(), 1, "one invitation, one respondent");
    let mail = &mails[0];
    assert_eq!(mail.to, "karen@example.dk");
    assert!(mail.subject.contains("Ida") && mail.subject.contains("Demo øre-næse-hals-klinik"), "{}", mail.subject);
    assert!(!mail.text.contains("2020"), "no date of birth in the mail");
    assert!(mail.html.as_deref().unwrap().contains("/p/"), "HTML part with the link");

    assert_eq!(app.run_scheduler().await, server::jobs::Round::default(), "nothing is sent twice");

    let phone = open(&app, &link_in(mail)).await;
    let page = phone.get("/a").await.text().await.unwrap();
    assert!(page.contains("Side 1 af"), "progress is shown");
    assert!(page.contains("name=\"discharge\""), "the first page's questions");
    // The form is sent with its conditions for hydration, but not the
    // clinic's rules: their ids, expressions and rationale stay on the server.
    assert!(!page.contains("persistent_discharge") && !page.contains("granulationsvæv"), "rules in the page");
    let review = phone.get("/a/review").await.text().await.unwrap();
    assert!(review.contains("Gennemse dine svar") && review.contains("løbet væske (flåd)"), "the review lists the questions");
    assert!(!review.contains("persistent_discharge") && !review.contains("granulationsvæv"), "rules in the review page");
}

async fn answering_page_by_page_without_javascript_stores_one_response_with_its_flags(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let phone = open(&app, &link_in(&app.mailbox.sent()[0])).await;

    // "Next" with nothing answered keeps the respondent on the page with the problems.
    let empty = phone.post_form("/a/page", &[("page", "0"), ("action", "next")]).await;
    assert_eq!(empty.headers()["location"], "/a?page=0&check=1");
    let page = phone.get("/a?page=0&check=1").await.text().await.unwrap();
    assert!(page.contains("error-summary") && page.contains("href=\"#discharge\""), "errors link to their field");

    let pages = answer_every_page(&phone, RED_FOLLOW_UP).await;
    assert!(pages > 1, "one page per group");

    // The draft is on the server: a second device with a new link session sees it.
    let review = phone.get("/a/review").await.text().await.unwrap();
    assert!(review.contains("Mere end 14 dage") || review.contains("14"), "answers are read back");

    let submitted = phone.post_form("/a/submit", &[]).await;
    assert_eq!(submitted.headers()["location"], "/a/done");
    let again = phone.post_form("/a/submit", &[]).await;
    assert_eq!(again.headers()["location"], "/a/done", "a second submit is harmless");
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("Tak for dine svar"));

    let (status, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    let responses = detail["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "one response however often it was submitted");
    assert_eq!(responses[0]["entry_mode"], "respondent");
    let flags: Vec<&str> = responses[0]["flags"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert!(flags.contains(&"persistent_discharge"), "{flags:?}");
    assert_eq!(invitations(&app, patient).await[0].status, InvitationStatus::Answered);

    // Answered: the link says so, and no reminder follows.
    let link = link_in(&app.mailbox.sent()[0]);
    let landing = app.browser().get(&link).await.text().await.unwrap();
    assert!(landing.contains("allerede besvaret"));
    app.clock.advance(Duration::days(20));
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), 1, "no reminder after an answer");
    assert!(app.store.open_worklist_items(clinic_id(&app).await, patient).await.unwrap().is_empty());
}

async fn a_reminder_then_a_no_response_item_when_nobody_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), 1);

    // Reminders 3 and 7 days after opening (it opened yesterday).
    app.clock.advance(Duration::days(7));
    app.run_scheduler().await;
    let mails = app.mailbox.sent();
    assert_eq!(mails.len(), 3, "two reminders");
    assert!(mails[1].subject.starts_with("Påmindelse"), "{}", mails[1].subject);
    assert_ne!(link_in(&mails[0]), link_in(&mails[1]), "every mail has its own link");

    // The 14-day window closes: a no-response item, and the links stop working.
    app.clock.advance(Duration::days(7));
    app.run_scheduler().await;
    let items = app.store.open_worklist_items(clinic_id(&app).await, patient).await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].0, "no_response");
    assert_eq!(invitations(&app, patient).await[0].status, InvitationStatus::Missed);
    let landing = app.browser().get(&link_in(&mails[0])).await.text().await.unwrap();
    assert!(landing.contains("kan ikke længere besvares"), "closed");
    assert_eq!(app.mailbox.sent().len(), 3, "no more mail for a closed invitation");
}

/// A parent answers every page, a red answer among them, and never sends:
/// when the window closes, the clinic must learn of the red answer, not
/// only that nothing came (as the Swedish GynOp registry does). A draft
/// with nothing urgent stays an ordinary "no response".
async fn answers_saved_but_never_sent_reach_the_worklist_as_red_when_the_window_closes(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    admin.post_form("/staff/clinic/notify", &[("notify_email", "vagt@demo-ent.example")]).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let red = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    let calm = enrol(&staff, follow_up_index(&app), "ole@example.dk").await;
    app.run_scheduler().await;
    let link_to = |to: &str| app.mailbox.sent().iter().find(|m| m.to == to).map(link_in).expect("an invitation");
    let calm_answers: Vec<(&str, &str)> = RED_FOLLOW_UP.iter().map(|&(k, v)| if k == "discharge" { (k, "no") } else { (k, v) }).collect();
    answer_every_page(&open(&app, &link_to("karen@example.dk")).await, RED_FOLLOW_UP).await;
    answer_every_page(&open(&app, &link_to("ole@example.dk")).await, &calm_answers).await;
    let before = app.mailbox.sent().len();

    app.clock.advance(Duration::days(14));
    app.run_scheduler().await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = staff.get("/staff/worklist").await.text().await.unwrap();
    let red_at = page.find("urgency-red").expect("the unsent red answer is a red entry");
    let row = &page[red_at..red_at + page[red_at..].find("</tr>").unwrap()];
    assert!(row.contains("Ikke sendt"), "marked as never sent: {row}");
    assert!(row.contains("Væske fra øret i over en uge"), "with the red rule's reason: {row}");
    assert!(page.contains("urgency-no_response"), "the calm draft is an ordinary no-response entry");
    assert_eq!(page.matches("urgency-red").count(), 1, "only the red draft is red");

    let start = row.find("href=\"/staff/worklist/no_response/").expect("a link to the entry") + "href=\"".len();
    let link: String = row[start..].chars().take_while(|c| *c != '"').collect();
    let entry = staff.get(&link).await.text().await.unwrap();
    assert!(entry.contains("aldrig sendt"), "the entry says the answers were never sent");
    assert!(entry.contains("forløb med væske fra øret? Mere end 14 dage"), "and the saved answers that made it red");

    let notices: Vec<_> = app.mailbox.sent()[before..].iter().filter(|m| m.to == "vagt@demo-ent.example").cloned().collect();
    assert_eq!(notices.len(), 1, "the clinic is notified of the red draft, once");
    assert!(notices[0].text.contains("/staff/worklist/no_response/"), "{}", notices[0].text);
    assert!(!notices[0].text.contains("Ida") && !notices[0].text.contains("karen"), "no patient details");
    for patient in [red, calm] {
        let items = app.store.open_worklist_items(clinic_id(&app).await, patient).await.unwrap();
        assert_eq!(items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), ["no_response"]);
    }
    let after_close = app.mailbox.sent().len();
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), after_close, "nothing more on the next round");
}

/// An admin sets the clinic's time zone (a name the database knows; not
/// a clinician); a new enrolment's invitation goes out at 07:00 on that
/// clock, not on Copenhagen's (the times are computed for the season the
/// test runs in).
async fn the_clinic_sets_its_time_zone_and_invitations_go_out_at_seven_on_its_clock(backend: Backend) {
    use app::ports::Clock;
    use app::schedule::zone::{local, zone};
    let app = spawn_app(backend).await;
    let clinic = clinic_id(&app).await;
    assert_eq!(app.store.clinic_time_zone(clinic).await.unwrap(), "Europe/Copenhagen", "the default");
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    let refused = admin.post_form("/staff/clinic/time-zone", &[("time_zone", "Europe/Aarhus")]).await;
    assert_eq!(refused.status(), 422, "the overview again, saying why");
    let overview = refused.text().await.unwrap();
    assert!(overview.contains("Det er ikke en tidszone.") && overview.contains(r#"value="Europe/Aarhus""#), "what was typed is kept");
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    assert_eq!(clinician.post_form("/staff/clinic/time-zone", &[("time_zone", "Europe/London")]).await.status(), 403, "admins only");
    let saved = admin.post_form("/staff/clinic/time-zone", &[("time_zone", "Europe/London")]).await;
    assert_eq!(saved.headers()["location"], "/staff?zone=saved");
    assert_eq!(app.store.clinic_time_zone(clinic).await.unwrap(), "Europe/London");
    let overview = admin.get("/staff").await.text().await.unwrap();
    assert!(overview.contains("value=\"Europe/London\""), "the overview shows the zone");

    // The baseline opens two days before the operation, at 07:00 in London.
    let today = app.clock.now_date();
    enrol(&clinician, today + Duration::days(30), "karen@example.dk").await;
    app.run_scheduler().await;
    let opens = today + Duration::days(28);
    let london = local(opens, time::macros::time!(07:00), zone("Europe/London"));
    let copenhagen = local(opens, time::macros::time!(07:00), zone("Europe/Copenhagen"));
    assert!(copenhagen < london - Duration::minutes(30));
    app.clock.advance(london - Duration::minutes(1) - app.clock.now());
    app.run_scheduler().await;
    assert!(app.mailbox.sent().is_empty(), "not at 07:00 in Copenhagen, nor a minute before 07:00 in London");
    app.clock.advance(Duration::minutes(2));
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), 1, "at 07:00 in London");
}

async fn moving_the_index_date_moves_pending_invitations_and_ending_cancels_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let today = app.clock.now_date();
    let patient = enrol(&staff, today + Duration::days(30), "karen@example.dk").await;
    app.run_scheduler().await;
    let before = invitations(&app, patient).await;
    assert_eq!(before[0].timepoint, "baseline");
    assert_eq!(before[0].opens_on, today + Duration::days(28), "two days before the operation");
    assert!(app.mailbox.sent().is_empty(), "nothing is due yet");

    let (status, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    assert_eq!(status, 200);
    let enrolment = serde_json::from_str::<serde_json::Value>(&body).unwrap()["enrolments"][0]["id"].as_str().unwrap().to_owned();
    let moved = (today + Duration::days(40)).to_string();
    let response = staff.post_form(&format!("/staff/enrolments/{enrolment}"), &[("action", "index_date"), ("index_date", &moved)]).await;
    assert_eq!(response.status(), 303);
    app.run_scheduler().await;
    let after = invitations(&app, patient).await;
    assert_eq!(after[0].opens_on, today + Duration::days(38), "the pending invitation moved with the operation");
    assert_eq!(after.len(), before.len());

    let response = staff.post_form(&format!("/staff/enrolments/{enrolment}"), &[("action", "end"), ("reason", "Moved away")]).await;
    assert_eq!(response.status(), 303);
    app.run_scheduler().await;
    assert!(invitations(&app, patient).await.is_empty(), "nothing is planned for an ended enrolment");
    app.clock.advance(Duration::days(60));
    app.run_scheduler().await;
    assert!(app.mailbox.sent().is_empty(), "and nothing is sent");
}

async fn the_birth_date_check_has_a_hard_attempt_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    app.store.set_verify_birth_date(clinic_id(&app).await, true).await.unwrap();
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let link = link_in(&app.mailbox.sent()[0]);
    let phone = app.browser();
    assert!(phone.get(&link).await.text().await.unwrap().contains("name=\"birth_date\""));

    let missing = phone.post_form(&link, &[]).await;
    assert_eq!(missing.headers()["location"].to_str().unwrap(), format!("{link}?problem=birth_date_needed"));
    for left in (1..=4).rev() {
        let wrong = phone.post_form(&link, &[("birth_date", "01-01-2019")]).await;
        assert_eq!(wrong.headers()["location"].to_str().unwrap(), format!("{link}?problem=birth_date_wrong&left={left}"));
    }
    let last = phone.post_form(&link, &[("birth_date", "01-01-2019")]).await;
    assert_eq!(last.headers()["location"].to_str().unwrap(), link, "locked");
    let right = phone.post_form(&link, &[("birth_date", "05-05-2020")]).await;
    assert_eq!(right.headers()["location"].to_str().unwrap(), link, "still locked with the right date");
    assert!(right.headers().get("set-cookie").is_none());
    assert!(phone.get(&link).await.text().await.unwrap().contains("spærret"));

    // Guesses sent all at once are each counted before they are compared:
    // at most four are told "wrong", the fifth locks, the rest are refused.
    enrol(&staff, follow_up_index(&app), "race@example.dk").await;
    app.run_scheduler().await;
    let race_link = link_in(app.mailbox.sent().iter().find(|m| m.to == "race@example.dk").unwrap());
    let guesses: Vec<_> = (0..12)
        .map(|n| {
            let (client, link) = (app.browser(), race_link.clone());
            let date = format!("{:02}-01-2019", n + 1);
            tokio::spawn(async move {
                let response = client.post_form(&link, &[("birth_date", &date)]).await;
                response.headers()["location"].to_str().unwrap().contains("birth_date_wrong")
            })
        })
        .collect();
    let mut told_wrong = 0;
    for g in guesses {
        told_wrong += usize::from(g.await.unwrap());
    }
    assert_eq!(told_wrong, 4, "exactly four wrong guesses were compared before the lock");
    let right = app.browser().post_form(&race_link, &[("birth_date", "05-05-2020")]).await;
    assert!(right.headers().get("set-cookie").is_none(), "locked for the right date too");

    // Another invitation's link is not affected; the right date opens it.
    let fresh = app.browser();
    app.store.set_verify_birth_date(clinic_id(&app).await, true).await.unwrap();
    let other = enrol(&staff, follow_up_index(&app), "far@example.dk").await;
    let _ = other;
    app.run_scheduler().await;
    let link = link_in(app.mailbox.sent().iter().find(|m| m.to == "far@example.dk").unwrap());
    let opened = fresh.post_form(&link, &[("birth_date", "2020-05-05")]).await;
    assert_eq!(opened.headers()["location"], "/a");
}

async fn unknown_links_and_missing_sessions_are_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    let phone = app.browser();
    let unknown = phone.get("/p/not-a-real-token").await;
    assert_eq!(unknown.status(), 200);
    assert!(unknown.text().await.unwrap().contains("Linket findes ikke"));
    let post = phone.post_form("/p/not-a-real-token", &[]).await;
    assert_eq!(post.headers()["location"], "/p/not-a-real-token");
    assert!(post.headers().get("set-cookie").is_none());
    let page = phone.get("/a").await.text().await.unwrap();
    assert!(page.contains("session er udløbet"), "no session: open the link again");
    let save = phone.post_form("/a/page", &[("page", "0"), ("discharge", "yes")]).await;
    assert_eq!(save.headers()["location"], "/a", "nothing is saved without a session");
}

async fn a_contact_request_reaches_the_worklist_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let phone = open(&app, &link_in(&app.mailbox.sent()[0])).await;

    let response = phone.post_form("/a/page", &[("page", "0"), ("action", "contact"), ("discharge", "yes")]).await;

    assert_eq!(response.headers()["location"], "/a?page=0&contacted=1");
    let items = app.store.open_worklist_items(clinic_id(&app).await, patient).await.unwrap();
    assert_eq!(items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), vec!["contact_request"]);
    let page = phone.get("/a?page=0&contacted=1").await.text().await.unwrap();
    assert!(page.contains("ønsker at blive kontaktet"));
    assert!(page.contains("value=\"yes\" checked") || page.contains("checked"), "what was typed is kept");
    phone.post_form("/a/page", &[("page", "0"), ("action", "contact")]).await;
    assert_eq!(app.store.open_worklist_items(clinic_id(&app).await, patient).await.unwrap().len(), 1, "once per invitation");
}

/// Two Svar processes (two pools) run the scheduler at the same time
/// against one PostgreSQL: every invitation is mailed exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_schedulers_on_one_postgres_send_every_mail_exactly_once() {
    if crate::helpers::skip_postgres() {
        return;
    }
    crate::helpers::within_time_limit(async {
        let app = spawn_app(Backend::Postgres).await;
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        let index = follow_up_index(&app);
        const PATIENTS: usize = 25;
        for n in 0..PATIENTS {
            enrol(&staff, index, &format!("parent{n}@example.dk")).await;
        }
        let second = server::store::SqlStore::connect_postgres(&app.db_url(), 5).await.unwrap();
        let mut other = app.state.clone();
        other.store = Arc::new(second);
        let a = server::jobs::Scheduler::new(app.state.clone());
        let b = server::jobs::Scheduler::new(other);
        for _ in 0..3 {
            let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
            ra.unwrap();
            rb.unwrap();
        }
        let mut to: Vec<String> = app.mailbox.sent().into_iter().map(|m| m.to).collect();
        assert_eq!(to.len(), PATIENTS, "every invitation mailed once: {to:?}");
        to.sort();
        to.dedup();
        assert_eq!(to.len(), PATIENTS, "nobody got two");
    })
    .await;
}

/// Two `svar serve` replicas behind one PostgreSQL, as the README's
/// "Several replicas" describes: both run the scheduler at once, parents
/// answer through either, and a double tap on "send" reaches both replicas
/// at the same moment. Every invitation is mailed once, and every response,
/// with its flag, is stored once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_on_one_postgres_store_every_response_and_mail_once() {
    if crate::helpers::skip_postgres() {
        return;
    }
    crate::helpers::within_time_limit(async {
        let a = spawn_app(Backend::Postgres).await;
        let b = a.replica().await;
        let staff = a.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        let index = follow_up_index(&a);
        const PATIENTS: usize = 8;
        let mut patients = Vec::new();
        for n in 0..PATIENTS {
            patients.push(enrol(&staff, index, &format!("parent{n}@example.dk")).await);
        }
        let schedulers = (server::jobs::Scheduler::new(a.state.clone()), server::jobs::Scheduler::new(b.state.clone()));
        let (ra, rb) = tokio::join!(schedulers.0.run_once(), schedulers.1.run_once());
        ra.unwrap();
        rb.unwrap();
        let mails = a.mailbox.sent();
        assert_eq!(mails.len(), PATIENTS, "every invitation mailed once by one of the two");

        for (n, mail) in mails.iter().enumerate() {
            let (here, there) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
            let phone = open(here, &link_in(mail)).await;
            answer_every_page(&phone, RED_FOLLOW_UP).await;
            let elsewhere = phone.on(there);
            let (first, second, third) =
                tokio::join!(phone.post_form("/a/submit", &[]), elsewhere.post_form("/a/submit", &[]), elsewhere.post_form("/a/submit", &[]));
            for sent in [first, second, third] {
                assert_eq!(sent.headers()["location"], "/a/done", "every tap ends on the receipt");
            }
        }

        let clinic = clinic_id(&a).await;
        for patient in &patients {
            let responses = a.store.patient_responses(clinic, *patient).await.unwrap();
            assert_eq!(responses.len(), 1, "one response per parent");
            assert!(responses[0].flags.iter().any(|f| f.rule_id == "persistent_discharge"), "its red flag with it");
            assert_eq!(invitations(&b, *patient).await[0].status, InvitationStatus::Answered, "both replicas see it answered");
        }
        // More rounds on both: nothing is sent twice.
        for _ in 0..2 {
            let (ra, rb) = tokio::join!(schedulers.0.run_once(), schedulers.1.run_once());
            ra.unwrap();
            rb.unwrap();
        }
        let mut sent: Vec<(String, String)> = a.mailbox.sent().into_iter().map(|m| (m.to, m.subject)).collect();
        let all = sent.len();
        sent.sort();
        sent.dedup();
        assert_eq!(sent.len(), all, "no mail twice: {sent:?}");
    })
    .await;
}

/// Submissions arriving together share one commit (group commit); each is
/// stored once, a repeated key names the first, and every caller gets its
/// own answer.
async fn concurrent_submissions_are_committed_together_and_each_stored_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    let clinic = clinic_id(&app).await;
    let compiled = app.state.definitions.shipped_questionnaire("ear_tubes_follow_up").unwrap();
    let fields: Vec<(String, String)> = RED_FOLLOW_UP.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let answers = app::engine::form::answers_from_form(compiled.questionnaire(), &fields);
    let evaluation = compiled.evaluate(&answers, &app::engine::History::default());
    let now = app.clock.now_date().midnight().assume_utc();
    let store = |key: String| {
        let (store, answers, evaluation) = (app.store.clone(), answers.clone(), evaluation.clone());
        async move {
            store
                .store_response(&app::responses::port::NewResponse {
                    id: app::domain::ResponseId::random(),
                    clinic_id: clinic,
                    patient_id: patient,
                    enrolment_id: None,
                    invitation_id: None,
                    questionnaire_id: &evaluation.questionnaire,
                    questionnaire_version: evaluation.version,
                    answers: &answers,
                    scores: &evaluation.scores,
                    flags: &evaluation.flags,
                    has_comment: false,
                    entry_mode: app::responses::EntryMode::StaffPaper,
                    respondent_id: None,
                    entered_by: None,
                    submission_key: &key,
                    now,
                    notification: None,
                    audit: None,
                })
                .await
                .expect("stored")
        }
    };
    // 40 distinct forms, the first 10 of them submitted twice, all at once.
    let keys: Vec<String> = (0..40).chain(0..10).map(|n| format!("form-{n}")).collect();
    let tasks: Vec<_> = keys.into_iter().map(|k| tokio::spawn(store(k))).collect();
    let mut new = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), app::responses::port::StoredResponse::New(_)) {
            new += 1;
        }
    }
    assert_eq!(new, 40, "one response per form");
    let stored = app.store.patient_responses(clinic, patient).await.unwrap();
    assert_eq!(stored.len(), 40);
    assert!(stored.iter().all(|r| r.flags.iter().any(|f| f.rule_id == "persistent_discharge")), "flags stored with each");
}

/// A clinic that ends a follow-up (the family moved, say) stops the open
/// invitation at once: the parent's open answering session can save no
/// more and the link no longer opens, before any scheduler round.
async fn ending_an_enrolment_stops_its_open_link_and_session_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let link = link_in(&app.mailbox.sent()[0]);
    let phone = open(&app, &link).await;
    let saved = phone.post_form("/a/page", &[("page", "0"), ("action", "next"), ("discharge", "no")]).await;
    assert_eq!(saved.status(), 303, "the session works before");

    let (_, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    let enrolment = serde_json::from_str::<serde_json::Value>(&body).unwrap()["enrolments"][0]["id"].as_str().unwrap().to_owned();
    let ended = staff.post_form(&format!("/staff/enrolments/{enrolment}"), &[("action", "end"), ("reason", "Moved away")]).await;
    assert_eq!(ended.status(), 303);

    // No scheduler round in between.
    let page = phone.get("/a").await.text().await.unwrap();
    assert!(page.contains("kan ikke længere besvares"), "the answering page says it is closed");
    let refused = phone.post_form("/a/page", &[("page", "0"), ("action", "next"), ("discharge", "yes")]).await;
    assert_ne!(refused.headers()["location"], "/a?page=1", "nothing more is saved");
    let submitted = phone.post_form("/a/submit", &[]).await;
    assert_ne!(submitted.headers()["location"], "/a/done");
    let landing = app.browser().post_form(&link.replace(&app.address, ""), &[]).await;
    assert_ne!(landing.headers()["location"], "/a", "the link no longer opens a session");
}

/// A window closes when its last day ends in the clinic's own calendar:
/// in Copenhagen that is 23:00 UTC in winter (22:00 in summer). Reproduced
/// on the old code: the answering page and the link still took answers
/// until midnight UTC, an hour or two into the closed day.
async fn a_window_closes_at_midnight_on_the_clinics_clock_not_at_midnight_utc(backend: Backend) {
    use app::ports::Clock;
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let open_now = invitations(&app, patient).await.into_iter().find(|i| i.status == InvitationStatus::Open).expect("open");
    let closes_at = app::schedule::zone::closes_at(open_now.closes_on, "Europe/Copenhagen");
    assert!(closes_at < open_now.closes_on.midnight().assume_utc(), "Copenhagen is ahead of UTC");

    app.clock.advance(closes_at - Duration::minutes(1) - app.clock.now());
    let link = link_in(&app.mailbox.sent()[0]);
    let phone = open(&app, &link).await;
    assert!(phone.get("/a").await.text().await.unwrap().contains("Side 1 af"), "a minute before the window closes");

    app.clock.advance(Duration::minutes(2));
    let page = phone.get("/a").await.text().await.unwrap();
    assert!(page.contains("kan ikke længere besvares"), "a minute after, though it is not yet midnight UTC: {page}");
    let saved = phone.post_form("/a/page", &[("page", "0"), ("action", "next"), ("discharge", "no")]).await;
    assert_eq!(saved.headers()["location"], "/a", "a late post is refused, not stored");
    let landing = app.browser().get(&link).await.text().await.unwrap();
    assert!(landing.contains("Linket er udløbet"), "the link has expired too: {landing}");
}

/// Copenhagen is UTC+1 in winter and +2 in summer: seven there is 06:00 or
/// 05:00 UTC. Reproduced on the old code with SQLite: instants were kept
/// with their offset as text ("07:00+01:00"), compared as text with the
/// clock in UTC, so the invitation went out an hour late.
async fn invitations_go_out_at_seven_in_copenhagen_an_hour_before_seven_utc(backend: Backend) {
    use app::ports::Clock;
    use app::schedule::zone::{local, zone};
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let today = app.clock.now_date();
    enrol(&staff, today + Duration::days(30), "karen@example.dk").await;
    app.run_scheduler().await;
    let seven = local(today + Duration::days(28), time::macros::time!(07:00), zone("Europe/Copenhagen"));
    assert!(seven.to_offset(time::UtcOffset::UTC).hour() < 7, "before seven UTC");
    app.clock.advance(seven - Duration::minutes(1) - app.clock.now());
    app.run_scheduler().await;
    assert!(app.mailbox.sent().is_empty(), "not a minute before seven in Copenhagen");
    app.clock.advance(Duration::minutes(2));
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), 1, "at seven in Copenhagen");
}
