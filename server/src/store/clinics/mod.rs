//! Clinics and their settings (notification address, time zone, birth-date check).

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::ports::ClinicsStore for SqlStore {
    async fn create_clinic(&self, new: &app::domain::NewClinic, now: time::OffsetDateTime) -> Result<app::domain::Clinic, app::ports::StoreError> {
        let id = app::domain::ClinicId::random();
        sql::INSERT_CLINIC.query().unique("slug").bind(id).bind(new.slug.as_str()).bind(new.name.as_str()).bind(now).execute(&self.db).await?;
        Ok(app::domain::Clinic { id, slug: new.slug.clone(), name: new.name.clone(), created_at: now })
    }

    async fn clinic_by_slug(&self, slug: &app::domain::ClinicSlug) -> Result<Option<app::domain::Clinic>, app::ports::StoreError> {
        sql::CLINIC_BY_SLUG.bind(slug.as_str()).fetch_optional::<rows::ClinicRow>(&self.db).await?.map(app::domain::Clinic::try_from).transpose()
    }

    async fn list_clinics(&self) -> Result<Vec<app::domain::Clinic>, app::ports::StoreError> {
        sql::LIST_CLINICS.query().fetch_all::<rows::ClinicRow>(&self.db).await?.into_iter().map(app::domain::Clinic::try_from).collect()
    }

    async fn clinic_notify_email(&self, clinic_id: app::domain::ClinicId) -> Result<Option<String>, app::ports::StoreError> {
        Ok(sql::CLINIC_NOTIFY_EMAIL.bind(clinic_id).scalar_optional::<Option<String>>(&self.db).await?.flatten())
    }

    async fn set_clinic_notify_email(
        &self,
        clinic_id: app::domain::ClinicId,
        email: Option<&str>,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_CLINIC_NOTIFY_EMAIL.bind(clinic_id).bind(email).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clinic_time_zone(&self, clinic_id: app::domain::ClinicId) -> Result<String, app::ports::StoreError> {
        Ok(sql::CLINIC_TIME_ZONE
            .bind(clinic_id)
            .scalar_optional::<String>(&self.db)
            .await?
            .unwrap_or_else(|| app::schedule::zone::DEFAULT_ZONE.to_owned()))
    }

    async fn set_clinic_time_zone(
        &self,
        clinic_id: app::domain::ClinicId,
        zone: &str,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_CLINIC_TIME_ZONE.bind(clinic_id).bind(zone).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clinic_region(&self, clinic_id: app::domain::ClinicId) -> Result<app::domain::Region, app::ports::StoreError> {
        let stored = sql::CLINIC_REGION.bind(clinic_id).scalar_optional::<String>(&self.db).await?;
        // The column's CHECK allows only known regions; a clinic that is
        // gone has none, and the default is the Capital Region's.
        Ok(stored.as_deref().and_then(app::domain::Region::parse).unwrap_or_default())
    }

    async fn set_clinic_region(
        &self,
        clinic_id: app::domain::ClinicId,
        region: app::domain::Region,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_CLINIC_REGION.bind(clinic_id).bind(region.as_str()).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clinic_sms_sender(&self, clinic_id: app::domain::ClinicId) -> Result<Option<String>, app::ports::StoreError> {
        Ok(sql::CLINIC_SMS_SENDER.bind(clinic_id).fetch_optional::<(Option<String>,)>(&self.db).await?.and_then(|(s,)| s))
    }

    async fn set_clinic_sms_sender(
        &self,
        clinic_id: app::domain::ClinicId,
        sender: &str,
        audit: &app::domain::NewAuditEntry,
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        sql::SET_CLINIC_SMS_SENDER.bind(clinic_id).bind(sender).execute(&mut tx).await?;
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_verify_birth_date(&self, clinic_id: app::domain::ClinicId, on: bool) -> Result<(), app::ports::StoreError> {
        sql::SET_VERIFY_BIRTH_DATE.bind(clinic_id).bind(on).execute(&self.db).await?;
        Ok(())
    }
}
