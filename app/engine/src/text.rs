//! Per-language texts. Every text a respondent or clinician reads exists in
//! Danish and English; the loader rejects a missing translation and
//! [`crate::compile`] rejects an empty one.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// A text in every supported language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LangText {
    pub da: String,
    pub en: String,
}

impl LangText {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Self {
        Self { da: da.into(), en: en.into() }
    }

    /// The text in the reader's language.
    pub fn in_locale(&self, locale: Locale) -> &str {
        self.get(locale)
    }

    pub fn get(&self, lang: Locale) -> &str {
        match lang {
            Locale::Da => &self.da,
            Locale::En => &self.en,
        }
    }

    /// Languages whose text is empty (only whitespace counts as empty).
    pub fn empty_languages(&self) -> impl Iterator<Item = Locale> + '_ {
        Locale::ALL.into_iter().filter(|l| self.get(*l).trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_returns_the_language_asked_for() {
        let t = LangText::new("Smerter", "Pain");
        assert_eq!(t.get(Locale::Da), "Smerter");
        assert_eq!(t.get(Locale::En), "Pain");
    }

    #[test]
    fn blank_texts_count_as_missing() {
        let t = LangText::new("  ", "Pain");
        assert_eq!(t.empty_languages().collect::<Vec<_>>(), vec![Locale::Da]);
    }

    #[test]
    fn serializes_as_a_plain_object() {
        let t = LangText::new("Ja", "Yes");
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(json, r#"{"da":"Ja","en":"Yes"}"#);
    }
}
