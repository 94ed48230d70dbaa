//! SQL of authoring: definition versions and mail texts (same text on
//! both backends).

const VERSION_COLUMNS: &str = "SELECT v.id, v.kind, v.definition_id, v.version, v.status, v.source, v.revision, v.based_on, \
     c.name AS created_by_name, v.created_at, v.updated_at, p.name AS published_by_name, v.published_at \
     FROM definition_versions v JOIN staff c ON c.id = v.created_by LEFT JOIN staff p ON p.id = v.published_by";

/// $1 clinic, $2 kind, $3 definition id or NULL for all.
pub fn versions() -> String {
    format!(
        "{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.kind = $2 AND ($3 IS NULL OR v.definition_id = $3) \
         ORDER BY v.definition_id, v.version DESC"
    )
}

/// $1 clinic, $2 kind, $3 definition id, $4 version.
pub fn version() -> String {
    format!("{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.kind = $2 AND v.definition_id = $3 AND v.version = $4")
}

/// $1 clinic, $2 id.
pub fn version_by_id() -> String {
    format!("{VERSION_COLUMNS} WHERE v.clinic_id = $1 AND v.id = $2")
}

pub const NEWEST_PUBLISHED: &str = "SELECT MAX(version) FROM definition_versions \
     WHERE clinic_id = $1 AND kind = $2 AND definition_id = $3 AND status = 'published'";
pub const NEWEST_PUBLISHED_EVERYWHERE: &str = "SELECT clinic_id, definition_id, MAX(version) FROM definition_versions \
     WHERE kind = $1 AND status = 'published' GROUP BY clinic_id, definition_id";
pub const INSERT_DRAFT: &str = "INSERT INTO definition_versions (id, clinic_id, kind, definition_id, version, status, \
     source, based_on, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $9)";
/// Only over the revision the change was made from ($5).
pub const SAVE_DRAFT_SOURCE: &str = "UPDATE definition_versions SET source = $3, updated_at = $4, revision = revision + 1 \
     WHERE clinic_id = $1 AND id = $2 AND status = 'draft' AND revision = $5";
pub const DISCARD_DRAFT: &str = "DELETE FROM definition_versions WHERE clinic_id = $1 AND id = $2 AND status = 'draft'";
/// Only the source that was checked ($5): an edit saved meanwhile is not
/// frozen unchecked.
pub const PUBLISH: &str = "UPDATE definition_versions SET status = 'published', published_by = $3, published_at = $4 \
     WHERE clinic_id = $1 AND id = $2 AND status = 'draft' AND source = $5";
pub const VERSION_KIND: &str = "SELECT kind, definition_id FROM definition_versions WHERE clinic_id = $1 AND id = $2";
pub const REPLAN_PATHWAY: &str = "UPDATE enrolments SET needs_planning = TRUE \
     WHERE clinic_id = $1 AND pathway_id = $2 AND status = 'active'";
pub const ACTIVE_ENROLMENTS_IN: &str = "SELECT COUNT(*) FROM enrolments WHERE clinic_id = $1 AND pathway_id = $2 AND status = 'active'";

/// $1 clinic, $2 questionnaire, $3 most patients.
pub const DRY_RUN_RECORDS: &str = "SELECT r.patient_id, p.name AS patient_name, r.id, r.enrolment_id, e.pathway_id, \
     i.timepoint, r.questionnaire_id, r.questionnaire_version, r.answers, r.scores, r.entry_mode, \
     s.name AS entered_by_name, r.submitted_at \
     FROM responses r JOIN patients p ON p.id = r.patient_id LEFT JOIN staff s ON s.id = r.entered_by \
     LEFT JOIN enrolments e ON e.id = r.enrolment_id LEFT JOIN invitations i ON i.id = r.invitation_id \
     WHERE r.clinic_id = $1 AND r.patient_id IN (SELECT patient_id FROM responses WHERE clinic_id = $1 \
     AND questionnaire_id = $2 GROUP BY patient_id ORDER BY MAX(submitted_at) DESC LIMIT $3) \
     ORDER BY r.patient_id, r.submitted_at, r.id";

pub const MAIL_TEXTS: &str = "SELECT kind, language, subject, body FROM mail_texts WHERE clinic_id = $1 ORDER BY kind, language";
pub const MAIL_TEXTS_EVERYWHERE: &str = "SELECT clinic_id, kind, language, subject, body FROM mail_texts";
pub const SET_MAIL_TEXT: &str = "INSERT INTO mail_texts (clinic_id, kind, language, subject, body, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (clinic_id, kind, language) DO UPDATE SET subject = excluded.subject, \
     body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
pub const RESET_MAIL_TEXT: &str = "DELETE FROM mail_texts WHERE clinic_id = $1 AND kind = $2 AND language = $3";
/// The clinic's draft of a definition, if there is one.
pub const DRAFT_OF: &str = "SELECT id FROM definition_versions WHERE clinic_id = $1 AND kind = $2 AND definition_id = $3 AND status = 'draft'";

/// Every statement above, by name, for the test that prepares each one
/// against both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<(&'static str, String)> {
    vec![
        ("versions", versions()),
        ("version", version()),
        ("version_by_id", version_by_id()),
        ("NEWEST_PUBLISHED", NEWEST_PUBLISHED.to_string()),
        ("NEWEST_PUBLISHED_EVERYWHERE", NEWEST_PUBLISHED_EVERYWHERE.to_string()),
        ("INSERT_DRAFT", INSERT_DRAFT.to_string()),
        ("SAVE_DRAFT_SOURCE", SAVE_DRAFT_SOURCE.to_string()),
        ("DISCARD_DRAFT", DISCARD_DRAFT.to_string()),
        ("PUBLISH", PUBLISH.to_string()),
        ("VERSION_KIND", VERSION_KIND.to_string()),
        ("REPLAN_PATHWAY", REPLAN_PATHWAY.to_string()),
        ("ACTIVE_ENROLMENTS_IN", ACTIVE_ENROLMENTS_IN.to_string()),
        ("DRY_RUN_RECORDS", DRY_RUN_RECORDS.to_string()),
        ("MAIL_TEXTS", MAIL_TEXTS.to_string()),
        ("MAIL_TEXTS_EVERYWHERE", MAIL_TEXTS_EVERYWHERE.to_string()),
        ("SET_MAIL_TEXT", SET_MAIL_TEXT.to_string()),
        ("RESET_MAIL_TEXT", RESET_MAIL_TEXT.to_string()),
        ("DRAFT_OF", DRAFT_OF.to_string()),
    ]
}
