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
    // A password is never sent back into the page, only what is wrong with it.
    let value = echo.as_ref().filter(|_| kind != "password").map(|e| e.value(name)).unwrap_or_default();
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

/// A labelled checkbox (posting `yes` when ticked), kept ticked and with
/// its error when the server refused the form.
#[component]
pub fn CheckField(name: &'static str, label: Text, #[prop(optional)] echo: Option<FormEcho>) -> impl IntoView {
    let i18n = use_i18n();
    let checked = echo.as_ref().is_some_and(|e| !e.value(name).is_empty());
    let error = echo.as_ref().and_then(|e| e.error(name)).map(|e| e.message.clone());
    let error_id = format!("{name}-error");
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            {error.map(|message| view! {
                <p class="field-error" id=error_id.clone()>{move || message.in_locale(i18n.locale()).to_owned()}</p>
            })}
            <label class="check" for=name>
                <input
                    type="checkbox"
                    id=name
                    name=name
                    value="yes"
                    checked=checked
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then_some(error_id.clone())
                />" "{tr(i18n, label)}
            </label>
        </div>
    }
}

/// The two fields for choosing a new password (typed twice), with what
/// was wrong with them when the server refused the form (never the
/// passwords themselves).
#[component]
pub fn NewPasswordFields(#[prop(optional)] echo: Option<FormEcho>) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str, label: Text| {
        let error = echo.as_ref().and_then(|e| e.error(name)).map(|e| e.message.clone());
        let error_id = format!("{name}-error");
        let invalid = error.is_some();
        view! {
            <div class="field" class:field-invalid=invalid>
                <label for=name>{tr(i18n, label)}</label>
                {error.map(|message| view! {
                    <p class="field-error" id=error_id.clone()>{move || message.in_locale(i18n.locale()).to_owned()}</p>
                })}
                <input
                    type="password"
                    id=name
                    name=name
                    autocomplete="new-password"
                    minlength="10"
                    required=true
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then_some(error_id.clone())
                />
            </div>
        }
    };
    view! {
        {field("new", t::components::NEW_PASSWORD)}
        {field("repeat", t::components::REPEAT_NEW_PASSWORD)}
    }
}
