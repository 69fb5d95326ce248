// Read paths, in process: the look-ups an agent or a unit makes, through app::Application on a demo database,
// each timed many times over fresh random keys, printed as one JSON line per operation with p50/p90/p99/max.
//
//   lookups_bench --db build/bench-data/demo-1m.db [--seconds 3] [--iterations 20000]
//                 [--write-targets DIR]   also write GET target files for alo153_load (one path a line)
//
// Operations (targets of issue 2, "Performance"):
//   by_number      RequestQueries::GetByNumber, a random existing tracking number          p99 <= 2 ms
//   citizen_phone  CitizenService::FindByPhone, a random citizen's number, with history   p99 <= 2 ms
//   queue_newest   RequestQueries::List, one unit, 50 newest                               p99 <= 10 ms
//   queue_open_due RequestQueries::List, one unit, open statuses, 50 by due time           p99 <= 10 ms
//   fts            RequestQueries::List with words from the demo texts, 50 newest hits     p99 <= 50 ms
//   stats_30d      StatsService::Compute for the last 30 local days                        p99 <= 20 ms
//
// Keys are drawn through the Store interface (random ids), so the bench needs no SQL of its own. Timings are
// wall-clock around the use-case call (including the read transaction, excluding JSON and HTTP).

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/clock.hpp"
#include "app/tsv.hpp"
#include "core/turkish_fold.hpp"

namespace {

using namespace alo153;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string db;
    double seconds = 3;  ///< per operation, at most
    int iterations = 20000;
    int warmup = 200;
    std::string targets_dir;
    std::string only;  ///< run only operations whose name contains this
};

[[noreturn]] void Usage(const std::string& message) {
    std::cerr << "lookups_bench: " << message << "\n"
              << "usage: lookups_bench --db DEMO.db [--seconds S] [--iterations N] [--warmup N] "
                 "[--write-targets DIR] [--only NAME]\n";
    std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                Usage("missing value for " + a);
            }
            return argv[++i];
        };
        if (a == "--db") {
            o.db = next();
        } else if (a == "--seconds") {
            o.seconds = std::stod(next());
        } else if (a == "--iterations") {
            o.iterations = std::stoi(next());
        } else if (a == "--warmup") {
            o.warmup = std::stoi(next());
        } else if (a == "--write-targets") {
            o.targets_dir = next();
        } else if (a == "--only") {
            o.only = next();
        } else {
            Usage("unknown option " + a);
        }
    }
    // A PostgreSQL URL names a server; anything else must be an existing SQLite file.
    if (o.db.empty() || (o.db.find("://") == std::string::npos && !std::filesystem::exists(o.db))) {
        Usage("--db must name an existing demo database (an SQLite file or a postgresql:// URL)");
    }
    if (o.seconds <= 0 || o.seconds > 600 || o.iterations < 1) {
        Usage("--seconds in (0, 600], --iterations >= 1");
    }
    return o;
}

/// Random keys that exist in the database.
struct Keys {
    std::vector<std::string> tracking_numbers;
    std::vector<std::string> phones;  ///< national form, 05xx..., as an agent types it
    std::vector<std::string> units;   ///< units that have requests
    std::vector<std::string> searches;
};

/// The largest id for which `exists` holds, assuming ids 1..max are (nearly) contiguous.
std::int64_t MaxId(const std::function<bool(std::int64_t)>& exists) {
    std::int64_t lo = 0;
    std::int64_t hi = 1;
    while (exists(hi)) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {
        std::int64_t mid = lo + (hi - lo) / 2;
        (exists(mid) ? lo : hi) = mid;
    }
    return lo;
}

Keys SampleKeys(app::Application& application, std::size_t n) {
    auto& store = application.Store();
    std::mt19937_64 rng(153);
    Keys k;
    const std::int64_t max_request = MaxId(
        [&](std::int64_t id) { return store.Read([&](storage::Tx& tx) { return tx.FindRequest(id); }).has_value(); });
    const std::int64_t max_citizen = MaxId(
        [&](std::int64_t id) { return store.Read([&](storage::Tx& tx) { return tx.FindCitizen(id); }).has_value(); });
    if (max_request < 1 || max_citizen < 1) {
        throw std::runtime_error("the database has no requests or citizens: create it with `alo153 demo -n N`");
    }
    store.Read([&](storage::Tx& tx) {
        for (std::size_t tries = 0; k.tracking_numbers.size() < n && tries < n * 4; ++tries) {
            if (auto r =
                    tx.FindRequest(1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_request)))) {
                k.tracking_numbers.push_back(r->tracking_number);
            }
        }
        for (std::size_t tries = 0; k.phones.size() < n && tries < n * 4; ++tries) {
            auto c = tx.FindCitizen(1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_citizen)));
            if (c && c->phone.size() == 13 && c->phone.rfind("+90", 0) == 0) {
                k.phones.push_back("0" + c->phone.substr(3));
            }
        }
        for (const auto& row : tx.OpenCounts()) {
            if (std::find(k.units.begin(), k.units.end(), row.unit) == k.units.end()) {
                k.units.push_back(row.unit);
            }
        }
    });
    // Search words as agents type them: one or two words of a demo text, often without Turkish letters.
    auto texts = app::ParseTsv(app::EmbeddedDataFile("demo_texts.tsv"), "demo_texts.tsv");
    if (!texts.ok()) {
        throw std::runtime_error("demo_texts.tsv");
    }
    while (k.searches.size() < n) {
        const auto& text = texts->rows[rng() % texts->rows.size()]["text"];
        auto words = core::FoldedTokens(text);
        std::vector<std::string> longer;
        for (auto& w : words) {
            if (w.size() >= 4) {
                longer.push_back(w);
            }
        }
        if (longer.empty()) {
            continue;
        }
        std::size_t at = rng() % longer.size();
        std::string q = longer[at];
        if (rng() % 2 == 0 && at + 1 < longer.size()) {
            q += " " + longer[at + 1];
        }
        k.searches.push_back(q);
    }
    k.searches.insert(k.searches.begin(), {"cop toplanmadi", "ISKELE", "su kesintisi", "sokak lambasi"});
    if (k.tracking_numbers.empty() || k.phones.empty() || k.units.empty()) {
        throw std::runtime_error("could not sample keys from the database");
    }
    return k;
}

double Percentile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) {
        return 0;
    }
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

/// Times `op(i)` for i = 0, 1, ... until the iteration or time bound, after a warm-up; prints one JSON line.
void Time(const Options& o, const std::string& name, double target_p99_ms,
          const std::function<std::size_t(std::size_t)>& op) {
    if (!o.only.empty() && name.find(o.only) == std::string::npos) {
        return;
    }
    std::size_t rows = 0;
    // The warm-up is bounded in time too, so a slow operation cannot stretch the run.
    const auto warm_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(std::min(1.0, o.seconds / 3)));
    for (int i = 0; i < o.warmup && Clock::now() < warm_end; ++i) {
        rows += op(static_cast<std::size_t>(i) + 1000003);
    }
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(o.iterations));
    rows = 0;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    for (int i = 0; i < o.iterations; ++i) {
        auto t0 = Clock::now();
        if (t0 >= end) {
            break;
        }
        rows += op(static_cast<std::size_t>(i));
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) {
        sum += v;
    }
    auto r3 = [](double v) { return std::round(v * 1000) / 1000; };
    const double p99 = Percentile(ms, 0.99);
    std::cout << "{\"bench\":\"lookups\",\"op\":\"" << name << "\",\"iterations\":" << ms.size()
              << ",\"rows_per_call\":"
              << r3(static_cast<double>(rows) / static_cast<double>(std::max<std::size_t>(ms.size(), 1)))
              << ",\"ms\":{\"p50\":" << r3(Percentile(ms, 0.5)) << ",\"p90\":" << r3(Percentile(ms, 0.9))
              << ",\"p99\":" << r3(p99) << ",\"max\":" << r3(ms.empty() ? 0 : ms.back())
              << ",\"mean\":" << r3(ms.empty() ? 0 : sum / static_cast<double>(ms.size()))
              << "},\"target_p99_ms\":" << target_p99_ms << ",\"pass\":" << (p99 <= target_p99_ms ? "true" : "false")
              << "}" << std::endl;
}

std::string UrlEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

const char* kOpenStatuses = "status=new&status=routed&status=in_progress&status=on_hold&status=reopened";

/// Writes one file of GET paths per operation, for `alo153_load --mode get --targets FILE`.
void WriteTargets(const std::string& dir, const Keys& k) {
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, const std::vector<std::string>& paths) {
        std::ofstream out(dir + "/" + name + ".txt");
        out << "# GET targets for alo153_load, written by lookups_bench\n";
        for (const auto& p : paths) {
            out << p << "\n";
        }
    };
    std::vector<std::string> p;
    for (const auto& t : k.tracking_numbers) {
        p.push_back("/api/v1/requests/by-number/" + t);
    }
    write("by_number", p);
    p.clear();
    for (const auto& t : k.phones) {
        p.push_back("/api/v1/citizens?phone=" + t);
    }
    write("citizen_phone", p);
    p.clear();
    for (const auto& u : k.units) {
        p.push_back("/api/v1/requests?unit=" + UrlEncode(u) + "&limit=50");
    }
    write("queue_newest", p);
    p.clear();
    for (const auto& u : k.units) {
        p.push_back("/api/v1/requests?unit=" + UrlEncode(u) + "&" + kOpenStatuses + "&sort=due&limit=50");
    }
    write("queue_open_due", p);
    p.clear();
    for (const auto& q : k.searches) {
        p.push_back("/api/v1/requests?q=" + UrlEncode(q) + "&limit=50");
    }
    write("fts", p);
    write("stats_30d", {"/api/v1/stats"});
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options o = ParseOptions(argc, argv);
        app::SystemClock clock;
        app::AppConfig config;
        config.database_url = o.db;
        const auto opened = Clock::now();
        app::Application application(config, clock);
        std::cerr << "opened " << o.db << " in "
                  << std::chrono::duration<double, std::milli>(Clock::now() - opened).count() << " ms\n";
        Keys keys = SampleKeys(application, 4000);
        if (!o.targets_dir.empty()) {
            WriteTargets(o.targets_dir, keys);
        }

        app::Principal supervisor;
        supervisor.kind = app::Principal::Kind::kUser;
        supervisor.id = 2;
        supervisor.role = core::Role::kSupervisor;
        supervisor.name = "amir";
        app::Principal agent = supervisor;
        agent.id = 3;
        agent.role = core::Role::kAgent;
        agent.name = "cagri1";

        auto& requests = application.Queries();
        auto pick = [](const auto& v, std::size_t i) -> const auto& { return v[(i * 2654435761U) % v.size()]; };

        Time(o, "by_number", 2, [&](std::size_t i) -> std::size_t {
            auto r = requests.GetByNumber(agent, pick(keys.tracking_numbers, i));
            if (!r.ok()) {
                throw std::runtime_error("by_number: " + r.error().detail);
            }
            return 1;
        });
        Time(o, "citizen_phone", 2, [&](std::size_t i) -> std::size_t {
            auto h = application.Citizens().FindByPhone(agent, pick(keys.phones, i));
            if (!h.ok()) {
                throw std::runtime_error("citizen_phone: " + h.error().detail);
            }
            return h->requests.size() + h->contacts.size();
        });
        Time(o, "queue_newest", 10, [&](std::size_t i) -> std::size_t {
            storage::RequestFilter f;
            f.units = {pick(keys.units, i)};
            f.limit = 50;
            auto page = requests.List(supervisor, f, "", "");
            if (!page.ok()) {
                throw std::runtime_error("queue_newest: " + page.error().detail);
            }
            return page->items.size();
        });
        Time(o, "queue_open_due", 10, [&](std::size_t i) -> std::size_t {
            storage::RequestFilter f;
            f.units = {pick(keys.units, i)};
            f.statuses = {core::Status::kNew, core::Status::kRouted, core::Status::kInProgress, core::Status::kOnHold,
                          core::Status::kReopened};
            f.order = storage::RequestFilter::Order::kDueFirst;
            f.limit = 50;
            auto page = requests.List(supervisor, f, "", "");
            if (!page.ok()) {
                throw std::runtime_error("queue_open_due: " + page.error().detail);
            }
            return page->items.size();
        });
        Time(o, "fts", 50, [&](std::size_t i) -> std::size_t {
            storage::RequestFilter f;
            f.limit = 50;
            auto page = requests.List(agent, f, pick(keys.searches, i), "");
            if (!page.ok()) {
                throw std::runtime_error("fts: " + page.error().detail);
            }
            return page->items.size();
        });
        const std::int64_t today = app::LocalDay(clock.Now());
        Time(o, "stats_30d", 20, [&](std::size_t) -> std::size_t {
            auto s = application.Stats().Compute(supervisor, today - 29, today + 1);
            if (!s.ok()) {
                throw std::runtime_error("stats: " + s.error().detail);
            }
            return static_cast<std::size_t>(s->requests_by_day.size());
        });
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lookups_bench: " << e.what() << "\n";
        return 1;
    }
}
