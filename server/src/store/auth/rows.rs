//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::auth::port::StaffSession;
use app::ports::StoreError;
use app::staff::{Role, StaffEmail, StaffMember};
use time::OffsetDateTime;

#[derive(Debug, sqlx::FromRow)]
pub struct CredentialsRow {
    #[sqlx(flatten)]
    pub staff: StaffRow,
    pub password_hash: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct ClinicRoleRow {
    #[sqlx(flatten)]
    pub clinic: crate::store::clinics::rows::ClinicRow,
    pub role: String,
}

pub fn role(value: &str) -> Result<Role, StoreError> {
    Role::parse(value).ok_or_else(|| StoreError::Unavailable(format!("unknown role {value:?}").into()))
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub expires_at: OffsetDateTime,
    pub staff_id: app::domain::StaffId,
    pub email: String,
    pub staff_name: String,
    pub must_change_password: bool,
    pub clinic_id: app::domain::ClinicId,
    pub slug: String,
    pub clinic_name: String,
    pub clinic_created_at: OffsetDateTime,
    pub role: String,
}

impl TryFrom<SessionRow> for StaffSession {
    type Error = StoreError;

    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        Ok(StaffSession {
            staff: StaffRow { id: row.staff_id, email: row.email, name: row.staff_name, must_change_password: row.must_change_password }
                .try_into()?,
            clinic: crate::store::clinics::rows::ClinicRow {
                id: row.clinic_id,
                slug: row.slug,
                name: row.clinic_name,
                created_at: row.clinic_created_at,
            }
            .try_into()?,
            role: role(&row.role)?,
            expires_at: row.expires_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct StaffRow {
    pub id: app::domain::StaffId,
    pub email: String,
    pub name: String,
    pub must_change_password: bool,
}

impl TryFrom<StaffRow> for StaffMember {
    type Error = StoreError;

    fn try_from(row: StaffRow) -> Result<Self, Self::Error> {
        Ok(StaffMember {
            id: row.id,
            email: StaffEmail::parse(&row.email).map_err(crate::store::unavailable)?,
            name: row.name,
            must_change_password: row.must_change_password,
        })
    }
}
