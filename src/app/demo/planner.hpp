#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/demo/demo_generator.hpp"
#include "app/demo/world.hpp"
#include "app/rollups.hpp"
#include "core/model.hpp"
#include "core/sla_calendar.hpp"

namespace alo153::app::demo {

struct ExtraContact {
    core::Contact contact;
    std::int64_t citizen_pool = -1;  ///< the caller, when a pool citizen already on record
};

/// Kept across chunks so strings and vectors keep their capacity.
struct DemoItem {
    core::Request request;
    int unit = 0;
    int category = 0;
    std::vector<core::Event> events;
    std::size_t event_count = 0;
    bool stopped = false;  ///< the next step would be after `end`: the request stays as it is
    std::string fts_body;
    std::string fts_address;
    std::string fts_notes;
    std::int64_t citizen_pool = -1;
    bool new_citizen = false;
    core::Citizen citizen;
    bool has_contact = false;
    core::Contact contact;
    std::vector<ExtraContact> extras;
    std::size_t extra_count = 0;
};

/// A batch of planned requests and the rollup changes their steps make, written together.
struct DemoBatch {
    std::vector<DemoItem> items;  ///< items[0, count) are planned
    std::size_t count = 0;
    RollupBatch rollups;
};

/// Decides every request in order (deterministic for the seed): who files it, what and where, how it came
/// in, the contacts around it, and its life after routing, step by step by the live workflow rule. Touches
/// no database.
class Planner {
  public:
    Planner(const World& world, const core::SlaCalendar& calendar, const DemoOptions& options, std::int64_t start,
            std::int64_t end);
    ~Planner();
    Planner(const Planner&) = delete;
    Planner& operator=(const Planner&) = delete;

    /// How many citizens the requests are drawn from.
    std::int64_t PoolSize() const;
    /// Plans the next `count` requests into `batch` (its rollups must have been written and cleared).
    void Fill(DemoBatch& batch, std::size_t count);

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace alo153::app::demo
