// Intake (Create, photos, idempotency), reads, access control, search and the citizen's view of a request.
// The workflow (Act) is in request_workflow_test.cpp.
#include "app/intake_service.hpp"
#include "app/request_queries.hpp"
#include "app/workflow_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "app/application.hpp"
#include "core/tc_kimlik.hpp"
#include "core/tracking_number.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::Role;
using core::Status;
using namespace std::chrono_literals;

/// A local (Istanbul) wall-clock time.
core::Time Local(int y, unsigned mo, unsigned d, int h, int mi = 0) {
    using namespace std::chrono;
    return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) - core::kIstanbulOffset;
}

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(100, 'p');
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'j');

std::string Sha256Hex(const std::string& bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

class RequestServiceTest : public test::AppTest {
  protected:
    RequestServiceTest()
        : AppTest(Local(2026, 3, 4, 10), [](AppConfig& config) { config.photo_max_bytes = 64 * 1024; }) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
        fen_ = AddStaff("fen.personel", Role::kUnitStaff, "FEN");
    }

    Principal AddStaff(const std::string& username, Role role, const std::string& unit) {
        return AppTest::AddStaff(username, role, unit, "Personel " + username);
    }

    static CreateRequest BurstPipe() {
        CreateRequest c;
        c.category = "SU.ARIZA";
        c.description = "Sokakta boru patladı, su akıyor.";
        c.location.district = "ATAKUM";
        return c;
    }

    core::Request MustCreate(CreateRequest c, const Principal* who = nullptr) {
        auto r = app_.Intake().Create(who != nullptr ? *who : agent_, std::move(c));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
        return r.ok() ? r->request : core::Request{};
    }

    std::int64_t RequestCount() {
        return app_.Store().Read([](storage::Tx& tx) { return tx.CountRequests({}); });
    }

    Principal agent_;
    Principal supervisor_;
    Principal saski_;
    Principal fen_;
};

// ---- Create -------------------------------------------------------------------------------------------------

TEST_F(RequestServiceTest, CreateNumbersRoutesAndTimesTheRequest) {
    auto created = app_.Intake().Create(agent_, BurstPipe());
    ASSERT_TRUE(created.ok()) << created.error().detail;
    const core::Request& r = created->request;
    EXPECT_FALSE(created->replayed);
    EXPECT_GT(r.id, 0);

    auto number = core::ParseTrackingNumber(r.tracking_number);
    ASSERT_TRUE(number.ok()) << r.tracking_number;
    EXPECT_EQ(number->year, 2026);
    EXPECT_EQ(r.year, 2026);
    EXPECT_EQ(number->sequence, r.sequence);
    EXPECT_EQ(r.sequence, 1);

    EXPECT_EQ(r.unit, "SASKI");
    EXPECT_EQ(r.status, Status::kRouted);
    EXPECT_EQ(r.priority, core::Priority::kUrgent);
    EXPECT_EQ(r.created_at, clock_.Now());
    EXPECT_EQ(r.due_at, clock_.Now() + 4h);  // SU.ARIZA: 240 minutes around the clock
    EXPECT_EQ(r.created_by, agent_.id);
    EXPECT_FALSE(r.citizen_id.has_value());  // anonymous is allowed

    auto stored = app_.Queries().Get(agent_, r.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->tracking_number, r.tracking_number);
    EXPECT_EQ(stored->due_at, r.due_at);

    auto history = app_.Queries().History(agent_, r.id);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].kind, "created");
    EXPECT_EQ((*history)[0].to_status, Status::kNew);
    EXPECT_EQ((*history)[0].actor_id, agent_.id);
    EXPECT_EQ((*history)[1].kind, "routed");
    EXPECT_EQ((*history)[1].from_status, Status::kNew);
    EXPECT_EQ((*history)[1].to_status, Status::kRouted);
    ASSERT_FALSE((*history)[1].changes.empty());
    EXPECT_EQ((*history)[1].changes[0].field, "unit");
    EXPECT_EQ((*history)[1].changes[0].after, "SASKI");

    auto second = MustCreate(BurstPipe());
    EXPECT_EQ(second.sequence, 2);
}

TEST_F(RequestServiceTest, WorkingHoursCategoryCreatedFridayEveningIsDueAfterTheWeekend) {
    clock_.Set(Local(2026, 3, 6, 17));  // Friday 17:00, half an hour before closing
    CreateRequest c = BurstPipe();
    c.category = "SU.FOSSEPTIK";  // 2880 working minutes, SASKI 08:30-17:30 Monday to Friday
    auto r = MustCreate(c);
    // 30 min on Friday the 6th, 540 a day on the five working days of the next week (2700), and the last 150
    // on Monday the 16th: no minute of either weekend counts.
    EXPECT_EQ(r.due_at, Local(2026, 3, 16, 11));
}

TEST_F(RequestServiceTest, WasteGoesToTheDistrictMunicipality) {
    CreateRequest c = BurstPipe();
    c.category = "ATIK.TOPLANMADI";
    c.description = "Çöp toplanmadı";
    EXPECT_EQ(MustCreate(c).unit, "ILCE_ATAKUM");
    c.location.district = "BAFRA";
    EXPECT_EQ(MustCreate(c).unit, "ILCE_BAFRA");
}

TEST_F(RequestServiceTest, WasteWithoutADistrictIsRejectedAndNothingWritten) {
    CreateRequest c = BurstPipe();
    c.category = "ATIK.TOPLANMADI";
    c.location.district.clear();
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(RequestCount(), 0);
}

TEST_F(RequestServiceTest, InlineNewCitizenIsStoredWithANormalisedPhone) {
    CreateRequest c = BurstPipe();
    c.citizen = NewCitizen{.phone = "0532 123 45 67",
                           .first_name = " Ayşe ",
                           .last_name = "Yılmaz",
                           .tckn = core::GenerateTcKimlikNo(7),
                           .email = "ayse@example.com",
                           .kvkk_consent = true};
    auto r = MustCreate(c);
    ASSERT_TRUE(r.citizen_id.has_value());
    auto citizen = app_.Store().Read([&](storage::Tx& tx) { return tx.FindCitizen(*r.citizen_id); });
    ASSERT_TRUE(citizen.has_value());
    EXPECT_EQ(citizen->phone, "+905321234567");
    EXPECT_EQ(citizen->first_name, "Ayşe");
    EXPECT_EQ(citizen->tckn, core::GenerateTcKimlikNo(7));
    EXPECT_TRUE(citizen->kvkk_consent);
}

TEST_F(RequestServiceTest, InlineCitizenWithABadPhoneOrTcknIsRejectedAndNothingWritten) {
    CreateRequest bad_phone = BurstPipe();
    bad_phone.citizen = NewCitizen{.phone = "12345", .first_name = "Ali"};
    auto r = app_.Intake().Create(agent_, bad_phone);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);

    CreateRequest bad_tckn = BurstPipe();
    bad_tckn.citizen = NewCitizen{.phone = "05321234567", .first_name = "Ali", .tckn = "12345678901"};
    r = app_.Intake().Create(agent_, bad_tckn);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "citizen.tckn");

    EXPECT_EQ(RequestCount(), 0);
    EXPECT_TRUE(app_.Store().Read([](storage::Tx& tx) { return tx.FindCitizensByPhone("+905321234567"); }).empty());
    EXPECT_EQ(MustCreate(BurstPipe()).sequence, 1);  // no tracking number was used up
}

TEST_F(RequestServiceTest, UnknownInactiveOrTopLevelCategoryIsRejected) {
    CreateRequest c = BurstPipe();
    c.category = "SU.YOK";
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(r.error().field, "category");

    c.category = "SU";
    r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "category");
    EXPECT_EQ(RequestCount(), 0);
}

TEST_F(RequestServiceTest, CoordinatesOutsideTurkeyOrHalfGivenAreRejected) {
    CreateRequest c = BurstPipe();
    c.location.lat = 48.85;  // Paris
    c.location.lon = 2.35;
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "location");

    c.location.lat = 41.3;
    c.location.lon.reset();
    r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(RequestCount(), 0);
}

TEST_F(RequestServiceTest, APinWithoutADistrictGetsTheNearestDistrict) {
    CreateRequest c = BurstPipe();
    c.category = "ATIK.TOPLANMADI";
    c.location.district.clear();
    c.location.lat = 41.565;
    c.location.lon = 35.91;
    auto r = MustCreate(c);
    EXPECT_EQ(r.location.district, "BAFRA");
    EXPECT_EQ(r.unit, "ILCE_BAFRA");
}

TEST_F(RequestServiceTest, NeighbourhoodMustLieInTheDistrict) {
    auto catalog = app_.Catalog().Current();
    auto atakum = catalog->NeighbourhoodsOf("ATAKUM");
    ASSERT_FALSE(atakum.empty());
    CreateRequest c = BurstPipe();
    c.location.district = "BAFRA";
    c.location.neighbourhood_id = atakum.front()->id;
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(r.error().field, "location.neighbourhood_id");

    c.location.neighbourhood_id = 999999;
    r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(RequestCount(), 0);

    // A neighbourhood alone names its district.
    c.location.district.clear();
    c.location.neighbourhood_id = atakum.front()->id;
    EXPECT_EQ(MustCreate(c).location.district, "ATAKUM");
}

TEST_F(RequestServiceTest, UnknownDistrictIsRejected) {
    CreateRequest c = BurstPipe();
    c.location.district = "KADIKOY";
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownReference);
}

TEST_F(RequestServiceTest, DescriptionIsRequiredAndAtMost4000Characters) {
    CreateRequest c = BurstPipe();
    c.description = std::string(4001, 'a');
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(r.error().field, "description");

    c.description = "   ";
    r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    EXPECT_EQ(RequestCount(), 0);

    std::string longest;
    for (int i = 0; i < 4000; ++i) {
        longest += "ç";  // 4000 characters, 8000 bytes: the limit counts characters
    }
    c.description = longest;
    EXPECT_EQ(MustCreate(c).description, longest);
}

TEST_F(RequestServiceTest, UnitStaffCannotRecordRequests) {
    auto r = app_.Intake().Create(saski_, BurstPipe());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
}

TEST_F(RequestServiceTest, IdempotencyKeyReplayReturnsTheFirstRequest) {
    CreateRequest c = BurstPipe();
    c.idempotency_key = "retry-1";
    c.body_hash = "hash-a";
    auto first = app_.Intake().Create(agent_, c);
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first->replayed);
    clock_.Advance(30s);
    auto again = app_.Intake().Create(agent_, c);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->request.id, first->request.id);
    EXPECT_EQ(again->request.tracking_number, first->request.tracking_number);
    EXPECT_EQ(RequestCount(), 1);

    c.body_hash = "hash-b";
    auto reused = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(RequestCount(), 1);

    // Keys belong to whoever sent them.
    c.body_hash = "hash-a";
    auto other = app_.Intake().Create(supervisor_, c);
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other->replayed);
    EXPECT_NE(other->request.id, first->request.id);
}

// ---- Photos -------------------------------------------------------------------------------------------------

TEST_F(RequestServiceTest, PhotosAreStoredByContentDigest) {
    CreateRequest c = BurstPipe();
    c.photos = {kPng, kJpeg};
    auto r = MustCreate(c);
    auto photos = app_.Queries().Photos(agent_, r.id);
    ASSERT_TRUE(photos.ok());
    ASSERT_EQ(photos->size(), 2u);
    EXPECT_EQ((*photos)[0].content_type, "image/png");
    EXPECT_EQ((*photos)[0].sha256, Sha256Hex(kPng));
    EXPECT_EQ((*photos)[0].size, static_cast<std::int64_t>(kPng.size()));
    EXPECT_EQ((*photos)[1].content_type, "image/jpeg");
    EXPECT_EQ((*photos)[1].sha256, Sha256Hex(kJpeg));
    for (const auto& p : *photos) {
        std::filesystem::path file = std::filesystem::path(app_.Config().photo_dir) / p.sha256.substr(0, 2) / p.sha256;
        EXPECT_TRUE(std::filesystem::exists(file)) << file;
        EXPECT_EQ(app_.Photos().Load(p.sha256), p.sha256 == Sha256Hex(kPng) ? kPng : kJpeg);
    }
}

TEST_F(RequestServiceTest, PhotoThatIsNotAnImageIsUnsupportedAndNothingWritten) {
    CreateRequest c = BurstPipe();
    c.photos = {kPng, "this is plain text, not a photo"};
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMedia);
    EXPECT_EQ(RequestCount(), 0);
}

TEST_F(RequestServiceTest, PhotoOverTheLimitIsTooLarge) {
    CreateRequest c = BurstPipe();
    c.photos = {kPng + std::string(64 * 1024, 'x')};
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(RequestCount(), 0);
}

TEST_F(RequestServiceTest, AtMostFivePhotosWithARequest) {
    CreateRequest c = BurstPipe();
    c.photos = std::vector<std::string>(6, kPng);
    auto r = app_.Intake().Create(agent_, c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
}

TEST_F(RequestServiceTest, AddPhotoRecordsAnEvent) {
    auto r = MustCreate(BurstPipe());
    auto added = app_.Workflow().AddPhoto(saski_, r.id, kJpeg);
    ASSERT_TRUE(added.ok()) << added.error().detail;
    EXPECT_EQ(added->uploaded_by, saski_.id);
    auto history = app_.Queries().History(saski_, r.id);
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->back().kind, "photo_added");
    EXPECT_EQ(history->back().text, Sha256Hex(kJpeg));
    auto elsewhere = app_.Workflow().AddPhoto(fen_, r.id, kJpeg);
    ASSERT_FALSE(elsewhere.ok());
    EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
}

// ---- Access -------------------------------------------------------------------------------------------------

TEST_F(RequestServiceTest, StaffOfAnotherUnitCannotSeeTheRequest) {
    auto r = MustCreate(BurstPipe());  // SASKI's
    EXPECT_TRUE(app_.Queries().Get(saski_, r.id).ok());
    auto get = app_.Queries().Get(fen_, r.id);
    ASSERT_FALSE(get.ok());
    EXPECT_EQ(get.error().code, ErrorCode::kNotFound);
    auto history = app_.Queries().History(fen_, r.id);
    ASSERT_FALSE(history.ok());
    EXPECT_EQ(history.error().code, ErrorCode::kNotFound);
    auto act = app_.Workflow().Act(fen_, r.id, core::Action::kAccept, {});
    ASSERT_FALSE(act.ok());
    EXPECT_EQ(act.error().code, ErrorCode::kNotFound);
    auto by_number = app_.Queries().GetByNumber(fen_, r.tracking_number);
    ASSERT_FALSE(by_number.ok());
    EXPECT_EQ(by_number.error().code, ErrorCode::kNotFound);
    // The same answer as for a request that does not exist at all.
    EXPECT_EQ(app_.Queries().Get(fen_, 424242).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(app_.Queries().Get(saski_, r.id)->version, 1);  // and nothing changed
}

TEST_F(RequestServiceTest, UnitStaffListIsForcedToTheirUnit) {
    auto saski_request = MustCreate(BurstPipe());
    CreateRequest pothole = BurstPipe();
    pothole.category = "YOL.CUKUR";
    auto fen_request = MustCreate(pothole);

    storage::RequestFilter f;
    f.units = {"SASKI", "FEN"};
    auto page = app_.Queries().List(fen_, f, "", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, fen_request.id);

    f.units = {"SASKI"};  // asking for another unit's queue gives one's own
    page = app_.Queries().List(fen_, f, "", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, fen_request.id);

    page = app_.Queries().List(supervisor_, {}, "", "");
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[1].id, saski_request.id);
}

TEST_F(RequestServiceTest, AgentCannotResolve) {
    auto r = MustCreate(BurstPipe());
    auto resolved = app_.Workflow().Act(agent_, r.id, core::Action::kResolve, {.text = "Onarıldı."});
    ASSERT_FALSE(resolved.ok());
    EXPECT_EQ(resolved.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(app_.Queries().Get(agent_, r.id)->status, Status::kRouted);
}

// ---- Reads --------------------------------------------------------------------------------------------------

TEST_F(RequestServiceTest, GetByNumberFindsTheRequestAndCatchesAWrongCheckDigit) {
    MustCreate(BurstPipe());
    auto r = MustCreate(BurstPipe());
    auto found = app_.Queries().GetByNumber(agent_, r.tracking_number);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, r.id);

    std::string wrong = r.tracking_number;
    wrong.back() = static_cast<char>('0' + (wrong.back() - '0' + 1) % 10);
    auto bad = app_.Queries().GetByNumber(agent_, wrong);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kBadTrackingNumber);

    auto missing = app_.Queries().GetByNumber(agent_, core::FormatTrackingNumber({2026, 99}));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(RequestServiceTest, TextSearchIsTurkishFoldedAndCaseInsensitive) {
    CreateRequest garbage = BurstPipe();
    garbage.category = "ATIK.TOPLANMADI";
    garbage.description = "Çöp toplanmadı, üç gündür bekliyor.";
    auto cop = MustCreate(garbage);
    CreateRequest pier = BurstPipe();
    pier.description = "Balıkçı iskele önünde boru patladı.";
    auto iskele = MustCreate(pier);
    MustCreate(BurstPipe());

    auto page = app_.Queries().List(agent_, {}, "cop toplanmadi", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, cop.id);

    page = app_.Queries().List(agent_, {}, "ISKELE", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, iskele.id);

    page = app_.Queries().List(agent_, {}, "BALIKÇI", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);

    page = app_.Queries().List(agent_, {}, "toplan", "");  // words match as prefixes
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->items.size(), 1u);

    page = app_.Queries().List(agent_, {}, "\"OR NOT* (", "");  // FTS syntax in user input stays plain text
    ASSERT_TRUE(page.ok());
    EXPECT_TRUE(page->items.empty());
}

TEST_F(RequestServiceTest, InternalNotesAreSearchable) {
    auto r = MustCreate(BurstPipe());
    ASSERT_TRUE(app_.Workflow().AddNote(saski_, r.id, "Vana değiştirilecek", false).ok());
    auto page = app_.Queries().List(supervisor_, {}, "vana degistirilecek", "");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].id, r.id);
}

TEST_F(RequestServiceTest, ListPagesWithACursorUntilTheEnd) {
    std::vector<core::Id> ids;
    for (int i = 0; i < 5; ++i) {
        ids.insert(ids.begin(), MustCreate(BurstPipe()).id);
        clock_.Advance(1min);
    }
    storage::RequestFilter f;
    f.limit = 2;
    std::vector<core::Id> seen;
    std::string cursor;
    for (int page_no = 0; page_no < 5; ++page_no) {
        auto page = app_.Queries().List(agent_, f, "", cursor);
        ASSERT_TRUE(page.ok());
        for (const auto& r : page->items) {
            seen.push_back(r.id);
        }
        cursor = page->next_cursor;
        if (cursor.empty()) {
            break;
        }
    }
    EXPECT_EQ(seen, ids);

    f.order = storage::RequestFilter::Order::kDueFirst;
    seen.clear();
    cursor.clear();
    for (int page_no = 0; page_no < 5; ++page_no) {
        auto page = app_.Queries().List(agent_, f, "", cursor);
        ASSERT_TRUE(page.ok());
        for (const auto& r : page->items) {
            seen.push_back(r.id);
        }
        cursor = page->next_cursor;
        if (cursor.empty()) {
            break;
        }
    }
    EXPECT_EQ(seen, std::vector<core::Id>(ids.rbegin(), ids.rend()));  // due in creation order
}

TEST_F(RequestServiceTest, ListRejectsABadCursorOrPageSize) {
    auto bad_cursor = app_.Queries().List(agent_, {}, "", "abc");
    ASSERT_FALSE(bad_cursor.ok());
    EXPECT_EQ(bad_cursor.error().code, ErrorCode::kValidation);
    storage::RequestFilter f;
    f.limit = 0;
    auto bad_limit = app_.Queries().List(agent_, f, "", "");
    ASSERT_FALSE(bad_limit.ok());
    EXPECT_EQ(bad_limit.error().code, ErrorCode::kValidation);
}

// ---- The citizen's view -------------------------------------------------------------------------------------

TEST_F(RequestServiceTest, TrackNeedsTheLastFourDigitsOfThePhone) {
    CreateRequest c = BurstPipe();
    c.citizen = NewCitizen{.phone = "0532 123 45 67", .first_name = "Ayşe"};
    auto r = MustCreate(c);
    auto tracked = app_.Queries().Track(r.tracking_number, "4567");
    ASSERT_TRUE(tracked.ok());
    EXPECT_EQ(tracked->id, r.id);

    auto wrong = app_.Queries().Track(r.tracking_number, "4568");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);
    auto malformed = app_.Queries().Track(r.tracking_number, "45a7");
    ASSERT_FALSE(malformed.ok());
    EXPECT_EQ(malformed.error().code, ErrorCode::kValidation);

    auto anonymous = MustCreate(BurstPipe());
    auto no_phone = app_.Queries().Track(anonymous.tracking_number, "4567");
    ASSERT_FALSE(no_phone.ok());
    EXPECT_EQ(no_phone.error().code, ErrorCode::kNotFound);
}

TEST_F(RequestServiceTest, PublicHistoryHidesInternalNotesAndStaffNames) {
    auto r = MustCreate(BurstPipe());
    ASSERT_TRUE(app_.Workflow().Act(saski_, r.id, core::Action::kStart, {}).ok());
    ASSERT_TRUE(app_.Workflow().AddNote(saski_, r.id, "Ekip 3 gönderildi, vana arızalı", false).ok());
    ASSERT_TRUE(app_.Workflow().Act(saski_, r.id, core::Action::kResolve, {.text = "Boru onarıldı."}).ok());

    auto full = app_.Queries().History(supervisor_, r.id);
    ASSERT_TRUE(full.ok());
    auto public_history = app_.Queries().PublicHistory(r.id);
    EXPECT_LT(public_history.size(), full->size());
    bool saw_answer = false;
    for (const auto& e : public_history) {
        EXPECT_TRUE(e.is_public);
        EXPECT_NE(e.kind, "note");
        EXPECT_EQ(e.text.find("Ekip 3"), std::string::npos);
        EXPECT_FALSE(e.actor_id.has_value());
        EXPECT_EQ(e.actor_name, "");
        EXPECT_TRUE(e.changes.empty());
        saw_answer = saw_answer || (e.kind == "resolve" && e.text == "Boru onarıldı.");
    }
    EXPECT_TRUE(saw_answer);
}

}  // namespace
}  // namespace alo153::app
