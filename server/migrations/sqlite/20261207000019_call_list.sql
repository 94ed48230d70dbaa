-- The call list (issue #29): staff phone the respondents of an invitation
-- still unanswered after its last automatic message. Every attempt is
-- kept (who called, when, how it went, a note); an invitation on the list
-- can be assigned to a colleague.
CREATE TABLE call_attempts (
    id            BLOB PRIMARY KEY NOT NULL,
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    invitation_id BLOB NOT NULL REFERENCES invitations (id),
    staff_id      BLOB NOT NULL REFERENCES staff (id),
    -- no_answer, voicemail (a message left), wrong_number,
    -- will_answer_online (the link is sent again), answered_by_phone
    -- (staff enter the answers).
    outcome       TEXT NOT NULL
        CHECK (outcome IN ('no_answer', 'voicemail', 'wrong_number', 'will_answer_online', 'answered_by_phone')),
    note          TEXT NOT NULL,
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX call_attempts_invitation ON call_attempts (invitation_id, at);

CREATE TABLE call_assignments (
    invitation_id BLOB PRIMARY KEY NOT NULL REFERENCES invitations (id),
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    staff_id      BLOB NOT NULL REFERENCES staff (id),
    assigned_by   BLOB NOT NULL REFERENCES staff (id),
    assigned_at   TEXT NOT NULL
) STRICT;
