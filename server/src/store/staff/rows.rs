//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

#[derive(Debug, sqlx::FromRow)]
pub struct StaffRoleRow {
    #[sqlx(flatten)]
    pub staff: crate::store::auth::rows::StaffRow,
    pub role: String,
}
