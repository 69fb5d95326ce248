// Rollups (figures kept in the same transaction as the change they count) and the classifier's training data.
#include "storage/postgres/pg_tx.hpp"

#include <functional>
#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kBumpRequestRollup =
    "INSERT INTO rollup_requests (day, unit, category, status, n) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (day, unit, category, status) DO UPDATE SET n = rollup_requests.n + excluded.n";

constexpr const char* kBumpOpenRollup =
    "INSERT INTO rollup_open (unit, status, n) VALUES ($1, $2, $3) "
    "ON CONFLICT (unit, status) DO UPDATE SET n = rollup_open.n + excluded.n";

constexpr const char* kAddResolution =
    "INSERT INTO rollup_resolution (day, unit, bucket, n, total_seconds) VALUES ($1, $2, $3, 1, $4) "
    "ON CONFLICT (day, unit, bucket) DO UPDATE SET n = rollup_resolution.n + 1, "
    "total_seconds = rollup_resolution.total_seconds + excluded.total_seconds";

constexpr const char* kBumpContactRollup =
    "INSERT INTO rollup_contacts (hour, channel, outcome, n) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (hour, channel, outcome) DO UPDATE SET n = rollup_contacts.n + excluded.n";

constexpr const char* kBumpSuggestionRollup =
    "INSERT INTO rollup_suggestions (day, category, shown, accepted) VALUES ($1, $2, 1, $3) "
    "ON CONFLICT (day, category) DO UPDATE SET shown = rollup_suggestions.shown + 1, "
    "accepted = rollup_suggestions.accepted + excluded.accepted";

constexpr const char* kSuggestionCounts =
    "SELECT day, category, shown, accepted FROM rollup_suggestions WHERE day >= $1 AND day < $2";

constexpr const char* kResolvedTexts =
    "SELECT category, description FROM requests WHERE status IN ('resolved', 'closed') ORDER BY id";

constexpr const char* kRequestCounts =
    "SELECT day, unit, category, status, n FROM rollup_requests WHERE day >= $1 AND day < $2 AND n <> 0";

constexpr const char* kOpenCounts =
    "SELECT unit, status, n FROM rollup_open WHERE n <> 0 ORDER BY unit COLLATE \"C\", status COLLATE \"C\"";

constexpr const char* kOverdueCounts =
    "SELECT unit, status, count(*) FROM requests "
    "WHERE status IN ('new', 'routed', 'in_progress', 'reopened') AND due_at < $1 GROUP BY unit, status";

constexpr const char* kResolutionBuckets =
    "SELECT unit, bucket, sum(n), sum(total_seconds) FROM rollup_resolution WHERE day >= $1 AND day < $2 "
    "GROUP BY unit, bucket";

constexpr const char* kContactCounts =
    "SELECT hour, channel, outcome, n FROM rollup_contacts WHERE hour >= $1 AND hour < $2 AND n <> 0";

}  // namespace

void PgTx::BumpRequestRollup(std::int64_t day, const std::string& unit, const std::string& category,
                             core::Status status, std::int64_t delta) {
    conn_.Prepare(kBumpRequestRollup)
        .Bind(1, day)
        .Bind(2, unit)
        .Bind(3, category)
        .Bind(4, core::ToCode(status))
        .Bind(5, delta)
        .Run();
}

void PgTx::BumpOpenRollup(const std::string& unit, core::Status status, std::int64_t delta) {
    conn_.Prepare(kBumpOpenRollup).Bind(1, unit).Bind(2, core::ToCode(status)).Bind(3, delta).Run();
}

void PgTx::AddResolution(std::int64_t day, const std::string& unit, int bucket, std::int64_t seconds) {
    conn_.Prepare(kAddResolution).Bind(1, day).Bind(2, unit).Bind(3, bucket).Bind(4, seconds).Run();
}

void PgTx::BumpContactRollup(std::int64_t hour, core::Channel channel, const std::string& outcome, std::int64_t delta) {
    conn_.Prepare(kBumpContactRollup)
        .Bind(1, hour)
        .Bind(2, core::ToCode(channel))
        .Bind(3, outcome)
        .Bind(4, delta)
        .Run();
}

std::vector<RequestCount> PgTx::RequestCounts(std::int64_t from_day, std::int64_t to_day) {
    std::vector<RequestCount> out;
    auto s = conn_.Prepare(kRequestCounts);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back(
            {s.Int(0), s.Text(1), s.Text(2), ParseOr(core::ParseStatus, s.Text(3), core::Status::kNew), s.Int(4)});
    }
    return out;
}

std::vector<UnitCount> PgTx::OpenCounts() {
    std::vector<UnitCount> out;
    auto s = conn_.Prepare(kOpenCounts);
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Int(2)});
    }
    return out;
}

std::vector<UnitCount> PgTx::OverdueCounts(Time now) {
    std::vector<UnitCount> out;
    auto s = conn_.Prepare(kOverdueCounts);
    s.Bind(1, ToUnix(now));
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Int(2)});
    }
    return out;
}

std::vector<ResolutionBucket> PgTx::ResolutionBuckets(std::int64_t from_day, std::int64_t to_day) {
    std::vector<ResolutionBucket> out;
    auto s = conn_.Prepare(kResolutionBuckets);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back({s.Text(0), static_cast<int>(s.Int(1)), s.Int(2), s.Int(3)});
    }
    return out;
}

std::vector<ContactCount> PgTx::ContactCounts(std::int64_t from_hour, std::int64_t to_hour) {
    std::vector<ContactCount> out;
    auto s = conn_.Prepare(kContactCounts);
    s.Bind(1, from_hour).Bind(2, to_hour);
    while (s.Step()) {
        out.push_back({s.Int(0), ParseOr(core::ParseChannel, s.Text(1), core::Channel::kPhone), s.Text(2), s.Int(3)});
    }
    return out;
}

void PgTx::BumpSuggestionRollup(std::int64_t day, const std::string& category, bool accepted) {
    conn_.Prepare(kBumpSuggestionRollup).Bind(1, day).Bind(2, category).Bind(3, accepted ? 1 : 0).Run();
}

std::vector<SuggestionCount> PgTx::SuggestionCounts(std::int64_t from_day, std::int64_t to_day) {
    std::vector<SuggestionCount> out;
    auto s = conn_.Prepare(kSuggestionCounts);
    s.Bind(1, from_day).Bind(2, to_day);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Text(1), s.Int(2), s.Int(3)});
    }
    return out;
}

void PgTx::ForEachResolvedText(
    const std::function<void(const std::string& category, const std::string& description)>& visit) {
    auto s = conn_.Prepare(kResolvedTexts);
    while (s.Step()) {
        visit(s.Text(0), s.Text(1));
    }
}

}  // namespace alo153::storage::postgres
