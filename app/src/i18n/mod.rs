//! Danish and English for everything a patient or clinician reads.
//!
//! Each screen has a struct of texts with one constant per language, so a
//! missing translation is a compile error rather than a blank on screen.
//! The chosen language lives in a signal provided at the root of the app:
//! on the server it comes from the `svar_lang` cookie or the browser's
//! `Accept-Language`; in the browser from `<html lang>`, which the server
//! rendered.

mod home;
mod layout;
mod locale;

pub use home::HomeTexts;
pub use layout::LayoutTexts;
pub use locale::{Locale, LANGUAGE_COOKIE};

use leptos::prelude::*;

/// The language of the current page, reactive.
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0.get()
    }
}

/// Puts the current language in context; call once at the root.
pub fn provide_i18n(initial: Locale) -> I18n {
    let i18n = I18n(RwSignal::new(initial));
    provide_context(i18n);
    i18n
}

/// The current language. Falls back to Danish outside the app root (tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Locale::default())))
}

/// The language the page was rendered in.
///
/// Server: the visitor's cookie, else their browser's preference. Browser:
/// what the server wrote into `<html lang>`, so hydration renders the same
/// text the server did.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| Locale::from_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|tag| Locale::parse(&tag))
            .unwrap_or_default()
    }
}

/// A text given in both languages where it is used:
/// `tr(i18n, "Patienter", "Patients")` is a reactive closure yielding the
/// one for the current language. Both are required, so nothing can be left
/// untranslated.
pub fn tr(i18n: I18n, da: &'static str, en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || match i18n.locale() {
        Locale::Da => da,
        Locale::En => en,
    }
}
