-- Submitted responses and the flags their rules raised.

-- A response as stored: only answers to items that were shown (validated
-- by the engine), the scores computed on submit, the questionnaire version
-- it answered, and who entered it.
CREATE TABLE responses (
    id                    UUID PRIMARY KEY,
    clinic_id             UUID NOT NULL REFERENCES clinics (id),
    patient_id            UUID NOT NULL REFERENCES patients (id),
    enrolment_id          UUID REFERENCES enrolments (id),
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version BIGINT NOT NULL,
    answers               JSONB NOT NULL,
    scores                JSONB NOT NULL,
    -- 'respondent' (answered by the patient or a parent), or entered by
    -- staff from paper or a phone call.
    entry_mode            TEXT NOT NULL CHECK (entry_mode IN ('respondent', 'staff_paper', 'staff_phone')),
    respondent_id         UUID REFERENCES respondents (id),
    entered_by            UUID REFERENCES staff (id),
    -- One key per form shown: submitting the same form twice (double
    -- click, back button, two devices) stores one response.
    submission_key        TEXT NOT NULL UNIQUE,
    submitted_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX responses_patient ON responses (clinic_id, patient_id, submitted_at);

-- A flag raised by a rule (or a contact request) on a response. Keeps the
-- rule's message and the values that made it true as they were.
CREATE TABLE flags (
    id                    UUID PRIMARY KEY,
    clinic_id             UUID NOT NULL REFERENCES clinics (id),
    patient_id            UUID NOT NULL REFERENCES patients (id),
    response_id           UUID NOT NULL REFERENCES responses (id),
    rule_id               TEXT NOT NULL,
    level                 TEXT NOT NULL CHECK (level IN ('red', 'yellow', 'contact', 'no_response')),
    message_da            TEXT NOT NULL,
    message_en            TEXT NOT NULL,
    explanation           JSONB NOT NULL,
    questionnaire_version BIGINT NOT NULL,
    status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX flags_clinic_open ON flags (clinic_id, status, level, created_at);
CREATE INDEX flags_response ON flags (response_id);
