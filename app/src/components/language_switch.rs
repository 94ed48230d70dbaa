use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, tr, use_i18n, Locale};

/// Switches between Danish and English.
///
/// Without JavaScript this is a plain form posting to `/lang`, which sets
/// the language cookie and sends the visitor back to the same page. Once
/// hydrated, a click changes the language in place (no page load) and a
/// server function remembers the choice in the same cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    let remember = ServerAction::<SetLanguage>::new();

    let buttons = Locale::ALL
        .into_iter()
        .map(|locale| {
            let on_click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                i18n.set(locale);
                set_document_language(locale);
                remember.dispatch(SetLanguage { lang: locale });
            };
            view! {
                <button
                    type="submit"
                    name="lang"
                    value=locale.as_str()
                    lang=locale.as_str()
                    aria-pressed=move || (i18n.locale() == locale).to_string()
                    on:click=on_click
                >
                    {locale.native_name()}
                </button>
            }
        })
        .collect_view();

    view! {
        <form method="post" action="/lang" class="language-switch">
            <input type="hidden" name="back" value=back/>
            <span class="visually-hidden">{tr(i18n, t::layout::LANGUAGE)}</span>
            {buttons}
        </form>
    }
}

fn set_document_language(locale: Locale) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", locale.as_str());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

/// Remembers the visitor's language in a cookie.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: Locale) -> Result<(), ServerFnError> {
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = http::HeaderValue::from_str(&crate::i18n::language_cookie(lang)).map_err(|_| ServerFnError::new("invalid language"))?;
    response.append_header(http::header::SET_COOKIE, cookie);
    Ok(())
}
