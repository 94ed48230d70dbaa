-- The clinic's region: advice that cannot wait gives the region's own
-- out-of-hours number (1813 is the Capital Region's only). Existing
-- clinics keep the Capital Region until an admin chooses theirs.
ALTER TABLE clinics ADD COLUMN region TEXT NOT NULL DEFAULT 'hovedstaden'
    CHECK (region IN ('hovedstaden', 'sjaelland', 'syddanmark', 'midtjylland', 'nordjylland'));
