#pragma once

#include <cstdint>
#include <functional>

#include "core/result.hpp"
#include "core/sla_calendar.hpp"
#include "core/types.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// What demo history to generate.
struct DemoOptions {
    std::int64_t requests = 3000;
    std::uint64_t seed = 153;  ///< same seed, same catalog, same end: the same data, row for row
    core::Time end{};          ///< "now": the history spans `years` years before it; the epoch means the current time
    int years = 3;
    double contacts_per_request = 2.5;  ///< all contacts (request calls, information calls, ...) per request
};

/// What was generated.
struct DemoReport {
    std::int64_t requests = 0;
    std::int64_t events = 0;
    std::int64_t contacts = 0;
    std::int64_t citizens = 0;
    double seconds = 0;
};

/// Fills an empty database with years of realistic history (requests with their events, citizens, contacts,
/// search rows and rollups) for demonstrations and load tests. Writes in bulk transactions straight to the
/// SQLite file, so it runs before serving, never next to a live server.
///
/// What it writes is what the live path would have written had the requests come in one by one: requests in
/// creation order (ids grow with time), tracking numbers per local year from the same sequences, routing by the
/// catalog's rules, due times from the SLA calendar, every workflow step as an event with its field changes, and
/// rollups equal to those the live path keeps.
class DemoGenerator {
  public:
    DemoGenerator(storage::Store& store, const core::SlaCalendar& calendar);

    /// Generates `options.requests` requests of history ending at `options.end`. `progress`, if set, is called
    /// with the number of requests written so far after each batch (10,000). Preconditions: the catalog is seeded
    /// (units, categories, districts, neighbourhoods; LoadSeed) and the demo staff users exist. Errors:
    /// kValidation for bad options, an unseeded catalog or a database that already holds requests (history
    /// must come before them). Throws StorageError if the database fails.
    core::Result<DemoReport> Generate(const DemoOptions& options,
                                      const std::function<void(std::int64_t done)>& progress = {});

  private:
    storage::Store& store_;
    const core::SlaCalendar& calendar_;
};

/// Shorthand for DemoGenerator(store, calendar).Generate(options, progress).
core::Result<DemoReport> GenerateDemo(storage::Store& store, const core::SlaCalendar& calendar,
                                      const DemoOptions& options,
                                      const std::function<void(std::int64_t done)>& progress = {});

}  // namespace alo153::app
