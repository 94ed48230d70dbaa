//! The statements of this part of the store.

use crate::store::db::Statement;

pub const STAFF_CREDENTIALS: Statement =
    Statement::new("STAFF_CREDENTIALS", "SELECT id, email, name, must_change_password, password_hash FROM staff WHERE email = $1");

pub const MEMBERSHIPS: Statement = Statement::new(
    "MEMBERSHIPS",
    "SELECT c.id, c.slug, c.name, c.created_at, m.role FROM memberships m \
     JOIN clinics c ON c.id = m.clinic_id WHERE m.staff_id = $1 ORDER BY c.name, c.id",
);

pub const SET_PASSWORD: Statement = Statement::new("SET_PASSWORD", "UPDATE staff SET password_hash = $2, must_change_password = $3 WHERE id = $1");

pub const INSERT_SESSION: Statement = Statement::new(
    "INSERT_SESSION",
    "INSERT INTO staff_sessions (token_hash, staff_id, clinic_id, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)",
);

pub const SESSION: Statement = Statement::new(
    "SESSION",
    "SELECT s.expires_at, st.id AS staff_id, st.email, st.name AS staff_name, \
     st.must_change_password, c.id AS clinic_id, c.slug, c.name AS clinic_name, c.created_at AS clinic_created_at, m.role \
     FROM staff_sessions s \
     JOIN staff st ON st.id = s.staff_id \
     JOIN memberships m ON m.staff_id = s.staff_id AND m.clinic_id = s.clinic_id \
     JOIN clinics c ON c.id = s.clinic_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2",
);

pub const DELETE_SESSION: Statement = Statement::new("DELETE_SESSION", "DELETE FROM staff_sessions WHERE token_hash = $1");

pub const DELETE_SESSIONS_OF: Statement = Statement::new("DELETE_SESSIONS_OF", "DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2");

pub const INSERT_SIGN_IN_FAILURE: Statement = Statement::new("INSERT_SIGN_IN_FAILURE", "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)");

pub const COUNT_SIGN_IN_FAILURES: Statement =
    Statement::new("COUNT_SIGN_IN_FAILURES", "SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at > $2");

pub const CLEAR_SIGN_IN_FAILURES: Statement = Statement::new("CLEAR_SIGN_IN_FAILURES", "DELETE FROM sign_in_failures WHERE key = $1");

pub const INSERT_PASSWORD_RESET: Statement =
    Statement::new("INSERT_PASSWORD_RESET", "INSERT INTO password_resets (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)");

pub const PASSWORD_RESET_ACCOUNT: Statement = Statement::new(
    "PASSWORD_RESET_ACCOUNT",
    "SELECT s.id, s.email, s.name, s.must_change_password FROM password_resets r JOIN staff s ON s.id = r.staff_id \
     WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2",
);
pub const USE_PASSWORD_RESET: Statement = Statement::new(
    "USE_PASSWORD_RESET",
    "UPDATE password_resets SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING staff_id",
);

pub const EXPIRE_PASSWORD_RESETS: Statement =
    Statement::new("EXPIRE_PASSWORD_RESETS", "UPDATE password_resets SET used_at = $2 WHERE staff_id = $1 AND used_at IS NULL");

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        STAFF_CREDENTIALS,
        MEMBERSHIPS,
        SET_PASSWORD,
        INSERT_SESSION,
        SESSION,
        DELETE_SESSION,
        DELETE_SESSIONS_OF,
        INSERT_SIGN_IN_FAILURE,
        COUNT_SIGN_IN_FAILURES,
        CLEAR_SIGN_IN_FAILURES,
        INSERT_PASSWORD_RESET,
        PASSWORD_RESET_ACCOUNT,
        USE_PASSWORD_RESET,
        EXPIRE_PASSWORD_RESETS,
    ]
}
