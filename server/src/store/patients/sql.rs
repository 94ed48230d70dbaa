//! The statements of this part of the store.

use crate::store::db::Statement;

pub const DUPLICATE_CANDIDATES: Statement = Statement::new(
    "DUPLICATE_CANDIDATES",
    "SELECT id, national_id_key, name_birth_key FROM patients \
     WHERE clinic_id = $1 AND (national_id_key = $2 OR name_birth_key = $3)",
);

pub const INSERT_PATIENT: Statement = Statement::new(
    "INSERT_PATIENT",
    "INSERT INTO patients (id, clinic_id, name, date_of_birth, national_id, email, \
     national_id_key, name_birth_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
);

pub const INSERT_RESPONDENT: Statement = Statement::new(
    "INSERT_RESPONDENT",
    "INSERT INTO respondents (id, clinic_id, patient_id, name, email, relation, \
     language, created_at, mobile, preferred_channel, sms_consent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
);

pub const INSERT_ENROLMENT: Statement = Statement::new(
    "INSERT_ENROLMENT",
    "INSERT INTO enrolments (id, clinic_id, patient_id, pathway_id, index_date, status, \
     created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $7)",
);

pub const INSERT_ENROLMENT_RESPONDENT: Statement =
    Statement::new("INSERT_ENROLMENT_RESPONDENT", "INSERT INTO enrolment_respondents (enrolment_id, respondent_id) VALUES ($1, $2)");

pub const INSERT_ENROLMENT_EVENT: Statement = Statement::new(
    "INSERT_ENROLMENT_EVENT",
    "INSERT INTO enrolment_events (id, enrolment_id, at, staff_id, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)",
);

pub const LIST_PATIENTS: Statement = Statement::new(
    "LIST_PATIENTS",
    "SELECT p.id, p.name, p.date_of_birth, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'active') AS active_enrolments \
     FROM patients p WHERE p.clinic_id = $1 ORDER BY p.name, p.id",
);

pub const PATIENT: Statement = Statement::new(
    "PATIENT",
    "SELECT id, name, date_of_birth, national_id, email, created_at FROM patients \
     WHERE clinic_id = $1 AND id = $2",
);

pub const PATIENT_RESPONDENTS: Statement = Statement::new(
    "PATIENT_RESPONDENTS",
    "SELECT id, name, email, relation, language, mobile, preferred_channel, sms_consent_at FROM respondents \
     WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at, name",
);

pub const PATIENT_ENROLMENTS: Statement = Statement::new(
    "PATIENT_ENROLMENTS",
    "SELECT id, pathway_id, index_date, status, status_reason, created_at \
     FROM enrolments WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at",
);

pub const PATIENT_ENROLMENT_RESPONDENTS: Statement = Statement::new(
    "PATIENT_ENROLMENT_RESPONDENTS",
    "SELECT er.enrolment_id, er.respondent_id \
     FROM enrolment_respondents er JOIN enrolments e ON e.id = er.enrolment_id \
     WHERE e.clinic_id = $1 AND e.patient_id = $2",
);

pub const PATIENT_HISTORY: Statement = Statement::new(
    "PATIENT_HISTORY",
    "SELECT ev.enrolment_id, ev.at, ev.kind, ev.detail, s.name AS staff_name \
     FROM enrolment_events ev JOIN enrolments e ON e.id = ev.enrolment_id LEFT JOIN staff s ON s.id = ev.staff_id \
     WHERE e.clinic_id = $1 AND e.patient_id = $2 ORDER BY ev.seq",
);

pub const ENROLMENT_FOR_CHANGE: Statement =
    Statement::new("ENROLMENT_FOR_CHANGE", "SELECT patient_id, index_date, status FROM enrolments WHERE clinic_id = $1 AND id = $2");

// The `status <> 'ended'` guards make an ended enrolment final even when two
// changes race.
pub const SET_INDEX_DATE: Statement = Statement::new(
    "SET_INDEX_DATE",
    "UPDATE enrolments SET index_date = $3, needs_planning = TRUE WHERE clinic_id = $1 AND id = $2 AND status <> 'ended'",
);

pub const SET_STATUS: Statement = Statement::new(
    "SET_STATUS",
    "UPDATE enrolments SET status = $3, status_reason = $4, needs_planning = TRUE \
     WHERE clinic_id = $1 AND id = $2 AND status <> 'ended'",
);

pub const PATIENT_INVITATIONS: Statement = Statement::new(
    "PATIENT_INVITATIONS",
    "SELECT id, enrolment_id, timepoint, sequence, questionnaire_id, opens_on, \
     closes_on, status, sent_at FROM invitations WHERE clinic_id = $1 AND patient_id = $2 \
     ORDER BY opens_on, timepoint, sequence",
);

/// What went out for the patient's invitations (mail and SMS), oldest first.
pub const PATIENT_MESSAGES: Statement = Statement::new(
    "PATIENT_MESSAGES",
    "SELECT o.invitation_id, o.channel, r.name AS respondent_name, o.created_at, o.sent_at, o.failed_at, o.delivery, o.delivery_at \
     FROM outbox o JOIN invitations i ON i.id = o.invitation_id LEFT JOIN respondents r ON r.id = o.respondent_id \
     WHERE i.clinic_id = $1 AND i.patient_id = $2 ORDER BY o.created_at, o.id",
);

pub const OPEN_WORKLIST_ITEMS: Statement = Statement::new(
    "OPEN_WORKLIST_ITEMS",
    "SELECT kind, invitation_id FROM worklist_items \
     WHERE clinic_id = $1 AND patient_id = $2 AND status = 'open' ORDER BY created_at, id",
);

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        DUPLICATE_CANDIDATES,
        INSERT_PATIENT,
        INSERT_RESPONDENT,
        INSERT_ENROLMENT,
        INSERT_ENROLMENT_RESPONDENT,
        INSERT_ENROLMENT_EVENT,
        LIST_PATIENTS,
        PATIENT,
        PATIENT_RESPONDENTS,
        PATIENT_ENROLMENTS,
        PATIENT_ENROLMENT_RESPONDENTS,
        PATIENT_HISTORY,
        ENROLMENT_FOR_CHANGE,
        SET_INDEX_DATE,
        SET_STATUS,
        PATIENT_INVITATIONS,
        PATIENT_MESSAGES,
        OPEN_WORKLIST_ITEMS,
    ]
}
