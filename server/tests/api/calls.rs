//! The call list: an invitation still unanswered after its last automatic
//! message is listed for staff to phone, with the numbers as `tel:`
//! links; every call is logged and audited; "will answer online" sends the
//! link again, "answered by phone" leads to the staff entry; answering
//! takes it off the list; other clinics see and touch nothing of it.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{answer_every_page, follow_up_index, link_in, open, RED_FOLLOW_UP};

backend_tests!(
    will_answer_online_is_refused_when_nobody_can_be_sent_the_link,
    an_unanswered_invitation_reaches_the_call_list_after_its_last_reminder_and_leaves_it_when_answered,
    a_call_is_logged_audited_and_a_refused_one_keeps_what_was_written,
    will_answer_online_sends_the_link_again_and_answered_by_phone_leads_to_the_entry_form,
    another_clinic_sees_and_touches_nothing_of_the_call_list,
);

const CLINICIAN: &str = "clinician@demo-ent.example";
const EMAIL: &str = "karen.call@example.dk";

/// Enrols a child whose mother has a mobile number (no SMS consent: she is
/// invited by e-mail), with the first follow-up open since yesterday.
async fn enrol_with_phone(staff: &StaffClient, app: &TestApp) -> app::domain::PatientId {
    let index = follow_up_index(app).to_string();
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", "Ida Opkald"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", EMAIL),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
        ("respondent1_mobile", "20 12 34 56"),
        ("respondent1_channel", "email"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    assert_eq!(response.status(), 303, "enrolled");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").parse().expect("patient id")
}

/// Invited, reminded twice (days 3 and 7 after opening), still unanswered.
async fn unanswered_after_reminders(app: &TestApp, staff: &StaffClient) -> app::domain::PatientId {
    let patient = enrol_with_phone(staff, app).await;
    app.run_scheduler().await;
    for _ in 0..8 {
        app.clock.advance(time::Duration::days(1));
        app.run_scheduler().await;
    }
    assert_eq!(mails_to(app), 3, "the invitation and two reminders");
    patient
}

fn mails_to(app: &TestApp) -> usize {
    app.mailbox.sent().iter().filter(|m| m.to == EMAIL).count()
}

/// The invitation id of the (only) entry on the page.
fn invitation_on(page: &str) -> String {
    let start = page.find("name=\"invitation\" value=\"").expect("an entry's form") + "name=\"invitation\" value=\"".len();
    page[start..].chars().take_while(|c| *c != '"').collect()
}

/// The first colleague the assign form offers.
fn first_colleague(page: &str) -> String {
    let select = &page[page.find("id=\"assignee-").expect("the assign form")..];
    let options = &select[select.find("<option value=\"\"").expect("nobody")..];
    let start = options[1..].find("<option value=\"").expect("a colleague") + 1 + "<option value=\"".len();
    options[start..].chars().take_while(|c| *c != '"').collect()
}

async fn calls_page(staff: &StaffClient) -> String {
    let response = staff.get("/staff/calls").await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn an_unanswered_invitation_reaches_the_call_list_after_its_last_reminder_and_leaves_it_when_answered(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol_with_phone(&staff, &app).await;
    app.run_scheduler().await;
    // Reminders still to come, or the last sent less than a day ago: not
    // on the list yet.
    for day in 0..7 {
        // Staff sessions end after hours: a new one each day.
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        let page = calls_page(&staff).await;
        assert!(!page.contains("Ida Opkald"), "day {day}: the reminders are still to come");
        app.clock.advance(time::Duration::days(1));
        app.run_scheduler().await;
    }
    assert_eq!(mails_to(&app), 3, "the invitation and two reminders");
    app.clock.advance(time::Duration::days(1));
    app.run_scheduler().await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = calls_page(&staff).await;
    assert!(page.contains("Ida Opkald"), "after the last reminder: on the list");
    assert!(page.contains("href=\"tel:+4520123456\"") && page.contains("+45 20 12 34 56"), "the number as a tel: link, grouped");
    assert!(page.contains("Sidste dag at svare"), "the deadline");
    assert!(page.contains("E-mail til Karen Hansen"), "what was sent");
    assert!(!page.contains("Gemte svar ser alvorlige ud"), "no saved answers");
    // No ids, enum names or JSON for people to read.
    assert!(!page.contains("will_answer_online</") && !page.contains(">no_answer<"), "labels, not codes");

    // Saved answers that would raise a red flag put the entry's badge up.
    let last = app.mailbox.sent().into_iter().filter(|m| m.to == EMAIL).last().unwrap();
    let phone = open(&app, &link_in(&last)).await;
    answer_every_page(&phone, RED_FOLLOW_UP).await;
    let page = calls_page(&staff).await;
    assert!(page.contains("Gemte svar ser alvorlige ud"), "a draft that looks urgent is marked");

    // Answered: off the list.
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    let page = calls_page(&staff).await;
    assert!(!page.contains("Ida Opkald"), "answered: nobody to call");
    assert!(page.contains("Der er ingen at ringe til lige nu."));
}

async fn a_call_is_logged_audited_and_a_refused_one_keeps_what_was_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = unanswered_after_reminders(&app, &staff).await;
    // Days later: a new session.
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let invitation = invitation_on(&calls_page(&staff).await);

    // No outcome: the list again, the note kept, the error at its field.
    let refused = staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("note", "Ring efter kl. 15")]).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Vælg, hvordan opkaldet gik.") && page.contains(&format!("href=\"#outcome-{invitation}\"")), "the error names the field");
    assert!(page.contains("Ring efter kl. 15"), "nothing written is lost");
    // Too long a note: refused the same way.
    let long = "x".repeat(501);
    let refused = staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "no_answer"), ("note", &long)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Noten er for lang"));
    assert_eq!(app.count_rows("call_attempts").await, 0, "nothing logged");

    let logged =
        staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "voicemail"), ("note", "Ring efter kl. 15")]).await;
    assert_eq!(logged.status(), 303);
    assert_eq!(logged.headers()["location"], "/staff/calls?logged=1");
    let page = calls_page(&staff).await;
    assert!(page.contains("Besked lagt på telefonsvarer") && page.contains("Ring efter kl. 15"), "the call on the list");
    assert!(page.contains("Opkald indtil nu"), "the calls so far");
    assert!(page.contains("Ida Opkald"), "still to call");

    // Assigned to a colleague (the clinician herself here), and back.
    let staff_id = first_colleague(&page);
    let assigned = staff.post_form("/staff/calls/assign", &[("invitation", invitation.as_str()), ("staff", staff_id.as_str())]).await;
    assert_eq!(assigned.status(), 303);
    assert!(calls_page(&staff).await.contains("Ringes op af "), "the assignment shows");
    let unassigned = staff.post_form("/staff/calls/assign", &[("invitation", invitation.as_str()), ("staff", "")]).await;
    assert_eq!(unassigned.status(), 303);
    assert!(!calls_page(&staff).await.contains("Ringes op af "));

    // Every read and every call is in the audit log, a call with its patient.
    let actions = app.texts("SELECT action FROM audit_log ORDER BY seq").await;
    let count = |a: &str| actions.iter().filter(|x| x.as_deref() == Some(a)).count();
    assert!(count("calls.view") >= 5, "each read of the list: {actions:?}");
    assert_eq!((count("calls.log"), count("calls.assign")), (1, 2), "{actions:?}");
    let views = app.texts("SELECT action FROM audit_log WHERE action = 'calls.view' AND patient_id IS NOT NULL").await;
    assert!(views.len() >= 5, "each read names the patient shown: {}", views.len());
    let with_patient = app.texts("SELECT action FROM audit_log WHERE action = 'calls.log' AND patient_id IS NOT NULL").await;
    assert_eq!(with_patient.len(), 1, "the call's entry names its patient ({patient})");
}

async fn will_answer_online_sends_the_link_again_and_answered_by_phone_leads_to_the_entry_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = unanswered_after_reminders(&app, &staff).await;
    // Days later: a new session.
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let invitation = invitation_on(&calls_page(&staff).await);

    let logged = staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "will_answer_online")]).await;
    assert_eq!(logged.status(), 303);
    app.run_scheduler().await;
    assert_eq!(mails_to(&app), 4, "the link again, at once");
    app.run_scheduler().await;
    assert_eq!(mails_to(&app), 4, "once");
    let again = app.mailbox.sent().into_iter().filter(|m| m.to == EMAIL).last().unwrap();
    let phone = open(&app, &link_in(&again)).await;
    assert!(phone.get("/a").await.text().await.unwrap().contains("<form"), "the new link opens the questionnaire");
    assert!(!calls_page(&staff).await.contains("Ida Opkald"), "left in peace for a day after the new link");
    app.clock.advance(time::Duration::days(1));
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = calls_page(&staff).await;
    assert!(page.contains("Ida Opkald") && page.contains("Svarer online"), "then back, with the call so far");

    let logged = staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "answered_by_phone")]).await;
    assert_eq!(logged.status(), 303);
    let entry = logged.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(entry, format!("/staff/patients/{patient}/enter/ear_tubes_follow_up"), "the staff entry form");
    let form = staff.get(&entry).await.text().await.unwrap();
    assert!(form.contains(&invitation), "the form offers this invitation");
}

async fn another_clinic_sees_and_touches_nothing_of_the_call_list(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    unanswered_after_reminders(&app, &staff).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let invitation = invitation_on(&calls_page(&staff).await);

    let other = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    let theirs = calls_page(&other).await;
    assert!(!theirs.contains("Ida Opkald") && !theirs.contains("tel:"), "nothing of another clinic");
    let refused = other.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "no_answer")]).await;
    assert_eq!(refused.status(), 404);
    let refused = other.post_form("/staff/calls/assign", &[("invitation", invitation.as_str()), ("staff", "")]).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(app.count_rows("call_attempts").await + app.count_rows("call_assignments").await, 0);
    let refusals = app.texts("SELECT action FROM audit_log WHERE outcome = 'refused'").await;
    assert!(refusals.iter().any(|a| a.as_deref() == Some("calls.log")), "the refusal is audited: {refusals:?}");
    // Without a session: the sign-in page, not the list.
    let anonymous = app.get("/staff/calls").await;
    assert_ne!(anonymous.status(), 200);
}

async fn will_answer_online_is_refused_when_nobody_can_be_sent_the_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    unanswered_after_reminders(&app, &staff).await;
    // The mother's address removed since (no SMS consent, so no channel
    // is left): a new link could go nowhere.
    app.execute("UPDATE respondents SET email = ''").await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let invitation = invitation_on(&calls_page(&staff).await);
    let refused = staff
        .post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "will_answer_online"), ("note", "Vil svare i aften")])
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Ingen af de svarende kan få linket"), "the clinic is told why");
    assert!(page.contains("Vil svare i aften"), "the note is kept");
    assert_eq!(app.count_rows("call_attempts").await, 0);
    // Other outcomes are still logged.
    let logged = staff.post_form("/staff/calls/log", &[("invitation", invitation.as_str()), ("outcome", "wrong_number")]).await;
    assert_eq!(logged.status(), 303);
}
