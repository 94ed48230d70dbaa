//! A questionnaire as form controls, generated from the model.
//!
//! Rendered on the server with every item shown, so it works as a plain
//! form without JavaScript (the server drops answers to items whose
//! condition is not met). Once hydrated, the shared engine runs in the
//! browser: items whose condition is not met are hidden as the respondent
//! answers.

use leptos::prelude::*;

use crate::engine::answers::AnswerValue;
use crate::engine::answers::{confirm_label, confirm_question, unexpected_value};
use crate::engine::form::confirm_field;
use crate::engine::form::{answers_from_form, form_value, has_choice, replace_page};
use crate::engine::model::{Item, ItemKind, Questionnaire};
use crate::engine::{AnswerError, AnswerErrorCode, Answers, Compiled, Confirmed, History};
use crate::i18n::{t, use_i18n, I18n};

#[component]
pub fn QuestionnaireForm(
    questionnaire: Questionnaire,
    #[prop(optional)] answers: Answers,
    #[prop(optional)] errors: Vec<AnswerError>,
    /// Show only this page (by index); the other pages' answers still
    /// count for conditions.
    #[prop(optional)]
    page: Option<usize>,
    /// The respondent's confirmations of unusual numbers. Given (on the
    /// respondent's pages), a number outside its expected range shows a
    /// tick box to confirm it, at once once hydrated and after a post
    /// without JavaScript; not given (staff typing a paper form), no box.
    #[prop(optional)]
    confirmed: Option<Confirmed>,
) -> impl IntoView {
    let i18n = use_i18n();
    let model = StoredValue::new(questionnaire.clone());
    let compiled = StoredValue::new(Compiled::new(questionnaire.clone()).ok());
    let current = RwSignal::new(answers.clone());
    let hydrated = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    let visible = Memo::new(move |_| compiled.with_value(|c| c.as_ref().map(|c| c.visible_items(&current.get(), &History::default()))));
    let base = StoredValue::new(answers.clone());
    let apply = move |fields: Vec<(String, String)>| {
        current.set(model.with_value(|q| {
            let posted = answers_from_form(q, &fields);
            match page {
                // One page shown: its items come from the form, the rest from before.
                Some(p) => replace_page(q, &base.get_value(), p, &posted),
                None => posted,
            }
        }));
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(fields) = read_form(&ev) {
            apply(fields);
        }
    };
    // Once the client is live: start from what the form holds now, which
    // may already differ from the server's answers (a quick hand on a slow
    // phone), then show and hide by the conditions.
    Effect::new(move |_| {
        if let Some(fields) = root.get().and_then(|el| read_fields(&el)) {
            apply(fields);
        }
        hydrated.set(true);
    });
    let pages = questionnaire
        .pages
        .iter()
        .enumerate()
        .filter(|(n, _)| page.is_none_or(|p| p == *n))
        .map(|(_, page)| {
            let title = page.title.clone();
            let items = page
                .items
                .iter()
                .map(|item| {
                    let id = item.id.clone();
                    let hidden = move || {
                        hydrated.get()
                            && !matches!(item_kind_is_display(&model, &id), true)
                            && visible.with(|v| v.as_ref().is_some_and(|v| !v.contains(&id)))
                    };
                    let error = errors.iter().find(|e| e.item == item.id).cloned();
                    // A question shown only under a condition is required
                    // only when the condition holds: no star while it does
                    // not apply (a page without JavaScript shows it anyway).
                    let applies_id = item.id.clone();
                    let applies = Signal::derive(move || visible.with(|v| v.as_ref().is_none_or(|v| v.contains(&applies_id))));
                    let confirm = confirmed.as_ref().map(|c| {
                        let unusual_item = item.clone();
                        // A memo: ticking the box changes the form, and only a
                        // changed number may redraw (and untick) the box.
                        let unusual = Memo::new(move |_| current.with(|a| a.get(&unusual_item.id).and_then(|v| unexpected_value(&unusual_item, v))));
                        Confirm { unusual, confirmed: c.get(&item.id).copied() }
                    });
                    view! {
                        <div class="q-item" id=item.id.clone() tabindex="-1" hidden=hidden>
                            {control(i18n, item, answers.get(&item.id), error, applies, confirm)}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="q-page">
                    <h2>{move || title.in_locale(i18n.locale()).to_owned()}</h2>
                    {items}
                </section>
            }
        })
        .collect_view();
    view! { <div class="questionnaire" node_ref=root on:change=on_change>{pages}</div> }
}

fn item_kind_is_display(model: &StoredValue<Questionnaire>, id: &str) -> bool {
    model.with_value(|q| q.item(id).is_some_and(|i| matches!(i.kind, ItemKind::Display)))
}

fn text(i18n: I18n, t: &crate::engine::LangText) -> impl Fn() -> String + Send + Sync + 'static {
    let t = t.clone();
    move || t.in_locale(i18n.locale()).to_owned()
}

/// An unusual number to confirm: the item's answer as it is now, if it
/// lies outside the expected range, and the value already confirmed.
#[derive(Clone, Copy)]
struct Confirm {
    unusual: Memo<Option<f64>>,
    confirmed: Option<f64>,
}

/// The question about an unusual number and the tick box that confirms
/// it, shown while the number is unusual. Announced when it appears, so a
/// screen reader hears the question after typing the number.
fn confirm_box(i18n: I18n, item: &Item, confirm: Confirm, asked: bool) -> impl IntoView {
    let item = item.clone();
    // Asked by the server, the question is the field's error message (the
    // input is described by it); shown live, it has an id of its own.
    let question_id = if asked { format!("{}-error", item.id) } else { format!("{}-confirm-question", item.id) };
    view! {
        <div class="q-confirm" aria-live="polite">
            {move || confirm.unusual.get().map(|n| {
                let question = confirm_question(&item, n);
                let label = confirm_label(&item, n);
                let box_id = format!("{}-confirm", item.id);
                let class = if asked { "field-error" } else { "q-confirm-question" };
                view! {
                    <p class=class id=question_id.clone()>{move || question.in_locale(i18n.locale()).to_owned()}</p>
                    <label class="q-choice" for=box_id.clone()>
                        // `checked` for the page as sent; `prop:checked` so a
                        // tick given for 182 is gone when the number changes
                        // (the box is redrawn in place, keeping its state).
                        <input type="checkbox" id=box_id.clone() name=confirm_field(&item.id) value=n.to_string()
                            checked=confirm.confirmed == Some(n) prop:checked=confirm.confirmed == Some(n)/>
                        <span>{move || label.in_locale(i18n.locale()).to_owned()}</span>
                    </label>
                }
            })}
        </div>
    }
}

fn control(
    i18n: I18n,
    item: &Item,
    answer: Option<&AnswerValue>,
    error: Option<AnswerError>,
    applies: Signal<bool>,
    confirm: Option<Confirm>,
) -> AnyView {
    let id = item.id.clone();
    let label = text(i18n, &item.text);
    let required = item.required;
    let mark = move || if required && applies.get() { " *" } else { "" };
    let error_id = format!("{id}-error");
    let described = error.as_ref().map(|_| error_id.clone());
    // An unconfirmed number's message is the question beside its tick box.
    let asked = error.as_ref().is_some_and(|e| e.code == AnswerErrorCode::Unconfirmed) && confirm.is_some();
    let error = error.filter(|_| !asked);
    let error_view = error.map(|e| {
        let message = e.message.clone();
        view! { <p class="field-error" id=error_id.clone()>{move || message.in_locale(i18n.locale()).to_owned()}</p> }
    });
    let help = item.help.as_ref().map(|h| {
        let h = text(i18n, h);
        view! { <p class="help">{h}</p> }
    });
    let value = form_value(answer);
    let invalid = described.is_some().then_some("true");
    match &item.kind {
        ItemKind::Display => view! { <p class="q-display">{label}</p> }.into_any(),
        ItemKind::YesNo => {
            let choices = [("yes", t::components::YES), ("no", t::components::NO)]
                .into_iter()
                .map(|(v, text)| choice(i18n, &id, "radio", v, move || text.get(i18n.locale()).to_owned(), value == v))
                .collect_view();
            view! {
                <fieldset aria-describedby=described aria-invalid=invalid>
                    <legend>{label}{mark}</legend>{help}{error_view}
                    <div class="q-choices q-inline">{choices}</div>
                </fieldset>
            }
            .into_any()
        }
        ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => {
            let multiple = matches!(item.kind, ItemKind::MultipleChoice { .. });
            let choices = options
                .iter()
                .map(|o| {
                    let checked = if multiple { has_choice(answer, &o.value) } else { value == o.value };
                    choice(i18n, &id, if multiple { "checkbox" } else { "radio" }, &o.value, text(i18n, &o.text), checked)
                })
                .collect_view();
            view! {
                <fieldset aria-describedby=described aria-invalid=invalid>
                    <legend>{label}{mark}</legend>{help}{error_view}
                    <div class="q-choices">{choices}</div>
                </fieldset>
            }
            .into_any()
        }
        ItemKind::Scale { min, max, min_label, max_label } => {
            let choices = (*min..=*max)
                .map(|n| {
                    let v = n.to_string();
                    let shown = v.clone();
                    choice(i18n, &id, "radio", &v, move || shown.clone(), value == v)
                })
                .collect_view();
            let (low, high) = (text(i18n, min_label), text(i18n, max_label));
            view! {
                <fieldset aria-describedby=described aria-invalid=invalid>
                    <legend>{label}{mark}</legend>{help}{error_view}
                    <p class="q-scale-ends"><span>{*min}" = "{low}</span><span>{*max}" = "{high}</span></p>
                    <div class="q-choices q-scale">{choices}</div>
                </fieldset>
            }
            .into_any()
        }
        ItemKind::Number { unit, .. } => {
            let unit = unit.as_ref().map(|u| {
                let u = text(i18n, u);
                view! { <span class="q-unit">{u}</span> }
            });
            let input_id = format!("{id}-input");
            let label_for = input_id.clone();
            let confirm = confirm.map(|c| confirm_box(i18n, item, c, asked));
            view! {
                <label for=label_for>{label}{mark}</label>{help}{error_view}
                <span class="q-number">
                    <input type="text" inputmode="decimal" id=input_id name=id.clone() value=value
                        aria-describedby=described aria-invalid=invalid autocomplete="off"/>
                    {unit}
                </span>
                {confirm}
            }
            .into_any()
        }
        ItemKind::Date => {
            let input_id = format!("{id}-input");
            let label_for = input_id.clone();
            view! {
                <label for=label_for>{label}{mark}</label>{help}{error_view}
                <input type="date" id=input_id name=id.clone() value=value aria-describedby=described aria-invalid=invalid/>
            }
            .into_any()
        }
        ItemKind::Text { max_length } => {
            let input_id = format!("{id}-input");
            let label_for = input_id.clone();
            view! {
                <label for=label_for>{label}{mark}</label>{help}{error_view}
                <textarea id=input_id name=id.clone() maxlength=max_length.to_string() rows="3"
                    aria-describedby=described aria-invalid=invalid>{crate::components::textarea_text(value)}</textarea>
            }
            .into_any()
        }
    }
}

fn choice(
    i18n: I18n,
    name: &str,
    kind: &'static str,
    value: &str,
    label: impl Fn() -> String + Send + Sync + 'static,
    checked: bool,
) -> impl IntoView {
    let _ = i18n;
    let input_id = format!("{name}-{value}");
    let label_for = input_id.clone();
    view! {
        <label class="q-choice" for=label_for>
            <input type=kind id=input_id name=name.to_owned() value=value.to_owned() checked=checked/>
            <span>{label}</span>
        </label>
    }
}

/// The form's current fields, read from the browser.
#[cfg(feature = "hydrate")]
fn read_form(ev: &leptos::ev::Event) -> Option<Vec<(String, String)>> {
    use wasm_bindgen::JsCast;
    read_fields(&ev.target()?.dyn_into::<web_sys::Element>().ok()?)
}

/// The fields of the form around `inside`.
#[cfg(feature = "hydrate")]
fn read_fields(inside: &web_sys::Element) -> Option<Vec<(String, String)>> {
    use wasm_bindgen::JsCast;
    let form = inside.closest("form").ok()??.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let mut fields = Vec::new();
    for entry in js_sys::try_iter(&data).ok()??.flatten() {
        let pair = js_sys::Array::from(&entry);
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            fields.push((name, value));
        }
    }
    Some(fields)
}

#[cfg(not(feature = "hydrate"))]
fn read_form(_: &leptos::ev::Event) -> Option<Vec<(String, String)>> {
    None
}

#[cfg(not(feature = "hydrate"))]
fn read_fields<T>(_: &T) -> Option<Vec<(String, String)>> {
    None
}
