-- What the specialist decided about a worklist item: a flagged response
-- (all its open flags), a contact request or a no-response item. Kept
-- forever; recording one closes the item.
CREATE TABLE decisions (
    id                UUID PRIMARY KEY,
    clinic_id         UUID NOT NULL REFERENCES clinics (id),
    patient_id        UUID NOT NULL REFERENCES patients (id),
    response_id       UUID REFERENCES responses (id),
    worklist_item_id  UUID REFERENCES worklist_items (id),
    -- check_up: call in for a physical check-up; video: video
    -- consultation; phone: phone call; no_action: nothing needed.
    outcome           TEXT NOT NULL CHECK (outcome IN ('check_up', 'video', 'phone', 'no_action')),
    note              TEXT NOT NULL,
    -- A message mailed to the respondents (in their language).
    message_sent      BOOLEAN NOT NULL,
    decided_by        UUID NOT NULL REFERENCES staff (id),
    decided_at        TIMESTAMPTZ NOT NULL,
    CHECK ((response_id IS NULL) <> (worklist_item_id IS NULL))
);
CREATE UNIQUE INDEX decisions_response ON decisions (response_id) WHERE response_id IS NOT NULL;
CREATE UNIQUE INDEX decisions_item ON decisions (worklist_item_id) WHERE worklist_item_id IS NOT NULL;
CREATE INDEX decisions_patient ON decisions (clinic_id, patient_id, decided_at);

-- Who an open worklist entry is assigned to (none: the whole clinic).
CREATE TABLE assignments (
    entry_id   UUID PRIMARY KEY,
    clinic_id  UUID NOT NULL REFERENCES clinics (id),
    staff_id   UUID NOT NULL REFERENCES staff (id),
    assigned_by UUID NOT NULL REFERENCES staff (id),
    assigned_at TIMESTAMPTZ NOT NULL
);

-- The worklist reads open flags by clinic, oldest first.
CREATE INDEX flags_open_by_age ON flags (clinic_id, created_at) WHERE status = 'open';

-- Where the clinic is told (without patient details) that a red flag or a
-- contact request arrived; none: no notification mail.
ALTER TABLE clinics ADD COLUMN notify_email TEXT;
