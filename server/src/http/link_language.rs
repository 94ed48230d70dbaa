//! A personal link opens in the language the clinic recorded for its
//! respondent, not the phone's: a parent who chose English mails gets
//! English pages on a Danish phone. A language the visitor chose before
//! (the `svar_lang` cookie the switch sets) still wins, and the switch
//! works as on every page.

use app::i18n::{language_cookie, LANGUAGE_COOKIE};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

pub async fn respondent_language(State(state): State<AppState>, mut request: Request<Body>, next: Next) -> Response {
    let token = match request.uri().path().strip_prefix("/p/") {
        Some(token) if request.method() == Method::GET && !has_language(request.headers()) && app::respondent::links::is_token_shaped(token) => {
            token.to_owned()
        }
        _ => return next.run(request).await,
    };
    // A link that does not work (unknown, answered, expired) keeps the
    // browser's language: its landing page only says why.
    let Ok(info) = app::respondent::links::link_info(&state, &token).await else {
        return next.run(request).await;
    };
    let lang = info.language;
    if let Ok(cookie) = HeaderValue::from_str(&format!("{LANGUAGE_COOKIE}={}", lang.as_str())) {
        request.headers_mut().append(header::COOKIE, cookie);
    }
    let mut response = next.run(request).await;
    if let Ok(cookie) = HeaderValue::from_str(&language_cookie(lang)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn has_language(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split_once('=').is_some_and(|(name, _)| name == LANGUAGE_COOKIE))
}
