//! The live preview: the questionnaire exactly as respondents get it (the
//! same form component as the answering page, conditions live once the
//! page is hydrated), in a phone-sized frame, in either language.

use leptos::context::Provider;
use leptos::prelude::*;

use crate::authoring::view::VersionView;
use crate::components::QuestionnaireForm;
use crate::engine::Questionnaire;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, I18n, Locale};

#[component]
pub fn Preview(v: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let Some(q) = v.questionnaire.clone() else { return ().into_any() };
    let lang = v.options.preview.unwrap_or(i18n.locale());
    let path = v.path();
    let switch = Locale::ALL
        .into_iter()
        .map(|l| {
            let href = format!("{path}?lang={}#preview", l.as_str());
            view! {
                <li><a href=href aria-current=(l == lang).then_some("true")>{l.native_name()}</a></li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="preview-h" id="preview" class="panel preview-panel">
            <h2 id="preview-h">{tr(i18n, t::authoring::PREVIEW)}</h2>
            <p class="hint">{tr(i18n, t::authoring::HOW_RESPONDENT_SEES_QUESTIONNAIRE_PHONE)}</p>
            <ul class="inline-list" aria-label=tr(i18n, t::authoring::LANGUAGE_PREVIEW)>{switch}</ul>
            <div class="phone-frame" lang=lang.as_str() data-preview-lang=lang.as_str()>
                // Only the preview's children see the fixed language.
                <Provider value=I18n::Fixed(lang)>
                    <InLanguage lang q/>
                </Provider>
            </div>
        </section>
    }
    .into_any()
}

/// Renders the form with the given language, whatever the UI's is.
#[component]
fn InLanguage(lang: Locale, q: Questionnaire) -> impl IntoView {
    let title = q.title.in_locale(lang).to_owned();
    let description = q.description.in_locale(lang).to_owned();
    view! {
        <h3 class="preview-title">{title}</h3>
        <p>{description}</p>
        <form class="questionnaire preview-form" action="#" aria-label=title_label(lang)>
            <QuestionnaireForm questionnaire=q/>
        </form>
    }
}

fn title_label(lang: Locale) -> &'static str {
    crate::i18n::t::authoring::PREVIEW_QUESTIONNAIRE.get(lang)
}
