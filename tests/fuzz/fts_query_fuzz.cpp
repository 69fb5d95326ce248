// app::SearchWords and the SQLite backend's FtsMatch turn a user's search text into an FTS5 MATCH expression. Checks:
// no crash; every non-empty query is accepted by FTS5 — on a plain table and on one with the production tokenizer
// (storage/sqlite/migrations) — so that no search text can make the database report a syntax error; and, when
// the folded text is ASCII, a document holding it is found by the query built from it (what search is for).
// Beyond ASCII, FoldedTokens only approximates the unicode61 tokenizer's idea of a letter, so the match is
// not checked there.

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "app/request_common.hpp"
#include "core/turkish_fold.hpp"
#include "fuzz_check.hpp"
#include "storage/sqlite/fts.hpp"

namespace {

/// One in-memory database for the whole run: opening one per input would dominate the time.
class FtsDatabase {
  public:
    FtsDatabase() {
        FUZZ_CHECK(sqlite3_open(":memory:", &db_) == SQLITE_OK);
        Exec("CREATE VIRTUAL TABLE t USING fts5(x)");
        Exec("CREATE VIRTUAL TABLE t2 USING fts5(body, address, notes, tokenize = 'unicode61 remove_diacritics 2')");
    }
    ~FtsDatabase() {
        for (auto& [sql, stmt] : statements_) {
            sqlite3_finalize(stmt);
        }
        sqlite3_close(db_);
    }
    FtsDatabase(const FtsDatabase&) = delete;
    FtsDatabase& operator=(const FtsDatabase&) = delete;

    /// Runs `sql` with text parameters ?1, ?2...; returns the SQLite result code and the first column of the last
    /// row (when there is one) in `count`.
    int Run(const char* sql, std::initializer_list<std::string_view> params, long long* count = nullptr) {
        sqlite3_stmt*& stmt = statements_[sql];
        if (stmt == nullptr) {
            FUZZ_CHECK(sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) == SQLITE_OK);
        }
        int rc = SQLITE_OK;
        int i = 1;
        for (std::string_view p : params) {
            sqlite3_bind_text(stmt, i++, p.data(), static_cast<int>(p.size()), SQLITE_TRANSIENT);
        }
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (count != nullptr) *count = sqlite3_column_int64(stmt, 0);
        }
        if (rc != SQLITE_DONE) {
            std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db_));
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return rc;
    }

    void Exec(const char* sql) { FUZZ_CHECK(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }

  private:
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*> statements_;  ///< prepared once, reused for every input
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static FtsDatabase db;
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const std::string query = alo153::storage::sqlite::FtsMatch(alo153::app::SearchWords(input));
    if (query.empty()) {
        return 0;
    }
    // Index the text the way storage does (folded), then search for it.
    const std::string folded = alo153::core::FoldTurkish(input);
    FUZZ_CHECK(db.Run("DELETE FROM t", {}) == SQLITE_DONE);
    FUZZ_CHECK(db.Run("DELETE FROM t2", {}) == SQLITE_DONE);
    FUZZ_CHECK(db.Run("INSERT INTO t (x) VALUES (?1)", {folded}) == SQLITE_DONE);
    FUZZ_CHECK(db.Run("INSERT INTO t2 (body, address, notes) VALUES (?1, '', '')", {folded}) == SQLITE_DONE);

    long long plain = -1;
    long long production = -1;
    const int rc_plain = db.Run("SELECT count(*) FROM t WHERE t MATCH ?1", {query}, &plain);
    const int rc_production = db.Run("SELECT count(*) FROM t2 WHERE t2 MATCH ?1", {query}, &production);
    if (rc_plain != SQLITE_DONE || rc_production != SQLITE_DONE) {
        std::fprintf(stderr, "FTS5 rejected the query built from the input: %s\n", query.c_str());
    }
    FUZZ_CHECK(rc_plain == SQLITE_DONE);
    FUZZ_CHECK(rc_production == SQLITE_DONE);
    bool ascii = true;
    for (char c : folded) {
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    }
    if (ascii) {
        FUZZ_CHECK(plain == 1);
        FUZZ_CHECK(production == 1);
    }
    return 0;
}
