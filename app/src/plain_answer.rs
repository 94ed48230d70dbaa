//! A plain answer outside a page (a refusal, a fault): a status and one
//! sentence, in Danish and in English, from the locale files. A foundation
//! of its own so that what reads requests (`form_input`) can answer
//! without depending on the pages (`form_response`).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::i18n::{Locale, Text};

/// A plain answer outside a page, in Danish and in English (no page says
/// which language the reader chose): `Dansk. / English.`
pub fn plain(status: StatusCode, text: Text) -> Response {
    plain_with(status, text, &[])
}

/// [`plain`] with values in the text's `{places}`.
pub fn plain_with(status: StatusCode, text: Text, places: &[(&str, &dyn std::fmt::Display)]) -> Response {
    let body = format!("{} / {}", text.fill(Locale::Da, places), text.fill(Locale::En, places));
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
