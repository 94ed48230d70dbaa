//! SQL of the worklist, over `worklist_entries` (one row per entry, kept
//! in step with flags, contact requests, no-response items and
//! decisions). Ranked in the order of [`Urgency`] (its SQL is written from
//! that enum, never copied here).

use std::sync::LazyLock;

use app::engine::Urgency;

const ENTRY_COLUMNS: &str = "SELECT x.kind, x.id, x.rank, x.patient_id, p.name AS patient_name, x.questionnaire_id, \
     x.timepoint, x.created_at, s.name AS assigned_name, COALESCE(r.has_comment, FALSE) AS has_comment \
     FROM worklist_entries x JOIN patients p ON p.id = x.patient_id \
     LEFT JOIN assignments a ON a.entry_id = x.id AND a.clinic_id = x.clinic_id LEFT JOIN staff s ON s.id = a.staff_id \
     LEFT JOIN responses r ON r.id = x.id AND x.kind = 'response'";

/// $1 clinic, $2 status, $3 rank, $4 questionnaire, $5 pathway, $6 only
/// assigned to this staff member, $7 limit, $8 offset.
pub fn worklist_page() -> String {
    format!(
        "{ENTRY_COLUMNS} WHERE x.clinic_id = $1 AND x.status = $2 AND ($3 IS NULL OR x.rank = $3) \
         AND ($4 IS NULL OR x.questionnaire_id = $4) AND ($5 IS NULL OR x.pathway_id = $5) \
         AND ($6 IS NULL OR a.staff_id = $6) ORDER BY x.rank, x.created_at, x.id LIMIT $7 OFFSET $8"
    )
}

/// The flags' messages of a page's response entries, in one query (same
/// binds as [`worklist_page`]).
/// A no-response entry's reasons are the flags its unsent answers would
/// raise (see [`UNSENT_REASONS`]).
pub fn worklist_page_reasons() -> String {
    format!(
        "SELECT id, message_da, message_en FROM (\
         SELECT f.response_id AS id, f.message_da, f.message_en, {} AS r, f.rule_id FROM flags f \
         WHERE f.response_id IN (SELECT pg.id FROM ({page}) pg) \
         UNION ALL SELECT u.item_id AS id, u.message_da, u.message_en, {} AS r, u.rule_id FROM unsent_flags u \
         WHERE u.item_id IN (SELECT pg.id FROM ({page}) pg)) reasons \
         ORDER BY id, r, rule_id",
        Urgency::rank_sql("f.level"),
        Urgency::rank_sql("u.level"),
        page = worklist_page(),
    )
}

pub const WORKLIST_COUNTS: &str = "SELECT rank, COUNT(*) AS n FROM worklist_entries \
     WHERE clinic_id = $1 AND status = 'open' GROUP BY rank ORDER BY rank";

/// One entry by id, open or decided.
pub fn worklist_entry() -> String {
    format!("{ENTRY_COLUMNS} WHERE x.clinic_id = $1 AND x.id = $2")
}

/// A flagged response's entry. $1 response id; its most urgent flag
/// decides the rank.
pub static INSERT_RESPONSE_ENTRY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, \
         questionnaire_id, timepoint, pathway_id, created_at) \
         SELECT r.id, r.clinic_id, 'response', \
           (SELECT MIN({}) FROM flags f WHERE f.response_id = r.id), \
           r.patient_id, r.questionnaire_id, i.timepoint, e.pathway_id, r.submitted_at \
         FROM responses r LEFT JOIN invitations i ON i.id = r.invitation_id LEFT JOIN enrolments e ON e.id = r.enrolment_id \
         WHERE r.id = $1",
        Urgency::rank_sql("f.level")
    )
});
/// A contact request's or no-response item's entry. $1 item id.
pub static INSERT_ITEM_ENTRY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, \
         questionnaire_id, timepoint, pathway_id, created_at) \
         SELECT w.id, w.clinic_id, w.kind, CASE w.kind WHEN 'contact_request' THEN {} ELSE {} END, w.patient_id, \
           i.questionnaire_id, i.timepoint, e.pathway_id, w.created_at \
         FROM worklist_items w JOIN invitations i ON i.id = w.invitation_id JOIN enrolments e ON e.id = i.enrolment_id \
         WHERE w.id = $1",
        Urgency::Contact.rank(),
        Urgency::NoResponse.rank()
    )
});
pub const CLOSE_ENTRY: &str = "UPDATE worklist_entries SET status = 'closed' WHERE clinic_id = $1 AND id = $2";

pub static FLAG_REASONS: LazyLock<String> =
    LazyLock::new(|| format!("SELECT message_da, message_en FROM flags WHERE response_id = $1 ORDER BY {}, rule_id", Urgency::rank_sql("level")));
/// The flags a no-response item's unsent answers would raise, most urgent
/// first: (rule, level, da, en, explanation as JSON, questionnaire version).
pub static UNSENT_FLAGS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT rule_id, level, message_da, message_en, explanation, questionnaire_version FROM unsent_flags \
         WHERE item_id = $1 ORDER BY {}, rule_id",
        Urgency::rank_sql("level")
    )
});
/// The messages of a no-response item's unsent flags, like [`FLAG_REASONS`].
pub static UNSENT_REASONS: LazyLock<String> =
    LazyLock::new(|| format!("SELECT message_da, message_en FROM unsent_flags WHERE item_id = $1 ORDER BY {}, rule_id", Urgency::rank_sql("level")));
pub const ENTRY_RESPONDENT: &str = "SELECT rs.name, rs.relation FROM responses r \
     JOIN respondents rs ON rs.id = r.respondent_id WHERE r.clinic_id = $1 AND r.id = $2";
pub const DECISION: &str = "SELECT d.outcome, d.note, d.message_sent, s.name AS decided_by, d.decided_at \
     FROM decisions d JOIN staff s ON s.id = d.decided_by \
     WHERE d.clinic_id = $1 AND (d.response_id = $2 OR d.worklist_item_id = $2)";
/// The respondents of the enrolment an entry belongs to.
pub const ENTRY_RECIPIENTS: &str = "SELECT rs.id, rs.name, rs.email, rs.language FROM respondents rs \
     JOIN enrolment_respondents er ON er.respondent_id = rs.id \
     WHERE er.enrolment_id = (SELECT enrolment_id FROM responses WHERE clinic_id = $1 AND id = $2 \
         UNION ALL SELECT i.enrolment_id FROM worklist_items w JOIN invitations i ON i.id = w.invitation_id \
         WHERE w.clinic_id = $1 AND w.id = $2 LIMIT 1) \
     ORDER BY rs.created_at, rs.id";
pub const CLINIC_NAME: &str = "SELECT name FROM clinics WHERE id = $1";

pub const CLOSE_FLAGS: &str = "UPDATE flags SET status = 'closed' WHERE clinic_id = $1 AND response_id = $2 AND status = 'open'";
pub const CLOSE_ITEM: &str = "UPDATE worklist_items SET status = 'closed' WHERE clinic_id = $1 AND id = $2 AND status = 'open'";
pub const RESPONSE_PATIENT: &str = "SELECT patient_id FROM responses WHERE clinic_id = $1 AND id = $2";
pub const ITEM_PATIENT: &str = "SELECT patient_id FROM worklist_items WHERE clinic_id = $1 AND id = $2";
pub const INSERT_DECISION: &str = "INSERT INTO decisions (id, clinic_id, patient_id, response_id, worklist_item_id, \
     outcome, note, message_sent, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const DELETE_ASSIGNMENT: &str = "DELETE FROM assignments WHERE entry_id = $1 AND clinic_id = $2";
pub const OPEN_ENTRY_IN_CLINIC: &str = "SELECT COUNT(*) FROM worklist_entries WHERE clinic_id = $1 AND id = $2 AND status = 'open'";
pub const UPSERT_ASSIGNMENT: &str = "INSERT INTO assignments (entry_id, clinic_id, staff_id, assigned_by, assigned_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entry_id) DO UPDATE SET staff_id = excluded.staff_id, \
     assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at \
     WHERE assignments.clinic_id = excluded.clinic_id";
pub const IS_MEMBER: &str = "SELECT COUNT(*) FROM memberships WHERE clinic_id = $1 AND staff_id = $2";

pub const OVERVIEW: &str = "SELECT i.questionnaire_id, i.timepoint, \
     CAST(SUM(CASE WHEN i.status IN ('open', 'answered', 'missed') THEN 1 ELSE 0 END) AS BIGINT) AS sent, \
     CAST(SUM(CASE WHEN i.status = 'answered' THEN 1 ELSE 0 END) AS BIGINT) AS answered, \
     CAST(SUM(CASE WHEN i.status = 'answered' AND EXISTS (SELECT 1 FROM flags f WHERE f.response_id = i.response_id) \
         THEN 1 ELSE 0 END) AS BIGINT) AS flagged \
     FROM invitations i WHERE ($1 IS NULL OR i.clinic_id = $1) \
     GROUP BY i.questionnaire_id, i.timepoint ORDER BY i.questionnaire_id, i.timepoint";

/// Every statement above, by name, for the test that prepares each one
/// against both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<(&'static str, String)> {
    vec![
        ("worklist_page", worklist_page()),
        ("worklist_page_reasons", worklist_page_reasons()),
        ("WORKLIST_COUNTS", WORKLIST_COUNTS.to_string()),
        ("worklist_entry", worklist_entry()),
        ("INSERT_RESPONSE_ENTRY", INSERT_RESPONSE_ENTRY.to_string()),
        ("INSERT_ITEM_ENTRY", INSERT_ITEM_ENTRY.to_string()),
        ("CLOSE_ENTRY", CLOSE_ENTRY.to_string()),
        ("FLAG_REASONS", FLAG_REASONS.to_string()),
        ("UNSENT_FLAGS", UNSENT_FLAGS.to_string()),
        ("UNSENT_REASONS", UNSENT_REASONS.to_string()),
        ("ENTRY_RESPONDENT", ENTRY_RESPONDENT.to_string()),
        ("DECISION", DECISION.to_string()),
        ("ENTRY_RECIPIENTS", ENTRY_RECIPIENTS.to_string()),
        ("CLINIC_NAME", CLINIC_NAME.to_string()),
        ("CLOSE_FLAGS", CLOSE_FLAGS.to_string()),
        ("CLOSE_ITEM", CLOSE_ITEM.to_string()),
        ("RESPONSE_PATIENT", RESPONSE_PATIENT.to_string()),
        ("ITEM_PATIENT", ITEM_PATIENT.to_string()),
        ("INSERT_DECISION", INSERT_DECISION.to_string()),
        ("DELETE_ASSIGNMENT", DELETE_ASSIGNMENT.to_string()),
        ("OPEN_ENTRY_IN_CLINIC", OPEN_ENTRY_IN_CLINIC.to_string()),
        ("UPSERT_ASSIGNMENT", UPSERT_ASSIGNMENT.to_string()),
        ("IS_MEMBER", IS_MEMBER.to_string()),
        ("OVERVIEW", OVERVIEW.to_string()),
    ]
}
