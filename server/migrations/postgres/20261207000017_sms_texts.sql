-- A clinic's own invitation and reminder SMS per language (issue #29),
-- beside its mail texts; without one, the built-in text is sent. The
-- editor refuses a text that would be more than two SMS parts.
CREATE TABLE sms_texts (
    clinic_id  UUID NOT NULL REFERENCES clinics (id),
    kind       TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    language   TEXT NOT NULL CHECK (language IN ('da', 'en')),
    body       TEXT NOT NULL,
    updated_by UUID NOT NULL REFERENCES staff (id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (clinic_id, kind, language)
);
