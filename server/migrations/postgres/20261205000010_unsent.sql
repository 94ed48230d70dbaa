-- Answers saved but never sent: when an invitation's window closes with a
-- draft whose answers would raise a red flag or a contact request, its
-- no-response item carries those flags (and is ranked by them), so the
-- clinic learns of a red answer that was never submitted.
CREATE TABLE unsent_flags (
    item_id               UUID NOT NULL REFERENCES worklist_items (id),
    rule_id               TEXT NOT NULL,
    level                 TEXT NOT NULL CHECK (level IN ('red', 'contact')),
    message_da            TEXT NOT NULL,
    message_en            TEXT NOT NULL,
    explanation           TEXT NOT NULL,
    questionnaire_version BIGINT NOT NULL,
    PRIMARY KEY (item_id, rule_id)
);
