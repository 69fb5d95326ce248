#include "app/knowledge_base.hpp"

#include "app/request_common.hpp"
#include "core/turkish_fold.hpp"
#include "core/validation.hpp"

namespace alo153::app {
namespace {
using core::ErrorCode;
using core::MakeError;
}  // namespace

KnowledgeBase::KnowledgeBase(storage::Store& store, const CatalogService& catalog, const Clock& clock)
    : store_(store), catalog_(catalog), clock_(clock) {}

std::vector<core::Article> KnowledgeBase::SearchArticles(std::string_view query, bool include_inactive,
                                                         int limit) const {
    const auto words = SearchWords(query);
    if (words.empty() && !query.empty() && !core::FoldedTokens(query).empty()) {
        return {};
    }
    return store_.Read([&](storage::Tx& tx) { return tx.SearchArticles(words, include_inactive, limit); });
}

core::Result<core::Article> KnowledgeBase::GetArticle(core::Id id) const {
    auto a = store_.Read([&](storage::Tx& tx) { return tx.FindArticle(id); });
    if (!a) {
        return MakeError(ErrorCode::kNotFound, "Makale bulunamadı.");
    }
    return *a;
}

core::Result<core::Article> KnowledgeBase::SaveArticle(const Principal& who, core::Article a,
                                                       std::optional<int> if_match) {
    ALO153_TRY(RequireRole(who, {core::Role::kSupervisor, core::Role::kAdmin}));
    auto title = core::CleanText(a.title, "title", 200, true);
    ALO153_TRY(title);
    auto body = core::CleanText(a.body, "body", 20000, true);
    ALO153_TRY(body);
    auto tags = core::CleanText(a.tags, "tags", 500, false);
    ALO153_TRY(tags);
    if (!a.category.empty() && catalog_.Current()->FindCategory(a.category) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "Konu bulunamadı.", "category");
    }
    a.title = *title;
    a.body = *body;
    a.tags = *tags;
    a.updated_at = clock_.Now();
    return store_.Write([&](storage::Tx& tx) -> core::Result<core::Article> {
        auto ft = core::FoldForIndex(a.title);
        auto fb = core::FoldForIndex(a.body);
        auto fg = core::FoldForIndex(a.tags);
        if (a.id == 0) {
            a.version = 1;
            a.id = tx.InsertArticle(a, ft, fb, fg);
            return a;
        }
        auto old = tx.FindArticle(a.id);
        if (!old) {
            return MakeError(ErrorCode::kNotFound, "Makale bulunamadı.");
        }
        if (if_match && *if_match != old->version) {
            return MakeError(ErrorCode::kPreconditionFailed, "Makale siz görüntüledikten sonra değişmiş.");
        }
        a.version = old->version + 1;
        tx.UpdateArticle(a, ft, fb, fg);
        return a;
    });
}

}  // namespace alo153::app
