// The Tx contract for everything beside requests, for every backend: the catalog, staff and API keys,
// citizens, the knowledge base, the tails the live-update feed reads, Open311's tables and the classifier's
// figures and training texts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "unit/storage/store_contract.hpp"

namespace alo153::storage {
namespace {

using namespace contract;  // NOLINT(google-build-using-namespace): the fixture of this suite
using core::Id;
using core::Status;
using core::Time;
using ::testing::ElementsAre;
using ::testing::Pair;
using namespace std::chrono_literals;

template <typename Backend>
class StoreRecordsContract : public StoreContract<Backend> {
  protected:
    template <typename F>
    auto Read(F&& work) {
        return this->store_->Read(std::forward<F>(work));
    }

    Id AddEvent(Id request_id, const std::string& kind, bool is_public, const std::string& text, Time at,
                std::optional<Status> to = std::nullopt) {
        core::Event e;
        e.request_id = request_id;
        e.at = at;
        e.kind = kind;
        e.is_public = is_public;
        e.text = text;
        e.to_status = to;
        return this->MustWrite([&](Tx& tx) { return tx.InsertEvent(e); });
    }
};
TYPED_TEST_SUITE(StoreRecordsContract, Backends, BackendNames);

TYPED_TEST(StoreRecordsContract, TheCatalogRoundTrips) {
    core::Unit unit{.code = "SASKI", .name = "SASKİ Genel Müdürlüğü", .kind = core::UnitKind::kCompany};
    unit.id = this->MustWrite([&](Tx& tx) { return tx.InsertUnit(unit); });
    unit.name = "SASKİ";
    unit.active = false;
    unit.work_start_minute = 480;
    unit.work_end_minute = 1020;
    unit.work_weekdays = 0b0111111;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateUnit(unit); });
    auto units = this->Read([](Tx& tx) { return tx.ListUnits(); });
    ASSERT_EQ(units.size(), 1U);
    EXPECT_EQ(units[0].id, unit.id);
    EXPECT_EQ(units[0].name, "SASKİ");
    EXPECT_EQ(units[0].kind, core::UnitKind::kCompany);
    EXPECT_FALSE(units[0].active);
    EXPECT_EQ(units[0].work_start_minute, 480);
    EXPECT_EQ(units[0].work_end_minute, 1020);
    EXPECT_EQ(units[0].work_weekdays, 0b0111111);

    core::Category top{.code = "SU", .name_tr = "Su ve Kanalizasyon", .unit = "SASKI"};
    core::Category sub{.code = "SU.ARIZA",
                       .parent = "SU",
                       .name_tr = "Su arızası",
                       .name_en = "Water fault",
                       .sla_minutes = 240,
                       .clock = core::SlaClock::kAroundTheClock,
                       .priority = core::Priority::kHigh,
                       .urgent = true,
                       .keywords = "boru|patlak"};
    this->MustWrite([&](Tx& tx) { return tx.InsertCategory(top); });
    sub.id = this->MustWrite([&](Tx& tx) { return tx.InsertCategory(sub); });
    sub.sla_minutes = 180;
    sub.active = false;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateCategory(sub); });
    auto categories = this->Read([](Tx& tx) { return tx.ListCategories(); });
    ASSERT_EQ(categories.size(), 2U);
    const auto& found = categories[0].code == "SU.ARIZA" ? categories[0] : categories[1];
    EXPECT_EQ(found.parent, "SU");
    EXPECT_EQ(found.name_en, "Water fault");
    EXPECT_EQ(found.sla_minutes, 180);
    EXPECT_EQ(found.clock, core::SlaClock::kAroundTheClock);
    EXPECT_EQ(found.priority, core::Priority::kHigh);
    EXPECT_TRUE(found.urgent);
    EXPECT_EQ(found.keywords, "boru|patlak");
    EXPECT_FALSE(found.active);

    this->MustWriteVoid([](Tx& tx) { tx.InsertDistrict({"ATAKUM", "Atakum", 41.33, 36.27}); });
    auto districts = this->Read([](Tx& tx) { return tx.ListDistricts(); });
    ASSERT_EQ(districts.size(), 1U);
    EXPECT_EQ(districts[0].name, "Atakum");
    EXPECT_DOUBLE_EQ(districts[0].lat, 41.33);
    core::Neighbourhood n{.district = "ATAKUM", .name = "Körfez"};
    n.id = this->MustWrite([&](Tx& tx) { return tx.InsertNeighbourhood(n); });
    n.name = "Körfez Mahallesi";
    n.active = false;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateNeighbourhood(n); });
    auto neighbourhoods = this->Read([](Tx& tx) { return tx.ListNeighbourhoods(); });
    ASSERT_EQ(neighbourhoods.size(), 1U);
    EXPECT_EQ(neighbourhoods[0].id, n.id);
    EXPECT_EQ(neighbourhoods[0].name, "Körfez Mahallesi");
    EXPECT_FALSE(neighbourhoods[0].active);
}

TYPED_TEST(StoreRecordsContract, UsersAndApiKeysRoundTrip) {
    const Id id = this->AddUser("saski.personel");
    auto user = this->Read([&](Tx& tx) { return tx.FindUser(id); });
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->username, "saski.personel");
    EXPECT_EQ(user->role, core::Role::kUnitStaff);
    EXPECT_EQ(user->unit, "SASKI");
    EXPECT_EQ(user->created_at, kT0);
    user->display_name = "Hasan Şahin";
    user->role = core::Role::kUnitManager;
    user->active = false;
    user->password_hash = "y";
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateUser(*user); });
    auto by_name = this->Read([](Tx& tx) { return tx.FindUserByName("saski.personel"); });
    ASSERT_TRUE(by_name.has_value());
    EXPECT_EQ(by_name->display_name, "Hasan Şahin");
    EXPECT_EQ(by_name->role, core::Role::kUnitManager);
    EXPECT_FALSE(by_name->active);
    EXPECT_EQ(by_name->password_hash, "y");
    EXPECT_FALSE(this->Read([](Tx& tx) { return tx.FindUserByName("nobody"); }).has_value());
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.ListUsers(); }).size(), 1U);

    core::ApiKey key{.name = "Mobil uygulama",
                     .prefix = "ab12cd34",
                     .key_hash = "hash",
                     .role = core::Role::kAgent,
                     .created_at = kT0};
    key.id = this->MustWrite([&](Tx& tx) { return tx.InsertApiKey(key); });
    auto found = this->Read([](Tx& tx) { return tx.FindApiKeyByPrefix("ab12cd34"); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, key.id);
    EXPECT_EQ(found->key_hash, "hash");
    EXPECT_TRUE(found->active);
    EXPECT_FALSE(found->revoked_at.has_value());
    this->MustWriteVoid([&](Tx& tx) { tx.RevokeApiKey(key.id, kT0 + 1h); });
    auto keys = this->Read([](Tx& tx) { return tx.ListApiKeys(); });
    ASSERT_EQ(keys.size(), 1U);
    EXPECT_FALSE(keys[0].active);
    EXPECT_EQ(keys[0].revoked_at, kT0 + 1h);
}

TYPED_TEST(StoreRecordsContract, CitizensAreFoundByPhoneAndUpdatedWhole) {
    const Id id = this->AddCitizen("+905321234567");
    this->AddCitizen("+905559998877");
    auto same_phone = this->AddCitizen("+905321234567");
    auto found = this->Read([](Tx& tx) { return tx.FindCitizensByPhone("+905321234567"); });
    ASSERT_EQ(found.size(), 2U);
    EXPECT_THAT((std::vector<Id>{found[0].id, found[1].id}), ::testing::UnorderedElementsAre(id, same_phone));

    core::Citizen c = *this->Read([&](Tx& tx) { return tx.FindCitizen(id); });
    c.first_name = "Ayşe Nur";
    c.tckn = "10000000146";
    c.email = "ayse@example.org";
    c.address = "Körfez Mah. 12";
    c.kvkk_consent = true;
    c.updated_at = kT0 + 1h;
    c.version = 2;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateCitizen(c); });
    const Id supervisor = this->AddUser("amir", "");
    this->MustWriteVoid([&](Tx& tx) { tx.LogPiiAccess(supervisor, id, kT0 + 2h, "görüşme"); });
    auto again = this->Read([&](Tx& tx) { return tx.FindCitizen(id); });
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->first_name, "Ayşe Nur");
    EXPECT_EQ(again->tckn, "10000000146");
    EXPECT_EQ(again->email, "ayse@example.org");
    EXPECT_EQ(again->address, "Körfez Mah. 12");
    EXPECT_TRUE(again->kvkk_consent);
    EXPECT_EQ(again->updated_at, kT0 + 1h);
    EXPECT_EQ(again->version, 2);
}

TYPED_TEST(StoreRecordsContract, ArticlesRoundTripAndAreSearchedByWords) {
    core::Article a{.title = "Çöp toplama saatleri", .body = "Her gün akşam.", .category = "ATIK", .tags = "cop"};
    a.updated_at = kT0;
    a.id = this->MustWrite([&](Tx& tx) { return tx.InsertArticle(a, "cop toplama saatleri", "her gun aksam", "cop"); });
    core::Article b{.title = "Nikah salonları", .body = "Randevu ile.", .active = false};
    b.updated_at = kT0;
    b.id = this->MustWrite([&](Tx& tx) { return tx.InsertArticle(b, "nikah salonlari", "randevu ile", ""); });

    EXPECT_EQ(this->Read([](Tx& tx) { return tx.SearchArticles({"cop"}, false, 10); }).size(), 1U);
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.SearchArticles({"aks"}, false, 10); }).size(), 1U);   // body
    EXPECT_TRUE(this->Read([](Tx& tx) { return tx.SearchArticles({"nikah"}, false, 10); }).empty());  // inactive
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.SearchArticles({"nikah"}, true, 10); }).size(), 1U);
    auto listed = this->Read([](Tx& tx) { return tx.SearchArticles({}, true, 10); });
    ASSERT_EQ(listed.size(), 2U);
    EXPECT_EQ(listed[0].title, "Nikah salonları");  // by title
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.SearchArticles({}, true, 1); }).size(), 1U);

    a.title = "Çöp konteynerleri";
    a.version = 2;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateArticle(a, "cop konteynerleri", "her gun aksam", "cop"); });
    auto found = this->Read([&](Tx& tx) { return tx.FindArticle(a.id); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->title, "Çöp konteynerleri");
    EXPECT_EQ(found->category, "ATIK");
    EXPECT_EQ(found->version, 2);
    EXPECT_TRUE(this->Read([](Tx& tx) { return tx.SearchArticles({"saatleri"}, false, 10); }).empty());
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.SearchArticles({"konteyner"}, false, 10); }).size(), 1U);
}

TYPED_TEST(StoreRecordsContract, TheLiveFeedTailsListInIdOrderAfterAnId) {
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.MaxEventId(); }), 0);
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.MaxContactId(); }), 0);
    core::Request r = this->NewRequest();
    r.unit = "FEN";
    r.category = "YOL.CUKUR";
    const Id request = this->Insert(r);
    const Id e1 = this->AddEvent(request, "created", true, "", kT0, Status::kNew);
    core::Event reroute;
    reroute.request_id = request;
    reroute.at = kT0 + 1min;
    reroute.kind = "reroute";
    reroute.changes = {{"unit", "SASKI", "FEN"}};
    const Id e2 = this->MustWrite([&](Tx& tx) { return tx.InsertEvent(reroute); });
    const Id e3 = this->AddEvent(request, "note", false, "ekip yolda", kT0 + 2min);

    auto all = this->Read([](Tx& tx) { return tx.ListEventsAfter(0, 10); });
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[0].event_id, e1);
    EXPECT_EQ(all[1].event_id, e2);
    EXPECT_EQ(all[2].event_id, e3);
    EXPECT_EQ(all[0].to_status, Status::kNew);
    EXPECT_EQ(all[0].tracking_number, r.tracking_number);
    EXPECT_EQ(all[0].unit, "FEN");
    EXPECT_EQ(all[0].category, "YOL.CUKUR");
    EXPECT_EQ(all[1].previous_unit, "SASKI");
    EXPECT_EQ(all[2].previous_unit, "");
    auto after = this->Read([&](Tx& tx) { return tx.ListEventsAfter(e1, 1); });
    ASSERT_EQ(after.size(), 1U);
    EXPECT_EQ(after[0].event_id, e2);
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.MaxEventId(); }), e3);

    std::vector<Id> contacts;
    for (int i = 0; i < 3; ++i) {
        core::Contact c;
        c.caller_phone = "+90532000000" + std::to_string(i);
        c.started_at = kT0 + std::chrono::minutes(i);
        contacts.push_back(this->MustWrite([&](Tx& tx) { return tx.InsertContact(c); }));
    }
    auto tail = this->Read([&](Tx& tx) { return tx.ListContactsAfter(contacts[0], 10); });
    ASSERT_EQ(tail.size(), 2U);
    EXPECT_EQ(tail[0].id, contacts[1]);
    EXPECT_EQ(tail[1].id, contacts[2]);
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.MaxContactId(); }), contacts[2]);
}

TYPED_TEST(StoreRecordsContract, Open311TablesRoundTrip) {
    this->MustWriteVoid([](Tx& tx) {
        tx.InsertServiceType("SU.ARIZA", "realtime");
        tx.InsertServiceType("YOL.CUKUR", "batch");
        ServiceAttribute a;
        a.category = "SU.ARIZA";
        a.code = "sayac";
        a.datatype = "singlevaluelist";
        a.required = true;
        a.order = 2;
        a.description = "Sayaç nerede?";
        a.values = {{"ic", "İçeride"}, {"dis", "Dışarıda"}};
        tx.InsertServiceAttribute(a);
        ServiceAttribute b;
        b.category = "SU.ARIZA";
        b.code = "not";
        b.datatype = "text";
        b.order = 1;
        b.variable = false;
        tx.InsertServiceAttribute(b);
    });
    auto types = this->Read([](Tx& tx) { return tx.ListServiceTypes(); });
    EXPECT_THAT(types, ::testing::Contains(Pair("YOL.CUKUR", "batch")));
    auto attributes = this->Read([](Tx& tx) { return tx.ListServiceAttributes("SU.ARIZA"); });
    ASSERT_EQ(attributes.size(), 2U);
    EXPECT_EQ(attributes[0].code, "not");  // in order
    EXPECT_FALSE(attributes[0].variable);
    EXPECT_EQ(attributes[1].code, "sayac");
    EXPECT_TRUE(attributes[1].required);
    EXPECT_EQ(attributes[1].description, "Sayaç nerede?");
    EXPECT_THAT(attributes[1].values, ElementsAre(Pair("ic", "İçeride"), Pair("dis", "Dışarıda")));
    EXPECT_EQ(this->Read([](Tx& tx) { return tx.ListServiceAttributes(""); }).size(), 2U);
    EXPECT_TRUE(this->Read([](Tx& tx) { return tx.ListServiceAttributes("YOL.CUKUR"); }).empty());

    const Id first = this->Insert(this->NewRequest());
    const Id second = this->Insert(this->NewRequest());
    this->MustWriteVoid([&](Tx& tx) {
        tx.InsertRequestAttribute(first, "sayac", "dis");
        tx.InsertRequestAttribute(first, "not", "arka bahçe");
        tx.InsertOpen311Submission({first, "", "https://example.org/p.jpg", "cihaz-1", "hesap-1"});
        tx.InsertOpen311Submission({second, "tok-123", "", "", ""});
    });
    EXPECT_THAT(this->Read([&](Tx& tx) { return tx.ListRequestAttributes(first); }),
                ElementsAre(Pair("not", "arka bahçe"), Pair("sayac", "dis")));
    auto token = this->Read([](Tx& tx) { return tx.FindOpen311Token("tok-123"); });
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(token->request_id, second);
    EXPECT_FALSE(this->Read([](Tx& tx) { return tx.FindOpen311Token("nope"); }).has_value());
    auto submissions = this->Read([&](Tx& tx) { return tx.ListOpen311Submissions({first, second}); });
    ASSERT_EQ(submissions.size(), 2U);
    for (const auto& s : submissions) {
        if (s.request_id == first) {
            EXPECT_EQ(s.media_url, "https://example.org/p.jpg");
            EXPECT_EQ(s.device_id, "cihaz-1");
            EXPECT_EQ(s.account_id, "hesap-1");
        }
    }

    this->AddEvent(first, "resolve", true, "Onarıldı.", kT0 + 1h, Status::kResolved);
    this->AddEvent(first, "note", false, "iç not", kT0 + 2h);
    this->AddEvent(second, "created", true, "", kT0 + 3h, Status::kNew);
    EXPECT_THAT(this->Read([&](Tx& tx) {
        return tx.LatestPublicAnswers({first, second});
    }),
                ElementsAre(Pair(first, "Onarıldı.")));
    this->MustWriteVoid([&](Tx& tx) {
        tx.InsertPhoto({.request_id = second,
                        .sha256 = std::string(64, 'b'),
                        .content_type = "image/png",
                        .size = 10,
                        .created_at = kT0});
        tx.InsertPhoto({.request_id = first,
                        .sha256 = std::string(64, 'a'),
                        .content_type = "image/jpeg",
                        .size = 20,
                        .created_at = kT0});
    });
    auto photos = this->Read([&](Tx& tx) { return tx.ListPhotosOf({first, second}); });
    ASSERT_EQ(photos.size(), 2U);
    EXPECT_EQ(photos[0].request_id, first);  // by request
    EXPECT_TRUE(this->Read([](Tx& tx) { return tx.ListPhotosOf({}); }).empty());

    UpdateFilter f;
    auto updates = this->Read([&](Tx& tx) { return tx.ListPublicEvents(f); });
    ASSERT_EQ(updates.size(), 2U);  // public only, oldest first
    EXPECT_EQ(updates[0].event.kind, "resolve");
    EXPECT_EQ(updates[0].event.text, "Onarıldı.");
    EXPECT_EQ(updates[1].event.request_id, second);
    f.from = kT0 + 2h;
    EXPECT_EQ(this->Read([&](Tx& tx) { return tx.ListPublicEvents(f); }).size(), 1U);
    f = {};
    f.request_id = first;
    EXPECT_EQ(this->Read([&](Tx& tx) { return tx.ListPublicEvents(f); }).size(), 1U);
    f = {};
    f.limit = 1;
    f.offset = 1;
    auto page = this->Read([&](Tx& tx) { return tx.ListPublicEvents(f); });
    ASSERT_EQ(page.size(), 1U);
    EXPECT_EQ(page[0].event.request_id, second);
}

TYPED_TEST(StoreRecordsContract, RateEventsAreCountedPerKeySinceAnInstantAndSweptByAge) {
    this->MustWriteVoid([](Tx& tx) {
        for (int i = 0; i < 3; ++i) {
            tx.InsertRateEvent("10.0.0.1", kT0 + std::chrono::seconds(10 * i));
        }
        tx.InsertRateEvent("10.0.0.1", kT0 + 20s);  // two at the same second both count
        tx.InsertRateEvent("10.0.0.2", kT0);
    });
    auto since = [&](const std::string& key, Time from, int limit = 100) {
        return this->Read([&](Tx& tx) { return tx.RateEventsSince(key, from, limit); });
    };
    EXPECT_EQ(since("10.0.0.1", kT0), (std::vector<Time>{kT0, kT0 + 10s, kT0 + 20s, kT0 + 20s}));
    EXPECT_EQ(since("10.0.0.1", kT0 + 10s), (std::vector<Time>{kT0 + 10s, kT0 + 20s, kT0 + 20s}));
    EXPECT_EQ(since("10.0.0.1", kT0, 2), (std::vector<Time>{kT0, kT0 + 10s}));
    EXPECT_TRUE(since("10.0.0.9", kT0).empty());

    // One key's old events, then every key's.
    EXPECT_EQ(this->MustWrite([](Tx& tx) { return tx.DeleteRateEventsBefore("10.0.0.1", kT0 + 15s); }), 2);
    EXPECT_EQ(since("10.0.0.1", kT0).size(), 2U);
    EXPECT_EQ(since("10.0.0.2", kT0).size(), 1U);
    EXPECT_EQ(this->MustWrite([](Tx& tx) { return tx.DeleteRateEventsBefore("", kT0 + 1h); }), 3);
    EXPECT_TRUE(since("10.0.0.1", kT0).empty());
    EXPECT_TRUE(since("10.0.0.2", kT0).empty());
}

TYPED_TEST(StoreRecordsContract, SuggestionFiguresAndTrainingTexts) {
    this->MustWriteVoid([](Tx& tx) {
        tx.BumpSuggestionRollup(20'000, "SU.ARIZA", true);
        tx.BumpSuggestionRollup(20'000, "SU.ARIZA", false);
        tx.BumpSuggestionRollup(20'001, "YOL.CUKUR", true);
    });
    auto counts = this->Read([](Tx& tx) { return tx.SuggestionCounts(20'000, 20'001); });
    ASSERT_EQ(counts.size(), 1U);
    EXPECT_EQ(counts[0].category, "SU.ARIZA");
    EXPECT_EQ(counts[0].shown, 2);
    EXPECT_EQ(counts[0].accepted, 1);

    core::Request open = this->NewRequest();
    core::Request resolved = this->NewRequest();
    resolved.status = Status::kResolved;
    resolved.category = "YOL.CUKUR";
    resolved.description = "Yolda çukur var";
    core::Request closed = this->NewRequest();
    closed.status = Status::kClosed;
    this->Insert(open);
    this->Insert(resolved);
    this->Insert(closed);
    std::vector<std::pair<std::string, std::string>> seen;
    this->Read([&](Tx& tx) {
        tx.ForEachResolvedText([&](const std::string& c, const std::string& d) { seen.emplace_back(c, d); });
    });
    EXPECT_THAT(seen, ElementsAre(Pair("YOL.CUKUR", "Yolda çukur var"), Pair("SU.ARIZA", "Boru patladı")));
}

}  // namespace
}  // namespace alo153::storage
