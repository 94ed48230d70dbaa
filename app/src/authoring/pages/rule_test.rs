//! `/staff/authoring/questionnaire/:id/:version/test`: a new rule test.
//! The admin fills in the questionnaire as a respondent would and ticks
//! the flags those answers must raise.

use leptos::prelude::*;
use leptos_meta::Title;

use super::version::use_version_request;
use super::widgets::value_of;
use crate::authoring::api::get_version;
use crate::components::use_form_echo;
use crate::components::QuestionnaireForm;
use crate::components::{ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn RuleTestPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::authoring::NEW_RULE_TEST_SVAR)/>
        <StaffFrame>
            <RuleTestBody/>
        </StaffFrame>
    }
}

#[component]
fn RuleTestBody() -> impl IntoView {
    let i18n = use_i18n();
    let request = use_version_request();
    let data = Resource::new(request, |(kind, id, v, options)| get_version(kind, id, v, options));
    let echo = use_form_echo();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let Ok(v) = data.await else {
                    return view! {
                        <h1>{tr(i18n, t::authoring::NEW_RULE_TEST)}</h1>
                        <p role="alert">{tr(i18n, t::authoring::NO_SUCH_VERSION)}</p>
                        <p><a href="/staff/authoring">{tr(i18n, t::authoring::QUESTIONNAIRES_2)}</a></p>
                    }.into_any();
                };
                let Some(q) = v.questionnaire.clone().filter(|_| v.editable()) else {
                    let path = v.path();
                    return view! {
                        <h1>{tr(i18n, t::authoring::NEW_RULE_TEST)}</h1>
                        <p role="alert">{tr(i18n, t::authoring::ONLY_DRAFTS_GET_NEW_TESTS)}</p>
                        <p><a href=path>{tr(i18n, t::authoring::BACK_VERSION)}</a></p>
                    }.into_any();
                };
                let path = v.path();
                let some_echo = Some(echo.clone());
                let name = value_of(&some_echo, "test", "_test_name", "");
                let expected: Vec<String> = echo.values.get("_test_expect").map(|e| e.split(',').map(str::to_owned).collect()).unwrap_or_default();
                let posted: Vec<(String, String)> = echo.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
                let answers = crate::engine::form::answers_from_form(&q, &posted);
                let mut flags: Vec<(String, String)> = q.rules.iter().map(|r| (r.id.clone(), r.message.en.clone())).collect();
                if q.contact_item.is_some() {
                    flags.push(("contact".into(), "contact request".into()));
                }
                let boxes = flags
                    .into_iter()
                    .map(|(id, label)| {
                        let box_id = format!("expect-{id}");
                        let checked = expected.contains(&id);
                        view! {
                            <div class="field checkbox">
                                <input type="checkbox" id=box_id.clone() name="_test_expect" value=id.clone() checked=checked/>
                                <label for=box_id><code>{id}</code>" — "{label}</label>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <p><a href=format!("{path}#tests")>{tr(i18n, t::authoring::BACK_VERSION)}</a></p>
                    <h1>{tr(i18n, t::authoring::NEW_RULE_TEST)}{format!(" – {} v{}", v.id, v.version)}</h1>
                    <ErrorSummary errors=echo.errors.clone()/>
                    <form method="post" action=format!("{path}/test") class="stack-form questionnaire">
                        <input type="hidden" name="_form" value="test"/>
                        <input type="hidden" name="_rev" value=v.revision.clone().unwrap_or_default()/>
                        <div class="field">
                            <label for="_test_name">{tr(i18n, t::authoring::TEST_S_NAME)}</label>
                            <input type="text" id="_test_name" name="_test_name" value=name/>
                        </div>
                        <h2>{tr(i18n, t::authoring::ANSWERS)}</h2>
                        <p class="hint">{tr(i18n, t::authoring::FILL_RESPONDENT_WOULD_EMPTY_ITEMS)}</p>
                        <QuestionnaireForm questionnaire=q answers=answers/>
                        <fieldset>
                            <legend>{tr(i18n, t::authoring::FLAGS_THESE_ANSWERS_MUST_RAISE)}</legend>
                            {boxes}
                        </fieldset>
                        <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_TEST)}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
}
