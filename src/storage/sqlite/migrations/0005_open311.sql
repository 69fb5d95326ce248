-- Open311 GeoReport v2 (docs/open311.md). Services are the catalog's sub-categories; these tables hold what
-- Open311 adds to them and to the requests filed through it.

-- How a sub-category is offered to Open311 clients when it is not 'realtime' (the default, no row): 'batch'
-- answers POST requests with a token that GET tokens/{token} turns into the service_request_id.
CREATE TABLE open311_services (
    category TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('realtime', 'batch', 'blackbox'))
) WITHOUT ROWID;

-- The questions a sub-category asks (Open311 attributes). `choices` holds 'key=name|key=name' for the
-- singlevaluelist and multivaluelist datatypes. Codes are ASCII.
CREATE TABLE category_attributes (
    category TEXT NOT NULL,
    code TEXT NOT NULL,
    datatype TEXT NOT NULL,
    required INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    datatype_description TEXT NOT NULL DEFAULT '',
    variable INTEGER NOT NULL DEFAULT 1,
    choices TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (category, code)
) WITHOUT ROWID;

-- The answers given with a request (a multivaluelist answer is one row per value).
CREATE TABLE request_attributes (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (request_id, code, value)
) WITHOUT ROWID;

-- What an Open311 client sent beside the request itself: the token of a batch service, a media URL, the
-- client's device and account ids. (The API key that filed the request is requests.api_key_id.)
CREATE TABLE open311_submissions (
    request_id INTEGER PRIMARY KEY REFERENCES requests(id),
    token TEXT UNIQUE,
    media_url TEXT NOT NULL DEFAULT '',
    device_id TEXT NOT NULL DEFAULT '',
    account_id TEXT NOT NULL DEFAULT ''
);

-- The servicerequestupdates feed: public events by time.
CREATE INDEX events_public_at ON events(at, id) WHERE is_public = 1;
-- status_notes of GET requests: the latest public answer of each of up to 1,000 requests, without reading
-- every event of each (2.9 -> 1.3 ms for 1,000 requests at 1M).
CREATE INDEX events_public_answers ON events(request_id, id)
    WHERE is_public = 1 AND kind IN ('resolve', 'answer', 'reject');
