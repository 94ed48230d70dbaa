//! The demo clinic `make run` starts with, so a newcomer sees Svar working
//! without any set-up. Seeding is idempotent.

use app::domain::{ClinicName, ClinicSlug, NewClinic};
use app::ports::{Clock, Store, StoreError};

pub const DEMO_CLINIC_SLUG: &str = "demo-ent";
pub const DEMO_CLINIC_NAME: &str = "Demo øre-næse-hals-klinik";

pub async fn demo(store: &dyn Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let slug = ClinicSlug::parse(DEMO_CLINIC_SLUG)?;
    if store.clinic_by_slug(&slug).await?.is_some() {
        return Ok(());
    }
    let new = NewClinic { slug, name: ClinicName::parse(DEMO_CLINIC_NAME)? };
    match store.create_clinic(&new, clock.now()).await {
        // Another replica seeded it at the same moment.
        Ok(_) | Err(StoreError::Conflict { .. }) => {}
        Err(err) => return Err(err.into()),
    }
    tracing::info!(clinic = DEMO_CLINIC_SLUG, "seeded the demo clinic");
    Ok(())
}
