// The knowledge base and its full-text index.
#include "storage/postgres/pg_tx.hpp"

#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kInsertArticle =
    "INSERT INTO articles (title, body, category, tags, active, updated_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

constexpr const char* kUpdateArticle =
    "UPDATE articles SET title = $2, body = $3, category = $4, tags = $5, active = $6, updated_at = $7, "
    "version = $8 WHERE id = $1";

constexpr const char* kIndexArticle =
    "INSERT INTO article_fts (id, title, body, tags) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags";

constexpr const char* kFindArticle =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE id = $1";

// In a write transaction: the row is read to be checked and written back (PgTx's comment).
constexpr const char* kFindArticleForUpdate =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE id = $1 FOR UPDATE";

// The folded words of a column as a tsvector, as 0001_initial.sql builds article_fts.document.
#define ALO153_WORDS(column) "array_to_tsvector(array_remove(string_to_array(" column ", ' '), ''))"

// bm25(article_fts, 5.0, 1.0, 3.0) on SQLite: a match in the title counts most, then in the tags, then the body.
constexpr const char* kSearchArticles =
    "SELECT a.id, a.title, a.body, a.category, a.tags, a.active, a.updated_at, a.version FROM article_fts f "
    "JOIN articles a ON a.id = f.id WHERE f.document @@ $1::tsquery AND ($2::int = 1 OR a.active = 1) "
    "ORDER BY 5 * (" ALO153_WORDS("f.title") " @@ $1::tsquery)::int + 3 * (" ALO153_WORDS("f.tags") " @@ $1::tsquery)::int "
    "+ (" ALO153_WORDS("f.body") " @@ $1::tsquery)::int DESC, a.id LIMIT $3";

constexpr const char* kListArticles =
    "SELECT id, title, body, category, tags, active, updated_at, version FROM articles WHERE ($1::int = 1 OR active = "
    "1) "
    "ORDER BY title COLLATE \"C\" LIMIT $2";

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

Id PgTx::InsertArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
                       const std::string& folded_tags) {
    Id id = conn_.Prepare(kInsertArticle)
                .Bind(1, a.title)
                .Bind(2, a.body)
                .Bind(3, a.category)
                .Bind(4, a.tags)
                .Bind(5, a.active)
                .Bind(6, ToUnix(a.updated_at))
                .Bind(7, a.version)
                .RunReturningId();
    conn_.Prepare(kIndexArticle).Bind(1, id).Bind(2, folded_title).Bind(3, folded_body).Bind(4, folded_tags).Run();
    return id;
}

void PgTx::UpdateArticle(const core::Article& a, const std::string& folded_title, const std::string& folded_body,
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

std::optional<core::Article> PgTx::FindArticle(Id id) {
    auto s = conn_.Prepare(writable_ ? kFindArticleForUpdate : kFindArticle);
    s.Bind(1, id);
    if (!s.Step()) {
        return std::nullopt;
    }
    return ReadArticle(s);
}

std::vector<core::Article> PgTx::SearchArticles(const std::vector<std::string>& words, bool include_inactive,
                                                int limit) {
    const std::string fts_query = PrefixQuery(words);
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

}  // namespace alo153::storage::postgres
