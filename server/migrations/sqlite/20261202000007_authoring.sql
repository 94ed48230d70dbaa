-- Questionnaire and pathway versions authored by a clinic's admins in the
-- browser. The shipped files in questionnaires/ stay the defaults; a
-- clinic's published version of the same id takes their place for that
-- clinic only. `source` is the definition in the files' own TOML format,
-- so export, import and `svar check` all read the same text.
CREATE TABLE definition_versions (
    id            BLOB PRIMARY KEY NOT NULL,
    clinic_id     BLOB NOT NULL REFERENCES clinics (id),
    kind          TEXT NOT NULL CHECK (kind IN ('questionnaire', 'pathway')),
    definition_id TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    -- draft: saved and editable; published: frozen forever (triggers below).
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    source        TEXT NOT NULL,
    -- Counts the draft's saves: an editor form carries the revision it was
    -- made from, and a save from an older one is refused.
    revision      INTEGER NOT NULL DEFAULT 1,
    -- The version the draft was started from (none for a new definition).
    based_on      INTEGER,
    created_by    BLOB NOT NULL REFERENCES staff (id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    published_by  BLOB REFERENCES staff (id),
    published_at  TEXT,
    UNIQUE (clinic_id, kind, definition_id, version)
) STRICT;
-- One draft per definition and clinic: two admins edit the same draft.
CREATE UNIQUE INDEX definition_versions_one_draft ON definition_versions (clinic_id, kind, definition_id) WHERE status = 'draft';

-- A published version never changes and is never removed: responses point at it.
CREATE TRIGGER definition_versions_frozen BEFORE UPDATE ON definition_versions
WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'a published version cannot change'); END;
CREATE TRIGGER definition_versions_kept BEFORE DELETE ON definition_versions
WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'a published version cannot be removed'); END;

-- The version an invitation asks for, fixed when it is sent: new
-- invitations get the newest published version, an open one keeps its own.
ALTER TABLE invitations ADD COLUMN questionnaire_version INTEGER;

-- A clinic's own invitation and reminder texts, per language. Placeholders
-- ({clinic}, {child}, {questionnaire}, {last_day}, {link}) are filled in
-- when the mail is written; without a row the built-in text is used.
CREATE TABLE mail_texts (
    clinic_id  BLOB NOT NULL REFERENCES clinics (id),
    kind       TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    language   TEXT NOT NULL CHECK (language IN ('da', 'en')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by BLOB NOT NULL REFERENCES staff (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (clinic_id, kind, language)
) STRICT;
