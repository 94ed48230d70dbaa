//! Per-language texts. Every text a respondent or clinician reads exists in
//! Danish and English; the loader rejects a missing translation and
//! [`crate::engine::compile`] rejects an empty one.

use serde::{Deserialize, Serialize};

/// The languages Svar ships. Adding one means adding a field to [`LangText`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Da,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The language's name in English, for diagnostics.
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::Da => "Danish",
            Lang::En => "English",
        }
    }
}

/// A text in every supported language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LangText {
    pub da: String,
    pub en: String,
}

impl LangText {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            da: da.into(),
            en: en.into(),
        }
    }

    /// The text in the UI's language.
    pub fn in_locale(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::Da => &self.da,
            crate::i18n::Locale::En => &self.en,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }

    /// Languages whose text is empty (only whitespace counts as empty).
    pub fn empty_languages(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_returns_the_language_asked_for() {
        let t = LangText::new("Smerter", "Pain");
        assert_eq!(t.get(Lang::Da), "Smerter");
        assert_eq!(t.get(Lang::En), "Pain");
    }

    #[test]
    fn blank_texts_count_as_missing() {
        let t = LangText::new("  ", "Pain");
        assert_eq!(t.empty_languages().collect::<Vec<_>>(), vec![Lang::Da]);
    }

    #[test]
    fn serializes_as_a_plain_object() {
        let t = LangText::new("Ja", "Yes");
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert_eq!(json, r#"{"da":"Ja","en":"Yes"}"#);
    }
}
