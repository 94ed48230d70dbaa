//! `/staff/authoring/mail` (admins): the clinic's own invitation and
//! reminder texts per language, each with a preview as a parent gets it,
//! and the SMS texts (`sms.rs`).

use leptos::prelude::*;
use leptos_meta::Title;

use super::widgets::{pick, value_of};
use crate::authoring::api::get_mail_texts;
use crate::authoring::mail_template::PLACEHOLDERS;
use crate::authoring::MailKind;
use crate::components::use_form_echo;
use crate::components::{ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, Locale};

#[component]
pub fn MailTextsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::authoring::MAIL_TEXTS_SVAR)/>
        <StaffFrame>
            <MailTexts/>
            <super::sms::SmsTexts/>
        </StaffFrame>
    }
}

#[component]
fn MailTexts() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_mail_texts());
    let echo = use_form_echo();
    let placeholders = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ");
    view! {
        <p><a href="/staff/authoring">{tr(i18n, t::authoring::QUESTIONNAIRES_PATHWAYS_2)}</a></p>
        <h1>{tr(i18n, t::authoring::INVITATION_REMINDER_TEXTS)}</h1>
        <p class="hint">{tr(i18n, t::authoring::WITHOUT_TEXT_YOUR_OWN_SVAR)}</p>
        <p><code>{placeholders}</code></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = Some(echo.await.unwrap_or_default());
                let notice = echo.as_ref().and_then(|e| e.notice.clone());
                let errors = echo.as_ref().map(|e| e.errors.clone()).unwrap_or_default();
                match data.await {
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    Ok(texts) => {
                        let blocks = texts
                            .into_iter()
                            .map(|t| {
                                let form = format!("mail-{}-{}", t.kind.as_str(), t.language.as_str());
                                let heading = match (t.kind, t.language) {
                                    (MailKind::Invitation, Locale::Da) => crate::i18n::t::authoring::INVITATION_IN_DANISH,
                                    (MailKind::Invitation, Locale::En) => crate::i18n::t::authoring::INVITATION_IN_ENGLISH,
                                    (MailKind::Reminder, Locale::Da) => crate::i18n::t::authoring::REMINDER_IN_DANISH,
                                    (MailKind::Reminder, Locale::En) => crate::i18n::t::authoring::REMINDER_IN_ENGLISH,
                                };
                                let subject = value_of(&echo, &form, "subject", t.own.as_ref().map(|o| o.subject.as_str()).unwrap_or_default());
                                let body = value_of(&echo, &form, "body", t.own.as_ref().map(|o| o.body.as_str()).unwrap_or_default());
                                let own = t.own.is_some();
                                let id = |f: &str| format!("{form}-{f}");
                                view! {
                                    <section class="panel" id=form.clone() aria-labelledby=id("h")>
                                        <h2 id=id("h")>{tr(i18n, heading)}</h2>
                                        <p class="muted">{if own { tr(i18n, t::authoring::CLINIC_S_OWN_TEXT) } else { tr(i18n, t::authoring::STANDARD_TEXT) }}</p>
                                        <form method="post" action="/staff/authoring/mail" class="stack-form">
                                            <input type="hidden" name="_form" value=form.clone()/>
                                            <input type="hidden" name="kind" value=t.kind.as_str()/>
                                            <input type="hidden" name="language" value=t.language.as_str()/>
                                            <div class="field">
                                                <label for=id("subject")>{tr(i18n, t::authoring::SUBJECT)}</label>
                                                <input type="text" id=id("subject") name="subject" value=subject/>
                                            </div>
                                            <div class="field">
                                                <label for=id("body")>{tr(i18n, t::authoring::TEXT)}</label>
                                                <textarea id=id("body") name="body" rows="8">{crate::components::textarea_text(body)}</textarea>
                                            </div>
                                            <button type="submit" name="_op" value="save" class="button">{tr(i18n, t::authoring::SAVE_TEXT)}</button>
                                            {own.then(|| view! {
                                                " " <button type="submit" name="_op" value="reset" class="link-button">{tr(i18n, t::authoring::USE_STANDARD_TEXT_AGAIN)}</button>
                                            })}
                                        </form>
                                        <h3>{tr(i18n, t::authoring::PREVIEW)}</h3>
                                        <div class="mail-preview" lang=t.language.as_str()>
                                            <p><strong>{t.preview_subject.clone()}</strong></p>
                                            <pre class="mail-body">{t.preview_body.clone()}</pre>
                                        </div>
                                    </section>
                                }
                            })
                            .collect_view();
                        view! {
                            {notice.map(|(da, en)| view! { <p class="notice" role="status">{pick(da, en)}</p> })}
                            <ErrorSummary errors=errors/>
                            {blocks}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
