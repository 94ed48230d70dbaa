//! The specialist's worklist: a red flag from a parent's answers is at
//! the top, its entry explains why, a decision closes it, mails the
//! parent and is in the audit log; other clinics see nothing.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{clinic_id, enrol, follow_up_index, link_in, open, RED_FOLLOW_UP};

backend_tests!(
    a_red_flag_tops_the_worklist_and_a_decision_closes_it_and_mails_the_parent,
    another_clinic_cannot_see_or_decide_an_entry,
    entries_can_be_filtered_and_assigned,
    the_clinic_is_notified_of_red_flags_and_contact_requests_without_patient_details,
    the_overview_shows_rates_beside_all_clinics_without_their_patients,
    a_new_contact_request_after_a_decision_is_a_new_entry,
);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// A parent answers the follow-up so that `persistent_discharge` fires;
/// a second child's invitation runs out unanswered. Returns the first
/// child's id.
pub(crate) async fn red_and_no_response(app: &TestApp, staff: &StaffClient) -> app::domain::PatientId {
    let red = enrol(staff, follow_up_index(app), "karen@example.dk").await;
    enrol(staff, follow_up_index(app), "late@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().find(|m| m.to == "karen@example.dk").unwrap();
    let phone = open(app, &link_in(&mail)).await;
    let mut location = "/a?page=0".to_owned();
    while let Some(page) = location.strip_prefix("/a?page=").map(str::to_owned) {
        let mut form = vec![("page", page.as_str()), ("action", "next")];
        form.extend_from_slice(RED_FOLLOW_UP);
        form.push(("comments", "Hun sover dårligt om natten"));
        location = phone.post_form("/a/page", &form).await.headers()["location"].to_str().unwrap().to_owned();
    }
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    // The other invitation closes unanswered.
    app.clock.advance(time::Duration::days(20));
    app.run_scheduler().await;
    red
}

async fn a_red_flag_tops_the_worklist_and_a_decision_closes_it_and_mails_the_parent(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let child = red_and_no_response(&app, &staff).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await; // the clock moved on: a fresh session

    let page = staff.get("/staff/worklist").await.text().await.unwrap();
    let red = page.find("urgency-red").expect("a red entry");
    let none = page.find("urgency-no_response").expect("a no-response entry");
    assert!(red < none, "most urgent first");
    let red_row = &page[red..red + page[red..].find("</tr>").unwrap()];
    let none_row = &page[none..none + page[none..].find("</tr>").unwrap()];
    assert!(red_row.contains("Har en kommentar") && !none_row.contains("Har en kommentar"), "a marker where the parent wrote a comment");
    let start = page[red..].find("href=\"/staff/worklist/response/").unwrap() + red + "href=\"".len();
    let link: String = page[start..].chars().take_while(|c| *c != '"').collect();

    let entry = staff.get(&link).await.text().await.unwrap();
    assert!(entry.contains(r#"data-rule="persistent_discharge""#), "the rule");
    assert!(entry.contains("forløb med væske fra øret? Mere end 14 dage"), "the values that made it true, as the question and answer read");
    assert!(entry.contains("class=\"fired\""), "the answers that fired it are highlighted");
    assert!(entry.contains("<svg"), "a score chart");
    assert!(entry.contains("Hun sover dårligt om natten"), "the comment in full");
    assert!(entry.contains("class=\"chart-band chart-band-0\"") && entry.contains("Få gener"), "with the score's bands");
    assert!(entry.contains("Reglens begrundelse: ") && entry.contains("granulationsvæv"), "and why the rule is there");
    assert!(entry.contains("Karen Hansen"), "who answered");

    // Without an outcome the entry comes back with the note as written.
    let undecided = staff.post_form(&format!("{link}/decide"), &[("note", "Ring mor <i morgen>"), ("send_message", "yes")]).await;
    assert_eq!(undecided.status(), 422);
    let again = undecided.text().await.unwrap();
    assert!(again.contains("Vælg hvad der skal ske.") && again.contains(r##"href="#outcome""##), "why, beside the field");
    assert!(again.contains("Ring mor &lt;i morgen&gt;</textarea>"), "the note is kept, as text");
    assert!(again.contains(r#"name="send_message" value="yes" checked"#), "and the choice to tell the parent");
    let decided =
        staff.post_form(&format!("{link}/decide"), &[("outcome", "check_up"), ("note", "Ring mor i morgen"), ("send_message", "yes")]).await;
    assert_eq!(decided.headers()["location"], "/staff/worklist?decided=1");
    let page = staff.get("/staff/worklist").await.text().await.unwrap();
    assert!(!page.contains("urgency-red"), "the decided entry leaves the worklist");
    let entry = staff.get(&link).await.text().await.unwrap();
    assert!(entry.contains("Indkald til kontrol") && entry.contains("Ring mor i morgen"), "the decision is shown");
    let again = staff.post_form(&format!("{link}/decide"), &[("outcome", "no_action"), ("note", "Min egen note")]).await;
    assert_eq!(again.status(), 409, "a colleague's decision stands");
    let page = again.text().await.unwrap();
    assert!(page.contains("Sagen er allerede afgjort.") && page.contains("Ring mor i morgen"), "and the page shows it");
    assert!(page.contains("Min egen note") && page.contains("Din note blev ikke gemt"), "the note written meanwhile is not lost");
    assert!(page.contains(&format!(r#"history.replaceState(null, "", "{link}");"#)), "the browser's address becomes the entry's");

    app.run_scheduler().await;
    let message = app.mailbox.sent().into_iter().find(|m| m.subject.starts_with("Besked fra")).expect("the parent is told");
    assert_eq!(message.to, "karen@example.dk");
    assert!(message.text.contains("bestil en tid") && !message.text.contains("Ring mor"), "the standard text, not the note");

    let audit = app.store.audit_for_patient(clinic_id(&app).await, child).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"worklist.entry.view") && actions.contains(&"worklist.decide"), "{actions:?}");
}

async fn another_clinic_cannot_see_or_decide_an_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    red_and_no_response(&app, &staff).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = staff.get("/staff/worklist").await.text().await.unwrap();
    let start = page.find("href=\"/staff/worklist/response/").unwrap() + "href=\"".len();
    let link: String = page[start..].chars().take_while(|c| *c != '"').collect();

    let other = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    let list = other.get("/staff/worklist").await.text().await.unwrap();
    assert!(!list.contains("urgency-"), "nothing of another clinic");
    assert!(other.get(&link).await.text().await.unwrap().contains("Sagen findes ikke"));
    let refused = other.post_form(&format!("{link}/decide"), &[("outcome", "no_action")]).await;
    assert_eq!(refused.status(), 404);
    assert!(staff.get("/staff/worklist").await.text().await.unwrap().contains("urgency-red"), "still open");
}

async fn entries_can_be_filtered_and_assigned(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    red_and_no_response(&app, &staff).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let reds = staff.get("/staff/worklist?level=red").await.text().await.unwrap();
    assert!(reds.contains("urgency-red") && !reds.contains("urgency-no_response"));
    let by_questionnaire = staff.get("/staff/worklist?questionnaire=ear_tubes_follow_up&pathway=ear_tubes").await.text().await.unwrap();
    assert!(by_questionnaire.contains("urgency-red") && by_questionnaire.contains("urgency-no_response"));
    let other = staff.get("/staff/worklist?questionnaire=heart_failure_home").await.text().await.unwrap();
    assert!(!other.contains("urgency-"), "filtered by questionnaire");
    let page = staff.get("/staff/worklist?level=no_response").await.text().await.unwrap();
    let start = page.find("href=\"/staff/worklist/no_response/").unwrap() + "href=\"".len();
    let link: String = page[start..].chars().take_while(|c| *c != '"').collect();
    assert!(staff.get("/staff/worklist?mine=on").await.text().await.unwrap().contains("Intet at gøre"));

    let members = app.store.clinic_staff(clinic_id(&app).await).await.unwrap();
    let me = members.iter().find(|(m, _)| m.email.as_str() == CLINICIAN).unwrap().0.id.to_string();
    let assigned = staff.post_form(&format!("{link}/assign"), &[("staff", &me)]).await;
    assert_eq!(assigned.headers()["location"].to_str().unwrap(), link);
    let mine = staff.get("/staff/worklist?mine=on").await.text().await.unwrap();
    assert!(mine.contains("urgency-no_response") && !mine.contains("urgency-red"), "only what is assigned to me");
    let outsider = uuid::Uuid::new_v4().to_string();
    assert_eq!(staff.post_form(&format!("{link}/assign"), &[("staff", &outsider)]).await.status(), 404);
}

async fn the_clinic_is_notified_of_red_flags_and_contact_requests_without_patient_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    let refused = admin.post_form("/staff/clinic/notify", &[("notify_email", "not an address")]).await;
    assert_eq!(refused.status(), 422, "the overview again, saying why");
    let overview = refused.text().await.unwrap();
    assert!(overview.contains("Det er ikke en gyldig e-mailadresse.") && overview.contains(r#"value="not an address""#), "what was typed is kept");
    let saved = admin.post_form("/staff/clinic/notify", &[("notify_email", "vagt@demo-ent.example")]).await;
    assert_eq!(saved.headers()["location"], "/staff?notify=saved");
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    assert_eq!(clinician.post_form("/staff/clinic/notify", &[("notify_email", "x@example.dk")]).await.status(), 403, "admins only");

    red_and_no_response(&app, &clinician).await;
    app.run_scheduler().await;
    let notices: Vec<_> = app.mailbox.sent().into_iter().filter(|m| m.to == "vagt@demo-ent.example").collect();
    assert_eq!(notices.len(), 1, "one notice for the red flag");
    assert!(notices[0].text.contains("/staff/worklist/response/"), "a link to the entry");
    assert!(!notices[0].text.contains("Ida") && !notices[0].text.contains("karen"), "no patient details");

    // A contact request notifies too (once).
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "ask@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().find(|m| m.to == "ask@example.dk").unwrap();
    let phone = open(&app, &link_in(&mail)).await;
    for _ in 0..2 {
        phone.post_form("/a/page", &[("page", "0"), ("action", "contact")]).await;
    }
    app.run_scheduler().await;
    let notices = app.mailbox.sent().into_iter().filter(|m| m.to == "vagt@demo-ent.example").count();
    assert_eq!(notices, 2);
}

async fn the_overview_shows_rates_beside_all_clinics_without_their_patients(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    red_and_no_response(&app, &staff).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let home = staff.get("/staff").await.text().await.unwrap();
    assert!(home.contains("id=\"overview\""), "{home}");
    assert!(
        home.contains("Opfølgning efter dræn i ørerne (1 måned efter indeksdatoen, derefter hver 12. uge)"),
        "the questionnaire's title and when the time point opens, not their ids"
    );
    assert!(home.contains("50 %") && home.contains("100 %"), "one of two answered, and it was flagged");
    assert!(!home.contains("Ida"), "counts only");
    assert!(
        home.contains("id=\"score-months\"") && home.contains("Opfølgning efter dræn i ørerne: Øresymptomer i alt (0-24)"),
        "score spreads by month, by title"
    );

    let other = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    let theirs = other.get("/staff").await.text().await.unwrap();
    assert!(theirs.contains("Ingen invitationer sendt endnu"), "another clinic sees none of these counts as its own");

    // One other clinic: its figures are never shown as the others' (at
    // least three others with enough responses are needed).
    let (status, body) = other.call("staff/overview", &[]).await;
    assert_eq!(status, 200, "{body}");
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(overview["installation"], serde_json::json!([]));
    assert_eq!(overview["installation_scores"], serde_json::json!([]));
    assert!(home.contains("mindst tre andre klinikker"), "the page says why");
}

async fn a_new_contact_request_after_a_decision_is_a_new_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "ask@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().find(|m| m.to == "ask@example.dk").unwrap();
    let phone = open(&app, &link_in(&mail)).await;
    phone.post_form("/a/page", &[("page", "0"), ("action", "contact")]).await;
    let page = staff.get("/staff/worklist?level=contact").await.text().await.unwrap();
    let start = page.find("href=\"/staff/worklist/contact_request/").unwrap() + "href=\"".len();
    let link: String = page[start..].chars().take_while(|c| *c != '"').collect();
    staff.post_form(&format!("{link}/decide"), &[("outcome", "phone")]).await;
    assert!(staff.get("/staff/worklist").await.text().await.unwrap().contains("Intet at gøre"));

    phone.post_form("/a/page", &[("page", "0"), ("action", "contact")]).await;
    let again = staff.get("/staff/worklist?level=contact").await.text().await.unwrap();
    assert!(again.contains("/staff/worklist/contact_request/"), "asking again after a decision is heard");
    assert!(!again.contains(&link), "as a new entry");
}
