// Requests: the sequence of tracking numbers, the row, its search index, and the filter SQL of lists and counts.
#include "storage/postgres/pg_tx.hpp"

#include <functional>
#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

// Each named counter is a database sequence: nextval never waits for another transaction (a counter row would
// make every create wait for the one before it to commit), at the price of a gap when a create rolls back.
// NULL when the sequence does not exist yet.
constexpr const char* kNextSequence = "SELECT nextval(to_regclass($1))";

#define ALO153_REQUEST_COLUMNS                                                                                   \
    "r.id, r.year, r.sequence, r.tracking_number, r.type, r.channel, r.category, r.unit, r.status, r.priority, " \
    "r.description, r.district, r.neighbourhood_id, r.street, r.address_text, r.lat, r.lon, r.citizen_id, "      \
    "r.contact_id, r.assignee_id, r.created_by, r.api_key_id, r.routing_rule_id, r.created_at, r.updated_at, "   \
    "r.due_at, r.accepted_at, r.hold_started_at, r.resolved_at, r.closed_at, r.public_answer, r.reject_reason, " \
    "r.version, r.suggested_category, r.suggestion_accepted "

constexpr const char* kFindRequest = "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.id = $1";

constexpr const char* kFindRequestByNumber =
    "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.year = $1 AND r.sequence = $2";

// In a write transaction: the row is read to be checked and written back (PgTx's comment).
constexpr const char* kFindRequestForUpdate =
    "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.id = $1 FOR UPDATE";

constexpr const char* kFindRequestByNumberForUpdate =
    "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r WHERE r.year = $1 AND r.sequence = $2 FOR UPDATE";

constexpr const char* kInsertRequest =
    "INSERT INTO requests (year, sequence, tracking_number, type, channel, category, unit, status, priority, "
    "description, district, neighbourhood_id, street, address_text, lat, lon, citizen_id, contact_id, "
    "assignee_id, created_by, api_key_id, routing_rule_id, created_at, updated_at, due_at, accepted_at, "
    "hold_started_at, resolved_at, closed_at, public_answer, reject_reason, version, suggested_category, "
    "suggestion_accepted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34) "
    "RETURNING id";

// Every column but the number (year, sequence, tracking_number) and the intake suggestion, in the order of
// BindChangeable from $1; the id last.
constexpr const char* kUpdateRequest =
    "UPDATE requests SET type = $1, channel = $2, category = $3, unit = $4, status = $5, priority = $6, "
    "description = $7, district = $8, neighbourhood_id = $9, street = $10, address_text = $11, lat = $12, "
    "lon = $13, citizen_id = $14, contact_id = $15, assignee_id = $16, created_by = $17, api_key_id = $18, "
    "routing_rule_id = $19, created_at = $20, updated_at = $21, due_at = $22, accepted_at = $23, "
    "hold_started_at = $24, resolved_at = $25, closed_at = $26, public_answer = $27, reject_reason = $28, "
    "version = $29 WHERE id = $30";

constexpr const char* kIndexRequest =
    "INSERT INTO request_fts (id, body, address, notes) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body, address = excluded.address, notes = excluded.notes";

constexpr const char* kIndexedNotes = "SELECT notes FROM request_fts WHERE id = $1";

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

/// Binds the columns of a request from type to version (29 of them) as $at, $at+1, ... in the order of
/// kInsertRequest (which binds them from $4) and kUpdateRequest (from $1).
void BindChangeable(Statement& s, const core::Request& r, int at) {
    const int o = at - 4;  // the offsets below are kInsertRequest's numbers
    s.Bind(o + 4, core::ToCode(r.type)).Bind(o + 5, core::ToCode(r.channel)).Bind(o + 6, r.category);
    s.Bind(o + 7, r.unit).Bind(o + 8, core::ToCode(r.status)).Bind(o + 9, core::ToCode(r.priority));
    s.Bind(o + 10, r.description).Bind(o + 11, r.location.district).Bind(o + 12, r.location.neighbourhood_id);
    s.Bind(o + 13, r.location.street).Bind(o + 14, r.location.address_text).Bind(o + 15, r.location.lat);
    s.Bind(o + 16, r.location.lon).Bind(o + 17, r.citizen_id).Bind(o + 18, r.contact_id);
    s.Bind(o + 19, r.assignee_id).Bind(o + 20, r.created_by).Bind(o + 21, r.api_key_id);
    s.Bind(o + 22, r.routing_rule_id).Bind(o + 23, ToUnix(r.created_at)).Bind(o + 24, ToUnix(r.updated_at));
    s.Bind(o + 25, ToUnix(r.due_at)).Bind(o + 26, OptUnix(r.accepted_at)).Bind(o + 27, OptUnix(r.hold_started_at));
    s.Bind(o + 28, OptUnix(r.resolved_at)).Bind(o + 29, OptUnix(r.closed_at)).Bind(o + 30, r.public_answer);
    s.Bind(o + 31, r.reject_reason).Bind(o + 32, r.version);
}

}  // namespace

// A counter's name as the name of its sequence: letters and digits kept, anything else as _ and two hex
// digits (so two names never meet), within PostgreSQL's 63 bytes.
std::string SequenceName(const std::string& name) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "alo153_seq_";
    for (unsigned char c : name) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else {
            out += '_';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    if (out.size() > 63) {
        throw StorageError("sequence name too long: " + name);
    }
    return out;
}

std::int64_t PgTx::NextSequence(const std::string& name) {
    const std::string sequence = QuoteIdentifier(SequenceName(name));
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto s = conn_.Prepare(kNextSequence);
        s.Bind(1, sequence);
        if (s.Step() && !s.IsNull(0)) {
            return s.Int(0);
        }
        // The first number of this name (a new year): its sequence is created with the transaction. Two
        // transactions creating it at once: the second fails with a unique violation and PgStore runs it again.
        conn_.Exec("CREATE SEQUENCE IF NOT EXISTS " + sequence + " AS bigint");
    }
    throw StorageError("sequence " + name + " returned no value");
}

Id PgTx::InsertRequest(const core::Request& request) {
    auto s = conn_.Prepare(kInsertRequest);
    s.Bind(1, request.year).Bind(2, request.sequence).Bind(3, request.tracking_number);
    BindChangeable(s, request, 4);
    // Set once, at intake.
    s.Bind(33, request.suggested_category).Bind(34, request.suggestion_accepted);
    return s.RunReturningId();
}

void PgTx::UpdateRequest(const core::Request& request) {
    auto s = conn_.Prepare(kUpdateRequest);
    BindChangeable(s, request, 1);
    s.Bind(30, request.id);
    s.Run();
}

std::optional<core::Request> PgTx::FindRequest(Id id) {
    auto s = conn_.Prepare(writable_ ? kFindRequestForUpdate : kFindRequest);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadRequest(s);
}

std::optional<core::Request> PgTx::FindRequestByNumber(int year, std::int64_t sequence) {
    auto s = conn_.Prepare(writable_ ? kFindRequestByNumberForUpdate : kFindRequestByNumber);
    s.Bind(1, year).Bind(2, sequence);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadRequest(s);
}

std::string PgTx::RequestWhere(const RequestFilter& f, DynamicBinds& binds, bool with_cursor) {
    std::string sql = " WHERE true";
    auto in_list = [&](const char* column, const std::vector<std::string>& values) {
        if (values.empty()) {
            return;
        }
        sql += " AND r.";
        sql += column;
        sql += " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            sql += i == 0 ? "" : ", ";
            sql += binds.Next(values[i]);
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
        // A top-level code matches its sub-categories ("SU" matches "SU.ARIZA"): a range scan on the code, in
        // byte order whatever the database's collation ('.' < '/' there).
        sql += " AND (";
        for (std::size_t i = 0; i < f.categories.size(); ++i) {
            const std::string& c = f.categories[i];
            sql += i == 0 ? "" : " OR ";
            sql += "r.category = " + binds.Next(c) + " OR (r.category COLLATE \"C\" > " + binds.Next(c + ".") +
                   " AND r.category COLLATE \"C\" < " + binds.Next(c + "/") + ")";
        }
        sql += ")";
    }
    if (f.created_from) {
        sql += " AND r.created_at >= " + binds.Next(ToUnix(*f.created_from));
    }
    if (f.created_to) {
        sql += " AND r.created_at < " + binds.Next(ToUnix(*f.created_to));
    }
    if (f.due_before) {
        sql += " AND r.status IN ('new', 'routed', 'in_progress', 'reopened') AND r.due_at < " +
               binds.Next(ToUnix(*f.due_before));
    }
    if (f.assignee_id) {
        sql += " AND r.assignee_id = " + binds.Next(*f.assignee_id);
    }
    if (f.citizen_id) {
        sql += " AND r.citizen_id = " + binds.Next(*f.citizen_id);
    }
    if (f.updated_from) {
        sql += " AND r.updated_at > " + binds.Next(ToUnix(*f.updated_from));
    }
    if (f.box) {
        sql += " AND r.lat BETWEEN " + binds.Next(f.box->south) + " AND " + binds.Next(f.box->north);
        sql += " AND r.lon BETWEEN " + binds.Next(f.box->west) + " AND " + binds.Next(f.box->east);
    }
    const std::string query = PrefixQuery(f.words);
    if (!query.empty()) {
        sql += " AND r.id IN (SELECT t.id FROM request_fts t WHERE t.document @@ " + binds.Next(query) + "::tsquery)";
    }
    if (with_cursor && f.after) {
        if (f.order == RequestFilter::Order::kDueFirst) {
            sql += " AND (r.due_at, r.id) > (" + binds.Next(f.after->first) + ", ";
            sql += binds.Next(f.after->second) + ")";
        } else {
            sql += " AND r.id < " + binds.Next(f.after->second);
        }
    }
    return sql;
}

std::vector<core::Request> PgTx::ListRequests(const RequestFilter& f) {
    DynamicBinds binds;
    std::string sql = "SELECT " ALO153_REQUEST_COLUMNS "FROM requests r";
    sql += RequestWhere(f, binds, true);
    // Ids grow with creation time, so "newest first" is id order: a stable keyset, served by the indexes.
    sql += f.order == RequestFilter::Order::kDueFirst ? " ORDER BY r.due_at, r.id" : " ORDER BY r.id DESC";
    sql += " LIMIT " + binds.Next(f.limit);
    if (f.offset > 0) {
        sql += " OFFSET " + binds.Next(f.offset);
    }
    auto s = conn_.PrepareDynamic(sql);
    binds.ApplyTo(s);
    std::vector<core::Request> out;
    while (s.Step()) {
        out.push_back(ReadRequest(s));
    }
    return out;
}

std::int64_t PgTx::CountRequests(const RequestFilter& f) {
    DynamicBinds binds;
    std::string sql = "SELECT count(*) FROM requests r" + RequestWhere(f, binds, false);
    auto s = conn_.PrepareDynamic(sql);
    binds.ApplyTo(s);
    s.Step();
    return s.Int(0);
}

void PgTx::IndexRequestText(Id request_id, const std::string& body, const std::string& address,
                            const std::string& notes) {
    conn_.Prepare(kIndexRequest).Bind(1, request_id).Bind(2, body).Bind(3, address).Bind(4, notes).Run();
}

std::string PgTx::IndexedNotes(Id request_id) {
    auto s = conn_.Prepare(kIndexedNotes);
    s.Bind(1, request_id);
    return s.Step() ? s.Text(0) : std::string{};
}

}  // namespace alo153::storage::postgres
