use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::NewPasswordFields;
use crate::i18n::{tr, use_i18n};

/// `/staff/forgot`: ask for a reset link by email.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text=tr(i18n, "Glemt adgangskode – Svar", "Forgotten password – Svar")/>
        <h1>{tr(i18n, "Glemt adgangskode", "Forgotten password")}</h1>
        {move || sent().then(|| view! {
            <p class="notice" role="status">{tr(
                i18n,
                "Hvis der findes en konto med den e-mail, har vi sendt et link. Det virker i en time.",
                "If an account with that email exists, we have sent a link. It works for one hour.",
            )}</p>
        })}
        <form method="post" action="/staff/forgot" class="stack-form">
            <div class="field">
                <label for="email">{tr(i18n, "E-mail", "Email")}</label>
                <input type="email" id="email" name="email" autocomplete="username" required=true/>
            </div>
            <button type="submit" class="button">{tr(i18n, "Send link", "Send link")}</button>
        </form>
    }
}

/// `/staff/reset?token=…`: choose a new password with the emailed link.
/// Opening the page changes nothing (mail scanners follow links); only
/// posting the form uses the link.
#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let notice = move || match query.read().get("error").as_deref() {
        Some("invalid") => {
            Some(tr(i18n, "Linket er udløbet eller allerede brugt. Bed om et nyt.", "The link has expired or was already used. Ask for a new one.")())
        }
        Some("weak") => Some(tr(i18n, "Den nye adgangskode skal have mindst 10 tegn.", "The new password needs at least 10 characters.")()),
        Some("repeat") => Some(tr(i18n, "De to adgangskoder er ikke ens.", "The two passwords differ.")()),
        _ => None,
    };
    view! {
        <Title text=tr(i18n, "Ny adgangskode – Svar", "New password – Svar")/>
        <h1>{tr(i18n, "Vælg en ny adgangskode", "Choose a new password")}</h1>
        {move || notice().map(|t| view! { <p class="notice notice-error" role="alert">{t}</p> })}
        <form method="post" action="/staff/reset" class="stack-form">
            <input type="hidden" name="token" value=token/>
            <NewPasswordFields/>
            <button type="submit" class="button">{tr(i18n, "Gem", "Save")}</button>
            <p><a href="/staff/forgot">{tr(i18n, "Bed om et nyt link", "Ask for a new link")}</a></p>
        </form>
    }
}
