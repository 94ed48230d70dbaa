use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::StaffFrame;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::list_patients;

/// `/staff/patients`: the clinic's patients.
#[component]
pub fn PatientsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::patients::PATIENTS_SVAR)/>
        <StaffFrame>
            <PatientList/>
        </StaffFrame>
    }
}

#[component]
fn PatientList() -> impl IntoView {
    let i18n = use_i18n();
    let patients = Resource::new(|| (), |_| list_patients());
    view! {
        <h1>{tr(i18n, t::patients::PATIENTS)}</h1>
        <p><a class="button" href="/staff/patients/new">{tr(i18n, t::patients::ENROL_PATIENT)}</a></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match patients.await {
                    Ok(list) if list.is_empty() => view! {
                        <p>{tr(i18n, t::patients::NO_PATIENTS_YET)}</p>
                    }.into_any(),
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|p| {
                                let href = format!("/staff/patients/{}", p.id);
                                view! {
                                    <tr>
                                        <td><a href=href>{p.name}</a></td>
                                        <td>{p.date_of_birth.to_string()}</td>
                                        <td>{p.active_enrolments}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-box" tabindex="0"><table class="table" id="patient-list">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(i18n, t::patients::NAME)}</th>
                                        <th scope="col">{tr(i18n, t::patients::DATE_BIRTH)}</th>
                                        <th scope="col">{tr(i18n, t::patients::ACTIVE_PATHWAYS)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table></div>
                        }.into_any()
                    }
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
