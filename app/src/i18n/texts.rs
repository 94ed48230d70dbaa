//! The interface's texts, one file per language in `app/locales/`
//! (`da.toml`, `en.toml`), read at build time by `app/build.rs` into the
//! constants of [`t`] and a table per language. A third language is one
//! more file (and its [`Locale`]); the build refuses a file that lacks a
//! key, and the tests below check the files as a translator leaves them.

use super::Locale;

/// One text of the interface, in whichever language is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text(usize);

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

impl Text {
    /// The text in `locale`; Danish for a language that has no file.
    pub fn get(self, locale: Locale) -> &'static str {
        let table = LANGUAGES.iter().find(|(code, _)| *code == locale.as_str()).unwrap_or(&LANGUAGES[0]);
        table.1[self.0]
    }

    /// The text in `locale` with its `{name}` places filled in: each
    /// language puts the values where its sentence needs them
    /// ("Side {position} af {total}").
    pub fn fill(self, locale: Locale, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut out = String::new();
        let mut rest = self.get(locale);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').and_then(|close| args.iter().find(|(name, _)| *name == &after[..close]).map(|arg| (close, arg.1))) {
                Some((close, value)) => {
                    out.push_str(&value.to_string());
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The `{name}` places of a text, as a translator must keep them.
#[cfg(test)]
fn places(text: &str) -> std::collections::BTreeSet<&str> {
    text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn read(code: &str) -> BTreeMap<String, String> {
        let path = format!("{}/locales/{code}.toml", env!("CARGO_MANIFEST_DIR"));
        let table: toml::Table = std::fs::read_to_string(&path).expect(&path).parse().expect("valid TOML");
        let mut out = BTreeMap::new();
        for (section, keys) in table {
            for (key, value) in keys.as_table().expect("a [section]") {
                out.insert(format!("{section}.{key}"), value.as_str().expect("a string").to_owned());
            }
        }
        out
    }

    #[test]
    fn every_language_has_a_file_with_every_key_and_no_empty_text() {
        let reference = read("da");
        assert!(reference.len() > 300, "the texts were read ({})", reference.len());
        for locale in Locale::ALL {
            let texts = read(locale.as_str());
            let missing: Vec<_> = reference.keys().filter(|k| !texts.contains_key(*k)).collect();
            let extra: Vec<_> = texts.keys().filter(|k| !reference.contains_key(*k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}.toml: missing {missing:?}, extra {extra:?}", locale.as_str());
            let empty: Vec<_> = texts.iter().filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| k).collect();
            assert!(empty.is_empty(), "{}.toml: empty texts {empty:?}", locale.as_str());
            assert!(LANGUAGES.iter().any(|(code, _)| *code == locale.as_str()), "{} is built in", locale.as_str());
        }
    }

    /// A translation that drops or renames `{clinic}` would show a blank
    /// or a brace where the clinic's name belongs.
    #[test]
    fn every_language_keeps_every_place_of_every_text() {
        let reference = read("da");
        for locale in Locale::ALL {
            for (key, text) in read(locale.as_str()) {
                assert_eq!(places(&text), places(&reference[&key]), "{}.toml: {key}", locale.as_str());
            }
        }
    }

    #[test]
    fn places_are_filled_in_each_languages_order() {
        let filled = t::respondent::PAGE_OF.fill(Locale::Da, &[("position", &2), ("total", &5)]);
        assert_eq!(filled, "Side 2 af 5");
        let filled = t::respondent::PAGE_OF.fill(Locale::En, &[("total", &5), ("position", &2)]);
        assert_eq!(filled, "Page 2 of 5");
        // A name no argument has stays as written rather than vanishing.
        assert_eq!(t::respondent::PAGE_OF.fill(Locale::En, &[("position", &2)]), "Page 2 of {total}");
    }

    #[test]
    fn a_text_reads_in_the_language_asked_for() {
        assert_eq!(t::overview::OVERVIEW.get(Locale::Da), "Oversigt");
        assert_eq!(t::overview::OVERVIEW.get(Locale::En), "Overview");
    }

    /// Where a file and the code disagree on a key the build fails; this
    /// checks the other way round: no text in the files that no page uses.
    #[test]
    fn every_text_in_the_files_is_used() {
        let source: String = crate::test_support::source_files().into_iter().map(|(_, text)| text).collect();
        let unused: Vec<String> = read("da")
            .into_keys()
            .filter(|key| {
                let (section, name) = key.split_once('.').expect("section.key");
                // The whole name: `t::authoring::USE` is not used by `USE_2`.
                let name = format!("t::{section}::{}", name.to_uppercase());
                !source.match_indices(&name).any(|(at, _)| !source[at + name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
            })
            .collect();
        assert!(unused.is_empty(), "texts no page uses: {unused:?}");
    }
}
