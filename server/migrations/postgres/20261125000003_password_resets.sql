-- Password reset links sent by email. Only a SHA-256 of the link's token
-- is kept; a link works once (used_at) and only until expires_at.
CREATE TABLE password_resets (
    token_hash BYTEA PRIMARY KEY NOT NULL,
    staff_id   UUID NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_resets_staff ON password_resets (staff_id);
