//! The plain functions behind the clinic overview: counts beside the whole
//! installation, and where urgent entries are notified.

use super::months::score_months;
use super::types::Overview;
use crate::auth::{require, RequestMeta};
use crate::domain::AuditOutcome;
use crate::error::ApiError;
use crate::staff::Role;
use crate::state::AppState;

/// Response rates and flagged shares, the clinic beside the installation.
pub async fn overview(state: &AppState, meta: &RequestMeta) -> Result<Overview, ApiError> {
    let session = require(state, meta, Role::Clinician, "overview.view").await?;
    let admin = session.role == Role::Admin;
    let notify_email = if admin { state.store.clinic_notify_email(session.clinic.id).await? } else { None };
    let clinic_zone = state.store.clinic_time_zone(session.clinic.id).await?;
    // Months of the clinic's calendar, for every clinic's responses too.
    let zone = crate::schedule::zone::zone(&clinic_zone);
    let other_clinics = state.store.list_clinics().await?.len().saturating_sub(1);
    let mut overview = Overview {
        clinic: state.store.overview(Some(session.clinic.id)).await?,
        installation: state.store.overview(None).await?,
        clinic_scores: score_months(&state.store.score_sums(Some(session.clinic.id)).await?, zone),
        installation_scores: score_months(&state.store.score_sums(None).await?, zone),
        admin,
        notify_email,
        time_zone: if admin { clinic_zone } else { String::new() },
        comparison: false,
        labels: crate::patients::service::labels(state, session.clinic.id).await?,
    };
    overview.suppress_small_comparisons(other_clinics);
    Ok(overview)
}

/// Sets (or, empty, clears) the clinic's notification address. Admins only.
pub async fn set_notify_email(state: &AppState, meta: &RequestMeta, email: &str) -> Result<Result<(), ()>, ApiError> {
    let session = require(state, meta, Role::Admin, "clinic.notify").await?;
    let email = email.trim();
    let value = if email.is_empty() {
        None
    } else {
        match crate::domain::email::Email::parse(email) {
            Ok(address) => Some(address.as_str().to_owned()),
            Err(_) => return Ok(Err(())),
        }
    };
    let entry =
        crate::auth::audit_entry(&session, "clinic.notify", None, AuditOutcome::Ok, &meta.client, if value.is_some() { "set" } else { "cleared" });
    state.store.set_clinic_notify_email(session.clinic.id, value.as_deref(), &entry, state.clock.now()).await?;
    Ok(Ok(()))
}

/// Sets the clinic's time zone to an IANA name (`Europe/Copenhagen`).
/// Admins only. New plans use it; invitations already planned keep their
/// times until their enrolment is planned again.
pub async fn set_time_zone(state: &AppState, meta: &RequestMeta, name: &str) -> Result<Result<(), ()>, ApiError> {
    let session = require(state, meta, Role::Admin, "clinic.time_zone").await?;
    let Some(zone) = crate::schedule::zone::known_zone(name) else { return Ok(Err(())) };
    let entry = crate::auth::audit_entry(&session, "clinic.time_zone", None, AuditOutcome::Ok, &meta.client, zone);
    state.store.set_clinic_time_zone(session.clinic.id, zone, &entry, state.clock.now()).await?;
    Ok(Ok(()))
}
