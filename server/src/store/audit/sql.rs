//! The statements of this part of the store.

use crate::store::db::Statement;
use std::sync::LazyLock;

pub const INSERT_AUDIT: Statement = Statement::new(
    "INSERT_AUDIT",
    "INSERT INTO audit_log (at, staff_id, clinic_id, patient_id, action, outcome, client, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
);

pub static RECENT_AUDIT: LazyLock<Statement> =
    LazyLock::new(|| Statement::built("RECENT_AUDIT", format!("{AUDIT_SELECT} WHERE a.clinic_id = $1 ORDER BY a.seq DESC LIMIT $2")));

const AUDIT_SELECT: &str = "SELECT a.seq, a.at, a.staff_id, s.name AS staff_name, a.patient_id, a.action, a.outcome, \
     a.client, a.detail FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id";
pub static AUDIT_FOR_PATIENT: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built("AUDIT_FOR_PATIENT", format!("{AUDIT_SELECT} WHERE a.clinic_id = $1 AND a.patient_id = $2 ORDER BY a.seq DESC"))
});

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![INSERT_AUDIT, *RECENT_AUDIT, *AUDIT_FOR_PATIENT]
}
