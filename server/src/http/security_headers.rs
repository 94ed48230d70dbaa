//! Headers every response carries. Pages set their own, stricter
//! Content-Security-Policy with a per-response nonce (`app::shell`); other
//! responses get a policy that allows nothing to run.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const FALLBACK_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Whether Svar is reached over HTTPS (the public URL is https, or TLS ends
/// at a proxy): then browsers are told to use nothing else (HSTS).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

pub async fn add_security_headers(State(Https(https)): State<Https>, request: Request<Body>, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    // Personal links must never leak to another site through Referer.
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::CONTENT_SECURITY_POLICY, FALLBACK_CSP);
    set(header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(header::HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=()");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    // Pages may hold health data: no shared or back-button caches.
    if !is_asset {
        set(header::CACHE_CONTROL, "no-store");
    }
    response
}
