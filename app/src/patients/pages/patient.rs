use crate::domain::{InvitationId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::patients::EnrolmentStatus;

use crate::components::StaffFrame;
use crate::error::ApiError;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::{get_patient, questionnaires};
use crate::responses::ResponseRecord;

/// `/staff/patients/:id`: a patient, who answers for them, and their
/// enrolments. Every view is in the audit log.
#[component]
pub fn PatientPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, "Patient – Svar", "Patient – Svar")/>
        <StaffFrame>
            <PatientDetailView/>
        </StaffFrame>
    }
}

/// Forms to move the index date, pause, resume or end an enrolment.
#[component]
fn EnrolmentActions(id: String, status: EnrolmentStatus) -> impl IntoView {
    let i18n = use_i18n();
    if status == EnrolmentStatus::Ended {
        return view! { <span>"—"</span> }.into_any();
    }
    let action = format!("/staff/enrolments/{id}");
    let date_id = format!("index-date-{id}");
    let reason_id = format!("reason-{id}");
    view! {
        <form method="post" action=action.clone() class="inline-form">
            <input type="hidden" name="action" value="index_date"/>
            <label for=date_id.clone()>{tr(i18n, "Ny indeksdato", "New index date")}</label>
            <input type="date" id=date_id name="index_date" required=true/>
            <button type="submit" class="button button-secondary">{tr(i18n, "Flyt", "Move")}</button>
        </form>
        <form method="post" action=action class="inline-form">
            <label for=reason_id.clone()>{tr(i18n, "Begrundelse", "Reason")}</label>
            <input type="text" id=reason_id name="reason" maxlength="500"/>
            {if status == EnrolmentStatus::Paused {
                view! { <button type="submit" name="action" value="resume" class="button button-secondary">{tr(i18n, "Genoptag", "Resume")}</button> }.into_any()
            } else {
                view! { <button type="submit" name="action" value="pause" class="button button-secondary">{tr(i18n, "Sæt på pause", "Pause")}</button> }.into_any()
            }}
            <button type="submit" name="action" value="end" class="button button-secondary">{tr(i18n, "Afslut", "End")}</button>
        </form>
    }
    .into_any()
}

#[component]
fn PatientDetailView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = move || match query.read().get("error").as_deref() {
        Some("date") => Some(tr(i18n, "Indeksdatoen er ugyldig (højst 2 år frem).", "The index date is not valid (at most 2 years ahead).")()),
        Some("reason") => Some(tr(i18n, "Skriv en begrundelse for at sætte på pause eller afslutte.", "Give a reason to pause or end.")()),
        Some("ended") => {
            Some(tr(i18n, "Forløbet er afsluttet eller har allerede den status.", "The enrolment has ended or already has that status.")())
        }
        Some(_) => Some(tr(i18n, "Ændringen kunne ikke gennemføres.", "The change could not be made.")()),
        None => None,
    };
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
                let choices = choices.await.unwrap_or_default();
                match detail.await {
                    Ok((d, ())) => {
                        let labels = d.labels.clone();
                        let respondents = d.respondents.iter().map(|r| {
                            let relation = crate::patients::patient::Relation::parse(&r.relation).ok().map(|x| x.label());
                            let language = crate::patients::patient::language::parse(&r.language).ok().map(crate::patients::patient::language::label);
                            let (relation_code, language_code) = (r.relation.clone(), r.language.clone());
                            view! {
                                <tr>
                                    <td>{r.name.clone()}</td>
                                    <td>{move || relation.as_ref().map_or(relation_code.clone(), |l| l.get(i18n.locale()).to_owned())}</td>
                                    <td>{r.email.clone()}</td>
                                    <td>{move || language.as_ref().map_or(language_code.clone(), |l| l.get(i18n.locale()).to_owned())}</td>
                                </tr>
                            }
                        }).collect_view();
                        let enrolments = d.enrolments.iter().map(|e| {
                            let (pathway, labels) = (e.pathway_id.clone(), labels.clone());
                            let (status_da, status_en) = e.status.label();
                            let index = e.index_date;
                            view! {
                                <tr>
                                    <td>{move || labels.pathway(&pathway, i18n.locale())}</td>
                                    <td>{move || crate::i18n::short_date(index, i18n.locale())}</td>
                                    <td>{tr(i18n, status_da, status_en)}{e.status_reason.clone().map(|r| format!(" ({r})"))}</td>
                                    <td><EnrolmentActions id=e.id.to_string() status=e.status/></td>
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
                            {problem().map(|t| view! { <p class="notice notice-error" role="alert">{t}</p> })}
                            {enrolled().then(|| view! {
                                <p class="notice" role="status" id="feedback">{tr(i18n,
                                    "Patienten er indskrevet. Invitationerne planlægges inden for et minut, og hver sendes på e-mail, når den åbner.",
                                    "The patient is enrolled. The invitations are planned within a minute, and each is emailed when it opens.")}</p>
                            })}
                            <dl class="facts">
                                <dt>{tr(i18n, "Fødselsdato", "Date of birth")}</dt><dd>{let born = d.patient.date_of_birth; move || crate::i18n::short_date(born, i18n.locale())}</dd>
                                <dt>{tr(i18n, "CPR / id", "National id")}</dt><dd>{d.patient.national_id.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>{tr(i18n, "E-mail", "Email")}</dt><dd>{d.patient.email.clone().unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                            <h2>{tr(i18n, "Hvem svarer", "Who answers")}</h2>
                            <div class="table-box" tabindex="0"><table class="table" id="respondents">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, "Navn", "Name")}</th>
                                    <th scope="col">{tr(i18n, "Relation", "Relation")}</th>
                                    <th scope="col">{tr(i18n, "E-mail", "Email")}</th>
                                    <th scope="col">{tr(i18n, "Sprog", "Language")}</th>
                                </tr></thead>
                                <tbody>{respondents}</tbody>
                            </table></div>
                            <h2>{tr(i18n, "Forløb", "Pathways")}</h2>
                            <div class="table-box" tabindex="0"><table class="table" id="enrolments">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, "Forløb", "Pathway")}</th>
                                    <th scope="col">{tr(i18n, "Indeksdato", "Index date")}</th>
                                    <th scope="col">{tr(i18n, "Status", "Status")}</th>
                                    <th scope="col">{tr(i18n, "Ændr", "Change")}</th>
                                </tr></thead>
                                <tbody>{enrolments}</tbody>
                            </table></div>
                            <h2>{tr(i18n, "Invitationer", "Invitations")}</h2>
                            <InvitationsTable invitations=d.invitations.clone() open_items=d.open_items.clone() labels=labels.clone()
                                planning=d.enrolments.iter().any(|e| e.status == EnrolmentStatus::Active)/>
                            <h2>{tr(i18n, "Scorer over tid", "Scores over time")}</h2>
                            <ScoreCharts responses=d.responses.clone() labels=labels.clone()/>
                            <h2>{tr(i18n, "Svar", "Responses")}</h2>
                            <ResponsesList responses=d.responses.clone() labels=labels.clone()/>
                            <EnterLinks patient=d.patient.id.to_string() choices/>
                            <h2>{tr(i18n, "Historik", "History")}</h2>
                            <ul id="enrolment-history">{history}</ul>
                        }.into_any()
                    }
                    Err(ApiError::NotFound) => view! {
                        <h1>{tr(i18n, "Patienten findes ikke", "Patient not found")}</h1>
                        <p>{tr(i18n, "Der er ingen sådan patient i din klinik.", "There is no such patient in your clinic.")}</p>
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
        return view! { <p class="muted">{tr(i18n, "Ingen scorer endnu.", "No scores yet.")}</p> }.into_any();
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
    labels: crate::labels::Labels,
    /// An active enrolment whose invitations the scheduler has not planned yet.
    planning: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if invitations.is_empty() {
        let text = if planning {
            tr(i18n, "Invitationerne planlægges inden for et minut.", "The invitations are being planned (within a minute).")
        } else {
            tr(i18n, "Ingen invitationer planlagt.", "No invitations planned.")
        };
        return view! { <p class="muted">{text}</p> }.into_any();
    }
    let rows = invitations
        .into_iter()
        .map(|inv| {
            let (da, en) = inv.status.label();
            let items = open_items
                .iter()
                .filter(|(_, id)| *id == inv.id)
                .map(|(kind, _)| {
                    let (da, en) = match kind.as_str() {
                        "contact_request" => ("Ønsker kontakt", "Asked to be contacted"),
                        _ => ("Intet svar efter påmindelser", "No response after reminders"),
                    };
                    view! { <span class=format!("badge badge-{kind}")>{tr(i18n, da, en)}</span> }
                })
                .collect_view();
            view! {
                <tr data-status=inv.status.as_str()>
                    <td>{
                        let (q, labels, n) = (inv.questionnaire_id.clone(), labels.clone(), inv.sequence);
                        move || match i18n.locale() {
                            crate::i18n::Locale::Da => format!("{} (nr. {n})", labels.questionnaire(&q, i18n.locale())),
                            crate::i18n::Locale::En => format!("{} (no. {n})", labels.questionnaire(&q, i18n.locale())),
                        }
                    }</td>
                    <td>{let opens = inv.opens_on; move || crate::i18n::short_date(opens, i18n.locale())}</td>
                    <td>{let last = inv.closes_on.previous_day().unwrap_or(inv.closes_on); move || crate::i18n::short_date(last, i18n.locale())}</td>
                    <td>{tr(i18n, da, en)}" "{items}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-box" tabindex="0"><table class="table" id="invitations">
            <thead><tr>
                <th scope="col">{tr(i18n, "Spørgeskema", "Questionnaire")}</th>
                <th scope="col">{tr(i18n, "Åbner", "Opens")}</th>
                <th scope="col">{tr(i18n, "Sidste svardag", "Last day to answer")}</th>
                <th scope="col">{tr(i18n, "Status", "Status")}</th>
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
        return view! { <p>{tr(i18n, "Ingen svar endnu.", "No responses yet.")}</p> }.into_any();
    }
    let items = responses
        .into_iter()
        .rev()
        .map(|r| {
            let mode = match r.entry_mode {
                crate::responses::EntryMode::Respondent => tr(i18n, "besvaret af patient/pårørende", "answered by patient/relative"),
                crate::responses::EntryMode::StaffPaper => tr(i18n, "indtastet fra papir", "entered from paper"),
                crate::responses::EntryMode::StaffPhone => tr(i18n, "indtastet under telefonsamtale", "entered during a phone call"),
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
                    let (level_da, level_en) = crate::engine::Urgency::parse(&f.level).map_or(("Flag", "Flag"), |u| u.label());
                    view! {
                        <li class=class data-rule=f.rule_id.clone()>
                            <strong>{tr(i18n, level_da, level_en)}</strong>": "
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
            <summary>{tr(i18n, "Indtast svar fra papir eller telefon", "Enter a response from paper or phone")}</summary>
            <ul>{links}</ul>
        </details>
    }
}
