use app::form_input::Posted;
use app::i18n::Locale;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    back: Option<String>,
}

/// `POST /lang`: the language switch without JavaScript. Remembers the
/// choice in a cookie and sends the visitor back to the page they were on.
pub async fn set_language(Posted(form): Posted<LanguageForm>) -> Response {
    let Some(locale) = Locale::parse(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "lang: choose da or en").into_response();
    };
    let back = form.back.as_deref().filter(|b| is_local_path(b)).unwrap_or("/");
    let mut response = Redirect::to(back).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&app::i18n::language_cookie(locale)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Only paths on this site: never `//evil.example` or `https://…`, so the
/// form cannot be used to send someone elsewhere.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") && path.len() <= 2048 && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/staff/worklist?level=red"));
        for bad in ["", "https://evil.example/", "//evil.example", "/\\evil.example", "evil", "/a\r\nSet-Cookie: x"] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
