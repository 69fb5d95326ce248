-- alo153 schema, SQLite. Times are Unix seconds (UTC). Every table carries the municipality (tenant_id) so a
-- province-wide deployment can partition by it; this release serves one tenant (1).

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    work_start_minute INTEGER NOT NULL DEFAULT 510,
    work_end_minute INTEGER NOT NULL DEFAULT 1050,
    work_weekdays INTEGER NOT NULL DEFAULT 31
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    code TEXT NOT NULL UNIQUE,
    parent TEXT NOT NULL DEFAULT '',
    name_tr TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    sla_minutes INTEGER NOT NULL DEFAULT 0,
    clock TEXT NOT NULL DEFAULT 'working_hours',
    priority TEXT NOT NULL DEFAULT 'normal',
    urgent INTEGER NOT NULL DEFAULT 0,
    keywords TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);

-- Codes once used are never reused: deactivated or not, they stay here.
CREATE TABLE districts (
    code TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    name TEXT NOT NULL,
    lat REAL NOT NULL DEFAULT 0,
    lon REAL NOT NULL DEFAULT 0
);

CREATE TABLE neighbourhoods (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    district TEXT NOT NULL REFERENCES districts(code),
    name TEXT NOT NULL
);
CREATE INDEX neighbourhoods_district ON neighbourhoods(district);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'agent',
    unit TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE citizens (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    phone TEXT NOT NULL DEFAULT '',
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    tckn TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    kvkk_consent INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX citizens_phone ON citizens(phone) WHERE phone <> '';

CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL,
    priority TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tags, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    tracking_number TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    unit TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    description TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    neighbourhood_id INTEGER,
    street TEXT NOT NULL DEFAULT '',
    address_text TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    citizen_id INTEGER REFERENCES citizens(id),
    contact_id INTEGER,
    assignee_id INTEGER REFERENCES users(id),
    created_by INTEGER,
    api_key_id INTEGER,
    routing_rule_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    accepted_at INTEGER,
    hold_started_at INTEGER,
    resolved_at INTEGER,
    closed_at INTEGER,
    public_answer TEXT NOT NULL DEFAULT '',
    reject_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, sequence)
);
-- Queue pages: a unit's requests newest first, and by due time.
CREATE INDEX requests_unit_id ON requests(unit, id);
CREATE INDEX requests_unit_status_due ON requests(unit, status, due_at);
CREATE INDEX requests_citizen ON requests(citizen_id, id) WHERE citizen_id IS NOT NULL;
CREATE INDEX requests_assignee ON requests(assignee_id, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX requests_created ON requests(created_at);
-- Open requests by due time (overdue and due-soon lists, "overdue now").
CREATE INDEX requests_open_due ON requests(due_at) WHERE status IN ('new', 'routed', 'in_progress', 'reopened');

-- Folded text (core::FoldTurkish) of description, address and notes; rowid = requests.id.
CREATE VIRTUAL TABLE request_fts USING fts5(body, address, notes, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    at INTEGER NOT NULL,
    actor_id INTEGER,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    is_public INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_request ON events(request_id, id);

CREATE TABLE event_changes (
    event_id INTEGER NOT NULL REFERENCES events(id),
    field TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
);
CREATE INDEX event_changes_event ON event_changes(event_id);

CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    uploaded_by INTEGER
);
CREATE INDEX photos_request ON photos(request_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    channel TEXT NOT NULL,
    caller_phone TEXT NOT NULL DEFAULT '',
    citizen_id INTEGER,
    agent_id INTEGER,
    request_id INTEGER,
    article_id INTEGER,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_citizen ON contacts(citizen_id, id) WHERE citizen_id IS NOT NULL;
CREATE INDEX contacts_phone ON contacts(caller_phone, id) WHERE caller_phone <> '';
CREATE INDEX contacts_started ON contacts(started_at);

-- A create retried with the same Idempotency-Key returns the first result.
CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    request_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
) WITHOUT ROWID;

CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- Rollups, kept in the same transaction as each change (ARCHITECTURE.md, "Storage").
-- day = days since 1970-01-01 in Istanbul local time of the request's creation; status = its current status.
CREATE TABLE rollup_requests (
    day INTEGER NOT NULL,
    unit TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, unit, category, status)
) WITHOUT ROWID;

-- Requests open now, by unit and status.
CREATE TABLE rollup_open (
    unit TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit, status)
) WITHOUT ROWID;

-- Resolution times by local day of resolution, unit and log-spaced bucket (see storage for the bounds).
CREATE TABLE rollup_resolution (
    day INTEGER NOT NULL,
    unit TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    total_seconds INTEGER NOT NULL,
    PRIMARY KEY (day, unit, bucket)
) WITHOUT ROWID;

-- Contacts by local hour (hours since epoch, Istanbul), channel and outcome ('open' while unfinished).
CREATE TABLE rollup_contacts (
    hour INTEGER NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (hour, channel, outcome)
) WITHOUT ROWID;

-- Every time someone sees a citizen's personal data unmasked (KVKK).
CREATE TABLE pii_access_log (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL DEFAULT 1,
    user_id INTEGER NOT NULL,
    citizen_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pii_access_log_citizen ON pii_access_log(citizen_id, at);
