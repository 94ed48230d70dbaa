use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// `/staff/sign-in`. The form posts to the server; a refusal comes back as
/// `?error=` and says nothing about whether the account exists.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || match query.read().get("error").as_deref() {
        Some("invalid") => Some(tr(i18n, t::staff::WRONG_EMAIL_PASSWORD)()),
        Some("locked") => Some(tr(i18n, t::staff::TOO_MANY_ATTEMPTS_WAIT_15_2)()),
        _ => None,
    };
    let signed_out = move || query.read().get("signed_out").is_some();
    let reset = move || query.read().get("reset").is_some();
    view! {
        <Title text=tr(i18n, t::staff::SIGN_SVAR)/>
        <h1>{tr(i18n, t::staff::STAFF_SIGN)}</h1>
        {move || notice().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        {move || reset().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOUR_PASSWORD_WAS_CHANGED_SIGN)}</p> })}
        {move || signed_out().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOU_ARE_SIGNED_OUT)}</p> })}
        <form method="post" action="/staff/sign-in" class="stack-form">
            <div class="field">
                <label for="email">{tr(i18n, t::staff::EMAIL)}</label>
                <input type="email" id="email" name="email" autocomplete="username" required=true/>
            </div>
            <div class="field">
                <label for="password">{tr(i18n, t::staff::PASSWORD)}</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required=true/>
            </div>
            <button type="submit" class="button">{tr(i18n, t::staff::SIGN)}</button>
        </form>
        <p><a href="/staff/forgot">{tr(i18n, t::staff::FORGOTTEN_YOUR_PASSWORD)}</a></p>
    }
}
