use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{tr, use_i18n};
use crate::staff::api::StaffInfo;
use crate::staff::layout::StaffFrame;

/// `/staff`: where a signed-in staff member lands.
#[component]
pub fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, "Oversigt – Svar", "Overview – Svar")/>
        <StaffFrame>
            {move || {
                let ctx = use_context::<StaffInfo>();
                let must_change = ctx.as_ref().is_some_and(|c| c.must_change_password);
                view! {
                    <h1>{tr(i18n, "Oversigt", "Overview")}</h1>
                    {must_change.then(|| view! {
                        <p class="notice notice-error" role="alert">
                            {tr(i18n, "Din adgangskode er sat af en administrator. ", "Your password was set by an administrator. ")}
                            <a href="/staff/password">{tr(i18n, "Vælg din egen nu.", "Choose your own now.")}</a>
                        </p>
                    })}
                    <p>{tr(i18n, "Vælg et punkt i menuen.", "Choose an item in the menu.")}</p>
                }
            }}
        </StaffFrame>
    }
}
