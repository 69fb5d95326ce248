// Open311: service types, attributes and answers, submissions and tokens, and the public updates feed.
#include "storage/postgres/pg_tx.hpp"

#include <limits>
#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kListServiceTypes = "SELECT category, type FROM open311_services ORDER BY category COLLATE \"C\"";

constexpr const char* kInsertServiceType =
    "INSERT INTO open311_services (category, type) VALUES ($1, $2) "
    "ON CONFLICT (category) DO UPDATE SET type = excluded.type";

#define ALO153_ATTRIBUTE_COLUMNS \
    "category, code, datatype, required, position, description, datatype_description, variable, choices "

constexpr const char* kListAllAttributes =
    "SELECT " ALO153_ATTRIBUTE_COLUMNS
    "FROM category_attributes ORDER BY category COLLATE \"C\", position, code COLLATE \"C\"";

constexpr const char* kListAttributes =
    "SELECT " ALO153_ATTRIBUTE_COLUMNS
    "FROM category_attributes WHERE category = $1 ORDER BY position, code COLLATE \"C\"";

constexpr const char* kInsertAttribute =
    "INSERT INTO category_attributes (" ALO153_ATTRIBUTE_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

constexpr const char* kInsertRequestAttribute =
    "INSERT INTO request_attributes (request_id, code, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

constexpr const char* kListRequestAttributes =
    "SELECT code, value FROM request_attributes WHERE request_id = $1 ORDER BY code COLLATE \"C\", value COLLATE \"C\"";

constexpr const char* kInsertSubmission =
    "INSERT INTO open311_submissions (request_id, token, media_url, device_id, account_id) "
    "VALUES ($1, $2, $3, $4, $5)";

constexpr const char* kFindToken =
    "SELECT request_id, token, media_url, device_id, account_id FROM open311_submissions WHERE token = $1";

// Lists of ids are bound as one array literal ({1,2,3}), so each statement has one shape and is prepared once.
constexpr const char* kListSubmissions =
    "SELECT request_id, coalesce(token, ''), media_url, device_id, account_id FROM open311_submissions "
    "WHERE request_id = ANY ($1::bigint[])";

constexpr const char* kLatestPublicAnswers =
    "SELECT request_id, text FROM events WHERE request_id = ANY ($1::bigint[]) AND is_public = 1 "
    "AND kind IN ('resolve', 'answer', 'reject') AND text <> '' ORDER BY request_id, id";

constexpr const char* kListPhotosOf =
    "SELECT id, request_id, sha256, content_type, size, created_at, uploaded_by FROM photos "
    "WHERE request_id = ANY ($1::bigint[]) ORDER BY request_id, id";

constexpr const char* kListPublicEvents =
    "SELECT e.id, e.request_id, e.at, e.kind, e.from_status, e.to_status, e.text, r.tracking_number, r.status "
    "FROM events e JOIN requests r ON r.id = e.request_id "
    "WHERE e.is_public = 1 AND e.at >= $1 AND e.at < $2 AND ($3::bigint IS NULL OR e.request_id = $3::bigint) "
    "ORDER BY e.at, e.id LIMIT $4 OFFSET $5";

std::string IdArray(const std::vector<Id>& ids) {
    std::string json = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            json += ',';
        }
        json += std::to_string(ids[i]);
    }
    return json + "}";
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

std::vector<std::pair<std::string, std::string>> PgTx::ListServiceTypes() {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = conn_.Prepare(kListServiceTypes);
    while (s.Step()) {
        out.emplace_back(s.Text(0), s.Text(1));
    }
    return out;
}

void PgTx::InsertServiceType(const std::string& category, const std::string& type) {
    conn_.Prepare(kInsertServiceType).Bind(1, category).Bind(2, type).Run();
}

std::vector<ServiceAttribute> PgTx::ListServiceAttributes(const std::string& category) {
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

void PgTx::InsertServiceAttribute(const ServiceAttribute& a) {
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

void PgTx::InsertRequestAttribute(Id request_id, const std::string& code, const std::string& value) {
    conn_.Prepare(kInsertRequestAttribute).Bind(1, request_id).Bind(2, code).Bind(3, value).Run();
}

std::vector<std::pair<std::string, std::string>> PgTx::ListRequestAttributes(Id request_id) {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = conn_.Prepare(kListRequestAttributes);
    s.Bind(1, request_id);
    while (s.Step()) {
        out.emplace_back(s.Text(0), s.Text(1));
    }
    return out;
}

void PgTx::InsertOpen311Submission(const Open311Submission& sub) {
    auto s = conn_.Prepare(kInsertSubmission);
    s.Bind(1, sub.request_id);
    if (sub.token.empty()) {
        s.BindNull(2);
    } else {
        s.Bind(2, sub.token);
    }
    s.Bind(3, sub.media_url).Bind(4, sub.device_id).Bind(5, sub.account_id).Run();
}

std::optional<Open311Submission> PgTx::FindOpen311Token(const std::string& token) {
    auto s = conn_.Prepare(kFindToken);
    s.Bind(1, token);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadSubmission(s);
}

std::vector<Open311Submission> PgTx::ListOpen311Submissions(const std::vector<Id>& request_ids) {
    std::vector<Open311Submission> out;
    auto s = conn_.Prepare(kListSubmissions);
    s.Bind(1, IdArray(request_ids));
    while (s.Step()) {
        out.push_back(ReadSubmission(s));
    }
    return out;
}

std::vector<std::pair<Id, std::string>> PgTx::LatestPublicAnswers(const std::vector<Id>& request_ids) {
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

std::vector<core::Photo> PgTx::ListPhotosOf(const std::vector<Id>& request_ids) {
    std::vector<core::Photo> out;
    auto s = conn_.Prepare(kListPhotosOf);
    s.Bind(1, IdArray(request_ids));
    while (s.Step()) {
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Int(4), FromUnix(s.Int(5)), s.OptInt(6)});
    }
    return out;
}

std::vector<PublicUpdate> PgTx::ListPublicEvents(const UpdateFilter& f) {
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

}  // namespace alo153::storage::postgres
