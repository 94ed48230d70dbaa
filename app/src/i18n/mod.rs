//! Danish and English for everything a patient or clinician reads.
//!
//! The interface's texts live in one file per language (`app/locales/`,
//! see [`texts`]), named in code by key (`tr(i18n, t::worklist::TITLE)`),
//! so a missing translation is a build error rather than a blank on
//! screen, and a third language is one more file. Texts with values fill
//! their `{places}` with `Text::fill`. Words that come with a value in
//! both languages (a questionnaire's own, a clinic's) are a `LangText`.
//! The chosen language lives in a signal provided at the root of the app:
//! on the server it comes from the `svar_lang` cookie or the browser's
//! `Accept-Language`; in the browser from `<html lang>`, which the server
//! rendered.

mod dates;
mod locale;
mod texts;

pub use dates::{long_date, month_label, short_date};
#[cfg(feature = "ssr")]
pub use locale::{language_cookie, locale_from_headers};
pub use locale::{Locale, LANGUAGE_COOKIE};
pub use texts::{t, Text};

use leptos::prelude::*;

/// The language of the current page: reactive where the app's signal is
/// in reach, else fixed.
#[derive(Clone, Copy, Debug)]
pub enum I18n {
    Reactive(RwSignal<Locale>),
    /// Where the context cannot be found (rendering that resumed after an
    /// await); a value, not a signal, so nothing can outlive its owner.
    Fixed(Locale),
}

impl I18n {
    pub fn locale(&self) -> Locale {
        match self {
            // A disposed signal (the page is being torn down) reads as
            // the default instead of panicking mid-response.
            I18n::Reactive(signal) => signal.try_get().unwrap_or_default(),
            I18n::Fixed(locale) => *locale,
        }
    }

    /// Changes the language (only the app's own signal can change).
    pub fn set(&self, locale: Locale) {
        if let I18n::Reactive(signal) = self {
            signal.set(locale);
        }
    }
}

/// Puts the current language in context; call once at the root.
///
/// On the server the language cannot change during a response, so it is a
/// value, not a signal. leptos_meta evaluates the page's `<Title>` after
/// the app has rendered, outside the request's reactive arena
/// (leptos_integration_utils 0.8.9, `inject_meta_context`): a title that
/// read a signal there found whatever arena the worker thread had last
/// seen, and panicked when that request was already gone ("the
/// `sandboxed-arenas` feature is active, but no Arena is active"), cutting
/// the response off. In the browser it is the signal the language switch
/// sets.
pub fn provide_i18n(initial: Locale) -> I18n {
    #[cfg(feature = "ssr")]
    let i18n = I18n::Fixed(initial);
    #[cfg(not(feature = "ssr"))]
    let i18n = I18n::Reactive(RwSignal::new(initial));
    provide_context(i18n);
    i18n
}

/// The current language.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::Fixed(initial_locale()))
}

/// The language the page was rendered in.
///
/// Server: the visitor's cookie, else their browser's preference. Browser:
/// what the server wrote into `<html lang>`, so hydration renders the same
/// text the server did.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|parts| locale_from_headers(&parts.headers)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().document_element().and_then(|el| el.get_attribute("lang")).and_then(|tag| Locale::parse(&tag)).unwrap_or_default()
    }
}

/// A text of the interface in the current language:
/// `tr(i18n, t::patients::PATIENTS)` is a reactive closure yielding it
/// (the texts are in `app/locales/`, see [`texts`]).
pub fn tr(i18n: I18n, text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || text.get(i18n.locale())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// Found by `statuses::postgres::bad_input_on_every_route_is_never_a_server_error`
    /// once in a run of the API suite: a page's title read after its app had
    /// rendered, on a thread whose current arena belonged to a finished
    /// request, panicked and the page stopped part-way.
    #[test]
    fn a_title_reads_its_language_outside_the_requests_arena() {
        let request = Owner::new_root(None);
        let title = request.with(|| tr(provide_i18n(Locale::En), t::overview::OVERVIEW));
        // Another request ran on this thread and has finished.
        Owner::new_root(None).with(|| ());
        assert_eq!(title(), "Overview");
        drop(request);
    }
}
