use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::use_form_echo;
use crate::components::QuestionnaireForm;
use crate::components::{ErrorSummary, StaffFrame};
use crate::engine::{AnswerError, Answers};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::entry_form;

/// What a refused entry form sends back to the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryEcho {
    pub answers: Answers,
    pub errors: Vec<AnswerError>,
}

/// `/staff/patients/:id/enter/:questionnaire`: staff enter a response
/// from a paper questionnaire or a phone call. It is stored as such, with
/// who entered it, and scored and checked like any other.
#[component]
pub fn EntryPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::patients::ENTER_RESPONSE_SVAR)/>
        <StaffFrame>
            <EntryView/>
        </StaffFrame>
    }
}

#[component]
fn EntryView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let patient = move || params.read().get("id").unwrap_or_default();
    let questionnaire = move || params.read().get("questionnaire").unwrap_or_default();
    let form = Resource::new(questionnaire, entry_form);
    let echo = use_form_echo();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let back: EntryEcho = echo.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
                match form.await {
                    Ok(form) => {
                        let key = match echo.value("submission_key") {
                            k if k.is_empty() => form.submission_key.clone(),
                            k => k,
                        };
                        let mode = echo.value("entry_mode");
                        let action = format!("/staff/patients/{}/enter/{}", patient(), questionnaire());
                        let title = form.questionnaire.title.clone();
                        view! {
                            <h1>{move || title.in_locale(i18n.locale()).to_owned()}</h1>
                            <p><a href=format!("/staff/patients/{}", patient())>{tr(i18n, t::patients::BACK_PATIENT)}</a></p>
                            <ErrorSummary errors=echo.errors.clone()/>
                            <form method="post" action=action class="stack-form q-form" novalidate=true>
                                <input type="hidden" name="submission_key" value=key/>
                                <fieldset id="entry_mode" tabindex="-1">
                                    <legend>{tr(i18n, t::patients::HOW_WERE_ANSWERS_GIVEN)}</legend>
                                    <label class="q-choice"><input type="radio" name="entry_mode" value="staff_paper" checked=mode != "staff_phone"/>
                                        <span>{tr(i18n, t::patients::PAPER)}</span></label>
                                    <label class="q-choice"><input type="radio" name="entry_mode" value="staff_phone" checked=mode == "staff_phone"/>
                                        <span>{tr(i18n, t::patients::PHONE)}</span></label>
                                </fieldset>
                                <QuestionnaireForm questionnaire=form.questionnaire answers=back.answers errors=back.errors/>
                                <button type="submit" class="button">{tr(i18n, t::patients::SAVE_RESPONSE)}</button>
                            </form>
                        }
                        .into_any()
                    }
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
