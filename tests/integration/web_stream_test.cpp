// GET /api/v1/stream: committed changes as Server-Sent Events, filtered by what each user may see, resumable
// with Last-Event-ID, through the real server and a real SQLite file.
#include <regex>
#include <thread>

#include "integration/web_support.hpp"
#include "unit/api/raw_stream_client.hpp"

namespace alo153::test {
namespace {

using namespace std::chrono_literals;

/// The SSE messages of one event type in what a stream received: their id and data.
struct Message {
    std::string id;
    Json data;
};
std::vector<Message> Messages(const std::string& received, const std::string& event) {
    std::vector<Message> out;
    static const std::regex kMessage("id: ([0-9.]+)\nevent: ([a-z]+)\ndata: ([^\n]*)\n\n");
    for (std::sregex_iterator it(received.begin(), received.end(), kMessage), end; it != end; ++it) {
        if ((*it)[2] == event) {
            out.push_back({(*it)[1], Json::parse((*it)[3].str())});
        }
    }
    return out;
}

class WebStream : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<WebServer>(Environment{{"ALO153_STREAM_HEARTBEAT_SECONDS", "1"}});
    }
    static void TearDownTestSuite() { server_.reset(); }
    static WebServer& S() { return *server_; }

    /// A stream opened with `username`'s session cookie (and extra header lines), its head already read.
    static std::unique_ptr<RawStreamClient> Open(const std::string& username, std::vector<std::string> headers = {}) {
        headers.push_back("Cookie: " + S().As(username).cookie);
        auto client = std::make_unique<RawStreamClient>(S().Port(), "/api/v1/stream", headers);
        EXPECT_TRUE(client->WaitFor("retry: 3000\n\n")) << client->Received();
        return client;
    }
    /// Files a request as the agent; returns it.
    static Json Create(const std::string& category, const std::string& description) {
        Json body = NewRequestBody(description);
        body["category"] = category;
        Reply r = S().Client().Post("/api/v1/requests", body.dump(), AuthHeaders(S().As("cagri1")));
        EXPECT_EQ(r.status, 201) << r.body;
        return ParseJson(r.body);
    }

    static inline std::unique_ptr<WebServer> server_;
};

TEST_F(WebStream, WithoutASessionTheStreamIs401) {
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/stream"), 401, "unauthenticated"));
    EXPECT_TRUE(
        IsProblem(S().Client().Get("/api/v1/stream", {{"Cookie", "alo153_session=uydurma"}}), 401, "unauthenticated"));
}

TEST_F(WebStream, CommittedCreateArrivesWithTheContractFields) {
    auto stream = Open("amir");
    const std::string head = stream->Received();
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    EXPECT_NE(head.find("Cache-Control: no-store"), std::string::npos) << head;

    const Json request = Create("SU.ARIZA", "Ana boru patladı, cadde su altında");
    const std::string number = request["tracking_number"];
    ASSERT_TRUE(stream->WaitFor("\"kind\":\"routed\",\"request_id\":" + std::to_string(request["id"].get<int>())))
        << stream->Received();
    auto messages = Messages(stream->Received(), "request");
    ASSERT_GE(messages.size(), 2u);
    std::vector<std::string> kinds;
    for (const auto& m : messages) {
        if (m.data["tracking_number"] == number) {
            kinds.push_back(m.data["kind"]);
            std::set<std::string> keys;
            for (const auto& [key, value] : m.data.items()) {
                keys.insert(key);
            }
            EXPECT_EQ(keys, (std::set<std::string>{"event_id", "request_id", "tracking_number", "kind", "status",
                                                   "unit", "category", "at"}));
            EXPECT_EQ(m.data["request_id"], request["id"]);
            EXPECT_EQ(m.data["unit"], "SASKI");
            EXPECT_EQ(m.data["category"], "SU.ARIZA");
            EXPECT_TRUE(std::regex_match(m.data["at"].get<std::string>(),
                                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00)")));
            // The id carries the event id, so a reconnect resumes after it.
            EXPECT_EQ(m.id.substr(0, m.id.find('.')), std::to_string(m.data["event_id"].get<std::int64_t>()));
        }
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"created", "routed"}));
    EXPECT_EQ(messages.back().data["status"], "routed");
}

TEST_F(WebStream, UnitStaffHearOnlyOfTheirUnitsRequestsAndOfNoCalls) {
    auto saski = Open("saski.personel");
    auto fen = Open("fen.personel");
    auto supervisor = Open("amir");
    const Json water = Create("SU.ARIZA", "Sayaç yanında su sızıyor");
    const Json road = Create("YOL.CUKUR", "Köprü girişinde derin çukur");
    const std::string water_number = water["tracking_number"], road_number = road["tracking_number"];
    ASSERT_TRUE(saski->WaitFor(water_number));
    ASSERT_TRUE(fen->WaitFor(road_number));
    // FEN heard of the road request, which came after the water one: it was never told of the water request.
    EXPECT_EQ(fen->Received().find(water_number), std::string::npos);
    ASSERT_TRUE(supervisor->WaitFor(road_number));
    EXPECT_NE(supervisor->Received().find(water_number), std::string::npos);

    // Re-routed from SASKİ to FEN: both hear of it (SASKİ's inbox must drop it, FEN's must show it).
    const std::string water_id = std::to_string(water["id"].get<std::int64_t>());
    Reply rerouted = S().Client().Post("/api/v1/requests/" + water_id + "/actions/reroute",
                                       Json{{"unit", "FEN"}, {"reason", "Yol çalışması kaynaklı"}}.dump(),
                                       AuthHeaders(S().As("saski.personel")));
    ASSERT_EQ(rerouted.status, 200) << rerouted.body;
    ASSERT_TRUE(saski->WaitFor("\"kind\":\"reroute\""));
    ASSERT_TRUE(fen->WaitFor("\"kind\":\"reroute\""));
    auto fen_messages = Messages(fen->Received(), "request");
    EXPECT_EQ(fen_messages.back().data["tracking_number"], water_number);
    EXPECT_EQ(fen_messages.back().data["unit"], "FEN");

    // A call: the call center hears of it, unit staff do not.
    Reply call =
        S().Client().Post("/api/v1/contacts", Json{{"channel", "phone"}, {"caller_phone", "0532 777 66 55"}}.dump(),
                          AuthHeaders(S().As("cagri1")));
    ASSERT_EQ(call.status, 201) << call.body;
    const std::string contact_id = std::to_string(ParseJson(call.body)["id"].get<std::int64_t>());
    ASSERT_TRUE(supervisor->WaitFor("\"contact_id\":" + contact_id));
    // Marker: a later SASKİ request reaches the SASKİ stream, so the call would have come before it.
    const Json marker = Create("SU.KESINTI", "Mahallede iki gündür su yok");
    ASSERT_TRUE(saski->WaitFor(marker["tracking_number"].get<std::string>()));
    EXPECT_EQ(saski->Received().find("event: contact"), std::string::npos);
    EXPECT_EQ(fen->Received().find("event: contact"), std::string::npos);
}

TEST_F(WebStream, ACallIsAnnouncedWhenRecordedAndAgainWhenItEnds) {
    auto stream = Open("amir");
    Reply started =
        S().Client().Post("/api/v1/contacts", Json{{"channel", "phone"}, {"caller_phone", "0532 123 00 11"}}.dump(),
                          AuthHeaders(S().As("cagri1")));
    ASSERT_EQ(started.status, 201) << started.body;
    const std::int64_t id = ParseJson(started.body)["id"];
    ASSERT_TRUE(stream->WaitFor("\"contact_id\":" + std::to_string(id)));
    Reply ended = S().Client().Post("/api/v1/contacts/" + std::to_string(id) + "/end",
                                    Json{{"outcome", "dropped"}}.dump(), AuthHeaders(S().As("cagri1")));
    ASSERT_EQ(ended.status, 200) << ended.body;
    ASSERT_TRUE(stream->WaitFor("\"outcome\":\"dropped\""));
    std::vector<Json> mine;
    for (const auto& m : Messages(stream->Received(), "contact")) {
        if (m.data["contact_id"] == id) {
            mine.push_back(m.data);
        }
    }
    ASSERT_EQ(mine.size(), 2u);
    EXPECT_TRUE(mine[0]["outcome"].is_null());
    EXPECT_EQ(mine[0]["channel"], "phone");
    EXPECT_EQ(mine[1]["outcome"], "dropped");
    std::set<std::string> keys;
    for (const auto& [key, value] : mine[1].items()) {
        keys.insert(key);
    }
    EXPECT_EQ(keys, (std::set<std::string>{"contact_id", "channel", "outcome", "at"}));
}

TEST_F(WebStream, ReconnectWithLastEventIdResumesAfterIt) {
    std::string last_id;
    std::string first_number;
    {
        auto stream = Open("amir");
        first_number = Create("PARK.AGAC", "Ağaç dalı yola sarkmış")["tracking_number"];
        ASSERT_TRUE(stream->WaitFor("\"kind\":\"routed\""));
        last_id = Messages(stream->Received(), "request").back().id;
    }
    // While nobody listens, two more requests are filed.
    const std::string missed1 = Create("PARK.BAKIM", "Parkın çimleri biçilmemiş")["tracking_number"];
    const std::string missed2 = Create("AYDINLATMA.LAMBA", "Sokak lambası yanmıyor")["tracking_number"];
    auto resumed = Open("amir", {"Last-Event-ID: " + last_id});
    ASSERT_TRUE(resumed->WaitFor(missed2)) << resumed->Received();
    EXPECT_NE(resumed->Received().find(missed1), std::string::npos);
    EXPECT_EQ(resumed->Received().find(first_number), std::string::npos);  // not told twice
    EXPECT_EQ(resumed->Received().find("event: reset"), std::string::npos);

    // The same by query parameter, for a page that starts again.
    RawStreamClient by_query(S().Port(), "/api/v1/stream?last_event_id=" + last_id,
                             {"Cookie: " + S().As("amir").cookie});
    ASSERT_TRUE(by_query.WaitFor(missed2));

    // A cursor of another database: the reader is told to reload.
    auto foreign = Open("amir", {"Last-Event-ID: 999999999.999999999.1"});
    EXPECT_TRUE(foreign->WaitFor("event: reset\ndata: {}\n\n"));

    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/stream", {{"Cookie", S().As("amir").cookie},
                                                              {"Last-Event-ID", "12; DROP TABLE events"}}),
                          400, "validation"));
}

TEST_F(WebStream, QuietStreamCarriesHeartbeats) {
    auto stream = Open("amir");
    EXPECT_TRUE(stream->WaitFor(": keep-alive\n\n", 3s));
}

TEST_F(WebStream, OpenStreamsAreCountedInTheMetrics) {
    auto count = [] {
        const std::string metrics = S().Client().Get("/metrics").body;
        std::smatch m;
        static const std::regex kLine("\nalo153_live_streams ([0-9.e+]+)\n");
        return std::regex_search(metrics, m, kLine) ? std::stod(m[1]) : -1.0;
    };
    const double before = count();
    ASSERT_GE(before, 0.0);
    {
        auto first = Open("amir");
        auto second = Open("saski.personel");
        EXPECT_EQ(count(), before + 2);
    }
    // Closed by the clients: the server notices and unsubscribes.
    for (int i = 0; i < 50 && count() != before; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(count(), before);
}

TEST(WebStreamSession, AStreamOfASignedOutUserIsClosedBeforeItSendsMore) {
    WebServer server(Environment{{"ALO153_STREAM_RECHECK_SECONDS", "1"}});
    Session leaving;
    ASSERT_EQ(SignIn(server.Client(), "amir", kDemoPassword, &leaving).status, 200);
    RawStreamClient stream(server.Port(), "/api/v1/stream", {"Cookie: " + leaving.cookie});
    ASSERT_TRUE(stream.WaitFor("retry: 3000"));
    ASSERT_EQ(server.Client().Post("/api/v1/auth/logout", "", AuthHeaders(leaving)).status, 204);
    std::this_thread::sleep_for(1100ms);
    Reply created = server.Client().Post("/api/v1/requests", NewRequestBody("Çıkış yapan kullanıcıya gitmemeli").dump(),
                                         AuthHeaders(server.As("cagri1")));
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_TRUE(stream.WaitForClose());
    EXPECT_EQ(stream.Received().find(ParseJson(created.body)["tracking_number"].get<std::string>()), std::string::npos);
    EXPECT_EQ(stream.Received().find("event: request"), std::string::npos);
}

TEST(WebStreamStop, StoppingTheServerEndsStreamsCleanly) {
    WebServer server({});
    auto stream = std::make_unique<RawStreamClient>(server.Port(), "/api/v1/stream",
                                                    std::vector<std::string>{"Cookie: " + server.As("amir").cookie});
    ASSERT_TRUE(stream->WaitFor("retry: 3000"));
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(server.Process().Stop(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    ASSERT_TRUE(stream->WaitForClose());
    const std::string& got = stream->Received();
    EXPECT_EQ(got.substr(got.size() - 5), "0\r\n\r\n");
}

}  // namespace
}  // namespace alo153::test
