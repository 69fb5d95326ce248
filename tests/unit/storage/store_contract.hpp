#pragma once

// The fixture of the Store contract (STYLE.md, habit 10): every backend runs every test of the
// store_*contract_test.cpp files. A backend is a type with `static std::unique_ptr<Store> Open(directory)`
// returning a fresh, migrated store (the same data when opened again on the same directory), or nullptr when
// the backend cannot run here (the tests then skip), and a `kName`.

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/tracking_number.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"
#include "support/pg_test_database.hpp"
#include "support/temp_dir.hpp"

namespace alo153::storage::contract {

using core::Channel;
using core::FromUnix;
using core::Id;
using core::RequestType;
using core::Status;
using core::Time;
using core::ToUnix;
using namespace std::chrono_literals;

struct SqliteBackend {
    static constexpr const char* kName = "Sqlite";
    static std::unique_ptr<Store> Open(const std::string& directory) {
        return std::make_unique<sqlite::SqliteStore>(sqlite::SqliteOptions{directory + "/t.db"});
    }
};

/// A schema of its own per test directory in the run's PostgreSQL server (tests/support/pg_test_database).
struct PostgresBackend {
    static constexpr const char* kName = "Postgres";
    static std::unique_ptr<Store> Open(const std::string& directory) {
        const std::string url = test::TestPgSchemaUrl(directory);
        if (url.empty()) {
            return nullptr;
        }
        return std::make_unique<postgres::PgStore>(postgres::PgOptions{url});
    }
};

inline const Time kT0 = FromUnix(1'770'000'000);  // 2026-02-02 02:40 UTC

template <typename Backend>
class StoreContract : public ::testing::Test {
  protected:
    StoreContract() : store_(Backend::Open(dir_.Path().string())) {}

    void SetUp() override {
        if (!store_) {
            GTEST_SKIP() << Backend::kName << " cannot run here (PostgreSQL 15 not installed: make deps)";
        }
    }

    void Reopen() {
        store_.reset();
        store_ = Backend::Open(dir_.Path().string());
    }

    /// Runs `work` in a write transaction and fails the test if it did not commit.
    template <typename F>
    auto MustWrite(F&& work) {
        using R = std::invoke_result_t<F, Tx&>;
        auto r = store_->Write([&](Tx& tx) -> core::Result<R> { return work(tx); });
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
        return r.ok() ? std::move(r).value() : R{};
    }

    void MustWriteVoid(const std::function<void(Tx&)>& work) {
        auto r = store_->Write([&](Tx& tx) -> core::Result<void> {
            work(tx);
            return core::Ok();
        });
        ASSERT_TRUE(r.ok()) << r.error().detail;
    }

    Id AddCitizen(const std::string& phone = "+905321234567") {
        core::Citizen c;
        c.phone = phone;
        c.first_name = "Ayşe";
        c.last_name = "Yılmaz";
        c.created_at = c.updated_at = kT0;
        return MustWrite([&](Tx& tx) { return tx.InsertCitizen(c); });
    }

    Id AddUser(const std::string& username, const std::string& unit = "SASKI") {
        core::User u;
        u.username = username;
        u.display_name = "Personel " + username;
        u.role = core::Role::kUnitStaff;
        u.unit = unit;
        u.password_hash = "x";
        u.created_at = kT0;
        return MustWrite([&](Tx& tx) { return tx.InsertUser(u); });
    }

    /// A minimal request with a unique tracking number.
    core::Request NewRequest() {
        core::Request r;
        r.year = 2026;
        r.sequence = ++sequence_;
        r.tracking_number = core::FormatTrackingNumber({r.year, r.sequence});
        r.category = "SU.ARIZA";
        r.unit = "SASKI";
        r.status = Status::kRouted;
        r.description = "Boru patladı";
        r.created_at = r.updated_at = kT0 + std::chrono::minutes(sequence_);
        r.due_at = r.created_at + 4h;
        return r;
    }

    Id Insert(core::Request r) {
        return MustWrite([&](Tx& tx) { return tx.InsertRequest(r); });
    }

    std::vector<core::Request> List(const RequestFilter& f) {
        return store_->Read([&](Tx& tx) { return tx.ListRequests(f); });
    }
    std::vector<Id> ListIds(const RequestFilter& f) {
        std::vector<Id> ids;
        for (const auto& r : List(f)) {
            ids.push_back(r.id);
        }
        return ids;
    }
    std::int64_t Count(const RequestFilter& f) {
        return store_->Read([&](Tx& tx) { return tx.CountRequests(f); });
    }

    test::TempDir dir_;
    std::unique_ptr<Store> store_;
    std::int64_t sequence_ = 0;
};

/// Every backend the contract runs against.
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

/// Test names say the backend: StoreContract/Postgres.NextSequenceCountsFromOnePerName.
struct BackendNames {
    template <typename Backend>
    static std::string GetName(int) {
        return Backend::kName;
    }
};

}  // namespace alo153::storage::contract
