// Rate limits shared by the processes of one database: the events a limiter counts.
#include <string>
#include <vector>

#include "storage/postgres/pg_tx.hpp"
#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kRateEventsSince = "SELECT at FROM rate_events WHERE key = $1 AND at >= $2 ORDER BY at LIMIT $3";

constexpr const char* kInsertRateEvent = "INSERT INTO rate_events (key, at) VALUES ($1, $2)";

constexpr const char* kDeleteKeyRateEvents = "DELETE FROM rate_events WHERE key = $1 AND at < $2";

constexpr const char* kDeleteRateEvents = "DELETE FROM rate_events WHERE at < $1";

}  // namespace

std::vector<Time> PgTx::RateEventsSince(const std::string& key, Time since, int limit) {
    std::vector<Time> out;
    auto s = conn_.Prepare(kRateEventsSince);
    s.Bind(1, key).Bind(2, ToUnix(since)).Bind(3, limit);
    while (s.Step()) {
        out.push_back(FromUnix(s.Int(0)));
    }
    return out;
}

void PgTx::InsertRateEvent(const std::string& key, Time at) {
    conn_.Prepare(kInsertRateEvent).Bind(1, key).Bind(2, ToUnix(at)).Run();
}

int PgTx::DeleteRateEventsBefore(const std::string& key, Time before) {
    auto s = conn_.Prepare(key.empty() ? kDeleteRateEvents : kDeleteKeyRateEvents);
    if (key.empty()) {
        s.Bind(1, ToUnix(before));
    } else {
        s.Bind(1, key).Bind(2, ToUnix(before));
    }
    return s.RunAffected();
}

}  // namespace alo153::storage::postgres
