use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::NewPasswordFields;
use crate::components::StaffFrame;
use crate::i18n::{tr, use_i18n};

/// `/staff/password`: choose a new password (at least 10 characters).
#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || match query.read().get("error").as_deref() {
        Some("current") => Some(tr(i18n, "Den nuværende adgangskode er forkert.", "The current password is wrong.")()),
        Some("weak") => Some(tr(
            i18n,
            "Den nye adgangskode skal have mindst 10 tegn og være en anden end den nuværende.",
            "The new password needs at least 10 characters and must differ from the current one.",
        )()),
        Some("repeat") => Some(tr(i18n, "De to nye adgangskoder er ikke ens.", "The two new passwords differ.")()),
        Some("locked") => Some(tr(i18n, "For mange forsøg. Vent 15 minutter.", "Too many attempts. Wait 15 minutes.")()),
        _ => None,
    };
    let changed = move || query.read().get("changed").is_some();
    // Sent here before anything else: say why, and go on afterwards.
    let required = move || query.read().get("required").is_some();
    let next = move || query.read().get("next").filter(|n| crate::staff::safe_next(n)).unwrap_or_default();
    view! {
        <Title text=tr(i18n, "Skift adgangskode – Svar", "Change password – Svar")/>
        <StaffFrame>
            <h1>{tr(i18n, "Skift adgangskode", "Change password")}</h1>
            {move || notice().map(|t| view! { <p class="notice notice-error" role="alert">{t}</p> })}
            {move || changed().then(|| view! { <p class="notice" role="status">{tr(i18n, "Adgangskoden er skiftet.", "Your password was changed.")}</p> })}
            {move || required().then(|| view! {
                <p class="notice" id="why-password">{tr(
                    i18n,
                    "Vælg din egen adgangskode, før du går videre: den, du fik tilsendt, var midlertidig, og andre kan have set den.",
                    "Choose your own password before you go on: the one you were given was temporary, and others may have seen it.",
                )}</p>
            })}
            <form method="post" action="/staff/password" class="stack-form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="current">{tr(i18n, "Nuværende adgangskode", "Current password")}</label>
                    <input type="password" id="current" name="current" autocomplete="current-password" required=true/>
                </div>
                <NewPasswordFields/>
                <button type="submit" class="button">{tr(i18n, "Skift", "Change")}</button>
            </form>
        </StaffFrame>
    }
}
