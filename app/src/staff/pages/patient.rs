use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::i18n::{tr, use_i18n};
use crate::staff::api::{get_patient, ApiError};
use crate::staff::layout::StaffFrame;

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

#[component]
fn PatientDetailView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| Uuid::parse_str(&id).ok());
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_patient(id).await,
            None => Err(ApiError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let respondents = d.respondents.iter().map(|r| view! {
                            <tr><td>{r.name.clone()}</td><td>{r.relation.clone()}</td><td>{r.email.clone()}</td><td>{r.language.clone()}</td></tr>
                        }).collect_view();
                        let enrolments = d.enrolments.iter().map(|e| view! {
                            <tr><td>{e.pathway_id.clone()}</td><td>{e.index_date.to_string()}</td><td>{e.status.as_str()}</td></tr>
                        }).collect_view();
                        view! {
                            <h1>{d.patient.name.clone()}</h1>
                            <dl class="facts">
                                <dt>{tr(i18n, "Fødselsdato", "Date of birth")}</dt><dd>{d.patient.date_of_birth.to_string()}</dd>
                                <dt>{tr(i18n, "CPR / id", "National id")}</dt><dd>{d.patient.national_id.clone().unwrap_or_else(|| "—".into())}</dd>
                                <dt>{tr(i18n, "E-mail", "Email")}</dt><dd>{d.patient.email.clone().unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                            <h2>{tr(i18n, "Hvem svarer", "Who answers")}</h2>
                            <table class="table" id="respondents">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, "Navn", "Name")}</th>
                                    <th scope="col">{tr(i18n, "Relation", "Relation")}</th>
                                    <th scope="col">{tr(i18n, "E-mail", "Email")}</th>
                                    <th scope="col">{tr(i18n, "Sprog", "Language")}</th>
                                </tr></thead>
                                <tbody>{respondents}</tbody>
                            </table>
                            <h2>{tr(i18n, "Forløb", "Pathways")}</h2>
                            <table class="table" id="enrolments">
                                <thead><tr>
                                    <th scope="col">{tr(i18n, "Forløb", "Pathway")}</th>
                                    <th scope="col">{tr(i18n, "Indeksdato", "Index date")}</th>
                                    <th scope="col">{tr(i18n, "Status", "Status")}</th>
                                </tr></thead>
                                <tbody>{enrolments}</tbody>
                            </table>
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
