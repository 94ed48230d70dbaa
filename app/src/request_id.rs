//! The id of the request being answered: in every log line of the request
//! (the server's request span carries it), in the `x-request-id` response
//! header, and on an error page, so that a member can quote it and the
//! log line it names can be found. The server's middleware sets it for the
//! request's task; work spawned for the request takes it along
//! ([`crate::request::detached`]).

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The header a request id travels in (from a trusted proxy, and back).
pub const HEADER: &str = "x-request-id";

/// The id a request was given, in its extensions (the server's middleware
/// puts it there; the log span and the pages read it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The id of the request this task answers, if it answers one: the task's
/// own, or, where the work runs on a task Leptos spawned to render a page
/// (which does not inherit it), the one in the request's parts.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok().or_else(|| {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts.extensions.get::<RequestId>().map(|id| id.0.clone())
    })
}

/// Runs `work` as the request `id`.
pub async fn scope<F: Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// A new id: 16 hex digits, random; short enough to read out on the phone.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned()
}

/// An id a trusted proxy sent, if it is one Svar will repeat: 1 to 64
/// letters, digits, `-`, `_` or `.` (nothing a log or a header could
/// misread).
pub fn accept(from_proxy: &str) -> Option<String> {
    let ok = !from_proxy.is_empty() && from_proxy.len() <= 64 && from_proxy.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    ok.then(|| from_proxy.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_id_is_sixteen_hex_digits_and_new_each_time() {
        let (a, b) = (new_id(), new_id());
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn only_a_plain_id_from_a_proxy_is_kept() {
        assert_eq!(accept("abc-123_x.y").as_deref(), Some("abc-123_x.y"));
        for bad in ["", "has space", "new\nline", "quote\"", &"x".repeat(65), "æøå"] {
            assert_eq!(accept(bad), None, "{bad:?}");
        }
        assert!(accept(&"x".repeat(64)).is_some());
    }

    /// A page's data is read on a task Leptos spawns, which does not
    /// inherit the request's task-local id: the id is then the one the
    /// middleware put in the request's parts.
    #[test]
    fn outside_its_task_the_id_comes_from_the_requests_parts() {
        let (parts, ()) = http::Request::builder().extension(RequestId("req-9".to_owned())).body(()).expect("request").into_parts();
        let owner = leptos::prelude::Owner::new();
        let seen = owner.with(|| {
            leptos::prelude::provide_context(parts);
            current()
        });
        assert_eq!(seen.as_deref(), Some("req-9"));
    }

    #[tokio::test]
    async fn the_id_is_there_inside_its_scope_only() {
        assert_eq!(current(), None);
        let seen = scope("req-1".to_owned(), async { current() }).await;
        assert_eq!(seen.as_deref(), Some("req-1"));
        assert_eq!(current(), None);
    }
}
