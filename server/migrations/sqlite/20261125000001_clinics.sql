-- Clinics sharing this installation. Every table with patient data carries
-- a clinic_id, and every query for it is scoped to the signed-in clinic.
-- Ids are UUIDs stored as 16-byte blobs; times are RFC 3339 text in UTC.
CREATE TABLE clinics (
    id         BLOB PRIMARY KEY NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
