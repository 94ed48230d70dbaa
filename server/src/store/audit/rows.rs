//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::domain::AuditEntry;
use time::OffsetDateTime;

#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub staff_id: Option<app::domain::StaffId>,
    pub staff_name: Option<String>,
    pub patient_id: Option<app::domain::PatientId>,
    pub action: String,
    pub outcome: String,
    pub client: String,
    pub detail: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        AuditEntry {
            seq: row.seq,
            at: row.at,
            staff_id: row.staff_id,
            staff_name: row.staff_name,
            patient_id: row.patient_id,
            action: row.action,
            outcome: row.outcome,
            client: row.client,
            detail: row.detail,
        }
    }
}
