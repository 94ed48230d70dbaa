//! Text people type never comes back as markup. Leptos's server renderer
//! does not escape a `<textarea>`'s text, and hostile text in a free-text
//! answer (a draft both parents of a child share), a rule, a mail text, a
//! pasted CSV file or a definition's source came back as live HTML. Every
//! page with a textarea is fetched here with such text in it, and the page
//! that carries answers into the browser's hydration data in a `<script>`.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index, link_in, open};

backend_tests!(hostile_text_is_shown_as_text_on_every_page_with_a_textarea);

const HOSTILE: &str = "</textarea></script><b id=\"injected\">x</b><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">";

/// The page shows the text, escaped, and none of it as markup.
fn assert_inert(what: &str, page: &str) {
    assert!(!page.contains("<b id=\"injected\">"), "{what}: the text came back as markup");
    assert!(!page.contains("<meta http-equiv=\"refresh\""), "{what}: the text came back as markup");
    assert!(
        page.contains("&lt;b id=&quot;injected&quot;&gt;") || page.contains("&lt;b id=\"injected\"&gt;") || page.contains("\\u003cb id"),
        "{what}: the text is not on the page at all"
    );
}

async fn hostile_text_is_shown_as_text_on_every_page_with_a_textarea(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    enrol(&clinician, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;

    // A parent's free-text answer, saved as the draft and shown again on its page.
    let phone = open(&app, &link_in(&app.mailbox.sent()[0])).await;
    let mut location = "/a?page=0".to_owned();
    let mut comment_page = None;
    while let Some(page) = location.strip_prefix("/a?page=").map(str::to_owned) {
        let mut form = vec![("page", page.as_str()), ("action", "next"), ("comments", HOSTILE)];
        form.extend_from_slice(crate::fixtures::RED_FOLLOW_UP);
        let shown = phone.get(&format!("/a?page={page}")).await.text().await.unwrap_or_default();
        if shown.contains("name=\"comments\"") {
            comment_page = Some(page.clone());
        }
        location = phone.post_form("/a/page", &form).await.headers()["location"].to_str().unwrap_or_default().to_owned();
    }
    let comment_page = comment_page.expect("a page with the free-text question");
    let page = phone.get(&format!("/a?page={comment_page}")).await.text().await.unwrap_or_default();
    assert_inert("the answering page", &page);
    assert_inert("the review page", &phone.get("/a/review").await.text().await.unwrap_or_default());
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");

    // The worklist entry: the answers on the page and in the hydration data.
    let list = clinician.get("/staff/worklist").await.text().await.unwrap_or_default();
    let entry = list.split("href=\"/staff/worklist/response/").nth(1).and_then(|s| s.split('"').next()).expect("an entry");
    let page = clinician.get(&format!("/staff/worklist/response/{entry}")).await.text().await.unwrap_or_default();
    assert_inert("the worklist entry", &page);

    // The admin's textareas: a rule, a mail text, a definition's source, a CSV file.
    let admin: StaffClient = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    let made = admin.post_form("/staff/authoring", &[("_op", "new_version"), ("kind", "questionnaire"), ("id", "ear_tubes_follow_up")]).await;
    let draft = made.headers()["location"].to_str().unwrap_or_default().to_owned();
    let rule = [("_op", "add_rule"), ("rule_id", "hostile"), ("level", "yellow"), ("when", HOSTILE), ("message_da", "x"), ("message_en", "x")];
    let _ = admin.post_form(&draft, &rule).await;
    assert_inert("the editor", &admin.get(&draft).await.text().await.unwrap_or_default());

    let body = format!("{HOSTILE} {{link}}");
    let mail =
        [("_form", "mail-invitation-da"), ("kind", "invitation"), ("language", "da"), ("subject", "Emne"), ("body", body.as_str()), ("_op", "save")];
    let _ = admin.post_form("/staff/authoring/mail", &mail).await;
    assert_inert("the mail texts", &admin.get("/staff/authoring/mail").await.text().await.unwrap_or_default());

    let form = reqwest::multipart::Form::new().text("source", HOSTILE.to_owned());
    let refused = admin.client.post(app.url("/staff/authoring/import")).header("sec-fetch-site", "same-origin").multipart(form).send().await.unwrap();
    assert_inert("a refused import", &refused.text().await.unwrap_or_default());

    let csv = admin.post_form("/staff/import", &[("csv", HOSTILE)]).await;
    assert_inert("the CSV import", &csv.text().await.unwrap_or_default());
}
