//! How long what has served its purpose is kept before the scheduler's
//! clean-up deletes it (the README states the same). Responses, flags,
//! decisions and the audit log are clinical records and are never pruned.

use time::Duration;

pub struct Retention;

impl Retention {
    /// Staff and answering sessions, after they expired (none: an expired
    /// session opens nothing).
    pub const EXPIRED_SESSIONS: Duration = Duration::ZERO;
    /// Failed sign-ins: the lockout counts 15 minutes; a day is kept to
    /// see an attack in the table.
    pub const SIGN_IN_FAILURES: Duration = Duration::days(1);
    /// Password reset links, after they expired (an hour after being sent).
    pub const EXPIRED_RESET_LINKS: Duration = Duration::days(7);
    /// Personal links, after their window closed: kept so that a parent who
    /// opens an old mail is told the questionnaire closed, not "unknown".
    pub const EXPIRED_PERSONAL_LINKS: Duration = Duration::days(90);
}
