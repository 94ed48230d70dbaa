//! The request's language. [`Locale`] itself is the engine's (one language
//! type for questionnaire texts, the interface and mails); this module adds
//! what only the server needs: reading it from a request and remembering it
//! in a cookie.

pub use svar_engine::Locale;

/// Name of the cookie holding the visitor's chosen language.
pub const LANGUAGE_COOKIE: &str = "svar_lang";

/// The language for a request: the cookie if set, else the browser's
/// preference, else Danish.
#[cfg(feature = "ssr")]
pub fn locale_from_headers(headers: &http::HeaderMap) -> Locale {
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| Locale::parse(value));
    from_cookie.or_else(|| headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::negotiate)).unwrap_or_default()
}

/// The `Set-Cookie` value that remembers this language for a year.
#[cfg(feature = "ssr")]
pub fn language_cookie(locale: Locale) -> String {
    format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", locale.as_str())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn cookie_beats_accept_language() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::ACCEPT_LANGUAGE, http::HeaderValue::from_static("da"));
        headers.insert(http::header::COOKIE, http::HeaderValue::from_static("other=1; svar_lang=en"));
        assert_eq!(locale_from_headers(&headers), Locale::En);
        headers.remove(http::header::COOKIE);
        assert_eq!(locale_from_headers(&headers), Locale::Da);
        assert_eq!(locale_from_headers(&http::HeaderMap::new()), Locale::Da);
    }
}
