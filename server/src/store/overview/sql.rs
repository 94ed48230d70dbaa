//! The statements of this part of the store.

use crate::store::db::Statement;

/// Invitations sent, answered and flagged per clinic, questionnaire and
/// time point (`app::overview::comparison` decides what a clinic is shown
/// of the others).
pub const OVERVIEW: Statement = Statement::new(
    "OVERVIEW",
    "SELECT i.clinic_id, i.questionnaire_id, i.timepoint, \
     CAST(SUM(CASE WHEN i.status IN ('open', 'answered', 'missed') THEN 1 ELSE 0 END) AS BIGINT) AS sent, \
     CAST(SUM(CASE WHEN i.status = 'answered' THEN 1 ELSE 0 END) AS BIGINT) AS answered, \
     CAST(SUM(CASE WHEN i.status = 'answered' AND EXISTS (SELECT 1 FROM flags f WHERE f.response_id = i.response_id) \
         THEN 1 ELSE 0 END) AS BIGINT) AS flagged \
     FROM invitations i WHERE ($1 IS NULL OR i.clinic_id = $1) \
     GROUP BY i.clinic_id, i.questionnaire_id, i.timepoint ORDER BY i.questionnaire_id, i.timepoint",
);

/// Each score's count, sum, lowest and highest value per clinic and UTC
/// month. The
/// responses given on the first or last UTC day of a month are summed per
/// instant (`near_turn`), since the clinic's month of those depends on its
/// zone; the app puts them in its months (`app::overview::months`).
/// Scores are JSON objects on SQLite and JSONB on PostgreSQL, so each
/// dialect reads them its own way.
pub const SCORE_SUMS: Statement = Statement::dialects(
    "SCORE_SUMS",
    "SELECT r.clinic_id, r.questionnaire_id, strftime('%Y-%m', r.submitted_at) AS month, \
     CASE WHEN strftime('%d', r.submitted_at) = '01' OR strftime('%d', r.submitted_at, '+1 day') = '01' \
         THEN r.submitted_at END AS near_turn, \
     j.key AS score, COUNT(*) AS n, CAST(SUM(j.value) AS REAL) AS total, CAST(MIN(j.value) AS REAL) AS lo, CAST(MAX(j.value) AS REAL) AS hi \
     FROM responses r, json_each(r.scores) j WHERE j.type IN ('integer', 'real') AND ($1 IS NULL OR r.clinic_id = $1) \
     GROUP BY r.clinic_id, r.questionnaire_id, month, near_turn, j.key",
    "SELECT r.clinic_id, r.questionnaire_id, to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, \
     CASE WHEN EXTRACT(DAY FROM r.submitted_at AT TIME ZONE 'UTC') = 1 \
         OR EXTRACT(DAY FROM (r.submitted_at AT TIME ZONE 'UTC') + INTERVAL '1 day') = 1 THEN r.submitted_at END AS near_turn, \
     j.key AS score, COUNT(*) AS n, SUM(j.value::float8) AS total, MIN(j.value::float8) AS lo, MAX(j.value::float8) AS hi \
     FROM responses r, jsonb_each(r.scores) j WHERE jsonb_typeof(j.value) = 'number' AND ($1::uuid IS NULL OR r.clinic_id = $1) \
     GROUP BY r.clinic_id, r.questionnaire_id, month, near_turn, j.key",
);

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![OVERVIEW, SCORE_SUMS]
}
