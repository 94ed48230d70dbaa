//! SQL of the patient journey. Row locks differ by backend and are added
//! by each store (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's
//! immediate transaction already holds the only write lock).

/// Also after the window closed in the moment between the last page and
/// the submit: an answer is never thrown away.
pub const MARK_ANSWERED: &str = "UPDATE invitations SET status = 'answered', response_id = $2 \
     WHERE id = $1 AND status <> 'answered'";
pub const CLOSE_NO_RESPONSE_ENTRY: &str = "UPDATE worklist_entries SET status = 'closed' WHERE status = 'open' \
     AND id IN (SELECT id FROM worklist_items WHERE invitation_id = $1 AND kind = 'no_response')";
pub const CLOSE_NO_RESPONSE_ITEM: &str =
    "UPDATE worklist_items SET status = 'closed' WHERE invitation_id = $1 AND kind = 'no_response' AND status = 'open'";
pub const FINISH_JOBS_ANSWERED: &str = "UPDATE jobs SET done_at = $2, outcome = 'answered' \
     WHERE invitation_id = $1 AND done_at IS NULL";
pub const DELETE_DRAFT: &str = "DELETE FROM drafts WHERE invitation_id = $1";

pub const ENROLMENTS_TO_PLAN: &str = "SELECT e.id, e.clinic_id, e.pathway_id, e.index_date, e.status, e.planning_attempts, \
     c.time_zone FROM enrolments e JOIN clinics c ON c.id = e.clinic_id \
     WHERE e.needs_planning = TRUE AND (e.plan_after IS NULL OR e.plan_after <= $2) \
     ORDER BY e.created_at, e.id LIMIT $1";
pub const POSTPONE_PLANNING: &str = "UPDATE enrolments SET planning_attempts = planning_attempts + 1, plan_after = $2 WHERE id = $1";
pub const ENROLMENT_FOR_PLANNING: &str = "SELECT patient_id, index_date, status, needs_planning FROM enrolments WHERE id = $1";
pub const DELETE_PLANNED: &str = "DELETE FROM invitations WHERE enrolment_id = $1 AND status = 'planned'";
pub const EXISTING_TIMEPOINTS: &str = "SELECT timepoint, sequence FROM invitations WHERE enrolment_id = $1";
pub const INSERT_INVITATION: &str = "INSERT INTO invitations (id, clinic_id, patient_id, enrolment_id, timepoint, \
     sequence, questionnaire_id, opens_on, closes_on, status, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'planned', $10)";
pub const INSERT_JOB: &str = "INSERT INTO jobs (id, invitation_id, kind, run_at) VALUES ($1, $2, $3, $4)";
pub const CANCEL_OPEN: &str = "UPDATE invitations SET status = 'cancelled' WHERE enrolment_id = $1 AND status = 'open'";
pub const CANCEL_JOBS: &str = "UPDATE jobs SET done_at = $2, outcome = 'cancelled' WHERE done_at IS NULL \
     AND invitation_id IN (SELECT id FROM invitations WHERE enrolment_id = $1)";
pub const PLANNED: &str = "UPDATE enrolments SET needs_planning = FALSE, planning_attempts = 0, plan_after = NULL WHERE id = $1";

pub const DUE_JOBS: &str = "SELECT id, kind, invitation_id, attempts FROM jobs WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at, id LIMIT $2";
/// Open invitations with a saved draft whose close job is due, in the
/// jobs' own order.
pub const CLOSING_DRAFTS: &str = "SELECT i.id, i.clinic_id, i.patient_id, i.enrolment_id, i.questionnaire_id, \
     i.questionnaire_version, d.answers, d.confirmed FROM jobs j JOIN invitations i ON i.id = j.invitation_id \
     JOIN drafts d ON d.invitation_id = i.id \
     WHERE j.done_at IS NULL AND j.run_at <= $1 AND j.kind = 'close' AND i.status = 'open' \
     ORDER BY j.run_at, j.id LIMIT $2";
/// A flag the unsent answers of a no-response item would raise.
pub const INSERT_UNSENT_FLAG: &str = "INSERT INTO unsent_flags \
     (item_id, rule_id, level, message_da, message_en, explanation, questionnaire_version) VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// A no-response entry ranked by its unsent answers' most urgent flag.
pub const RANK_ENTRY: &str = "UPDATE worklist_entries SET rank = $2 WHERE id = $1";
/// One job, if it is still due (another process may have run it).
pub const DUE_JOB: &str = "SELECT id FROM jobs WHERE id = $1 AND done_at IS NULL AND run_at <= $2";
pub const POSTPONE_JOB: &str = "UPDATE jobs SET attempts = attempts + 1, run_at = $2 WHERE id = $1 AND done_at IS NULL";
pub const GIVE_UP_JOB: &str = "UPDATE jobs SET attempts = attempts + 1, done_at = $2, outcome = 'failed' WHERE id = $1 AND done_at IS NULL";
pub const JOB_CONTEXT: &str = "SELECT i.status, i.questionnaire_id, i.questionnaire_version, i.closes_on, i.clinic_id, i.patient_id, \
     i.enrolment_id, e.status AS enrolment_status, c.name AS clinic_name, c.time_zone, p.name AS patient_name \
     FROM invitations i JOIN enrolments e ON e.id = i.enrolment_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN patients p ON p.id = i.patient_id WHERE i.id = $1";
pub const RECIPIENTS: &str = "SELECT r.id, r.name, r.email, r.language FROM enrolment_respondents er \
     JOIN respondents r ON r.id = er.respondent_id WHERE er.enrolment_id = $1 ORDER BY r.created_at, r.id";
pub const OPEN_INVITATION: &str = "UPDATE invitations SET status = 'open', sent_at = $2, questionnaire_version = $3 WHERE id = $1";
pub const MISS_INVITATION: &str = "UPDATE invitations SET status = 'missed' WHERE id = $1";
pub const INSERT_NO_RESPONSE: &str = "INSERT INTO worklist_items (id, clinic_id, patient_id, invitation_id, kind, created_at) \
     SELECT $1, clinic_id, patient_id, id, 'no_response', $3 FROM invitations WHERE id = $2 \
     ON CONFLICT (invitation_id, kind) WHERE status = 'open' DO NOTHING";
pub const INSERT_LINK: &str = "INSERT INTO patient_links (token_hash, invitation_id, respondent_id, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)";
pub const INSERT_OUTBOX: &str = "INSERT INTO outbox (id, dedupe_key, clinic_id, recipient, subject, body_text, body_html, \
     created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (dedupe_key) DO NOTHING";
pub const FINISH_JOB: &str = "UPDATE jobs SET done_at = $2, outcome = $3 WHERE id = $1";

pub fn claim_outbox(skip_locked: &str) -> String {
    format!(
        "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN \
         (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $3 {skip_locked}) \
         RETURNING id, attempts, recipient, subject, body_text, body_html"
    )
}
pub const OUTBOX_SENT: &str = "UPDATE outbox SET sent_at = $2, body_text = '', body_html = NULL WHERE id = $1";
pub const OUTBOX_RETRY: &str = "UPDATE outbox SET next_attempt_at = $2 WHERE id = $1";
pub const OUTBOX_GIVE_UP: &str = "UPDATE outbox SET failed_at = $2, body_text = '', body_html = NULL WHERE id = $1";

/// An invitation of an ended enrolment reads as cancelled at once, before
/// the scheduler's next round cancels it: links and open answering
/// sessions stop when the clinic ends the follow-up.
pub const LINK_TARGET: &str = "SELECT l.invitation_id, l.respondent_id, c.name AS clinic_name, \
     CASE WHEN e.status = 'ended' AND i.status = 'open' THEN 'cancelled' ELSE i.status END AS status, l.expires_at, \
     c.verify_birth_date, p.date_of_birth, i.birth_date_failures, r.language AS respondent_language FROM patient_links l \
     JOIN invitations i ON i.id = l.invitation_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN enrolments e ON e.id = i.enrolment_id JOIN respondents r ON r.id = l.respondent_id \
     JOIN patients p ON p.id = i.patient_id WHERE l.token_hash = $1";
/// Takes one attempt, if any is left ($2 is the limit).
pub const TAKE_BIRTH_DATE_ATTEMPT: &str = "UPDATE invitations SET birth_date_failures = birth_date_failures + 1 \
     WHERE id = $1 AND birth_date_failures < $2 RETURNING birth_date_failures";
/// Gives back the attempt of a right date.
pub const RETURN_BIRTH_DATE_ATTEMPT: &str = "UPDATE invitations SET birth_date_failures = birth_date_failures - 1 \
     WHERE id = $1 AND birth_date_failures > 0";
pub const INSERT_ANSWER_SESSION: &str = "INSERT INTO patient_sessions (token_hash, invitation_id, respondent_id, \
     created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
/// As [`LINK_TARGET`], an ended enrolment's invitation reads as cancelled.
pub const ANSWER_SESSION: &str = "SELECT s.invitation_id, s.respondent_id, i.clinic_id, c.name AS clinic_name, \
     i.patient_id, p.name AS patient_name, i.enrolment_id, i.questionnaire_id, i.questionnaire_version, \
     CASE WHEN e.status = 'ended' AND i.status = 'open' THEN 'cancelled' ELSE i.status END AS status, \
     i.closes_on, c.time_zone, s.expires_at \
     FROM patient_sessions s JOIN invitations i ON i.id = s.invitation_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN enrolments e ON e.id = i.enrolment_id \
     JOIN patients p ON p.id = i.patient_id WHERE s.token_hash = $1 AND s.expires_at > $2";
/// The flags of the response that answered an invitation, for the advice on
/// the receipt: rule id and the questionnaire version that raised it.
pub const ANSWERED_FLAGS: &str = "SELECT f.rule_id, f.questionnaire_version FROM flags f \
     JOIN invitations i ON i.response_id = f.response_id WHERE i.id = $1 ORDER BY f.created_at, f.id";
pub const SAVE_DRAFT: &str = "INSERT INTO drafts (invitation_id, respondent_id, answers, confirmed, updated_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invitation_id) DO UPDATE SET respondent_id = excluded.respondent_id, \
     answers = excluded.answers, confirmed = excluded.confirmed, updated_at = excluded.updated_at";
pub const DRAFT: &str = "SELECT answers, confirmed FROM drafts WHERE invitation_id = $1";
pub const REQUEST_CONTACT: &str = "INSERT INTO worklist_items (id, clinic_id, patient_id, invitation_id, kind, \
     respondent_id, created_at) SELECT $1, clinic_id, patient_id, id, 'contact_request', $2, $3 FROM invitations \
     WHERE id = $4 ON CONFLICT (invitation_id, kind) WHERE status = 'open' DO NOTHING";
pub const PATIENT_INVITATIONS: &str = "SELECT id, enrolment_id, timepoint, sequence, questionnaire_id, opens_on, \
     closes_on, status, sent_at FROM invitations WHERE clinic_id = $1 AND patient_id = $2 \
     ORDER BY opens_on, timepoint, sequence";
pub const OPEN_WORKLIST_ITEMS: &str = "SELECT kind, invitation_id FROM worklist_items \
     WHERE clinic_id = $1 AND patient_id = $2 AND status = 'open' ORDER BY created_at, id";
pub const SET_VERIFY_BIRTH_DATE: &str = "UPDATE clinics SET verify_birth_date = $2 WHERE id = $1";
pub const INSERT_OUTBOX_FOR_INVITATION: &str = "INSERT INTO outbox (id, dedupe_key, clinic_id, recipient, subject, \
     body_text, body_html, created_at, next_attempt_at) SELECT $1, $2, clinic_id, $4, $5, $6, $7, $8, $8 \
     FROM invitations WHERE id = $3 ON CONFLICT (dedupe_key) DO NOTHING";
pub const CLINIC_NOTIFY_EMAIL: &str = "SELECT notify_email FROM clinics WHERE id = $1";
pub const SET_CLINIC_NOTIFY_EMAIL: &str = "UPDATE clinics SET notify_email = $2 WHERE id = $1";
pub const CLINIC_TIME_ZONE: &str = "SELECT time_zone FROM clinics WHERE id = $1";
pub const SET_CLINIC_TIME_ZONE: &str = "UPDATE clinics SET time_zone = $2 WHERE id = $1";

/// Every statement above, by name, for the test that prepares each one
/// against both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<(&'static str, String)> {
    vec![
        ("MARK_ANSWERED", MARK_ANSWERED.to_string()),
        ("CLOSE_NO_RESPONSE_ENTRY", CLOSE_NO_RESPONSE_ENTRY.to_string()),
        ("CLOSE_NO_RESPONSE_ITEM", CLOSE_NO_RESPONSE_ITEM.to_string()),
        ("FINISH_JOBS_ANSWERED", FINISH_JOBS_ANSWERED.to_string()),
        ("DELETE_DRAFT", DELETE_DRAFT.to_string()),
        ("ENROLMENTS_TO_PLAN", ENROLMENTS_TO_PLAN.to_string()),
        ("ENROLMENT_FOR_PLANNING", ENROLMENT_FOR_PLANNING.to_string()),
        ("DELETE_PLANNED", DELETE_PLANNED.to_string()),
        ("EXISTING_TIMEPOINTS", EXISTING_TIMEPOINTS.to_string()),
        ("INSERT_INVITATION", INSERT_INVITATION.to_string()),
        ("INSERT_JOB", INSERT_JOB.to_string()),
        ("CANCEL_OPEN", CANCEL_OPEN.to_string()),
        ("CANCEL_JOBS", CANCEL_JOBS.to_string()),
        ("PLANNED", PLANNED.to_string()),
        ("POSTPONE_PLANNING", POSTPONE_PLANNING.to_string()),
        ("DUE_JOBS", DUE_JOBS.to_string()),
        ("CLOSING_DRAFTS", CLOSING_DRAFTS.to_string()),
        ("INSERT_UNSENT_FLAG", INSERT_UNSENT_FLAG.to_string()),
        ("RANK_ENTRY", RANK_ENTRY.to_string()),
        ("DUE_JOB", DUE_JOB.to_string()),
        ("POSTPONE_JOB", POSTPONE_JOB.to_string()),
        ("GIVE_UP_JOB", GIVE_UP_JOB.to_string()),
        ("JOB_CONTEXT", JOB_CONTEXT.to_string()),
        ("RECIPIENTS", RECIPIENTS.to_string()),
        ("OPEN_INVITATION", OPEN_INVITATION.to_string()),
        ("MISS_INVITATION", MISS_INVITATION.to_string()),
        ("INSERT_NO_RESPONSE", INSERT_NO_RESPONSE.to_string()),
        ("INSERT_LINK", INSERT_LINK.to_string()),
        ("INSERT_OUTBOX", INSERT_OUTBOX.to_string()),
        ("FINISH_JOB", FINISH_JOB.to_string()),
        // With the backend's row locks in `store::statements`.
        ("claim_outbox", claim_outbox("")),
        ("OUTBOX_SENT", OUTBOX_SENT.to_string()),
        ("OUTBOX_RETRY", OUTBOX_RETRY.to_string()),
        ("OUTBOX_GIVE_UP", OUTBOX_GIVE_UP.to_string()),
        ("LINK_TARGET", LINK_TARGET.to_string()),
        ("TAKE_BIRTH_DATE_ATTEMPT", TAKE_BIRTH_DATE_ATTEMPT.to_string()),
        ("RETURN_BIRTH_DATE_ATTEMPT", RETURN_BIRTH_DATE_ATTEMPT.to_string()),
        ("INSERT_ANSWER_SESSION", INSERT_ANSWER_SESSION.to_string()),
        ("ANSWER_SESSION", ANSWER_SESSION.to_string()),
        ("ANSWERED_FLAGS", ANSWERED_FLAGS.to_string()),
        ("SAVE_DRAFT", SAVE_DRAFT.to_string()),
        ("DRAFT", DRAFT.to_string()),
        ("REQUEST_CONTACT", REQUEST_CONTACT.to_string()),
        ("PATIENT_INVITATIONS", PATIENT_INVITATIONS.to_string()),
        ("OPEN_WORKLIST_ITEMS", OPEN_WORKLIST_ITEMS.to_string()),
        ("SET_VERIFY_BIRTH_DATE", SET_VERIFY_BIRTH_DATE.to_string()),
        ("INSERT_OUTBOX_FOR_INVITATION", INSERT_OUTBOX_FOR_INVITATION.to_string()),
        ("CLINIC_NOTIFY_EMAIL", CLINIC_NOTIFY_EMAIL.to_string()),
        ("SET_CLINIC_NOTIFY_EMAIL", SET_CLINIC_NOTIFY_EMAIL.to_string()),
        ("CLINIC_TIME_ZONE", CLINIC_TIME_ZONE.to_string()),
        ("SET_CLINIC_TIME_ZONE", SET_CLINIC_TIME_ZONE.to_string()),
    ]
}
