use crate::domain::PatientId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::StaffFrame;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::list_patients;
use crate::staff::api::audit_log;

/// `/staff/audit` (admins): who read or changed what, newest first; for
/// one patient with `?patient=`.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::staff::AUDIT_LOG_SVAR)/>
        <StaffFrame>
            <AuditView/>
        </StaffFrame>
    }
}

#[component]
fn AuditView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let patient = move || query.read().get("patient").and_then(|p| p.parse::<PatientId>().ok());
    let entries = Resource::new(patient, audit_log);
    let patients = Resource::new(|| (), |_| list_patients());
    view! {
        <h1>{tr(i18n, t::staff::AUDIT_LOG)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let chosen = patient();
                let options = patients.await.unwrap_or_default().into_iter().map(|p| {
                    let selected = Some(p.id) == chosen;
                    view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
                }).collect_view();
                let rows = match entries.await {
                    Ok(list) => list.into_iter().map(|e| {
                        let refused = e.outcome == "refused";
                        let lang = i18n.locale();
                        // On the clinic's clock (the service sent it so); UTC on hover, as the server's logs read.
                        let clock = |at: time::OffsetDateTime| format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
                        let when = format!("{} {}", crate::i18n::short_date(e.at.date(), lang), clock(e.at));
                        let utc = e.at.to_offset(time::UtcOffset::UTC);
                        let utc = format!("{}: {} {}", t::staff::TIME_UTC.get(lang), utc.date(), clock(utc));
                        view! {
                        <tr class:row-problem=refused data-action=e.action.clone()>
                            <td><time title=utc>{when}</time></td>
                            <td>{e.staff_name.unwrap_or_else(|| "—".into())}</td>
                            <td>{crate::labels::audit_action(&e.action, lang)}</td>
                            <td>{crate::labels::audit_outcome(&e.outcome, lang)}</td>
                            <td>{e.client}</td>
                            // Exactly what was recorded (ids for tracing), as a reference.
                            <td><code class="reference">{e.detail}</code></td>
                        </tr>
                    }}).collect_view().into_any(),
                    Err(err) => view! { <tr><td colspan="6" role="alert">{err.to_string()}</td></tr> }.into_any(),
                };
                view! {
                    <form method="get" action="/staff/audit" class="inline-form">
                        <label for="patient">{tr(i18n, t::staff::PATIENT)}</label>
                        <select id="patient" name="patient">
                            <option value="">{tr(i18n, t::staff::ALL_LATEST_200)}</option>
                            {options}
                        </select>
                        <button type="submit" class="button button-secondary">{tr(i18n, t::staff::SHOW)}</button>
                    </form>
                    <div class="table-box" tabindex="0"><table class="table" id="audit-log">
                        <thead><tr>
                            <th scope="col">{tr(i18n, t::staff::TIME_CLINIC)}</th>
                            <th scope="col">{tr(i18n, t::staff::WHO)}</th>
                            <th scope="col">{tr(i18n, t::staff::ACTION)}</th>
                            <th scope="col">{tr(i18n, t::staff::OUTCOME)}</th>
                            <th scope="col">{tr(i18n, t::staff::FROM)}</th>
                            <th scope="col">{tr(i18n, t::staff::REFERENCE_RECORDED)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }
            })}
        </Suspense>
    }
}
