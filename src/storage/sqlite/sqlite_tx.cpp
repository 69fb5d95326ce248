#include "storage/sqlite/sqlite_tx.hpp"

#include <limits>
#include <string>

#include "storage/sqlite/fts.hpp"

namespace alo153::storage::sqlite {
namespace {

using core::FromUnix;
using core::ToUnix;

std::optional<std::int64_t> OptUnix(const std::optional<Time>& t) {
    if (!t) {
        return std::nullopt;
    }
    return ToUnix(*t);
}

std::optional<Time> OptTime(const Statement& s, int col) {
    if (s.IsNull(col)) {
        return std::nullopt;
    }
    return FromUnix(s.Int(col));
}

template <typename E, typename ParseFn>
E ParseOr(ParseFn parse, const std::string& code, E fallback) {
    auto v = parse(code);
    return v ? *v : fallback;
}

// ---- Catalog ----------------------------------------------------------------------------------------------

constexpr const char* kListUnits =
    "SELECT id, code, name, kind, district, active, work_start_minute, work_end_minute, work_weekdays "
    "FROM units ORDER BY id";
constexpr const char* kInsertUnit =
    "INSERT INTO units (code, name, kind, district, active, work_start_minute, work_end_minute, work_weekdays) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kUpdateUnit =
    "UPDATE units SET name = ?2, kind = ?3, district = ?4, active = ?5, work_start_minute = ?6, "
    "work_end_minute = ?7, work_weekdays = ?8 WHERE code = ?1";

constexpr const char* kListCategories =
    "SELECT id, code, parent, name_tr, name_en, unit, sla_minutes, clock, priority, urgent, keywords, active "
    "FROM categories ORDER BY id";
constexpr const char* kInsertCategory =
    "INSERT INTO categories (code, parent, name_tr, name_en, unit, sla_minutes, clock, priority, urgent, keywords, "
    "active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kUpdateCategory =
    "UPDATE categories SET parent = ?2, name_tr = ?3, name_en = ?4, unit = ?5, sla_minutes = ?6, clock = ?7, "
    "priority = ?8, urgent = ?9, keywords = ?10, active = ?11 WHERE code = ?1";

constexpr const char* kListDistricts = "SELECT code, name, lat, lon FROM districts ORDER BY name";
constexpr const char* kInsertDistrict = "INSERT INTO districts (code, name, lat, lon) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kListNeighbourhoods = "SELECT id, district, name, active FROM neighbourhoods ORDER BY id";
constexpr const char* kInsertNeighbourhood =
    "INSERT INTO neighbourhoods (id, district, name, active) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kUpdateNeighbourhood = "UPDATE neighbourhoods SET name = ?2, active = ?3 WHERE id = ?1";

constexpr const char* kListRules =
    "SELECT id, position, name, category, district, channel, type, unit, priority, active "
    "FROM routing_rules ORDER BY position, id";
constexpr const char* kInsertRule =
    "INSERT INTO routing_rules (position, name, category, district, channel, type, unit, priority, active) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kUpdateRule =
    "UPDATE routing_rules SET position = ?1, name = ?2, category = ?3, district = ?4, channel = ?5, type = ?6, "
    "unit = ?7, priority = ?8, active = ?9 WHERE id = ?10";
constexpr const char* kDeleteRule = "DELETE FROM routing_rules WHERE id = ?1";

// ---- Staff ------------------------------------------------------------------------------------------------

constexpr const char* kFindUser =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users WHERE id = ?1";
constexpr const char* kFindUserByName =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users "
    "WHERE username = ?1";
constexpr const char* kListUsers =
    "SELECT id, username, display_name, role, unit, password_hash, active, created_at FROM users ORDER BY username";
constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, role, unit, password_hash, active, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?2, role = ?3, unit = ?4, password_hash = ?5, active = ?6 WHERE id = ?1";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kFindSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?1";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
constexpr const char* kDeleteSessionsOf = "DELETE FROM sessions WHERE user_id = ?1";
constexpr const char* kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at <= ?1";
constexpr const char* kInsertApiKey =
    "INSERT INTO api_keys (name, prefix, key_hash, role, unit, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kFindApiKey =
    "SELECT id, name, prefix, key_hash, role, unit, active, created_at, revoked_at FROM api_keys WHERE prefix = ?1";
constexpr const char* kListApiKeys =
    "SELECT id, name, prefix, key_hash, role, unit, active, created_at, revoked_at FROM api_keys ORDER BY id";
constexpr const char* kRevokeApiKey = "UPDATE api_keys SET active = 0, revoked_at = ?2 WHERE id = ?1";

// ---- Citizens and contacts ----------------------------------------------------------------------------------

constexpr const char* kFindCitizen =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE id = ?1";
constexpr const char* kFindCitizensByPhone =
    "SELECT id, phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, updated_at, version "
    "FROM citizens WHERE phone = ?1 AND phone <> '' ORDER BY id LIMIT 20";  // <> '': the partial index applies
constexpr const char* kInsertCitizen =
    "INSERT INTO citizens (phone, first_name, last_name, tckn, email, address, kvkk_consent, created_at, "
    "updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* kUpdateCitizen =
    "UPDATE citizens SET phone = ?2, first_name = ?3, last_name = ?4, tckn = ?5, email = ?6, address = ?7, "
    "kvkk_consent = ?8, updated_at = ?9, version = ?10 WHERE id = ?1";
constexpr const char* kLogPii = "INSERT INTO pii_access_log (user_id, citizen_id, at, reason) VALUES (?1, ?2, ?3, ?4)";

constexpr const char* kContactColumns =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts ";
constexpr const char* kFindContact =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id = ?1";
constexpr const char* kInsertContact =
    "INSERT INTO contacts (channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, "
    "ended_at, outcome, note, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kUpdateContact =
    "UPDATE contacts SET channel = ?2, caller_phone = ?3, citizen_id = ?4, agent_id = ?5, request_id = ?6, "
    "article_id = ?7, started_at = ?8, ended_at = ?9, outcome = ?10, note = ?11, version = ?12 WHERE id = ?1";

constexpr const char* kListContactsAfter =
    "SELECT id, channel, caller_phone, citizen_id, agent_id, request_id, article_id, started_at, ended_at, outcome, "
    "note, version FROM contacts WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr const char* kMaxContactId = "SELECT coalesce(max(id), 0) FROM contacts";

// ---- Knowledge base ---------------------------------------------------------------------------------------

constexpr const char* kInsertArticle =
    "INSERT INTO articles (title, body, category, tags, active, updated_at, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kUpdateArticle =
    "UPDATE articles SET title = ?2, body = ?3, category = ?4, tags = ?5, active = ?6, updated_at = ?7, "
    "version = ?8 WHERE id = ?1";
constexpr const char* kIndexArticle =
    "INSERT OR REPLACE INTO article_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kFindArticle =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE id = ?1";
constexpr const char* kSearchArticles =
    "SELECT a.id, a.title, a.body, a.category, a.tags, a.active, a.updated_at, a.version FROM article_fts f "
    "JOIN articles a ON a.id = f.rowid WHERE article_fts MATCH ?1 AND (?2 OR a.active) "
    "ORDER BY bm25(article_fts, 5.0, 1.0, 3.0) LIMIT ?3";
constexpr const char* kListArticles =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE (?1 OR active) "
    "ORDER BY title LIMIT ?2";

// ---- Requests ---------------------------------------------------------------------------------------------

constexpr const char* kNextSequence =
    "INSERT INTO sequences (name, value) VALUES (?1, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value";

#define ALO153_REQUEST_COLUMNS                                                                                   \
    "r.id, r.year, r.sequence, r.tracking_number, r.type, r.channel, r.category, r.unit, r.status, r.priority, " \
    "r.description, r.district, r.neighbourhood_id, r.street, r.address_text, r.lat, r.lon, r.citizen_id, "      \
    "r.contact_id, r.assignee_id, r.created_by, r.api_key_id, r.routing_rule_id, r.created_at, r.updated_at, "   \
    "r.due_at, r.accepted_at, r.hold_started_at, r.resolved_at, r.closed_at, r.public_answer, r.reject_reason, " \
    "r.version, r.suggested_category, r.suggestion_accepted "

constexpr const char* kFindRequest = "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.id = ?1";
constexpr const char* kFindRequestByNumber =
    "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.year = ?1 AND r.sequence = ?2";
constexpr const char* kInsertRequest =
    "INSERT INTO requests (year, sequence, tracking_number, type, channel, category, unit, status, priority, "
    "description, district, neighbourhood_id, street, address_text, lat, lon, citizen_id, contact_id, "
    "assignee_id, created_by, api_key_id, routing_rule_id, created_at, updated_at, due_at, accepted_at, "
    "hold_started_at, resolved_at, closed_at, public_answer, reject_reason, version, suggested_category, "
    "suggestion_accepted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?34, ?35)";
constexpr const char* kUpdateRequest =
    "UPDATE requests SET type = ?4, channel = ?5, category = ?6, unit = ?7, status = ?8, priority = ?9, "
    "description = ?10, district = ?11, neighbourhood_id = ?12, street = ?13, address_text = ?14, lat = ?15, "
    "lon = ?16, citizen_id = ?17, contact_id = ?18, assignee_id = ?19, created_by = ?20, api_key_id = ?21, "
    "routing_rule_id = ?22, created_at = ?23, updated_at = ?24, due_at = ?25, accepted_at = ?26, "
    "hold_started_at = ?27, resolved_at = ?28, closed_at = ?29, public_answer = ?30, reject_reason = ?31, "
    "version = ?32 WHERE id = ?33";
constexpr const char* kIndexRequest =
    "INSERT OR REPLACE INTO request_fts (rowid, body, address, notes) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kIndexedNotes = "SELECT notes FROM request_fts WHERE rowid = ?1";

constexpr const char* kInsertEvent =
    "INSERT INTO events (request_id, at, actor_id, kind, from_status, to_status, is_public, text) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kInsertEventChange =
    "INSERT INTO event_changes (event_id, field, before, after) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kListEvents =
    "SELECT e.id, e.request_id, e.at, e.actor_id, coalesce(u.display_name, ''), e.kind, e.from_status, "
    "e.to_status, e.is_public, e.text FROM events e LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.request_id = ?1 ORDER BY e.id";
constexpr const char* kListEventChanges =
    "SELECT c.event_id, c.field, c.before, c.after FROM event_changes c JOIN events e ON e.id = c.event_id "
    "WHERE e.request_id = ?1 ORDER BY c.rowid";

constexpr const char* kListEventsAfter =
    "SELECT e.id, e.request_id, e.at, e.kind, e.to_status, r.tracking_number, r.status, r.unit, r.category, "
    "coalesce((SELECT c.before FROM event_changes c WHERE c.event_id = e.id AND c.field = 'unit' LIMIT 1), '') "
    "FROM events e JOIN requests r ON r.id = e.request_id WHERE e.id > ?1 ORDER BY e.id LIMIT ?2";
constexpr const char* kMaxEventId = "SELECT coalesce(max(id), 0) FROM events";

constexpr const char* kInsertPhoto =
    "INSERT INTO photos (request_id, sha256, content_type, size, created_at, uploaded_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kListServiceTypes = "SELECT category, type FROM open311_services ORDER BY category";
constexpr const char* kInsertServiceType = "INSERT OR REPLACE INTO open311_services (category, type) VALUES (?1, ?2)";
#define ALO153_ATTRIBUTE_COLUMNS \
    "category, code, datatype, required, position, description, datatype_description, variable, choices "
constexpr const char* kListAllAttributes =
    "SELECT " ALO153_ATTRIBUTE_COLUMNS "FROM category_attributes ORDER BY category, position, code";
constexpr const char* kListAttributes =
    "SELECT " ALO153_ATTRIBUTE_COLUMNS "FROM category_attributes WHERE category = ?1 ORDER BY position, code";
constexpr const char* kInsertAttribute =
    "INSERT INTO category_attributes (" ALO153_ATTRIBUTE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr const char* kInsertRequestAttribute =
    "INSERT OR IGNORE INTO request_attributes (request_id, code, value) VALUES (?1, ?2, ?3)";
constexpr const char* kListRequestAttributes =
    "SELECT code, value FROM request_attributes WHERE request_id = ?1 ORDER BY code, value";
constexpr const char* kInsertSubmission =
    "INSERT INTO open311_submissions (request_id, token, media_url, device_id, account_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kFindToken =
    "SELECT request_id, token, media_url, device_id, account_id FROM open311_submissions WHERE token = ?1";
// Lists of ids are bound as one JSON array, so each statement has one shape and is prepared once.
constexpr const char* kListSubmissions =
    "SELECT request_id, coalesce(token, ''), media_url, device_id, account_id FROM open311_submissions "
    "WHERE request_id IN (SELECT value FROM json_each(?1))";
constexpr const char* kLatestPublicAnswers =
    "SELECT request_id, text FROM events WHERE request_id IN (SELECT value FROM json_each(?1)) AND is_public = 1 "
    "AND kind IN ('resolve', 'answer', 'reject') AND text <> '' ORDER BY request_id, id";
constexpr const char* kListPhotosOf =
    "SELECT id, request_id, sha256, content_type, size, created_at, uploaded_by FROM photos "
    "WHERE request_id IN (SELECT value FROM json_each(?1)) ORDER BY request_id, id";
constexpr const char* kListPublicEvents =
    "SELECT e.id, e.request_id, e.at, e.kind, e.from_status, e.to_status, e.text, r.tracking_number, r.status "
    "FROM events e INDEXED BY events_public_at JOIN requests r ON r.id = e.request_id "
    "WHERE e.is_public = 1 AND e.at >= ?1 AND e.at < ?2 AND (?3 IS NULL OR e.request_id = ?3) "
    "ORDER BY e.at, e.id LIMIT ?4 OFFSET ?5";

constexpr const char* kListPhotos =
    "SELECT id, request_id, sha256, content_type, size, created_at, uploaded_by FROM photos WHERE request_id = ?1 "
    "ORDER BY id";

constexpr const char* kFindIdempotency =
    "SELECT body_hash, request_id FROM idempotency_keys WHERE principal = ?1 AND key = ?2";
constexpr const char* kInsertIdempotency =
    "INSERT INTO idempotency_keys (principal, key, body_hash, request_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";

// ---- Rollups ----------------------------------------------------------------------------------------------

constexpr const char* kBumpRequestRollup =
    "INSERT INTO rollup_requests (day, unit, category, status, n) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (day, unit, category, status) DO UPDATE SET n = n + excluded.n";
constexpr const char* kBumpOpenRollup =
    "INSERT INTO rollup_open (unit, status, n) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (unit, status) DO UPDATE SET n = n + excluded.n";
constexpr const char* kAddResolution =
    "INSERT INTO rollup_resolution (day, unit, bucket, n, total_seconds) VALUES (?1, ?2, ?3, 1, ?4) "
    "ON CONFLICT (day, unit, bucket) DO UPDATE SET n = n + 1, total_seconds = total_seconds + excluded.total_seconds";
constexpr const char* kBumpContactRollup =
    "INSERT INTO rollup_contacts (hour, channel, outcome, n) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (hour, channel, outcome) DO UPDATE SET n = n + excluded.n";
constexpr const char* kBumpSuggestionRollup =
    "INSERT INTO rollup_suggestions (day, category, shown, accepted) VALUES (?1, ?2, 1, ?3) "
    "ON CONFLICT (day, category) DO UPDATE SET shown = shown + 1, accepted = accepted + excluded.accepted";
constexpr const char* kSuggestionCounts =
    "SELECT day, category, shown, accepted FROM rollup_suggestions WHERE day >= ?1 AND day < ?2";
constexpr const char* kResolvedTexts =
    "SELECT category, description FROM requests WHERE status IN ('resolved', 'closed') ORDER BY id";
constexpr const char* kRequestCounts =
    "SELECT day, unit, category, status, n FROM rollup_requests WHERE day >= ?1 AND day < ?2 AND n <> 0";
constexpr const char* kOpenCounts = "SELECT unit, status, n FROM rollup_open WHERE n <> 0 ORDER BY unit, status";
constexpr const char* kOverdueCounts =
    "SELECT unit, status, count(*) FROM requests INDEXED BY requests_open_due "
    "WHERE status IN ('new', 'routed', 'in_progress', 'reopened') AND due_at < ?1 GROUP BY unit, status";
constexpr const char* kResolutionBuckets =
    "SELECT unit, bucket, sum(n), sum(total_seconds) FROM rollup_resolution WHERE day >= ?1 AND day < ?2 "
    "GROUP BY unit, bucket";
constexpr const char* kContactCounts =
    "SELECT hour, channel, outcome, n FROM rollup_contacts WHERE hour >= ?1 AND hour < ?2 AND n <> 0";

// ---- Row mapping ------------------------------------------------------------------------------------------

core::User ReadUser(const Statement& s) {
    core::User u;
    u.id = s.Int(0);
    u.username = s.Text(1);
    u.display_name = s.Text(2);
    u.role = ParseOr(core::ParseRole, s.Text(3), core::Role::kAgent);
    u.unit = s.Text(4);
    u.password_hash = s.Text(5);
    u.active = s.Int(6) != 0;
    u.created_at = FromUnix(s.Int(7));
    return u;
}

core::ApiKey ReadApiKey(const Statement& s) {
    core::ApiKey k;
    k.id = s.Int(0);
    k.name = s.Text(1);
    k.prefix = s.Text(2);
    k.key_hash = s.Text(3);
    k.role = ParseOr(core::ParseRole, s.Text(4), core::Role::kAgent);
    k.unit = s.Text(5);
    k.active = s.Int(6) != 0;
    k.created_at = FromUnix(s.Int(7));
    k.revoked_at = OptTime(s, 8);
    return k;
}

core::Citizen ReadCitizen(const Statement& s) {
    core::Citizen c;
    c.id = s.Int(0);
    c.phone = s.Text(1);
    c.first_name = s.Text(2);
    c.last_name = s.Text(3);
    c.tckn = s.Text(4);
    c.email = s.Text(5);
    c.address = s.Text(6);
    c.kvkk_consent = s.Int(7) != 0;
    c.created_at = FromUnix(s.Int(8));
    c.updated_at = FromUnix(s.Int(9));
    c.version = static_cast<int>(s.Int(10));
    return c;
}

core::Contact ReadContact(const Statement& s) {
    core::Contact c;
    c.id = s.Int(0);
    c.channel = ParseOr(core::ParseChannel, s.Text(1), core::Channel::kPhone);
    c.caller_phone = s.Text(2);
    c.citizen_id = s.OptInt(3);
    c.agent_id = s.OptInt(4);
    c.request_id = s.OptInt(5);
    c.article_id = s.OptInt(6);
    c.started_at = FromUnix(s.Int(7));
    c.ended_at = OptTime(s, 8);
    if (!s.IsNull(9)) {
        c.outcome = core::ParseContactOutcome(s.Text(9));
    }
    c.note = s.Text(10);
    c.version = static_cast<int>(s.Int(11));
    return c;
}

core::Article ReadArticle(const Statement& s) {
    core::Article a;
    a.id = s.Int(0);
    a.title = s.Text(1);
    a.body = s.Text(2);
    a.category = s.Text(3);
    a.tags = s.Text(4);
    a.active = s.Int(5) != 0;
    a.updated_at = FromUnix(s.Int(6));
    a.version = static_cast<int>(s.Int(7));
    return a;
}

core::Request ReadRequest(const Statement& s) {
    core::Request r;
    r.id = s.Int(0);
    r.year = static_cast<int>(s.Int(1));
    r.sequence = s.Int(2);
    r.tracking_number = s.Text(3);
    r.type = ParseOr(core::ParseRequestType, s.Text(4), core::RequestType::kRequest);
    r.channel = ParseOr(core::ParseChannel, s.Text(5), core::Channel::kPhone);
    r.category = s.Text(6);
    r.unit = s.Text(7);
    r.status = ParseOr(core::ParseStatus, s.Text(8), core::Status::kNew);
    r.priority = ParseOr(core::ParsePriority, s.Text(9), core::Priority::kNormal);
    r.description = s.Text(10);
    r.location.district = s.Text(11);
    r.location.neighbourhood_id = s.OptInt(12);
    r.location.street = s.Text(13);
    r.location.address_text = s.Text(14);
    r.location.lat = s.OptReal(15);
    r.location.lon = s.OptReal(16);
    r.citizen_id = s.OptInt(17);
    r.contact_id = s.OptInt(18);
    r.assignee_id = s.OptInt(19);
    r.created_by = s.OptInt(20);
    r.api_key_id = s.OptInt(21);
    r.routing_rule_id = s.OptInt(22);
    r.created_at = FromUnix(s.Int(23));
    r.updated_at = FromUnix(s.Int(24));
    r.due_at = FromUnix(s.Int(25));
    r.accepted_at = OptTime(s, 26);
    r.hold_started_at = OptTime(s, 27);
    r.resolved_at = OptTime(s, 28);
    r.closed_at = OptTime(s, 29);
    r.public_answer = s.Text(30);
    r.reject_reason = s.Text(31);
    r.version = static_cast<int>(s.Int(32));
    r.suggested_category = s.Text(33);
    if (auto accepted = s.OptInt(34)) {
        r.suggestion_accepted = *accepted != 0;
    }
    return r;
}

/// Binds columns ?1..?32 of a request in the order of kInsertRequest (kUpdateRequest shares ?4..?32).
void BindRequest(Statement& s, const core::Request& r) {
    s.Bind(1, r.year).Bind(2, r.sequence).Bind(3, r.tracking_number);
    s.Bind(4, core::ToCode(r.type)).Bind(5, core::ToCode(r.channel)).Bind(6, r.category).Bind(7, r.unit);
    s.Bind(8, core::ToCode(r.status)).Bind(9, core::ToCode(r.priority)).Bind(10, r.description);
    s.Bind(11, r.location.district).Bind(12, r.location.neighbourhood_id).Bind(13, r.location.street);
    s.Bind(14, r.location.address_text).Bind(15, r.location.lat).Bind(16, r.location.lon);
    s.Bind(17, r.citizen_id).Bind(18, r.contact_id).Bind(19, r.assignee_id).Bind(20, r.created_by);
    s.Bind(21, r.api_key_id).Bind(22, r.routing_rule_id).Bind(23, ToUnix(r.created_at));
    s.Bind(24, ToUnix(r.updated_at)).Bind(25, ToUnix(r.due_at)).Bind(26, OptUnix(r.accepted_at));
    s.Bind(27, OptUnix(r.hold_started_at)).Bind(28, OptUnix(r.resolved_at)).Bind(29, OptUnix(r.closed_at));
    s.Bind(30, r.public_answer).Bind(31, r.reject_reason).Bind(32, r.version);
}

}  // namespace

// ---- Catalog ----------------------------------------------------------------------------------------------

std::vector<core::Unit> SqliteTx::ListUnits() {
    std::vector<core::Unit> out;
    auto s = conn_.Prepare(kListUnits);
    while (s.Step()) {
        core::Unit u;
        u.id = s.Int(0);
        u.code = s.Text(1);
        u.name = s.Text(2);
        u.kind = ParseOr(core::ParseUnitKind, s.Text(3), core::UnitKind::kInternal);
        u.district = s.Text(4);
        u.active = s.Int(5) != 0;
        u.work_start_minute = static_cast<int>(s.Int(6));
        u.work_end_minute = static_cast<int>(s.Int(7));
        u.work_weekdays = static_cast<std::uint8_t>(s.Int(8));
        out.push_back(std::move(u));
    }
    return out;
}

namespace {
void BindUnit(Statement& s, const core::Unit& u) {
    s.Bind(1, u.code).Bind(2, u.name).Bind(3, core::ToCode(u.kind)).Bind(4, u.district).Bind(5, u.active);
    s.Bind(6, u.work_start_minute).Bind(7, u.work_end_minute).Bind(8, static_cast<int>(u.work_weekdays));
}
void BindCategory(Statement& s, const core::Category& c) {
    s.Bind(1, c.code).Bind(2, c.parent).Bind(3, c.name_tr).Bind(4, c.name_en).Bind(5, c.unit);
    s.Bind(6, c.sla_minutes).Bind(7, core::ToCode(c.clock)).Bind(8, core::ToCode(c.priority));
    s.Bind(9, c.urgent).Bind(10, c.keywords).Bind(11, c.active);
}
void BindRule(Statement& s, const core::RoutingRule& r) {
    s.Bind(1, r.position).Bind(2, r.name).Bind(3, r.category).Bind(4, r.district);
    s.Bind(5, r.channel ? core::ToCode(*r.channel) : std::string_view{});
    s.Bind(6, r.type ? core::ToCode(*r.type) : std::string_view{});
    s.Bind(7, r.unit).Bind(8, r.priority ? core::ToCode(*r.priority) : std::string_view{}).Bind(9, r.active);
}
}  // namespace

Id SqliteTx::InsertUnit(const core::Unit& unit) {
    auto s = conn_.Prepare(kInsertUnit);
    BindUnit(s, unit);
    s.Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateUnit(const core::Unit& unit) {
    auto s = conn_.Prepare(kUpdateUnit);
    BindUnit(s, unit);
    s.Run();
}

std::vector<core::Category> SqliteTx::ListCategories() {
    std::vector<core::Category> out;
    auto s = conn_.Prepare(kListCategories);
    while (s.Step()) {
        core::Category c;
        c.id = s.Int(0);
        c.code = s.Text(1);
        c.parent = s.Text(2);
        c.name_tr = s.Text(3);
        c.name_en = s.Text(4);
        c.unit = s.Text(5);
        c.sla_minutes = static_cast<int>(s.Int(6));
        c.clock = ParseOr(core::ParseSlaClock, s.Text(7), core::SlaClock::kWorkingHours);
        c.priority = ParseOr(core::ParsePriority, s.Text(8), core::Priority::kNormal);
        c.urgent = s.Int(9) != 0;
        c.keywords = s.Text(10);
        c.active = s.Int(11) != 0;
        out.push_back(std::move(c));
    }
    return out;
}

Id SqliteTx::InsertCategory(const core::Category& category) {
    auto s = conn_.Prepare(kInsertCategory);
    BindCategory(s, category);
    s.Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateCategory(const core::Category& category) {
    auto s = conn_.Prepare(kUpdateCategory);
    BindCategory(s, category);
    s.Run();
}

std::vector<core::District> SqliteTx::ListDistricts() {
    std::vector<core::District> out;
    auto s = conn_.Prepare(kListDistricts);
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Real(2), s.Real(3)});
    }
    return out;
}

void SqliteTx::InsertDistrict(const core::District& d) {
    conn_.Prepare(kInsertDistrict).Bind(1, d.code).Bind(2, d.name).Bind(3, d.lat).Bind(4, d.lon).Run();
}

std::vector<core::Neighbourhood> SqliteTx::ListNeighbourhoods() {
    std::vector<core::Neighbourhood> out;
    auto s = conn_.Prepare(kListNeighbourhoods);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0});
    }
    return out;
}

void SqliteTx::UpdateNeighbourhood(const core::Neighbourhood& n) {
    conn_.Prepare(kUpdateNeighbourhood).Bind(1, n.id).Bind(2, n.name).Bind(3, n.active).Run();
}

Id SqliteTx::InsertNeighbourhood(const core::Neighbourhood& n) {
    auto s = conn_.Prepare(kInsertNeighbourhood);
    if (n.id != 0) {
        s.Bind(1, n.id);
    } else {
        s.BindNull(1);
    }
    s.Bind(2, n.district).Bind(3, n.name).Bind(4, n.active).Run();
    return conn_.LastInsertId();
}

std::vector<core::RoutingRule> SqliteTx::ListRoutingRules() {
    std::vector<core::RoutingRule> out;
    auto s = conn_.Prepare(kListRules);
    while (s.Step()) {
        core::RoutingRule r;
        r.id = s.Int(0);
        r.position = static_cast<int>(s.Int(1));
        r.name = s.Text(2);
        r.category = s.Text(3);
        r.district = s.Text(4);
        r.channel = core::ParseChannel(s.Text(5));
        r.type = core::ParseRequestType(s.Text(6));
        r.unit = s.Text(7);
        r.priority = core::ParsePriority(s.Text(8));
        r.active = s.Int(9) != 0;
        out.push_back(std::move(r));
    }
    return out;
}

Id SqliteTx::InsertRoutingRule(const core::RoutingRule& rule) {
    auto s = conn_.Prepare(kInsertRule);
    BindRule(s, rule);
    s.Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateRoutingRule(const core::RoutingRule& rule) {
    auto s = conn_.Prepare(kUpdateRule);
    BindRule(s, rule);
    s.Bind(10, rule.id).Run();
}

void SqliteTx::DeleteRoutingRule(Id id) { conn_.Prepare(kDeleteRule).Bind(1, id).Run(); }

// ---- Staff ------------------------------------------------------------------------------------------------

std::optional<core::User> SqliteTx::FindUser(Id id) {
    auto s = conn_.Prepare(kFindUser);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadUser(s);
}

std::optional<core::User> SqliteTx::FindUserByName(const std::string& username) {
    auto s = conn_.Prepare(kFindUserByName);
    s.Bind(1, username);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadUser(s);
}

std::vector<core::User> SqliteTx::ListUsers() {
    std::vector<core::User> out;
    auto s = conn_.Prepare(kListUsers);
    while (s.Step()) {
        out.push_back(ReadUser(s));
    }
    return out;
}

Id SqliteTx::InsertUser(const core::User& u) {
    conn_.Prepare(kInsertUser)
        .Bind(1, u.username)
        .Bind(2, u.display_name)
        .Bind(3, core::ToCode(u.role))
        .Bind(4, u.unit)
        .Bind(5, u.password_hash)
        .Bind(6, u.active)
        .Bind(7, ToUnix(u.created_at))
        .Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateUser(const core::User& u) {
    conn_.Prepare(kUpdateUser)
        .Bind(1, u.id)
        .Bind(2, u.display_name)
        .Bind(3, core::ToCode(u.role))
        .Bind(4, u.unit)
        .Bind(5, u.password_hash)
        .Bind(6, u.active)
        .Run();
}

void SqliteTx::InsertSession(const core::Session& x) {
    conn_.Prepare(kInsertSession)
        .Bind(1, x.token_hash)
        .Bind(2, x.user_id)
        .Bind(3, x.csrf_token)
        .Bind(4, ToUnix(x.created_at))
        .Bind(5, ToUnix(x.expires_at))
        .Run();
}

std::optional<core::Session> SqliteTx::FindSession(const std::string& token_hash) {
    auto s = conn_.Prepare(kFindSession);
    s.Bind(1, token_hash);
    if (!s.Step()) {
        return std::nullopt;
    }
    return core::Session{s.Text(0), s.Int(1), s.Text(2), FromUnix(s.Int(3)), FromUnix(s.Int(4))};
}

void SqliteTx::DeleteSession(const std::string& token_hash) { conn_.Prepare(kDeleteSession).Bind(1, token_hash).Run(); }

void SqliteTx::DeleteSessionsOf(Id user_id) { conn_.Prepare(kDeleteSessionsOf).Bind(1, user_id).Run(); }

int SqliteTx::DeleteExpiredSessions(Time now) {
    conn_.Prepare(kDeleteExpiredSessions).Bind(1, ToUnix(now)).Run();
    return conn_.Changes();
}

Id SqliteTx::InsertApiKey(const core::ApiKey& k) {
    conn_.Prepare(kInsertApiKey)
        .Bind(1, k.name)
        .Bind(2, k.prefix)
        .Bind(3, k.key_hash)
        .Bind(4, core::ToCode(k.role))
        .Bind(5, k.unit)
        .Bind(6, k.active)
        .Bind(7, ToUnix(k.created_at))
        .Run();
    return conn_.LastInsertId();
}

std::optional<core::ApiKey> SqliteTx::FindApiKeyByPrefix(const std::string& prefix) {
    auto s = conn_.Prepare(kFindApiKey);
    s.Bind(1, prefix);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadApiKey(s);
}

std::vector<core::ApiKey> SqliteTx::ListApiKeys() {
    std::vector<core::ApiKey> out;
    auto s = conn_.Prepare(kListApiKeys);
    while (s.Step()) {
        out.push_back(ReadApiKey(s));
    }
    return out;
}

void SqliteTx::RevokeApiKey(Id id, Time at) { conn_.Prepare(kRevokeApiKey).Bind(1, id).Bind(2, ToUnix(at)).Run(); }

// ---- Citizens and contacts ----------------------------------------------------------------------------------

std::optional<core::Citizen> SqliteTx::FindCitizen(Id id) {
    auto s = conn_.Prepare(kFindCitizen);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadCitizen(s);
}

std::vector<core::Citizen> SqliteTx::FindCitizensByPhone(const std::string& e164) {
    std::vector<core::Citizen> out;
    auto s = conn_.Prepare(kFindCitizensByPhone);
    s.Bind(1, e164);
    while (s.Step()) {
        out.push_back(ReadCitizen(s));
    }
    return out;
}

namespace {
void BindCitizen(Statement& s, const core::Citizen& c, int first) {
    s.Bind(first, c.phone).Bind(first + 1, c.first_name).Bind(first + 2, c.last_name).Bind(first + 3, c.tckn);
    s.Bind(first + 4, c.email).Bind(first + 5, c.address).Bind(first + 6, c.kvkk_consent);
}
}  // namespace

Id SqliteTx::InsertCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kInsertCitizen);
    BindCitizen(s, c, 1);
    s.Bind(8, ToUnix(c.created_at)).Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateCitizen(const core::Citizen& c) {
    auto s = conn_.Prepare(kUpdateCitizen);
    s.Bind(1, c.id);
    BindCitizen(s, c, 2);
    s.Bind(9, ToUnix(c.updated_at)).Bind(10, c.version).Run();
}

void SqliteTx::LogPiiAccess(Id user_id, Id citizen_id, Time at, const std::string& reason) {
    conn_.Prepare(kLogPii).Bind(1, user_id).Bind(2, citizen_id).Bind(3, ToUnix(at)).Bind(4, reason).Run();
}

namespace {
void BindContact(Statement& s, const core::Contact& c, int first) {
    s.Bind(first, core::ToCode(c.channel)).Bind(first + 1, c.caller_phone).Bind(first + 2, c.citizen_id);
    s.Bind(first + 3, c.agent_id).Bind(first + 4, c.request_id).Bind(first + 5, c.article_id);
    s.Bind(first + 6, ToUnix(c.started_at)).Bind(first + 7, OptUnix(c.ended_at));
    if (c.outcome) {
        s.Bind(first + 8, core::ToCode(*c.outcome));
    } else {
        s.BindNull(first + 8);
    }
    s.Bind(first + 9, c.note).Bind(first + 10, c.version);
}
}  // namespace

Id SqliteTx::InsertContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kInsertContact);
    BindContact(s, contact, 1);
    s.Run();
    return conn_.LastInsertId();
}

std::optional<core::Contact> SqliteTx::FindContact(Id id) {
    auto s = conn_.Prepare(kFindContact);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadContact(s);
}

void SqliteTx::UpdateContact(const core::Contact& contact) {
    auto s = conn_.Prepare(kUpdateContact);
    s.Bind(1, contact.id);
    BindContact(s, contact, 2);
    s.Run();
}

std::vector<core::Contact> SqliteTx::ListContacts(const ContactFilter& f) {
    std::string sql = kContactColumns;
    sql += "WHERE 1";
    std::vector<std::function<void(Statement&, int)>> binds;
    if (f.citizen_id) {
        sql += " AND citizen_id = ?";
        binds.emplace_back([v = *f.citizen_id](Statement& s, int i) { s.Bind(i, v); });
    }
    if (!f.caller_phone.empty()) {
        sql += " AND caller_phone = ? AND caller_phone <> ''";  // lets the partial index contacts_phone serve
        binds.emplace_back([v = f.caller_phone](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.agent_id) {
        sql += " AND agent_id = ?";
        binds.emplace_back([v = *f.agent_id](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.started_from) {
        sql += " AND started_at >= ?";
        binds.emplace_back([v = ToUnix(*f.started_from)](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.started_to) {
        sql += " AND started_at < ?";
        binds.emplace_back([v = ToUnix(*f.started_to)](Statement& s, int i) { s.Bind(i, v); });
    }
    if (f.before_id) {
        sql += " AND id < ?";
        binds.emplace_back([v = *f.before_id](Statement& s, int i) { s.Bind(i, v); });
    }
    sql += " ORDER BY id DESC LIMIT ?";
    binds.emplace_back([v = f.limit](Statement& s, int i) { s.Bind(i, v); });
    auto s = conn_.PrepareDynamic(sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
        binds[i](s, static_cast<int>(i + 1));
    }
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

std::vector<core::Contact> SqliteTx::ListContactsAfter(Id after, int limit) {
    auto s = conn_.Prepare(kListContactsAfter);
    s.Bind(1, after).Bind(2, limit);
    std::vector<core::Contact> out;
    while (s.Step()) {
        out.push_back(ReadContact(s));
    }
    return out;
}

Id SqliteTx::MaxContactId() {
    auto s = conn_.Prepare(kMaxContactId);
    return s.Step() ? s.Int(0) : 0;
}

// ---- Knowledge base ---------------------------------------------------------------------------------------

Id SqliteTx::InsertArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
                           const std::string& folded_tags) {
    conn_.Prepare(kInsertArticle)
        .Bind(1, a.title)
        .Bind(2, a.body)
        .Bind(3, a.category)
        .Bind(4, a.tags)
        .Bind(5, a.active)
        .Bind(6, ToUnix(a.updated_at))
        .Bind(7, a.version)
        .Run();
    Id id = conn_.LastInsertId();
    conn_.Prepare(kIndexArticle).Bind(1, id).Bind(2, folded_title).Bind(3, folded_body).Bind(4, folded_tags).Run();
    return id;
}

void SqliteTx::UpdateArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
                             const std::string& folded_tags) {
    conn_.Prepare(kUpdateArticle)
        .Bind(1, a.id)
        .Bind(2, a.title)
        .Bind(3, a.body)
        .Bind(4, a.category)
        .Bind(5, a.tags)
        .Bind(6, a.active)
        .Bind(7, ToUnix(a.updated_at))
        .Bind(8, a.version)
        .Run();
    conn_.Prepare(kIndexArticle).Bind(1, a.id).Bind(2, folded_title).Bind(3, folded_body).Bind(4, folded_tags).Run();
}

std::optional<core::Article> SqliteTx::FindArticle(Id id) {
    auto s = conn_.Prepare(kFindArticle);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadArticle(s);
}

std::vector<core::Article> SqliteTx::SearchArticles(const std::vector<std::string>& words, bool include_inactive,
                                                    int limit) {
    const std::string fts_query = FtsMatch(words);
    std::vector<core::Article> out;
    auto s = conn_.Prepare(fts_query.empty() ? kListArticles : kSearchArticles);
    if (fts_query.empty()) {
        s.Bind(1, include_inactive).Bind(2, limit);
    } else {
        s.Bind(1, fts_query).Bind(2, include_inactive).Bind(3, limit);
    }
    while (s.Step()) {
        out.push_back(ReadArticle(s));
    }
    return out;
}

// ---- Requests ---------------------------------------------------------------------------------------------

std::int64_t SqliteTx::NextSequence(const std::string& name) {
    auto s = conn_.Prepare(kNextSequence);
    s.Bind(1, name);
    if (!s.Step()) {
        throw StorageError("sequence " + name + " returned no value");
    }
    return s.Int(0);
}

Id SqliteTx::InsertRequest(const core::Request& request) {
    auto s = conn_.Prepare(kInsertRequest);
    BindRequest(s, request);
    // Set once, at intake (?33 is kUpdateRequest's id, so these two come after it).
    s.Bind(34, request.suggested_category).Bind(35, request.suggestion_accepted);
    s.Run();
    return conn_.LastInsertId();
}

void SqliteTx::UpdateRequest(const core::Request& request) {
    auto s = conn_.Prepare(kUpdateRequest);
    BindRequest(s, request);
    s.Bind(33, request.id);
    s.Run();
}

std::optional<core::Request> SqliteTx::FindRequest(Id id) {
    auto s = conn_.Prepare(kFindRequest);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadRequest(s);
}

std::optional<core::Request> SqliteTx::FindRequestByNumber(int year, std::int64_t sequence) {
    auto s = conn_.Prepare(kFindRequestByNumber);
    s.Bind(1, year).Bind(2, sequence);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadRequest(s);
}

std::string SqliteTx::RequestWhere(const RequestFilter& f, std::vector<std::function<void(Statement&, int)>>& binds,
                                   bool with_cursor) {
    std::string sql = " WHERE 1";
    auto in_list = [&](const char* column, const std::vector<std::string>& values) {
        if (values.empty()) {
            return;
        }
        sql += " AND r.";
        sql += column;
        sql += " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            sql += i == 0 ? "?" : ", ?";
            binds.emplace_back([v = values[i]](Statement& s, int n) { s.Bind(n, v); });
        }
        sql += ")";
    };
    auto codes = [](const auto& enums) {
        std::vector<std::string> out;
        for (auto e : enums) {
            out.emplace_back(core::ToCode(e));
        }
        return out;
    };
    in_list("unit", f.units);
    in_list("status", codes(f.statuses));
    in_list("district", f.districts);
    in_list("channel", codes(f.channels));
    in_list("type", codes(f.types));
    if (!f.categories.empty()) {
        // A top-level code matches its sub-categories ("SU" matches "SU.ARIZA"): a range scan on the code.
        sql += " AND (";
        for (std::size_t i = 0; i < f.categories.size(); ++i) {
            sql += i == 0 ? "" : " OR ";
            sql += "r.category = ? OR (r.category > ? AND r.category < ?)";
            const std::string& c = f.categories[i];
            binds.emplace_back([v = c](Statement& s, int n) { s.Bind(n, v); });
            binds.emplace_back([v = c + "."](Statement& s, int n) { s.Bind(n, v); });
            binds.emplace_back([v = c + "/"](Statement& s, int n) { s.Bind(n, v); });
        }
        sql += ")";
    }
    if (f.created_from) {
        sql += " AND r.created_at >= ?";
        binds.emplace_back([v = ToUnix(*f.created_from)](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.created_to) {
        sql += " AND r.created_at < ?";
        binds.emplace_back([v = ToUnix(*f.created_to)](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.due_before) {
        sql += " AND r.status IN ('new', 'routed', 'in_progress', 'reopened') AND r.due_at < ?";
        binds.emplace_back([v = ToUnix(*f.due_before)](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.assignee_id) {
        sql += " AND r.assignee_id = ?";
        binds.emplace_back([v = *f.assignee_id](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.citizen_id) {
        sql += " AND r.citizen_id = ?";
        binds.emplace_back([v = *f.citizen_id](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.updated_from) {
        sql += " AND r.updated_at > ?";
        binds.emplace_back([v = ToUnix(*f.updated_from)](Statement& s, int n) { s.Bind(n, v); });
    }
    if (f.box) {
        sql += " AND r.lat BETWEEN ? AND ? AND r.lon BETWEEN ? AND ?";
        for (double v : {f.box->south, f.box->north, f.box->west, f.box->east}) {
            binds.emplace_back([v](Statement& s, int n) { s.Bind(n, v); });
        }
    }
    const std::string fts_query = FtsMatch(f.words);
    if (!fts_query.empty()) {
        // Newest first walks the FTS index itself in rowid order (see ListRequests) and stops at the limit;
        // other orders and counts need the whole set of matches.
        if (with_cursor && f.order == RequestFilter::Order::kNewestFirst) {
            sql += " AND request_fts MATCH ?";
        } else {
            sql += " AND r.id IN (SELECT rowid FROM request_fts WHERE request_fts MATCH ?)";
        }
        binds.emplace_back([v = fts_query](Statement& s, int n) { s.Bind(n, v); });
    }
    if (with_cursor && f.after) {
        if (f.order == RequestFilter::Order::kDueFirst) {
            sql += " AND (r.due_at, r.id) > (?, ?)";
        } else if (!fts_query.empty()) {
            sql += " AND request_fts.rowid < ?";  // a rowid bound the FTS index applies itself
        } else {
            sql += " AND r.id < ?";
        }
        if (f.order == RequestFilter::Order::kDueFirst) {
            binds.emplace_back([v = f.after->first](Statement& s, int n) { s.Bind(n, v); });
        }
        binds.emplace_back([v = f.after->second](Statement& s, int n) { s.Bind(n, v); });
    }
    return sql;
}

std::vector<core::Request> SqliteTx::ListRequests(const RequestFilter& f) {
    std::vector<std::function<void(Statement&, int)>> binds;
    const bool fts_walk = !FtsMatch(f.words).empty() && f.order == RequestFilter::Order::kNewestFirst;
    std::string sql = "SELECT " ALO153_REQUEST_COLUMNS;
    sql += fts_walk ? "FROM request_fts JOIN requests r ON r.id = request_fts.rowid" : "FROM requests r";
    sql += RequestWhere(f, binds, true);
    // Ids grow with creation time, so "newest first" is id order: a stable keyset, served by the indexes.
    if (f.order == RequestFilter::Order::kDueFirst) {
        sql += " ORDER BY r.due_at, r.id";
    } else {
        sql += fts_walk ? " ORDER BY request_fts.rowid DESC" : " ORDER BY r.id DESC";
    }
    sql += " LIMIT ?";
    binds.emplace_back([v = f.limit](Statement& s, int n) { s.Bind(n, v); });
    if (f.offset > 0) {
        sql += " OFFSET ?";
        binds.emplace_back([v = f.offset](Statement& s, int n) { s.Bind(n, v); });
    }
    auto s = conn_.PrepareDynamic(sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
        binds[i](s, static_cast<int>(i + 1));
    }
    std::vector<core::Request> out;
    while (s.Step()) {
        out.push_back(ReadRequest(s));
    }
    return out;
}

std::int64_t SqliteTx::CountRequests(const RequestFilter& f) {
    std::vector<std::function<void(Statement&, int)>> binds;
    std::string sql = "SELECT count(*) FROM requests r" + RequestWhere(f, binds, false);
    auto s = conn_.PrepareDynamic(sql);
    for (std::size_t i = 0; i < binds.size(); ++i) {
        binds[i](s, static_cast<int>(i + 1));
    }
    s.Step();
    return s.Int(0);
}

void SqliteTx::IndexRequestText(Id request_id, const std::string& body, const std::string& address,
                                const std::string& notes) {
    conn_.Prepare(kIndexRequest).Bind(1, request_id).Bind(2, body).Bind(3, address).Bind(4, notes).Run();
}

std::string SqliteTx::IndexedNotes(Id request_id) {
    auto s = conn_.Prepare(kIndexedNotes);
    s.Bind(1, request_id);
    return s.Step() ? s.Text(0) : std::string{};
}

Id SqliteTx::InsertEvent(const core::Event& e) {
    auto s = conn_.Prepare(kInsertEvent);
    s.Bind(1, e.request_id).Bind(2, ToUnix(e.at)).Bind(3, e.actor_id).Bind(4, e.kind);
    if (e.from_status) {
        s.Bind(5, core::ToCode(*e.from_status));
    } else {
        s.BindNull(5);
    }
    if (e.to_status) {
        s.Bind(6, core::ToCode(*e.to_status));
    } else {
        s.BindNull(6);
    }
    s.Bind(7, e.is_public).Bind(8, e.text).Run();
    Id id = conn_.LastInsertId();
    for (const auto& c : e.changes) {
        conn_.Prepare(kInsertEventChange).Bind(1, id).Bind(2, c.field).Bind(3, c.before).Bind(4, c.after).Run();
    }
    return id;
}

std::vector<core::Event> SqliteTx::ListEvents(Id request_id) {
    std::vector<core::Event> out;
    {
        auto s = conn_.Prepare(kListEvents);
        s.Bind(1, request_id);
        while (s.Step()) {
            core::Event e;
            e.id = s.Int(0);
            e.request_id = s.Int(1);
            e.at = FromUnix(s.Int(2));
            e.actor_id = s.OptInt(3);
            e.actor_name = s.Text(4);
            e.kind = s.Text(5);
            if (!s.IsNull(6)) {
                e.from_status = core::ParseStatus(s.Text(6));
            }
            if (!s.IsNull(7)) {
                e.to_status = core::ParseStatus(s.Text(7));
            }
            e.is_public = s.Int(8) != 0;
            e.text = s.Text(9);
            out.push_back(std::move(e));
        }
    }
    auto s = conn_.Prepare(kListEventChanges);
    s.Bind(1, request_id);
    std::size_t at = 0;
    while (s.Step()) {
        Id event_id = s.Int(0);
        while (at < out.size() && out[at].id != event_id) {
            ++at;
        }
        if (at == out.size()) {
            break;
        }
        out[at].changes.push_back({s.Text(1), s.Text(2), s.Text(3)});
    }
    return out;
}

std::vector<EventFeedRow> SqliteTx::ListEventsAfter(Id after, int limit) {
    auto s = conn_.Prepare(kListEventsAfter);
    s.Bind(1, after).Bind(2, limit);
    std::vector<EventFeedRow> out;
    while (s.Step()) {
        EventFeedRow row;
        row.event_id = s.Int(0);
        row.request_id = s.Int(1);
        row.at = FromUnix(s.Int(2));
        row.kind = s.Text(3);
        if (!s.IsNull(4)) {
            row.to_status = core::ParseStatus(s.Text(4));
        }
        row.tracking_number = s.Text(5);
        row.status = ParseOr(core::ParseStatus, s.Text(6), core::Status::kNew);
        row.unit = s.Text(7);
        row.category = s.Text(8);
        row.previous_unit = s.Text(9);
        out.push_back(std::move(row));
    }
    return out;
}

Id SqliteTx::MaxEventId() {
    auto s = conn_.Prepare(kMaxEventId);
    return s.Step() ? s.Int(0) : 0;
}

Id SqliteTx::InsertPhoto(const core::Photo& p) {
    conn_.Prepare(kInsertPhoto)
        .Bind(1, p.request_id)
        .Bind(2, p.sha256)
        .Bind(3, p.content_type)
        .Bind(4, p.size)
        .Bind(5, ToUnix(p.created_at))
        .Bind(6, p.uploaded_by)
        .Run();
    return conn_.LastInsertId();
}

std::vector<core::Photo> SqliteTx::ListPhotos(Id request_id) {
    std::vector<core::Photo> out;
    auto s = conn_.Prepare(kListPhotos);
    s.Bind(1, request_id);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), FromUnix(s.Int(5)), s.OptInt(6)});
    }
    return out;
}

std::optional<IdempotencyRecord> SqliteTx::FindIdempotency(const std::string& principal, const std::string& key) {
    auto s = conn_.Prepare(kFindIdempotency);
    s.Bind(1, principal).Bind(2, key);
    if (!s.Step()) {
        return std::nullopt;
    }
    return IdempotencyRecord{s.Text(0), s.Int(1)};
}

void SqliteTx::InsertIdempotency(const std::string& principal, const std::string& key, const IdempotencyRecord& r,
                                 Time at) {
    conn_.Prepare(kInsertIdempotency)
        .Bind(1, principal)
        .Bind(2, key)
        .Bind(3, r.body_hash)
        .Bind(4, r.request_id)
        .Bind(5, ToUnix(at))
        .Run();
}

// ---- Rollups ----------------------------------------------------------------------------------------------

void SqliteTx::BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category,
                                 core::Status status, std::int64_t delta) {
    conn_.Prepare(kBumpRequestRollup)
        .Bind(1, day)
        .Bind(2, unit)
        .Bind(3, category)
        .Bind(4, core::ToCode(status))
        .Bind(5, delta)
        .Run();
}

void SqliteTx::BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta) {
    conn_.Prepare(kBumpOpenRollup).Bind(1, unit).Bind(2, core::ToCode(status)).Bind(3, delta).Run();
}

void SqliteTx::AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds) {
    conn_.Prepare(kAddResolution).Bind(1, day).Bind(2, unit).Bind(3, bucket).Bind(4, seconds).Run();
}

void SqliteTx::BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome,
                                 std::int64_t delta) {
    conn_.Prepare(kBumpContactRollup)
        .Bind(1, hour)
        .Bind(2, core::ToCode(channel))
        .Bind(3, outcome)
        .Bind(4, delta)
        .Run();
}

std::vector<RequestCount> SqliteTx::RequestCounts(std::int64_t from_day, std::int64_t to_day) {
    std::vector<RequestCount> out;
    auto s = conn_.Prepare(kRequestCounts);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back(
            {s.Int(0), s.Text(1), s.Text(2), ParseOr(core::ParseStatus, s.Text(3), core::Status::kNew), s.Int(4)});
    }
    return out;
}

std::vector<UnitCount> SqliteTx::OpenCounts() {
    std::vector<UnitCount> out;
    auto s = conn_.Prepare(kOpenCounts);
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Int(2)});
    }
    return out;
}

std::vector<UnitCount> SqliteTx::OverdueCounts(Time now) {
    std::vector<UnitCount> out;
    auto s = conn_.Prepare(kOverdueCounts);
    s.Bind(1, ToUnix(now));
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Int(2)});
    }
    return out;
}

std::vector<ResolutionBucket> SqliteTx::ResolutionBuckets(std::int64_t from_day, std::int64_t to_day) {
    std::vector<ResolutionBucket> out;
    auto s = conn_.Prepare(kResolutionBuckets);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back({s.Text(0), static_cast<int>(s.Int(1)), s.Int(2), s.Int(3)});
    }
    return out;
}

std::vector<ContactCount> SqliteTx::ContactCounts(std::int64_t from_hour, std::int64_t to_hour) {
    std::vector<ContactCount> out;
    auto s = conn_.Prepare(kContactCounts);
    s.Bind(1, from_hour).Bind(2, to_hour);
    while (s.Step()) {
        out.push_back({s.Int(0), ParseOr(core::ParseChannel, s.Text(1), core::Channel::kPhone), s.Text(2), s.Int(3)});
    }
    return out;
}

// ---- Classifier -------------------------------------------------------------------------------------------

void SqliteTx::BumpSuggestionRollup(std::int64_t day, const std::string& category, bool accepted) {
    conn_.Prepare(kBumpSuggestionRollup).Bind(1, day).Bind(2, category).Bind(3, accepted ? 1 : 0).Run();
}

std::vector<SuggestionCount> SqliteTx::SuggestionCounts(std::int64_t from_day, std::int64_t to_day) {
    std::vector<SuggestionCount> out;
    auto s = conn_.Prepare(kSuggestionCounts);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Text(1), s.Int(2), s.Int(3)});
    }
    return out;
}

void SqliteTx::ForEachResolvedText(
    const std::function<void(const std::string& category, const std::string& description)>& visit) {
    auto s = conn_.Prepare(kResolvedTexts);
    while (s.Step()) {
        visit(s.Text(0), s.Text(1));
    }
}

// ---- Open311 ----------------------------------------------------------------------------------------------

namespace {

std::string IdArray(const std::vector<Id>& ids) {
    std::string json = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            json += ',';
        }
        json += std::to_string(ids[i]);
    }
    return json + "]";
}

ServiceAttribute ReadAttribute(const Statement& s) {
    ServiceAttribute a;
    a.category = s.Text(0);
    a.code = s.Text(1);
    a.datatype = s.Text(2);
    a.required = s.Int(3) != 0;
    a.order = static_cast<int>(s.Int(4));
    a.description = s.Text(5);
    a.datatype_description = s.Text(6);
    a.variable = s.Int(7) != 0;
    const std::string all = s.Text(8);
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t bar = all.find('|', start);
        std::string item = all.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        std::size_t eq = item.find('=');
        if (!item.empty()) {
            a.values.emplace_back(item.substr(0, eq), eq == std::string::npos ? item : item.substr(eq + 1));
        }
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 1;
    }
    return a;
}

Open311Submission ReadSubmission(const Statement& s) { return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)}; }

}  // namespace

std::vector<std::pair<std::string, std::string>> SqliteTx::ListServiceTypes() {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = conn_.Prepare(kListServiceTypes);
    while (s.Step()) {
        out.emplace_back(s.Text(0), s.Text(1));
    }
    return out;
}

void SqliteTx::InsertServiceType(const std::string& category, const std::string& type) {
    conn_.Prepare(kInsertServiceType).Bind(1, category).Bind(2, type).Run();
}

std::vector<ServiceAttribute> SqliteTx::ListServiceAttributes(const std::string& category) {
    std::vector<ServiceAttribute> out;
    auto s = conn_.Prepare(category.empty() ? kListAllAttributes : kListAttributes);
    if (!category.empty()) {
        s.Bind(1, category);
    }
    while (s.Step()) {
        out.push_back(ReadAttribute(s));
    }
    return out;
}

void SqliteTx::InsertServiceAttribute(const ServiceAttribute& a) {
    std::string choices;
    for (const auto& [key, name] : a.values) {
        if (!choices.empty()) {
            choices += '|';
        }
        choices.append(key).append("=").append(name);
    }
    conn_.Prepare(kInsertAttribute)
        .Bind(1, a.category)
        .Bind(2, a.code)
        .Bind(3, a.datatype)
        .Bind(4, a.required)
        .Bind(5, a.order)
        .Bind(6, a.description)
        .Bind(7, a.datatype_description)
        .Bind(8, a.variable)
        .Bind(9, choices)
        .Run();
}

void SqliteTx::InsertRequestAttribute(Id request_id, const std::string& code, const std::string& value) {
    conn_.Prepare(kInsertRequestAttribute).Bind(1, request_id).Bind(2, code).Bind(3, value).Run();
}

std::vector<std::pair<std::string, std::string>> SqliteTx::ListRequestAttributes(Id request_id) {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = conn_.Prepare(kListRequestAttributes);
    s.Bind(1, request_id);
    while (s.Step()) {
        out.emplace_back(s.Text(0), s.Text(1));
    }
    return out;
}

void SqliteTx::InsertOpen311Submission(const Open311Submission& sub) {
    auto s = conn_.Prepare(kInsertSubmission);
    s.Bind(1, sub.request_id);
    if (sub.token.empty()) {
        s.BindNull(2);
    } else {
        s.Bind(2, sub.token);
    }
    s.Bind(3, sub.media_url).Bind(4, sub.device_id).Bind(5, sub.account_id).Run();
}

std::optional<Open311Submission> SqliteTx::FindOpen311Token(const std::string& token) {
    auto s = conn_.Prepare(kFindToken);
    s.Bind(1, token);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadSubmission(s);
}

std::vector<Open311Submission> SqliteTx::ListOpen311Submissions(const std::vector<Id>& request_ids) {
    std::vector<Open311Submission> out;
    auto s = conn_.Prepare(kListSubmissions);
    s.Bind(1, IdArray(request_ids));
    while (s.Step()) {
        out.push_back(ReadSubmission(s));
    }
    return out;
}

std::vector<std::pair<Id, std::string>> SqliteTx::LatestPublicAnswers(const std::vector<Id>& request_ids) {
    std::vector<std::pair<Id, std::string>> out;
    auto s = conn_.Prepare(kLatestPublicAnswers);
    s.Bind(1, IdArray(request_ids));
    while (s.Step()) {
        Id id = s.Int(0);
        if (!out.empty() && out.back().first == id) {
            out.back().second = s.Text(1);  // rows come oldest first: the last one wins
        } else {
            out.emplace_back(id, s.Text(1));
        }
    }
    return out;
}

std::vector<core::Photo> SqliteTx::ListPhotosOf(const std::vector<Id>& request_ids) {
    std::vector<core::Photo> out;
    auto s = conn_.Prepare(kListPhotosOf);
    s.Bind(1, IdArray(request_ids));
    while (s.Step()) {
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), FromUnix(s.Int(5)), s.OptInt(6)});
    }
    return out;
}

std::vector<PublicUpdate> SqliteTx::ListPublicEvents(const UpdateFilter& f) {
    std::vector<PublicUpdate> out;
    auto s = conn_.Prepare(kListPublicEvents);
    s.Bind(1, f.from ? ToUnix(*f.from) : std::int64_t{0})
        .Bind(2, f.to ? ToUnix(*f.to) : std::numeric_limits<std::int64_t>::max())
        .Bind(3, f.request_id)
        .Bind(4, f.limit)
        .Bind(5, f.offset);
    while (s.Step()) {
        PublicUpdate u;
        u.event.id = s.Int(0);
        u.event.request_id = s.Int(1);
        u.event.at = FromUnix(s.Int(2));
        u.event.kind = s.Text(3);
        if (!s.IsNull(4)) {
            u.event.from_status = core::ParseStatus(s.Text(4));
        }
        if (!s.IsNull(5)) {
            u.event.to_status = core::ParseStatus(s.Text(5));
        }
        u.event.is_public = true;
        u.event.text = s.Text(6);
        u.tracking_number = s.Text(7);
        u.request_status = ParseOr(core::ParseStatus, s.Text(8), core::Status::kNew);
        out.push_back(std::move(u));
    }
    return out;
}

}  // namespace alo153::storage::sqlite
