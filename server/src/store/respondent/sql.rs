//! The statements of this part of the store.

use crate::store::db::Statement;

/// An invitation of an ended enrolment reads as cancelled at once, before
/// the scheduler's next round cancels it: links and open answering
/// sessions stop when the clinic ends the follow-up.
pub const LINK_TARGET: Statement = Statement::new(
    "LINK_TARGET",
    "SELECT l.invitation_id, l.respondent_id, c.name AS clinic_name, \
     CASE WHEN e.status = 'ended' AND i.status = 'open' THEN 'cancelled' ELSE i.status END AS status, l.expires_at, \
     c.verify_birth_date, p.date_of_birth, i.birth_date_failures, r.language AS respondent_language FROM patient_links l \
     JOIN invitations i ON i.id = l.invitation_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN enrolments e ON e.id = i.enrolment_id JOIN respondents r ON r.id = l.respondent_id \
     JOIN patients p ON p.id = i.patient_id WHERE l.token_hash = $1",
);

/// Takes one attempt, if any is left ($2 is the limit).
pub const TAKE_BIRTH_DATE_ATTEMPT: Statement = Statement::new(
    "TAKE_BIRTH_DATE_ATTEMPT",
    "UPDATE invitations SET birth_date_failures = birth_date_failures + 1 \
     WHERE id = $1 AND birth_date_failures < $2 RETURNING birth_date_failures",
);

/// Gives back the attempt of a right date.
pub const RETURN_BIRTH_DATE_ATTEMPT: Statement = Statement::new(
    "RETURN_BIRTH_DATE_ATTEMPT",
    "UPDATE invitations SET birth_date_failures = birth_date_failures - 1 \
     WHERE id = $1 AND birth_date_failures > 0",
);

pub const INSERT_ANSWER_SESSION: Statement = Statement::new(
    "INSERT_ANSWER_SESSION",
    "INSERT INTO patient_sessions (token_hash, invitation_id, respondent_id, \
     created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
);

/// As [`LINK_TARGET`], an ended enrolment's invitation reads as cancelled.
pub const ANSWER_SESSION: Statement = Statement::new(
    "ANSWER_SESSION",
    "SELECT s.invitation_id, s.respondent_id, i.clinic_id, c.name AS clinic_name, \
     i.patient_id, p.name AS patient_name, i.enrolment_id, i.questionnaire_id, i.questionnaire_version, \
     CASE WHEN e.status = 'ended' AND i.status = 'open' THEN 'cancelled' ELSE i.status END AS status, \
     i.closes_on, c.time_zone, c.region, s.expires_at \
     FROM patient_sessions s JOIN invitations i ON i.id = s.invitation_id JOIN clinics c ON c.id = i.clinic_id \
     JOIN enrolments e ON e.id = i.enrolment_id \
     JOIN patients p ON p.id = i.patient_id WHERE s.token_hash = $1 AND s.expires_at > $2",
);

/// The flags of the response that answered an invitation, for the advice on
/// the receipt: rule id and the questionnaire version that raised it.
pub const ANSWERED_FLAGS: Statement = Statement::new(
    "ANSWERED_FLAGS",
    "SELECT f.rule_id, f.questionnaire_version FROM flags f \
     JOIN invitations i ON i.response_id = f.response_id WHERE i.id = $1 ORDER BY f.created_at, f.id",
);

/// The response that answered invitation $1, only if respondent $2 sent
/// it themselves in clinic $3: a second parent, or answers a member
/// entered from paper, are not this respondent's to copy.
pub const ANSWERED_RESPONSE: Statement = Statement::new(
    "ANSWERED_RESPONSE",
    "SELECT r.questionnaire_version, r.answers, r.submitted_at FROM responses r \
     JOIN invitations i ON i.response_id = r.id \
     WHERE i.id = $1 AND r.respondent_id = $2 AND r.entry_mode = 'respondent' AND r.clinic_id = $3",
);

pub const SAVE_DRAFT: Statement = Statement::new(
    "SAVE_DRAFT",
    "INSERT INTO drafts (invitation_id, respondent_id, answers, confirmed, updated_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invitation_id) DO UPDATE SET respondent_id = excluded.respondent_id, \
     answers = excluded.answers, confirmed = excluded.confirmed, updated_at = excluded.updated_at",
);

pub const DRAFT: Statement = Statement::new("DRAFT", "SELECT answers, confirmed FROM drafts WHERE invitation_id = $1");

pub const REQUEST_CONTACT: Statement = Statement::new(
    "REQUEST_CONTACT",
    "INSERT INTO worklist_items (id, clinic_id, patient_id, invitation_id, kind, \
     respondent_id, created_at) SELECT $1, clinic_id, patient_id, id, 'contact_request', $2, $3 FROM invitations \
     WHERE id = $4 ON CONFLICT (invitation_id, kind) WHERE status = 'open' DO NOTHING",
);

pub const INSERT_OUTBOX_FOR_INVITATION: Statement = Statement::new(
    "INSERT_OUTBOX_FOR_INVITATION",
    "INSERT INTO outbox (id, dedupe_key, clinic_id, recipient, subject, \
     body_text, body_html, created_at, next_attempt_at) SELECT $1, $2, clinic_id, $4, $5, $6, $7, $8, $8 \
     FROM invitations WHERE id = $3 ON CONFLICT (dedupe_key) DO NOTHING",
);

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        LINK_TARGET,
        TAKE_BIRTH_DATE_ATTEMPT,
        RETURN_BIRTH_DATE_ATTEMPT,
        INSERT_ANSWER_SESSION,
        ANSWER_SESSION,
        ANSWERED_FLAGS,
        ANSWERED_RESPONSE,
        SAVE_DRAFT,
        DRAFT,
        REQUEST_CONTACT,
        INSERT_OUTBOX_FOR_INVITATION,
    ]
}
