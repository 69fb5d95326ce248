#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "app/catalog_service.hpp"
#include "app/clock.hpp"
#include "app/principal.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// The knowledge base: the articles agents read to a caller (collection days, fees, opening hours), written by
/// supervisors and admins.
class KnowledgeBase {
  public:
    KnowledgeBase(storage::Store& store, const CatalogService& catalog, const Clock& clock);

    /// Search, folded the Turkish way; an empty query lists articles by title.
    std::vector<core::Article> SearchArticles(std::string_view query, bool include_inactive, int limit) const;
    core::Result<core::Article> GetArticle(core::Id id) const;
    /// Creates (id 0) or updates an article; its category, when given, must exist; `if_match` guards against
    /// overwriting someone else's change.
    core::Result<core::Article> SaveArticle(const Principal& who, core::Article article, std::optional<int> if_match);

  private:
    storage::Store& store_;
    const CatalogService& catalog_;
    const Clock& clock_;
};

}  // namespace alo153::app
