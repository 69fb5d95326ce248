-- SQLite 0006: what a rate limit counts when several app servers share one database (app/rate_limiter.hpp):
-- one row per counted action of a client key, at its Unix time; rows older than the window are deleted.
CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_events_key_at ON rate_events(key, at);
CREATE INDEX rate_events_at ON rate_events(at);
