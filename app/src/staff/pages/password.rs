use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::NewPasswordFields;
use crate::components::StaffFrame;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// `/staff/password`: choose a new password (at least 10 characters).
#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let notice = move || match query.read().get("error").as_deref() {
        Some("current") => Some(tr(i18n, t::staff::CURRENT_PASSWORD_WRONG)()),
        Some("common") => Some(tr(i18n, t::staff::PASSWORD_TOO_COMMON)()),
        Some("repetitive") => Some(tr(i18n, t::staff::PASSWORD_REPETITIVE)()),
        Some("own") => Some(tr(i18n, t::staff::PASSWORD_CONTAINS_ACCOUNT)()),
        Some("weak") => Some(tr(i18n, t::staff::NEW_PASSWORD_NEEDS_LEAST_10)()),
        Some("repeat") => Some(tr(i18n, t::staff::TWO_NEW_PASSWORDS_DIFFER)()),
        Some("locked") => Some(tr(i18n, t::staff::TOO_MANY_ATTEMPTS_WAIT_15)()),
        _ => None,
    };
    let changed = move || query.read().get("changed").is_some();
    // Sent here before anything else: say why, and go on afterwards.
    let required = move || query.read().get("required").is_some();
    let next = move || query.read().get("next").filter(|n| crate::staff::safe_next(n)).unwrap_or_default();
    view! {
        <Title text=tr(i18n, t::staff::CHANGE_PASSWORD_SVAR)/>
        <StaffFrame>
            <h1>{tr(i18n, t::staff::CHANGE_PASSWORD)}</h1>
            {move || notice().map(|t| view! { <p class="notice notice-error" role="alert">{t}</p> })}
            {move || changed().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOUR_PASSWORD_WAS_CHANGED)}</p> })}
            {move || required().then(|| view! {
                <p class="notice" id="why-password">{tr(i18n, t::staff::CHOOSE_YOUR_OWN_PASSWORD_BEFORE)}</p>
            })}
            <form method="post" action="/staff/password" class="stack-form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="current">{tr(i18n, t::staff::CURRENT_PASSWORD)}</label>
                    <input type="password" id="current" name="current" autocomplete="current-password" required=true/>
                </div>
                <NewPasswordFields/>
                <button type="submit" class="button">{tr(i18n, t::staff::CHANGE)}</button>
            </form>
        </StaffFrame>
    }
}
