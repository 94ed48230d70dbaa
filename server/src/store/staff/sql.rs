//! The statements of this part of the store.

use crate::store::db::Statement;

pub const INSERT_STAFF: Statement = Statement::new(
    "INSERT_STAFF",
    "INSERT INTO staff (id, email, name, password_hash, must_change_password, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)",
);

pub const UPSERT_MEMBERSHIP: Statement = Statement::new(
    "UPSERT_MEMBERSHIP",
    "INSERT INTO memberships (staff_id, clinic_id, role) VALUES ($1, $2, $3) \
     ON CONFLICT (staff_id, clinic_id) DO UPDATE SET role = excluded.role",
);

pub const CLINIC_STAFF: Statement = Statement::new(
    "CLINIC_STAFF",
    "SELECT s.id, s.email, s.name, s.must_change_password, m.role FROM memberships m \
     JOIN staff s ON s.id = m.staff_id WHERE m.clinic_id = $1 ORDER BY s.name, s.id",
);

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![INSERT_STAFF, UPSERT_MEMBERSHIP, CLINIC_STAFF]
}
