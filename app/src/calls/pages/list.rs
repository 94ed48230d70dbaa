//! `/staff/calls`: the respondents to phone, oldest deadline first, each
//! with their numbers, what was sent and how it went, the calls so far and
//! a form to log the next one. Plain forms: it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::calls::api::get_call_list;
use crate::calls::{CallEntry, CallOutcome, MAX_CALL_NOTE_CHARS};
use crate::components::{use_form_echo, ErrorSummary, FormEcho, StaffFrame};
use crate::domain::phone::MobileNumber;
use crate::i18n::{t, tr, use_i18n, I18n};

#[component]
pub fn CallListPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::calls::CALL_LIST_SVAR)/>
        <StaffFrame>
            <CallListView/>
        </StaffFrame>
    }
}

#[component]
fn CallListView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // A refused call comes back as this page, with what was chosen and
    // written kept in the entry it was about.
    let echo = use_form_echo();
    let data = Resource::new(|| (), |_| get_call_list());
    let logged = move || query.read().get("logged").is_some();
    view! {
        <h1>{tr(i18n, t::calls::CALL_LIST)}</h1>
        <p class="muted">{tr(i18n, t::calls::INTRO)}</p>
        {move || logged().then(|| view! { <p class="notice" role="status" id="feedback">{tr(i18n, t::calls::CALL_SAVED)}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                // A refused call's errors first, each linking to its field in
                // the entry it was about (the page opens at the top).
                let summary = view! { <ErrorSummary errors=echo.errors.clone()/> };
                let list = match data.await {
                    Ok(list) if list.entries.is_empty() => view! { <p class="notice" role="status">{tr(i18n, t::calls::NOBODY_TO_CALL)}</p> }.into_any(),
                    Ok(list) => {
                        let entries = list
                            .entries
                            .iter()
                            .map(|e| entry_view(i18n, e, &list.labels, &list.colleagues, &echo))
                            .collect_view();
                        view! { <ol class="call-list" id="calls">{entries}</ol> }.into_any()
                    }
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                };
                view! { {summary}{list} }
            })}
        </Suspense>
    }
}

/// One invitation to call about.
fn entry_view(
    i18n: I18n,
    e: &CallEntry,
    labels: &crate::labels::Labels,
    colleagues: &[(crate::domain::StaffId, String)],
    echo: &FormEcho,
) -> impl IntoView {
    let id = e.invitation_id.to_string();
    // The echo belongs to this entry's form only.
    let mine = echo.value("invitation") == id;
    let blank = FormEcho::default();
    let echo = if mine { echo.clone() } else { blank };
    let heading = format!("call-{id}-name");
    let labelled_by = heading.clone();
    let last_day = e.closes_on.previous_day().unwrap_or(e.closes_on);
    let (q, labels) = (e.questionnaire_id.clone(), labels.clone());
    let respondents = e
        .respondents
        .iter()
        .map(|r| {
            let relation = crate::patients::patient::Relation::parse(&r.relation).ok().map(|r| r.label());
            let number = r.mobile.as_deref().and_then(|m| MobileNumber::parse(m).ok());
            let phone = match number {
                Some(n) => view! { <a class="tel" href=format!("tel:{}", n.as_str())>{n.grouped()}</a> }.into_any(),
                None => view! { <span class="muted">{tr(i18n, t::calls::NO_MOBILE_NUMBER)}</span> }.into_any(),
            };
            let name = r.name.clone();
            view! { <li>{name}{move || relation.as_ref().map(|r| format!(" ({})", r.get(i18n.locale())))}": "{phone}</li> }
        })
        .collect_view();
    let messages = e.messages.iter().map(|m| crate::patients::message_item(i18n, m)).collect_view();
    let attempts = e
        .attempts
        .iter()
        .map(|a| {
            let (day, outcome, by, note) = (a.at.date(), a.outcome.label(), a.by.clone(), a.note.clone());
            let clock = format!("{:02}.{:02}", a.at.hour(), a.at.minute());
            view! {
                <li>
                    {move || crate::i18n::short_date(day, i18n.locale())}" "{clock}", "{by}": "<strong>{tr(i18n, outcome)}</strong>
                    {(!note.is_empty()).then(|| view! { " – "<span class="note">{note}</span> })}
                </li>
            }
        })
        .collect_view();
    let chosen = echo.value("outcome");
    let outcomes = CallOutcome::ALL
        .into_iter()
        .map(|o| {
            let field = format!("outcome-{id}-{}", o.as_str());
            let label_for = field.clone();
            let label = o.label();
            view! { <label class="q-choice" for=label_for><input type="radio" id=field name="outcome" value=o.as_str() checked=chosen == o.as_str()/><span>{tr(i18n, label)}</span></label> }
        })
        .collect_view();
    let assigned = e.assigned_to.as_ref().map(|(_, name)| name.clone());
    let options = colleagues
        .iter()
        .map(|(staff, name)| {
            let selected = e.assigned_to.as_ref().is_some_and(|(s, _)| s == staff);
            view! { <option value=staff.to_string() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let note_id = format!("note-{id}");
    let outcome_id = format!("outcome-{id}");
    let note_invalid = echo.error(&note_id).is_some().then_some("true");
    let assignee_id = format!("assignee-{id}");
    view! {
        <li class="call" id=format!("call-{id}") aria-labelledby=labelled_by>
            <h2 id=heading>
                <a href=format!("/staff/patients/{}", e.patient_id)>{e.patient_name.clone()}</a>
                " · "{move || labels.questionnaire(&q, i18n.locale())}
            </h2>
            <p>
                {move || t::calls::LAST_DAY.fill(i18n.locale(), &[("date", &crate::i18n::short_date(last_day, i18n.locale()))])}
                {e.urgent_draft.then(|| view! { " "<span class="badge level-red">{tr(i18n, t::calls::SAVED_ANSWERS_LOOK_URGENT)}</span> })}
                {assigned.map(|name| view! { " · "{tr(i18n, t::calls::ASSIGNED_TO)}{name} })}
            </p>
            <h3>{tr(i18n, t::calls::WHO_TO_CALL)}</h3>
            <ul class="call-respondents">{respondents}</ul>
            <h3>{tr(i18n, t::calls::WHAT_WAS_SENT)}</h3>
            <ul class="messages">{messages}</ul>
            {(!e.attempts.is_empty()).then(|| view! {
                <h3>{tr(i18n, t::calls::CALLS_SO_FAR)}</h3>
                <ol class="call-attempts">{attempts}</ol>
            })}
            <form method="post" action="/staff/calls/log" class="stack-form">
                <input type="hidden" name="invitation" value=id.clone()/>
                <fieldset id=outcome_id tabindex="-1">
                    <legend>{tr(i18n, t::calls::HOW_DID_THE_CALL_GO)}</legend>
                    <div class="q-choices">{outcomes}</div>
                </fieldset>
                <label for=note_id.clone()>{tr(i18n, t::calls::NOTE_STAFF_ONLY)}</label>
                <textarea id=note_id name="note" aria-invalid=note_invalid rows="2" maxlength=MAX_CALL_NOTE_CHARS.to_string()>{crate::components::textarea_text(echo.value("note"))}</textarea>
                <button type="submit" class="button">{tr(i18n, t::calls::SAVE_CALL)}</button>
            </form>
            <form method="post" action="/staff/calls/assign" class="inline-form assign-form">
                <input type="hidden" name="invitation" value=id.clone()/>
                <label for=assignee_id.clone()>{tr(i18n, t::calls::WHO_CALLS)}</label>" "
                <select id=assignee_id name="staff">
                    <option value="">{tr(i18n, t::calls::NOBODY_WHOLE_CLINIC)}</option>
                    {options}
                </select>" "
                <button type="submit" class="button button-secondary">{tr(i18n, t::calls::ASSIGN)}</button>
            </form>
        </li>
    }
}
