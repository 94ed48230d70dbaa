use serde::{Deserialize, Serialize};

/// Name of the cookie holding the visitor's chosen language.
pub const LANGUAGE_COOKIE: &str = "svar_lang";

/// A language Svar speaks. Danish is the default: Svar's first clinics are
/// Danish, and a patient who needs English can switch on every page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Da,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Da, Locale::En];

    /// The BCP 47 tag, as used in `lang` attributes and the cookie.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Da => "da",
            Locale::En => "en",
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Da => "Dansk",
            Locale::En => "English",
        }
    }

    /// Reads a language tag such as `da`, `en-GB` or `EN`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Locale::Da),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` value,
    /// honouring q-values; `None` when nothing listed is supported.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, locale)| locale)
    }

    /// The language for a request: the cookie if set, else the browser's
    /// preference, else Danish.
    #[cfg(feature = "ssr")]
    pub fn from_headers(headers: &http::HeaderMap) -> Locale {
        let from_cookie = headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANGUAGE_COOKIE)
            .and_then(|(_, value)| Locale::parse(value));
        from_cookie
            .or_else(|| {
                headers
                    .get(http::header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::negotiate)
            })
            .unwrap_or_default()
    }

    /// The `Set-Cookie` value that remembers this language for a year.
    #[cfg(feature = "ssr")]
    pub fn cookie(self) -> String {
        format!(
            "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            self.as_str()
        )
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_case_and_region_insensitively() {
        assert_eq!(Locale::parse("da"), Some(Locale::Da));
        assert_eq!(Locale::parse("EN-gb"), Some(Locale::En));
        assert_eq!(Locale::parse("en_US"), Some(Locale::En));
        assert_eq!(Locale::parse("sv"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn negotiates_by_quality() {
        assert_eq!(Locale::negotiate("en-US,en;q=0.9,da;q=0.8"), Some(Locale::En));
        assert_eq!(Locale::negotiate("de, da;q=0.5, en;q=0.4"), Some(Locale::Da));
        assert_eq!(Locale::negotiate("en;q=0, da;q=0.1"), Some(Locale::Da));
        assert_eq!(Locale::negotiate("de-DE, fr"), None);
        assert_eq!(Locale::negotiate("en;q=bogus"), Some(Locale::En));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn cookie_beats_accept_language() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::ACCEPT_LANGUAGE, "da".parse().unwrap());
        headers.insert(http::header::COOKIE, "other=1; svar_lang=en".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::En);
        headers.remove(http::header::COOKIE);
        assert_eq!(Locale::from_headers(&headers), Locale::Da);
        assert_eq!(Locale::from_headers(&http::HeaderMap::new()), Locale::Da);
    }
}
