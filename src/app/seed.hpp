#pragma once

#include "core/result.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// Loads the reference catalog (CATALOG.md) compiled into the binary: units, categories, districts,
/// neighbourhoods and knowledge-base articles. Runs once, on an empty database (see IsSeeded).
core::Result<void> LoadSeed(storage::Tx& tx, core::Time now);

/// Whether the catalog has been loaded already.
bool IsSeeded(storage::Tx& tx);

}  // namespace alo153::app
