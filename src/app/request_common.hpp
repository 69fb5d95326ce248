#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/principal.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/workflow.hpp"
#include "routing/catalog.hpp"
#include "storage/store.hpp"

// What intake, the workflow and the queries of requests share: limits, the catalog's SLA terms, the search
// index text, and the one "not found" every request lookup answers.

namespace alo153::app {

/// Sizes a request and what is added to it may reach.
struct RequestLimits {
    std::size_t description_chars = 4000;
    std::size_t note_chars = 4000;
    std::size_t max_photos = 5;
};

/// kNotFound for a request: the same whether it does not exist or `who` may not see it.
core::Error RequestNotFound();

/// The request with `id` if `who` may see it, else RequestNotFound().
core::Result<core::Request> FindVisible(storage::Tx& tx, const Principal& who, core::Id id);

/// The SLA working hours of a unit (the defaults when it is unknown).
core::WorkingHours HoursOf(const core::Unit* unit);

/// The SLA terms of the catalog's categories and units: a category's minutes and clock, a unit's hours.
core::SlaTermsOf SlaTermsFrom(const routing::Catalog& catalog);

/// The public text of a request's "created" event: "Başvuru alındı (Telefon)."
std::string CreatedEventText(core::Channel channel);

/// The folded address text of the search index (street and address together).
std::string IndexedAddress(const core::Location& location);

/// Rewrites a request's search row, with `added_text` appended to what its notes already hold (nothing when
/// empty: description and address only are refreshed).
void ReindexRequest(storage::Tx& tx, const core::Request& request, std::string_view added_text);

/// The words storage searches for in a user's search text: its folded tokens, at most 10, each at most 50
/// bytes. Empty when the text has no word in it.
std::vector<std::string> SearchWords(std::string_view text);

}  // namespace alo153::app
