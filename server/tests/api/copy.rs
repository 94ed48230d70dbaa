//! The respondent's copy of what they sent (`/a/copy.pdf`), read back
//! with poppler as a person's PDF reader would: the Danish text as typed
//! (`pdftotext`), every font embedded (`pdffonts`).

use crate::helpers::{backend_tests, spawn_app, Backend, DEMO_PASSWORD};
use crate::journey::{answer_every_page, enrol, follow_up_index, link_in, open, RED_FOLLOW_UP};

backend_tests!(the_respondent_downloads_a_copy_of_what_they_sent_and_nobody_else_can, a_second_parent_gets_no_copy_of_what_the_first_one_sent,);

/// Runs a poppler tool on the PDF and returns what it printed.
pub(crate) fn poppler(tool: &str, pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("copy.pdf");
    std::fs::write(&file, pdf).expect("the PDF written");
    let out = std::process::Command::new(tool)
        .arg(&file)
        .args(if tool == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): install poppler-utils (scripts/toolchain.sh --with-browser does)"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text with every run of white space as one space (lines wrap where
/// the page ends them).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn the_respondent_downloads_a_copy_of_what_they_sent_and_nobody_else_can(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let phone = open(&app, &link_in(&app.mailbox.sent()[0])).await;

    // Nothing sent yet: the questionnaire, not a copy.
    let early = phone.get("/a/copy.pdf").await;
    assert_eq!(early.status(), 303);
    assert_eq!(early.headers()["location"], "/a");

    answer_every_page(&phone, RED_FOLLOW_UP).await;
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("href=\"/a/copy.pdf\"") && receipt.contains("Hent en kopi af dine svar (PDF)"), "the receipt links to the copy");

    let copy = phone.get("/a/copy.pdf").await;
    assert_eq!(copy.status(), 200);
    assert_eq!(copy.headers()["content-type"], "application/pdf");
    assert_eq!(copy.headers()["cache-control"], "no-store", "no cache keeps a copy of health answers");
    let today = app.clock.now_date();
    assert_eq!(copy.headers()["content-disposition"].to_str().unwrap(), format!("attachment; filename=\"svar-{today}.pdf\""));
    let pdf = copy.bytes().await.unwrap();
    // When the clinic received it, on the clinic's clock (the test clock
    // is at noon UTC: 13.00 in Copenhagen in winter, 14.00 in summer).
    let zone = app.store.clinic_time_zone(crate::journey::clinic_id(&app).await).await.unwrap();
    let local = app::schedule::zone::on_clock(app::ports::Clock::now(app.clock.as_ref()), app::schedule::zone::zone(&zone));
    assert_ne!(local.offset(), time::UtcOffset::UTC, "the demo clinic's day differs from UTC's");
    let sent = format!(
        "Sendt til Demo øre-næse-hals-klinik den {} kl. {:02}.{:02}.",
        app::i18n::long_date(local.date(), app::i18n::Locale::Da),
        local.hour(),
        local.minute()
    );

    let text = words(&poppler("pdftotext", &pdf));
    for expected in [
        "Kopi af dine svar",
        "Spørgeskema om Ida: Opfølgning efter dræn i ørerne",
        sent.as_str(),
        // A question as the version words it, and the answer as chosen.
        "Er der inden for de seneste 4 uger løbet væske (flåd) fra dit barns øre? Ja",
        "Hvis ja: hvor længe varede det længste forløb med væske fra øret? Mere end 14 dage",
        "Denne kopi er til dig.",
        "Demo øre-næse-hals-klinik · Side 1 af",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in the copy:\n{text}");
    }
    // The clinic's reading is not the respondent's: no rule, flag or score.
    for absent in ["persistent_discharge", "granulationsvæv", "Øresymptomer i alt", "Fysiske symptomer", "trods dråber eller i over 14 dage"] {
        assert!(!text.contains(absent), "{absent:?} is in the copy");
    }

    let fonts = poppler("pdffonts", &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let columns: Vec<&str> = row.split_whitespace().collect();
        let n = columns.len();
        assert!(n >= 7, "{row}");
        assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "embedded, subset, with a Unicode map: {row}");
    }

    // Another browser, or the link alone, gets no copy.
    let stranger = app.browser().get("/a/copy.pdf").await;
    assert_eq!(stranger.status(), 303);
    assert_eq!(stranger.headers()["location"], "/a");
}

async fn a_second_parent_gets_no_copy_of_what_the_first_one_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let index = follow_up_index(&app).to_string();
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", "Ida Jensen"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Jensen"),
        ("respondent1_email", "karen@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
        ("respondent2_name", "Peter Jensen"),
        ("respondent2_email", "peter@example.dk"),
        ("respondent2_relation", "father"),
        ("respondent2_language", "da"),
    ];
    assert_eq!(staff.post_form("/staff/patients/new", &form).await.status(), 303);
    app.run_scheduler().await;
    let mails = app.mailbox.sent();
    let mail_to = |to: &str| mails.iter().find(|m| m.to == to).cloned().expect("a mail to each parent");
    let mother = open(&app, &link_in(&mail_to("karen@example.dk"))).await;
    // The father opens his link too, and is still on the first page when
    // the mother sends the answers.
    let father = open(&app, &link_in(&mail_to("peter@example.dk"))).await;
    answer_every_page(&mother, RED_FOLLOW_UP).await;
    assert_eq!(mother.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    assert_eq!(mother.get("/a/copy.pdf").await.status(), 200, "the mother's copy");

    let receipt = father.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("Tak for dine svar"), "the father's session shows the receipt");
    assert!(!receipt.contains("/a/copy.pdf"), "but offers no copy of the mother's answers");
    let refused = father.get("/a/copy.pdf").await;
    assert_eq!(refused.status(), 303, "no PDF for the father");
    assert_eq!(refused.headers()["location"], "/a/done");
}
