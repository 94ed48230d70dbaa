use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::fields::{CheckField, SelectField, TextField};
use crate::components::use_form_echo;
use crate::components::FormEcho;
use crate::components::{ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::Locale;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::pathways;
use crate::patients::patient::{language, Relation};

/// `/staff/patients/new`: a patient, who answers for them, and the pathway
/// with its index date, in one form. A refused form comes back with every
/// value as typed and each problem beside its field.
#[component]
pub fn NewPatientPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::patients::ENROL_PATIENT_SVAR)/>
        <StaffFrame>
            <NewPatientForm/>
        </StaffFrame>
    }
}

pub fn pathway_options(list: Vec<crate::patients::PathwayChoice>) -> Vec<(String, String, String)> {
    list.into_iter().map(|p| (p.id, p.title_da, p.title_en)).collect()
}

pub fn relation_options() -> Vec<(String, String, String)> {
    Relation::ALL.iter().map(|r| (r.code().to_owned(), r.label().da, r.label().en)).collect()
}

/// E-mail or SMS, as staff read them.
pub fn channel_options() -> Vec<(String, String, String)> {
    crate::schedule::channel::Channel::ALL
        .into_iter()
        .map(|c| (c.as_str().to_owned(), c.label().get(Locale::Da).to_owned(), c.label().get(Locale::En).to_owned()))
        .collect()
}
pub fn language_options() -> Vec<(String, String, String)> {
    Locale::ALL.iter().map(|l| (l.as_str().to_owned(), language::label(*l).da, language::label(*l).en)).collect()
}

#[component]
fn NewPatientForm() -> impl IntoView {
    let i18n = use_i18n();
    let echo = use_form_echo();
    let choices = Resource::new(|| (), |_| pathways());
    view! {
        <h1>{tr(i18n, t::patients::ENROL_PATIENT)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo: Option<FormEcho> = echo.await;
                let choices = choices.await.unwrap_or_default();
                let errors = echo.as_ref().map(|e| e.errors.clone()).unwrap_or_default();
                let respondent = move |n: usize, echo: Option<FormEcho>| {
                    let f = crate::patients::patient::field::RESPONDENTS[n - 1];
                    let legend = if n == 1 { t::patients::FIRST_RESPONDENT } else { t::patients::SECOND_RESPONDENT };
                    let (name, email, relation, language) = (f.name, f.email, f.relation, f.language);
                    view! {
                        <fieldset>
                            <legend>{tr(i18n, legend)}</legend>
                            <TextField name=name label=t::patients::NAME echo=echo.clone().unwrap_or_default()/>
                            <TextField name=email label=t::patients::EMAIL kind="email" echo=echo.clone().unwrap_or_default()/>
                            <SelectField name=relation label=t::patients::RELATION_TO_PATIENT options=relation_options() empty_first=true echo=echo.clone().unwrap_or_default()/>
                            <SelectField name=language label=t::patients::LANGUAGE_OF_EMAILS options=language_options() echo=echo.clone().unwrap_or_default()/>
                            <TextField name=f.mobile label=t::patients::MOBILE kind="tel" echo=echo.clone().unwrap_or_default()/>
                            <SelectField name=f.channel label=t::patients::PREFERRED_CHANNEL options=channel_options() echo=echo.clone().unwrap_or_default()/>
                            <CheckField name=f.sms_consent label=t::patients::SMS_CONSENT echo=echo.unwrap_or_default()/>
                        </fieldset>
                    }
                };
                let e = echo.clone().unwrap_or_default();
                view! {
                    <ErrorSummary errors/>
                    <form method="post" action="/staff/patients/new" class="stack-form" novalidate=true>
                        <fieldset>
                            <legend>{tr(i18n, t::patients::PATHWAY)}</legend>
                            <SelectField name="pathway" label=t::patients::PATHWAY options=pathway_options(choices) echo=e.clone()/>
                            <TextField name="index_date" label=t::patients::INDEX_DATE_FIELD kind="date" required=true echo=e.clone()/>
                        </fieldset>
                        <fieldset>
                            <legend>{tr(i18n, t::patients::PATIENT)}</legend>
                            <TextField name="name" label=t::patients::NAME required=true echo=e.clone()/>
                            <TextField name="date_of_birth" label=t::patients::DATE_OF_BIRTH_FIELD kind="date" required=true echo=e.clone()/>
                            <TextField name="national_id" label=t::patients::NATIONAL_ID_OPTIONAL echo=e.clone()/>
                            <TextField name="email" label=t::patients::PATIENT_EMAIL_OPTIONAL kind="email" echo=e.clone()/>
                        </fieldset>
                        {respondent(1, echo.clone())}
                        {respondent(2, echo.clone())}
                        <button type="submit" class="button">{tr(i18n, t::patients::ENROL)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}
