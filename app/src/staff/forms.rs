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

/// `POST /staff/sign-in`: a refusal is the page again with the address
/// kept and one message whether or not the account exists.
pub async fn sign_in(State(state): State<AppState>, parts: Parts, Posted(form): Posted<SignInForm>) -> Response {
    let meta = meta(&state, &parts);
    let refuse = |text, status| {
        let values = BTreeMap::from([("email".to_owned(), form.email.clone())]);
        page_with_echo(
            state.clone(),
            parts.clone(),
            FormEcho { values, errors: vec![FieldError::text("email", text)], ..FormEcho::default() },
            status,
        )
    };
    match auth::sign_in(&state, &form.email, &form.password, &meta.client).await {
        Ok(signed_in) => {
            let next = if signed_in.session.staff.must_change_password { "/staff/password?required=1&next=/staff" } else { "/staff" };
            with_cookie(Redirect::to(next).into_response(), auth::session_cookie(&signed_in.token, state.runtime.secure_cookies))
        }
        Err(auth::AuthError::InvalidCredentials) => refuse(t::staff::WRONG_EMAIL_PASSWORD, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(auth::AuthError::Locked) => refuse(t::staff::TOO_MANY_ATTEMPTS_WAIT_15_2, StatusCode::TOO_MANY_REQUESTS).await,
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

/// `POST /staff/password`: a refusal is the page again with what was
/// wrong beside its field (never the passwords) and the way on kept.
pub async fn change_password(State(state): State<AppState>, parts: Parts, Posted(form): Posted<PasswordForm>) -> Response {
    let meta = meta(&state, &parts);
    let refuse = |error: FieldError, status| {
        // A refusal keeps the way on (and the reason the page was shown).
        let values = match crate::staff::safe_next(&form.next) {
            true => BTreeMap::from([("next".to_owned(), form.next.clone()), ("required".to_owned(), "1".to_owned())]),
            false => BTreeMap::new(),
        };
        page_with_echo(state.clone(), parts.clone(), FormEcho { values, errors: vec![error], ..FormEcho::default() }, status)
    };
    if form.new != form.repeat {
        return refuse(FieldError::text("repeat", t::staff::TWO_NEW_PASSWORDS_DIFFER), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match auth::change_password(&state, &meta, &form.current, &form.new).await {
        Ok(()) if crate::staff::safe_next(&form.next) => Redirect::to(&form.next).into_response(),
        Ok(()) => Redirect::to("/staff/password?changed=1").into_response(),
        Err(auth::AuthError::InvalidCredentials) if meta.token.is_none() => Redirect::to("/staff/sign-in").into_response(),
        Err(auth::AuthError::InvalidCredentials) => {
            refuse(FieldError::text("current", t::staff::CURRENT_PASSWORD_WRONG), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(auth::AuthError::WeakPassword(why)) => refuse(why.at("new"), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(auth::AuthError::Locked) => {
            refuse(FieldError::text("current", t::staff::TOO_MANY_ATTEMPTS_WAIT_15_2), StatusCode::TOO_MANY_REQUESTS).await
        }
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

/// `POST /staff/reset`: a refusal is the page again, still holding the
/// link's token (a weak password does not use the link up).
pub async fn reset_password(State(state): State<AppState>, parts: Parts, Posted(form): Posted<ResetForm>) -> Response {
    let meta = meta(&state, &parts);
    let again = |error: FieldError| {
        let token: String = form.token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(64).collect();
        let values = BTreeMap::from([("token".to_owned(), token)]);
        page_with_echo(
            state.clone(),
            parts.clone(),
            FormEcho { values, errors: vec![error], ..FormEcho::default() },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    if form.new != form.repeat {
        return again(FieldError::text("repeat", t::staff::TWO_PASSWORDS_DIFFER)).await;
    }
    match auth::reset_password(&state, &form.token, &form.new, &meta.client).await {
        Ok(()) => Redirect::to("/staff/sign-in?reset=1").into_response(),
        Err(auth::AuthError::WeakPassword(why)) => again(why.at("new")).await,
        // The link, not a field: the page offers a new one beside it.
        Err(auth::AuthError::InvalidCredentials) => again(FieldError::text("", t::staff::LINK_HAS_EXPIRED_WAS_ALREADY)).await,
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
