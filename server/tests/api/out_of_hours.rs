//! Advice that cannot wait gives the out-of-hours number of the clinic's
//! own region (1813 is the Capital Region's only): admins choose the
//! region, the receipt fills in its number (#34).

use crate::helpers::{backend_tests, spawn_app, Backend, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index, link_in, open};
use crate::triage::answer_newest_invitation;

backend_tests!(
    the_receipt_gives_the_out_of_hours_number_of_the_clinics_region,
    only_an_admin_chooses_the_region_and_only_a_known_one,
    the_questionnaires_own_texts_give_the_number_too
);

const ADMIN: &str = "admin@demo-ent.example";
const CLINICIAN: &str = "clinician@demo-ent.example";

async fn the_receipt_gives_the_out_of_hours_number_of_the_clinics_region(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let phone = answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("id=\"advice\""), "{receipt}");
    assert!(receipt.contains("1813"), "the Capital Region's number by default: {receipt}");
    assert!(!receipt.contains("{out_of_hours}") && !receipt.contains("70 11 31 31"), "{receipt}");

    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let overview = admin.get("/staff").await.text().await.unwrap();
    assert!(overview.contains("name=\"region\""), "the admin's overview offers the region");
    let saved = admin.post_form("/staff/clinic/region", &[("region", "midtjylland")]).await;
    assert_eq!(saved.headers()["location"], "/staff?region=saved");
    let overview = admin.get("/staff?region=saved").await.text().await.unwrap();
    assert!(overview.contains("Region Midtjylland (70 11 31 31)"), "{overview}");

    enrol(&staff, follow_up_index(&app), "other@example.dk").await;
    app.run_scheduler().await;
    let phone = answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("70 11 31 31") && !receipt.contains("1813"), "Central Denmark's number: {receipt}");
    let log = admin.get("/staff/audit").await.text().await.unwrap();
    assert!(log.contains("Klinikkens region blev ændret"), "the change is in the audit log");
}

async fn only_an_admin_chooses_the_region_and_only_a_known_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    assert_eq!(clinician.post_form("/staff/clinic/region", &[("region", "nordjylland")]).await.status(), 403);
    let overview = clinician.get("/staff").await.text().await.unwrap();
    assert!(!overview.contains("name=\"region\""), "a clinician is not offered it");
    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let refused = admin.post_form("/staff/clinic/region", &[("region", "capital")]).await;
    assert_eq!(refused.status(), 422, "the overview again, saying why");
    let overview = refused.text().await.unwrap();
    assert!(overview.contains("Vælg en af regionerne.") && overview.contains(r##"href="#region""##), "{overview}");
    assert!(overview.contains("value=\"hovedstaden\" selected") || overview.contains("selected value=\"hovedstaden\""), "unchanged: {overview}");
}

/// The tonsillectomy questionnaire tells parents on its last page what to
/// do about bleeding after the last questionnaire: with the number of the
/// clinic's region, not a placeholder.
async fn the_questionnaires_own_texts_give_the_number_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    assert_eq!(admin.post_form("/staff/clinic/region", &[("region", "syddanmark")]).await.headers()["location"], "/staff?region=saved");
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // Operated 6 days ago: the day-5 questionnaire is open.
    let operated = (app.clock.now_date() - time::Duration::days(6)).to_string();
    let form = [
        ("pathway", "tonsillectomy"),
        ("index_date", operated.as_str()),
        ("name", "Ea Mandel"),
        ("date_of_birth", "2019-02-11"),
        ("respondent1_name", "Lone Mandel"),
        ("respondent1_email", "lone@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    assert_eq!(staff.post_form("/staff/patients/new", &form).await.status(), 303);
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.to == "lone@example.dk").expect("the day-5 invitation");
    let phone = open(&app, &link_in(&mail)).await;
    let last_page = phone.get("/a?page=2").await.text().await.unwrap();
    assert!(last_page.contains("blødning kan komme op til 2-3 uger"), "the last page: {last_page}");
    assert!(last_page.contains("akuttelefonen på 70 11 07 07"), "Southern Denmark's number: {last_page}");
    assert!(!last_page.contains("{out_of_hours}"));
}
