// The raw SQLite ceiling: the rows one create writes, in a loop, with the server's durability (WAL,
// synchronous=FULL), on a scratch copy of a demo database. The baseline the HTTP create figure is compared with.
//
//   sqlite_ceiling_bench --db build/bench-data/demo-1m.db [--seconds 5] [--threads 64] [--batch 64]
//
// One insert = what IntakeService::Create writes in its transaction: the tracking-number sequence, a new
// citizen (half of the time, as alo153_load sends by default), the request row, two events (created, routed)
// and the routed event's field change, the folded FTS row, and the two rollup upserts. The rows are prepared
// (routed, folded, due time computed) before the clock starts, so this measures storage alone, through
// alo153's own SqliteTx (its prepared-statement cache), not the HTTP, JSON or validation layers.
//
// Modes, each printed as one JSON line:
//   single    one transaction (BEGIN IMMEDIATE .. COMMIT, one WAL fsync) per insert, one thread
//   batch     --batch inserts per transaction (what group commit does at best), one thread
//   group     Store::Write from --threads threads: the server's own group-commit writer (a savepoint per job)

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/application.hpp"
#include "app/clock.hpp"
#include "app/rollups.hpp"
#include "app/tsv.hpp"
#include "core/tracking_number.hpp"
#include "core/turkish_fold.hpp"
#include "routing/rule_engine.hpp"

namespace {

using namespace alo153;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string db;
    std::string scratch;  ///< the copy written to; removed afterwards
    double seconds = 5;   ///< per mode
    int threads = 64;
    int batch = 64;
    double citizen_ratio = 0.5;
    std::string modes = "single,batch,group";
};

[[noreturn]] void Usage(const std::string& message) {
    std::cerr << "sqlite_ceiling_bench: " << message << "\n"
              << "usage: sqlite_ceiling_bench --db DEMO.db [--scratch PATH] [--seconds S] [--threads N] "
                 "[--batch N] [--citizen-ratio R] [--modes single,batch,group]\n";
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
        } else if (a == "--scratch") {
            o.scratch = next();
        } else if (a == "--seconds") {
            o.seconds = std::stod(next());
        } else if (a == "--threads") {
            o.threads = std::stoi(next());
        } else if (a == "--batch") {
            o.batch = std::stoi(next());
        } else if (a == "--citizen-ratio") {
            o.citizen_ratio = std::stod(next());
        } else if (a == "--modes") {
            o.modes = next();
        } else {
            Usage("unknown option " + a);
        }
    }
    if (o.db.empty()) {
        Usage("--db is required");
    }
    if (o.seconds <= 0 || o.seconds > 600 || o.threads < 1 || o.threads > 1024 || o.batch < 1) {
        Usage("--seconds in (0, 600], --threads 1..1024, --batch >= 1");
    }
    if (o.scratch.empty()) {
        o.scratch = o.db + ".ceiling-scratch";
    }
    return o;
}

/// A create's rows, routed and folded ahead of time.
struct Prepared {
    core::Request request;
    std::optional<core::Citizen> citizen;
    std::string routed_reason;
    std::string folded_body;
    std::string folded_address;
};

std::vector<Prepared> Prepare(app::Application& application, double citizen_ratio, std::size_t n) {
    auto catalog = application.Catalog().Current();
    auto texts = app::ParseTsv(app::EmbeddedDataFile("demo_texts.tsv"), "demo_texts.tsv");
    if (!texts.ok() || texts->rows.empty()) {
        throw std::runtime_error("demo_texts.tsv");
    }
    const auto& districts = catalog->Districts();
    std::mt19937_64 rng(153);
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<Prepared> out;
    while (out.size() < n) {
        const auto& row = texts->rows[rng() % texts->rows.size()];
        const auto& district = districts[rng() % districts.size()];
        Prepared p;
        core::Request& r = p.request;
        r.category = row["category"];
        r.description = row["text"];
        r.location.district = district.code;
        auto hoods = catalog->NeighbourhoodsOf(district.code);
        if (!hoods.empty()) {
            r.location.neighbourhood_id = hoods[rng() % hoods.size()]->id;
        }
        r.location.street = "Atatürk Caddesi";
        r.location.address_text = "No: " + std::to_string(1 + rng() % 180);
        auto decision = routing::Route(*catalog, {r.category, r.location.district, r.channel, r.type});
        if (!decision.ok()) {
            continue;  // a category the catalog no longer routes; the live path would answer 4xx
        }
        r.unit = decision->unit;
        r.priority = decision->priority;
        r.routing_rule_id = decision->rule_id;
        r.status = core::Status::kRouted;
        r.created_by = 3;
        p.routed_reason = decision->reason;
        if (unit(rng) < citizen_ratio) {
            core::Citizen c;
            c.phone = "+90532" + std::to_string(1000000 + rng() % 9000000);
            c.first_name = "Ayşe";
            c.last_name = "Yılmaz";
            c.kvkk_consent = true;
            p.citizen = c;
        }
        p.folded_body = core::FoldTurkish(r.description);
        p.folded_address = core::FoldTurkish(r.location.street + " " + r.location.address_text);
        out.push_back(std::move(p));
    }
    return out;
}

int LocalYear(core::Time t) {
    auto days = std::chrono::floor<std::chrono::days>(t + core::kIstanbulOffset);
    return static_cast<int>(std::chrono::year_month_day(days).year());
}

/// Writes one create's rows, as IntakeService::Create does inside its transaction.
void WriteOne(storage::Tx& tx, const Prepared& p, core::Time now) {
    core::Request r = p.request;
    r.created_at = r.updated_at = now;
    r.due_at = now + std::chrono::hours(72);
    r.year = LocalYear(now);
    if (p.citizen) {
        core::Citizen c = *p.citizen;
        c.created_at = c.updated_at = now;
        r.citizen_id = tx.InsertCitizen(c);
    }
    r.sequence = tx.NextSequence("tracking-" + std::to_string(r.year));
    r.tracking_number = core::FormatTrackingNumber({r.year, r.sequence});
    r.id = tx.InsertRequest(r);
    tx.InsertEvent({.request_id = r.id,
                    .at = now,
                    .actor_id = r.created_by,
                    .kind = "created",
                    .to_status = core::Status::kNew,
                    .is_public = true,
                    .text = "Başvuru alındı (Telefon)."});
    tx.InsertEvent({.request_id = r.id,
                    .at = now,
                    .kind = "routed",
                    .from_status = core::Status::kNew,
                    .to_status = core::Status::kRouted,
                    .is_public = true,
                    .text = p.routed_reason,
                    .changes = {{"unit", "", r.unit}}});
    tx.IndexRequestText(r.id, p.folded_body, p.folded_address, "");
    app::CountCreated(tx, r);
}

core::Time Now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

double Percentile(std::vector<double>& v, double q) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

void Print(const std::string& mode, int per_tx, int threads, std::int64_t inserts, double seconds,
           std::vector<double>& commit_ms) {
    std::cout << "{\"bench\":\"sqlite_ceiling\",\"mode\":\"" << mode << "\",\"inserts_per_tx\":" << per_tx
              << ",\"threads\":" << threads << ",\"inserts\":" << inserts << ",\"seconds\":" << seconds
              << ",\"inserts_per_s\":" << std::round(static_cast<double>(inserts) / seconds * 10) / 10
              << ",\"tx_ms\":{\"p50\":" << Percentile(commit_ms, 0.5) << ",\"p99\":" << Percentile(commit_ms, 0.99)
              << ",\"max\":" << (commit_ms.empty() ? 0 : commit_ms.back()) << "}}" << std::endl;
}

/// One thread, `per_tx` inserts per transaction, for `seconds`.
void RunBulk(storage::Store& store, const std::vector<Prepared>& rows, int per_tx, double seconds,
             const std::string& mode) {
    std::vector<double> tx_ms;
    std::int64_t inserts = 0;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto now = Clock::now();
    while (now < end) {
        store.BulkLoad(
            [&](storage::Tx& tx) {
                const core::Time t = Now();
                for (int i = 0; i < per_tx; ++i) {
                    WriteOne(tx, rows[static_cast<std::size_t>(inserts + i) % rows.size()], t);
                }
            },
            /*relaxed=*/false);
        inserts += per_tx;
        auto after = Clock::now();
        tx_ms.push_back(std::chrono::duration<double, std::milli>(after - now).count());
        now = after;
    }
    Print(mode, per_tx, 1, inserts, std::chrono::duration<double>(now - start).count(), tx_ms);
}

/// `threads` threads each calling Store::Write in a loop: the server's group commit, without HTTP.
void RunGroup(storage::Store& store, const std::vector<Prepared>& rows, int threads, double seconds) {
    std::atomic<std::int64_t> next{0};
    std::vector<std::vector<double>> per_thread(static_cast<std::size_t>(threads));
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    const auto batches_before = store.Stats().batches;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            auto& lat = per_thread[static_cast<std::size_t>(t)];
            while (Clock::now() < end) {
                auto i = next.fetch_add(1);
                const auto& row = rows[static_cast<std::size_t>(i) % rows.size()];
                auto began = Clock::now();
                auto r = store.Write([&](storage::Tx& tx) -> core::Result<void> {
                    WriteOne(tx, row, Now());
                    return core::Ok();
                });
                if (!r.ok()) {
                    std::cerr << "write failed: " << r.error().detail << "\n";
                    std::exit(1);
                }
                lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
            }
        });
    }
    for (auto& th : pool) {
        th.join();
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& v : per_thread) {
        all.insert(all.end(), v.begin(), v.end());
    }
    const auto batches = store.Stats().batches - batches_before;
    const auto inserts = static_cast<std::int64_t>(all.size());
    std::cerr << "group: " << batches << " commits, mean batch " << (batches > 0 ? inserts / batches : 0) << "\n";
    Print("group", batches > 0 ? static_cast<int>(inserts / batches) : 0, threads, inserts, elapsed, all);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options o = ParseOptions(argc, argv);
        std::filesystem::remove(o.scratch);
        std::filesystem::remove(o.scratch + "-wal");
        std::filesystem::remove(o.scratch + "-shm");
        std::filesystem::copy_file(o.db, o.scratch);
        if (std::filesystem::exists(o.db + "-wal")) {
            std::filesystem::copy_file(o.db + "-wal", o.scratch + "-wal");
        }
        {
            app::SystemClock clock;
            app::AppConfig config;
            config.database_url = o.scratch;
            app::Application application(config, clock);
            auto rows = Prepare(application, o.citizen_ratio, 4096);
            auto& store = application.Store();
            auto wants = [&](const char* mode) { return o.modes.find(mode) != std::string::npos; };
            if (wants("single")) {
                RunBulk(store, rows, 1, o.seconds, "single");
            }
            if (wants("batch")) {
                RunBulk(store, rows, o.batch, o.seconds, "batch");
            }
            if (wants("group")) {
                RunGroup(store, rows, o.threads, o.seconds);
            }
        }
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(o.scratch + suffix);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "sqlite_ceiling_bench: " << e.what() << "\n";
        return 1;
    }
}
