#pragma once

// The fixture of the Store contract (STYLE.md, habit 10): every backend runs every test of the
// store_*contract_test.cpp files. A backend is a type with `static std::unique_ptr<Store> Open(directory)`
// returning a fresh, migrated store (the same data when opened again on the same directory).

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/tracking_number.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"
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
    static std::unique_ptr<Store> Open(const std::string& directory) {
        return std::make_unique<sqlite::SqliteStore>(sqlite::SqliteOptions{directory + "/t.db"});
    }
};

inline const Time kT0 = FromUnix(1'770'000'000);  // 2026-02-02 02:40 UTC

template <typename Backend>
class StoreContract : public ::testing::Test {
  protected:
    StoreContract() : store_(Backend::Open(dir_.Path().string())) {}

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
using Backends = ::testing::Types<SqliteBackend>;

}  // namespace alo153::storage::contract
