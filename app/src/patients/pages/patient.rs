use crate::domain::{InvitationId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::patients::EnrolmentStatus;

use crate::components::{use_form_echo, ErrorSummary, FormEcho, StaffFrame};
use crate::error::ApiError;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::{get_patient, questionnaires};
use crate::responses::ResponseRecord;

/// One message that went out for an invitation, as a list item: "Sms til
/// Karen Hansen, 7. dec. 2026: leveret", marked when it did not arrive.
pub fn message_item(i18n: crate::i18n::I18n, m: &crate::patients::MessageRecord) -> impl IntoView {
    let (channel, state, name) = (m.channel.label(), m.state.label(), m.respondent_name.clone());
    let day = m.at.unwrap_or(m.created_at).date();
    let problem = m.state.is_problem();
    let line = move || {
        let lang = i18n.locale();
        let values: [(&str, &dyn std::fmt::Display); 4] = [
            ("channel", &crate::labels::capitalised(channel.get(lang))),
            ("name", &name),
            ("date", &crate::i18n::short_date(day, lang)),
            ("state", &state.get(lang)),
        ];
        t::patients::MESSAGE_LINE.fill(lang, &values)
    };
    view! { <li class:message-problem=problem>{line}</li> }
}

/// `/staff/patients/:id`: a patient, who answers for them, and their
/// enrolments. Every view is in the audit log.
#[component]
pub fn PatientPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::patients::PATIENT_SVAR)/>
        <StaffFrame>
            <PatientDetailView/>
        </StaffFrame>
    }
}

/// Forms to move the index date, pause, resume or end an enrolment.
#[component]
fn EnrolmentActions(id: String, status: EnrolmentStatus, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    // What was typed in this enrolment's form when the server refused it.
    let typed = |name: &str| if echo.value("_form") == format!("enrolment-{id}") { echo.value(name) } else { String::new() };
    let (date_value, reason_value) = (typed("index_date"), typed("reason"));
    let invalid = |field: &str| echo.error(field).is_some().then_some("true");
    if status == EnrolmentStatus::Ended {
        return view! { <span>"—"</span> }.into_any();
    }
    let action = format!("/staff/enrolments/{id}");
    let date_id = format!("index-date-{id}");
    let reason_id = format!("reason-{id}");
    view! {
        <form method="post" action=action.clone() class="inline-form">
            <input type="hidden" name="action" value="index_date"/>
            <label for=date_id.clone()>{tr(i18n, t::patients::NEW_INDEX_DATE)}</label>
            <input type="date" id=date_id.clone() name="index_date" required=true value=date_value aria-invalid=invalid(&date_id)/>
            <button type="submit" class="button button-secondary">{tr(i18n, t::patients::MOVE)}</button>
        </form>
        <form method="post" action=action class="inline-form">
            <label for=reason_id.clone()>{tr(i18n, t::patients::REASON)}</label>
            <input type="text" id=reason_id.clone() name="reason" maxlength="500" value=reason_value aria-invalid=invalid(&reason_id)/>
            {if status == EnrolmentStatus::Paused {
                view! { <button type="submit" name="action" value="resume" class="button button-secondary">{tr(i18n, t::patients::RESUME)}</button> }.into_any()
            } else {
                view! { <button type="submit" name="action" value="pause" class="button button-secondary">{tr(i18n, t::patients::PAUSE)}</button> }.into_any()
            }}
            <button type="submit" name="action" value="end" class="button button-secondary">{tr(i18n, t::patients::END)}</button>
        </form>
    }
    .into_any()
}

#[component]
fn PatientDetailView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // A refused enrolment change comes back as this page with what was
    // typed and what was wrong.
    let echo = use_form_echo();
    let enrolled = move || query.read().get("enrolled").is_some();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<PatientId>().ok());
    // One resource for the page: nested suspense in a hydrated page is
    // easy to get out of step between server and browser.
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_patient(id).await.map(|d| (d, ())),
            None => Err(ApiError::NotFound),
        }
    });
    let choices = Resource::new(|| (), |_| questionnaires());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let choices = choices.await.unwrap_or_default();
                match detail.await {
                    Ok((d, ())) => {
                        let labels = d.labels.clone();
                        let respondents = d.respondents.iter().map(|r| {
                            let relation = crate::patients::patient::Relation::parse(&r.relation).ok().map(|x| x.label());
                            let language = crate::patients::patient::language::parse(&r.language).ok().map(crate::patients::patient::language::label);
                            let (relation_code, language_code) = (r.relation.clone(), r.language.clone());
                            // Shown as people write it (+45 12 34 56 78).
                            let mobile = r.mobile.as_deref().map(|m| crate::domain::MobileNumber::parse(m).map_or_else(|_| m.to_owned(), |m| m.grouped()));
                            let channel = r.channel.label();
                            let consent = r.sms_consent_at.map(|at| at.date());
                            view! {
                                <tr>
                                    <td>{r.name.clone()}</td>
                                    <td>{move || relation.as_ref().map_or(relation_code.clone(), |l| l.get(i18n.locale()).to_owned())}</td>
                                    <td>{r.email.clone()}</td>
                                    <td>{mobile.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{tr(i18n, channel)}{consent.map(|day| view! {
                                        <br/><span class="muted">{move || t::patients::SMS_CONSENT_SINCE.fill(i18n.locale(), &[("date", &crate::i18n::short_date(day, i18n.locale()))])}</span>
                                    })}</td>
                                    <td>{move || language.as_ref().map_or(language_code.clone(), |l| l.get(i18n.locale()).to_owned())}</td>
                                </tr>
                            }
                        }).collect_view();
                        let enrolments = d.enrolments.iter().map(|e| {
                            let (pathway, labels) = (e.pathway_id.clone(), labels.clone());
                            let status = e.status.label();
                            let index = e.index_date;
                            view! {
                                <tr>
                                    <td>{move || labels.pathway(&pathway, i18n.locale())}</td>
                                    <td>{move || crate::i18n::short_date(index, i18n.locale())}</td>
                                    <td>{tr(i18n, status)}{e.status_reason.clone().map(|r| format!(" ({r})"))}</td>
                                    <td><EnrolmentActions id=e.id.to_string() status=e.status echo=echo.clone()/></td>
                                </tr>
                            }
                        }).collect_view();
                        let history = d.history.iter().map(|h| {
                            let (kind, detail, at) = (h.kind.clone(), h.detail.clone(), h.at.date());
                            view! {
                                <li><time datetime=at.to_string()>{move || crate::i18n::short_date(at, i18n.locale())}</time>" "
                                    {move || crate::labels::enrolment_event(&kind, &detail, i18n.locale())}
                                    {h.staff_name.clone().map(|n| format!(" – {n}"))}</li>
                            }
                        }).collect_view();
                        view! {
                            <h1>{d.patient.name.clone()}</h1>
                            <ErrorSummary errors=echo.errors.clone()/>
                            {enrolled().then(|| view! {
                                <p class="notice" role="status" id="feedback">{tr(i18n, t::patients::PATIENT_ENROLLED_INVITATIONS_ARE_PLANNED)}</p>
                            })}
                            <dl class="facts">
                                <dt>{tr(i18n, t::patients::DATE_BIRTH)}</dt><dd>{let born = d.patient.date_of_birth; move || crate::i18n::short_date(born, i18n.locale())}</dd>
                                <dt>{tr(i18n, t::patients::NATIONAL_ID)}</dt><dd>{d.patient.national_id.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>{tr(i18n, t::patients::EMAIL)}</dt><dd>{d.patient.email.clone().unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                            <h2>{tr(i18n, t::patients::WHO_ANSWERS)}</h2>
                            <div class="table-box" tabindex="0"><table class="table" id="respondents">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, t::patients::NAME)}</th>
                                    <th scope="col">{tr(i18n, t::patients::RELATION)}</th>
                                    <th scope="col">{tr(i18n, t::patients::EMAIL)}</th>
                                    <th scope="col">{tr(i18n, t::patients::MOBILE_NUMBER)}</th>
                                    <th scope="col">{tr(i18n, t::patients::PREFERRED_CHANNEL)}</th>
                                    <th scope="col">{tr(i18n, t::patients::LANGUAGE)}</th>
                                </tr></thead>
                                <tbody>{respondents}</tbody>
                            </table></div>
                            <h2>{tr(i18n, t::patients::PATHWAYS)}</h2>
                            <div class="table-box" tabindex="0"><table class="table" id="enrolments">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, t::patients::PATHWAY)}</th>
                                    <th scope="col">{tr(i18n, t::patients::INDEX_DATE)}</th>
                                    <th scope="col">{tr(i18n, t::patients::STATUS)}</th>
                                    <th scope="col">{tr(i18n, t::patients::CHANGE)}</th>
                                </tr></thead>
                                <tbody>{enrolments}</tbody>
                            </table></div>
                            <h2>{tr(i18n, t::patients::INVITATIONS)}</h2>
                            <InvitationsTable invitations=d.invitations.clone() open_items=d.open_items.clone() messages=d.messages.clone() labels=labels.clone()
                                planning=d.enrolments.iter().any(|e| e.status == EnrolmentStatus::Active)/>
                            <h2>{tr(i18n, t::patients::SCORES_OVER_TIME)}</h2>
                            <ScoreCharts responses=d.responses.clone() labels=labels.clone()/>
                            <h2>{tr(i18n, t::patients::RESPONSES)}</h2>
                            <ResponsesList responses=d.responses.clone() labels=labels.clone()/>
                            <EnterLinks patient=d.patient.id.to_string() choices/>
                            <h2>{tr(i18n, t::patients::HISTORY)}</h2>
                            <ul id="enrolment-history">{history}</ul>
                        }.into_any()
                    }
                    Err(ApiError::NotFound) => view! {
                        <h1>{tr(i18n, t::patients::PATIENT_NOT_FOUND)}</h1>
                        <p>{tr(i18n, t::patients::THERE_NO_SUCH_PATIENT_YOUR)}</p>
                    }.into_any(),
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One chart per questionnaire and score the patient has values for;
/// responses that raised a flag are marked on the line.
#[component]
fn ScoreCharts(responses: Vec<ResponseRecord>, labels: crate::labels::Labels) -> impl IntoView {
    let i18n = use_i18n();
    let mut series: Vec<(String, String, Vec<crate::components::ChartPoint>)> = Vec::new();
    for r in &responses {
        for (score, value) in &r.scores {
            let Some(value) = value else { continue };
            let point = crate::components::ChartPoint { at: r.submitted_at, value: *value, flagged: !r.flags.is_empty() };
            match series.iter_mut().find(|(q, s, _)| *q == r.questionnaire_id && s == score) {
                Some((_, _, points)) => points.push(point),
                None => series.push((r.questionnaire_id.clone(), score.clone(), vec![point])),
            }
        }
    }
    if series.is_empty() {
        return view! { <p class="muted">{tr(i18n, t::patients::NO_SCORES_YET)}</p> }.into_any();
    }
    let charts = series
        .into_iter()
        .map(|(q, s, points)| {
            let title = format!("{}: {}", labels.questionnaire(&q, i18n.locale()), labels.score(&q, &s, i18n.locale()));
            let bands = labels
                .score_bands
                .get(&format!("{q}/{s}"))
                .into_iter()
                .flatten()
                .map(|b| crate::components::ChartBand { from: b.from, to: b.to, label: b.label.clone() })
                .collect::<Vec<_>>();
            view! { <crate::components::ScoreChart title=title points bands/> }
        })
        .collect_view();
    view! { <div class="charts" id="score-charts">{charts}</div> }.into_any()
}

/// Every invitation of the patient's enrolments with its status, and the
/// open contact requests and no-response items.
#[component]
fn InvitationsTable(
    invitations: Vec<crate::schedule::InvitationRecord>,
    open_items: Vec<(String, InvitationId)>,
    /// What went out for each invitation, and how it went.
    messages: Vec<crate::patients::MessageRecord>,
    labels: crate::labels::Labels,
    /// An active enrolment whose invitations the scheduler has not planned yet.
    planning: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if invitations.is_empty() {
        let text = if planning { tr(i18n, t::patients::INVITATIONS_ARE_BEING_PLANNED_WITHIN) } else { tr(i18n, t::patients::NO_INVITATIONS_PLANNED) };
        return view! { <p class="muted">{text}</p> }.into_any();
    }
    let rows = invitations
        .into_iter()
        .map(|inv| {
            let status = inv.status.label();
            let items = open_items
                .iter()
                .filter(|(_, id)| *id == inv.id)
                .map(|(kind, _)| {
                    let text = match kind.as_str() {
                        "contact_request" => t::patients::ITEM_CONTACT_REQUEST,
                        _ => t::patients::ITEM_NO_RESPONSE,
                    };
                    view! { <span class=format!("badge badge-{kind}")>{tr(i18n, text)}</span> }
                })
                .collect_view();
            let sent = messages
                .iter()
                .filter(|m| m.invitation_id == inv.id)
                .map(|m| message_item(i18n, m))
                .collect_view();
            view! {
                <tr data-status=inv.status.as_str()>
                    <td>{
                        let (q, labels, n) = (inv.questionnaire_id.clone(), labels.clone(), inv.sequence);
                        move || t::patients::INVITATION_NUMBER.fill(i18n.locale(), &[("questionnaire", &labels.questionnaire(&q, i18n.locale())), ("n", &n)])
                    }</td>
                    <td>{let opens = inv.opens_on; move || crate::i18n::short_date(opens, i18n.locale())}</td>
                    <td>{let last = inv.closes_on.previous_day().unwrap_or(inv.closes_on); move || crate::i18n::short_date(last, i18n.locale())}</td>
                    <td>{tr(i18n, status)}" "{items}</td>
                    <td><ul class="messages">{sent}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-box" tabindex="0"><table class="table" id="invitations">
            <thead><tr>
                <th scope="col">{tr(i18n, t::patients::QUESTIONNAIRE)}</th>
                <th scope="col">{tr(i18n, t::patients::OPENS)}</th>
                <th scope="col">{tr(i18n, t::patients::LAST_DAY_ANSWER)}</th>
                <th scope="col">{tr(i18n, t::patients::STATUS)}</th>
                <th scope="col">{tr(i18n, t::patients::SENT_COLUMN)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

/// The patient's responses, newest first, with scores and the flags their
/// rules raised (and why).
#[component]
fn ResponsesList(responses: Vec<ResponseRecord>, labels: crate::labels::Labels) -> impl IntoView {
    let i18n = use_i18n();
    if responses.is_empty() {
        return view! { <p>{tr(i18n, t::patients::NO_RESPONSES_YET)}</p> }.into_any();
    }
    let items = responses
        .into_iter()
        .rev()
        .map(|r| {
            let mode = match r.entry_mode {
                crate::responses::EntryMode::Respondent => tr(i18n, t::patients::ANSWERED_PATIENT_RELATIVE),
                crate::responses::EntryMode::StaffPaper => tr(i18n, t::patients::ENTERED_FROM_PAPER),
                crate::responses::EntryMode::StaffPhone => tr(i18n, t::patients::ENTERED_DURING_PHONE_CALL),
            };
            let scores = {
                let (labels, q, scores) = (labels.clone(), r.questionnaire_id.clone(), r.scores.clone());
                move || {
                    scores
                        .iter()
                        .map(|(id, v)| format!("{}: {}", labels.score(&q, id, i18n.locale()), v.map_or("—".to_owned(), |v| format!("{v:.1}"))))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let flags = r
                .flags
                .iter()
                .map(|f| {
                    let (da, en) = (f.message_da.clone(), f.message_en.clone());
                    let reasons = f.reasons.clone();
                    let why = move || reasons.iter().map(|r| r.get(i18n.locale()).to_owned()).collect::<Vec<_>>().join("; ");
                    let class = format!("flag flag-{}", f.level);
                    let level = crate::engine::Urgency::parse(&f.level).map_or(t::patients::FLAG, crate::labels::urgency);
                    view! {
                        <li class=class data-rule=f.rule_id.clone()>
                            <strong>{tr(i18n, level)}</strong>": "
                            {move || if i18n.locale() == crate::i18n::Locale::Da { da.clone() } else { en.clone() }}
                            <br/><small>{why}</small>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="response">
                    <p><strong>{let (labels, q) = (labels.clone(), r.questionnaire_id.clone()); move || labels.questionnaire(&q, i18n.locale())}</strong>
                        " (version "{r.questionnaire_version}")"
                        " · "{let day = r.submitted_at.date(); move || crate::i18n::short_date(day, i18n.locale())}" · " {mode}
                        {r.entered_by_name.clone().map(|n| format!(" ({n})"))}</p>
                    <p class="scores">{scores}</p>
                    <ul class="flags">{flags}</ul>
                </li>
            }
        })
        .collect_view();
    view! { <ul id="responses" class="responses">{items}</ul> }.into_any()
}

/// Links to enter a response from paper or a phone call.
#[component]
fn EnterLinks(patient: String, choices: Vec<crate::patients::QuestionnaireChoice>) -> impl IntoView {
    let i18n = use_i18n();
    let links = choices
        .into_iter()
        .map(|q| {
            let href = format!("/staff/patients/{patient}/enter/{}", q.id);
            view! { <li><a href=href>{move || if i18n.locale() == crate::i18n::Locale::Da { q.title_da.clone() } else { q.title_en.clone() }}</a></li> }
        })
        .collect_view();
    view! {
        <details class="enter-links">
            <summary>{tr(i18n, t::patients::ENTER_RESPONSE_FROM_PAPER_PHONE)}</summary>
            <ul>{links}</ul>
        </details>
    }
}
