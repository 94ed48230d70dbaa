//! The statements of the call list.

use crate::store::db::Statement;
use const_format::concatcp;

/// The clinic's invitations on the call list (`$1`: the clinic, `$2`: the
/// end of the quiet time after a message): open, in an active enrolment,
/// not a frequent report watched for gaps (those have their own signal),
/// with no invitation or reminder job pending, no message waiting to go
/// out and none written since `$2`: every automatic message is done, and
/// the last has had its day.
const ON_LIST: &str = "SELECT i.id FROM invitations i JOIN enrolments e ON e.id = i.enrolment_id \
     WHERE i.clinic_id = $1 AND i.status = 'open' AND e.status = 'active' AND i.missed_after_days IS NULL \
     AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.invitation_id = i.id AND j.kind IN ('invite', 'remind') AND j.done_at IS NULL) \
     AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.invitation_id = i.id \
     AND ((o.sent_at IS NULL AND o.failed_at IS NULL) OR o.created_at > $2))";

/// The list's invitations with their patient, assignment and saved draft.
pub const CALL_ENTRIES: Statement = Statement::new(
    "CALL_ENTRIES",
    concatcp!(
        "SELECT i.id AS invitation_id, i.patient_id, p.name AS patient_name, i.questionnaire_id, i.questionnaire_version, \
         i.closes_on, i.enrolment_id, ca.staff_id AS assigned_id, s.name AS assigned_name, d.answers, d.confirmed \
         FROM invitations i JOIN patients p ON p.id = i.patient_id \
         LEFT JOIN call_assignments ca ON ca.invitation_id = i.id LEFT JOIN staff s ON s.id = ca.staff_id \
         LEFT JOIN drafts d ON d.invitation_id = i.id \
         WHERE i.id IN (",
        ON_LIST,
        ") ORDER BY i.closes_on, i.id"
    ),
);

/// Who to call about each invitation on the list.
pub const CALL_RESPONDENTS: Statement = Statement::new(
    "CALL_RESPONDENTS",
    concatcp!(
        "SELECT i.id AS invitation_id, r.name, r.relation, r.mobile FROM invitations i \
         JOIN enrolment_respondents er ON er.enrolment_id = i.enrolment_id JOIN respondents r ON r.id = er.respondent_id \
         WHERE i.id IN (",
        ON_LIST,
        ") ORDER BY r.created_at, r.id"
    ),
);

/// What went out for each invitation on the list (as the patient page
/// reads it).
pub const CALL_MESSAGES: Statement = Statement::new(
    "CALL_MESSAGES",
    concatcp!(
        "SELECT o.invitation_id, o.channel, r.name AS respondent_name, o.created_at, o.sent_at, o.failed_at, o.delivery, o.delivery_at \
         FROM outbox o LEFT JOIN respondents r ON r.id = o.respondent_id WHERE o.invitation_id IN (",
        ON_LIST,
        ") ORDER BY o.created_at, o.id"
    ),
);

/// The calls logged about each invitation on the list, oldest first.
pub const CALL_ATTEMPTS: Statement = Statement::new(
    "CALL_ATTEMPTS",
    concatcp!(
        "SELECT a.invitation_id, a.at, s.name AS staff_name, a.outcome, a.note FROM call_attempts a \
         JOIN staff s ON s.id = a.staff_id WHERE a.invitation_id IN (",
        ON_LIST,
        ") ORDER BY a.at, a.id"
    ),
);

/// One invitation (`$3`), if it is the clinic's and on its list.
pub const CALL_TARGET: Statement =
    Statement::new("CALL_TARGET", concatcp!("SELECT patient_id, questionnaire_id FROM invitations WHERE id IN (", ON_LIST, ") AND id = $3"));

/// How each respondent of an invitation can be reached.
pub const TARGET_REACH: Statement = Statement::new(
    "TARGET_REACH",
    "SELECT r.email, r.mobile, r.preferred_channel, r.sms_consent_at IS NOT NULL AS sms_consent FROM invitations i \
     JOIN enrolment_respondents er ON er.enrolment_id = i.enrolment_id JOIN respondents r ON r.id = er.respondent_id WHERE i.id = $1",
);

pub const INSERT_CALL_ATTEMPT: Statement = Statement::new(
    "INSERT_CALL_ATTEMPT",
    "INSERT INTO call_attempts (id, clinic_id, invitation_id, staff_id, outcome, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
);

pub const UPSERT_CALL_ASSIGNMENT: Statement = Statement::new(
    "UPSERT_CALL_ASSIGNMENT",
    "INSERT INTO call_assignments (invitation_id, clinic_id, staff_id, assigned_by, assigned_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invitation_id) DO UPDATE SET staff_id = excluded.staff_id, \
     assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at \
     WHERE call_assignments.clinic_id = excluded.clinic_id",
);

pub const DELETE_CALL_ASSIGNMENT: Statement =
    Statement::new("DELETE_CALL_ASSIGNMENT", "DELETE FROM call_assignments WHERE invitation_id = $1 AND clinic_id = $2");

pub fn statements() -> Vec<Statement> {
    vec![
        CALL_ENTRIES,
        CALL_RESPONDENTS,
        CALL_MESSAGES,
        CALL_ATTEMPTS,
        CALL_TARGET,
        TARGET_REACH,
        INSERT_CALL_ATTEMPT,
        UPSERT_CALL_ASSIGNMENT,
        DELETE_CALL_ASSIGNMENT,
    ]
}
