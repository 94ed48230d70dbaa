use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::NewPasswordFields;
use crate::components::{use_form_echo, ErrorSummary};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// `/staff/forgot`: ask for a reset link by email.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text=tr(i18n, t::staff::FORGOTTEN_PASSWORD_SVAR)/>
        <h1>{tr(i18n, t::staff::FORGOTTEN_PASSWORD)}</h1>
        {move || sent().then(|| view! {
            <p class="notice" role="status">{tr(i18n, t::staff::IF_ACCOUNT_EMAIL_EXISTS_WE)}</p>
        })}
        <form method="post" action="/staff/forgot" class="stack-form">
            <div class="field">
                <label for="email">{tr(i18n, t::staff::EMAIL)}</label>
                <input type="email" id="email" name="email" autocomplete="username" required=true/>
            </div>
            <button type="submit" class="button">{tr(i18n, t::staff::SEND_LINK)}</button>
        </form>
    }
}

/// `/staff/reset?token=…`: choose a new password with the emailed link.
/// Opening the page changes nothing (mail scanners follow links); only
/// posting the form uses the link. A refusal comes back as this page with
/// the token kept, so the member can try again with the same link.
#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let echo = use_form_echo();
    view! {
        <Title text=tr(i18n, t::staff::NEW_PASSWORD_SVAR)/>
        <h1>{tr(i18n, t::staff::CHOOSE_NEW_PASSWORD)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let token = query.read_untracked().get("token").or_else(|| echo.values.get("token").cloned()).unwrap_or_default();
                view! {
                    <ErrorSummary errors=echo.errors.clone()/>
                    <form method="post" action="/staff/reset" class="stack-form">
                        <input type="hidden" name="token" value=token/>
                        <NewPasswordFields echo=echo.clone()/>
                        <button type="submit" class="button">{tr(i18n, t::staff::SAVE)}</button>
                        <p><a href="/staff/forgot">{tr(i18n, t::staff::ASK_NEW_LINK)}</a></p>
                    </form>
                }
            })}
        </Suspense>
    }
}
