use leptos::prelude::*;

use super::LanguageSwitch;
use crate::i18n::{t, tr, use_i18n};

/// The frame of every page: skip link, header with the language switch,
/// the page itself in `<main>`, and a footer.
#[component]
pub fn PageLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#content">{tr(i18n, t::layout::SKIP_TO_CONTENT)}</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-name">"Svar"</span>
                <span class="brand-tagline">{tr(i18n, t::layout::TAGLINE)}</span>
            </a>
            <LanguageSwitch/>
        </header>
        <main id="content" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{tr(i18n, t::layout::FOOTER)}</p>
        </footer>
    }
}
