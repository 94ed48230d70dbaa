use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_i18n, LayoutTexts};

/// Shown for any address that is not a page, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    let texts = move || LayoutTexts::get(i18n.locale());
    view! {
        <Title text=move || texts().not_found_title/>
        <h1>{move || texts().not_found_title}</h1>
        <p>{move || texts().not_found_body}</p>
        <p><a href="/">{move || texts().back_home}</a></p>
    }
}
