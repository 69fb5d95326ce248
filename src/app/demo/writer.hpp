#pragma once

#include <cstdint>
#include <memory>

#include "app/demo/demo_generator.hpp"
#include "app/demo/planner.hpp"
#include "storage/store.hpp"

namespace alo153::app::demo {

/// Writes planned requests in order, keeping ids, tracking numbers, search rows and rollups as the live path
/// would (the planner counted the rollups with the live functions; this writes their sums).
class Writer {
  public:
    Writer(std::int64_t pool_size, Id next_request_id);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// Writes the batch's requests with their citizens, contacts and events, then its rollups and search rows.
    void Write(storage::Tx& tx, DemoBatch& batch);
    DemoReport& report();

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace alo153::app::demo
