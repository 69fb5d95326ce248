// Requests: the sequence of tracking numbers, the row, its search index, and the filter SQL of lists and counts.
#include "storage/sqlite/sqlite_tx.hpp"

#include <functional>
#include <string>
#include <vector>

#include "storage/sqlite/fts.hpp"
#include "storage/sqlite/tx_shared.hpp"

namespace alo153::storage::sqlite {
namespace {

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

}  // namespace alo153::storage::sqlite
