//! Sign-in: credentials, memberships, sessions, failed attempts and password-reset links.

pub(crate) mod rows;
pub(crate) mod sql;

use super::SqlStore;

#[async_trait::async_trait]
impl app::auth::port::AuthStore for SqlStore {
    async fn staff_credentials(&self, email: &app::staff::StaffEmail) -> Result<Option<app::auth::port::StaffCredentials>, app::ports::StoreError> {
        let row = sql::STAFF_CREDENTIALS.bind(email.as_str()).fetch_optional::<rows::CredentialsRow>(&self.db).await?;
        row.map(|r| Ok(app::auth::port::StaffCredentials { staff: r.staff.try_into()?, password_hash: r.password_hash })).transpose()
    }

    async fn memberships(&self, staff_id: app::domain::StaffId) -> Result<Vec<(app::domain::Clinic, app::staff::Role)>, app::ports::StoreError> {
        sql::MEMBERSHIPS
            .bind(staff_id)
            .fetch_all::<rows::ClinicRoleRow>(&self.db)
            .await?
            .into_iter()
            .map(|r| Ok((r.clinic.try_into()?, rows::role(&r.role)?)))
            .collect()
    }

    async fn set_password(&self, staff_id: app::domain::StaffId, password_hash: &str, must_change: bool) -> Result<(), app::ports::StoreError> {
        let done = sql::SET_PASSWORD.bind(staff_id).bind(password_hash).bind(must_change).execute(&self.db).await?;
        if done == 0 {
            return Err(app::ports::StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_session(&self, s: &app::auth::port::NewSession) -> Result<(), app::ports::StoreError> {
        sql::INSERT_SESSION.bind(&s.token_hash).bind(s.staff_id).bind(s.clinic_id).bind(s.created_at).bind(s.expires_at).execute(&self.db).await?;
        Ok(())
    }

    async fn session(&self, token_hash: &[u8], now: time::OffsetDateTime) -> Result<Option<app::auth::port::StaffSession>, app::ports::StoreError> {
        sql::SESSION
            .bind(token_hash)
            .bind(now)
            .fetch_optional::<rows::SessionRow>(&self.db)
            .await?
            .map(app::auth::port::StaffSession::try_from)
            .transpose()
    }

    async fn delete_session(&self, token_hash: &[u8]) -> Result<(), app::ports::StoreError> {
        sql::DELETE_SESSION.bind(token_hash).execute(&self.db).await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, staff_id: app::domain::StaffId, except: Option<&[u8]>) -> Result<(), app::ports::StoreError> {
        sql::DELETE_SESSIONS_OF.bind(staff_id).bind(except.unwrap_or_default()).execute(&self.db).await?;
        Ok(())
    }

    async fn record_sign_in_failure(&self, keys: &[String], now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        for key in keys {
            sql::INSERT_SIGN_IN_FAILURE.bind(key).bind(now).execute(&mut tx).await?;
        }
        tx.commit().await
    }

    async fn sign_in_failures_since(&self, key: &str, since: time::OffsetDateTime) -> Result<i64, app::ports::StoreError> {
        sql::COUNT_SIGN_IN_FAILURES.bind(key).bind(since).scalar_one::<i64>(&self.db).await
    }

    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), app::ports::StoreError> {
        sql::CLEAR_SIGN_IN_FAILURES.bind(key).execute(&self.db).await?;
        Ok(())
    }

    async fn create_password_reset(
        &self,
        token_hash: &[u8],
        staff_id: app::domain::StaffId,
        now: time::OffsetDateTime,
        expires_at: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        sql::INSERT_PASSWORD_RESET.bind(token_hash).bind(staff_id).bind(now).bind(expires_at).execute(&self.db).await?;
        Ok(())
    }

    async fn use_password_reset(&self, token_hash: &[u8], now: time::OffsetDateTime) -> Result<Option<app::domain::StaffId>, app::ports::StoreError> {
        sql::USE_PASSWORD_RESET.bind(token_hash).bind(now).scalar_optional::<app::domain::StaffId>(&self.db).await
    }

    async fn password_reset_account(
        &self,
        token_hash: &[u8],
        now: time::OffsetDateTime,
    ) -> Result<Option<app::staff::StaffMember>, app::ports::StoreError> {
        sql::PASSWORD_RESET_ACCOUNT.bind(token_hash).bind(now).fetch_optional::<rows::StaffRow>(&self.db).await?.map(TryInto::try_into).transpose()
    }

    async fn expire_password_resets(&self, staff_id: app::domain::StaffId, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        sql::EXPIRE_PASSWORD_RESETS.bind(staff_id).bind(now).execute(&self.db).await?;
        Ok(())
    }
}
