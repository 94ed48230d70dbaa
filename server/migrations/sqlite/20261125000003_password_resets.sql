-- Password reset links sent by email. Only a SHA-256 of the link's token
-- is kept; a link works once (used_at) and only until expires_at.
CREATE TABLE password_resets (
    token_hash BLOB PRIMARY KEY NOT NULL,
    staff_id   BLOB NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX password_resets_staff ON password_resets (staff_id);
