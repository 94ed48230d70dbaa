use leptos::prelude::*;

use super::LanguageSwitch;
use crate::i18n::{use_i18n, LayoutTexts};

/// The frame of every page: skip link, header with the language switch,
/// the page itself in `<main>`, and a footer.
#[component]
pub fn PageLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let texts = move || LayoutTexts::get(i18n.locale());
    view! {
        <a class="skip-link" href="#content">{move || texts().skip_to_content}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-name">"Svar"</span>
                <span class="brand-tagline">{move || texts().tagline}</span>
            </a>
            <LanguageSwitch/>
        </header>
        <main id="content" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{move || texts().footer}</p>
        </footer>
    }
}
