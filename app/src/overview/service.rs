//! The plain functions behind the clinic overview: counts beside the other
//! clinics', and where urgent entries are notified.

use super::comparison::{compare_counts, compare_scores};
use super::months::score_months;
use super::types::Overview;
use crate::auth::{require, RequestMeta};
use crate::domain::AuditOutcome;
use crate::error::ApiError;
use crate::staff::Role;
use crate::state::AppState;

/// Response rates, flagged shares and scores, the clinic beside the other
/// clinics: only what [`super::comparison`] lets through of theirs.
pub async fn overview(state: &AppState, meta: &RequestMeta) -> Result<Overview, ApiError> {
    let session = require(state, meta, Role::Clinician, "overview.view").await?;
    let viewer = session.clinic.id;
    let admin = session.role == Role::Admin;
    let notify_email = if admin { state.store.clinic_notify_email(viewer).await? } else { None };
    let clinic_zone = state.store.clinic_time_zone(viewer).await?;
    // Months of the clinic's calendar, for the other clinics' responses too.
    let zone = crate::schedule::zone::zone(&clinic_zone);
    Ok(Overview {
        clinic: state.store.overview(Some(viewer)).await?.into_iter().map(|(_, row)| row).collect(),
        installation: compare_counts(&state.store.overview(None).await?, viewer),
        clinic_scores: score_months(&state.store.score_sums(Some(viewer)).await?, zone),
        installation_scores: compare_scores(&state.store.score_sums(None).await?, viewer, zone),
        admin,
        notify_email,
        time_zone: if admin { clinic_zone } else { String::new() },
        region: state.store.clinic_region(viewer).await?,
        sms_sender: state.store.clinic_sms_sender(viewer).await?.unwrap_or_else(|| crate::schedule::sms::DEFAULT_SENDER.to_owned()),
        labels: crate::patients::service::labels(state, viewer).await?,
    })
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

/// Sets the clinic's region (a value of `Region::as_str`). Admins only.
/// Receipts from now on give its out-of-hours number.
pub async fn set_region(state: &AppState, meta: &RequestMeta, value: &str) -> Result<Result<(), ()>, ApiError> {
    let session = require(state, meta, Role::Admin, "clinic.region").await?;
    let Some(region) = crate::domain::Region::parse(value) else { return Ok(Err(())) };
    let entry = crate::auth::audit_entry(&session, "clinic.region", None, AuditOutcome::Ok, &meta.client, region.as_str());
    state.store.set_clinic_region(session.clinic.id, region, &entry, state.clock.now()).await?;
    Ok(Ok(()))
}

/// Sets the sender name on the clinic's SMS: 1–11 letters and digits
/// (what phones show as the sender). Admins only.
pub async fn set_sms_sender(state: &AppState, meta: &RequestMeta, value: &str) -> Result<Result<(), ()>, ApiError> {
    let session = require(state, meta, Role::Admin, "clinic.sms_sender").await?;
    let value = value.trim();
    if !crate::schedule::sms_text::sender_name_valid(value) {
        return Ok(Err(()));
    }
    let entry = crate::auth::audit_entry(&session, "clinic.sms_sender", None, AuditOutcome::Ok, &meta.client, value);
    state.store.set_clinic_sms_sender(session.clinic.id, value, &entry, state.clock.now()).await?;
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
