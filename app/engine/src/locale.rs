//! The one language type of Svar: questionnaire texts, the interface, the
//! respondent's chosen language and mails all speak in a [`Locale`].

use serde::{Deserialize, Serialize};

/// A language Svar speaks. Danish is the default: Svar's first clinics are
/// Danish, and a patient who needs English can switch on every page.
/// Adding a language means adding a variant here and a field to
/// [`crate::LangText`]; the compiler then names every place to translate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Da,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Da, Locale::En];

    /// The BCP 47 tag, as used in `lang` attributes, cookies, mails and storage.
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

    /// The language's name in English, for diagnostics.
    pub fn english_name(self) -> &'static str {
        match self {
            Locale::Da => "Danish",
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
            let q = pieces.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, locale)| locale)
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

    #[test]
    fn serializes_as_its_code() {
        assert_eq!(serde_json::to_string(&Locale::En).unwrap_or_default(), "\"en\"");
    }
}
