//! SQL both backends run unchanged. sqlx binds `$1`, `$2`… positionally on
//! SQLite as on PostgreSQL.

pub const PING: &str = "SELECT 1";

pub const INSERT_CLINIC: &str = "INSERT INTO clinics (id, slug, name, created_at) VALUES ($1, $2, $3, $4)";
pub const CLINIC_BY_SLUG: &str = "SELECT id, slug, name, created_at FROM clinics WHERE slug = $1";
pub const LIST_CLINICS: &str = "SELECT id, slug, name, created_at FROM clinics ORDER BY name, id";

pub const INSERT_STAFF: &str = "INSERT INTO staff (id, email, name, password_hash, must_change_password, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";
pub const UPSERT_MEMBERSHIP: &str = "INSERT INTO memberships (staff_id, clinic_id, role) VALUES ($1, $2, $3) \
     ON CONFLICT (staff_id, clinic_id) DO UPDATE SET role = excluded.role";
pub const STAFF_CREDENTIALS: &str = "SELECT id, email, name, must_change_password, password_hash FROM staff WHERE email = $1";
pub const MEMBERSHIPS: &str = "SELECT c.id, c.slug, c.name, c.created_at, m.role FROM memberships m \
     JOIN clinics c ON c.id = m.clinic_id WHERE m.staff_id = $1 ORDER BY c.name, c.id";
pub const CLINIC_STAFF: &str = "SELECT s.id, s.email, s.name, s.must_change_password, m.role FROM memberships m \
     JOIN staff s ON s.id = m.staff_id WHERE m.clinic_id = $1 ORDER BY s.name, s.id";
pub const SET_PASSWORD: &str = "UPDATE staff SET password_hash = $2, must_change_password = $3 WHERE id = $1";
pub const INSERT_SESSION: &str = "INSERT INTO staff_sessions (token_hash, staff_id, clinic_id, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)";
pub const SESSION: &str = "SELECT s.expires_at, st.id AS staff_id, st.email, st.name AS staff_name, \
     st.must_change_password, c.id AS clinic_id, c.slug, c.name AS clinic_name, c.created_at AS clinic_created_at, m.role \
     FROM staff_sessions s \
     JOIN staff st ON st.id = s.staff_id \
     JOIN memberships m ON m.staff_id = s.staff_id AND m.clinic_id = s.clinic_id \
     JOIN clinics c ON c.id = s.clinic_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2";
pub const DELETE_SESSION: &str = "DELETE FROM staff_sessions WHERE token_hash = $1";
pub const DELETE_SESSIONS_OF: &str = "DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2";
pub const INSERT_SIGN_IN_FAILURE: &str = "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)";
pub const COUNT_SIGN_IN_FAILURES: &str = "SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at > $2";
pub const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE key = $1";

pub const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, staff_id, clinic_id, patient_id, action, outcome, client, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const AUDIT_SELECT: &str = "SELECT a.seq, a.at, a.staff_id, s.name AS staff_name, a.patient_id, a.action, a.outcome, \
     a.client, a.detail FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id";
pub fn audit_for_patient() -> String {
    format!("{AUDIT_SELECT} WHERE a.clinic_id = $1 AND a.patient_id = $2 ORDER BY a.seq DESC")
}
pub fn recent_audit() -> String {
    format!("{AUDIT_SELECT} WHERE a.clinic_id = $1 ORDER BY a.seq DESC LIMIT $2")
}

pub const DUPLICATE_CANDIDATES: &str = "SELECT id, national_id_key, name_birth_key FROM patients \
     WHERE clinic_id = $1 AND (national_id_key = $2 OR name_birth_key = $3)";
pub const INSERT_PATIENT: &str = "INSERT INTO patients (id, clinic_id, name, date_of_birth, national_id, email, \
     national_id_key, name_birth_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub const INSERT_RESPONDENT: &str = "INSERT INTO respondents (id, clinic_id, patient_id, name, email, relation, \
     language, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const INSERT_ENROLMENT: &str = "INSERT INTO enrolments (id, clinic_id, patient_id, pathway_id, index_date, status, \
     created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $7)";
pub const INSERT_ENROLMENT_RESPONDENT: &str = "INSERT INTO enrolment_respondents (enrolment_id, respondent_id) VALUES ($1, $2)";
pub const INSERT_ENROLMENT_EVENT: &str =
    "INSERT INTO enrolment_events (id, enrolment_id, at, staff_id, kind, detail) VALUES ($1, $2, $3, $4, $5, $6)";
pub const LIST_PATIENTS: &str = "SELECT p.id, p.name, p.date_of_birth, \
     (SELECT COUNT(*) FROM enrolments e WHERE e.patient_id = p.id AND e.status = 'active') AS active_enrolments \
     FROM patients p WHERE p.clinic_id = $1 ORDER BY p.name, p.id";
pub const PATIENT: &str = "SELECT id, name, date_of_birth, national_id, email, created_at FROM patients \
     WHERE clinic_id = $1 AND id = $2";
pub const PATIENT_RESPONDENTS: &str = "SELECT id, name, email, relation, language FROM respondents \
     WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at, name";
pub const PATIENT_ENROLMENTS: &str = "SELECT id, pathway_id, index_date, status, status_reason, created_at \
     FROM enrolments WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at";
pub const PATIENT_ENROLMENT_RESPONDENTS: &str = "SELECT er.enrolment_id, er.respondent_id \
     FROM enrolment_respondents er JOIN enrolments e ON e.id = er.enrolment_id \
     WHERE e.clinic_id = $1 AND e.patient_id = $2";
pub const PATIENT_HISTORY: &str = "SELECT ev.enrolment_id, ev.at, ev.kind, ev.detail, s.name AS staff_name \
     FROM enrolment_events ev JOIN enrolments e ON e.id = ev.enrolment_id LEFT JOIN staff s ON s.id = ev.staff_id \
     WHERE e.clinic_id = $1 AND e.patient_id = $2 ORDER BY ev.seq";
pub const ENROLMENT_FOR_CHANGE: &str = "SELECT patient_id, index_date, status FROM enrolments WHERE clinic_id = $1 AND id = $2";
// The `status <> 'ended'` guards make an ended enrolment final even when two
// changes race.
pub const SET_INDEX_DATE: &str =
    "UPDATE enrolments SET index_date = $3, needs_planning = TRUE WHERE clinic_id = $1 AND id = $2 AND status <> 'ended'";
pub const SET_STATUS: &str = "UPDATE enrolments SET status = $3, status_reason = $4, needs_planning = TRUE \
     WHERE clinic_id = $1 AND id = $2 AND status <> 'ended'";

/// Clean-up, oldest first; `$1` is now minus the retention of each (see
/// `app::ports::Retention`).
pub const PRUNE_STAFF_SESSIONS: &str = "DELETE FROM staff_sessions WHERE expires_at < $1";
pub const PRUNE_ANSWER_SESSIONS: &str = "DELETE FROM patient_sessions WHERE expires_at < $1";
pub const PRUNE_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE at < $1";
pub const PRUNE_PASSWORD_RESETS: &str = "DELETE FROM password_resets WHERE expires_at < $1";
pub const PRUNE_LINKS: &str = "DELETE FROM patient_links WHERE expires_at < $1";

pub const INSERT_PASSWORD_RESET: &str = "INSERT INTO password_resets (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
pub const USE_PASSWORD_RESET: &str = "UPDATE password_resets SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING staff_id";

/// The response stored under a submission key, if it is the same
/// submission: the same clinic, patient and invitation (or none). A key
/// that names another clinic's, patient's or invitation's response is not
/// "already stored" (the caller's answers would be lost behind it).
pub const RESPONSE_BY_KEY: &str = "SELECT id FROM responses WHERE submission_key = $1 AND clinic_id = $2 AND patient_id = $3 \
     AND (invitation_id = $4 OR (invitation_id IS NULL AND $4 IS NULL))";
pub const INSERT_RESPONSE: &str = "INSERT INTO responses (id, clinic_id, patient_id, enrolment_id, questionnaire_id, \
     questionnaire_version, answers, scores, entry_mode, respondent_id, entered_by, submission_key, submitted_at, invitation_id, \
     has_comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (submission_key) DO NOTHING";
pub const INSERT_FLAG: &str = "INSERT INTO flags (id, clinic_id, patient_id, response_id, rule_id, level, message_da, \
     message_en, explanation, questionnaire_version, status, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)";
pub const PATIENT_RESPONSES: &str = "SELECT r.id, r.enrolment_id, e.pathway_id, i.timepoint, r.questionnaire_id, \
     r.questionnaire_version, r.answers, r.scores, r.entry_mode, s.name AS entered_by_name, r.submitted_at \
     FROM responses r LEFT JOIN staff s ON s.id = r.entered_by \
     LEFT JOIN enrolments e ON e.id = r.enrolment_id LEFT JOIN invitations i ON i.id = r.invitation_id \
     WHERE r.clinic_id = $1 AND r.patient_id = $2 ORDER BY r.submitted_at, r.id";
pub const PATIENT_FLAGS: &str = "SELECT id, response_id, rule_id, level, message_da, message_en, explanation, \
     questionnaire_version, status FROM flags WHERE clinic_id = $1 AND patient_id = $2 ORDER BY created_at, id";
pub const EXPIRE_PASSWORD_RESETS: &str = "UPDATE password_resets SET used_at = $2 WHERE staff_id = $1 AND used_at IS NULL";

/// Every statement above, by name, for the test that prepares each one
/// against both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<(&'static str, String)> {
    vec![
        ("PING", PING.to_string()),
        ("INSERT_CLINIC", INSERT_CLINIC.to_string()),
        ("CLINIC_BY_SLUG", CLINIC_BY_SLUG.to_string()),
        ("LIST_CLINICS", LIST_CLINICS.to_string()),
        ("INSERT_STAFF", INSERT_STAFF.to_string()),
        ("UPSERT_MEMBERSHIP", UPSERT_MEMBERSHIP.to_string()),
        ("STAFF_CREDENTIALS", STAFF_CREDENTIALS.to_string()),
        ("MEMBERSHIPS", MEMBERSHIPS.to_string()),
        ("CLINIC_STAFF", CLINIC_STAFF.to_string()),
        ("SET_PASSWORD", SET_PASSWORD.to_string()),
        ("INSERT_SESSION", INSERT_SESSION.to_string()),
        ("SESSION", SESSION.to_string()),
        ("DELETE_SESSION", DELETE_SESSION.to_string()),
        ("DELETE_SESSIONS_OF", DELETE_SESSIONS_OF.to_string()),
        ("INSERT_SIGN_IN_FAILURE", INSERT_SIGN_IN_FAILURE.to_string()),
        ("COUNT_SIGN_IN_FAILURES", COUNT_SIGN_IN_FAILURES.to_string()),
        ("CLEAR_SIGN_IN_FAILURES", CLEAR_SIGN_IN_FAILURES.to_string()),
        ("INSERT_AUDIT", INSERT_AUDIT.to_string()),
        ("audit_for_patient", audit_for_patient()),
        ("recent_audit", recent_audit()),
        ("DUPLICATE_CANDIDATES", DUPLICATE_CANDIDATES.to_string()),
        ("INSERT_PATIENT", INSERT_PATIENT.to_string()),
        ("INSERT_RESPONDENT", INSERT_RESPONDENT.to_string()),
        ("INSERT_ENROLMENT", INSERT_ENROLMENT.to_string()),
        ("INSERT_ENROLMENT_RESPONDENT", INSERT_ENROLMENT_RESPONDENT.to_string()),
        ("INSERT_ENROLMENT_EVENT", INSERT_ENROLMENT_EVENT.to_string()),
        ("LIST_PATIENTS", LIST_PATIENTS.to_string()),
        ("PATIENT", PATIENT.to_string()),
        ("PATIENT_RESPONDENTS", PATIENT_RESPONDENTS.to_string()),
        ("PATIENT_ENROLMENTS", PATIENT_ENROLMENTS.to_string()),
        ("PATIENT_ENROLMENT_RESPONDENTS", PATIENT_ENROLMENT_RESPONDENTS.to_string()),
        ("PATIENT_HISTORY", PATIENT_HISTORY.to_string()),
        ("ENROLMENT_FOR_CHANGE", ENROLMENT_FOR_CHANGE.to_string()),
        ("SET_INDEX_DATE", SET_INDEX_DATE.to_string()),
        ("SET_STATUS", SET_STATUS.to_string()),
        ("PRUNE_STAFF_SESSIONS", PRUNE_STAFF_SESSIONS.to_string()),
        ("PRUNE_ANSWER_SESSIONS", PRUNE_ANSWER_SESSIONS.to_string()),
        ("PRUNE_SIGN_IN_FAILURES", PRUNE_SIGN_IN_FAILURES.to_string()),
        ("PRUNE_PASSWORD_RESETS", PRUNE_PASSWORD_RESETS.to_string()),
        ("PRUNE_LINKS", PRUNE_LINKS.to_string()),
        ("INSERT_PASSWORD_RESET", INSERT_PASSWORD_RESET.to_string()),
        ("USE_PASSWORD_RESET", USE_PASSWORD_RESET.to_string()),
        ("RESPONSE_BY_KEY", RESPONSE_BY_KEY.to_string()),
        ("INSERT_RESPONSE", INSERT_RESPONSE.to_string()),
        ("INSERT_FLAG", INSERT_FLAG.to_string()),
        ("PATIENT_RESPONSES", PATIENT_RESPONSES.to_string()),
        ("PATIENT_FLAGS", PATIENT_FLAGS.to_string()),
        ("EXPIRE_PASSWORD_RESETS", EXPIRE_PASSWORD_RESETS.to_string()),
    ]
}
