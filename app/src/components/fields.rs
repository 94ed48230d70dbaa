use leptos::prelude::*;

use crate::components::FormEcho;
use crate::i18n::{t, tr, use_i18n, Text};

/// A labelled text input that shows its value and error from a refused
/// form, wired for screen readers (`aria-invalid`, `aria-describedby`).
#[component]
pub fn TextField(
    name: &'static str,
    label: Text,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(optional)] echo: Option<FormEcho>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = echo.as_ref().map(|e| e.value(name)).unwrap_or_default();
    let error = echo.as_ref().and_then(|e| e.error(name)).map(|e| e.message.clone());
    let error_id = format!("{name}-error");
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{tr(i18n, label)}</label>
            {error.map(|message| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        {move || message.in_locale(i18n.locale()).to_owned()}
                    </p>
                }
            })}
            <input
                type=kind
                id=name
                name=name
                value=value
                autocomplete=autocomplete
                required=required
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some(error_id.clone())
            />
        </div>
    }
}

/// A labelled select of (value, da, en) options: the options are values
/// (a pathway's title, a relation), the label is a text of the interface.
#[component]
pub fn SelectField(
    name: &'static str,
    label: Text,
    options: Vec<(String, String, String)>,
    #[prop(optional)] echo: Option<FormEcho>,
    #[prop(default = false)] empty_first: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = echo.as_ref().map(|e| e.value(name)).unwrap_or_default();
    let error = echo.as_ref().and_then(|e| e.error(name)).map(|e| e.message.clone());
    let invalid = error.is_some();
    let options = options
        .into_iter()
        .map(|(value, da, en)| {
            let selected = value == chosen;
            view! {
                <option value=value selected=selected>
                    {move || if i18n.locale() == crate::i18n::Locale::Da { da.clone() } else { en.clone() }}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{tr(i18n, label)}</label>
            {error.map(|message| {
                view! { <p class="field-error">{move || message.in_locale(i18n.locale()).to_owned()}</p> }
            })}
            <select id=name name=name aria-invalid=invalid.then_some("true")>
                {empty_first.then(|| view! { <option value="">"—"</option> })}
                {options}
            </select>
        </div>
    }
}

/// The two fields for choosing a new password (typed twice).
#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="new">{tr(i18n, t::components::NEW_PASSWORD)}</label>
            <input type="password" id="new" name="new" autocomplete="new-password" minlength="10" required=true/>
        </div>
        <div class="field">
            <label for="repeat">{tr(i18n, t::components::REPEAT_NEW_PASSWORD)}</label>
            <input type="password" id="repeat" name="repeat" autocomplete="new-password" minlength="10" required=true/>
        </div>
    }
}
