//! The statements of this part of the store.

use crate::store::db::Statement;
use const_format::concatcp;

/// Clean-up, oldest first; `$1` is now minus the retention of each (see
/// `app::ports::Retention`).
pub const PRUNE_STAFF_SESSIONS: Statement = Statement::new("PRUNE_STAFF_SESSIONS", "DELETE FROM staff_sessions WHERE expires_at < $1");

pub const PRUNE_ANSWER_SESSIONS: Statement = Statement::new("PRUNE_ANSWER_SESSIONS", "DELETE FROM patient_sessions WHERE expires_at < $1");

pub const PRUNE_SIGN_IN_FAILURES: Statement = Statement::new("PRUNE_SIGN_IN_FAILURES", "DELETE FROM sign_in_failures WHERE at < $1");

pub const PRUNE_PASSWORD_RESETS: Statement = Statement::new("PRUNE_PASSWORD_RESETS", "DELETE FROM password_resets WHERE expires_at < $1");

pub const PRUNE_LINKS: Statement = Statement::new("PRUNE_LINKS", "DELETE FROM patient_links WHERE expires_at < $1");

pub const ENROLMENTS_TO_PLAN: Statement = Statement::new(
    "ENROLMENTS_TO_PLAN",
    "SELECT e.id, e.clinic_id, e.pathway_id, e.index_date, e.status, e.planning_attempts, \
     c.time_zone FROM enrolments e JOIN clinics c ON c.id = e.clinic_id \
     WHERE e.needs_planning = TRUE AND (e.plan_after IS NULL OR e.plan_after <= $2) \
     ORDER BY e.created_at, e.id LIMIT $1",
);

pub const POSTPONE_PLANNING: Statement =
    Statement::new("POSTPONE_PLANNING", "UPDATE enrolments SET planning_attempts = planning_attempts + 1, plan_after = $2 WHERE id = $1");

/// The enrolment being planned again; PostgreSQL locks its row until the
/// plan is written (SQLite's immediate transaction is already the lock).
pub const ENROLMENT_FOR_PLANNING: Statement =
    Statement::dialects("ENROLMENT_FOR_PLANNING", ENROLMENT_FOR_PLANNING_SQL, concatcp!(ENROLMENT_FOR_PLANNING_SQL, " FOR UPDATE"));

pub const DELETE_PLANNED: Statement = Statement::new("DELETE_PLANNED", "DELETE FROM invitations WHERE enrolment_id = $1 AND status = 'planned'");

pub const EXISTING_TIMEPOINTS: Statement =
    Statement::new("EXISTING_TIMEPOINTS", "SELECT timepoint, sequence FROM invitations WHERE enrolment_id = $1");

pub const INSERT_INVITATION: Statement = Statement::new(
    "INSERT_INVITATION",
    "INSERT INTO invitations (id, clinic_id, patient_id, enrolment_id, timepoint, \
     sequence, questionnaire_id, opens_on, closes_on, status, created_at, missed_after_days) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'planned', $10, $11)",
);

pub const INSERT_JOB: Statement = Statement::new("INSERT_JOB", "INSERT INTO jobs (id, invitation_id, kind, run_at) VALUES ($1, $2, $3, $4)");

pub const CANCEL_OPEN: Statement =
    Statement::new("CANCEL_OPEN", "UPDATE invitations SET status = 'cancelled' WHERE enrolment_id = $1 AND status = 'open'");

pub const CANCEL_JOBS: Statement = Statement::new(
    "CANCEL_JOBS",
    "UPDATE jobs SET done_at = $2, outcome = 'cancelled' WHERE done_at IS NULL \
     AND invitation_id IN (SELECT id FROM invitations WHERE enrolment_id = $1)",
);

pub const PLANNED: Statement =
    Statement::new("PLANNED", "UPDATE enrolments SET needs_planning = FALSE, planning_attempts = 0, plan_after = NULL WHERE id = $1");

/// Due jobs, claimed: on PostgreSQL a job another process holds is skipped.
pub const DUE_JOBS: Statement = Statement::dialects("DUE_JOBS", DUE_JOBS_SQL, concatcp!(DUE_JOBS_SQL, " FOR UPDATE SKIP LOCKED"));

/// Open invitations with a saved draft whose close job is due, in the
/// jobs' own order.
pub const CLOSING_DRAFTS: Statement = Statement::new(
    "CLOSING_DRAFTS",
    "SELECT i.id, i.clinic_id, i.patient_id, i.enrolment_id, i.questionnaire_id, \
     i.questionnaire_version, d.answers, d.confirmed FROM jobs j JOIN invitations i ON i.id = j.invitation_id \
     JOIN drafts d ON d.invitation_id = i.id \
     WHERE j.done_at IS NULL AND j.run_at <= $1 AND j.kind = 'close' AND i.status = 'open' \
     ORDER BY j.run_at, j.id LIMIT $2",
);

/// A flag the unsent answers of a no-response item would raise.
pub const INSERT_UNSENT_FLAG: Statement = Statement::new(
    "INSERT_UNSENT_FLAG",
    "INSERT INTO unsent_flags \
     (item_id, rule_id, level, message_da, message_en, explanation, questionnaire_version) VALUES ($1, $2, $3, $4, $5, $6, $7)",
);

/// A no-response entry ranked by its unsent answers' most urgent flag.
pub const RANK_ENTRY: Statement = Statement::new("RANK_ENTRY", "UPDATE worklist_entries SET rank = $2 WHERE id = $1");

/// One job, if it is still due (another process may have run it).
/// One job, claimed again on its own (as [`DUE_JOBS`]).
pub const DUE_JOB: Statement = Statement::dialects("DUE_JOB", DUE_JOB_SQL, concatcp!(DUE_JOB_SQL, " FOR UPDATE SKIP LOCKED"));

pub const POSTPONE_JOB: Statement =
    Statement::new("POSTPONE_JOB", "UPDATE jobs SET attempts = attempts + 1, run_at = $2 WHERE id = $1 AND done_at IS NULL");

pub const GIVE_UP_JOB: Statement =
    Statement::new("GIVE_UP_JOB", "UPDATE jobs SET attempts = attempts + 1, done_at = $2, outcome = 'failed' WHERE id = $1 AND done_at IS NULL");

pub const JOB_CONTEXT: Statement = Statement::new(
    "JOB_CONTEXT",
    "SELECT i.status, i.questionnaire_id, i.questionnaire_version, i.closes_on, i.clinic_id, i.patient_id, \
     i.enrolment_id, e.status AS enrolment_status, c.name AS clinic_name, c.sms_sender, c.time_zone, p.name AS patient_name, CAST(i.missed_after_days AS BIGINT) AS missed_after_days \
     FROM invitations i JOIN enrolments e ON e.id = i.enrolment_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN patients p ON p.id = i.patient_id WHERE i.id = $1",
);

pub const RECIPIENTS: Statement = Statement::new(
    "RECIPIENTS",
    "SELECT r.id, r.name, r.email, r.language, r.mobile, r.preferred_channel, r.sms_consent_at IS NOT NULL AS sms_consent \
     FROM enrolment_respondents er \
     JOIN respondents r ON r.id = er.respondent_id WHERE er.enrolment_id = $1 ORDER BY r.created_at, r.id",
);

pub const OPEN_INVITATION: Statement =
    Statement::new("OPEN_INVITATION", "UPDATE invitations SET status = 'open', sent_at = $2, questionnaire_version = $3 WHERE id = $1");

pub const MISS_INVITATION: Statement = Statement::new("MISS_INVITATION", "UPDATE invitations SET status = 'missed' WHERE id = $1");

pub const INSERT_NO_RESPONSE: Statement = Statement::new(
    "INSERT_NO_RESPONSE",
    "INSERT INTO worklist_items (id, clinic_id, patient_id, invitation_id, kind, created_at) \
     SELECT $1, clinic_id, patient_id, id, 'no_response', $3 FROM invitations WHERE id = $2 \
     ON CONFLICT (invitation_id, kind) WHERE status = 'open' DO NOTHING",
);

pub const INSERT_LINK: Statement = Statement::new(
    "INSERT_LINK",
    "INSERT INTO patient_links (token_hash, invitation_id, respondent_id, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)",
);

pub const INSERT_OUTBOX: Statement = Statement::new(
    "INSERT_OUTBOX",
    "INSERT INTO outbox (id, dedupe_key, clinic_id, recipient, subject, body_text, body_html, \
     created_at, next_attempt_at, channel, sender, invitation_id, respondent_id, job_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13) ON CONFLICT (dedupe_key) DO NOTHING",
);

/// One respondent of the enrolment, as [`RECIPIENTS`] reads them (none if
/// they were taken off it).
pub const RECIPIENT: Statement = Statement::new(
    "RECIPIENT",
    "SELECT r.id, r.name, r.email, r.language, r.mobile, r.preferred_channel, r.sms_consent_at IS NOT NULL AS sms_consent \
     FROM enrolment_respondents er \
     JOIN respondents r ON r.id = er.respondent_id WHERE er.enrolment_id = $1 AND r.id = $2",
);

/// An invitation's or reminder's messages that failed for good (given up,
/// refused by the gateway, or reported failed) and were not followed by
/// the next channel yet, oldest first.
pub const FAILED_MESSAGES: Statement = Statement::new(
    "FAILED_MESSAGES",
    "SELECT o.id, o.job_id, o.channel, o.invitation_id, o.respondent_id, j.kind FROM outbox o JOIN jobs j ON j.id = o.job_id \
     WHERE o.fallen_back_at IS NULL AND o.job_id IS NOT NULL AND (o.failed_at IS NOT NULL OR o.delivery IN ('failed', 'rejected')) \
     ORDER BY o.created_at, o.id LIMIT $1",
);

/// Takes a failed message to follow: no row if another process did.
pub const CLAIM_FALL_BACK: Statement =
    Statement::new("CLAIM_FALL_BACK", "UPDATE outbox SET fallen_back_at = $2 WHERE id = $1 AND fallen_back_at IS NULL");

pub const FINISH_JOB: Statement = Statement::new("FINISH_JOB", "UPDATE jobs SET done_at = $2, outcome = $3 WHERE id = $1");

/// Leases due mails; on PostgreSQL a mail another process holds is skipped.
pub const CLAIM_OUTBOX: Statement = Statement::dialects(
    "CLAIM_OUTBOX",
    concatcp!(CLAIM_OUTBOX_HEAD, CLAIM_OUTBOX_TAIL),
    concatcp!(CLAIM_OUTBOX_HEAD, " FOR UPDATE SKIP LOCKED", CLAIM_OUTBOX_TAIL),
);

/// Sent (an SMS: taken by the gateway, unless its report came first).
pub const OUTBOX_SENT: Statement = Statement::new(
    "OUTBOX_SENT",
    "UPDATE outbox SET sent_at = $2, body_text = '', body_html = NULL, \
     delivery = CASE WHEN channel = 'sms' AND delivery IS NULL THEN 'accepted' ELSE delivery END, \
     delivery_at = CASE WHEN channel = 'sms' AND delivery IS NULL THEN $2 ELSE delivery_at END WHERE id = $1",
);

/// An SMS the gateway refused for good: given up at once.
pub const OUTBOX_REJECTED: Statement = Statement::new(
    "OUTBOX_REJECTED",
    "UPDATE outbox SET failed_at = $2, body_text = '', body_html = NULL, delivery = 'rejected', delivery_at = $2 WHERE id = $1",
);

/// An SMS's delivery as it stands, to move it on (`Delivery::after`).
pub const SMS_DELIVERY: Statement = Statement::new("SMS_DELIVERY", "SELECT delivery FROM outbox WHERE id = $1 AND channel = 'sms'");

/// Moves an SMS's delivery on, if no other report moved it meanwhile. A
/// report means the gateway took the message: it counts as sent (and is
/// never sent again, even if the send's own answer was lost).
pub const SET_SMS_DELIVERY: Statement = Statement::new(
    "SET_SMS_DELIVERY",
    "UPDATE outbox SET delivery = $2, delivery_at = $3, sent_at = COALESCE(sent_at, $3), body_text = '' \
     WHERE id = $1 AND channel = 'sms' AND COALESCE(delivery, '') = $4",
);

/// The key of report addresses: made once (the first replica to start
/// wins), then read by all.
pub const INSERT_SECRET: Statement =
    Statement::new("INSERT_SECRET", "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");

pub const SECRET: Statement = Statement::new("SECRET", "SELECT value FROM secrets WHERE name = $1");

pub const OUTBOX_RETRY: Statement = Statement::new("OUTBOX_RETRY", "UPDATE outbox SET next_attempt_at = $2 WHERE id = $1");

pub const OUTBOX_GIVE_UP: Statement =
    Statement::new("OUTBOX_GIVE_UP", "UPDATE outbox SET failed_at = $2, body_text = '', body_html = NULL WHERE id = $1");

const ENROLMENT_FOR_PLANNING_SQL: &str = "SELECT patient_id, index_date, status, needs_planning FROM enrolments WHERE id = $1";

const DUE_JOBS_SQL: &str = "SELECT id, kind, invitation_id, attempts FROM jobs WHERE done_at IS NULL AND run_at <= $1 ORDER BY run_at, id LIMIT $2";

const DUE_JOB_SQL: &str = "SELECT id FROM jobs WHERE id = $1 AND done_at IS NULL AND run_at <= $2";

const CLAIM_OUTBOX_HEAD: &str = "UPDATE outbox SET next_attempt_at = $2, attempts = attempts + 1 WHERE id IN \
     (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND delivery IS NULL AND next_attempt_at <= $1 \
     ORDER BY next_attempt_at, id LIMIT $3";
const CLAIM_OUTBOX_TAIL: &str = ") RETURNING id, attempts, channel, recipient, sender, subject, body_text, body_html";

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
/// Active enrolments' series watched for gaps that still run (see
/// `app::schedule::missed_reports`): when the first invitation opened,
/// when the last report came, and the latest gap already raised.
pub const WATCHED_SERIES: Statement = Statement::new(
    "WATCHED_SERIES",
    "SELECT i.clinic_id, i.patient_id, i.enrolment_id, i.timepoint, CAST(MAX(i.missed_after_days) AS BIGINT) AS missed_after_days, \
     c.time_zone, MIN(CASE WHEN i.status IN ('open', 'answered', 'missed') THEN i.opens_on END) AS first_opened_on, \
     (SELECT MAX(r.submitted_at) FROM responses r JOIN invitations ri ON ri.id = r.invitation_id \
      WHERE ri.enrolment_id = i.enrolment_id AND ri.timepoint = i.timepoint) AS last_report_at, \
     (SELECT MAX(w.missed_since) FROM worklist_items w JOIN invitations wi ON wi.id = w.invitation_id \
      WHERE wi.enrolment_id = i.enrolment_id AND wi.timepoint = i.timepoint) AS raised_since \
     FROM invitations i JOIN enrolments e ON e.id = i.enrolment_id JOIN clinics c ON c.id = i.clinic_id \
     WHERE i.missed_after_days IS NOT NULL AND e.status = 'active' \
     GROUP BY i.clinic_id, i.patient_id, i.enrolment_id, i.timepoint, c.time_zone \
     HAVING SUM(CASE WHEN i.status IN ('open', 'planned') THEN 1 ELSE 0 END) > 0 \
     AND MIN(CASE WHEN i.status IN ('open', 'answered', 'missed') THEN i.opens_on END) IS NOT NULL \
     ORDER BY i.enrolment_id, i.timepoint",
);

/// The series' latest sent invitation, which a gap's item is attached to.
pub const LATEST_SENT_IN_SERIES: Statement = Statement::new(
    "LATEST_SENT_IN_SERIES",
    "SELECT id FROM invitations WHERE enrolment_id = $1 AND timepoint = $2 \
     AND status IN ('open', 'answered', 'missed') ORDER BY opens_on DESC, sequence DESC LIMIT 1",
);

pub const INSERT_MISSED_REPORTS: Statement = Statement::new(
    "INSERT_MISSED_REPORTS",
    "INSERT INTO worklist_items (id, clinic_id, patient_id, invitation_id, kind, created_at, missed_since) \
     SELECT $1, clinic_id, patient_id, id, 'no_response', $3, $4 FROM invitations WHERE id = $2 \
     ON CONFLICT (invitation_id, kind) WHERE status = 'open' DO NOTHING",
);

pub fn statements() -> Vec<Statement> {
    vec![
        WATCHED_SERIES,
        LATEST_SENT_IN_SERIES,
        INSERT_MISSED_REPORTS,
        PRUNE_STAFF_SESSIONS,
        PRUNE_ANSWER_SESSIONS,
        PRUNE_SIGN_IN_FAILURES,
        PRUNE_PASSWORD_RESETS,
        PRUNE_LINKS,
        ENROLMENTS_TO_PLAN,
        POSTPONE_PLANNING,
        ENROLMENT_FOR_PLANNING,
        DELETE_PLANNED,
        EXISTING_TIMEPOINTS,
        INSERT_INVITATION,
        INSERT_JOB,
        CANCEL_OPEN,
        CANCEL_JOBS,
        PLANNED,
        DUE_JOBS,
        CLOSING_DRAFTS,
        INSERT_UNSENT_FLAG,
        RANK_ENTRY,
        DUE_JOB,
        POSTPONE_JOB,
        GIVE_UP_JOB,
        JOB_CONTEXT,
        RECIPIENTS,
        RECIPIENT,
        FAILED_MESSAGES,
        CLAIM_FALL_BACK,
        OPEN_INVITATION,
        MISS_INVITATION,
        INSERT_NO_RESPONSE,
        INSERT_LINK,
        INSERT_OUTBOX,
        FINISH_JOB,
        CLAIM_OUTBOX,
        OUTBOX_SENT,
        OUTBOX_RETRY,
        OUTBOX_GIVE_UP,
        OUTBOX_REJECTED,
        SMS_DELIVERY,
        SET_SMS_DELIVERY,
        INSERT_SECRET,
        SECRET,
    ]
}
