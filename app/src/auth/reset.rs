//! Password reset by an emailed link: single use, one hour, and the same
//! answer whether or not the account exists.

use time::Duration;

use super::password::hash_password;
use super::service::{audit_account, AuthError};
use super::token::{hash_token, new_token};
use crate::components::escape_html;
use crate::domain::{AuditOutcome, NewPassword, StaffEmail};
use crate::i18n::{t, Locale};
use crate::ports::OutgoingMail;
use crate::state::AppState;

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
            crate::logging::log_failure("password reset request", &err);
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
        crate::logging::log_failure("password reset mail", &err);
        return Err(AuthError::Internal("mail".into()));
    }
    audit_account(state, Some(credentials.staff.id), "password.reset_request", AuditOutcome::Ok, client, "").await;
    Ok(())
}

/// Sets a new password with a reset link's token; the link then stops
/// working and every session of the account ends.
pub async fn reset_password(state: &AppState, token: &str, new: &str, client: &str) -> Result<(), AuthError> {
    // Checked against the link's account before the link is used.
    let account = state.store.password_reset_account(&hash_token(token), state.clock.now()).await?.ok_or(AuthError::InvalidCredentials)?;
    let new = NewPassword::parse_for(new, &[account.email.as_str(), &account.name]).map_err(AuthError::WeakPassword)?;
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
    let hello = t::mail::RESET_HELLO.fill(locale, &[("name", &name)]);
    let (choose, expiry, ignore) = (t::mail::RESET_CHOOSE.get(locale), t::mail::RESET_EXPIRY.get(locale), t::mail::RESET_IGNORE.get(locale));
    let text = format!("{hello}\n\n{choose}\n{link}\n\n{expiry}\n{ignore}\n");
    let (e, link) = (escape_html, escape_html(link));
    let html = format!("<p>{}</p><p>{}</p><p><a href=\"{link}\">{link}</a></p><p>{}<br>{}</p>", e(&hello), e(choose), e(expiry), e(ignore));
    OutgoingMail { to: to.to_owned(), subject: t::mail::RESET_SUBJECT.get(locale).to_owned(), text, html: Some(html) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reset_mail_is_in_the_askers_language_with_the_name_escaped_in_html() {
        let link = "https://svar.example/staff/reset?token=T";
        let mail = reset_mail("a@example.dk", "Ann <&>", link, Locale::Da);
        assert_eq!(mail.subject, "Nulstil din adgangskode til Svar");
        assert_eq!(
            mail.text,
            format!("Hej Ann <&>\n\nBrug linket herunder til at vælge en ny adgangskode:\n{link}\n\nLinket virker én gang og i en time.\nHar du ikke bedt om det, kan du se bort fra denne e-mail.\n")
        );
        assert!(mail.html.unwrap_or_default().starts_with("<p>Hej Ann &lt;&amp;&gt;</p>"));
        assert_eq!(reset_mail("a@example.dk", "Ann", link, Locale::En).subject, "Reset your Svar password");
    }
}
