//! Pages complete while another app is built in the same process.
//!
//! Leptos's route-list generation sets a process-wide "do not load
//! resources" flag while it renders the app once; a resource first polled
//! in that window waits forever, so a page being served at that moment
//! stops part-way. This was the harness's intermittent page stall (the
//! test process starts many apps while others serve). The route list is
//! now generated once per process; this test builds routers in a loop
//! while fetching pages that load resources, and fails on any stall.

use std::time::Duration;

use crate::helpers::{spawn_app, test_settings, Backend, DEMO_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_complete_while_other_routers_are_built() {
    let app = spawn_app(Backend::Sqlite).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let state = app.state.clone();
    let settings = test_settings(&app.db_url());
    let building = tokio::spawn(async move {
        for _ in 0..200 {
            let _ = server::startup::router(state.clone(), &settings, None, server::sms::report::ReportKey::new(vec![1; 32]));
            tokio::task::yield_now().await;
        }
    });
    let mut stalled = Vec::new();
    for n in 0..150 {
        let path = ["/staff/patients/new", "/staff/worklist", "/staff/patients"][n % 3];
        let response = staff.client.get(app.url(path)).header("accept", "text/html").timeout(Duration::from_secs(5)).send().await;
        let body = match response {
            Ok(r) => r.text().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match body {
            // A finished page: the document, then Leptos's closing script
            // (`__INCOMPLETE_CHUNKS=[]`); a stalled one times out instead.
            Ok(html) if html.contains("</html>") && html.trim_end().ends_with("</script>") => {}
            Ok(html) => stalled.push(format!("{path}: incomplete, {} bytes, ends {:?}", html.len(), &html[html.len().saturating_sub(120)..])),
            Err(e) => stalled.push(format!("{path}: {e}")),
        }
        if building.is_finished() {
            break;
        }
    }
    building.await.expect("routers built");
    assert!(stalled.is_empty(), "pages stalled while routers were built: {stalled:#?}");
}
