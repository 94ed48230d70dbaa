//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::domain::{Clinic, ClinicName, ClinicSlug};
use app::ports::StoreError;
use time::OffsetDateTime;

#[derive(Debug, sqlx::FromRow)]
pub struct ClinicRow {
    pub id: app::domain::ClinicId,
    pub slug: String,
    pub name: String,
    pub created_at: OffsetDateTime,
}

impl TryFrom<ClinicRow> for Clinic {
    type Error = StoreError;

    fn try_from(row: ClinicRow) -> Result<Self, Self::Error> {
        Ok(Clinic {
            id: row.id,
            slug: ClinicSlug::parse(&row.slug).map_err(crate::store::unavailable)?,
            name: ClinicName::parse(&row.name).map_err(crate::store::unavailable)?,
            created_at: row.created_at,
        })
    }
}
