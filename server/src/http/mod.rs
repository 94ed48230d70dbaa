//! HTTP middleware and the few routes outside the features: health check,
//! language form, cross-site request protection, security headers, the
//! staff session guard, the test clock and the client's precompressed
//! files. Each feature's form posts live
//! with the feature (`app/src/<feature>/forms.rs`).

pub mod assets;
pub mod body_limit;
pub mod csrf;
pub mod health;
pub mod language;
pub mod link_language;
pub mod metrics;
pub mod request_id;
pub mod security_headers;
pub mod server_fn_status;
pub mod staff_guard;
pub mod test_clock;
