#include "app/demo/demo_generator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <optional>

#include "app/demo/planner.hpp"
#include "app/demo/world.hpp"
#include "app/demo/writer.hpp"

namespace alo153::app {
namespace {

constexpr std::int64_t kBatch = 10000;         // requests planned, then written, at a time
constexpr std::int64_t kTransaction = 100000;  // requests per bulk transaction

}  // namespace

DemoGenerator::DemoGenerator(storage::Store& store, const core::SlaCalendar& calendar)
    : store_(store), calendar_(calendar) {}

core::Result<DemoReport> DemoGenerator::Generate(const DemoOptions& given,
                                                 const std::function<void(std::int64_t done)>& progress) {
    const auto started = std::chrono::steady_clock::now();
    DemoOptions options = given;
    if (options.end == core::Time{}) {
        options.end = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
    if (options.requests < 0 || options.requests > 100'000'000) {
        return core::MakeError(core::ErrorCode::kValidation, "Başvuru sayısı 0 ile 100.000.000 arasında olmalı.",
                               "requests");
    }
    if (options.years < 1 || options.years > 20) {
        return core::MakeError(core::ErrorCode::kValidation, "Yıl sayısı 1 ile 20 arasında olmalı.", "years");
    }
    if (!(options.contacts_per_request >= 0 && options.contacts_per_request <= 50)) {
        return core::MakeError(core::ErrorCode::kValidation, "Başvuru başına görüşme 0 ile 50 arasında olmalı.",
                               "contacts_per_request");
    }
    const std::int64_t end = core::ToUnix(options.end);
    const std::int64_t start = end - (365LL * options.years + options.years / 4) * demo::kDay;
    if (start < 0) {
        return core::MakeError(core::ErrorCode::kValidation, "Bitiş zamanı geçersiz.", "end");
    }

    std::optional<core::Id> last_request;
    auto world = store_.Read([&](storage::Tx& tx) -> core::Result<demo::World> {
        storage::RequestFilter newest;
        newest.limit = 1;
        auto existing = tx.ListRequests(newest);
        if (!existing.empty()) {
            last_request = existing.front().id;
        }
        return demo::BuildWorld(tx);
    });
    ALO153_TRY(world);
    if (last_request) {
        return core::MakeError(core::ErrorCode::kValidation,
                               "Örnek veri yalnızca başvurusu olmayan bir veritabanına yüklenebilir.");
    }

    demo::Planner planner(*world, calendar_, options, start, end);
    demo::Writer writer(planner.PoolSize(), 1);
    // The planner fills one buffer on the second core while the writer writes the other.
    std::array<demo::DemoBatch, 2> buffers;
    std::int64_t planned = 0;
    auto plan = [&](std::size_t buffer) {
        auto n = static_cast<std::size_t>(std::min<std::int64_t>(kBatch, options.requests - planned));
        planner.Fill(buffers[buffer], n);
        planned += static_cast<std::int64_t>(n);
        return n;
    };
    std::size_t b = 0;
    std::size_t current = plan(b);
    std::int64_t done = 0;
    while (current > 0) {
        store_.BulkLoad(
            [&](storage::Tx& tx) {
                for (std::int64_t in_transaction = 0; current > 0 && in_transaction < kTransaction;) {
                    std::future<std::size_t> next;
                    if (planned < options.requests) {
                        next = std::async(std::launch::async, plan, b ^ 1);
                    }
                    writer.Write(tx, buffers[b]);
                    done += static_cast<std::int64_t>(current);
                    in_transaction += static_cast<std::int64_t>(current);
                    current = next.valid() ? next.get() : 0;
                    b ^= 1;
                    if (progress) {
                        progress(done);
                    }
                }
            },
            /*relaxed=*/true);
    }
    DemoReport report = writer.report();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

core::Result<DemoReport> GenerateDemo(storage::Store& store, const core::SlaCalendar& calendar,
                                      const DemoOptions& options,
                                      const std::function<void(std::int64_t done)>& progress) {
    return DemoGenerator(store, calendar).Generate(options, progress);
}

}  // namespace alo153::app
