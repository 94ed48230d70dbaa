use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::{NewPasswordFields, TextField};
use crate::components::{use_form_echo, ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// `/staff/password`: choose a new password (at least 10 characters). A
/// refused change comes back as this page with what was wrong beside its
/// field, and the way on (where the member was going) kept.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let echo = use_form_echo();
    let changed = move || query.read().get("changed").is_some();
    view! {
        <Title text=tr(i18n, t::staff::CHANGE_PASSWORD_SVAR)/>
        <StaffFrame>
            <h1>{tr(i18n, t::staff::CHANGE_PASSWORD)}</h1>
            {move || changed().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOUR_PASSWORD_WAS_CHANGED)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let echo = echo.await.unwrap_or_default();
                    // Sent here before anything else: say why, and go on afterwards.
                    let from = |key: &str| query.read_untracked().get(key).or_else(|| echo.values.get(key).cloned());
                    let required = from("required").is_some();
                    let next = from("next").filter(|n| crate::staff::safe_next(n)).unwrap_or_default();
                    view! {
                        {required.then(|| view! {
                            <p class="notice" id="why-password">{tr(i18n, t::staff::CHOOSE_YOUR_OWN_PASSWORD_BEFORE)}</p>
                        })}
                        <ErrorSummary errors=echo.errors.clone()/>
                        <form method="post" action="/staff/password" class="stack-form">
                            <input type="hidden" name="next" value=next/>
                            <TextField name="current" label=t::staff::CURRENT_PASSWORD kind="password" autocomplete="current-password" required=true echo=echo.clone()/>
                            <NewPasswordFields echo=echo.clone()/>
                            <button type="submit" class="button">{tr(i18n, t::staff::CHANGE)}</button>
                        </form>
                    }
                })}
            </Suspense>
        </StaffFrame>
    }
}
