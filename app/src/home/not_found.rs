use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, tr, use_i18n};

/// Shown for any address that is not a page, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::layout::NOT_FOUND_TITLE)/>
        <h1>{tr(i18n, t::layout::NOT_FOUND_TITLE)}</h1>
        <p>{tr(i18n, t::layout::NOT_FOUND_BODY)}</p>
        <p><a href="/">{tr(i18n, t::layout::BACK_HOME)}</a></p>
    }
}
