-- The unusual numbers a respondent has confirmed ("Yes, 182 kg is right"),
-- by item id, kept with the draft so the confirmation holds across pages
-- and devices until the answer changes.
ALTER TABLE drafts ADD COLUMN confirmed JSONB NOT NULL DEFAULT '{}';
