use crate::helpers::{backend_tests, spawn_app, Backend};

backend_tests!(
    home_page_is_danish_by_default,
    home_page_follows_browser_language_and_cookie,
    unknown_page_is_a_translated_404,
    language_form_sets_cookie_and_returns_to_the_page,
    language_server_function_sets_cookie,
);

async fn home_page_is_danish_by_default(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"<html lang="da""#), "{html}");
    assert!(html.contains("Sådan virker det"));
    assert!(html.contains(r#"href="/pkg/svar.css""#));
    assert!(html.contains("/pkg/svar.js"), "hydration script is linked");
}

async fn home_page_follows_browser_language_and_cookie(backend: Backend) {
    let app = spawn_app(backend).await;

    let english =
        app.client.get(app.url("/")).header("accept-language", "en-GB,en;q=0.9,da;q=0.5").send().await.expect("request").text().await.expect("body");
    let cookie_wins = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en")
        .header("cookie", "svar_lang=da")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");

    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains("How it works"));
    assert!(cookie_wins.contains("Sådan virker det"));
}

async fn unknown_page_is_a_translated_404(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.client.get(app.url("/no/such/page")).header("accept-language", "en").send().await.expect("request");

    assert_eq!(response.status(), 404);
    assert!(response.text().await.expect("body").contains("Page not found"));
}

async fn language_form_sets_cookie_and_returns_to_the_page(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.post_form("/lang", &[("lang", "en"), ("back", "/some/page?x=1")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/some/page?x=1");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("svar_lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly"));

    let offsite = app.post_form("/lang", &[("lang", "da"), ("back", "//evil.example/")]).await;
    assert_eq!(offsite.headers()["location"], "/");

    let bad = app.post_form("/lang", &[("lang", "sv"), ("back", "/")]).await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.expect("body").contains("lang"));
}

async fn language_server_function_sets_cookie(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.post_form("/api/set_language", &[("lang", "en")]).await;

    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("svar_lang=en;"), "{cookie}");
}
