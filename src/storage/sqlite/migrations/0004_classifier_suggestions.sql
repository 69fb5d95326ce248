-- The classifier's suggestion shown when a request was filed, and whether it was taken (issue 3): what is
-- needed to report the suggestion's accuracy in production.
ALTER TABLE requests ADD COLUMN suggested_category TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN suggestion_accepted INTEGER;  -- NULL: no suggestion was shown
-- Suggestions shown and accepted per creation day (Istanbul) and suggested category, kept in the create's
-- transaction like the other rollups, so the figure costs the same at any number of requests.
CREATE TABLE rollup_suggestions (
    day INTEGER NOT NULL,
    category TEXT NOT NULL,
    shown INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    PRIMARY KEY (day, category)
) WITHOUT ROWID;
