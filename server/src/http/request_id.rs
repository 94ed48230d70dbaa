//! Gives every request an id: kept from a trusted reverse proxy's
//! `x-request-id` (when `trust_proxy` is set and the id is plain), made
//! fresh otherwise. It is in the request's log span, in the response's
//! `x-request-id` header, and (through `app::request_id`) on error pages.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

pub use app::request_id::RequestId;

/// Whether the `x-request-id` a client sends is a proxy's, to be kept.
#[derive(Clone, Copy, Debug)]
pub struct TrustProxy(pub bool);

pub async fn assign(State(TrustProxy(trusted)): State<TrustProxy>, mut request: Request, next: Next) -> Response {
    let from_proxy =
        trusted.then(|| request.headers().get(app::request_id::HEADER).and_then(|v| v.to_str().ok()).and_then(app::request_id::accept)).flatten();
    let id = from_proxy.unwrap_or_else(app::request_id::new_id);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = app::request_id::scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(app::request_id::HEADER, value);
    }
    response
}
