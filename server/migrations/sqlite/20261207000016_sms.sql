-- Respondents reached by SMS (issue #29). A mobile number in E.164
-- (+4512345678), whether and when the respondent agreed to SMS, and the
-- channel they prefer; e-mail stays the default, so nothing changes for
-- existing respondents.
ALTER TABLE respondents ADD COLUMN mobile TEXT;
ALTER TABLE respondents ADD COLUMN sms_consent_at TEXT;
ALTER TABLE respondents ADD COLUMN preferred_channel TEXT NOT NULL DEFAULT 'email'
    CHECK (preferred_channel IN ('email', 'sms'));

-- The sender name on a clinic's SMS (at most 11 letters and digits);
-- unset: "Svar".
ALTER TABLE clinics ADD COLUMN sms_sender TEXT;

-- The outbox carries SMS as well as mail, with the same promises (written
-- in the transaction that causes it, leased, deduplicated, retried). For
-- an SMS: the sender name, and what the gateway reported (accepted →
-- delivered; failed and rejected are final).
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));
ALTER TABLE outbox ADD COLUMN sender TEXT;
ALTER TABLE outbox ADD COLUMN delivery TEXT CHECK (delivery IN ('accepted', 'delivered', 'failed', 'rejected'));
-- The invitation and respondent an invitation's or reminder's message is
-- for: the patient page shows what went out, when, and how it went.
ALTER TABLE outbox ADD COLUMN invitation_id BLOB REFERENCES invitations (id);
ALTER TABLE outbox ADD COLUMN respondent_id BLOB REFERENCES respondents (id);
CREATE INDEX outbox_invitation ON outbox (invitation_id) WHERE invitation_id IS NOT NULL;
ALTER TABLE outbox ADD COLUMN delivery_at TEXT;

-- Keys Svar makes once and keeps (the key that signs the SMS gateway's
-- delivery report addresses), shared by every replica.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) STRICT;
