use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_i18n, HomeTexts};

/// The front page: what Svar is, for patients and for clinics.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let texts = move || HomeTexts::get(i18n.locale());
    let steps = move || texts().how_steps.iter().map(|step| view! { <li>{*step}</li> }).collect_view();
    view! {
        <Title text=move || texts().title/>
        <h1>{move || texts().title}</h1>
        <p class="lead">{move || texts().lead}</p>
        <div class="cards">
            <section class="card" aria-labelledby="for-patients">
                <h2 id="for-patients">{move || texts().patients_heading}</h2>
                <p>{move || texts().patients_body}</p>
            </section>
            <section class="card" aria-labelledby="for-clinics">
                <h2 id="for-clinics">{move || texts().clinics_heading}</h2>
                <p>{move || texts().clinics_body}</p>
                <p><a href="/staff/sign-in" class="button">{move || texts().staff_link}</a></p>
            </section>
        </div>
        <section aria-labelledby="how">
            <h2 id="how">{move || texts().how_heading}</h2>
            <ol class="steps">{steps}</ol>
        </section>
    }
}
