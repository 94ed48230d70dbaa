//! The statements of this part of the store.

use crate::store::db::Statement;

/// The response stored under a submission key, if it is the same
/// submission: the same clinic, patient and invitation (or none). A key
/// that names another clinic's, patient's or invitation's response is not
/// "already stored" (the caller's answers would be lost behind it).
pub const RESPONSE_BY_KEY: Statement = Statement::new(
    "RESPONSE_BY_KEY",
    "SELECT id FROM responses WHERE submission_key = $1 AND clinic_id = $2 AND patient_id = $3 \
     AND (invitation_id = $4 OR (invitation_id IS NULL AND $4 IS NULL))",
);

pub const INSERT_RESPONSE: Statement = Statement::new(
    "INSERT_RESPONSE",
    "INSERT INTO responses (id, clinic_id, patient_id, enrolment_id, questionnaire_id, \
     questionnaire_version, answers, scores, entry_mode, respondent_id, entered_by, submission_key, submitted_at, invitation_id, \
     has_comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (submission_key) DO NOTHING",
);

pub const INSERT_FLAG: Statement = Statement::new(
    "INSERT_FLAG",
    "INSERT INTO flags (id, clinic_id, patient_id, response_id, rule_id, level, message_da, \
     message_en, explanation, questionnaire_version, status, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)",
);

pub const PATIENT_RESPONSES: Statement = Statement::new(
    "PATIENT_RESPONSES",
    "SELECT r.id, r.enrolment_id, e.pathway_id, i.timepoint, e.index_date, r.questionnaire_id, \
     r.questionnaire_version, r.answers, r.scores, r.entry_mode, s.name AS entered_by_name, r.submitted_at \
     FROM responses r LEFT JOIN staff s ON s.id = r.entered_by \
     LEFT JOIN enrolments e ON e.id = r.enrolment_id LEFT JOIN invitations i ON i.id = r.invitation_id \
     WHERE r.clinic_id = $1 AND r.patient_id = $2 ORDER BY r.submitted_at, r.id",
);

/// $1 clinic, $2 enrolment.
pub const ENROLMENT_INDEX_DATE: Statement =
    Statement::new("ENROLMENT_INDEX_DATE", "SELECT index_date FROM enrolments WHERE clinic_id = $1 AND id = $2");

pub const PATIENT_FLAGS: Statement = Statement::new(
    "PATIENT_FLAGS",
    "SELECT id, response_id, rule_id, level, message_da, message_en, explanation, \
     questionnaire_version, status FROM flags WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at, id",
);

/// Also after the window closed in the moment between the last page and
/// the submit: an answer is never thrown away.
pub const MARK_ANSWERED: Statement = Statement::new(
    "MARK_ANSWERED",
    "UPDATE invitations SET status = 'answered', response_id = $2 \
     WHERE id = $1 AND status <> 'answered'",
);

pub const CLOSE_NO_RESPONSE_ENTRY: Statement = Statement::new(
    "CLOSE_NO_RESPONSE_ENTRY",
    "UPDATE worklist_entries SET status = 'closed' WHERE status = 'open' \
     AND id IN (SELECT id FROM worklist_items WHERE invitation_id = $1 AND kind = 'no_response')",
);

pub const CLOSE_NO_RESPONSE_ITEM: Statement = Statement::new(
    "CLOSE_NO_RESPONSE_ITEM",
    "UPDATE worklist_items SET status = 'closed' WHERE invitation_id = $1 AND kind = 'no_response' AND status = 'open'",
);

pub const FINISH_JOBS_ANSWERED: Statement = Statement::new(
    "FINISH_JOBS_ANSWERED",
    "UPDATE jobs SET done_at = $2, outcome = 'answered' \
     WHERE invitation_id = $1 AND done_at IS NULL",
);

pub const DELETE_DRAFT: Statement = Statement::new("DELETE_DRAFT", "DELETE FROM drafts WHERE invitation_id = $1");

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        RESPONSE_BY_KEY,
        INSERT_RESPONSE,
        INSERT_FLAG,
        PATIENT_RESPONSES,
        ENROLMENT_INDEX_DATE,
        PATIENT_FLAGS,
        MARK_ANSWERED,
        CLOSE_NO_RESPONSE_ENTRY,
        CLOSE_NO_RESPONSE_ITEM,
        FINISH_JOBS_ANSWERED,
        DELETE_DRAFT,
    ]
}
