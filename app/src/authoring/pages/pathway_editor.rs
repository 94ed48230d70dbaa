//! A pathway: its time points relative to the index event (offset, answer
//! window, reminders, recurrence) and a timeline for an example index date.

use leptos::prelude::*;

use super::widgets::{value_of, Field, LangFields, OpButton, Problems, RevField};
use crate::authoring::view::VersionView;
use crate::components::FormEcho;
use crate::engine::diagnostics::Site;
use crate::engine::pathway::TimePoint;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn PathwayEditor(v: VersionView, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let Some(p) = v.pathway.clone() else { return ().into_any() };
    let editable = v.editable();
    let path = v.path();
    let echo = Some(echo);
    let choices = v.questionnaire_choices.clone();
    let details = editable.then(|| {
        let form = "details".to_owned();
        view! {
            <form method="post" action=path.clone() class="stack-form">
                <input type="hidden" name="_op" value="details"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <LangFields form=form.clone() prefix="title" label=t::authoring::TITLE_FIELD value=p.title.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="index_event" label=t::authoring::INDEX_EVENT_FIELD value=p.index_event.clone() echo=echo.clone().unwrap_or_default()/>
                <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_DETAILS)}</button>
            </form>
        }
    });
    let count = p.timepoints.len();
    let timepoints = p
        .timepoints
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let errors: Vec<_> =
                v.report.placed.iter().filter(|e| matches!(e.site, Site::TimePoint { timepoint, .. } if timepoint == i)).cloned().collect();
            view! { <TimePointForm tp=Some(tp.clone()) index=i count editable path=path.clone() errors echo=echo.clone() choices=choices.clone()/> }
        })
        .collect_view();
    let timeline = v.timeline.clone().map(|(date, occurrences)| {
        let rows = occurrences
            .into_iter()
            .map(|o| {
                let reminders = o.reminders.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                view! {
                    <tr>
                        <td>{o.timepoint.clone()}{format!(" #{}", o.sequence)}</td>
                        <td><code>{o.questionnaire.clone()}</code></td>
                        <td>{o.opens.to_string()}</td>
                        <td>{o.closes.previous_day().unwrap_or(o.closes).to_string()}</td>
                        <td>{reminders}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <form method="get" action=format!("{path}#timeline") class="inline-form">
                <label for="index-date">{tr(i18n, t::authoring::EXAMPLE_INDEX_DATE)}</label>" "
                <input type="date" id="index-date" name="index_date" value=date.to_string()/>" "
                <button type="submit" class="button">{tr(i18n, t::authoring::SHOW_TIMELINE)}</button>
            </form>
            <div class="table-box" tabindex="0"><table class="table" id="timeline-table">
                <thead><tr>
                    <th scope="col">{tr(i18n, t::authoring::TIME_POINT)}</th>
                    <th scope="col">{tr(i18n, t::authoring::QUESTIONNAIRE)}</th>
                    <th scope="col">{tr(i18n, t::authoring::SENT)}</th>
                    <th scope="col">{tr(i18n, t::authoring::LAST_DAY_ANSWER)}</th>
                    <th scope="col">{tr(i18n, t::authoring::REMINDERS)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
    });
    view! {
        <section aria-labelledby="timepoints-h" id="timepoints" class="panel">
            <h2 id="timepoints-h">{tr(i18n, t::authoring::TIME_POINTS)}</h2>
            <Problems errors=v.report.placed.iter().filter(|e| matches!(e.site, Site::Pathway { .. })).cloned().collect()/>
            {details}
            {timepoints}
            {editable.then(|| view! { <TimePointForm tp=None index=count count editable path=path.clone() errors=Vec::new() echo=echo.clone() choices=choices.clone()/> })}
        </section>
        <section aria-labelledby="timeline-h" id="timeline" class="panel">
            <h2 id="timeline-h">{tr(i18n, t::authoring::TIMELINE)}</h2>
            {timeline}
        </section>
    }
    .into_any()
}

#[component]
#[allow(clippy::too_many_arguments)]
fn TimePointForm(
    tp: Option<TimePoint>,
    index: usize,
    count: usize,
    editable: bool,
    path: String,
    errors: Vec<crate::engine::diagnostics::ModelError>,
    echo: Option<FormEcho>,
    choices: Vec<(String, crate::engine::LangText)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = tp.is_none();
    let form = if adding { "add-timepoint".to_owned() } else { format!("timepoint-{index}") };
    let v = |name: &str, saved: String| value_of(&echo, &form, name, &saved);
    let id = tp.as_ref().map(|t| t.id.clone()).unwrap_or_default();
    let summary = tp.as_ref().map(|t| {
        let repeat = t.repeat.map(|r| format!(", every {} until {}", r.every, r.until)).unwrap_or_default();
        format!("{} ({}{repeat}; {} days; reminders {:?})", t.questionnaire, t.offset, t.window_days, t.reminder_days)
    });
    if !editable {
        return view! { <div class="timepoint-block"><h3><code>{id}</code></h3><p>{summary}</p></div> }.into_any();
    }
    let chosen = v("questionnaire", tp.as_ref().map(|t| t.questionnaire.clone()).unwrap_or_default());
    let options = choices
        .into_iter()
        .map(|(qid, title)| {
            let label = format!("{qid} — {}", title.en);
            view! { <option value=qid.clone() selected=qid == chosen>{label}</option> }
        })
        .collect_view();
    let q_id = format!("{form}-questionnaire");
    let baseline_id = format!("{form}-baseline");
    let baseline = match &echo {
        Some(e) if e.value("_form") == form => e.value("baseline") == "on",
        _ => tp.as_ref().is_some_and(|t| t.baseline),
    };
    view! {
        <div class="timepoint-block" id=format!("timepoint-{id}")>
            {if adding {
                view! { <h3>{tr(i18n, t::authoring::ADD_TIME_POINT)}</h3> }.into_any()
            } else {
                view! { <h3><code>{id.clone()}</code></h3><p class="muted">{summary}</p> }.into_any()
            }}
            <Problems errors=errors/>
            <form method="post" action=path.clone() class="stack-form">
                <input type="hidden" name="_op" value=if adding { "add_timepoint" } else { "timepoint" }/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="_anchor" value="timepoints"/>
                <input type="hidden" name="index" value=index.to_string()/>
                <Field form=form.clone() name="timepoint_id" label=t::authoring::ID_FIELD value=v("timepoint_id", id.clone()) mono=true/>
                <div class="field">
                    <label for=q_id.clone()>{tr(i18n, t::authoring::QUESTIONNAIRE)}</label>
                    <select id=q_id name="questionnaire">{options}</select>
                </div>
                <Field form=form.clone() name="offset" label=t::authoring::OFFSET_FIELD
                    value=v("offset", tp.as_ref().map(|t| t.offset.to_string()).unwrap_or_default()) hint=t::authoring::OFFSET_HINT mono=true/>
                <Field form=form.clone() name="window_days" label=t::authoring::WINDOW_DAYS_FIELD value=v("window_days", tp.as_ref().map_or("14".into(), |t| t.window_days.to_string()))/>
                <Field form=form.clone() name="reminder_days" label=t::authoring::REMINDER_DAYS_FIELD
                    value=v("reminder_days", tp.as_ref().map(|t| t.reminder_days.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")).unwrap_or_else(|| "3, 7".into()))/>
                <Field form=form.clone() name="every" label=t::authoring::EVERY_FIELD
                    value=v("every", tp.as_ref().and_then(|t| t.repeat).map(|r| r.every.to_string()).unwrap_or_default()) mono=true/>
                <Field form=form.clone() name="until" label=t::authoring::UNTIL_FIELD
                    value=v("until", tp.as_ref().and_then(|t| t.repeat).map(|r| r.until.to_string()).unwrap_or_default()) mono=true/>
                <Field form=form.clone() name="missed_after_days" label=t::authoring::MISSED_AFTER_DAYS_FIELD
                    value=v("missed_after_days", tp.as_ref().and_then(|t| t.missed_after_days).map(|n| n.to_string()).unwrap_or_default()) hint=t::authoring::MISSED_AFTER_DAYS_HINT/>
                <div class="field checkbox">
                    <input type="checkbox" id=baseline_id.clone() name="baseline" value="on" checked=baseline/>
                    <label for=baseline_id>{tr(i18n, t::authoring::BASELINE_RULES_BASELINE_COMPARES_ANSWER)}</label>
                </div>
                <button type="submit" class="button">{if adding { tr(i18n, t::authoring::ADD_TIME_POINT_2) } else { tr(i18n, t::authoring::SAVE_TIME_POINT) }}</button>
            </form>
            {(!adding).then(|| view! {
                <div class="actions">
                    {(index > 0).then(|| view! { <OpButton action=path.clone() op="move_timepoint" fields=vec![("index", index.to_string()), ("direction", "up".into())] label=t::authoring::MOVE_UP about=id.clone()/> })}
                    {(index + 1 < count).then(|| view! { <OpButton action=path.clone() op="move_timepoint" fields=vec![("index", index.to_string()), ("direction", "down".into())] label=t::authoring::MOVE_DOWN about=id.clone()/> })}
                    <OpButton action=path.clone() op="remove_timepoint" fields=vec![("index", index.to_string())] label=t::authoring::REMOVE about=id.clone() danger=true/>
                </div>
            })}
        </div>
    }
    .into_any()
}
