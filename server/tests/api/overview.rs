//! The overview sets a clinic's figures beside the other clinics' and never
//! tells it one other clinic's figures or one patient's score: the server
//! function's raw answer (which the page embeds for hydration) holds a row
//! of other clinics only where at least three of them, the viewer left
//! out, have at least five responses each, and for scores only their mean.

use app::domain::{ClinicName, ClinicSlug, NewClinic, PersonName};
use app::ports::Clock;
use app::staff::port::NewStaff;
use app::staff::{Role, StaffEmail};
use serde_json::{json, Value};

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{answer_every_page, enrol, follow_up_index, link_in, RED_FOLLOW_UP};

backend_tests!(one_other_clinics_figures_are_never_sent_as_every_clinics, three_other_clinics_are_compared_by_their_mean_without_the_viewer,);

const CLINICIAN: &str = "clinician@demo-ent.example";
const HEART: &str = "clinician@demo-heart.example";

/// A new clinic (`slug`) and its clinician, signed in.
pub(crate) async fn clinic_with_clinician(app: &TestApp, slug: &str) -> StaffClient {
    let new = NewClinic { slug: ClinicSlug::parse(slug).unwrap(), name: ClinicName::parse(&format!("Klinik {slug}")).unwrap() };
    let clinic = app.store.create_clinic(&new, app.clock.now()).await.unwrap();
    let email = format!("clinician@{slug}.example");
    let new = NewStaff {
        email: StaffEmail::parse(&email).unwrap(),
        name: PersonName::parse("Kim Kliniker").unwrap(),
        password_hash: app::auth::hash_password(DEMO_PASSWORD.to_owned()).await.unwrap(),
        must_change_password: false,
    };
    let staff = app.store.create_staff(&new, app.clock.now()).await.unwrap();
    app.store.set_membership(staff.id, clinic.id, Role::Clinician).await.unwrap();
    app.sign_in(&email, DEMO_PASSWORD).await
}

/// `n` parents of the clinic's patients answer their invitation to the
/// follow-up, each with the same (red) answers.
async fn answered(app: &TestApp, staff: &StaffClient, tag: &str, n: usize) {
    let emails: Vec<String> = (0..n).map(|i| format!("{tag}{i}@example.dk")).collect();
    for email in &emails {
        enrol(staff, follow_up_index(app), email).await;
    }
    app.run_scheduler().await;
    for email in &emails {
        let mail = app.mailbox.sent().into_iter().find(|m| &m.to == email).expect("an invitation");
        let phone = app.browser();
        let link = link_in(&mail);
        assert_eq!(phone.get(&link).await.status(), 200);
        // The child's date of birth (`enrol`), which some clinics ask for.
        let opened = phone.post_form(&link, &[("birth_date", "05-05-2020")]).await;
        assert_eq!(opened.headers()["location"], "/a", "the link opens");
        answer_every_page(&phone, RED_FOLLOW_UP).await;
        assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    }
}

/// The overview's server function's answer, as the browser gets it.
async fn overview(staff: &StaffClient) -> Value {
    let (status, body) = staff.call("staff/overview", &[]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Reproduced on the old code: with four clinics registered the overview
/// compared, and with five responses in a cell it showed the one clinic
/// that had any as "all clinics": its counts, and its patients' lowest and
/// highest score.
async fn one_other_clinics_figures_are_never_sent_as_every_clinics(backend: Backend) {
    let app = spawn_app(backend).await;
    // Four clinics; only one other than the viewer uses a questionnaire.
    clinic_with_clinician(&app, "third").await;
    clinic_with_clinician(&app, "fourth").await;
    let heart = app.sign_in(HEART, DEMO_PASSWORD).await;
    answered(&app, &heart, "heart", 5).await;

    let ent = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let seen = overview(&ent).await;
    assert_eq!(seen["installation"], json!([]), "no other clinic's counts: {seen}");
    assert_eq!(seen["installation_scores"], json!([]), "no other clinic's scores: {seen}");
    // Nor does the page's data for hydration, which the browser can read.
    let home = ent.get("/staff").await.text().await.unwrap();
    assert!(home.contains(r#"\"installation\":[],"#) && home.contains(r#"\"installation_scores\":[],"#), "the page's embedded data");
    // The clinic that answered sees its own figures, and nothing of others'.
    let own = overview(&heart).await;
    assert_eq!(own["clinic"][0]["answered"], 5, "{own}");
    assert!(!own["clinic_scores"].as_array().unwrap().is_empty(), "{own}");
    assert_eq!((&own["installation"], &own["installation_scores"]), (&json!([]), &json!([])), "its own are not the others': {own}");
}

/// Reproduced on the old code: "all clinics" counted the viewer's own
/// responses and a clinic's too few ones, and carried the lowest and
/// highest score.
async fn three_other_clinics_are_compared_by_their_mean_without_the_viewer(backend: Backend) {
    let app = spawn_app(backend).await;
    let heart = app.sign_in(HEART, DEMO_PASSWORD).await;
    let third = clinic_with_clinician(&app, "third").await;
    let fourth = clinic_with_clinician(&app, "fourth").await;
    let fifth = clinic_with_clinician(&app, "fifth").await;
    for (staff, tag) in [(&heart, "heart"), (&third, "third"), (&fourth, "fourth")] {
        answered(&app, staff, tag, 5).await;
    }
    // Too few to count, and the viewer's own: neither is among the others'.
    answered(&app, &fifth, "fifth", 4).await;
    let ent = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    answered(&app, &ent, "ent", 2).await;

    let seen = overview(&ent).await;
    let rows = seen["installation"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "the follow-up: {seen}");
    assert_eq!((&rows[0]["sent"], &rows[0]["answered"], &rows[0]["flagged"]), (&json!(15), &json!(15), &json!(15)), "{seen}");
    assert_eq!(seen["clinic"][0]["answered"], 2, "the clinic's own beside them");

    let others = seen["installation_scores"].as_array().unwrap();
    let own = seen["clinic_scores"].as_array().unwrap();
    assert!(!others.is_empty() && others.len() == own.len(), "every score of the month: {seen}");
    for (theirs, mine) in others.iter().zip(own) {
        assert_eq!(theirs["responses"], 15, "{theirs}");
        let mut keys: Vec<&str> = theirs.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["mean", "month", "questionnaire_id", "responses", "score"], "a mean only, no lowest or highest: {theirs}");
        // The same answers everywhere: the same mean.
        assert_eq!(theirs["score"], mine["score"]);
        assert!((theirs["mean"].as_f64().unwrap() - mine["mean"].as_f64().unwrap()).abs() < 1e-9, "{theirs} {mine}");
        assert!(mine.get("min").is_some() && mine.get("max").is_some(), "the clinic's own spread");
    }
}
