//! Staff accounts and their roles in a clinic.

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::staff::port::StaffStore for SqlStore {
    async fn create_staff(
        &self,
        new: &app::staff::port::NewStaff,
        now: time::OffsetDateTime,
    ) -> Result<app::staff::StaffMember, app::ports::StoreError> {
        let id = insert_staff(&self.db, new, now).await?;
        Ok(app::staff::StaffMember {
            id,
            email: new.email.clone(),
            name: new.name.as_str().to_owned(),
            must_change_password: new.must_change_password,
        })
    }

    async fn set_membership(
        &self,
        staff_id: app::domain::StaffId,
        clinic_id: app::domain::ClinicId,
        role: app::staff::Role,
    ) -> Result<(), app::ports::StoreError> {
        sql::UPSERT_MEMBERSHIP.bind(staff_id).bind(clinic_id).bind(role.as_str()).execute(&self.db).await?;
        Ok(())
    }

    async fn clinic_staff(
        &self,
        clinic_id: app::domain::ClinicId,
    ) -> Result<Vec<(app::staff::StaffMember, app::staff::Role)>, app::ports::StoreError> {
        sql::CLINIC_STAFF
            .bind(clinic_id)
            .fetch_all::<rows::StaffRoleRow>(&self.db)
            .await?
            .into_iter()
            .map(|r| Ok((r.staff.try_into()?, crate::store::auth::rows::role(&r.role)?)))
            .collect()
    }

    async fn create_staff_in_clinic(
        &self,
        new: &app::staff::port::NewStaff,
        clinic_id: app::domain::ClinicId,
        role: app::staff::Role,
        now: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<app::staff::StaffMember, app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let id = insert_staff(&mut tx, new, now).await?;
        sql::UPSERT_MEMBERSHIP.bind(id).bind(clinic_id).bind(role.as_str()).execute(&mut tx).await?;
        let detail = format!("staff {id} as {}", role.as_str());
        crate::store::audit::insert_audit(&mut tx, audit, None, Some(&detail), now).await?;
        tx.commit().await?;
        Ok(app::staff::StaffMember {
            id,
            email: new.email.clone(),
            name: new.name.as_str().to_owned(),
            must_change_password: new.must_change_password,
        })
    }
}

/// A new account (an address already taken is a conflict on `email`).
async fn insert_staff<'e>(
    on: impl Into<crate::store::db::Exec<'e>>,
    new: &app::staff::port::NewStaff,
    now: time::OffsetDateTime,
) -> Result<app::domain::StaffId, app::ports::StoreError> {
    let id = app::domain::StaffId::random();
    sql::INSERT_STAFF
        .query()
        .unique("email")
        .bind(id)
        .bind(new.email.as_str())
        .bind(new.name.as_str())
        .bind(&new.password_hash)
        .bind(new.must_change_password)
        .bind(now)
        .execute(on)
        .await?;
    Ok(id)
}
