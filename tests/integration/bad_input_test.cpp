// Every class of bad input of issue 2: a problem+json answer with a stable type and a Turkish title, and nothing
// written (the database's row counts are the same before and after).
#include <algorithm>
#include <thread>

#include "core/tc_kimlik.hpp"
#include "core/tracking_number.hpp"
#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

class BadInput : public ServerSuite<BadInput> {
  protected:
    void SetUp() override { before_ = CountRows(S().Db()); }
    /// Nothing was written since SetUp (or since the last Snapshot).
    void ExpectNothingWritten() { EXPECT_EQ(CountRows(S().Db()), before_); }
    void Snapshot() { before_ = CountRows(S().Db()); }

    /// Creates a valid SASKİ request (as the agent) and takes a new snapshot after it.
    Json CreateValid(const std::string& description = "Sayaç önünde su kaçağı var") {
        Json r = S().PostOk("/api/v1/requests", "cagri1", NewRequestBody(description), 201);
        Snapshot();
        return r;
    }

    Reply Create(const Json& body, Headers extra = {}) { return S().Post("/api/v1/requests", "cagri1", body, extra); }

    RowCounts before_;
};

std::string Field(const Reply& r) { return ParseJson(r.body).value("field", ""); }

TEST_F(BadInput, MalformedJsonIsRejected) {
    for (const std::string body : {R"({"category": "SU.ARIZA", "description": )", "{not json}", "", "\xff\xfe"}) {
        Reply r = S().Call("POST", "/api/v1/requests", "cagri1", body);
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << "body: " << body;
    }
    // Valid JSON that is not an object.
    for (const std::string body : {"[1, 2, 3]", "\"SU.ARIZA\"", "42", "null"}) {
        Reply r = S().Call("POST", "/api/v1/requests", "cagri1", body);
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << "body: " << body;
    }
    ExpectNothingWritten();
}

TEST_F(BadInput, WrongJsonTypesAreRejectedWithTheField) {
    struct Case {
        const char* pointer;
        Json value;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"/description", 5, "description"},
        {"/category", Json::array({"SU.ARIZA"}), "category"},
        {"/citizen_id", "12", "citizen_id"},
        {"/location", "İlkadım", "location"},
        {"/location/lat", "41.28", "location.lat"},
        {"/location/neighbourhood_id", 1.5, "location.neighbourhood_id"},
        {"/citizen/phone", 5321112233, "citizen.phone"},
        {"/citizen/kvkk_consent", "evet", "citizen.kvkk_consent"},
    };
    for (const auto& c : cases) {
        Json body = NewRequestBody("Su borusu patladı");
        body[Json::json_pointer(c.pointer)] = c.value;
        Reply r = Create(body);
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << c.pointer;
        EXPECT_EQ(Field(r), c.field) << r.body;
    }
    ExpectNothingWritten();
}

TEST_F(BadInput, OverLongStringsAreRejected) {
    std::string description;
    for (int i = 0; i < 4001; ++i) {
        description += "ş";  // the limit counts characters, not bytes
    }
    Reply r = Create(NewRequestBody(description));
    EXPECT_TRUE(IsProblem(r, 400, "validation"));
    EXPECT_EQ(Field(r), "description");

    Json body = NewRequestBody("Su borusu patladı");
    body["location"]["address_text"] = std::string(501, 'a');
    EXPECT_TRUE(IsProblem(Create(body), 400, "validation"));
    body = NewRequestBody("Su borusu patladı");
    body["citizen"]["first_name"] = std::string(101, 'a');
    EXPECT_TRUE(IsProblem(Create(body), 400, "validation"));
    ExpectNothingWritten();

    // Exactly at the limit is fine: 4000 two-byte characters.
    description.erase(description.size() - std::string("ş").size());
    r = Create(NewRequestBody(description));
    EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(BadInput, OversizedJsonBodyIsRejected) {
    // Over the JSON limit (1 MB without photos), under the HTTP body limit.
    Json body = NewRequestBody("Su borusu patladı");
    body["padding"] = std::string(1100 * 1024, 'x');
    EXPECT_TRUE(IsProblem(Create(body), 413, "payload-too-large"));
    ExpectNothingWritten();
}

TEST_F(BadInput, BodyOverTheHttpLimitIsRefusedFromItsHeader) {
    // 64 MB announced, over the server's 48 MB body limit: answered from the header, before any body arrives.
    const Session& s = S().As("cagri1");
    TestClient client(S().Port());
    Reply r = client.SendRaw("POST /api/v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + s.cookie +
                             "\r\nX-CSRF-Token: " + s.csrf +
                             "\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n{");
    EXPECT_TRUE(IsProblem(r, 413, "payload-too-large"));
    ExpectNothingWritten();
}

TEST_F(BadInput, InvalidPhoneNumbersAreRejected) {
    for (const char* phone :
         {"12345", "0532 111 22", "+44 20 7946 0958", "0532-111-22-33-44", "0132 111 22 33", "0532 111 22 3x"}) {
        Reply r = Create(NewRequestBody("Su borusu patladı", phone));
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << phone;
    }
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/citizens?phone=abc", "cagri1"), 400, "validation"));
    ExpectNothingWritten();
}

TEST_F(BadInput, InvalidTcKimlikNumbersAreRejected) {
    const std::string valid = core::GenerateTcKimlikNo(153);
    ASSERT_TRUE(core::IsValidTcKimlikNo(valid));
    std::string wrong_check = valid;
    wrong_check.back() = static_cast<char>('0' + (wrong_check.back() - '0' + 1) % 10);
    for (const std::string& tckn : {wrong_check, std::string("12345678901"), std::string("02345678901"),
                                    std::string("1234567890"), std::string("1234567890a")}) {
        Json body = NewRequestBody("Su borusu patladı");
        body["citizen"]["tckn"] = tckn;
        Reply r = Create(body);
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << tckn;
        EXPECT_EQ(Field(r), "citizen.tckn") << tckn;
    }
    Reply r = S().Post("/api/v1/citizens", "cagri1", {{"phone", "0532 999 88 77"}, {"tckn", wrong_check}});
    EXPECT_TRUE(IsProblem(r, 400, "validation"));
    ExpectNothingWritten();
}

TEST_F(BadInput, CoordinatesOutsideTurkeyAreRejected) {
    struct Point {
        double lat, lon;
    };
    for (Point p : {Point{48.8566, 2.3522}, Point{41.28, 60.0}, Point{-41.28, 36.33}, Point{0, 0}}) {
        Json body = NewRequestBody("Su borusu patladı");
        body["location"]["lat"] = p.lat;
        body["location"]["lon"] = p.lon;
        Reply r = Create(body);
        EXPECT_TRUE(IsProblem(r, 400, "validation")) << p.lat << "," << p.lon;
        EXPECT_EQ(Field(r), "location");
    }
    Json half = NewRequestBody("Su borusu patladı");
    half["location"]["lat"] = 41.28;  // a latitude without its longitude
    EXPECT_TRUE(IsProblem(Create(half), 400, "validation"));
    ExpectNothingWritten();
}

TEST_F(BadInput, UnknownCodesAreRejected) {
    struct Case {
        const char* pointer;
        Json value;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"/category", "YOK.BOYLE", "category"},
        {"/type", "dilek_ve_temenni", "type"},
        {"/channel", "guvercin", "channel"},
        {"/location/district", "ISTANBUL", "location.district"},
        {"/location/neighbourhood_id", 99999999, "location.neighbourhood_id"},
        {"/citizen_id", 99999999, "citizen_id"},
    };
    for (const auto& c : cases) {
        Json body = NewRequestBody("Su borusu patladı");
        body[Json::json_pointer(c.pointer)] = c.value;
        if (std::string(c.pointer) == "/citizen_id") {
            body.erase("citizen");
        }
        Reply r = Create(body);
        EXPECT_TRUE(IsProblem(r, 422, "unknown-reference")) << c.pointer;
        EXPECT_EQ(Field(r), c.field) << r.body;
    }
    // A top-level category is a known code, but not one a request can be filed under.
    Json top = NewRequestBody("Su borusu patladı");
    top["category"] = "SU";
    EXPECT_TRUE(IsProblem(Create(top), 400, "validation"));
    ExpectNothingWritten();
}

TEST_F(BadInput, ActionBodiesAreValidated) {
    const Json r = CreateValid();
    const std::string base = "/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>());
    struct Case {
        const char* action;
        Json body;
        int status;
        const char* type;
    };
    const std::vector<Case> cases = {
        {"assign", {{"assignee_id", "5"}}, 400, "validation"},
        {"assign", {{"assignee_id", 99999}}, 422, "unknown-reference"},
        {"assign", Json::object(), 400, "validation"},
        {"hold", Json::object(), 400, "validation"},
        {"reroute", {{"unit", "FEN"}}, 400, "validation"},
        {"reject", {{"reason", "   "}}, 400, "validation"},
        {"resolve", {{"answer", 5}}, 400, "validation"},
        {"resolve", {{"answer", std::string(4001, 'a')}}, 400, "validation"},
        {"accept", Json::array({1}), 400, "validation"},
    };
    for (const auto& c : cases) {
        EXPECT_TRUE(IsProblem(S().Post(base + "/actions/" + c.action, "saski.mudur", c.body), c.status, c.type))
            << c.action << " " << c.body;
    }
    EXPECT_TRUE(
        IsProblem(S().Post(base + "/notes", "saski.mudur", {{"text", "x"}, {"public", "evet"}}), 400, "validation"));
    EXPECT_TRUE(IsProblem(S().Post(base + "/notes", "saski.mudur", {{"text", ""}}), 400, "validation"));
    ExpectNothingWritten();
}

TEST_F(BadInput, UnknownUnitOnRerouteIsRejected) {
    const Json r = CreateValid();
    const std::string actions = "/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>()) + "/actions/";
    Reply reply = S().Post(actions + "reroute", "amir", {{"unit", "YOK_BOYLE_BIRIM"}, {"reason", "Yanlış birim"}});
    EXPECT_TRUE(IsProblem(reply, 422, "unknown-reference"));
    EXPECT_EQ(Field(reply), "unit");
    reply =
        S().Post(actions + "reroute", "amir", {{"unit", "FEN"}, {"category", "YOK.BOYLE"}, {"reason", "Yanlış birim"}});
    EXPECT_TRUE(IsProblem(reply, 422, "unknown-reference"));
    // An unknown action is not a route at all.
    EXPECT_TRUE(IsProblem(S().Post(actions + "ucur", "amir", Json::object()), 404, "not-found"));
    ExpectNothingWritten();
    EXPECT_EQ(S().GetOk("/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>()), "amir")["unit"], "SASKI");
}

TEST_F(BadInput, IllegalStatusTransitionIsAConflict) {
    Json closed = S().GetOk("/api/v1/requests?status=closed&limit=1", "saski.personel");
    ASSERT_FALSE(closed["items"].empty()) << "the demo database has closed SASKİ requests";
    const std::string actions =
        "/api/v1/requests/" + std::to_string(closed["items"][0]["id"].get<std::int64_t>()) + "/actions/";
    EXPECT_TRUE(IsProblem(S().Post(actions + "resolve", "saski.personel", {{"answer", "Tekrar çözüldü"}}), 409,
                          "illegal-transition"));
    EXPECT_TRUE(IsProblem(S().Post(actions + "start", "saski.personel", Json::object()), 409, "illegal-transition"));
    EXPECT_TRUE(IsProblem(S().Post(actions + "close", "amir", Json::object()), 409, "illegal-transition"));
    ExpectNothingWritten();
}

TEST_F(BadInput, StaleIfMatchIsAPreconditionFailure) {
    const Json r = CreateValid();
    const std::string actions = "/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>()) + "/actions/";
    Reply accepted = S().Call("POST", actions + "accept", "saski.personel", "", {{"If-Match", "\"1\""}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    Snapshot();
    // A second person still looking at version 1.
    Reply stale = S().Call("POST", actions + "start", "saski.mudur", "", {{"If-Match", "\"1\""}});
    EXPECT_TRUE(IsProblem(stale, 412, "stale-version"));
    EXPECT_TRUE(IsProblem(S().Call("POST", actions + "start", "saski.mudur", "", {{"If-Match", "sürüm-2"}}), 400,
                          "validation"));
    ExpectNothingWritten();
    Reply fresh = S().Call("POST", actions + "start", "saski.mudur", "", {{"If-Match", accepted.Header("ETag")}});
    EXPECT_EQ(fresh.status, 200) << fresh.body;
}

TEST_F(BadInput, ReplayedIdempotencyKeyReturnsTheFirstResult) {
    const Json body = NewRequestBody("Hidrant su kaçırıyor");
    const Headers key = {{"Idempotency-Key", "journey-7f3a-0001"}};
    Reply first = Create(body, key);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.Header("Idempotent-Replayed"), "");
    Snapshot();

    Reply again = Create(body, key);
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
    EXPECT_EQ(ParseJson(again.body)["id"], ParseJson(first.body)["id"]);
    EXPECT_EQ(ParseJson(again.body)["tracking_number"], ParseJson(first.body)["tracking_number"]);
    EXPECT_EQ(again.Header("Location"), first.Header("Location"));
    ExpectNothingWritten();

    // The same key for a different request is a client bug, not a retry.
    Reply different = Create(NewRequestBody("Başka bir arıza"), key);
    EXPECT_TRUE(IsProblem(different, 409, "conflict"));
    ExpectNothingWritten();
    EXPECT_EQ(QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE description = 'Hidrant su kaçırıyor'"), 1);
}

TEST_F(BadInput, ConcurrentRetriesWithOneKeyMakeOneRequest) {
    // A client that timed out and retried on several connections at once: one request, the same answer to all.
    const std::string body = NewRequestBody("Aynı anda tekrar gönderilen kayıt").dump();
    const Session& session = S().As("cagri1");
    constexpr int kSenders = 8;
    std::vector<Reply> replies(kSenders);
    std::vector<std::thread> senders;
    for (int i = 0; i < kSenders; ++i) {
        senders.emplace_back([&, i] {
            TestClient client(S().Port());
            replies[i] = client.Post("/api/v1/requests", body,
                                     AuthHeaders(session, {{"Idempotency-Key", "concurrent-retry-0001"}}));
        });
    }
    for (auto& t : senders) {
        t.join();
    }
    int created = 0;
    for (const auto& r : replies) {
        ASSERT_TRUE(r.status == 201 || r.status == 200) << r.status << " " << r.body;
        created += r.status == 201 ? 1 : 0;
        EXPECT_EQ(r.status == 200, r.Header("Idempotent-Replayed") == "true");
        EXPECT_EQ(ParseJson(r.body)["tracking_number"], ParseJson(replies[0].body)["tracking_number"]);
    }
    EXPECT_EQ(created, 1);
    EXPECT_EQ(
        QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE description = 'Aynı anda tekrar gönderilen kayıt'"), 1);
}

TEST_F(BadInput, OverLongIdempotencyKeyIsRejected) {
    Reply r = Create(NewRequestBody("Su borusu patladı"), {{"Idempotency-Key", std::string(201, 'k')}});
    EXPECT_TRUE(IsProblem(r, 400, "validation"));
    EXPECT_EQ(Field(r), "Idempotency-Key");
    ExpectNothingWritten();
}

TEST_F(BadInput, NoSessionIsUnauthenticated) {
    Reply r = S().Get("/api/v1/requests", "");
    EXPECT_TRUE(IsProblem(r, 401, "unauthenticated"));
    EXPECT_FALSE(r.Header("WWW-Authenticate").empty());
    EXPECT_TRUE(
        IsProblem(S().Post("/api/v1/requests", "", NewRequestBody("Su borusu patladı")), 401, "unauthenticated"));
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/requests", {{"Cookie", "alo153_session=uydurma"}}), 401,
                          "unauthenticated"));
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/requests", {{"Authorization", "Bearer alo153_uydurma"}}), 401,
                          "unauthenticated"));
    Reply wrong_password = SignIn(S().Client(), "cagri1", "yanlis-parola", nullptr);
    EXPECT_TRUE(IsProblem(wrong_password, 401, "unauthenticated"));
    ExpectNothingWritten();
}

TEST_F(BadInput, SessionAfterLogoutIsUnauthenticated) {
    TestClient client(S().Port());
    Session s;
    ASSERT_EQ(SignIn(client, "cagri2", kDemoPassword, &s).status, 200);
    ASSERT_EQ(client.Get("/api/v1/auth/me", AuthHeaders(s)).status, 200);
    Reply out = client.Post("/api/v1/auth/logout", "", AuthHeaders(s));
    ASSERT_EQ(out.status, 204) << out.body;
    Snapshot();
    EXPECT_TRUE(IsProblem(client.Get("/api/v1/requests", AuthHeaders(s)), 401, "unauthenticated"));
    EXPECT_TRUE(IsProblem(client.Post("/api/v1/requests", NewRequestBody("Su borusu patladı").dump(), AuthHeaders(s)),
                          401, "unauthenticated"));
    ExpectNothingWritten();
}

TEST_F(BadInput, MissingOrWrongCsrfTokenIsForbidden) {
    const Session& s = S().As("cagri1");
    const std::string body = NewRequestBody("Su borusu patladı").dump();
    Reply missing =
        S().Client().Post("/api/v1/requests", body, {{"Cookie", s.cookie}, {"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(missing, 403, "csrf"));
    Reply wrong = S().Client().Post("/api/v1/requests", body,
                                    {{"Cookie", s.cookie},
                                     {"X-CSRF-Token", std::string(s.csrf.size(), '0')},
                                     {"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(wrong, 403, "csrf"));
    // Another session's token does not fit this one.
    Reply foreign = S().Client().Post(
        "/api/v1/requests", body,
        {{"Cookie", s.cookie}, {"X-CSRF-Token", S().As("cagri2").csrf}, {"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(foreign, 403, "csrf"));
    Reply logout = S().Client().Post("/api/v1/auth/logout", "", {{"Cookie", s.cookie}});
    EXPECT_TRUE(IsProblem(logout, 403, "csrf"));
    ExpectNothingWritten();
    // Reads need no token.
    EXPECT_EQ(S().Client().Get("/api/v1/auth/me", {{"Cookie", s.cookie}}).status, 200);
}

TEST_F(BadInput, AnotherUnitsRequestLooksLikeNoRequest) {
    const Json r = CreateValid("Ana isale hattında kaçak");
    const std::string id = std::to_string(r["id"].get<std::int64_t>());
    const std::string number = r["tracking_number"];
    auto parsed = core::ParseTrackingNumber(number);
    ASSERT_TRUE(parsed.ok());
    const std::string unknown_number = core::FormatTrackingNumber({parsed->year, 999999});

    for (const char* other : {"park.personel", "zabita.personel"}) {
        Reply by_id = S().Get("/api/v1/requests/" + id, other);
        Reply none = S().Get("/api/v1/requests/999999999", other);
        EXPECT_TRUE(IsProblem(by_id, 404, "not-found")) << other;
        EXPECT_EQ(by_id.body, none.body) << other;

        Reply by_number = S().Get("/api/v1/requests/by-number/" + number, other);
        Reply no_number = S().Get("/api/v1/requests/by-number/" + unknown_number, other);
        EXPECT_TRUE(IsProblem(by_number, 404, "not-found")) << other;
        EXPECT_EQ(by_number.body, no_number.body) << other;

        EXPECT_TRUE(IsProblem(S().Get("/api/v1/requests/" + id + "/events", other), 404, "not-found"));
        EXPECT_TRUE(
            IsProblem(S().Post("/api/v1/requests/" + id + "/actions/accept", other, Json::object()), 404, "not-found"));
        EXPECT_TRUE(
            IsProblem(S().Post("/api/v1/requests/" + id + "/notes", other, {{"text", "bakıldı"}}), 404, "not-found"));
        Json search = S().GetOk("/api/v1/requests?q=" + UrlEncode("isale hattında"), other);
        for (const auto& item : search["items"]) {
            EXPECT_NE(item["id"], r["id"]) << other;
        }
    }
    ExpectNothingWritten();
    // Its own unit sees it.
    EXPECT_EQ(S().Get("/api/v1/requests/by-number/" + number, "saski.personel").status, 200);
}

TEST_F(BadInput, MistypedTrackingNumberIsCaughtByTheCheckDigit) {
    const Json r = CreateValid("Vana kapağı açık kalmış");
    const std::string number = r["tracking_number"];
    std::string wrong_digit = number;
    wrong_digit.back() = static_cast<char>('0' + (number.back() - '0' + 3) % 10);
    std::string one_digit_off = number;
    one_digit_off[10] = static_cast<char>('0' + (number[10] - '0' + 1) % 10);  // the last digit of the sequence

    std::string swapped = number;
    std::swap(swapped[8], swapped[9]);  // two neighbouring digits of the sequence, read in the wrong order
    std::vector<std::string> mistyped = {wrong_digit, one_digit_off};
    if (swapped[8] != swapped[9]) {
        mistyped.push_back(swapped);
    }
    for (const std::string& bad : mistyped) {
        EXPECT_TRUE(IsProblem(S().Get("/api/v1/requests/by-number/" + bad, "cagri1"), 400, "bad-tracking-number"))
            << bad;
        EXPECT_TRUE(IsProblem(S().Get("/api/v1/public/track?number=" + bad + "&phone_last4=2233", ""), 400,
                              "bad-tracking-number"))
            << bad;
    }
    // Not a tracking number at all: a plain validation error.
    for (const std::string bad : {"2026-00A512-3", "abc", "2026-4512-3"}) {
        EXPECT_TRUE(IsProblem(S().Get("/api/v1/requests/by-number/" + bad, "cagri1"), 400, "validation")) << bad;
        EXPECT_TRUE(
            IsProblem(S().Get("/api/v1/public/track?number=" + bad + "&phone_last4=2233", ""), 400, "validation"))
            << bad;
    }
    EXPECT_EQ(S().Get("/api/v1/requests/by-number/" + number, "cagri1").status, 200);
    ExpectNothingWritten();
}

TEST_F(BadInput, UnknownRouteIsNotFound) {
    for (const char* target : {"/api/v1/nothing-here", "/api/v2/requests", "/api/v1/requests/1/unknown"}) {
        EXPECT_TRUE(IsProblem(S().Get(target, "cagri1"), 404, "not-found")) << target;
    }
    ExpectNothingWritten();
}

TEST_F(BadInput, WrongMethodIsNotAllowed) {
    Reply r = S().Call("DELETE", "/api/v1/requests", "cagri1");
    EXPECT_TRUE(IsProblem(r, 405, "method-not-allowed"));
    EXPECT_NE(r.Header("Allow").find("GET"), std::string::npos) << r.Header("Allow");
    EXPECT_NE(r.Header("Allow").find("POST"), std::string::npos) << r.Header("Allow");
    EXPECT_TRUE(IsProblem(S().Call("PUT", "/api/v1/requests/1", "cagri1", "{}"), 405, "method-not-allowed"));
    EXPECT_TRUE(IsProblem(S().Call("GET", "/api/v1/auth/logout", "cagri1"), 405, "method-not-allowed"));
    ExpectNothingWritten();
}

TEST_F(BadInput, NonJsonContentTypeIsUnsupported) {
    const Session& s = S().As("cagri1");
    Reply r = S().Client().Post("/api/v1/requests", NewRequestBody("Su borusu patladı").dump(),
                                {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", "text/plain"}});
    EXPECT_TRUE(IsProblem(r, 415, "unsupported-media-type"));
    ExpectNothingWritten();
}

// Id filters that are not positive integers are a validation problem, not an empty list.
TEST_F(BadInput, NonNumericIdFiltersAreRejected) {
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/requests?citizen_id=abc", "cagri1"), 400, "validation"));
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/requests?citizen_id=12abc", "cagri1"), 400, "validation"));
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/contacts?before_id=abc", "cagri1"), 400, "validation"));
}

// An inline citizen with nothing in it records no empty citizen: the request is anonymous.
TEST_F(BadInput, EmptyInlineCitizenIsNotStored) {
    const std::int64_t citizens = QueryInt(S().Db(), "SELECT count(*) FROM citizens");
    Json body = NewRequestBody("Su borusu patladı");
    body["citizen"] = Json::object();
    Reply r = Create(body);
    if (r.status == 201) {
        EXPECT_TRUE(ParseJson(r.body)["citizen_id"].is_null()) << r.body;
    } else {
        EXPECT_TRUE(IsProblem(r, 400, "validation"));
    }
    EXPECT_EQ(QueryInt(S().Db(), "SELECT count(*) FROM citizens"), citizens);
}

// allowed_actions lists what the server will do, and only that (a request is accepted once); every action it
// lists is then taken without an illegal-transition answer.
TEST_F(BadInput, AllowedActionsMatchWhatTheServerAllows) {
    const Json r = CreateValid();
    const std::string base = "/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>());
    const Json fresh = S().GetOk(base, "saski.personel");
    ASSERT_TRUE(fresh["allowed_actions"].is_array());
    EXPECT_NE(std::find(fresh["allowed_actions"].begin(), fresh["allowed_actions"].end(), "accept"),
              fresh["allowed_actions"].end())
        << fresh["allowed_actions"];

    const Json accepted = S().PostOk(base + "/actions/accept", "saski.personel", Json::object());
    ASSERT_TRUE(accepted["allowed_actions"].is_array());
    ASSERT_FALSE(accepted["allowed_actions"].empty()) << accepted.dump();
    for (const auto& action : accepted["allowed_actions"]) {
        EXPECT_NE(action, "accept") << accepted["allowed_actions"];
    }
    // The first one offered that needs no staff member (e.g. start) is taken; a text is given in case it needs one.
    std::string first;
    for (const auto& action : accepted["allowed_actions"]) {
        if (action != "assign" && first.empty()) {
            first = action.get<std::string>();
        }
    }
    ASSERT_FALSE(first.empty()) << accepted["allowed_actions"];
    const Reply taken = S().Post(base + "/actions/" + first, "saski.personel",
                                 Json{{"reason", "Ekip yönlendirildi."}, {"answer", "Arıza giderildi."}});
    EXPECT_EQ(taken.status, 200) << first << ": " << taken.body;
    EXPECT_FALSE(IsProblem(taken, 409, "illegal-transition")) << first << ": " << taken.body;
}

// One problem type has one Turkish title, whether the router, the server or a use case answers.
TEST_F(BadInput, OneTitlePerProblemType) {
    auto title = [](const Reply& r) { return ParseJson(r.body).value("title", ""); };
    const Reply no_route = S().Get("/api/v1/nothing-here", "cagri1");
    const Reply no_record = S().Get("/api/v1/requests/999999999", "cagri1");
    EXPECT_TRUE(IsProblem(no_route, 404, "not-found"));
    EXPECT_TRUE(IsProblem(no_record, 404, "not-found"));
    EXPECT_EQ(title(no_route), title(no_record));

    Json big = NewRequestBody("Su borusu patladı");
    big["padding"] = std::string(1100 * 1024, 'x');
    const Reply over_json_limit = Create(big);
    const Session& s = S().As("cagri1");
    TestClient client(S().Port());
    const Reply over_body_limit = client.SendRaw(
        "POST /api/v1/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + s.cookie + "\r\nX-CSRF-Token: " + s.csrf +
        "\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n{");
    EXPECT_TRUE(IsProblem(over_json_limit, 413, "payload-too-large"));
    EXPECT_TRUE(IsProblem(over_body_limit, 413, "payload-too-large"));
    EXPECT_EQ(title(over_json_limit), title(over_body_limit));
}

}  // namespace
}  // namespace alo153::test
