use app::ports::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// `GET /healthz`: 200 when the database answers, 503 otherwise. For load
/// balancers and monitoring; it reveals nothing about patients.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.store.backend().as_str();
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok", "database": database }))),
        Err(err) => {
            tracing::error!(error = %err, source = ?std::error::Error::source(&err), "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": database })),
            )
        }
    }
}
