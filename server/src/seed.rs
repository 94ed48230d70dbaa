//! The demo installation `make run` starts with: two clinics (so that the
//! separation between clinics can be seen) and their staff. Seeding is
//! idempotent. In development the demo staff get fresh passwords at every
//! start, printed once to the terminal (never to the log); a fixed one can
//! be given in `SVAR_DEMO_PASSWORD` (the browser tests do).

use app::auth::hash_password;
use app::domain::{ClinicName, ClinicSlug, NewClinic};
use app::ports::{Clock, StoreError};
use app::staff::port::NewStaff;
use app::staff::{Role, StaffEmail};
use app::store::Store;

pub const DEMO_CLINIC_SLUG: &str = "demo-ent";
pub const DEMO_CLINIC_NAME: &str = "Demo øre-næse-hals-klinik";
pub const OTHER_CLINIC_SLUG: &str = "demo-heart";
pub const OTHER_CLINIC_NAME: &str = "Demo hjerteklinik";

/// (clinic slug, email, name, role)
pub const DEMO_STAFF: [(&str, &str, &str, Role); 3] = [
    (DEMO_CLINIC_SLUG, "admin@demo-ent.example", "Anne Andersen", Role::Admin),
    (DEMO_CLINIC_SLUG, "clinician@demo-ent.example", "Carl Christensen", Role::Clinician),
    (OTHER_CLINIC_SLUG, "clinician@demo-heart.example", "Hanne Hansen", Role::Clinician),
];

/// Creates the demo clinics; with `staff_password` also the demo staff,
/// setting their password to it.
pub async fn demo(store: &dyn Store, clock: &dyn Clock, staff_password: Option<&str>) -> anyhow::Result<()> {
    for (slug, name) in [(DEMO_CLINIC_SLUG, DEMO_CLINIC_NAME), (OTHER_CLINIC_SLUG, OTHER_CLINIC_NAME)] {
        ensure_clinic(store, clock, slug, name).await?;
    }
    // The heart clinic shows the optional second factor on personal links.
    if let Some(heart) = store.clinic_by_slug(&ClinicSlug::parse(OTHER_CLINIC_SLUG)?).await? {
        store.set_verify_birth_date(heart.id, true).await?;
    }
    let Some(password) = staff_password else { return Ok(()) };
    let hash = hash_password(password.to_owned()).await?;
    for (slug, email, name, role) in DEMO_STAFF {
        let clinic = store.clinic_by_slug(&ClinicSlug::parse(slug)?).await?.ok_or_else(|| anyhow::anyhow!("demo clinic {slug} missing"))?;
        let email = StaffEmail::parse(email)?;
        let staff = match store.staff_credentials(&email).await? {
            Some(existing) => {
                store.set_password(existing.staff.id, &hash, false).await?;
                existing.staff
            }
            None => {
                let new = NewStaff { email, name: app::domain::PersonName::parse(name)?, password_hash: hash.clone(), must_change_password: false };
                store.create_staff(&new, clock.now()).await?
            }
        };
        store.set_membership(staff.id, clinic.id, role).await?;
    }
    Ok(())
}

async fn ensure_clinic(store: &dyn Store, clock: &dyn Clock, slug: &str, name: &str) -> anyhow::Result<()> {
    let slug = ClinicSlug::parse(slug)?;
    if store.clinic_by_slug(&slug).await?.is_some() {
        return Ok(());
    }
    let new = NewClinic { slug, name: ClinicName::parse(name)? };
    match store.create_clinic(&new, clock.now()).await {
        // Another replica seeded it at the same moment.
        Ok(_) | Err(StoreError::Conflict { .. }) => {}
        Err(err) => return Err(err.into()),
    }
    tracing::info!(clinic = new.slug.as_str(), "seeded a demo clinic");
    Ok(())
}

/// A random password for a new account, readable enough to type.
pub fn random_password() -> anyhow::Result<String> {
    let (token, _) = app::auth::new_token()?;
    Ok(token.chars().take(20).collect())
}
