// One request from the phone call to the citizen's answer, through the real server and a real SQLite file.
#include <regex>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

class Journey : public ServerSuite<Journey> {};

std::vector<std::string> Kinds(const Json& events) {
    std::vector<std::string> kinds;
    for (const auto& e : events["items"]) {
        kinds.push_back(e["kind"].get<std::string>());
    }
    return kinds;
}

std::int64_t At(const Json& j, const Json::json_pointer& p) { return j.contains(p) ? j[p].get<std::int64_t>() : 0; }

TEST_F(Journey, PhoneRequestIsRoutedWorkedAnsweredAndTrackedByTheCitizen) {
    const Json stats_before = S().GetOk("/api/v1/stats", "amir");

    // The call comes in: the agent looks the caller up by the number as the phone system shows it.
    const std::string phone = UrlEncode("0532 111 22 33");
    Json history = S().GetOk("/api/v1/citizens?phone=" + phone, "cagri1");
    EXPECT_EQ(history["phone"], "+905321112233");
    EXPECT_TRUE(history["requests"].empty());

    // A new caller with a burst pipe: a phone request, routed by category to SASKİ.
    Reply created =
        S().Post("/api/v1/requests", "cagri1", NewRequestBody("Sokakta su borusu patladı, yol su içinde kaldı"));
    ASSERT_EQ(created.status, 201) << created.body;
    const Json request = ParseJson(created.body);
    const std::int64_t id = request["id"];
    const std::string number = request["tracking_number"];
    EXPECT_EQ(created.Header("Location"), "/api/v1/requests/" + std::to_string(id));
    EXPECT_EQ(created.Header("ETag"), "\"1\"");
    EXPECT_TRUE(std::regex_match(number, std::regex(R"(\d{4}-\d{6}-\d)"))) << number;
    EXPECT_EQ(request["unit"], "SASKI");
    EXPECT_EQ(request["status"], "routed");
    EXPECT_EQ(request["channel"], "phone");
    EXPECT_TRUE(request["due_at"].is_string() && !request["due_at"].get<std::string>().empty());
    EXPECT_TRUE(request["citizen_id"].is_number_integer());

    // The next time this caller rings, the agent sees the request.
    history = S().GetOk("/api/v1/citizens?phone=" + UrlEncode("+90 (532) 111-22-33"), "cagri1");
    ASSERT_EQ(history["citizens"].size(), 1u);
    ASSERT_EQ(history["requests"].size(), 1u);
    EXPECT_EQ(history["requests"][0]["tracking_number"], number);

    // SASKİ's staff find it in their queue and work it.
    Json queue = S().GetOk("/api/v1/requests?status=routed&limit=200", "saski.personel");
    bool in_queue = false;
    for (const auto& item : queue["items"]) {
        EXPECT_EQ(item["unit"], "SASKI");
        in_queue = in_queue || item["id"] == id;
    }
    EXPECT_TRUE(in_queue);

    const std::string base = "/api/v1/requests/" + std::to_string(id);
    Reply accepted = S().Call("POST", base + "/actions/accept", "saski.personel", "", {{"If-Match", "\"1\""}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.Header("ETag"), "\"2\"");
    EXPECT_FALSE(ParseJson(accepted.body)["accepted_at"].is_null());

    const std::string internal_note = "Ekip aracı arızalı, vana kapatıldı, iç yazışma";
    Reply note = S().Post(base + "/notes", "saski.personel", {{"text", internal_note}, {"public", false}});
    ASSERT_EQ(note.status, 201) << note.body;

    Reply started = S().Post(base + "/actions/start", "saski.personel", Json::object());
    ASSERT_EQ(started.status, 200) << started.body;
    EXPECT_EQ(ParseJson(started.body)["status"], "in_progress");

    const std::string answer = "Patlayan boru değiştirildi, su yeniden verildi.";
    Reply resolved = S().Post(base + "/actions/resolve", "saski.personel", {{"answer", answer}});
    ASSERT_EQ(resolved.status, 200) << resolved.body;
    EXPECT_EQ(ParseJson(resolved.body)["status"], "resolved");
    EXPECT_EQ(ParseJson(resolved.body)["public_answer"], answer);

    // The citizen tracks it with the number and the last four digits of the phone: the answer, nothing internal.
    Reply tracked = S().Get("/api/v1/public/track?number=" + number + "&phone_last4=2233", "");
    ASSERT_EQ(tracked.status, 200) << tracked.body;
    const Json pub = ParseJson(tracked.body);
    EXPECT_EQ(pub["tracking_number"], number);
    EXPECT_EQ(pub["status"], "resolved");
    EXPECT_EQ(pub["public_answer"], answer);
    EXPECT_GE(pub["history"].size(), 3u);
    EXPECT_EQ(tracked.body.find(internal_note), std::string::npos) << tracked.body;
    EXPECT_EQ(tracked.body.find("vana"), std::string::npos);
    for (const char* staff : {"saski.personel", "cagri1"}) {
        const Json& user = S().As(staff).user;
        EXPECT_EQ(tracked.body.find(user["display_name"].get<std::string>()), std::string::npos) << staff;
        EXPECT_EQ(tracked.body.find(user["username"].get<std::string>()), std::string::npos) << staff;
    }
    for (const char* personal : {"actor", "citizen", "5321112233", "Kaya", "assignee"}) {
        EXPECT_EQ(tracked.body.find(personal), std::string::npos) << personal;
    }
    Reply wrong_phone = S().Get("/api/v1/public/track?number=" + number + "&phone_last4=9999", "");
    EXPECT_TRUE(IsProblem(wrong_phone, 404, "not-found"));

    // The history is one call away, in order.
    Json events = S().GetOk(base + "/events", "saski.personel");
    EXPECT_EQ(Kinds(events), (std::vector<std::string>{"created", "routed", "accept", "note", "start", "resolve"}));
    for (const auto& e : events["items"]) {
        if (e["kind"] == "note") {
            EXPECT_EQ(e["public"], false);
            EXPECT_EQ(e["text"], internal_note);
        }
        if (e["kind"] == "resolve") {
            EXPECT_EQ(e["from_status"], "in_progress");
            EXPECT_EQ(e["to_status"], "resolved");
            EXPECT_EQ(e["actor_id"], S().As("saski.personel").user["id"]);
        }
    }

    // The figures moved with it (rollups in the same transaction).
    const Json stats_after = S().GetOk("/api/v1/stats", "amir");
    EXPECT_EQ(At(stats_after, "/requests/total"_json_pointer), At(stats_before, "/requests/total"_json_pointer) + 1);
    EXPECT_EQ(At(stats_after, "/requests/by_unit/SASKI"_json_pointer),
              At(stats_before, "/requests/by_unit/SASKI"_json_pointer) + 1);
    EXPECT_EQ(At(stats_after, "/requests/by_category/SU.ARIZA"_json_pointer),
              At(stats_before, "/requests/by_category/SU.ARIZA"_json_pointer) + 1);
    EXPECT_EQ(At(stats_after, "/requests/by_status/resolved"_json_pointer),
              At(stats_before, "/requests/by_status/resolved"_json_pointer) + 1);
    EXPECT_EQ(At(stats_after, "/resolution/all/resolved"_json_pointer),
              At(stats_before, "/resolution/all/resolved"_json_pointer) + 1);
}

TEST_F(Journey, UnitStaffQueueShowsOnlyTheirUnit) {
    Json queue = S().GetOk("/api/v1/requests?limit=200", "zabita.personel");
    for (const auto& item : queue["items"]) {
        EXPECT_EQ(item["unit"], "ZABITA");
    }
    // Asking for another unit does not widen the view.
    queue = S().GetOk("/api/v1/requests?unit=SASKI&limit=200", "zabita.personel");
    for (const auto& item : queue["items"]) {
        EXPECT_EQ(item["unit"], "ZABITA");
    }
}

}  // namespace
}  // namespace alo153::test
