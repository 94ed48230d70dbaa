//! People read labels, not codes: the staff pages a clinician uses around
//! a red flag, rendered in Danish and in English with real data, show no
//! questionnaire, pathway, score, relation, status or time point id and no
//! JSON in their visible text; and every action says it was done.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index};
use crate::triage::answer_newest_invitation;

backend_tests!(
    staff_pages_show_labels_not_codes_in_both_languages,
    every_action_is_followed_by_feedback,
    the_page_without_javascript_marks_only_what_applies_and_names_each_problem,
    a_link_opens_in_the_language_the_respondent_chose,
);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// The text a person sees: no scripts or styles (the hydration data holds
/// ids by design), no tags or attributes.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let skip_to = ["script", "style"]
            .iter()
            .find_map(|name| tag[1..].starts_with(name).then(|| tag.find(&format!("</{name}>")).map(|end| end + name.len() + 3)));
        let end = match skip_to {
            Some(Some(end)) => end,
            Some(None) => tag.len(),
            None => tag.find('>').map_or(tag.len(), |e| e + 1),
        };
        out.push(' ');
        rest = &tag[end..];
    }
    out.push_str(rest);
    out.replace("&quot;", "\"").replace("&amp;", "&")
}

/// Whole-word occurrences of `code` in `text`.
fn has_word(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + code.len()..].chars().next();
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let word = |c: Option<char>| c.is_some_and(is_word);
        // Boundaries only where the code itself starts or ends a word, so
        // `{"` is found anywhere.
        let starts_word = code.chars().next().is_some_and(is_word);
        let ends_word = code.chars().next_back().is_some_and(is_word);
        !(starts_word && word(before)) && !(ends_word && word(after))
    })
}

const CODES: &[&str] = &[
    "ear_tubes_follow_up",
    "ear_tubes_baseline",
    "ear_tubes",
    "follow_up",
    "ear_symptoms",
    "hearing_speech",
    "mother",
    "active",
    "index_date",
    "{\"",
];

fn assert_no_codes(page: &str, html: &str, also: &[&str]) {
    let text = visible_text(html);
    let found: Vec<&&str> = CODES.iter().chain(also).filter(|c| has_word(&text, c)).collect();
    assert!(found.is_empty(), "{page} shows {found:?}:\n{text}");
}

async fn set_language(staff: &StaffClient, lang: &str) {
    let switched = staff.post_form("/lang", &[("lang", lang), ("back", "/")]).await;
    assert_eq!(switched.status(), 303);
}

async fn staff_pages_show_labels_not_codes_in_both_languages(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let _ = answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;

    let worklist = staff.get("/staff/worklist").await.text().await.unwrap();
    let start = worklist.find("/staff/worklist/response/").expect("the red response on the worklist");
    let entry: String = worklist[start..].chars().take_while(|c| *c != '"').collect();

    // The flag's reason in the questionnaire's words, not `discharge_days = more_14`.
    let reason_codes = ["persistent_discharge", "discharge_days", "more_14", "red", "v1"];
    for (lang, title, reason) in [
        ("da", "Opfølgning efter dræn i ørerne", "forløb med væske fra øret? Mere end 14 dage"),
        ("en", "Follow-up after ear tubes", "longest episode of discharge last? More than 14 days"),
    ] {
        set_language(&staff, lang).await;
        let list = staff.get("/staff/worklist").await.text().await.unwrap();
        assert!(visible_text(&list).contains(title), "{lang}: the questionnaire's title");
        assert_no_codes(&format!("worklist ({lang})"), &list, &[]);

        let detail = staff.get(&entry).await.text().await.unwrap();
        assert!(visible_text(&detail).contains(title), "{lang}: the entry names the questionnaire");
        assert!(visible_text(&detail).contains(reason), "{lang}: the flag's reason as the question and answer read");
        assert_no_codes(&format!("worklist entry ({lang})"), &detail, &reason_codes);

        let page = staff.get(&format!("/staff/patients/{patient}")).await.text().await.unwrap();
        let text = visible_text(&page);
        assert!(text.contains(if lang == "da" { "Mor" } else { "Mother" }), "{lang}: the relation's label");
        assert!(
            text.contains(if lang == "da" { "Indskrevet i forløbet, indeksdato" } else { "Enrolled, index date" }),
            "{lang}: history as a sentence"
        );
        assert!(text.contains(reason), "{lang}: the flag's reason on the patient page");
        assert_no_codes(&format!("patient page ({lang})"), &page, &reason_codes);
    }
}

/// Enrolling says the patient is enrolled and when invitations come;
/// deciding says the decision is saved; the home page leads staff in.
async fn every_action_is_followed_by_feedback(backend: Backend) {
    let app = spawn_app(backend).await;
    let home = visible_text(&app.browser().get("/").await.text().await.unwrap());
    assert!(home.contains("Log ind som personale"), "{home}");

    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", &follow_up_index(&app).to_string()),
        ("name", "Ida Feedback"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", "karen@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    let enrolled = staff.post_form("/staff/patients/new", &form).await;
    let location = enrolled.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("?enrolled=1"), "{location}");
    let page = visible_text(&staff.get(&location).await.text().await.unwrap());
    assert!(page.contains("Patienten er indskrevet"), "{page}");
    assert!(page.contains("Invitationerne planlægges inden for et minut"), "not \"no invitations planned\": {page}");
    assert!(!page.contains("Ingen invitationer planlagt"));

    app.run_scheduler().await;
    let _ = answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;
    let worklist = staff.get("/staff/worklist").await.text().await.unwrap();
    assert!(!visible_text(&worklist).contains("Afgørelsen er gemt"), "no feedback before anything is done");
    let start = worklist.find("/staff/worklist/response/").expect("the red response");
    let entry: String = worklist[start..].chars().take_while(|c| *c != '"').collect();
    let decided = staff.post_form(&format!("{entry}/decide"), &[("outcome", "phone")]).await;
    let back = decided.headers()["location"].to_str().unwrap().to_owned();
    let after = visible_text(&staff.get(&back).await.text().await.unwrap());
    assert!(after.contains("Afgørelsen er gemt."), "{after}");
}

/// Collapses runs of whitespace, as a reader sees them.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Without JavaScript every question of a page is shown: an "if yes"
/// question says so and is marked required only once it applies, and the
/// error summary names each question it lists.
async fn the_page_without_javascript_marks_only_what_applies_and_names_each_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.text.contains("/p/")).expect("an invitation");
    let phone = crate::journey::open(&app, &crate::journey::link_in(&mail)).await;

    let first = words(&visible_text(&phone.get("/a?page=0").await.text().await.unwrap()));
    assert!(first.contains("fra dit barns øre? *"), "the first question is required: {first}");
    assert!(first.contains("Hvis ja: hvor længe varede det længste forløb med væske fra øret?"), "{first}");
    assert!(!first.contains("væske fra øret? *"), "no star while it does not apply: {first}");

    let next = phone.post_form("/a/page", &[("page", "0"), ("action", "next"), ("discharge", "yes")]).await;
    assert_eq!(next.headers()["location"], "/a?page=0&check=1");
    let checked = words(&visible_text(&phone.get("/a?page=0&check=1").await.text().await.unwrap()));
    assert!(checked.contains("væske fra øret? *"), "required now that it applies: {checked}");
    assert!(
        checked.contains("Hvis ja: hvor længe varede det længste forløb med væske fra øret? – Besvar venligst dette spørgsmål."),
        "each problem names its question: {checked}"
    );

    // One way to ask for contact per page: the button, except on the page
    // that asks it as a question.
    let button = r#"name="action" value="contact""#;
    assert!(phone.get("/a?page=0").await.text().await.unwrap().contains(button), "the button on a page without the question");
    let last = phone.get("/a?page=2").await.text().await.unwrap();
    assert!(last.contains(r#"name="contact""#), "the last page asks it as a question");
    assert!(!last.contains(button), "and has no button as well");
}

/// A parent who chose English gets English pages from the link, on a
/// phone whose browser asks for Danish; the switch still works, and a
/// language chosen before on that phone wins.
async fn a_link_opens_in_the_language_the_respondent_chose(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let index = follow_up_index(&app).to_string();
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", index.as_str()),
        ("name", "Ida English"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Kate Hansen"),
        ("respondent1_email", "kate@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "en"),
    ];
    assert_eq!(staff.post_form("/staff/patients/new", &form).await.status(), 303);
    app.run_scheduler().await;
    app.wait_for_mail(1).await;
    let mail = app.mailbox.sent().into_iter().find(|m| m.to == "kate@example.dk").expect("the invitation");
    let link = crate::journey::link_in(&mail);

    let phone = app.browser();
    let danish_phone = |c: &StaffClient, cookie: Option<&str>| {
        let mut r = c.client.get(app.url(&link)).header("accept-language", "da-DK,da;q=0.9");
        if let Some(cookie) = cookie {
            r = r.header("cookie", cookie);
        }
        r
    };
    let landing = danish_phone(&phone, None).send().await.unwrap();
    assert_eq!(landing.status(), 200);
    let remembered = landing.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("svar_lang=en"));
    assert!(remembered, "the language is remembered for the pages after the link");
    let page = landing.text().await.unwrap();
    assert!(page.contains(r#"<html lang="en""#), "English on a Danish phone");
    assert!(visible_text(&page).contains("asks you to answer a questionnaire"), "{}", visible_text(&page));

    assert_eq!(phone.post_form(&link, &[]).await.headers()["location"], "/a");
    let first = visible_text(&phone.get("/a").await.text().await.unwrap());
    assert!(first.contains("Page 1 of"), "the questionnaire in English: {first}");
    set_language(&phone, "da").await;
    let switched = visible_text(&phone.get("/a").await.text().await.unwrap());
    assert!(switched.contains("Side 1 af"), "the switch still works: {switched}");

    // A language chosen earlier on this phone wins over the clinic's record.
    let other = app.browser();
    let chosen = danish_phone(&other, Some("svar_lang=da")).send().await.unwrap();
    assert!(chosen.text().await.unwrap().contains(r#"<html lang="da""#));
}
