//! `/staff/worklist`: what needs a decision, most urgent first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use time::OffsetDateTime;

use crate::components::StaffFrame;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, I18n, Locale};
use crate::worklist::api::get_worklist;
use crate::worklist::{Urgency, WorklistFilter};

#[component]
pub fn WorklistPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::worklist::WORKLIST_SVAR)/>
        <StaffFrame>
            <WorklistView/>
        </StaffFrame>
    }
}

/// "3 dage" / "5 hours": how long an entry has waited.
pub fn age(i18n: I18n, since: OffsetDateTime, now: OffsetDateTime) -> String {
    let d = now - since;
    let (n, one, other) = if d.whole_days() >= 1 {
        (d.whole_days(), t::worklist::AGE_DAYS_ONE, t::worklist::AGE_DAYS_OTHER)
    } else if d.whole_hours() >= 1 {
        (d.whole_hours(), t::worklist::AGE_HOURS_ONE, t::worklist::AGE_HOURS_OTHER)
    } else {
        (d.whole_minutes().max(0), t::worklist::AGE_MINUTES_ONE, t::worklist::AGE_MINUTES_OTHER)
    };
    if n == 1 { one } else { other }.fill(i18n.locale(), &[("n", &n)])
}

#[component]
fn WorklistView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.is_empty());
        WorklistFilter {
            urgency: text("level").and_then(|l| Urgency::parse(&l)),
            questionnaire: text("questionnaire"),
            pathway: text("pathway"),
            closed: q.get("status").as_deref() == Some("closed"),
            mine: q.get("mine").is_some(),
            page: text("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        }
    };
    let data = Resource::new(filter, get_worklist);
    // Live in the browser: new entries appear without a reload. Without
    // JavaScript the page is as fresh as its last load.
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(move || data.refetch(), std::time::Duration::from_secs(15)) {
            on_cleanup(move || handle.clear());
        }
    }
    // Feedback after a decision (the decide form redirects here).
    let decided = move || query.read().get("decided").is_some();
    view! {
        <h1>{tr(i18n, t::worklist::WORKLIST)}</h1>
        {move || decided().then(|| view! { <p class="notice" role="status" id="feedback">{tr(i18n, t::worklist::DECISION_SAVED)}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let f = filter();
                match data.await {
                    Ok(page) => {
                        let now = page.now.unwrap_or(OffsetDateTime::UNIX_EPOCH);
                        let counts = Urgency::ALL.into_iter().map(|u| {
                            let n = page.counts.iter().find(|(c, _)| *c == u).map_or(0, |(_, n)| *n);
                            view! { <li class=format!("count count-{}", u.as_str())><a href=format!("?level={}", u.as_str())>{tr(i18n, crate::labels::urgency(u))}": "<strong>{n}</strong></a></li> }
                        }).collect_view();
                        let rows = page.entries.iter().map(|e| {
                            let urgency = crate::labels::urgency(e.urgency);
                            let reasons = e.reasons.iter().map(|(da, en)| {
                                let (da, en) = (da.clone(), en.clone());
                                view! { <li>{move || if i18n.locale() == Locale::Da { da.clone() } else { en.clone() }}</li> }
                            }).collect_view();
                            let kind_text = match e.kind {
                                crate::worklist::EntryKind::Response => None,
                                crate::worklist::EntryKind::ContactRequest => Some(Signal::derive(move || t::worklist::ASKED_CONTACTED_WHILE_ANSWERING.get(i18n.locale()).to_owned())),
                                // Its reasons are those of answers saved but never sent.
                                crate::worklist::EntryKind::NoResponse if !e.reasons.is_empty() => {
                                    Some(Signal::derive(move || t::worklist::NEVER_SENT_SAVED_ANSWERS_WOULD.get(i18n.locale()).to_owned()))
                                }
                                crate::worklist::EntryKind::NoResponse => match e.missed_since {
                                    Some(day) => Some(Signal::derive(move || {
                                        t::worklist::NO_REPORTS_SINCE.fill(i18n.locale(), &[("date", &crate::i18n::short_date(day, i18n.locale()))])
                                    })),
                                    None => Some(Signal::derive(move || t::worklist::NO_ANSWER_AFTER_REMINDERS.get(i18n.locale()).to_owned())),
                                },
                            };
                            let since = e.created_at;
                            view! {
                                <tr class=format!("urgency-{}", e.urgency.as_str())>
                                    <td><span class=format!("badge level-{}", e.urgency.as_str())>{tr(i18n, urgency)}</span></td>
                                    <td><a href=format!("/staff/worklist/{}/{}", e.kind.as_str(), e.id)>{e.patient_name.clone()}</a></td>
                                    <td>{
                                        let title = page.questionnaires.iter().find(|(id, _, _)| *id == e.questionnaire_id).map(|(_, da, en)| (da.clone(), en.clone()));
                                        let id = e.questionnaire_id.clone();
                                        move || match (&title, i18n.locale()) {
                                            (Some((da, _)), Locale::Da) => da.clone(),
                                            (Some((_, en)), Locale::En) => en.clone(),
                                            (None, _) => id.clone(),
                                        }
                                    }</td>
                                    <td>
                                        <ul class="reasons">{reasons}{kind_text.map(|t| view! { <li>{t}</li> })}</ul>
                                        {e.has_comment.then(|| view! { <span class="badge badge-comment">{tr(i18n, t::worklist::HAS_COMMENT)}</span> })}
                                    </td>
                                    <td>{move || age(i18n, since, now)}</td>
                                    <td>{e.assigned_to.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view();
                        let empty = page.entries.is_empty();
                        let more = page.has_more.then(|| {
                            let next = f.page + 1;
                            view! { <a href=format!("?page={next}")>{tr(i18n, t::worklist::NEXT_PAGE)}</a> }
                        });
                        view! {
                            <ul class="worklist-counts" aria-label=tr(i18n, t::worklist::OPEN_LEVEL)>{counts}</ul>
                            <form method="get" class="worklist-filter">
                                <span class="filter-field"><label for="filter-level">{tr(i18n, t::worklist::LEVEL)}</label>
                                    <select id="filter-level" name="level">
                                        <option value="">{tr(i18n, t::worklist::ALL)}</option>
                                        {Urgency::ALL.into_iter().map(|u| view! { <option value=u.as_str() selected=f.urgency == Some(u)>{tr(i18n, crate::labels::urgency(u))}</option> }).collect_view()}
                                    </select></span>
                                <span class="filter-field"><label for="filter-questionnaire">{tr(i18n, t::worklist::QUESTIONNAIRE)}</label>
                                    <select id="filter-questionnaire" name="questionnaire">
                                        <option value="">{tr(i18n, t::worklist::ALL)}</option>
                                        {page.questionnaires.iter().map(|(id, da, en)| {
                                            let (da, en) = (da.clone(), en.clone());
                                            view! { <option value=id.clone() selected=f.questionnaire.as_deref() == Some(id.as_str())>{move || if i18n.locale() == Locale::Da { da.clone() } else { en.clone() }}</option> }
                                        }).collect_view()}
                                    </select></span>
                                <span class="filter-field"><label for="filter-pathway">{tr(i18n, t::worklist::PATHWAY)}</label>
                                    <select id="filter-pathway" name="pathway">
                                        <option value="">{tr(i18n, t::worklist::ALL)}</option>
                                        {page.pathways.iter().map(|(id, da, en)| {
                                            let (da, en) = (da.clone(), en.clone());
                                            view! { <option value=id.clone() selected=f.pathway.as_deref() == Some(id.as_str())>{move || if i18n.locale() == Locale::Da { da.clone() } else { en.clone() }}</option> }
                                        }).collect_view()}
                                    </select></span>
                                <span class="filter-field"><label for="filter-status">{tr(i18n, t::worklist::STATUS)}</label>
                                    <select id="filter-status" name="status">
                                        <option value="open" selected=!f.closed>{tr(i18n, t::worklist::OPEN)}</option>
                                        <option value="closed" selected=f.closed>{tr(i18n, t::worklist::DECIDED)}</option>
                                    </select></span>
                                <label><input type="checkbox" name="mine" checked=f.mine/>" "{tr(i18n, t::worklist::ONLY_MINE)}</label>
                                <button type="submit" class="button button-secondary">{tr(i18n, t::worklist::SHOW)}</button>
                            </form>
                            {if empty {
                                view! { <p class="notice" role="status">{tr(i18n, t::worklist::NOTHING_DO_HERE_RIGHT_NOW)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-box" tabindex="0"><table class="table" id="worklist">
                                        <thead><tr>
                                            <th scope="col">{tr(i18n, t::worklist::LEVEL)}</th>
                                            <th scope="col">{tr(i18n, t::worklist::PATIENT)}</th>
                                            <th scope="col">{tr(i18n, t::worklist::QUESTIONNAIRE)}</th>
                                            <th scope="col">{tr(i18n, t::worklist::WHY)}</th>
                                            <th scope="col">{tr(i18n, t::worklist::WAITING)}</th>
                                            <th scope="col">{tr(i18n, t::worklist::ASSIGNED)}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                            {more}
                        }.into_any()
                    }
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
