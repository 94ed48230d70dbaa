//! Cross-site request forgery protection for every state-changing request
//! (forms, server functions, APIs), by the browser's own provenance
//! headers rather than tokens:
//! - `Sec-Fetch-Site` (all current browsers): only `same-origin` or `none`
//!   (typed in the address bar) may change state;
//! - otherwise `Origin`, when present, must be this site: the address in
//!   `Host`, or the configured public URL (proxies may rewrite `Host`);
//! - a request with neither header did not come from a browser page, so it
//!   cannot be a forged cross-site request (API clients, curl).
//!
//! It is a route layer (it runs once a route matched), so a refusal is
//! logged with the route's pattern, never the path with its token.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The origin(s) this site is reached at, besides `Host`.
#[derive(Clone, Debug)]
pub struct Origins(Arc<str>);

impl Origins {
    pub fn new(public_url: &str) -> Origins {
        Origins(public_url.trim_end_matches('/').to_ascii_lowercase().into())
    }
}

pub async fn reject_cross_site(State(origins): State<Origins>, request: Request<Body>, next: Next) -> Response {
    if is_safe_method(request.method()) || is_same_site(&request, &origins) {
        return next.run(request).await;
    }
    // The matched route (`/p/{token}`), never the path: paths carry tokens.
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_else(|| "(unmatched)".to_owned());
    tracing::warn!(method = %request.method(), route = %route, "cross-site request refused");
    app::form_response::cross_site_refused()
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_site(request: &Request<Body>, origins: &Origins) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    if origin.to_str().is_ok_and(|o| o.trim_end_matches('/').eq_ignore_ascii_case(&origins.0)) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri("/lang");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn judges_provenance_headers() {
        let host = ("host", "svar.example:3000");
        let origins = Origins::new("https://svar.hospital.example/");
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[("sec-fetch-site", "same-origin")], true),
            (&[("sec-fetch-site", "cross-site")], false),
            (&[("sec-fetch-site", "same-site")], false),
            (&[("sec-fetch-site", "none")], true),
            (&[host, ("origin", "https://svar.example:3000")], true),
            (&[host, ("origin", "https://evil.example")], false),
            (&[host, ("origin", "null")], false),
            (&[host], true),
            (&[("host", "10.0.0.5:3000"), ("origin", "https://svar.hospital.example")], true),
        ];
        for (headers, expected) in cases {
            assert_eq!(is_same_site(&request(Method::POST, headers), &origins), *expected, "{headers:?}");
        }
        assert!(is_safe_method(&Method::GET));
        assert!(!is_safe_method(&Method::DELETE));
    }
}
