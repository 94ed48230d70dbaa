//! Small pieces the editor's forms share: Danish and English fields side
//! by side, one-button forms (move, remove), and errors placed beside the
//! element they are about.

use leptos::prelude::*;

use crate::components::FormEcho;
use crate::engine::diagnostics::ModelError;
use crate::engine::LangText;
use crate::i18n::{t, tr, use_i18n, Locale, Text};

/// The value a field shows: what was typed into this very form if the
/// server sent it back refused, else the saved value.
pub fn value_of(echo: &Option<FormEcho>, form: &str, name: &str, saved: &str) -> String {
    match echo {
        Some(e) if e.value("_form") == form => e.value(name),
        _ => saved.to_owned(),
    }
}

/// A text in the UI's language, for owned strings.
pub fn pick(da: String, en: String) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || if i18n.locale() == Locale::Da { da.clone() } else { en.clone() }
}

/// A labelled input (or textarea when `rows` > 1).
#[component]
pub fn Field(
    /// The form's key, to keep ids unique on a page with many forms.
    form: String,
    name: &'static str,
    label: Text,
    value: String,
    #[prop(default = 1)] rows: u32,
    #[prop(optional)] hint: Option<Text>,
    #[prop(default = false)] mono: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{form}-{name}");
    let hint_id = format!("{id}-hint");
    let control = if rows > 1 {
        view! {
            <textarea id=id.clone() name=name rows=rows.to_string() class:mono=mono
                aria-describedby=hint.map(|_| hint_id.clone())>{crate::components::textarea_text(value)}</textarea>
        }
        .into_any()
    } else {
        view! { <input type="text" id=id.clone() name=name value=value class:mono=mono aria-describedby=hint.map(|_| hint_id.clone())/> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{tr(i18n, label)}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{tr(i18n, hint)}</p> })}
            {control}
        </div>
    }
}

/// A text's Danish and English fields side by side (`{prefix}_da`,
/// `{prefix}_en`).
#[component]
pub fn LangFields(
    form: String,
    prefix: &'static str,
    label: Text,
    value: LangText,
    #[prop(optional)] echo: Option<FormEcho>,
    #[prop(default = 1)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let (name_da, name_en) = crate::authoring::edit::lang_field_names(prefix);
    let v_da = value_of(&echo, &form, name_da, &value.da);
    let v_en = value_of(&echo, &form, name_en, &value.en);
    view! {
        <fieldset class="lang-pair">
            <legend>{tr(i18n, label)}</legend>
            <Field form=form.clone() name=name_da label=t::authoring::DANISH value=v_da rows=rows/>
            <Field form=form.clone() name=name_en label=t::authoring::ENGLISH value=v_en rows=rows/>
        </fieldset>
    }
}

/// A form with one button, for moving and removing: posts `_op` with the
/// given fields to the page.
#[component]
pub fn OpButton(
    action: String,
    op: &'static str,
    fields: Vec<(&'static str, String)>,
    label: Text,
    /// What the button acts on, for screen readers ("Move up: ear_pain").
    about: String,
    #[prop(optional)] anchor: Option<String>,
    #[prop(default = false)] danger: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let aria_label = {
        let about = about.clone();
        move || format!("{}: {about}", label.get(i18n.locale()))
    };
    let hidden = fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view();
    view! {
        <form method="post" action=action class="inline-form">
            <input type="hidden" name="_op" value=op/>
            <RevField/>
            <input type="hidden" name="_anchor" value=anchor.unwrap_or_default()/>
            {hidden}
            <button type="submit" class="link-button" class:danger=danger aria-label=aria_label>
                {tr(i18n, label)}
            </button>
        </form>
    }
}

/// The engine's errors about one element, as an alert beside its form.
#[component]
pub fn Problems(errors: Vec<ModelError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let i18n = use_i18n();
        let items =
            errors.into_iter().map(|e| view! { <li>{move || crate::authoring::report::message_in(&e.message, i18n.locale())}</li> }).collect_view();
        view! { <ul class="problems" role="alert">{items}</ul> }
    })
}

/// The engine's warnings about one element: allowed, but most likely not
/// what was meant. A note, not an alert: they do not block publishing.
#[component]
pub fn Warnings(warnings: Vec<ModelError>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    (!warnings.is_empty()).then(|| {
        let items =
            warnings.into_iter().map(|e| view! { <li>{move || crate::authoring::report::message_in(&e.message, i18n.locale())}</li> }).collect_view();
        view! {
            <div class="warnings-note">
                <p class="warnings-title">{tr(i18n, t::authoring::WARNING)}</p>
                <ul class="warnings">{items}</ul>
            </div>
        }
    })
}

/// The draft's revision, provided once by the version page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision(pub Option<String>);

/// The hidden `_rev` field every editor form carries (see
/// `authoring::service::revision`).
#[component]
pub fn RevField() -> impl IntoView {
    let rev = use_context::<Revision>().and_then(|r| r.0).unwrap_or_default();
    view! { <input type="hidden" name="_rev" value=rev/> }
}
