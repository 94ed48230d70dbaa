//! The statements of this part of the store.

use crate::store::db::Statement;
use std::sync::LazyLock;

/// $1 clinic, $2 kind, $3 definition id, $4 version.
pub static VERSION: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built("VERSION", format!("{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.kind = $2 AND v.definition_id = $3 AND v.version = $4"))
});

/// $1 clinic, $2 id.
pub static VERSION_BY_ID: LazyLock<Statement> =
    LazyLock::new(|| Statement::built("VERSION_BY_ID", format!("{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.id = $2")));

pub const NEWEST_PUBLISHED: Statement = Statement::new(
    "NEWEST_PUBLISHED",
    "SELECT MAX(version) FROM definition_versions \
     WHERE clinic_id = $1 AND kind = $2 AND definition_id = $3 AND status = 'published'",
);

pub const NEWEST_PUBLISHED_EVERYWHERE: Statement = Statement::new(
    "NEWEST_PUBLISHED_EVERYWHERE",
    "SELECT clinic_id, definition_id, MAX(version) FROM definition_versions \
     WHERE kind = $1 AND status = 'published' GROUP BY clinic_id, definition_id",
);

pub const INSERT_DRAFT: Statement = Statement::new(
    "INSERT_DRAFT",
    "INSERT INTO definition_versions (id, clinic_id, kind, definition_id, version, status, \
     source, based_on, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $9)",
);

/// Only over the revision the change was made from ($5).
pub const SAVE_DRAFT_SOURCE: Statement = Statement::new(
    "SAVE_DRAFT_SOURCE",
    "UPDATE definition_versions SET source = $3, updated_at = $4, revision = revision + 1 \
     WHERE clinic_id = $1 AND id = $2 AND status = 'draft' AND revision = $5",
);

pub const DISCARD_DRAFT: Statement =
    Statement::new("DISCARD_DRAFT", "DELETE FROM definition_versions WHERE clinic_id = $1 AND id = $2 AND status = 'draft'");

/// Only the source that was checked ($5): an edit saved meanwhile is not
/// frozen unchecked.
pub const PUBLISH: Statement = Statement::new(
    "PUBLISH",
    "UPDATE definition_versions SET status = 'published', published_by = $3, published_at = $4 \
     WHERE clinic_id = $1 AND id = $2 AND status = 'draft' AND source = $5",
);

pub const VERSION_KIND: Statement =
    Statement::new("VERSION_KIND", "SELECT kind, definition_id FROM definition_versions WHERE clinic_id = $1 AND id = $2");

pub const REPLAN_PATHWAY: Statement = Statement::new(
    "REPLAN_PATHWAY",
    "UPDATE enrolments SET needs_planning = TRUE \
     WHERE clinic_id = $1 AND pathway_id = $2 AND status = 'active'",
);

pub const ACTIVE_ENROLMENTS_IN: Statement =
    Statement::new("ACTIVE_ENROLMENTS_IN", "SELECT COUNT(*) FROM enrolments WHERE clinic_id = $1 AND pathway_id = $2 AND status = 'active'");

/// $1 clinic, $2 questionnaire, $3 most patients.
pub const DRY_RUN_RECORDS: Statement = Statement::new(
    "DRY_RUN_RECORDS",
    "SELECT r.patient_id, p.name AS patient_name, r.id, r.enrolment_id, e.pathway_id, \
     i.timepoint, e.index_date, r.questionnaire_id, r.questionnaire_version, r.answers, r.scores, r.entry_mode, \
     s.name AS entered_by_name, r.submitted_at \
     FROM responses r JOIN patients p ON p.id = r.patient_id LEFT JOIN staff s ON s.id = r.entered_by \
     LEFT JOIN enrolments e ON e.id = r.enrolment_id LEFT JOIN invitations i ON i.id = r.invitation_id \
     WHERE r.clinic_id = $1 AND r.patient_id IN (SELECT patient_id FROM responses WHERE clinic_id = $1 \
     AND questionnaire_id = $2 GROUP BY patient_id ORDER BY MAX(submitted_at) DESC LIMIT $3) \
     ORDER BY r.patient_id, r.submitted_at, r.id",
);

pub const MAIL_TEXTS: Statement =
    Statement::new("MAIL_TEXTS", "SELECT kind, language, subject, body FROM mail_texts WHERE clinic_id = $1 ORDER BY kind, language");

pub const MAIL_TEXTS_EVERYWHERE: Statement =
    Statement::new("MAIL_TEXTS_EVERYWHERE", "SELECT clinic_id, kind, language, subject, body FROM mail_texts");

pub const SET_MAIL_TEXT: Statement = Statement::new(
    "SET_MAIL_TEXT",
    "INSERT INTO mail_texts (clinic_id, kind, language, subject, body, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (clinic_id, kind, language) DO UPDATE SET subject = excluded.subject, \
     body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
);

pub const RESET_MAIL_TEXT: Statement =
    Statement::new("RESET_MAIL_TEXT", "DELETE FROM mail_texts WHERE clinic_id = $1 AND kind = $2 AND language = $3");

pub const SMS_TEXTS: Statement =
    Statement::new("SMS_TEXTS", "SELECT kind, language, body FROM sms_texts WHERE clinic_id = $1 ORDER BY kind, language");

pub const SMS_TEXTS_EVERYWHERE: Statement = Statement::new("SMS_TEXTS_EVERYWHERE", "SELECT clinic_id, kind, language, body FROM sms_texts");

pub const SET_SMS_TEXT: Statement = Statement::new(
    "SET_SMS_TEXT",
    "INSERT INTO sms_texts (clinic_id, kind, language, body, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (clinic_id, kind, language) DO UPDATE SET \
     body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
);

pub const RESET_SMS_TEXT: Statement = Statement::new("RESET_SMS_TEXT", "DELETE FROM sms_texts WHERE clinic_id = $1 AND kind = $2 AND language = $3");

/// The clinic's draft of a definition, if there is one.
pub const DRAFT_OF: Statement =
    Statement::new("DRAFT_OF", "SELECT id FROM definition_versions WHERE clinic_id = $1 AND kind = $2 AND definition_id = $3 AND status = 'draft'");

const VERSION_COLUMNS: &str = "SELECT v.id, v.kind, v.definition_id, v.version, v.status, v.source, v.revision, v.based_on, \
     c.name AS created_by_name, v.created_at, v.updated_at, p.name AS published_by_name, v.published_at \
     FROM definition_versions v JOIN staff c ON c.id = v.created_by LEFT JOIN staff p ON p.id = v.published_by";

/// $1 clinic, $2 kind, $3 definition id or NULL for all.
pub static VERSIONS: LazyLock<Statement> = LazyLock::new(|| {
    Statement::built(
        "VERSIONS",
        format!(
            "{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.kind = $2 AND ($3 IS NULL OR v.definition_id = $3) \
         ORDER BY v.definition_id, v.version DESC"
        ),
    )
});

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        *VERSION,
        *VERSION_BY_ID,
        NEWEST_PUBLISHED,
        NEWEST_PUBLISHED_EVERYWHERE,
        INSERT_DRAFT,
        SAVE_DRAFT_SOURCE,
        DISCARD_DRAFT,
        PUBLISH,
        VERSION_KIND,
        REPLAN_PATHWAY,
        ACTIVE_ENROLMENTS_IN,
        DRY_RUN_RECORDS,
        MAIL_TEXTS,
        MAIL_TEXTS_EVERYWHERE,
        SET_MAIL_TEXT,
        RESET_MAIL_TEXT,
        SMS_TEXTS,
        SMS_TEXTS_EVERYWHERE,
        SET_SMS_TEXT,
        RESET_SMS_TEXT,
        DRAFT_OF,
        *VERSIONS,
    ]
}
