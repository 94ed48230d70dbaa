//! The staff account forms (sign-in and out, passwords, resets, members):
//! each is a plain form post answered with a redirect (or the page again
//! with the problems). The work is done by `crate::auth` and the store.

use std::collections::BTreeMap;

use super::port::NewStaff;
use crate::auth::{self};
use crate::components::FormEcho;
use crate::domain::form_error::FieldError;
use crate::domain::AuditOutcome;
use crate::form_input::Posted;
use crate::i18n::t;
use crate::ports::StoreError;
use crate::staff::{NewPassword, Role, StaffEmail};
use crate::state::AppState;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::form_response::{access_refused as refused, meta, page_with_echo, unavailable, with_cookie};

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /staff/sign-in`
pub async fn sign_in(State(state): State<AppState>, parts: Parts, Posted(form): Posted<SignInForm>) -> Response {
    let meta = meta(&state, &parts);
    match auth::sign_in(&state, &form.email, &form.password, &meta.client).await {
        Ok(signed_in) => {
            let next = if signed_in.session.staff.must_change_password { "/staff/password?required=1&next=/staff" } else { "/staff" };
            with_cookie(Redirect::to(next).into_response(), auth::session_cookie(&signed_in.token, state.runtime.secure_cookies))
        }
        Err(auth::AuthError::InvalidCredentials) => Redirect::to("/staff/sign-in?error=invalid").into_response(),
        Err(auth::AuthError::Locked) => Redirect::to("/staff/sign-in?error=locked").into_response(),
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/sign-out`
pub async fn sign_out(State(state): State<AppState>, parts: Parts) -> Response {
    if let Err(err) = auth::sign_out(&state, &meta(&state, &parts)).await {
        return unavailable(err);
    }
    with_cookie(Redirect::to("/staff/sign-in?signed_out=1").into_response(), auth::clear_session_cookie())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
    /// Where the user was going when sent to change the password.
    #[serde(default)]
    next: String,
}

/// `POST /staff/password`
pub async fn change_password(State(state): State<AppState>, parts: Parts, Posted(form): Posted<PasswordForm>) -> Response {
    let meta = meta(&state, &parts);
    // A refusal keeps the way on (and the reason the page was shown).
    let on = if crate::staff::safe_next(&form.next) {
        format!("&required=1&next={}", crate::components::encode_component(&form.next))
    } else {
        String::new()
    };
    if form.new != form.repeat {
        return Redirect::to(&format!("/staff/password?error=repeat{on}")).into_response();
    }
    match auth::change_password(&state, &meta, &form.current, &form.new).await {
        Ok(()) if crate::staff::safe_next(&form.next) => Redirect::to(&form.next).into_response(),
        Ok(()) => Redirect::to("/staff/password?changed=1").into_response(),
        Err(auth::AuthError::InvalidCredentials) if meta.token.is_none() => Redirect::to("/staff/sign-in").into_response(),
        Err(auth::AuthError::InvalidCredentials) => Redirect::to(&format!("/staff/password?error=current{on}")).into_response(),
        Err(auth::AuthError::WeakPassword(why)) => {
            Redirect::to(&format!("/staff/password?error={}{on}", crate::domain::staff::password_refusal(&why))).into_response()
        }
        Err(auth::AuthError::Locked) => Redirect::to(&format!("/staff/password?error=locked{on}")).into_response(),
        Err(err) => unavailable(err),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// `POST /staff/members` (admins): a new staff member in this clinic. An
/// email that already has an account (in any clinic) is refused; adding
/// existing accounts to a second clinic is done with `svar create-staff`.
pub async fn add_member(State(state): State<AppState>, parts: Parts, Posted(form): Posted<MemberForm>) -> Response {
    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Admin, "staff.create").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let mut errors = Vec::new();
    // Checked as a patient's name is: a line break or control character
    // would reach the mails that name the account.
    let name = crate::domain::PersonName::parse(&form.name).map_err(|e| errors.push(e.at("name"))).ok();
    // One message for every kind of bad address or password, as this form
    // has always said.
    let email = StaffEmail::parse(&form.email).map_err(|_| errors.push(FieldError::text("email", t::staff::ENTER_VALID_EMAIL_ADDRESS))).ok();
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push(FieldError::text("role", t::staff::CHOOSE_ROLE));
    }
    // Too short or too long: the form's one message; otherwise why.
    let password = NewPassword::parse_for(&form.password, &[form.email.trim(), form.name.trim()])
        .map_err(|e| match form.password.chars().count() {
            n if !(NewPassword::MIN_CHARS..=NewPassword::MAX_CHARS).contains(&n) => {
                errors.push(FieldError::text("password", t::staff::PASSWORD_LENGTH))
            }
            _ => errors.push(e.at("password")),
        })
        .ok();
    let values =
        BTreeMap::from([("name".to_owned(), form.name.clone()), ("email".to_owned(), form.email.clone()), ("role".to_owned(), form.role.clone())]);
    let (Some(name), Some(email), Some(role), Some(password), true) = (name, email, role, password, errors.is_empty()) else {
        let echo = FormEcho { values, errors, ..FormEcho::default() };
        return page_with_echo(state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let hash = match auth::hash_password(password.expose().to_owned()).await {
        Ok(hash) => hash,
        Err(err) => return unavailable(err),
    };
    let new = NewStaff { email: email.clone(), name, password_hash: hash, must_change_password: true };
    // The store names the new account in the entry's detail.
    let entry = auth::audit_entry(&session, "staff.create", None, AuditOutcome::Ok, &meta.client, "");
    let name = match state.store.create_staff_in_clinic(&new, session.clinic.id, role, state.clock.now(), &entry).await {
        Ok(staff) => staff.name,
        Err(StoreError::Conflict { .. }) => {
            // The address has an account. In this clinic the admin sees its
            // members anyway; in another, the answer is the one any new
            // address gets (no clinic learns who works at another), and the
            // address's owner is told by mail instead.
            let here = match state.store.clinic_staff(session.clinic.id).await {
                Ok(members) => members.iter().any(|(m, _)| m.email == email),
                Err(err) => return unavailable(err),
            };
            if here {
                let errors = vec![FieldError::text("email", t::staff::ACCOUNT_EMAIL_ALREADY_EXISTS)];
                let echo = FormEcho { values, errors, ..FormEcho::default() };
                return page_with_echo(state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
            let mail = existing_account_mail(email.as_str(), session.clinic.name.as_str());
            // Sent in the background: waiting for the mail server here
            // would make this answer slower than a new address's.
            let mailer = state.mailer.clone();
            tokio::spawn(async move {
                if let Err(err) = mailer.send(&mail).await {
                    crate::logging::log_failure("existing-account mail", &err);
                }
            });
            auth::try_audit(&state, &session, "staff.create", None, AuditOutcome::Refused, &meta.client, "address has an account elsewhere")
                .await
                .ok();
            new.name.as_str().to_owned()
        }
        Err(err) => return unavailable(err),
    };
    let created = |locale| t::staff::CREATED_AS.fill(locale, &[("name", &name), ("role", &role.label().get(locale))]);
    let notice = (created(crate::i18n::Locale::Da), created(crate::i18n::Locale::En));
    page_with_echo(state, parts, FormEcho { notice: Some(notice), ..FormEcho::default() }, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// `POST /staff/forgot`: the same answer whether or not the account exists.
pub async fn forgot_password(State(state): State<AppState>, parts: Parts, Posted(form): Posted<ForgotForm>) -> Response {
    let meta = meta(&state, &parts);
    let locale = crate::i18n::locale_from_headers(&parts.headers);
    auth::request_password_reset(&state, &form.email, &meta.client, locale);
    Redirect::to("/staff/forgot?sent=1").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    new: String,
    repeat: String,
}

/// `POST /staff/reset`
pub async fn reset_password(State(state): State<AppState>, parts: Parts, Posted(form): Posted<ResetForm>) -> Response {
    let meta = meta(&state, &parts);
    let again = |error: &str| {
        let token: String = form.token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(64).collect();
        Redirect::to(&format!("/staff/reset?token={token}&error={error}")).into_response()
    };
    if form.new != form.repeat {
        return again("repeat");
    }
    match auth::reset_password(&state, &form.token, &form.new, &meta.client).await {
        Ok(()) => Redirect::to("/staff/sign-in?reset=1").into_response(),
        Err(auth::AuthError::WeakPassword(why)) => again(crate::domain::staff::password_refusal(&why)),
        Err(auth::AuthError::InvalidCredentials) => again("invalid"),
        Err(err) => unavailable(err),
    }
}

/// The staff account form posts.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/staff/sign-in", post(sign_in))
        .route("/staff/sign-out", post(sign_out))
        .route("/staff/password", post(change_password))
        .route("/staff/forgot", post(forgot_password))
        .route("/staff/reset", post(reset_password))
        .route("/staff/members", post(add_member))
}

/// To the owner of an address an admin of another clinic tried to add: in
/// Danish and in English (the account's language is not known here).
fn existing_account_mail(to: &str, clinic: &str) -> crate::ports::OutgoingMail {
    use crate::i18n::Locale;
    let subject_in = |locale| t::mail::EXISTING_ACCOUNT_SUBJECT.fill(locale, &[("clinic", &clinic)]);
    let subject = format!("{} / {}", subject_in(Locale::Da), subject_in(Locale::En));
    let body = |locale| t::mail::EXISTING_ACCOUNT_BODY.fill(locale, &[("clinic", &clinic)]);
    let text = format!("{}\n\n{}\n", body(Locale::Da), body(Locale::En));
    let e = crate::components::escape_html;
    let html = format!("<p>{}</p><p>{}</p>", e(&body(Locale::Da)), e(&body(Locale::En)));
    crate::ports::OutgoingMail { to: to.to_owned(), subject, text, html: Some(html) }
}
