//! Limits on request bodies: `max_body_bytes` for every route, except the
//! CSV import, which is given what its own rules promise (a file of up to
//! 2 MiB, posted as form text, where a byte may take three). A body over
//! its limit is refused with 413 and a sentence that says the limit, before
//! any of it is read when its length is declared.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::patients::csv_import;

/// The import page's form post.
pub const IMPORT_ROUTE: &str = "/staff/import";

/// The largest import form: the file's text URL-encoded (three bytes per
/// byte at worst) and the form's few other fields.
pub const IMPORT_LIMIT: usize = 3 * csv_import::MAX_BYTES + 64 * 1024;

/// An oversized import up to this size is read to its end before the
/// refusal, so the browser shows it; a larger one is cut off.
const DRAIN_UP_TO: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Every other route (`max_body_bytes`).
    pub default: usize,
}

pub async fn limit_body(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let import = request.uri().path() == IMPORT_ROUTE;
    let limit = if import { IMPORT_LIMIT.max(limits.default) } else { limits.default };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        if import && declared.is_some_and(|n| n <= DRAIN_UP_TO) {
            // A browser still sending an oversized file does not show an
            // answer given before it finished; read (and drop) the rest so
            // the admin sees why, within a bound.
            let _ = axum::body::to_bytes(request.into_body(), DRAIN_UP_TO).await;
        }
        return too_large(import, limit);
    }
    // A body without a declared length is cut off at the limit as it is read.
    let (parts, body) = request.into_parts();
    let limited = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, limited)).await
}

fn too_large(import: bool, limit: usize) -> Response {
    let text = if import {
        format!(
            "Filen er for stor: højst {} rækker og 2 MiB. Del den i flere filer. / \
             The file is too large: at most {} rows and 2 MiB. Split it into several files.",
            csv_import::MAX_ROWS,
            csv_import::MAX_ROWS
        )
    } else {
        format!("Forespørgslen er for stor (højst {limit} bytes). / The request is too large (at most {limit} bytes).")
    };
    (StatusCode::PAYLOAD_TOO_LARGE, text).into_response()
}
