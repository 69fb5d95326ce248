// The Tx contract for requests, their search and history, contacts and rollups (the fixture and the backends:
// store_contract.hpp; the rest of the contract: store_*_contract_test.cpp).
// Longer than 600 lines on purpose: the request aggregate's contract read as one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "unit/storage/store_contract.hpp"

namespace alo153::storage {
namespace {

using namespace contract;  // NOLINT(google-build-using-namespace): the fixture of this suite
using core::Channel;
using core::FromUnix;
using core::Id;
using core::RequestType;
using core::Status;
using core::Time;
using core::ToUnix;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;

TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

void ExpectSameRequest(const core::Request& a, const core::Request& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.year, b.year);
    EXPECT_EQ(a.sequence, b.sequence);
    EXPECT_EQ(a.tracking_number, b.tracking_number);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.channel, b.channel);
    EXPECT_EQ(a.category, b.category);
    EXPECT_EQ(a.unit, b.unit);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.priority, b.priority);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.location.district, b.location.district);
    EXPECT_EQ(a.location.neighbourhood_id, b.location.neighbourhood_id);
    EXPECT_EQ(a.location.street, b.location.street);
    EXPECT_EQ(a.location.address_text, b.location.address_text);
    EXPECT_EQ(a.location.lat, b.location.lat);
    EXPECT_EQ(a.location.lon, b.location.lon);
    EXPECT_EQ(a.citizen_id, b.citizen_id);
    EXPECT_EQ(a.contact_id, b.contact_id);
    EXPECT_EQ(a.assignee_id, b.assignee_id);
    EXPECT_EQ(a.created_by, b.created_by);
    EXPECT_EQ(a.api_key_id, b.api_key_id);
    EXPECT_EQ(a.routing_rule_id, b.routing_rule_id);
    EXPECT_EQ(ToUnix(a.created_at), ToUnix(b.created_at));
    EXPECT_EQ(ToUnix(a.updated_at), ToUnix(b.updated_at));
    EXPECT_EQ(ToUnix(a.due_at), ToUnix(b.due_at));
    EXPECT_EQ(a.accepted_at, b.accepted_at);
    EXPECT_EQ(a.hold_started_at, b.hold_started_at);
    EXPECT_EQ(a.resolved_at, b.resolved_at);
    EXPECT_EQ(a.closed_at, b.closed_at);
    EXPECT_EQ(a.public_answer, b.public_answer);
    EXPECT_EQ(a.reject_reason, b.reject_reason);
    EXPECT_EQ(a.version, b.version);
    EXPECT_EQ(a.suggested_category, b.suggested_category);
    EXPECT_EQ(a.suggestion_accepted, b.suggestion_accepted);
    // The field-by-field checks above say which field differs; this one also covers fields added later.
    EXPECT_TRUE(a == b) << "a field of the request did not survive the round trip";
}

// ---- Sequences ----------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, NextSequenceCountsFromOnePerName) {
    auto next = [&](const std::string& name) { return this->MustWrite([&](Tx& tx) { return tx.NextSequence(name); }); };
    EXPECT_EQ(next("tracking-2026"), 1);
    EXPECT_EQ(next("tracking-2026"), 2);
    EXPECT_EQ(next("tracking-2027"), 1);
    EXPECT_EQ(next("tracking-2026"), 3);
    this->Reopen();
    EXPECT_EQ(next("tracking-2026"), 4);
    EXPECT_EQ(next("tracking-2027"), 2);
}

// ---- Requests -----------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, RequestRoundTripsEveryField) {
    Id citizen = this->AddCitizen();
    Id staff = this->AddUser("saski.personel");
    Id agent = this->AddUser("cagri1", "");
    core::Request r = this->NewRequest();
    r.type = RequestType::kComplaint;
    r.channel = Channel::kWhatsapp;
    r.category = "SU.KANAL";
    r.unit = "SASKI";
    r.status = Status::kOnHold;
    r.priority = core::Priority::kUrgent;
    r.description = "Lağım taştı; İstiklal Caddesi'nde koku var.\nİkinci satır.";
    r.location = {"ATAKUM", 812, "Atatürk Bulvarı", "No: 12/3, Körfez Mah.", 41.3312345, 36.2712345};
    r.citizen_id = citizen;
    r.contact_id = 77;
    r.assignee_id = staff;
    r.created_by = agent;
    r.api_key_id = 5;
    r.routing_rule_id = 9;
    r.created_at = kT0;
    r.updated_at = kT0 + 10min;
    r.due_at = kT0 + 6h;
    r.accepted_at = kT0 + 1min;
    r.hold_started_at = kT0 + 2min;
    r.resolved_at = kT0 + 3min;
    r.closed_at = kT0 + 4min;
    r.public_answer = "Ekip yönlendirildi.";
    r.reject_reason = "Mükerrer";
    r.version = 7;
    r.suggested_category = "SU.ARIZA";
    r.suggestion_accepted = false;
    r.id = this->Insert(r);
    ASSERT_GT(r.id, 0);

    auto found = this->store_->Read([&](Tx& tx) { return tx.FindRequest(r.id); });
    ASSERT_TRUE(found.has_value());
    ExpectSameRequest(*found, r);
    auto by_number = this->store_->Read([&](Tx& tx) { return tx.FindRequestByNumber(r.year, r.sequence); });
    ASSERT_TRUE(by_number.has_value());
    EXPECT_EQ(by_number->id, r.id);

    // Every field changes; optional ones are cleared.
    core::Request u = *found;
    u.type = RequestType::kReport;
    u.channel = Channel::kOpen311;
    u.category = "YOL.CUKUR";
    u.unit = "FEN";
    u.status = Status::kReopened;
    u.priority = core::Priority::kLow;
    u.description = "Yolda çukur";
    u.location = {"ILKADIM", std::nullopt, "", "", std::nullopt, std::nullopt};
    u.citizen_id.reset();
    u.contact_id.reset();
    u.assignee_id.reset();
    u.created_by.reset();
    u.api_key_id.reset();
    u.routing_rule_id.reset();
    u.created_at = kT0 + 1h;
    u.updated_at = kT0 + 2h;
    u.due_at = kT0 + 3h;
    u.accepted_at.reset();
    u.hold_started_at.reset();
    u.resolved_at.reset();
    u.closed_at.reset();
    u.public_answer = "";
    u.reject_reason = "";
    u.version = 8;
    // The classifier's suggestion is set once, at intake: an update keeps what intake stored.
    u.suggested_category = "";
    u.suggestion_accepted.reset();
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateRequest(u); });
    auto updated = this->store_->Read([&](Tx& tx) { return tx.FindRequest(r.id); });
    ASSERT_TRUE(updated.has_value());
    core::Request expected = u;
    expected.suggested_category = r.suggested_category;
    expected.suggestion_accepted = r.suggestion_accepted;
    ExpectSameRequest(*updated, expected);
}

TYPED_TEST(StoreContract, FindRequestOfUnknownIdOrNumberIsEmpty) {
    this->Insert(this->NewRequest());
    EXPECT_FALSE(this->store_->Read([](Tx& tx) { return tx.FindRequest(999); }).has_value());
    EXPECT_FALSE(this->store_->Read([](Tx& tx) { return tx.FindRequestByNumber(2026, 999); }).has_value());
    EXPECT_FALSE(this->store_->Read([](Tx& tx) { return tx.FindRequestByNumber(2025, 1); }).has_value());
}

TYPED_TEST(StoreContract, ListRequestsFiltersByEveryCondition) {
    Id citizen = this->AddCitizen();
    Id staff = this->AddUser("fen.personel", "FEN");
    auto add = [&](auto&& edit) {
        core::Request r = this->NewRequest();
        edit(r);
        return this->Insert(r);
    };
    Id su_ariza = add([](core::Request&) {});
    Id su_top = add([](core::Request& r) { r.category = "SU"; });
    Id sux = add([](core::Request& r) { r.category = "SUX.ARIZA"; });
    Id su_dash = add([](core::Request& r) { r.category = "SU-2"; });
    Id yol = add([&](core::Request& r) {
        r.category = "YOL.CUKUR";
        r.unit = "FEN";
        r.status = Status::kInProgress;
        r.location.district = "ATAKUM";
        r.channel = Channel::kWeb;
        r.type = RequestType::kComplaint;
        r.assignee_id = staff;
    });
    Id atik = add([&](core::Request& r) {
        r.category = "ATIK.TOPLANMADI";
        r.unit = "ILCE_ILKADIM";
        r.status = Status::kResolved;
        r.location.district = "ILKADIM";
        r.channel = Channel::kMobile;
        r.type = RequestType::kRequest;
        r.citizen_id = citizen;
    });

    RequestFilter f;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik, yol, su_dash, sux, su_top, su_ariza}));

    f = {};
    f.units = {"FEN", "ILCE_ILKADIM"};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik, yol}));

    f = {};
    f.statuses = {Status::kInProgress, Status::kResolved};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik, yol}));

    f = {};
    f.categories = {"SU"};  // the top-level code and its subs; not "SUX.…" nor "SU-2"
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{su_top, su_ariza}));

    f = {};
    f.categories = {"SU.ARIZA", "ATIK"};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik, su_ariza}));

    f = {};
    f.categories = {"SU.ARIZ"};  // a prefix of a sub-category code is not that sub-category
    EXPECT_TRUE(this->ListIds(f).empty());

    f = {};
    f.districts = {"ATAKUM"};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{yol}));

    f = {};
    f.channels = {Channel::kMobile, Channel::kWeb};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik, yol}));

    f = {};
    f.types = {RequestType::kComplaint};
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{yol}));

    f = {};
    f.assignee_id = staff;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{yol}));

    f = {};
    f.citizen_id = citizen;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{atik}));

    // Created at kT0 + 1..6 min: [from, to) takes the 2nd, 3rd and 4th.
    f = {};
    f.created_from = kT0 + 2min;
    f.created_to = kT0 + 5min;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{su_dash, sux, su_top}));

    f = {};
    f.units = {"SASKI"};
    f.categories = {"SU"};
    f.limit = 1;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{su_top}));
    f.limit = 50;
    EXPECT_EQ(this->Count(f), 2);
}

TYPED_TEST(StoreContract, DueBeforeListsOnlyOpenCountingRequestsDueEarlier) {
    auto add = [&](Status status, std::chrono::minutes due_in) {
        core::Request r = this->NewRequest();
        r.status = status;
        r.due_at = kT0 + due_in;
        return this->Insert(r);
    };
    Id routed_late = add(Status::kRouted, 30min);
    Id in_progress_late = add(Status::kInProgress, 40min);
    Id reopened_late = add(Status::kReopened, 50min);
    add(Status::kOnHold, 10min);    // the clock is stopped
    add(Status::kResolved, 10min);  // done
    add(Status::kClosed, 10min);
    add(Status::kRejected, 10min);
    add(Status::kRouted, 2h);  // not yet due

    RequestFilter f;
    f.due_before = kT0 + 1h;
    f.order = RequestFilter::Order::kDueFirst;
    EXPECT_EQ(this->ListIds(f), (std::vector<Id>{routed_late, in_progress_late, reopened_late}));
    EXPECT_EQ(this->Count(f), 3);
}

TYPED_TEST(StoreContract, KeysetPagesNewestFirstHaveNoDuplicatesOrOmissions) {
    std::vector<Id> all;
    for (int i = 0; i < 23; ++i) {
        all.push_back(this->Insert(this->NewRequest()));
    }
    std::reverse(all.begin(), all.end());
    RequestFilter f;
    f.limit = 5;
    std::vector<Id> seen;
    for (int page = 0; page < 10; ++page) {
        auto items = this->List(f);
        for (const auto& r : items) {
            seen.push_back(r.id);
        }
        if (static_cast<int>(items.size()) < f.limit) {
            break;
        }
        f.after = std::make_pair(std::int64_t{0}, items.back().id);
    }
    EXPECT_EQ(seen, all);
}

TYPED_TEST(StoreContract, KeysetPagesDueFirstHaveNoDuplicatesOrOmissions) {
    // Many requests share a due time: the id breaks the tie, and no page boundary may lose or repeat one.
    std::vector<std::pair<std::int64_t, Id>> all;
    for (int i = 0; i < 23; ++i) {
        core::Request r = this->NewRequest();
        r.due_at = kT0 + std::chrono::hours((i * 7) % 4);
        Id id = this->Insert(r);
        all.emplace_back(ToUnix(r.due_at), id);
    }
    std::sort(all.begin(), all.end());
    RequestFilter f;
    f.order = RequestFilter::Order::kDueFirst;
    f.limit = 4;
    std::vector<std::pair<std::int64_t, Id>> seen;
    for (int page = 0; page < 10; ++page) {
        auto items = this->List(f);
        for (const auto& r : items) {
            seen.emplace_back(ToUnix(r.due_at), r.id);
        }
        if (static_cast<int>(items.size()) < f.limit) {
            break;
        }
        f.after = std::make_pair(ToUnix(items.back().due_at), items.back().id);
    }
    EXPECT_EQ(seen, all);
}

TYPED_TEST(StoreContract, SearchWordsMatchIndexedFoldedTextAsPrefixes) {
    Id cop = this->Insert(this->NewRequest());
    Id iskele = this->Insert(this->NewRequest());
    this->MustWriteVoid([&](Tx& tx) {
        tx.IndexRequestText(cop, "cop toplanmadi", "ataturk bulvari", "");
        tx.IndexRequestText(iskele, "iskele lambasi yanmiyor", "", "ekip gonderildi");
    });
    RequestFilter f;
    f.words = {"cop", "toplan"};
    EXPECT_EQ(this->ListIds(f), std::vector<Id>{cop});
    f.words = {"ataturk"};  // the address column counts
    EXPECT_EQ(this->ListIds(f), std::vector<Id>{cop});
    f.words = {"ekip"};  // and the notes
    EXPECT_EQ(this->ListIds(f), std::vector<Id>{iskele});
    EXPECT_EQ(this->Count(f), 1);
    f.words = {"cop", "iskele"};  // all terms required
    EXPECT_TRUE(this->ListIds(f).empty());

    // Re-indexing replaces the text.
    this->MustWriteVoid([&](Tx& tx) { tx.IndexRequestText(cop, "su kacagi", "", "not bir"); });
    f.words = {"cop"};
    EXPECT_TRUE(this->ListIds(f).empty());
    f.words = {"kaca"};  // a prefix of a word
    EXPECT_EQ(this->ListIds(f), std::vector<Id>{cop});
    f.words = {"NOT", "su\"", "AND", "(", "*"};  // query syntax of a backend is plain words
    EXPECT_TRUE(this->ListIds(f).empty());
    EXPECT_EQ(this->Count(f), 0);
    EXPECT_EQ(this->store_->Read([&](Tx& tx) { return tx.IndexedNotes(cop); }), "not bir");
    EXPECT_EQ(this->store_->Read([&](Tx& tx) { return tx.IndexedNotes(12345); }), "");
}

// ---- Events, photos, idempotency ----------------------------------------------------------------------------

TYPED_TEST(StoreContract, EventsWithChangesRoundTripInOrder) {
    Id staff = this->AddUser("saski.personel");
    Id req = this->Insert(this->NewRequest());
    Id other = this->Insert(this->NewRequest());
    core::Event created{.request_id = req,
                        .at = kT0,
                        .kind = "created",
                        .to_status = Status::kNew,
                        .is_public = true,
                        .text = "Başvuru alındı."};
    core::Event routed{.request_id = req,
                       .at = kT0,
                       .kind = "routed",
                       .from_status = Status::kNew,
                       .to_status = Status::kRouted,
                       .is_public = true,
                       .text = "Konunun varsayılan birimi",
                       .changes = {{"unit", "", "SASKI"}, {"routing_rule_id", "", "3"}}};
    core::Event elsewhere{.request_id = other, .at = kT0, .kind = "note", .changes = {{"x", "1", "2"}}};
    core::Event note{.request_id = req, .at = kT0 + 5min, .actor_id = staff, .kind = "note", .text = "iç not"};
    core::Event accepted{.request_id = req,
                         .at = kT0 + 6min,
                         .actor_id = staff,
                         .kind = "accept",
                         .from_status = Status::kRouted,
                         .to_status = Status::kRouted,
                         .changes = {{"accepted_at", "", "1770000360"}}};
    this->MustWriteVoid([&](Tx& tx) {
        tx.InsertEvent(created);
        tx.InsertEvent(routed);
        tx.InsertEvent(elsewhere);
        tx.InsertEvent(note);
        tx.InsertEvent(accepted);
    });
    auto events = this->store_->Read([&](Tx& tx) { return tx.ListEvents(req); });
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].kind, "created");
    EXPECT_FALSE(events[0].from_status.has_value());
    EXPECT_EQ(events[0].to_status, Status::kNew);
    EXPECT_TRUE(events[0].is_public);
    EXPECT_FALSE(events[0].actor_id.has_value());
    EXPECT_EQ(events[0].actor_name, "");
    EXPECT_TRUE(events[0].changes.empty());

    EXPECT_EQ(events[1].kind, "routed");
    EXPECT_EQ(events[1].from_status, Status::kNew);
    EXPECT_EQ(events[1].to_status, Status::kRouted);
    ASSERT_EQ(events[1].changes.size(), 2u);
    EXPECT_EQ(events[1].changes[0].field, "unit");
    EXPECT_EQ(events[1].changes[0].before, "");
    EXPECT_EQ(events[1].changes[0].after, "SASKI");
    EXPECT_EQ(events[1].changes[1].field, "routing_rule_id");
    EXPECT_EQ(events[1].changes[1].after, "3");

    EXPECT_EQ(events[2].kind, "note");
    EXPECT_EQ(events[2].actor_id, staff);
    EXPECT_EQ(events[2].actor_name, "Personel saski.personel");
    EXPECT_FALSE(events[2].is_public);
    EXPECT_EQ(events[2].text, "iç not");
    EXPECT_EQ(ToUnix(events[2].at), ToUnix(kT0 + 5min));
    EXPECT_TRUE(events[2].changes.empty());

    EXPECT_EQ(events[3].kind, "accept");
    ASSERT_EQ(events[3].changes.size(), 1u);
    EXPECT_EQ(events[3].changes[0].field, "accepted_at");
    EXPECT_LT(events[0].id, events[1].id);
    EXPECT_LT(events[2].id, events[3].id);

    auto theirs = this->store_->Read([&](Tx& tx) { return tx.ListEvents(other); });
    ASSERT_EQ(theirs.size(), 1u);
    ASSERT_EQ(theirs[0].changes.size(), 1u);
    EXPECT_EQ(theirs[0].changes[0].after, "2");
}

TYPED_TEST(StoreContract, PhotosAndIdempotencyKeysRoundTrip) {
    Id req = this->Insert(this->NewRequest());
    std::string sha(64, 'a');
    this->MustWriteVoid([&](Tx& tx) {
        tx.InsertPhoto({.request_id = req, .sha256 = sha, .content_type = "image/png", .size = 123, .created_at = kT0});
        tx.InsertIdempotency("user:1", "key-1", {"hash-1", req}, kT0);
    });
    auto photos = this->store_->Read([&](Tx& tx) { return tx.ListPhotos(req); });
    ASSERT_EQ(photos.size(), 1u);
    EXPECT_EQ(photos[0].sha256, sha);
    EXPECT_EQ(photos[0].content_type, "image/png");
    EXPECT_EQ(photos[0].size, 123);
    EXPECT_FALSE(photos[0].uploaded_by.has_value());

    auto seen = this->store_->Read([&](Tx& tx) { return tx.FindIdempotency("user:1", "key-1"); });
    ASSERT_TRUE(seen.has_value());
    EXPECT_EQ(seen->body_hash, "hash-1");
    EXPECT_EQ(seen->request_id, req);
    // Keys are per principal.
    EXPECT_FALSE(this->store_->Read([&](Tx& tx) { return tx.FindIdempotency("user:2", "key-1"); }).has_value());
}

// ---- Staff --------------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, SessionsExpireAndEndPerUser) {
    Id a = this->AddUser("a.user");
    Id b = this->AddUser("b.user");
    this->MustWriteVoid([&](Tx& tx) {
        tx.InsertSession({"t1", a, "c1", kT0, kT0 + 1h});
        tx.InsertSession({"t2", a, "c2", kT0, kT0 + 3h});
        tx.InsertSession({"t3", b, "c3", kT0, kT0 + 3h});
    });
    auto s = this->store_->Read([](Tx& tx) { return tx.FindSession("t1"); });
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->user_id, a);
    EXPECT_EQ(s->csrf_token, "c1");
    EXPECT_EQ(ToUnix(s->expires_at), ToUnix(kT0 + 1h));

    int removed = this->MustWrite([&](Tx& tx) { return tx.DeleteExpiredSessions(kT0 + 1h); });
    EXPECT_EQ(removed, 1);
    EXPECT_FALSE(this->store_->Read([](Tx& tx) { return tx.FindSession("t1"); }).has_value());
    this->MustWriteVoid([&](Tx& tx) { tx.DeleteSessionsOf(a); });
    EXPECT_FALSE(this->store_->Read([](Tx& tx) { return tx.FindSession("t2"); }).has_value());
    EXPECT_TRUE(this->store_->Read([](Tx& tx) { return tx.FindSession("t3"); }).has_value());
}

// ---- Contacts -----------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, ContactsRoundTripAndListNewestFirstByPhone) {
    auto add = [&](const std::string& phone, Time at) {
        core::Contact c;
        c.channel = Channel::kPhone;
        c.caller_phone = phone;
        c.started_at = at;
        return this->MustWrite([&](Tx& tx) { return tx.InsertContact(c); });
    };
    Id first = add("+905321234567", kT0);
    add("+905559998877", kT0 + 1min);
    Id third = add("+905321234567", kT0 + 2min);

    core::Contact c = *this->store_->Read([&](Tx& tx) { return tx.FindContact(first); });
    c.ended_at = kT0 + 3min;
    c.outcome = core::ContactOutcome::kInformed;
    c.article_id = 4;
    c.note = "bilgi verildi";
    c.version = 2;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateContact(c); });
    auto found = this->store_->Read([&](Tx& tx) { return tx.FindContact(first); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->outcome, core::ContactOutcome::kInformed);
    EXPECT_EQ(found->ended_at, kT0 + 3min);
    EXPECT_EQ(found->article_id, 4);
    EXPECT_EQ(found->note, "bilgi verildi");
    EXPECT_EQ(found->version, 2);

    ContactFilter f;
    f.caller_phone = "+905321234567";
    auto list = this->store_->Read([&](Tx& tx) { return tx.ListContacts(f); });
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].id, third);
    EXPECT_EQ(list[1].id, first);
    f.before_id = third;
    list = this->store_->Read([&](Tx& tx) { return tx.ListContacts(f); });
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].id, first);
}

// ---- Rollups ------------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, RequestRollupSumsBumpsAndHidesZeroRows) {
    this->MustWriteVoid([&](Tx& tx) {
        tx.BumpRequestRollup(100, "SASKI", "SU.ARIZA", Status::kRouted, 1);
        tx.BumpRequestRollup(100, "SASKI", "SU.ARIZA", Status::kRouted, 1);
        tx.BumpRequestRollup(100, "SASKI", "SU.ARIZA", Status::kRouted, -1);
        tx.BumpRequestRollup(100, "SASKI", "SU.ARIZA", Status::kResolved, 1);
        tx.BumpRequestRollup(100, "FEN", "YOL.CUKUR", Status::kClosed, 1);
        tx.BumpRequestRollup(100, "FEN", "YOL.CUKUR", Status::kClosed, -1);  // back to zero
        tx.BumpRequestRollup(101, "FEN", "YOL.CUKUR", Status::kRouted, 3);
        tx.BumpRequestRollup(102, "FEN", "YOL.CUKUR", Status::kRouted, 5);  // outside [100, 102)
    });
    auto rows = this->store_->Read([](Tx& tx) { return tx.RequestCounts(100, 102); });
    std::set<std::tuple<std::int64_t, std::string, std::string, Status, std::int64_t>> got;
    for (const auto& r : rows) {
        got.emplace(r.day, r.unit, r.category, r.status, r.n);
    }
    EXPECT_EQ(got, (std::set<std::tuple<std::int64_t, std::string, std::string, Status, std::int64_t>>{
                       {100, "SASKI", "SU.ARIZA", Status::kRouted, 1},
                       {100, "SASKI", "SU.ARIZA", Status::kResolved, 1},
                       {101, "FEN", "YOL.CUKUR", Status::kRouted, 3}}));
}

TYPED_TEST(StoreContract, OpenAndOverdueCounts) {
    this->MustWriteVoid([&](Tx& tx) {
        tx.BumpOpenRollup("SASKI", Status::kRouted, 2);
        tx.BumpOpenRollup("SASKI", Status::kRouted, -1);
        tx.BumpOpenRollup("FEN", Status::kInProgress, 1);
        tx.BumpOpenRollup("FEN", Status::kOnHold, 1);
        tx.BumpOpenRollup("FEN", Status::kOnHold, -1);
    });
    auto open = this->store_->Read([](Tx& tx) { return tx.OpenCounts(); });
    ASSERT_EQ(open.size(), 2u);  // zero rows are left out; ordered by unit, status
    EXPECT_EQ(open[0].unit, "FEN");
    EXPECT_EQ(open[0].status, "in_progress");
    EXPECT_EQ(open[0].n, 1);
    EXPECT_EQ(open[1].unit, "SASKI");
    EXPECT_EQ(open[1].status, "routed");
    EXPECT_EQ(open[1].n, 1);

    auto add = [&](const std::string& unit, Status status, std::chrono::minutes due_in) {
        core::Request r = this->NewRequest();
        r.unit = unit;
        r.status = status;
        r.due_at = kT0 + due_in;
        this->Insert(r);
    };
    add("SASKI", Status::kRouted, 10min);
    add("SASKI", Status::kRouted, 20min);
    add("SASKI", Status::kInProgress, 10min);
    add("SASKI", Status::kOnHold, 10min);  // the clock is stopped: not overdue
    add("SASKI", Status::kResolved, 10min);
    add("FEN", Status::kReopened, 10min);
    add("FEN", Status::kRouted, 2h);  // not due yet
    auto overdue = this->store_->Read([](Tx& tx) { return tx.OverdueCounts(kT0 + 1h); });
    std::set<std::tuple<std::string, std::string, std::int64_t>> got;
    for (const auto& r : overdue) {
        got.emplace(r.unit, r.status, r.n);
    }
    EXPECT_EQ(got, (std::set<std::tuple<std::string, std::string, std::int64_t>>{
                       {"SASKI", "routed", 2}, {"SASKI", "in_progress", 1}, {"FEN", "reopened", 1}}));
}

TYPED_TEST(StoreContract, ResolutionBucketsAccumulateCountsAndSeconds) {
    this->MustWriteVoid([&](Tx& tx) {
        tx.AddResolution(100, "SASKI", 3, 3000);
        tx.AddResolution(100, "SASKI", 3, 4000);
        tx.AddResolution(101, "SASKI", 3, 5000);  // another day, same unit and bucket: summed
        tx.AddResolution(101, "FEN", 8, 100000);
        tx.AddResolution(105, "FEN", 8, 100000);  // outside the range
    });
    auto rows = this->store_->Read([](Tx& tx) { return tx.ResolutionBuckets(100, 105); });
    std::set<std::tuple<std::string, int, std::int64_t, std::int64_t>> got;
    for (const auto& r : rows) {
        got.emplace(r.unit, r.bucket, r.n, r.total_seconds);
    }
    EXPECT_EQ(got, (std::set<std::tuple<std::string, int, std::int64_t, std::int64_t>>{{"SASKI", 3, 3, 12000},
                                                                                       {"FEN", 8, 1, 100000}}));
}

TYPED_TEST(StoreContract, ContactRollupCountsByHourChannelAndOutcome) {
    this->MustWriteVoid([&](Tx& tx) {
        tx.BumpContactRollup(1000, Channel::kPhone, "open", 1);
        tx.BumpContactRollup(1000, Channel::kPhone, "open", -1);
        tx.BumpContactRollup(1000, Channel::kPhone, "informed", 1);
        tx.BumpContactRollup(1000, Channel::kPhone, "informed", 1);
        tx.BumpContactRollup(1001, Channel::kWalkIn, "request_opened", 1);
        tx.BumpContactRollup(1002, Channel::kPhone, "informed", 1);  // outside
    });
    auto rows = this->store_->Read([](Tx& tx) { return tx.ContactCounts(1000, 1002); });
    std::set<std::tuple<std::int64_t, Channel, std::string, std::int64_t>> got;
    for (const auto& r : rows) {
        got.emplace(r.hour, r.channel, r.outcome, r.n);
    }
    EXPECT_EQ(got, (std::set<std::tuple<std::int64_t, Channel, std::string, std::int64_t>>{
                       {1000, Channel::kPhone, "informed", 2}, {1001, Channel::kWalkIn, "request_opened", 1}}));
}

// ---- Catalog ------------------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, RoutingRulesListInPositionOrderAndUpdate) {
    core::RoutingRule late{.position = 20, .name = "geç", .unit = "FEN"};
    core::RoutingRule early{.position = 10,
                            .name = "erken",
                            .category = "ATIK",
                            .district = "BAFRA",
                            .channel = Channel::kWeb,
                            .type = RequestType::kComplaint,
                            .unit = "@district",
                            .priority = core::Priority::kHigh,
                            .active = false};
    Id late_id = this->MustWrite([&](Tx& tx) { return tx.InsertRoutingRule(late); });
    Id early_id = this->MustWrite([&](Tx& tx) { return tx.InsertRoutingRule(early); });
    auto rules = this->store_->Read([](Tx& tx) { return tx.ListRoutingRules(); });
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0].id, early_id);
    EXPECT_EQ(rules[0].category, "ATIK");
    EXPECT_EQ(rules[0].district, "BAFRA");
    EXPECT_EQ(rules[0].channel, Channel::kWeb);
    EXPECT_EQ(rules[0].type, RequestType::kComplaint);
    EXPECT_EQ(rules[0].unit, "@district");
    EXPECT_EQ(rules[0].priority, core::Priority::kHigh);
    EXPECT_FALSE(rules[0].active);
    EXPECT_EQ(rules[1].id, late_id);
    EXPECT_FALSE(rules[1].channel.has_value());
    EXPECT_FALSE(rules[1].type.has_value());
    EXPECT_FALSE(rules[1].priority.has_value());

    rules[1].position = 5;
    this->MustWriteVoid([&](Tx& tx) { tx.UpdateRoutingRule(rules[1]); });
    this->MustWriteVoid([&](Tx& tx) { tx.DeleteRoutingRule(early_id); });
    rules = this->store_->Read([](Tx& tx) { return tx.ListRoutingRules(); });
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules[0].id, late_id);
    EXPECT_EQ(rules[0].position, 5);
}

}  // namespace
}  // namespace alo153::storage
