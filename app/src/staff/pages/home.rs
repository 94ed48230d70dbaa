use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{tr, use_i18n};
use crate::staff::layout::StaffFrame;

/// `/staff`: where a signed-in staff member lands.
#[component]
pub fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, "Oversigt – Svar", "Overview – Svar")/>
        <StaffFrame>
            <h1>{tr(i18n, "Oversigt", "Overview")}</h1>
            <p>{tr(i18n, "Vælg et punkt i menuen.", "Choose an item in the menu.")}</p>
        </StaffFrame>
    }
}
