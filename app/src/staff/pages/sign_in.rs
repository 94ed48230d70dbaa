use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{tr, use_i18n};

/// `/staff/sign-in`. The form posts to the server; a refusal comes back as
/// `?error=` and says nothing about whether the account exists.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || match query.read().get("error").as_deref() {
        Some("invalid") => Some(tr(i18n, "Forkert e-mail eller adgangskode.", "Wrong email or password.")()),
        Some("locked") => Some(tr(i18n, "For mange forsøg. Vent 15 minutter, og prøv igen.", "Too many attempts. Wait 15 minutes and try again.")()),
        _ => None,
    };
    let signed_out = move || query.read().get("signed_out").is_some();
    let reset = move || query.read().get("reset").is_some();
    view! {
        <Title text=tr(i18n, "Log ind – Svar", "Sign in – Svar")/>
        <h1>{tr(i18n, "Log ind for personale", "Staff sign-in")}</h1>
        {move || notice().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
        {move || reset().then(|| view! { <p class="notice" role="status">{tr(i18n, "Din adgangskode er skiftet. Log ind.", "Your password was changed. Sign in.")}</p> })}
        {move || signed_out().then(|| view! { <p class="notice" role="status">{tr(i18n, "Du er logget ud.", "You are signed out.")}</p> })}
        <form method="post" action="/staff/sign-in" class="stack-form">
            <div class="field">
                <label for="email">{tr(i18n, "E-mail", "Email")}</label>
                <input type="email" id="email" name="email" autocomplete="username" required=true/>
            </div>
            <div class="field">
                <label for="password">{tr(i18n, "Adgangskode", "Password")}</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required=true/>
            </div>
            <button type="submit" class="button">{tr(i18n, "Log ind", "Sign in")}</button>
        </form>
        <p><a href="/staff/forgot">{tr(i18n, "Glemt adgangskode?", "Forgotten your password?")}</a></p>
    }
}
