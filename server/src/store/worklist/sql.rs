//! The statements of this part of the store.

use crate::store::db::Statement;
use app::engine::Urgency;
use std::sync::LazyLock;

pub const WORKLIST_COUNTS: Statement = Statement::new(
    "WORKLIST_COUNTS",
    "SELECT rank, COUNT(*) AS n FROM worklist_entries \
     WHERE clinic_id = $1 AND status = 'open' GROUP BY rank ORDER BY rank",
);

/// One entry by id, open or decided.
pub static WORKLIST_ENTRY: LazyLock<Statement> =
    LazyLock::new(|| Statement::built("WORKLIST_ENTRY", format!("{ENTRY_COLUMNS} WHERE x.clinic_id = $1 AND x.id = $2")));

pub static FLAG_REASONS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "FLAG_REASONS",
        format!("SELECT message_da, message_en FROM flags WHERE response_id = $1 ORDER BY {}, rule_id", Urgency::rank_sql("level")),
    )
});

/// The flags a no-response item's unsent answers would raise, most urgent
/// first: (rule, level, da, en, explanation as JSON, questionnaire version).
pub static UNSENT_FLAGS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "UNSENT_FLAGS",
        format!(
            "SELECT rule_id, level, message_da, message_en, explanation, questionnaire_version FROM unsent_flags \
         WHERE item_id = $1 ORDER BY {}, rule_id",
            Urgency::rank_sql("level")
        ),
    )
});
/// The messages of a no-response item's unsent flags, like [`FLAG_REASONS`].
pub static UNSENT_REASONS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "UNSENT_REASONS",
        format!("SELECT message_da, message_en FROM unsent_flags WHERE item_id = $1 ORDER BY {}, rule_id", Urgency::rank_sql("level")),
    )
});

pub const ENTRY_RESPONDENT: Statement = Statement::new(
    "ENTRY_RESPONDENT",
    "SELECT rs.name, rs.relation FROM responses r \
     JOIN respondents rs ON rs.id = r.respondent_id WHERE r.clinic_id = $1 AND r.id = $2",
);

pub const DECISION: Statement = Statement::new(
    "DECISION",
    "SELECT d.outcome, d.note, d.message_sent, s.name AS decided_by, d.decided_at \
     FROM decisions d JOIN staff s ON s.id = d.decided_by \
     WHERE d.clinic_id = $1 AND (d.response_id = $2 OR d.worklist_item_id = $2)",
);

/// The respondents of the enrolment an entry belongs to.
pub const ENTRY_RECIPIENTS: Statement = Statement::new(
    "ENTRY_RECIPIENTS",
    "SELECT rs.id, rs.name, rs.email, rs.language, rs.mobile, rs.preferred_channel, rs.sms_consent_at IS NOT NULL AS sms_consent \
     FROM respondents rs \
     JOIN enrolment_respondents er ON er.respondent_id = rs.id \
     WHERE er.enrolment_id = (SELECT enrolment_id FROM responses WHERE clinic_id = $1 AND id = $2 \
         UNION ALL SELECT i.enrolment_id FROM worklist_items w JOIN invitations i ON i.id = w.invitation_id \
         WHERE w.clinic_id = $1 AND w.id = $2 LIMIT 1) \
     ORDER BY rs.created_at, rs.id",
);

pub const CLINIC_NAME: Statement = Statement::new("CLINIC_NAME", "SELECT name FROM clinics WHERE id = $1");

pub const CLOSE_FLAGS: Statement =
    Statement::new("CLOSE_FLAGS", "UPDATE flags SET status = 'closed' WHERE clinic_id = $1 AND response_id = $2 AND status = 'open'");

pub const CLOSE_ITEM: Statement =
    Statement::new("CLOSE_ITEM", "UPDATE worklist_items SET status = 'closed' WHERE clinic_id = $1 AND id = $2 AND status = 'open'");

pub const RESPONSE_PATIENT: Statement = Statement::new("RESPONSE_PATIENT", "SELECT patient_id FROM responses WHERE clinic_id = $1 AND id = $2");

pub const ITEM_PATIENT: Statement = Statement::new("ITEM_PATIENT", "SELECT patient_id FROM worklist_items WHERE clinic_id = $1 AND id = $2");

pub const INSERT_DECISION: Statement = Statement::new(
    "INSERT_DECISION",
    "INSERT INTO decisions (id, clinic_id, patient_id, response_id, worklist_item_id, \
     outcome, note, message_sent, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
);

pub const DELETE_ASSIGNMENT: Statement = Statement::new("DELETE_ASSIGNMENT", "DELETE FROM assignments WHERE entry_id = $1 AND clinic_id = $2");

pub const OPEN_ENTRY_IN_CLINIC: Statement =
    Statement::new("OPEN_ENTRY_IN_CLINIC", "SELECT COUNT(*) FROM worklist_entries WHERE clinic_id = $1 AND id = $2 AND status = 'open'");

pub const UPSERT_ASSIGNMENT: Statement = Statement::new(
    "UPSERT_ASSIGNMENT",
    "INSERT INTO assignments (entry_id, clinic_id, staff_id, assigned_by, assigned_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entry_id) DO UPDATE SET staff_id = excluded.staff_id, \
     assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at \
     WHERE assignments.clinic_id = excluded.clinic_id",
);

pub const IS_MEMBER: Statement = Statement::new("IS_MEMBER", "SELECT COUNT(*) FROM memberships WHERE clinic_id = $1 AND staff_id = $2");

const ENTRY_COLUMNS: &str = "SELECT x.kind, x.id, x.rank, x.patient_id, p.name AS patient_name, x.questionnaire_id, \
     x.timepoint, x.created_at, s.name AS assigned_name, COALESCE(r.has_comment, FALSE) AS has_comment, mi.missed_since \
     FROM worklist_entries x JOIN patients p ON p.id = x.patient_id \
     LEFT JOIN assignments a ON a.entry_id = x.id AND a.clinic_id = x.clinic_id LEFT JOIN staff s ON s.id = a.staff_id \
     LEFT JOIN responses r ON r.id = x.id AND x.kind = 'response' \
     LEFT JOIN worklist_items mi ON mi.id = x.id AND x.kind = 'no_response'";

/// $1 clinic, $2 status, $3 rank, $4 questionnaire, $5 pathway, $6 only
/// assigned to this staff member, $7 limit, $8 offset.
pub static WORKLIST_PAGE: LazyLock<Statement> = LazyLock::new(|| Statement::built("WORKLIST_PAGE", format!("{ENTRY_COLUMNS} {PAGE_WHERE}")));

const PAGE_WHERE: &str = "WHERE x.clinic_id = $1 AND x.status = $2 AND ($3 IS NULL OR x.rank = $3) \
     AND ($4 IS NULL OR x.questionnaire_id = $4) AND ($5 IS NULL OR x.pathway_id = $5) \
     AND ($6 IS NULL OR a.staff_id = $6) ORDER BY x.rank, x.created_at, x.id LIMIT $7 OFFSET $8";

/// The flags' messages of a page's response entries, in one query (same
/// binds as [`WORKLIST_PAGE`]).
/// A no-response entry's reasons are the flags its unsent answers would
/// raise (see [`UNSENT_REASONS`]).
pub static WORKLIST_PAGE_REASONS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "WORKLIST_PAGE_REASONS",
        format!(
            "SELECT id, message_da, message_en FROM (\
         SELECT f.response_id AS id, f.message_da, f.message_en, {} AS r, f.rule_id FROM flags f \
         WHERE f.response_id IN (SELECT pg.id FROM ({page}) pg) \
         UNION ALL SELECT u.item_id AS id, u.message_da, u.message_en, {} AS r, u.rule_id FROM unsent_flags u \
         WHERE u.item_id IN (SELECT pg.id FROM ({page}) pg)) reasons \
         ORDER BY id, r, rule_id",
            Urgency::rank_sql("f.level"),
            Urgency::rank_sql("u.level"),
            page = format!("{ENTRY_COLUMNS} {PAGE_WHERE}"),
        ),
    )
});

/// A flagged response's entry. $1 response id; its most urgent flag
/// decides the rank.
pub static INSERT_RESPONSE_ENTRY: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "INSERT_RESPONSE_ENTRY",
        format!(
            "INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, \
         questionnaire_id, timepoint, pathway_id, created_at) \
         SELECT r.id, r.clinic_id, 'response', \
           (SELECT MIN({}) FROM flags f WHERE f.response_id = r.id), \
           r.patient_id, r.questionnaire_id, i.timepoint, e.pathway_id, r.submitted_at \
         FROM responses r LEFT JOIN invitations i ON i.id = r.invitation_id LEFT JOIN enrolments e ON e.id = r.enrolment_id \
         WHERE r.id = $1",
            Urgency::rank_sql("f.level")
        ),
    )
});
/// A contact request's or no-response item's entry. $1 item id.
pub static INSERT_ITEM_ENTRY: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "INSERT_ITEM_ENTRY",
        format!(
            "INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, \
         questionnaire_id, timepoint, pathway_id, created_at) \
         SELECT w.id, w.clinic_id, w.kind, CASE w.kind WHEN 'contact_request' THEN {} ELSE {} END, w.patient_id, \
           i.questionnaire_id, i.timepoint, e.pathway_id, w.created_at \
         FROM worklist_items w JOIN invitations i ON i.id = w.invitation_id JOIN enrolments e ON e.id = i.enrolment_id \
         WHERE w.id = $1",
            Urgency::Contact.rank(),
            Urgency::NoResponse.rank()
        ),
    )
});
pub const CLOSE_ENTRY: Statement = Statement::new("CLOSE_ENTRY", "UPDATE worklist_entries SET status = 'closed' WHERE clinic_id = $1 AND id = $2");

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        WORKLIST_COUNTS,
        *WORKLIST_ENTRY,
        *FLAG_REASONS,
        *UNSENT_FLAGS,
        *UNSENT_REASONS,
        ENTRY_RESPONDENT,
        DECISION,
        ENTRY_RECIPIENTS,
        CLINIC_NAME,
        CLOSE_FLAGS,
        CLOSE_ITEM,
        RESPONSE_PATIENT,
        ITEM_PATIENT,
        INSERT_DECISION,
        DELETE_ASSIGNMENT,
        OPEN_ENTRY_IN_CLINIC,
        UPSERT_ASSIGNMENT,
        IS_MEMBER,
        *WORKLIST_PAGE,
        *WORKLIST_PAGE_REASONS,
        *INSERT_RESPONSE_ENTRY,
        *INSERT_ITEM_ENTRY,
        CLOSE_ENTRY,
    ]
}
