//! The SMS part of `/staff/authoring/mail`: the clinic's own invitation and
//! reminder SMS per language, each with its preview and what it costs.
//! The count is made by the same function as the check on saving: on the
//! server for the page as sent, and, hydrated, as the text is typed.

use leptos::prelude::*;

use super::widgets::value_of;
use crate::authoring::api::get_sms_texts;
use crate::authoring::sms_template::{fill, longest_last_day};
use crate::authoring::view::SmsTextView;
use crate::authoring::MailKind;
use crate::components::{use_form_echo, FormEcho};
use crate::i18n::{t, tr, use_i18n, Locale};
use crate::schedule::sms_text::{cost, SmsCost, SmsEncoding, MAX_PARTS};

#[component]
pub fn SmsTexts() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_sms_texts());
    let echo = use_form_echo();
    view! {
        <h2 id="sms-texts">{tr(i18n, t::authoring::SMS_TEXTS)}</h2>
        <p class="hint" id="sms-texts-hint">{tr(i18n, t::authoring::SMS_TEXTS_HINT)}</p>
        <p><code>"{clinic} {last_day} {link}"</code></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = Some(echo.await.unwrap_or_default());
                match data.await {
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    Ok(texts) => texts.into_iter().map(|text| view! { <SmsForm text=text echo=echo.clone()/> }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Up to 152 characters: 1 SMS", and what made the text dearer.
fn cost_text(cost: &SmsCost, locale: Locale) -> String {
    let parts = if cost.parts == 1 { t::authoring::SMS_COST_ONE } else { t::authoring::SMS_COST_MANY };
    let mut out = parts.fill(locale, &[("units", &cost.units), ("parts", &cost.parts)]);
    if cost.encoding == SmsEncoding::Ucs2 {
        // A character nobody can see (a non-breaking space, a tab) by its
        // code point, so it can be found and removed.
        let c = match cost.first_non_gsm {
            Some(c) if c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') => {
                format!("U+{:04X}", u32::from(c))
            }
            Some(c) => c.to_string(),
            None => String::new(),
        };
        out.push(' ');
        out.push_str(&t::authoring::SMS_COST_UCS2.fill(locale, &[("char", &c)]));
    }
    if cost.parts > MAX_PARTS {
        out.push(' ');
        out.push_str(&t::authoring::SMS_COST_TOO_MANY.fill(locale, &[("max", &MAX_PARTS)]));
    }
    out
}

#[component]
fn SmsForm(text: SmsTextView, echo: Option<FormEcho>) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("sms-{}-{}", text.kind.as_str(), text.language.as_str());
    let id = {
        let form = form.clone();
        move |f: &str| format!("{form}-{f}")
    };
    let heading = match (text.kind, text.language) {
        (MailKind::Invitation, Locale::Da) => t::authoring::SMS_INVITATION_IN_DANISH,
        (MailKind::Invitation, Locale::En) => t::authoring::SMS_INVITATION_IN_ENGLISH,
        (MailKind::Reminder, Locale::Da) => t::authoring::SMS_REMINDER_IN_DANISH,
        (MailKind::Reminder, Locale::En) => t::authoring::SMS_REMINDER_IN_ENGLISH,
    };
    let own = text.own.is_some();
    let saved =
        text.own.as_ref().map_or_else(|| crate::authoring::sms_template::standard(text.kind).get(text.language).to_owned(), |o| o.body.clone());
    let body = value_of(&echo, &form, "body", &saved);
    let errors: Vec<_> = echo
        .as_ref()
        .filter(|e| e.value("_form") == form)
        .map(|e| e.errors.iter().filter(|err| err.field == id("body").as_str()).map(|err| err.message.clone()).collect())
        .unwrap_or_default();
    // Counted as the server counts: the clinic's name, the longest last
    // day, a link of the real length.
    let (clinic, link, language) = (text.clinic_name.clone(), text.example_link.clone(), text.language);
    let typed = RwSignal::new(body.clone());
    let priced = Memo::new(move |_| cost(&fill(&typed.get(), &clinic, &longest_last_day(language), &link)));
    let counter = move || cost_text(&priced.get(), i18n.locale());
    // What a screen reader is told: only when the number of parts changes,
    // not at every key.
    let parts = Memo::new(move |_| priced.get().parts);
    let status = move || {
        let parts = parts.get();
        let text = match parts {
            1 => t::authoring::SMS_STATUS_ONE,
            n if n > MAX_PARTS => t::authoring::SMS_STATUS_TOO_MANY,
            _ => t::authoring::SMS_STATUS_MANY,
        };
        text.fill(i18n.locale(), &[("parts", &parts)])
    };
    let invalid = !errors.is_empty();
    let error_id = id("error");
    let described = if invalid { format!("sms-texts-hint {} {}", id("cost"), error_id) } else { format!("sms-texts-hint {}", id("cost")) };
    view! {
        <section class="panel" id=form.clone() aria-labelledby=id("h")>
            <h3 id=id("h")>{tr(i18n, heading)}</h3>
            <p class="muted">{if own { tr(i18n, t::authoring::CLINIC_S_OWN_TEXT) } else { tr(i18n, t::authoring::STANDARD_TEXT) }}</p>
            <form method="post" action="/staff/authoring/mail" class="stack-form">
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="channel" value="sms"/>
                <input type="hidden" name="kind" value=text.kind.as_str()/>
                <input type="hidden" name="language" value=text.language.as_str()/>
                <div class="field">
                    <label for=id("body")>{tr(i18n, t::authoring::TEXT)}</label>
                    {invalid.then(|| {
                        let messages = errors.iter().map(|m| {
                            let m = m.clone();
                            view! { <li>{move || m.get(i18n.locale()).to_owned()}</li> }
                        }).collect_view();
                        view! { <ul class="field-error" id=error_id.clone()>{messages}</ul> }
                    })}
                    <textarea id=id("body") name="body" rows="4" aria-invalid=invalid.then_some("true") aria-describedby=described
                        on:input=move |ev| typed.set(event_target_value(&ev))>
                        {crate::components::textarea_text(body.clone())}
                    </textarea>
                    <p class="hint" id=id("cost")>{counter}</p>
                    <span class="visually-hidden" role="status">{status}</span>
                </div>
                <button type="submit" name="_op" value="save" class="button">{tr(i18n, t::authoring::SAVE_TEXT)}</button>
                {own.then(|| view! {
                    " " <button type="submit" name="_op" value="reset" class="link-button">{tr(i18n, t::authoring::USE_STANDARD_TEXT_AGAIN)}</button>
                })}
            </form>
            <h4>{tr(i18n, t::authoring::PREVIEW)}</h4>
            <div class="mail-preview" lang=text.language.as_str()>
                <pre class="mail-body">{text.preview.clone()}</pre>
            </div>
        </section>
    }
}
