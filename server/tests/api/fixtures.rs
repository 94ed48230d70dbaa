//! Answer sets shared by the integration tests and the benchmarks
//! (`server/benches/journey.rs` includes this file).

/// The answers of a follow-up where discharge lasted more than 14 days:
/// the red rule `persistent_discharge` fires.
pub const RED_FOLLOW_UP: &[(&str, &str)] = &[
    ("discharge", "yes"),
    ("discharge_days", "more_14"),
    ("discharge_episodes", "once"),
    ("drops_used", "yes"),
    ("discharge_now", "no"),
    ("discharge_blood", "no"),
    ("behind_ear", "no"),
    ("tube_seen", "no"),
    ("ear_pain", "sometimes"),
    ("fever", "rarely"),
    ("hearing_concern", "never"),
    ("speech_concern", "never"),
    ("sleep_trouble", "rarely"),
    ("mood", "rarely"),
    ("unwell_now", "no"),
    ("overall", "6"),
    ("contact", "no"),
];

/// A stable heart-failure home report: no flag fires on it alone.
pub const HEART_FAILURE_STABLE: &[(&str, &str)] = &[
    ("weight", "82,4"),
    ("breathless", "no_more_than_usual"),
    ("breathless_lying", "no"),
    ("swelling", "as_usual"),
    ("chest_pain", "no"),
    ("palpitations", "no"),
    ("dizzy", "no"),
    ("icd_shock", "no_icd"),
    ("contact", "no"),
];
