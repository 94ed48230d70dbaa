-- The patient journey: invitations planned from each enrolment's pathway,
-- the durable jobs that send and close them, the mail outbox, personal
-- links and the short sessions they are exchanged for, drafts, and the
-- worklist items that are not flags (contact requests, no response).

-- Optional second factor on personal links: the patient's date of birth.
ALTER TABLE clinics ADD COLUMN verify_birth_date INTEGER NOT NULL DEFAULT 0;

-- Set in the same transaction as every change to an enrolment (new, index
-- date moved, paused, resumed, ended); the scheduler re-plans the
-- enrolment's pending invitations and clears it.
ALTER TABLE enrolments ADD COLUMN needs_planning INTEGER NOT NULL DEFAULT 1;
CREATE INDEX enrolments_to_plan ON enrolments (created_at) WHERE needs_planning;

-- One time point of a pathway for one enrolment.
CREATE TABLE invitations (
    id                  BLOB PRIMARY KEY NOT NULL,
    clinic_id           BLOB NOT NULL REFERENCES clinics (id),
    patient_id          BLOB NOT NULL REFERENCES patients (id),
    enrolment_id        BLOB NOT NULL REFERENCES enrolments (id),
    timepoint           TEXT NOT NULL,
    sequence            INTEGER NOT NULL,
    questionnaire_id    TEXT NOT NULL,
    opens_on            TEXT NOT NULL,
    -- The first day it can no longer be answered.
    closes_on           TEXT NOT NULL,
    -- planned: not sent yet (moves with the index date); open: sent and
    -- answerable; answered; missed: closed without an answer; cancelled:
    -- the enrolment ended.
    status              TEXT NOT NULL CHECK (status IN ('planned', 'open', 'answered', 'missed', 'cancelled')),
    sent_at             TEXT,
    response_id         BLOB,
    -- Wrong dates of birth typed on the link's page; at the limit the
    -- links of this invitation stop working.
    birth_date_failures INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    UNIQUE (enrolment_id, timepoint, sequence)
) STRICT;
CREATE INDEX invitations_patient ON invitations (clinic_id, patient_id, opens_on);

-- Work to do at a time: send an invitation, send a reminder, close the
-- window. Claimed with FOR UPDATE SKIP LOCKED, so several Svar processes
-- never do one job twice.
CREATE TABLE jobs (
    id            BLOB PRIMARY KEY NOT NULL,
    invitation_id BLOB NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('invite', 'remind', 'close')),
    run_at        TEXT NOT NULL,
    done_at       TEXT,
    -- What running it did (sent, skipped because answered, ...): no
    -- patient data.
    outcome       TEXT
) STRICT;
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
CREATE INDEX jobs_invitation ON jobs (invitation_id);

-- Mail to send, written in the same transaction as the change that
-- causes it and delivered after commit. The body is wiped once sent (it
-- holds a personal link). The dedupe key makes every mail unique.
CREATE TABLE outbox (
    id              BLOB PRIMARY KEY NOT NULL,
    dedupe_key      TEXT NOT NULL UNIQUE,
    clinic_id       BLOB NOT NULL REFERENCES clinics (id),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Also the lease of a delivery in progress: a process that dies
    -- after sending leaves it to be sent again once, when this passes.
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    failed_at       TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Personal links: only a SHA-256 of the token. Every mail (invitation,
-- reminder) carries its own token; all work until the window closes.
CREATE TABLE patient_links (
    token_hash    BLOB PRIMARY KEY NOT NULL,
    invitation_id BLOB NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    respondent_id BLOB NOT NULL REFERENCES respondents (id),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
) STRICT;

-- What a link is exchanged for: a short session for one invitation.
CREATE TABLE patient_sessions (
    token_hash    BLOB PRIMARY KEY NOT NULL,
    invitation_id BLOB NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    respondent_id BLOB NOT NULL REFERENCES respondents (id),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
) STRICT;

-- Answers saved on every page change, so a respondent can resume on
-- another device.
CREATE TABLE drafts (
    invitation_id BLOB PRIMARY KEY NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    respondent_id BLOB NOT NULL REFERENCES respondents (id),
    answers       TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- Worklist items that are not flags on a response: a respondent asked to
-- be contacted, or an invitation closed without an answer.
CREATE TABLE worklist_items (
    id            BLOB PRIMARY KEY NOT NULL,
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    patient_id    BLOB NOT NULL REFERENCES patients (id),
    invitation_id BLOB NOT NULL REFERENCES invitations (id),
    kind          TEXT NOT NULL CHECK (kind IN ('contact_request', 'no_response')),
    respondent_id BLOB REFERENCES respondents (id),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX worklist_items_open ON worklist_items (clinic_id, status, created_at);
-- One open item of a kind per invitation; a new request after a decision
-- is a new item.
CREATE UNIQUE INDEX worklist_items_one_open ON worklist_items (invitation_id, kind) WHERE status = 'open';

ALTER TABLE responses ADD COLUMN invitation_id BLOB REFERENCES invitations (id);
