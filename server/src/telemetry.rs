//! Structured logs. Request spans carry the method and the matched route
//! only, never the raw URL: personal links and query strings can hold
//! tokens or patient data.

use axum::extract::MatchedPath;
use axum::http::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber; the filter comes from `SVAR_LOG` or
/// `RUST_LOG` (default `info`).
pub fn init(format: LogFormat) {
    let filter = std::env::var("SVAR_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The span for one request.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| {
        if request.uri().path().starts_with("/pkg/") {
            "/pkg/*".to_owned()
        } else {
            "(unmatched)".to_owned()
        }
    });
    let id = request.extensions().get::<crate::http::request_id::RequestId>().map(|id| id.0.as_str()).unwrap_or_default();
    tracing::info_span!("request", id = %id, method = %request.method(), route = %route)
}
