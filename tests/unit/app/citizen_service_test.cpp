#include "app/citizen_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>

#include "app/application.hpp"
#include "core/phone.hpp"
#include "core/tc_kimlik.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::Role;
using namespace std::chrono_literals;

const core::Time kNow = core::FromUnix(1'772'607'600);  // 2026-03-04 10:00 in Istanbul

/// Counts rows with a connection of its own, to see what was written without going through the service.
std::int64_t CountRows(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        n = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
}

class CitizenServiceTest : public test::AppTest {
  protected:
    CitizenServiceTest() : AppTest(kNow) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
    }

    core::Citizen MustCreateCitizen() {
        auto c = app_.Citizens().Create(agent_, {.phone = "+905321234567",
                                                 .first_name = "Ayşe",
                                                 .last_name = "Yılmaz",
                                                 .tckn = tckn_,
                                                 .email = "ayse@example.com",
                                                 .address = "Körfez Mah. 12",
                                                 .kvkk_consent = true});
        EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().detail);
        return c.ok() ? *c : core::Citizen{};
    }

    core::Id CreateRequestFor(core::Id citizen, const std::string& category = "SU.ARIZA") {
        CreateRequest c;
        c.category = category;
        c.description = "Başvuru";
        c.location.district = "ATAKUM";
        c.citizen_id = citizen;
        auto r = app_.Intake().Create(agent_, c);
        EXPECT_TRUE(r.ok());
        clock_.Advance(1min);
        return r.ok() ? r->request.id : 0;
    }

    Principal agent_, saski_;
    std::string tckn_ = core::GenerateTcKimlikNo(42);
};

TEST_F(CitizenServiceTest, FindByPhoneAcceptsAnySpellingAndListsOpenRequestsFirst) {
    core::Citizen citizen = MustCreateCitizen();
    core::Id oldest_open = CreateRequestFor(citizen.id);
    core::Id resolved = CreateRequestFor(citizen.id);
    core::Id newest_open = CreateRequestFor(citizen.id);
    ASSERT_TRUE(app_.Workflow().Act(saski_, resolved, core::Action::kResolve, {.text = "Tamam."}).ok());

    auto h = app_.Citizens().FindByPhone(agent_, "0532 123 45 67");
    ASSERT_TRUE(h.ok()) << h.error().detail;
    EXPECT_EQ(h->phone, "+905321234567");
    ASSERT_EQ(h->citizens.size(), 1u);
    const core::Citizen& c = h->citizens[0];
    EXPECT_EQ(c.id, citizen.id);
    EXPECT_EQ(c.phone, "+905321234567");  // the agent typed it
    EXPECT_EQ(c.first_name, "Ayşe");
    EXPECT_EQ(c.last_name, "Y***");
    EXPECT_EQ(c.tckn, core::MaskTcKimlikNo(tckn_));
    EXPECT_NE(c.tckn, tckn_);
    EXPECT_EQ(c.email, "a***@example.com");
    EXPECT_EQ(c.address, "***");

    ASSERT_EQ(h->requests.size(), 3u);
    EXPECT_EQ(h->requests[0].id, newest_open);
    EXPECT_EQ(h->requests[1].id, oldest_open);
    EXPECT_EQ(h->requests[2].id, resolved);

    for (const char* spelling : {"+90 (532) 123-45-67", "5321234567", "0090 532 123 4567"}) {
        auto again = app_.Citizens().FindByPhone(agent_, spelling);
        ASSERT_TRUE(again.ok()) << spelling;
        EXPECT_EQ(again->citizens.size(), 1u) << spelling;
    }
    auto bad = app_.Citizens().FindByPhone(agent_, "153");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
}

TEST_F(CitizenServiceTest, UnitStaffCannotLookUpCallers) {
    MustCreateCitizen();
    auto h = app_.Citizens().FindByPhone(saski_, "05321234567");
    ASSERT_FALSE(h.ok());
    EXPECT_EQ(h.error().code, ErrorCode::kForbidden);
}

TEST_F(CitizenServiceTest, UnitStaffSeeOnlyTheCitizensOfTheirUnitsRequests) {
    core::Citizen water = MustCreateCitizen();
    CreateRequestFor(water.id, "SU.ARIZA");
    auto other = app_.Citizens().Create(agent_, {.phone = "05559998877", .first_name = "Mehmet", .last_name = "Kaya"});
    ASSERT_TRUE(other.ok());
    CreateRequestFor(other->id, "YOL.CUKUR");

    auto own = app_.Citizens().Get(saski_, water.id, false, "");
    ASSERT_TRUE(own.ok());
    EXPECT_EQ(own->last_name, "Y***");
    auto foreign = app_.Citizens().Get(saski_, other->id, false, "");
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
    auto revealed = app_.Citizens().Get(saski_, other->id, true, "merak");
    ASSERT_FALSE(revealed.ok());
    EXPECT_EQ(revealed.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(CountRows(dir_.File("t.db"), "SELECT count(*) FROM pii_access_log"), 0);
}

TEST_F(CitizenServiceTest, GetIsMaskedUnlessRevealedAndRevealingIsLogged) {
    core::Citizen citizen = MustCreateCitizen();
    const std::string db = dir_.File("t.db");

    auto masked = app_.Citizens().Get(agent_, citizen.id, false, "");
    ASSERT_TRUE(masked.ok());
    EXPECT_EQ(masked->last_name, "Y***");
    EXPECT_EQ(masked->phone, core::MaskPhone("+905321234567"));
    EXPECT_EQ(CountRows(db, "SELECT count(*) FROM pii_access_log"), 0);

    auto revealed = app_.Citizens().Get(agent_, citizen.id, true, "Arayan kişi doğrulandı");
    ASSERT_TRUE(revealed.ok());
    EXPECT_EQ(revealed->last_name, "Yılmaz");
    EXPECT_EQ(revealed->tckn, tckn_);
    EXPECT_EQ(revealed->phone, "+905321234567");
    EXPECT_EQ(CountRows(db, "SELECT count(*) FROM pii_access_log"), 1);
    EXPECT_EQ(CountRows(db, "SELECT count(*) FROM pii_access_log WHERE user_id = " + std::to_string(agent_.id) +
                                " AND citizen_id = " + std::to_string(citizen.id) + " AND at = " +
                                std::to_string(core::ToUnix(kNow)) + " AND reason = 'Arayan kişi doğrulandı'"),
              1);

    Principal system{.kind = Principal::Kind::kApiKey, .id = 1, .role = Role::kAgent, .name = "e-Devlet"};
    auto by_key = app_.Citizens().Get(system, citizen.id, true, "");
    ASSERT_FALSE(by_key.ok());
    EXPECT_EQ(by_key.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(CountRows(db, "SELECT count(*) FROM pii_access_log"), 1);

    auto missing = app_.Citizens().Get(agent_, 9999, true, "");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CitizenServiceTest, CreateValidatesPhoneTcknAndEmail) {
    auto bad_phone = app_.Citizens().Create(agent_, {.phone = "12"});
    ASSERT_FALSE(bad_phone.ok());
    EXPECT_EQ(bad_phone.error().code, ErrorCode::kValidation);
    auto bad_tckn = app_.Citizens().Create(agent_, {.first_name = "Ali", .tckn = "11111111111"});
    ASSERT_FALSE(bad_tckn.ok());
    EXPECT_EQ(bad_tckn.error().field, "tckn");
    auto bad_email = app_.Citizens().Create(agent_, {.first_name = "Ali", .email = "ali at example"});
    ASSERT_FALSE(bad_email.ok());
    EXPECT_EQ(bad_email.error().field, "email");
    auto nothing = app_.Citizens().Create(agent_, {});
    ASSERT_FALSE(nothing.ok());
    EXPECT_EQ(nothing.error().code, ErrorCode::kValidation);
    auto staff = app_.Citizens().Create(saski_, {.first_name = "Ali"});
    ASSERT_FALSE(staff.ok());
    EXPECT_EQ(staff.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(CountRows(dir_.File("t.db"), "SELECT count(*) FROM citizens"), 0);
}

TEST_F(CitizenServiceTest, UpdateChecksTheVersion) {
    core::Citizen citizen = MustCreateCitizen();
    auto updated = app_.Citizens().Update(agent_, citizen.id, {.address = "Yeni adres"}, 1);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(updated->version, 2);
    EXPECT_EQ(updated->address, "Yeni adres");
    EXPECT_EQ(updated->last_name, "Yılmaz");  // untouched fields stay
    auto stale = app_.Citizens().Update(agent_, citizen.id, {.address = "Eski"}, 1);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
}

}  // namespace
}  // namespace alo153::app
