use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::TextField;
use crate::components::{use_form_echo, ErrorSummary};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// `/staff/sign-in`. The form posts to the server; a refusal renders this
/// page again with the address kept and one message that says nothing
/// about whether the account exists.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let echo = use_form_echo();
    let signed_out = move || query.read().get("signed_out").is_some();
    let reset = move || query.read().get("reset").is_some();
    view! {
        <Title text=tr(i18n, t::staff::SIGN_SVAR)/>
        <h1>{tr(i18n, t::staff::STAFF_SIGN)}</h1>
        {move || reset().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOUR_PASSWORD_WAS_CHANGED_SIGN)}</p> })}
        {move || signed_out().then(|| view! { <p class="notice" role="status">{tr(i18n, t::staff::YOU_ARE_SIGNED_OUT)}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                view! {
                    <ErrorSummary errors=echo.errors.clone()/>
                    <form method="post" action="/staff/sign-in" class="stack-form">
                        <TextField name="email" label=t::staff::EMAIL kind="email" autocomplete="username" required=true echo=echo.clone()/>
                        <TextField name="password" label=t::staff::PASSWORD kind="password" autocomplete="current-password" required=true/>
                        <button type="submit" class="button">{tr(i18n, t::staff::SIGN)}</button>
                    </form>
                }
            })}
        </Suspense>
        <p><a href="/staff/forgot">{tr(i18n, t::staff::FORGOTTEN_YOUR_PASSWORD)}</a></p>
    }
}
