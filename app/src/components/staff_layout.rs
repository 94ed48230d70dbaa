use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::domain::{Role, StaffInfo};
use crate::error::ApiError;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

/// Who is signed in, where, as what: what the frame shows.
#[server(endpoint = "staff/context")]
pub async fn staff_context() -> Result<StaffInfo, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { Ok(crate::auth::staff_info(&state, &meta).await?) }).await
}

/// The frame of every signed-in staff page: who and where, navigation, and
/// sign-out. The server already sent anyone not signed in to the sign-in
/// page (`server/src/http/staff_guard.rs`); in the browser, a session that
/// ended meanwhile leads there too. The page itself is a sibling of the
/// navigation's suspense, not inside it: nested suspense while streaming
/// proved fragile.
#[component]
pub fn StaffFrame(children: Children) -> impl IntoView {
    let context = Resource::new(|| (), |_| staff_context());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(ctx) if ctx.must_change_password && !on_password_page() => {
                        let path = format!("/staff/password?required=1&next={}", encode_component(&here()));
                        view! { <Redirect path/> }.into_any()
                    }
                    Ok(ctx) => view! { <StaffNav ctx/> }.into_any(),
                    Err(ApiError::NotSignedIn) => view! { <Redirect path="/staff/sign-in"/> }.into_any(),
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <div class="staff-page">{children()}</div>
    }
}

fn on_password_page() -> bool {
    leptos_router::hooks::use_location().pathname.get_untracked() == "/staff/password"
}

/// The page asked for, with its query: where to go on after the password
/// is changed.
fn here() -> String {
    let location = leptos_router::hooks::use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.trim_start_matches('?'))
    }
}

/// `value` as one query-string component (RFC 3986 unreserved characters kept).
pub fn encode_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn StaffNav(ctx: StaffInfo) -> impl IntoView {
    let i18n = use_i18n();
    let admin = ctx.role == Role::Admin;
    let role = tr(i18n, ctx.role.label());
    view! {
        <nav class="staff-nav" aria-label=tr(i18n, t::components::STAFF)>
            <p class="staff-who">
                <strong class="clinic-name">{ctx.clinic_name.clone()}</strong>
                " · "
                <span class="staff-name">{ctx.name.clone()}</span>
                " (" {role} ")"
            </p>
            <ul>
                <li><a href="/staff">{tr(i18n, t::components::OVERVIEW)}</a></li>
                <li><a href="/staff/worklist">{tr(i18n, t::components::WORKLIST)}</a></li>
                <li><a href="/staff/calls">{tr(i18n, t::components::CALL_LIST)}</a></li>
                <li><a href="/staff/patients">{tr(i18n, t::components::PATIENTS)}</a></li>
                <li><a href="/staff/patients/new">{tr(i18n, t::components::ENROL_PATIENT)}</a></li>
                {admin
                    .then(|| {
                        view! {
                            <li><a href="/staff/authoring">{tr(i18n, t::components::QUESTIONNAIRES)}</a></li>
                            <li><a href="/staff/import">{tr(i18n, t::components::IMPORT_CSV)}</a></li>
                            <li><a href="/staff/members">{tr(i18n, t::components::STAFF)}</a></li>
                            <li><a href="/staff/audit">{tr(i18n, t::components::AUDIT_LOG)}</a></li>
                        }
                    })}
                <li><a href="/staff/password">{tr(i18n, t::components::CHANGE_PASSWORD)}</a></li>
                <li>
                    <form method="post" action="/staff/sign-out" class="inline-form">
                        <button type="submit" class="link-button">{tr(i18n, t::components::SIGN_OUT)}</button>
                    </form>
                </li>
            </ul>
        </nav>
    }
}

/// A list of a form's errors at the top, each linking to its field, for
/// keyboard and screen-reader users.
#[component]
pub fn ErrorSummary(errors: Vec<crate::domain::form_error::FieldError>) -> impl IntoView {
    let i18n = use_i18n();
    (!errors.is_empty()).then(|| {
        let items = errors
            .into_iter()
            .map(|e| {
                let message = e.message.clone();
                let text = move || message.in_locale(i18n.locale()).to_owned();
                // A message about the form as a whole (an expired link) has
                // no field to jump to.
                match e.field.is_empty() {
                    true => view! { <li>{text}</li> }.into_any(),
                    false => view! { <li><a href=format!("#{}", e.field)>{text}</a></li> }.into_any(),
                }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{tr(i18n, t::components::PLEASE_CORRECT_FOLLOWING)}</h2>
                <ul>{items}</ul>
            </div>
        }
    })
}
