-- What the specialist decided about a worklist item: a flagged response
-- (all its open flags), a contact request or a no-response item. Kept
-- forever; recording one closes the item.
CREATE TABLE decisions (
    id                BLOB PRIMARY KEY NOT NULL,
    clinic_id         BLOB NOT NULL REFERENCES clinics (id),
    patient_id        BLOB NOT NULL REFERENCES patients (id),
    response_id       BLOB REFERENCES responses (id),
    worklist_item_id  BLOB REFERENCES worklist_items (id),
    -- check_up: call in for a physical check-up; video: video
    -- consultation; phone: phone call; no_action: nothing needed.
    outcome           TEXT NOT NULL CHECK (outcome IN ('check_up', 'video', 'phone', 'no_action')),
    note              TEXT NOT NULL,
    -- A message mailed to the respondents (in their language).
    message_sent      INTEGER NOT NULL,
    decided_by        BLOB NOT NULL REFERENCES staff (id),
    decided_at        TEXT NOT NULL,
    CHECK ((response_id IS NULL) <> (worklist_item_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX decisions_response ON decisions (response_id) WHERE response_id IS NOT NULL;
CREATE UNIQUE INDEX decisions_item ON decisions (worklist_item_id) WHERE worklist_item_id IS NOT NULL;
CREATE INDEX decisions_patient ON decisions (clinic_id, patient_id, decided_at);

-- Who an open worklist entry is assigned to (none: the whole clinic).
CREATE TABLE assignments (
    entry_id   BLOB PRIMARY KEY NOT NULL,
    clinic_id  BLOB NOT NULL REFERENCES clinics (id),
    staff_id   BLOB NOT NULL REFERENCES staff (id),
    assigned_by BLOB NOT NULL REFERENCES staff (id),
    assigned_at TEXT NOT NULL
) STRICT;

-- The worklist reads open flags by clinic, oldest first.
CREATE INDEX flags_open_by_age ON flags (clinic_id, created_at) WHERE status = 'open';

-- Where the clinic is told (without patient details) that a red flag or a
-- contact request arrived; none: no notification mail.
ALTER TABLE clinics ADD COLUMN notify_email TEXT;

-- The worklist as rows: one per open or decided entry (a flagged response,
-- a contact request, a no-response item), written in the same transaction
-- as what it is about, so the first page is one index range however large
-- the history. rank: 0 red, 1 contact, 2 yellow, 3 no response.
CREATE TABLE worklist_entries (
    id               BLOB PRIMARY KEY NOT NULL,
    clinic_id        BLOB NOT NULL REFERENCES clinics (id),
    kind             TEXT NOT NULL CHECK (kind IN ('response', 'contact_request', 'no_response')),
    rank             INTEGER NOT NULL,
    patient_id       BLOB NOT NULL REFERENCES patients (id),
    questionnaire_id TEXT NOT NULL,
    timepoint        TEXT,
    pathway_id       TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX worklist_entries_page ON worklist_entries (clinic_id, status, rank, created_at, id);

-- Responses flagged before this table existed (staff-entered ones).
INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, questionnaire_id, pathway_id, status, created_at)
SELECT r.id, r.clinic_id, 'response',
    MIN(CASE f.level WHEN 'red' THEN 0 WHEN 'contact' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END),
    r.patient_id, r.questionnaire_id, e.pathway_id, 'open', r.submitted_at
FROM flags f JOIN responses r ON r.id = f.response_id LEFT JOIN enrolments e ON e.id = r.enrolment_id
WHERE f.status = 'open'
GROUP BY r.id, r.clinic_id, r.patient_id, r.questionnaire_id, e.pathway_id, r.submitted_at;

-- A patient's flags, for the patient page.
CREATE INDEX flags_patient ON flags (clinic_id, patient_id);
