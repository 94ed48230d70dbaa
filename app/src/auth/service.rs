use std::net::SocketAddr;

use std::sync::OnceLock;

use crate::domain::{PatientId, StaffId};
use crate::i18n::t;
use time::Duration;

use super::password::{hash_password, verify_password};
use super::port::{NewSession, StaffSession};
use super::token::{hash_token, new_token, token_from_headers};
use crate::domain::{AuditOutcome, NewAuditEntry, NewPassword, Role, StaffEmail, StaffInfo};
use crate::ports::StoreError;
use crate::state::AppState;

/// How long a staff session lasts: one working day.
pub const SESSION_LIFETIME: Duration = Duration::hours(10);
/// Failed sign-ins are counted over this window...
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// ...and an account is locked after this many within it,
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// and a client address after this many (for any accounts).
pub const MAX_FAILURES_PER_CLIENT: i64 = 30;

/// Why sign-in failed. The messages shown to users never reveal whether
/// an account exists.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many failed attempts; try again later")]
    Locked,
    #[error("the new password is not acceptable: {0}")]
    WeakPassword(crate::domain::form_error::InvalidValue),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

/// Why a staff request was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("not allowed")]
    Forbidden,
    /// The password was set by an administrator and must be replaced first.
    #[error("the password must be changed first")]
    MustChangePassword,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What handlers know about a request, for sessions and the audit log.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    pub token: Option<String>,
    pub client: String,
}

impl RequestMeta {
    /// `trust_forwarded`: Svar runs behind a reverse proxy that sets
    /// `X-Forwarded-For`; the client is then the address the proxy saw
    /// (the last entry), not the proxy itself.
    pub fn from_parts(headers: &http::HeaderMap, extensions: &http::Extensions, trust_forwarded: bool) -> RequestMeta {
        let forwarded = trust_forwarded
            .then(|| headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
            .map(str::to_owned);
        let client = forwarded.unwrap_or_else(|| {
            extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
        });
        RequestMeta { token: token_from_headers(headers), client }
    }

    /// From the request being handled by a server function or page.
    pub fn current() -> RequestMeta {
        let trust = leptos::prelude::use_context::<AppState>().is_some_and(|s| s.runtime.trust_forwarded_for);
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| RequestMeta::from_parts(&parts.headers, &parts.extensions, trust))
            .unwrap_or(RequestMeta { token: None, client: "unknown".to_owned() })
    }
}

/// A successful sign-in: the cookie token and the session.
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub session: StaffSession,
}

/// A real Argon2 hash of a random password, checked when the account does
/// not exist so that the time taken does not reveal it.
fn dummy_hash() -> String {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let (random, _) = new_token().unwrap_or_default();
            password_auth::generate_hash(random)
        })
        .clone()
}

pub async fn sign_in(state: &AppState, email: &str, password: &str, client: &str) -> Result<SignedIn, AuthError> {
    let now = state.clock.now();
    let since = now - FAILURE_WINDOW;
    let email = StaffEmail::parse(email).ok();
    let account_key = format!("email:{}", email.as_ref().map(StaffEmail::as_str).unwrap_or("-"));
    let client_key = format!("client:{client}");
    let store = &state.store;

    // The attempt counts before the (slow) password check, so a burst of
    // parallel guesses cannot all see a count under the limit.
    store.record_sign_in_failure(std::slice::from_ref(&account_key), now).await?;
    let locked = store.sign_in_failures_since(&account_key, since).await? > MAX_FAILURES_PER_ACCOUNT
        || store.sign_in_failures_since(&client_key, since).await? >= MAX_FAILURES_PER_CLIENT;
    if locked {
        metrics::counter!("svar_sign_in_lockouts_total").increment(1);
        audit_sign_in(state, None, AuditOutcome::Refused, client, "locked").await;
        return Err(AuthError::Locked);
    }

    let credentials = match &email {
        Some(email) => store.staff_credentials(email).await?,
        None => None,
    };
    let hash = match &credentials {
        Some(c) => c.password_hash.clone(),
        None => tokio::task::spawn_blocking(dummy_hash).await.unwrap_or_default(),
    };
    let verified = verify_password(password.to_owned(), hash).await;
    let Some(credentials) = credentials.filter(|_| verified) else {
        store.record_sign_in_failure(std::slice::from_ref(&client_key), now).await?;
        metrics::counter!("svar_sign_in_failures_total").increment(1);
        audit_sign_in(state, None, AuditOutcome::Refused, client, "wrong email or password").await;
        return Err(AuthError::InvalidCredentials);
    };

    // Without a clinic there is nothing to sign in to; say no more than
    // for a wrong password.
    let Some((clinic, _)) = store.memberships(credentials.staff.id).await?.into_iter().next() else {
        audit_sign_in(state, Some(credentials.staff.id), AuditOutcome::Refused, client, "no clinic").await;
        return Err(AuthError::InvalidCredentials);
    };
    store.clear_sign_in_failures(&account_key).await?;
    let (token, token_hash) = new_token().map_err(|e| AuthError::Internal(e.to_string()))?;
    store
        .create_session(&NewSession {
            token_hash: token_hash.clone(),
            staff_id: credentials.staff.id,
            clinic_id: clinic.id,
            created_at: now,
            expires_at: now + SESSION_LIFETIME,
        })
        .await?;
    let session = store.session(&token_hash, now).await?.ok_or(StoreError::NotFound)?;
    audit(state, &session, "sign_in", None, AuditOutcome::Ok, client, "").await;
    Ok(SignedIn { token, session })
}

async fn audit_sign_in(state: &AppState, staff_id: Option<StaffId>, outcome: AuditOutcome, client: &str, detail: &str) {
    audit_account(state, staff_id, "sign_in", outcome, client, detail).await;
}

/// Audits an account action outside any clinic session (sign-in, password
/// reset). A failure to write is logged loudly.
pub(super) async fn audit_account(
    state: &AppState,
    staff_id: Option<StaffId>,
    action: &'static str,
    outcome: AuditOutcome,
    client: &str,
    detail: &str,
) {
    let entry = NewAuditEntry { staff_id, clinic_id: None, patient_id: None, action, outcome, client: client.to_owned(), detail: detail.to_owned() };
    if let Err(err) = state.store.append_audit(&entry, state.clock.now()).await {
        crate::logging::log_failure(&format!("audit entry {action}"), &err);
    }
}

/// The signed-in session of a request, if its cookie names a live one.
pub async fn current_session(state: &AppState, meta: &RequestMeta) -> Result<Option<StaffSession>, StoreError> {
    match &meta.token {
        Some(token) => state.store.session(&hash_token(token), state.clock.now()).await,
        None => Ok(None),
    }
}

/// Who is signed in, where, as what: the staff pages' frame shows it.
pub async fn staff_info(state: &AppState, meta: &RequestMeta) -> Result<StaffInfo, AccessError> {
    let session = current_session(state, meta).await?.ok_or(AccessError::NotSignedIn)?;
    Ok(StaffInfo {
        name: session.staff.name.clone(),
        email: session.staff.email.as_str().to_owned(),
        clinic_name: session.clinic.name.as_str().to_owned(),
        role: session.role,
        must_change_password: session.staff.must_change_password,
    })
}

/// The session, if it exists and has at least `role` (admins may do what
/// clinicians do). A refusal is written to the audit log.
pub async fn require(state: &AppState, meta: &RequestMeta, role: Role, action: &'static str) -> Result<StaffSession, AccessError> {
    let session = current_session(state, meta).await?.ok_or(AccessError::NotSignedIn)?;
    if session.staff.must_change_password {
        return Err(AccessError::MustChangePassword);
    }
    if role == Role::Admin && session.role != Role::Admin {
        audit(state, &session, action, None, AuditOutcome::Refused, &meta.client, "requires admin").await;
        return Err(AccessError::Forbidden);
    }
    Ok(session)
}

/// Appends to the audit log. Reads of patient data propagate a failure
/// (no audit entry, no data); elsewhere it is logged loudly.
pub async fn audit(
    state: &AppState,
    session: &StaffSession,
    action: &'static str,
    patient_id: Option<PatientId>,
    outcome: AuditOutcome,
    client: &str,
    detail: &str,
) {
    if let Err(err) = try_audit(state, session, action, patient_id, outcome, client, detail).await {
        crate::logging::log_failure(&format!("audit entry {action}"), &err);
    }
}

/// Like [`audit`], for callers that must not go on without the entry.
pub async fn try_audit(
    state: &AppState,
    session: &StaffSession,
    action: &'static str,
    patient_id: Option<PatientId>,
    outcome: AuditOutcome,
    client: &str,
    detail: &str,
) -> Result<(), StoreError> {
    let entry = audit_entry(session, action, patient_id, outcome, client, detail);
    state.store.append_audit(&entry, state.clock.now()).await
}

/// The audit entry of something a signed-in member does. A change passes
/// it to the store, which writes it in the change's own transaction.
pub fn audit_entry(
    session: &StaffSession,
    action: &'static str,
    patient_id: Option<PatientId>,
    outcome: AuditOutcome,
    client: &str,
    detail: &str,
) -> NewAuditEntry {
    NewAuditEntry {
        staff_id: Some(session.staff.id),
        clinic_id: Some(session.clinic.id),
        patient_id,
        action,
        outcome,
        client: client.to_owned(),
        detail: detail.to_owned(),
    }
}

pub async fn sign_out(state: &AppState, meta: &RequestMeta) -> Result<(), StoreError> {
    if let Some(token) = &meta.token {
        state.store.delete_session(&hash_token(token)).await?;
    }
    Ok(())
}

/// Replaces the signed-in member's password after checking the current
/// one; every other session of theirs ends.
pub async fn change_password(state: &AppState, meta: &RequestMeta, current: &str, new: &str) -> Result<(), AuthError> {
    let session = current_session(state, meta).await?.ok_or(AuthError::InvalidCredentials)?;
    let credentials = state.store.staff_credentials(&session.staff.email).await?.ok_or(AuthError::InvalidCredentials)?;
    // Guessing the current password from a left-open session is throttled
    // like sign-in.
    let now = state.clock.now();
    let key = format!("password:{}", session.staff.id);
    state.store.record_sign_in_failure(std::slice::from_ref(&key), now).await?;
    if state.store.sign_in_failures_since(&key, now - FAILURE_WINDOW).await? > MAX_FAILURES_PER_ACCOUNT {
        return Err(AuthError::Locked);
    }
    if !verify_password(current.to_owned(), credentials.password_hash).await {
        return Err(AuthError::InvalidCredentials);
    }
    state.store.clear_sign_in_failures(&key).await?;
    if current == new {
        return Err(AuthError::WeakPassword(crate::domain::form_error::InvalidValue::from(t::auth::NEW_PASSWORD_MUST_DIFFER_FROM)));
    }
    let new = NewPassword::parse_for(new, &[session.staff.email.as_str(), &session.staff.name]).map_err(AuthError::WeakPassword)?;
    let hash = hash_password(new.expose().to_owned()).await.map_err(|e| AuthError::Internal(e.to_string()))?;
    state.store.set_password(session.staff.id, &hash, false).await?;
    state.store.expire_password_resets(session.staff.id, now).await?;
    let keep = meta.token.as_deref().map(hash_token);
    state.store.delete_sessions_of(session.staff.id, keep.as_deref()).await?;
    audit(state, &session, "password.change", None, AuditOutcome::Ok, &meta.client, "").await;
    Ok(())
}
