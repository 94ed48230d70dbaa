-- Clinics sharing this installation. Every table with patient data carries
-- a clinic_id, and every query for it is scoped to the signed-in clinic.
CREATE TABLE clinics (
    id         UUID PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
