// The knowledge base and its full-text index.
#include "storage/sqlite/sqlite_tx.hpp"

#include <string>
#include <vector>

#include "storage/sqlite/fts.hpp"
#include "storage/sqlite/tx_shared.hpp"

namespace alo153::storage::sqlite {
namespace {

constexpr const char* kInsertArticle =
    "INSERT INTO articles (title, body, category, tags, active, updated_at, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

constexpr const char* kUpdateArticle =
    "UPDATE articles SET title = ?2, body = ?3, category = ?4, tags = ?5, active = ?6, updated_at = ?7, "
    "version = ?8 WHERE id = ?1";

constexpr const char* kIndexArticle =
    "INSERT OR REPLACE INTO article_fts (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)";

constexpr const char* kFindArticle =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE id = ?1";

constexpr const char* kSearchArticles =
    "SELECT a.id, a.title, a.body, a.category, a.tags, a.active, a.updated_at, a.version FROM article_fts f "
    "JOIN articles a ON a.id = f.rowid WHERE article_fts MATCH ?1 AND (?2 OR a.active) "
    "ORDER BY bm25(article_fts, 5.0, 1.0, 3.0) LIMIT ?3";

constexpr const char* kListArticles =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE (?1 OR active) "
    "ORDER BY title LIMIT ?2";

core::Article ReadArticle(const Statement& s) {
    core::Article a;
    a.id = s.Int(0);
    a.title = s.Text(1);
    a.body = s.Text(2);
    a.category = s.Text(3);
    a.tags = s.Text(4);
    a.active = s.Int(5) != 0;
    a.updated_at = FromUnix(s.Int(6));
    a.version = static_cast<int>(s.Int(7));
    return a;
}

}  // namespace

Id SqliteTx::InsertArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
                           const std::string& folded_tags) {
    conn_.Prepare(kInsertArticle)
        .Bind(1, a.title)
        .Bind(2, a.body)
        .Bind(3, a.category)
        .Bind(4, a.tags)
        .Bind(5, a.active)
        .Bind(6, ToUnix(a.updated_at))
        .Bind(7, a.version)
        .Run();
    Id id = conn_.LastInsertId();
    conn_.Prepare(kIndexArticle).Bind(1, id).Bind(2, folded_title).Bind(3, folded_body).Bind(4, folded_tags).Run();
    return id;
}

void SqliteTx::UpdateArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
                             const std::string& folded_tags) {
    conn_.Prepare(kUpdateArticle)
        .Bind(1, a.id)
        .Bind(2, a.title)
        .Bind(3, a.body)
        .Bind(4, a.category)
        .Bind(5, a.tags)
        .Bind(6, a.active)
        .Bind(7, ToUnix(a.updated_at))
        .Bind(8, a.version)
        .Run();
    conn_.Prepare(kIndexArticle).Bind(1, a.id).Bind(2, folded_title).Bind(3, folded_body).Bind(4, folded_tags).Run();
}

std::optional<core::Article> SqliteTx::FindArticle(Id id) {
    auto s = conn_.Prepare(kFindArticle);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadArticle(s);
}

std::vector<core::Article> SqliteTx::SearchArticles(const std::vector<std::string>& words, bool include_inactive,
                                                    int limit) {
    const std::string fts_query = FtsMatch(words);
    std::vector<core::Article> out;
    auto s = conn_.Prepare(fts_query.empty() ? kListArticles : kSearchArticles);
    if (fts_query.empty()) {
        s.Bind(1, include_inactive).Bind(2, limit);
    } else {
        s.Bind(1, fts_query).Bind(2, include_inactive).Bind(3, limit);
    }
    while (s.Step()) {
        out.push_back(ReadArticle(s));
    }
    return out;
}

}  // namespace alo153::storage::sqlite
