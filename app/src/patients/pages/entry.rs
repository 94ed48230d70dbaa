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
    let form = Resource::new(
        move || (patient(), questionnaire()),
        |(p, q)| async move {
            match p.parse() {
                Ok(p) => entry_form(p, q).await,
                Err(_) => Err(crate::error::ApiError::NotFound),
            }
        },
    );
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
                        // The echoed choice after a refused post, else the default.
                        let chosen = match echo.value("invitation") {
                            v if v.is_empty() => form.default_target.map_or_else(|| "none".to_owned(), |id| id.to_string()),
                            v => v,
                        };
                        let targets = form
                            .targets
                            .iter()
                            .map(|inv| {
                                let value = inv.id.to_string();
                                let checked = value == chosen;
                                let (title, n, opens, status) = (form.questionnaire.title.clone(), inv.sequence, inv.opens_on, inv.status.label());
                                let last = inv.closes_on.previous_day().unwrap_or(inv.closes_on);
                                let text = move || {
                                    let l = i18n.locale();
                                    t::patients::ENTRY_TARGET.fill(l, &[
                                        ("questionnaire", &title.in_locale(l)),
                                        ("n", &n),
                                        ("opens", &crate::i18n::short_date(opens, l)),
                                        ("last", &crate::i18n::short_date(last, l)),
                                        ("status", &status.get(l)),
                                    ])
                                };
                                view! {
                                    <label class="q-choice"><input type="radio" name="invitation" value=value checked=checked/>
                                        <span>{text}</span></label>
                                }
                            })
                            .collect_view();
                        let none_checked = chosen == "none";
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
                                <fieldset id="invitation" tabindex="-1" aria-describedby="invitation-hint">
                                    <legend>{tr(i18n, t::patients::WHICH_INVITATION)}</legend>
                                    <p class="hint" id="invitation-hint">{tr(i18n, t::patients::WHICH_INVITATION_HINT)}</p>
                                    {targets}
                                    <label class="q-choice"><input type="radio" name="invitation" value="none" checked=none_checked/>
                                        <span>{tr(i18n, t::patients::ENTRY_NO_INVITATION)}</span></label>
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
