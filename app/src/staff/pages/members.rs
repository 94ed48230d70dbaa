use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::fields::{SelectField, TextField};
use crate::components::use_form_echo;
use crate::components::{ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::staff::api::list_staff;

/// `/staff/members` (admins): the clinic's staff, and a form to add one.
#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::staff::STAFF_SVAR)/>
        <StaffFrame>
            <Members/>
        </StaffFrame>
    }
}

#[component]
fn Members() -> impl IntoView {
    let i18n = use_i18n();
    let members = Resource::new(|| (), |_| list_staff());
    let echo = use_form_echo();
    view! {
        <h1>{tr(i18n, t::staff::STAFF)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let notice = echo.notice.clone();
                let list = match members.await {
                    Ok(list) => list
                        .into_iter()
                        .map(|(m, role)| view! {
                            <tr><td>{m.name}</td><td>{m.email.as_str().to_owned()}</td><td>{move || crate::labels::capitalised(role.label().get(i18n.locale()))}</td></tr>
                        })
                        .collect_view()
                        .into_any(),
                    Err(err) => view! { <tr><td colspan="3" role="alert">{err.to_string()}</td></tr> }.into_any(),
                };
                view! {
                    {notice.map(|(da, en)| view! {
                        <p class="notice" role="status">{move || if i18n.locale() == crate::i18n::Locale::Da { da.clone() } else { en.clone() }}</p>
                    })}
                    <div class="table-box" tabindex="0"><table class="table" id="staff-list">
                        <thead><tr>
                            <th scope="col">{tr(i18n, t::staff::NAME)}</th>
                            <th scope="col">{tr(i18n, t::staff::EMAIL)}</th>
                            <th scope="col">{tr(i18n, t::staff::ROLE)}</th>
                        </tr></thead>
                        <tbody>{list}</tbody>
                    </table></div>
                    <h2>{tr(i18n, t::staff::ADD_STAFF_MEMBER)}</h2>
                    <ErrorSummary errors=echo.errors.clone()/>
                    <form method="post" action="/staff/members" class="stack-form" novalidate=true>
                        <TextField name="name" label=t::staff::NAME echo=echo.clone()/>
                        <TextField name="email" label=t::staff::EMAIL kind="email" echo=echo.clone()/>
                        <SelectField name="role" label=t::staff::ROLE echo=echo.clone() options=role_options()/>
                        <TextField name="password" label=t::staff::TEMPORARY_PASSWORD_FIELD kind="password" autocomplete="new-password"/>
                        <button type="submit" class="button">{tr(i18n, t::staff::CREATE)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}

/// The roles a new member may get, clinician first, as staff read them.
fn role_options() -> Vec<(String, String, String)> {
    use crate::i18n::Locale;
    use crate::labels::capitalised;
    [crate::domain::Role::Clinician, crate::domain::Role::Admin]
        .into_iter()
        .map(|r| (r.as_str().to_owned(), capitalised(r.label().get(Locale::Da)), capitalised(r.label().get(Locale::En))))
        .collect()
}
