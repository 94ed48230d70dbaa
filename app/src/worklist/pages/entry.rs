//! `/staff/worklist/:kind/:id`: one entry — why it is on the list (each
//! rule's message and the values that made it true), the answers with the
//! ones that fired highlighted, the patient's scores over time, earlier
//! responses — and the decision.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::components::{use_form_echo, ErrorSummary, StaffFrame};
use crate::components::{ChartBand, ChartPoint, ScoreChart};
use crate::engine::model::ItemKind;
use crate::error::ApiError;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, Locale};
use crate::responses::ResponseRecord;
use crate::worklist::api::get_entry;
use crate::worklist::types::EntryView;
use crate::worklist::{EntryKind, Outcome};

#[component]
pub fn WorklistEntryPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::worklist::ENTRY_SVAR)/>
        <StaffFrame>
            <EntryDetail/>
        </StaffFrame>
    }
}

/// Charts of every score the patient has values for, flagged responses marked.
fn charts(v: &EntryView, lang: Locale) -> Vec<(String, Vec<ChartPoint>, Vec<ChartBand>)> {
    let Some(q) = &v.questionnaire else { return Vec::new() };
    q.scores
        .iter()
        .map(|s| {
            let points = v
                .responses
                .iter()
                .filter(|r| r.questionnaire_id == q.id)
                .filter_map(|r| {
                    let value = r.scores.get(&s.id).copied().flatten()?;
                    Some(ChartPoint { at: r.submitted_at, value, flagged: !r.flags.is_empty() })
                })
                .collect::<Vec<_>>();
            let bands = s.bands.iter().map(|b| ChartBand { from: b.from, to: b.to, label: b.label.clone() }).collect();
            (s.text.in_locale(lang).to_owned(), points, bands)
        })
        .filter(|(_, p, _)| !p.is_empty())
        .collect()
}

#[component]
fn EntryDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // A refused decision comes back as this page with what was chosen and
    // written (nothing typed is lost) and what was wrong.
    let echo = use_form_echo();
    let key = move || {
        let p = params.read();
        (p.get("kind").unwrap_or_default(), p.get("id").and_then(|id| Uuid::parse_str(&id).ok()))
    };
    let data = Resource::new(key, |(kind, id)| async move {
        match id {
            Some(id) => get_entry(kind, id).await,
            None => Err(ApiError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                match data.await {
                    Ok(v) => {
                        let lang = i18n.locale();
                        let e = v.entry.clone();
                        let urgency = crate::labels::urgency(e.urgency);
                        let response: Option<ResponseRecord> = v.response_id.and_then(|id| v.responses.iter().find(|r| r.id == id).cloned());
                        let fired: BTreeSet<String> = response.iter().flat_map(|r| r.flags.iter().flat_map(|f| f.explanation.iter().map(|x| x.reference.clone()))).collect();
                        let flags = response.iter().flat_map(|r| r.flags.clone()).chain(v.unsent.iter().cloned()).map(|f| {
                            let reasons = f.reasons.iter().map(|r| r.get(lang).to_owned()).collect::<Vec<_>>().join("; ");
                            let version = t::worklist::QUESTIONNAIRE_VERSION.fill(lang, &[("version", &f.questionnaire_version)]);
                            let (mda, men) = (f.message_da.clone(), f.message_en.clone());
                            // Why the rule is there, from the version that raised the flag.
                            let rationale = v
                                .questionnaire
                                .as_ref()
                                .filter(|q| i64::from(q.version) == f.questionnaire_version)
                                .and_then(|q| q.rules.iter().find(|r| r.id == f.rule_id))
                                .and_then(|r| r.rationale.clone());
                            view! {
                                <li class=format!("flag flag-{}", f.level) data-rule=f.rule_id.clone()>
                                    <strong>{move || if i18n.locale() == Locale::Da { mda.clone() } else { men.clone() }}</strong>
                                    <br/><span class="muted">{tr(i18n, t::worklist::BECAUSE)}{reasons}{version}</span>
                                    {rationale.map(|t| view! { <br/><span class="rationale">{tr(i18n, t::worklist::WHY_RULE)}{move || t.get(i18n.locale()).to_owned()}</span> })}
                                </li>
                            }
                        }).collect_view();
                        let answers = match (&response, &v.questionnaire) {
                            (Some(r), Some(q)) => {
                                let rows = q.items().filter(|i| !matches!(i.kind, ItemKind::Display)).filter_map(|item| {
                                    let value = r.answers.get(&item.id)?;
                                    let hot = fired.contains(&item.id);
                                    Some(view! {
                                        <tr class=if hot { "fired" } else { "" }>
                                            <th scope="row">{item.text.in_locale(lang).to_owned()}</th>
                                            <td>{crate::respondent::show_answer(item, value, lang)}{hot.then(|| view! { <span class="badge">{tr(i18n, t::worklist::RAISED_FLAG)}</span> })}</td>
                                        </tr>
                                    })
                                }).collect_view();
                                Some(view! {
                                    <h2>{tr(i18n, t::worklist::ANSWERS)}</h2>
                                    <div class="table-box" tabindex="0"><table class="table answers" id="answers"><tbody>{rows}</tbody></table></div>
                                })
                            }
                            _ => None,
                        };
                        let charts = charts(&v, lang).into_iter().map(|(title, points, bands)| view! { <ScoreChart title points bands/> }).collect_view();
                        let previous = v.responses.iter().rev().filter(|r| Some(r.id) != v.response_id && r.questionnaire_id == e.questionnaire_id).map(|r| {
                            let flags = r.flags.iter().map(|f| f.rule_id.clone()).collect::<Vec<_>>().join(", ");
                            let day = r.submitted_at.date();
                            view! { <li><time datetime=day.to_string()>{move || crate::i18n::short_date(day, i18n.locale())}</time>" "{if flags.is_empty() { "–".to_owned() } else { flags }}</li> }
                        }).collect_view();
                        let who = v.respondent.clone().map(|(name, relation)| {
                            let relation = crate::patients::patient::Relation::parse(&relation).ok().map(|r| r.label());
                            view! { <p>{tr(i18n, t::worklist::ANSWERED)}{name}{move || relation.as_ref().map(|r| format!(" ({})", r.get(i18n.locale())))}</p> }
                        });
                        let action = format!("/staff/worklist/{}/{}/decide", e.kind.as_str(), e.id);
                        let assign_action = format!("/staff/worklist/{}/{}/assign", e.kind.as_str(), e.id);
                        let decision = match v.decision.clone() {
                            Some(d) => {
                                let outcome = d.outcome.label();
                                view! {
                                    <section class="decision" id="decision">
                                        <ErrorSummary errors=echo.errors.clone()/>
                                        // Decided by a colleague meanwhile: what this
                                        // clinician wrote is shown, not lost.
                                        {(!echo.value("note").is_empty()).then(|| view! {
                                            <p class="muted">{tr(i18n, t::worklist::YOUR_NOTE_NOT_SAVED)}</p>
                                            <p class="note" id="unsaved-note">{echo.value("note")}</p>
                                        })}
                                        <h2>{tr(i18n, t::worklist::DECISION)}</h2>
                                        <p><strong>{tr(i18n, outcome)}</strong>" – "{d.decided_by.clone()}", "{let day = d.decided_at.date(); move || crate::i18n::short_date(day, i18n.locale())}</p>
                                        {(!d.note.is_empty()).then(|| view! { <p class="note">{d.note.clone()}</p> })}
                                        {d.message_sent.then(|| view! { <p class="muted">{tr(i18n, t::worklist::MESSAGE_SENT_RESPONDENTS)}</p> })}
                                    </section>
                                }.into_any()
                            }
                            None => {
                                let chosen = echo.value("outcome");
                                let outcomes = Outcome::ALL.into_iter().map(|o| {
                                    let outcome = o.label();
                                    let id = format!("outcome-{}", o.as_str());
                                    let label_for = id.clone();
                                    let checked = chosen == o.as_str();
                                    view! { <label class="q-choice" for=label_for><input type="radio" id=id name="outcome" value=o.as_str() checked=checked/><span>{tr(i18n, outcome)}</span></label> }
                                }).collect_view();
                                let colleagues = v.colleagues.iter().map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> }).collect_view();
                                view! {
                                    <section class="decision" id="decide">
                                        <h2>{tr(i18n, t::worklist::WHAT_HAPPENS_NEXT)}</h2>
                                        <ErrorSummary errors=echo.errors.clone()/>
                                        <form method="post" action=action class="stack-form">
                                            <fieldset id="outcome">
                                                <legend>{tr(i18n, t::worklist::DECISION)}</legend>
                                                <div class="q-choices">{outcomes}</div>
                                            </fieldset>
                                            <label for="note">{tr(i18n, t::worklist::NOTE_STAFF_ONLY)}</label>
                                            <textarea id="note" name="note" rows="3" maxlength="2000">{crate::components::textarea_text(echo.value("note"))}</textarea>
                                            {v.can_message.then(|| view! {
                                                <label class="check"><input type="checkbox" name="send_message" value="yes" checked=!echo.value("send_message").is_empty()/>" "
                                                    {tr(i18n, t::worklist::SEND_RESPONDENTS_MESSAGE_ABOUT_DECISION)}</label>
                                            })}
                                            <button type="submit" class="button">{tr(i18n, t::worklist::RECORD_DECISION)}</button>
                                        </form>
                                        <form method="post" action=assign_action class="inline-form assign-form">
                                            <label for="assignee">{tr(i18n, t::worklist::ASSIGN)}</label>" "
                                            <select id="assignee" name="staff">
                                                <option value="">{tr(i18n, t::worklist::NOBODY_WHOLE_CLINIC)}</option>
                                                {colleagues}
                                            </select>" "
                                            <button type="submit" class="button button-secondary">{tr(i18n, t::worklist::ASSIGN_2)}</button>
                                        </form>
                                    </section>
                                }.into_any()
                            }
                        };
                        let kind_text = match e.kind {
                            EntryKind::Response => None,
                            EntryKind::ContactRequest => Some(Signal::derive(move || t::worklist::RESPONDENT_ASKED_CONTACTED.get(i18n.locale()).to_owned())),
                            EntryKind::NoResponse if !v.unsent.is_empty() => Some(Signal::derive(move || t::worklist::ANSWERS_WERE_SAVED_BUT_NEVER.get(i18n.locale()).to_owned())),
                            EntryKind::NoResponse => match e.missed_since {
                                Some(day) => Some(Signal::derive(move || {
                                    t::worklist::NO_REPORTS_SINCE_LONG.fill(i18n.locale(), &[("date", &crate::i18n::short_date(day, i18n.locale()))])
                                })),
                                None => Some(Signal::derive(move || t::worklist::QUESTIONNAIRE_WAS_NOT_ANSWERED_NOT.get(i18n.locale()).to_owned())),
                            },
                        };
                        view! {
                            <p><a href="/staff/worklist">{tr(i18n, t::worklist::BACK_WORKLIST)}</a></p>
                            <h1><span class=format!("badge level-{}", e.urgency.as_str())>{tr(i18n, urgency)}</span>" "{e.patient_name.clone()}</h1>
                            <p>
                                <a href=format!("/staff/patients/{}", e.patient_id)>{tr(i18n, t::worklist::PATIENT_S_PAGE)}</a>
                                " · "{
                                    let title = v.questionnaire.as_ref().map(|q| q.title.clone());
                                    let id = e.questionnaire_id.clone();
                                    move || title.as_ref().map_or(id.clone(), |t| t.get(i18n.locale()).to_owned())
                                }
                                " · "{let day = e.created_at.date(); move || crate::i18n::short_date(day, i18n.locale())}
                            </p>
                            {who}
                            {kind_text.map(|t| view! { <p class="notice">{t}</p> })}
                            {(!e.reasons.is_empty()).then(|| view! { <h2>{tr(i18n, t::worklist::WHY)}</h2> })}
                            <ul class="flags" id="reasons">{flags}</ul>
                            {answers}
                            <h2>{tr(i18n, t::worklist::SCORES_OVER_TIME)}</h2>
                            <div class="charts">{charts}</div>
                            <h2>{tr(i18n, t::worklist::EARLIER_RESPONSES)}</h2>
                            <ul id="previous">{previous}</ul>
                            {decision}
                        }.into_any()
                    }
                    Err(ApiError::NotFound) => view! {
                        <h1>{tr(i18n, t::worklist::ENTRY_NOT_FOUND)}</h1>
                        <p><a href="/staff/worklist">{tr(i18n, t::worklist::BACK_WORKLIST)}</a></p>
                    }.into_any(),
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
