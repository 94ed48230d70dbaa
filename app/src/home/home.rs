use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, tr, use_i18n};

/// The front page: what Svar is, for patients and for clinics.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let steps = [t::home::HOW_STEP_1, t::home::HOW_STEP_2, t::home::HOW_STEP_3, t::home::HOW_STEP_4]
        .map(|step| view! { <li>{tr(i18n, step)}</li> })
        .collect_view();
    view! {
        <Title text=tr(i18n, t::home::TITLE)/>
        <h1>{tr(i18n, t::home::TITLE)}</h1>
        <p class="lead">{tr(i18n, t::home::LEAD)}</p>
        <div class="cards">
            <section class="card" aria-labelledby="for-patients">
                <h2 id="for-patients">{tr(i18n, t::home::PATIENTS_HEADING)}</h2>
                <p>{tr(i18n, t::home::PATIENTS_BODY)}</p>
            </section>
            <section class="card" aria-labelledby="for-clinics">
                <h2 id="for-clinics">{tr(i18n, t::home::CLINICS_HEADING)}</h2>
                <p>{tr(i18n, t::home::CLINICS_BODY)}</p>
                <p><a href="/staff/sign-in" class="button">{tr(i18n, t::home::STAFF_LINK)}</a></p>
            </section>
        </div>
        <section aria-labelledby="how">
            <h2 id="how">{tr(i18n, t::home::HOW_HEADING)}</h2>
            <ol class="steps">{steps}</ol>
        </section>
    }
}
