//! Password reset by an emailed link: single use, one hour, and the same
//! answer whether or not the account exists.

use time::Duration;

use super::password::hash_password;
use super::service::{audit_account, AuthError};
use super::token::{hash_token, new_token};
use crate::domain::AuditOutcome;
use crate::i18n::Locale;
use crate::ports::{AppState, OutgoingMail};
use crate::staff::{NewPassword, StaffEmail};

/// How long a reset link works.
pub const RESET_LIFETIME: Duration = Duration::hours(1);
/// At most this many reset mails per account (and per client) an hour.
pub const MAX_RESETS_PER_HOUR: i64 = 3;

/// Sends a reset link if the account exists. Returns at once, the same
/// way whether or not the account exists: the lookup and the mail happen
/// in the background, so neither timing nor a mail failure tells the
/// asker anything.
pub fn request_password_reset(state: &AppState, email: &str, client: &str, locale: Locale) {
    let (state, email, client) = (state.clone(), email.to_owned(), client.to_owned());
    tokio::spawn(async move {
        if let Err(err) = send_reset_link(&state, &email, &client, locale).await {
            tracing::error!(error = %err, "password reset request failed");
        }
    });
}

/// The work behind [`request_password_reset`]; tests await it directly.
pub async fn send_reset_link(state: &AppState, email: &str, client: &str, locale: Locale) -> Result<(), AuthError> {
    let Ok(email) = StaffEmail::parse(email) else { return Ok(()) };
    let now = state.clock.now();
    let account_key = format!("reset:{}", email.as_str());
    let client_key = format!("reset-client:{client}");
    let since = now - Duration::hours(1);
    let store = &state.store;
    // Count this request before checking, so parallel requests cannot all
    // slip under the limit.
    store.record_sign_in_failure(&[account_key.clone(), client_key.clone()], now).await?;
    if store.sign_in_failures_since(&account_key, since).await? > MAX_RESETS_PER_HOUR
        || store.sign_in_failures_since(&client_key, since).await? > MAX_RESETS_PER_HOUR * 10
    {
        return Ok(());
    }
    let Some(credentials) = store.staff_credentials(&email).await? else { return Ok(()) };

    let (token, token_hash) = new_token().map_err(|e| AuthError::Internal(e.to_string()))?;
    store.create_password_reset(&token_hash, credentials.staff.id, now, now + RESET_LIFETIME).await?;
    let link = format!("{}/staff/reset?token={token}", state.public_url);
    let mail = reset_mail(email.as_str(), &credentials.staff.name, &link, locale);
    if let Err(err) = state.mailer.send(&mail).await {
        tracing::error!(error = %err, "password reset mail failed");
        return Err(AuthError::Internal("mail".into()));
    }
    audit_account(state, Some(credentials.staff.id), "password.reset_request", AuditOutcome::Ok, client, "").await;
    Ok(())
}

/// Sets a new password with a reset link's token; the link then stops
/// working and every session of the account ends.
pub async fn reset_password(state: &AppState, token: &str, new: &str, client: &str) -> Result<(), AuthError> {
    let new = NewPassword::parse(new).map_err(AuthError::WeakPassword)?;
    // Hash first: a failure here must not use up the link.
    let hash = hash_password(new.expose().to_owned()).await.map_err(|e| AuthError::Internal(e.to_string()))?;
    let now = state.clock.now();
    let staff_id = state.store.use_password_reset(&hash_token(token), now).await?.ok_or(AuthError::InvalidCredentials)?;
    state.store.set_password(staff_id, &hash, false).await?;
    // Any other link sent earlier stops working too.
    state.store.expire_password_resets(staff_id, now).await?;
    state.store.delete_sessions_of(staff_id, None).await?;
    audit_account(state, Some(staff_id), "password.reset", AuditOutcome::Ok, client, "").await;
    Ok(())
}

fn reset_mail(to: &str, name: &str, link: &str, locale: Locale) -> OutgoingMail {
    let (subject, greeting, body, expiry, ignore) = match locale {
        Locale::Da => (
            "Nulstil din adgangskode til Svar",
            "Hej",
            "Brug linket herunder til at vælge en ny adgangskode:",
            "Linket virker én gang og i en time.",
            "Har du ikke bedt om det, kan du se bort fra denne e-mail.",
        ),
        Locale::En => (
            "Reset your Svar password",
            "Hello",
            "Use the link below to choose a new password:",
            "The link works once, for one hour.",
            "If you did not ask for this, you can ignore this email.",
        ),
    };
    let text = format!("{greeting} {name}\n\n{body}\n{link}\n\n{expiry}\n{ignore}\n");
    let html = format!("<p>{greeting} {}</p><p>{body}</p><p><a href=\"{link}\">{link}</a></p><p>{expiry}<br>{ignore}</p>", escape(name));
    OutgoingMail { to: to.to_owned(), subject: subject.to_owned(), text, html: Some(html) }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
