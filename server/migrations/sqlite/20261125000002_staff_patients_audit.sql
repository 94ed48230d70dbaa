-- Staff, their roles per clinic, sessions and sign-in throttling; patients,
-- the respondents who answer for them, enrolments into pathways; and the
-- append-only audit log.

-- A person who works in one or more clinics. Emails are stored lowercased.
CREATE TABLE staff (
    id                   BLOB PRIMARY KEY NOT NULL,
    email                TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    -- Set when an admin chose the password: the owner must replace it.
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL
) STRICT;

-- Role per clinic: 'admin' manages staff, definitions and enrolments;
-- 'clinician' works the worklist and patients.
CREATE TABLE memberships (
    staff_id  BLOB NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    clinic_id BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('admin', 'clinician')),
    PRIMARY KEY (staff_id, clinic_id)
) STRICT;

-- Signed-in sessions. Only a SHA-256 of the cookie value is stored, so a
-- copy of the database cannot be used to sign in.
CREATE TABLE staff_sessions (
    token_hash   BLOB PRIMARY KEY NOT NULL,
    staff_id     BLOB NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    clinic_id    BLOB NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Failed sign-ins, by account email and by client address, counted over a
-- sliding window. In the database so that every replica sees them.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at  TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

CREATE TABLE patients (
    id            BLOB PRIMARY KEY NOT NULL,
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    name          TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    national_id   TEXT,
    email         TEXT,
    -- Keys that find likely duplicates within the clinic
    -- (app::domain::patient::DuplicateKeys).
    national_id_key TEXT,
    name_birth_key  TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX patients_clinic_name ON patients (clinic_id, name);
CREATE INDEX patients_clinic_national_id ON patients (clinic_id, national_id_key);
CREATE INDEX patients_clinic_name_birth ON patients (clinic_id, name_birth_key);

-- Someone who answers for a patient: a parent, a guardian, or the patient.
CREATE TABLE respondents (
    id         BLOB PRIMARY KEY NOT NULL,
    clinic_id  BLOB NOT NULL REFERENCES clinics (id),
    patient_id BLOB NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    relation   TEXT NOT NULL,
    language   TEXT NOT NULL CHECK (language IN ('da', 'en')),
    created_at TEXT NOT NULL,
    UNIQUE (patient_id, email)
) STRICT;

CREATE TABLE enrolments (
    id            BLOB PRIMARY KEY NOT NULL,
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    patient_id    BLOB NOT NULL REFERENCES patients (id),
    pathway_id    TEXT NOT NULL,
    index_date    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    status_reason TEXT,
    created_by    BLOB NOT NULL REFERENCES staff (id),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX enrolments_clinic_patient ON enrolments (clinic_id, patient_id);

-- Who answers in an enrolment.
CREATE TABLE enrolment_respondents (
    enrolment_id  BLOB NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    respondent_id BLOB NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    PRIMARY KEY (enrolment_id, respondent_id)
) STRICT;

-- Every change to an enrolment (index date moved, paused, ended), kept.
CREATE TABLE enrolment_events (
    -- Insertion order: events in one instant still read back in order.
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           BLOB NOT NULL UNIQUE,
    enrolment_id BLOB NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    staff_id     BLOB NOT NULL REFERENCES staff (id),
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL
) STRICT;

-- Who read or changed which patient's data, when and from where. The
-- triggers make it append-only for everyone, the application included.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    staff_id   BLOB,
    clinic_id  BLOB,
    patient_id BLOB,
    action     TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
    client     TEXT NOT NULL,
    detail     TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_clinic_patient ON audit_log (clinic_id, patient_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
