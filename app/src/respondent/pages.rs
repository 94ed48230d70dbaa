use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{answer_page, link_page, receipt_page, review_page, PatientError};
use crate::components::ErrorSummary;
use crate::components::QuestionnaireForm;
use crate::domain::form_error::FieldError;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, I18n};
use crate::respondent::LinkProblem;

/// A page for when the questionnaire cannot be shown, saying what to do.
fn problem(i18n: I18n, err: PatientError) -> AnyView {
    let text = match err {
        PatientError::NoSession => t::respondent::PROBLEM_NO_SESSION,
        PatientError::Answered | PatientError::Link(LinkProblem::Answered) => t::respondent::PROBLEM_ANSWERED,
        PatientError::Closed | PatientError::Link(LinkProblem::Closed | LinkProblem::BirthDateNeeded | LinkProblem::BirthDateWrong { .. }) => {
            t::respondent::PROBLEM_CLOSED
        }
        PatientError::Link(LinkProblem::Expired) => t::respondent::PROBLEM_EXPIRED,
        PatientError::Link(LinkProblem::Locked) => t::respondent::PROBLEM_LOCKED,
        PatientError::Link(LinkProblem::Unknown) => t::respondent::PROBLEM_UNKNOWN_LINK,
        PatientError::BadRequest => t::respondent::PROBLEM_BAD_REQUEST,
        PatientError::Unavailable => t::respondent::PROBLEM_UNAVAILABLE,
    };
    view! {
        <section class="patient-card" aria-labelledby="problem-title">
            <h1 id="problem-title">{tr(i18n, t::respondent::QUESTIONNAIRE)}</h1>
            <p class="notice" role="status">{tr(i18n, text)}</p>
        </section>
    }
    .into_any()
}

/// `/p/:token`: the landing page of a personal link. Opening it changes
/// nothing (mail scanners follow links); the button posts the token, which
/// is exchanged for a session.
#[component]
pub fn LinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = Resource::new(token, link_page);
    view! {
        <Title text=tr(i18n, t::respondent::QUESTIONNAIRE_SVAR)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => {
                        let problem = query.read_untracked().get("problem").unwrap_or_default();
                        let left = query.read_untracked().get("left").unwrap_or_default();
                        let clinic = info.clinic_name.clone();
                        let message = match problem.as_str() {
                            "birth_date_needed" => Some(view! { <p class="field-error" id="birth_date-error">{tr(i18n, t::respondent::ENTER_CHILD_S_DATE_BIRTH)}</p> }.into_any()),
                            "birth_date_wrong" => Some(view! { <p class="field-error" id="birth_date-error">{tr(i18n, t::respondent::DATE_BIRTH_DOES_NOT_MATCH)}{left.clone()}</p> }.into_any()),
                            _ => None,
                        };
                        let described = message.is_some().then_some("birth_date-error");
                        let birth = info.verify_birth_date.then(|| view! {
                            <label for="birth_date">{tr(i18n, t::respondent::CHILD_S_DATE_BIRTH_DD)}</label>
                            {message}
                            <input id="birth_date" name="birth_date" type="text" inputmode="numeric" autocomplete="off"
                                required=true aria-describedby=described aria-invalid=described.map(|_| "true")/>
                        });
                        view! {
                            <section class="patient-card">
                                <h1>{tr(i18n, t::respondent::QUESTIONNAIRE)}</h1>
                                <p>{move || t::respondent::INTRO.fill(i18n.locale(), &[("clinic", &clinic)])}</p>
                                <form method="post" action=format!("/p/{}", token()) class="stack-form">
                                    {birth}
                                    <button type="submit" class="button">{tr(i18n, t::respondent::START_QUESTIONNAIRE)}</button>
                                </form>
                            </section>
                        }
                        .into_any()
                    }
                    Err(err) => problem(i18n, err),
                }
            })}
        </Suspense>
    }
}

/// `/a?page=N`: one page of the questionnaire. "Next" saves the page as a
/// draft and moves on; problems on the page keep the respondent here with
/// a summary linked to each field.
#[component]
pub fn AnswerPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (q.get("page").and_then(|p| p.parse::<usize>().ok()), q.get("check").is_some(), q.get("contacted").is_some())
    };
    let data = Resource::new(args, |(page, check, _)| answer_page(page, check));
    view! {
        <Title text=tr(i18n, t::respondent::QUESTIONNAIRE_SVAR)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let contacted = args().2;
                match data.await {
                    Ok(d) => {
                        // Each problem names its question: three "please answer"
                        // lines in a row tell nobody which ones.
                        let errors: Vec<FieldError> = d
                            .errors
                            .iter()
                            .map(|e| {
                                let message = match d.questionnaire.item(&e.item) {
                                    Some(item) => crate::engine::LangText::new(
                                        format!("{} – {}", item.text.da, e.message.da),
                                        format!("{} – {}", item.text.en, e.message.en),
                                    ),
                                    None => e.message.clone(),
                                };
                                FieldError { field: e.item.clone().into(), message }
                            })
                            .collect();
                        let title = d.questionnaire.title.clone();
                        let (position, total) = (d.position, d.total);
                        let first = position == 1;
                        let last = position == total;
                        // One way to ask for contact per page: where the
                        // questionnaire asks it as a question, no button too.
                        let asks_contact = d.questionnaire.contact_item.as_ref().is_some_and(|c| {
                            d.questionnaire.pages.get(d.page).is_some_and(|p| p.items.iter().any(|i| &i.id == c))
                        });
                        view! {
                            <section class="patient-card" aria-labelledby="q-title">
                                <p class="muted">{d.clinic_name.clone()}" · "{d.child.clone()}</p>
                                <h1 id="q-title">{move || title.in_locale(i18n.locale()).to_owned()}</h1>
                                <p class="progress-text" id="progress">
                                    {move || t::respondent::PAGE_OF.fill(i18n.locale(), &[("position", &position), ("total", &total)])}
                                </p>
                                <progress max=total.to_string() value=position.to_string() aria-labelledby="progress"></progress>
                                {contacted.then(|| view! {
                                    <p class="notice" role="status">{tr(i18n, t::respondent::THANK_YOU_CLINIC_HAS_BEEN)}</p>
                                })}
                                <ErrorSummary errors=errors/>
                                <form method="post" action="/a/page" class="stack-form q-form" novalidate=true>
                                    <input type="hidden" name="page" value=d.page.to_string()/>
                                    <QuestionnaireForm questionnaire=d.questionnaire.clone() answers=d.answers.clone() errors=d.errors.clone() page=d.page confirmed=d.confirmed.clone()/>
                                    // "Next" comes first so that Enter in a field moves forward; CSS shows "Back" on the left.
                                    <div class="q-nav">
                                        <button type="submit" name="action" value="next" class="button">
                                            {move || if last { tr(i18n, t::respondent::REVIEW_ANSWERS)() } else { tr(i18n, t::respondent::NEXT)() }}
                                        </button>
                                        {(!first).then(|| view! { <button type="submit" name="action" value="back" class="button button-secondary">{tr(i18n, t::respondent::BACK)}</button> })}
                                    </div>
                                    {(!asks_contact).then(|| view! {
                                        <p class="contact-line">
                                            <button type="submit" name="action" value="contact" class="link-button">
                                                {tr(i18n, t::respondent::I_WOULD_LIKE_CLINIC_CONTACT)}
                                            </button>
                                        </p>
                                    })}
                                </form>
                            </section>
                        }
                        .into_any()
                    }
                    Err(err) => problem(i18n, err),
                }
            })}
        </Suspense>
    }
}

/// `/a/review`: every answer given, with a link back to its page, and
/// the submit button.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| review_page());
    view! {
        <Title text=tr(i18n, t::respondent::REVIEW_ANSWERS_SVAR)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let pages = d.pages.iter().filter_map(|n| d.questionnaire.pages.get(*n).map(|p| (*n, p.clone()))).map(|(n, page)| {
                            let title = page.title.clone();
                            let rows = page.items.iter().filter(|i| d.visible.contains(&i.id) && !matches!(i.kind, crate::engine::model::ItemKind::Display)).map(|item| {
                                let text = item.text.clone();
                                let item = item.clone();
                                let value = d.answers.get(&item.id).cloned();
                                view! {
                                    <dt>{move || text.in_locale(i18n.locale()).to_owned()}</dt>
                                    <dd>{move || match &value {
                                        Some(v) => super::display::show(&item, v, i18n.locale()),
                                        None => tr(i18n, t::respondent::NOT_ANSWERED)().to_owned(),
                                    }}</dd>
                                }
                            }).collect_view();
                            view! {
                                <section class="review-page">
                                    <h2>{move || title.in_locale(i18n.locale()).to_owned()}</h2>
                                    <dl>{rows}</dl>
                                    <p><a href=format!("/a?page={n}")>{tr(i18n, t::respondent::CHANGE_ANSWERS_PAGE)}</a></p>
                                </section>
                            }
                        }).collect_view();
                        let has_errors = !d.errors.is_empty();
                        let first_error_page = d.errors.first().and_then(|e| d.questionnaire.pages.iter().position(|p| p.items.iter().any(|i| i.id == e.item)));
                        view! {
                            <section class="patient-card">
                                <p class="muted">{d.clinic_name.clone()}" · "{d.child.clone()}</p>
                                <h1>{tr(i18n, t::respondent::REVIEW_YOUR_ANSWERS)}</h1>
                                {has_errors.then(|| view! {
                                    <div class="error-summary" role="alert" tabindex="-1">
                                        <h2>{tr(i18n, t::respondent::SOME_ANSWERS_ARE_MISSING_NEED)}</h2>
                                        <p><a href=format!("/a?page={}&check=1", first_error_page.unwrap_or(0))>{tr(i18n, t::respondent::GO_FIRST_ONE)}</a></p>
                                    </div>
                                })}
                                {pages}
                                <form method="post" action="/a/submit" class="stack-form">
                                    <button type="submit" class="button">{tr(i18n, t::respondent::SEND_ANSWERS)}</button>
                                </form>
                            </section>
                        }
                        .into_any()
                    }
                    Err(err) => problem(i18n, err),
                }
            })}
        </Suspense>
    }
}

/// `/a/done`: the receipt.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| receipt_page());
    view! {
        <Title text=tr(i18n, t::respondent::THANK_YOU_SVAR)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(receipt) => {
                        let clinic = receipt.clinic_name.clone();
                        // What to do if things get worse, said to whoever answered.
                        let worse = match receipt.respondent {
                            crate::engine::model::Respondent::Proxy => tr(i18n, t::respondent::IF_YOU_ARE_WORRIED_YOUR),
                            crate::engine::model::Respondent::Patient => tr(i18n, t::respondent::IF_YOU_ARE_WORRIED_YOU),
                        };
                        // Advice of the rules the answers raised: shown first,
                        // because it cannot wait for the clinic's opening hours.
                        let advice = (!receipt.advice.is_empty()).then(|| {
                            let items = receipt
                                .advice
                                .iter()
                                .map(|a| {
                                    let a = a.clone();
                                    view! { <li>{move || a.get(i18n.locale()).to_owned()}</li> }
                                })
                                .collect_view();
                            view! {
                                <div class="advice" role="alert" id="advice">
                                    <h2>{tr(i18n, t::respondent::IMPORTANT_DO_NOW)}</h2>
                                    <ul>{items}</ul>
                                </div>
                            }
                        });
                        view! {
                            <section class="patient-card" aria-labelledby="receipt-title">
                                <h1 id="receipt-title">{tr(i18n, t::respondent::THANK_YOU_YOUR_ANSWERS)}</h1>
                                {advice}
                                <p role="status">{move || t::respondent::RECEIVED.fill(i18n.locale(), &[("clinic", &clinic)])}</p>
                                <p>{worse}</p>
                                // A file, not a page of the app: the client router leaves it alone.
                                {receipt.copy_available.then(|| view! {
                                    <p><a href="/a/copy.pdf" rel="external" download>{tr(i18n, t::respondent::COPY_DOWNLOAD)}</a></p>
                                })}
                            </section>
                        }
                        .into_any()
                    }
                    Err(err) => problem(i18n, err),
                }
            })}
        </Suspense>
    }
}
