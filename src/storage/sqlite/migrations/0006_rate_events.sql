-- What a rate limit counts when several app servers share one database (app/rate_limiter.hpp): one row per
-- counted action (a portal create) of a client key, at its Unix time. Rows older than the window are deleted
-- as the limiter goes.
CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events(key, at);
CREATE INDEX rate_events_at ON rate_events(at);
