#include "app/demo/demo_generator.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/clock.hpp"
#include "app/rollups.hpp"
#include "app/seed.hpp"
#include "app/tsv.hpp"
#include "core/status_machine.hpp"
#include "core/tracking_number.hpp"
#include "core/turkish_fold.hpp"
#include "storage/open_store.hpp"
#include "support/temp_dir.hpp"

namespace alo153::app {
namespace {

using core::Status;

constexpr std::int64_t kRequests = 2000;

core::Time At(int y, unsigned m, unsigned d, int hour) {
    return std::chrono::sys_days{std::chrono::year{y} / m / d} + std::chrono::hours{hour};
}

const core::Time kEnd = At(2025, 6, 16, 9);  // a Monday morning, Istanbul 12:00

core::SlaCalendar Calendar() {
    auto holidays = core::HolidayTable::Parse(EmbeddedDataFile("holidays-tr.tsv"));
    EXPECT_TRUE(holidays.ok());
    return core::SlaCalendar(holidays.ok() ? *holidays : core::HolidayTable{});
}

/// A seeded database file in its own temp directory, with a few staff users, removed afterwards. The directory is
/// unique per instance: ctest runs each test of this suite in its own process, in parallel.
class DemoDatabase {
  public:
    DemoDatabase() {
        store_ = storage::OpenStore({dir_.File("demo.db")}).value();
        store_->BulkLoad(
            [](storage::Tx& tx) {
                ASSERT_TRUE(LoadSeed(tx, At(2022, 1, 1, 0)).ok());
                auto user = [&](const std::string& name, core::Role role, const std::string& unit) {
                    core::User u;
                    u.username = name;
                    u.display_name = name;
                    u.role = role;
                    u.unit = unit;
                    u.password_hash = "x";
                    u.created_at = At(2022, 1, 1, 0);
                    tx.InsertUser(u);
                };
                user("agent1", core::Role::kAgent, "");
                user("agent2", core::Role::kAgent, "");
                user("supervisor", core::Role::kSupervisor, "");
                user("admin", core::Role::kAdmin, "");
                user("fen.staff", core::Role::kUnitStaff, "FEN");
                user("fen.manager", core::Role::kUnitManager, "FEN");
                user("saski.staff", core::Role::kUnitStaff, "SASKI");
                user("ilkadim.staff", core::Role::kUnitStaff, "ILCE_ILKADIM");
                user("atakum.manager", core::Role::kUnitManager, "ILCE_ATAKUM");
            },
            false);
    }
    ~DemoDatabase() { store_.reset(); }
    DemoDatabase(const DemoDatabase&) = delete;
    DemoDatabase& operator=(const DemoDatabase&) = delete;

    storage::Store& store() { return *store_; }

    std::vector<core::Request> AllRequests() {
        return store_->Read([](storage::Tx& tx) {
            storage::RequestFilter all;
            all.limit = 1'000'000;
            return tx.ListRequests(all);
        });
    }

  private:
    test::TempDir dir_;  // declared first: destroyed after the store that has the file open
    std::unique_ptr<storage::Store> store_;
};

DemoOptions Options(std::uint64_t seed = 153) {
    DemoOptions options;
    options.requests = kRequests;
    options.seed = seed;
    options.end = kEnd;
    return options;
}

/// One database generated once for the read-only checks.
class DemoGeneratorTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = new DemoDatabase();
        calendar_ = new core::SlaCalendar(Calendar());
        std::int64_t last_progress = 0;
        auto result =
            GenerateDemo(db_->store(), *calendar_, Options(), [&](std::int64_t done) { last_progress = done; });
        ASSERT_TRUE(result.ok()) << result.error().detail;
        report_ = *result;
        progress_ = last_progress;
        requests_ = db_->AllRequests();
    }
    static void TearDownTestSuite() {
        delete db_;
        delete calendar_;
        db_ = nullptr;
        calendar_ = nullptr;
    }

    static inline DemoDatabase* db_ = nullptr;
    static inline core::SlaCalendar* calendar_ = nullptr;
    static inline DemoReport report_;
    static inline std::int64_t progress_ = 0;
    static inline std::vector<core::Request> requests_;
};

TEST_F(DemoGeneratorTest, WritesTheRequestedNumberOfRequests) {
    EXPECT_EQ(report_.requests, kRequests);
    EXPECT_EQ(progress_, kRequests);
    EXPECT_EQ(static_cast<std::int64_t>(requests_.size()), kRequests);
    EXPECT_EQ(db_->store().Read([](storage::Tx& tx) { return tx.CountRequests({}); }), kRequests);
    EXPECT_GT(report_.events, 4 * kRequests);
    EXPECT_GT(report_.citizens, kRequests / 6);
    EXPECT_LT(report_.citizens, kRequests / 2);
    EXPECT_NEAR(static_cast<double>(report_.contacts) / kRequests, 2.5, 0.1);
}

TEST_F(DemoGeneratorTest, RequestsLieInTheHistoryWindowAndIdsGrowWithCreationTime) {
    const core::Time start = kEnd - std::chrono::days(3 * 365);
    // Newest first: ids descending, so creation times must not increase.
    for (std::size_t i = 0; i < requests_.size(); ++i) {
        const auto& r = requests_[i];
        EXPECT_GE(r.created_at, start);
        EXPECT_LE(r.created_at, kEnd);
        if (i > 0) {
            EXPECT_LT(r.id, requests_[i - 1].id);
            EXPECT_LE(r.created_at, requests_[i - 1].created_at) << r.tracking_number;
        }
    }
}

TEST_F(DemoGeneratorTest, EveryRequestHasAConsistentHistory) {
    db_->store().Read([&](storage::Tx& tx) {
        for (const auto& r : requests_) {
            auto events = tx.ListEvents(r.id);
            ASSERT_GE(events.size(), 2u) << r.tracking_number;
            EXPECT_EQ(events[0].kind, "created");
            EXPECT_EQ(events[0].to_status, Status::kNew);
            EXPECT_EQ(events[1].kind, "routed");
            EXPECT_EQ(events[1].from_status, Status::kNew);
            EXPECT_EQ(events[1].to_status, Status::kRouted);
            ASSERT_FALSE(events[1].changes.empty());
            EXPECT_EQ(events[1].changes[0].field, "unit");
            EXPECT_EQ(events[1].changes[0].after, r.unit);
            for (std::size_t i = 1; i < events.size(); ++i) {
                EXPECT_GE(events[i].at, events[i - 1].at) << r.tracking_number;
                EXPECT_EQ(events[i].from_status, events[i - 1].to_status) << r.tracking_number << " " << events[i].kind;
                if (i >= 2) {
                    auto action = core::ParseAction(events[i].kind);
                    ASSERT_TRUE(action.has_value()) << events[i].kind;
                    auto next = core::NextStatus(*events[i].from_status, *action);
                    ASSERT_TRUE(next.ok()) << r.tracking_number << " " << events[i].kind;
                    EXPECT_EQ(*next, events[i].to_status);
                }
                EXPECT_LE(events[i].at, kEnd);
            }
            EXPECT_EQ(events.back().to_status, r.status) << r.tracking_number;
            EXPECT_EQ(r.updated_at, events.back().at);
            EXPECT_EQ(r.version, static_cast<int>(events.size()) - 1);
            switch (r.status) {
                case Status::kClosed:
                    EXPECT_TRUE(r.closed_at.has_value());
                    [[fallthrough]];
                case Status::kResolved:
                    EXPECT_TRUE(r.resolved_at.has_value());
                    EXPECT_TRUE(r.accepted_at.has_value());
                    EXPECT_FALSE(r.public_answer.empty());
                    EXPECT_GE(*r.resolved_at, *r.accepted_at);
                    break;
                case Status::kRejected:
                    EXPECT_FALSE(r.reject_reason.empty());
                    break;
                case Status::kInProgress:
                case Status::kOnHold:
                    EXPECT_TRUE(r.accepted_at.has_value());
                    EXPECT_EQ(r.hold_started_at.has_value(), r.status == Status::kOnHold);
                    break;
                default:
                    break;
            }
        }
    });
}

TEST_F(DemoGeneratorTest, StepsAreTakenByPeopleAllowedToTakeThem) {
    db_->store().Read([&](storage::Tx& tx) {
        std::map<core::Id, core::User> users;
        for (auto& u : tx.ListUsers()) {
            users[u.id] = u;
        }
        for (const auto& r : requests_) {
            for (const auto& e : tx.ListEvents(r.id)) {
                if (e.kind == "created" || e.kind == "routed") {
                    continue;
                }
                ASSERT_TRUE(e.actor_id.has_value()) << r.tracking_number << " " << e.kind;
                const core::User& actor = users.at(*e.actor_id);
                EXPECT_NE(actor.role, core::Role::kAgent) << e.kind;
                if (actor.role == core::Role::kUnitStaff || actor.role == core::Role::kUnitManager) {
                    EXPECT_EQ(actor.unit, r.unit) << r.tracking_number << " " << e.kind;
                }
                if (e.kind == "close" || e.kind == "reopen") {
                    EXPECT_NE(actor.role, core::Role::kUnitStaff);
                }
                if (e.kind == "assign") {
                    ASSERT_EQ(e.changes.size(), 1u);
                    const core::User& assignee = users.at(std::stoll(e.changes[0].after));
                    EXPECT_EQ(assignee.unit, r.unit);
                    if (actor.role == core::Role::kUnitStaff) {
                        EXPECT_EQ(assignee.id, actor.id);
                    }
                }
            }
        }
    });
}

TEST_F(DemoGeneratorTest, TrackingNumbersAreValidUniqueAndFollowTheLocalYear) {
    std::set<std::string> seen;
    std::map<int, std::int64_t> last_sequence;  // per year, walking from oldest to newest
    for (auto it = requests_.rbegin(); it != requests_.rend(); ++it) {
        const auto& r = *it;
        EXPECT_TRUE(seen.insert(r.tracking_number).second) << r.tracking_number;
        auto parsed = core::ParseTrackingNumber(r.tracking_number);
        ASSERT_TRUE(parsed.ok()) << r.tracking_number;
        EXPECT_EQ(parsed->year, r.year);
        EXPECT_EQ(parsed->sequence, r.sequence);
        auto local =
            std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(r.created_at + core::kIstanbulOffset));
        EXPECT_EQ(r.year, static_cast<int>(local.year()));
        EXPECT_EQ(r.sequence, last_sequence[r.year] + 1) << r.tracking_number;
        last_sequence[r.year] = r.sequence;
    }
    EXPECT_GE(last_sequence.size(), 3u);
}

TEST_F(DemoGeneratorTest, LiveRequestsContinueTheSequences) {
    std::int64_t last = 0;
    for (const auto& r : requests_) {
        if (r.year == 2025) {
            last = std::max(last, r.sequence);
        }
    }
    auto next = db_->store().Write(
        [](storage::Tx& tx) -> core::Result<std::int64_t> { return tx.NextSequence("tracking-2025"); });
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(*next, last + 1);
}

TEST_F(DemoGeneratorTest, WasteGoesToTheDistrictMunicipalityOfItsLocation) {
    int atik = 0;
    for (const auto& r : requests_) {
        EXPECT_FALSE(r.location.district.empty());
        EXPECT_TRUE(r.location.lat.has_value() && r.location.lon.has_value());
        if (r.category.starts_with("ATIK.")) {
            ++atik;
            EXPECT_EQ(r.unit, "ILCE_" + r.location.district) << r.tracking_number;
        }
    }
    EXPECT_GT(atik, kRequests / 20);
}

TEST_F(DemoGeneratorTest, DistributionsLookLikeACity) {
    std::map<std::string, int> top;
    std::map<core::Channel, int> channels;
    std::map<std::string, int> districts;
    int anonymous = 0;
    for (const auto& r : requests_) {
        ++top[r.category.substr(0, r.category.find('.'))];
        ++channels[r.channel];
        ++districts[r.location.district];
        anonymous += r.citizen_id ? 0 : 1;
    }
    EXPECT_GT(top["ATIK"], top["MEZARLIK"] * 5);
    EXPECT_GT(top["SU"], top["ITFAIYE"] * 5);
    EXPECT_NEAR(channels[core::Channel::kPhone] / static_cast<double>(kRequests), 0.6, 0.05);
    EXPECT_GT(districts["ILKADIM"], districts["YAKAKENT"] * 10);
    EXPECT_NEAR(anonymous / static_cast<double>(kRequests), 0.10, 0.03);
}

TEST_F(DemoGeneratorTest, OldRequestsAreMostlyFinishedAndRecentOnesAMix) {
    int old_total = 0;
    int old_finished = 0;
    std::set<Status> recent;
    for (const auto& r : requests_) {
        if (r.created_at < kEnd - std::chrono::days(30)) {
            ++old_total;
            old_finished += core::IsOpen(r.status) ? 0 : 1;
        } else {
            recent.insert(r.status);
        }
    }
    EXPECT_GT(old_finished, old_total * 95 / 100);
    EXPECT_TRUE(recent.contains(Status::kRouted) || recent.contains(Status::kInProgress));
    EXPECT_TRUE(recent.contains(Status::kClosed) || recent.contains(Status::kResolved));
}

TEST_F(DemoGeneratorTest, RequestRollupsMatchTheRequests) {
    std::map<std::tuple<std::int64_t, std::string, std::string, Status>, std::int64_t> expected;
    for (const auto& r : requests_) {
        ++expected[{LocalDay(r.created_at), r.unit, r.category, r.status}];
    }
    auto counts = db_->store().Read([](storage::Tx& tx) { return tx.RequestCounts(0, 1'000'000); });
    std::map<std::tuple<std::int64_t, std::string, std::string, Status>, std::int64_t> actual;
    std::int64_t total = 0;
    for (const auto& c : counts) {
        actual[{c.day, c.unit, c.category, c.status}] += c.n;
        total += c.n;
    }
    EXPECT_EQ(total, kRequests);
    EXPECT_EQ(actual, expected);
}

TEST_F(DemoGeneratorTest, OpenRollupMatchesOpenRequests) {
    std::map<std::pair<std::string, std::string>, std::int64_t> expected;
    for (const auto& r : requests_) {
        if (core::IsOpen(r.status)) {
            ++expected[{r.unit, std::string(core::ToCode(r.status))}];
        }
    }
    std::map<std::pair<std::string, std::string>, std::int64_t> actual;
    for (const auto& c : db_->store().Read([](storage::Tx& tx) { return tx.OpenCounts(); })) {
        actual[{c.unit, c.status}] = c.n;
    }
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(actual, expected);
    // Some of the open ones are overdue, as in a real queue.
    auto overdue = db_->store().Read([](storage::Tx& tx) { return tx.OverdueCounts(kEnd); });
    EXPECT_FALSE(overdue.empty());
}

TEST_F(DemoGeneratorTest, ResolutionRollupCountsEveryResolution) {
    std::map<std::pair<std::string, int>, std::pair<std::int64_t, std::int64_t>> expected;
    std::int64_t within_sla = 0;
    std::int64_t resolved = 0;
    db_->store().Read([&](storage::Tx& tx) {
        for (const auto& r : requests_) {
            for (const auto& e : tx.ListEvents(r.id)) {
                if (e.kind == "resolve") {
                    std::int64_t seconds = core::ToUnix(e.at) - core::ToUnix(r.created_at);
                    auto& slot = expected[{r.unit, ResolutionBucket(seconds)}];
                    ++slot.first;
                    slot.second += seconds;
                }
            }
            if (r.resolved_at) {
                ++resolved;
                within_sla += *r.resolved_at <= r.due_at ? 1 : 0;
            }
        }
    });
    std::map<std::pair<std::string, int>, std::pair<std::int64_t, std::int64_t>> actual;
    for (const auto& b : db_->store().Read([](storage::Tx& tx) { return tx.ResolutionBuckets(0, 1'000'000); })) {
        actual[{b.unit, b.bucket}] = {b.n, b.total_seconds};
    }
    EXPECT_EQ(actual, expected);
    EXPECT_NEAR(static_cast<double>(within_sla) / static_cast<double>(resolved), 0.8, 0.08);
}

TEST_F(DemoGeneratorTest, ContactsAreRecordedAndCounted) {
    std::int64_t rolled_up = 0;
    std::map<std::string, std::int64_t> outcomes;
    for (const auto& c : db_->store().Read([](storage::Tx& tx) { return tx.ContactCounts(0, 100'000'000); })) {
        rolled_up += c.n;
        outcomes[c.outcome] += c.n;
    }
    EXPECT_EQ(rolled_up, report_.contacts);
    EXPECT_EQ(outcomes.count("open"), 0u);
    EXPECT_GT(outcomes["informed"], outcomes["transferred"]);
    EXPECT_GT(outcomes["dropped"], 0);
    EXPECT_GT(outcomes["abusive"], 0);

    int phone = 0;
    db_->store().Read([&](storage::Tx& tx) {
        for (const auto& r : requests_) {
            if (r.channel != core::Channel::kPhone && r.channel != core::Channel::kWalkIn) {
                EXPECT_FALSE(r.contact_id.has_value());
                continue;
            }
            ++phone;
            ASSERT_TRUE(r.contact_id.has_value()) << r.tracking_number;
            auto contact = tx.FindContact(*r.contact_id);
            ASSERT_TRUE(contact.has_value());
            EXPECT_EQ(contact->request_id, r.id);
            EXPECT_EQ(contact->outcome, core::ContactOutcome::kRequestOpened);
            EXPECT_EQ(contact->citizen_id, r.citizen_id);
            EXPECT_TRUE(contact->agent_id.has_value());
            EXPECT_LE(contact->started_at, r.created_at);
        }
    });
    EXPECT_EQ(outcomes["request_opened"], phone);
}

TEST_F(DemoGeneratorTest, CitizensHaveDemoIdentitiesAndCallAgain) {
    std::map<core::Id, int> per_citizen;
    for (const auto& r : requests_) {
        if (r.citizen_id) {
            ++per_citizen[*r.citizen_id];
        }
    }
    int repeat_requests = 0;
    for (const auto& [id, n] : per_citizen) {
        repeat_requests += n > 1 ? n : 0;
    }
    EXPECT_GT(repeat_requests, kRequests / 3);
    db_->store().Read([&](storage::Tx& tx) {
        int with_tckn = 0;
        for (const auto& [id, n] : per_citizen) {
            auto c = tx.FindCitizen(id);
            ASSERT_TRUE(c.has_value());
            EXPECT_EQ(c->phone.size(), 13u) << c->phone;
            EXPECT_EQ(c->phone.rfind("+905", 0), 0u) << c->phone;
            EXPECT_FALSE(c->first_name.empty());
            if (!c->tckn.empty()) {
                ++with_tckn;
            }
        }
        EXPECT_GT(with_tckn, 0);
    });
}

TEST_F(DemoGeneratorTest, SearchFindsFoldedWordsOfDescriptions) {
    const auto& r = requests_[requests_.size() / 2];
    std::string word;
    for (const auto& token : core::FoldedTokens(r.description)) {
        if (token.size() >= 5) {
            word = token;
            break;
        }
    }
    ASSERT_FALSE(word.empty()) << r.description;
    auto found = db_->store().Read([&](storage::Tx& tx) {
        storage::RequestFilter filter;
        filter.words = {word};
        filter.limit = 100'000;
        return tx.ListRequests(filter);
    });
    EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const core::Request& x) { return x.id == r.id; })) << word;
    auto garbage = db_->store().Read([](storage::Tx& tx) {
        storage::RequestFilter filter;
        filter.words = {"cop"};
        filter.categories = {"ATIK"};
        return tx.CountRequests(filter);
    });
    EXPECT_GT(garbage, 0);
}

TEST(DemoGenerator, SameSeedGivesTheSameDataAndAnotherSeedDoesNot) {
    auto calendar = Calendar();
    DemoDatabase a;
    DemoDatabase b;
    DemoDatabase c;
    auto options = Options();
    options.requests = 300;
    ASSERT_TRUE(GenerateDemo(a.store(), calendar, options).ok());
    ASSERT_TRUE(GenerateDemo(b.store(), calendar, options).ok());
    options.seed = 154;
    ASSERT_TRUE(GenerateDemo(c.store(), calendar, options).ok());
    auto ra = a.AllRequests();
    auto rb = b.AllRequests();
    auto rc = c.AllRequests();
    ASSERT_EQ(ra.size(), 300u);
    ASSERT_EQ(rb.size(), 300u);
    bool differs = false;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        EXPECT_EQ(ra[i].tracking_number, rb[i].tracking_number);
        EXPECT_EQ(ra[i].description, rb[i].description);
        EXPECT_EQ(ra[i].created_at, rb[i].created_at);
        EXPECT_EQ(ra[i].status, rb[i].status);
        EXPECT_EQ(ra[i].resolved_at, rb[i].resolved_at);
        differs = differs || ra[i].description != rc[i].description || ra[i].created_at != rc[i].created_at;
    }
    EXPECT_TRUE(differs);
}

TEST(DemoGenerator, RefusesADatabaseThatAlreadyHasRequests) {
    auto calendar = Calendar();
    DemoDatabase db;
    auto options = Options();
    options.requests = 10;
    ASSERT_TRUE(GenerateDemo(db.store(), calendar, options).ok());
    auto again = GenerateDemo(db.store(), calendar, options);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, core::ErrorCode::kValidation);
}

TEST(DemoGenerator, RefusesAnUnseededCatalog) {
    auto calendar = Calendar();
    test::TempDir dir;
    auto store = storage::OpenStore({dir.File("demo.db")}).value();
    auto result = GenerateDemo(*store, calendar, Options());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kValidation);
}

}  // namespace
}  // namespace alo153::app
