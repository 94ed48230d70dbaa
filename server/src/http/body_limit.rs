//! Limits on request bodies: `max_body_bytes` for every route but the CSV
//! import, which reads its own body within its own limit (a file of up to
//! 2 MiB, form-encoded or as a file: `app::patients::import_post`) and
//! answers a larger one with its own page and message. A body over its
//! limit is refused with 413 and a sentence that says the limit, before
//! any of it is read when its length is declared.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The import page's form post.
pub const IMPORT_ROUTE: &str = "/staff/import";

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Every other route (`max_body_bytes`).
    pub default: usize,
}

pub async fn limit_body(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    if request.uri().path() == IMPORT_ROUTE {
        return next.run(request).await;
    }
    let limit = limits.default;
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large(limit);
    }
    // A body without a declared length is cut off at the limit as it is read.
    let (parts, body) = request.into_parts();
    let limited = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, limited)).await
}

fn too_large(limit: usize) -> Response {
    let text = format!("Forespørgslen er for stor (højst {limit} bytes). / The request is too large (at most {limit} bytes).");
    (StatusCode::PAYLOAD_TOO_LARGE, text).into_response()
}
