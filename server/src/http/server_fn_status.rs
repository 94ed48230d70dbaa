//! Server functions answer an error with 500 whatever it was: the
//! framework builds that response before Svar's code runs when a call's
//! arguments do not read, and after it otherwise. This layer gives each
//! error its own status (401, 403, 404, 409, 400, 503) from the error the
//! body carries, so a client, a proxy and the logs can tell a mistake from
//! a fault.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Largest error body read (errors are a few bytes of JSON).
const MAX_ERROR_BODY: usize = 16 * 1024;

pub async fn status_from_error(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::SERVICE_UNAVAILABLE;
        return Response::from_parts(parts, Body::empty());
    };
    let status = if let Ok(err) = serde_json::from_slice::<app::error::ApiError>(&bytes) {
        err.status()
    } else if let Ok(err) = serde_json::from_slice::<app::respondent::api::PatientError>(&bytes) {
        err.status()
    } else {
        500
    };
    parts.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Response::from_parts(parts, Body::from(bytes))
}
