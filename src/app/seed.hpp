#pragma once

#include "core/result.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Loads the reference catalog (CATALOG.md) compiled into the binary: units, categories, districts,
/// neighbourhoods and knowledge-base articles. Runs once, on an empty database (see IsSeeded).
core::Result<void> LoadSeed(storage::Tx& tx, core::Time now);

/// Whether the catalog has been loaded already.
bool IsSeeded(storage::Tx& tx);

/// Loads the Open311 service types and sub-category questions (data/seed/open311_*.tsv). Runs once, when
/// neither is present yet (a new database, or one made before migration 0005).
core::Result<void> LoadOpen311Seed(storage::Tx& tx);
bool IsOpen311Seeded(storage::Tx& tx);

}  // namespace alo153::app
