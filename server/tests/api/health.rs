use crate::helpers::{backend_tests, spawn_app, Backend};

backend_tests!(healthz_reports_a_reachable_database);

async fn healthz_reports_a_reachable_database(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
}
