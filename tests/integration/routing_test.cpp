// Routing over HTTP: ATIK goes to the district municipality; an admin's rule changes where requests go and is
// recorded on each request it routed.
#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

class Routing : public ServerSuite<Routing> {
  protected:
    static Json AtikIn(const std::string& district) {
        return {{"category", "ATIK.TOPLANMADI"},
                {"description", "Üç gündür çöp toplanmadı, konteyner taşıyor"},
                {"location", {{"district", district}}}};
    }
    static Json TestRoute(const std::string& district) {
        return S().PostOk("/api/v1/routing-rules/test", "admin",
                          {{"category", "ATIK.TOPLANMADI"}, {"district", district}, {"channel", "phone"}});
    }
};

TEST_F(Routing, AtikGoesToTheDistrictMunicipality) {
    Json r = S().PostOk("/api/v1/requests", "cagri1", AtikIn("ATAKUM"), 201);
    EXPECT_EQ(r["unit"], "ILCE_ATAKUM");
    EXPECT_TRUE(r["routing_rule_id"].is_null());
    r = S().PostOk("/api/v1/requests", "cagri1", AtikIn("BAFRA"), 201);
    EXPECT_EQ(r["unit"], "ILCE_BAFRA");

    Json decision = TestRoute("ATAKUM");
    EXPECT_EQ(decision["unit"], "ILCE_ATAKUM");
    EXPECT_TRUE(decision["rule_id"].is_null());
    EXPECT_FALSE(decision["reason"].get<std::string>().empty());

    // Atakum's own staff see it in their queue.
    bool seen = false;
    const Json queue = S().GetOk("/api/v1/requests?limit=50", "atakum.personel");
    for (const auto& item : queue["items"]) {
        seen = seen || item["id"] == r["id"];
        EXPECT_EQ(item["unit"], "ILCE_ATAKUM");
    }
    EXPECT_FALSE(seen) << "the Bafra request is not Atakum's";
}

TEST_F(Routing, AdminRuleChangesRoutingAndIsRecorded) {
    const Json rule_body = {{"position", 1},
                            {"name", "Atakum çöp şikâyetleri Çevre'ye (deneme)"},
                            {"category", "ATIK.TOPLANMADI"},
                            {"district", "ATAKUM"},
                            {"unit", "CEVRE"},
                            {"priority", "high"}};
    // Only an admin may write rules, and a rule must name a real unit.
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/routing-rules", "amir", rule_body), 403, "forbidden"));
    Json bad = rule_body;
    bad["unit"] = "YOK_BOYLE";
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/routing-rules", "admin", bad), 422, "unknown-reference"));

    const Json rule = S().PostOk("/api/v1/routing-rules", "admin", rule_body, 201);
    ASSERT_TRUE(rule["id"].is_number_integer()) << rule;
    const std::int64_t rule_id = rule["id"];
    bool listed = false;
    const Json rules = S().GetOk("/api/v1/routing-rules", "admin");
    for (const auto& r : rules["items"]) {
        listed = listed || r["id"] == rule_id;
    }
    EXPECT_TRUE(listed);

    Json decision = TestRoute("ATAKUM");
    EXPECT_EQ(decision["unit"], "CEVRE");
    EXPECT_EQ(decision["rule_id"], rule_id);
    EXPECT_EQ(decision["priority"], "high");
    EXPECT_EQ(TestRoute("ILKADIM")["unit"], "ILCE_ILKADIM") << "the rule's district condition";

    const Json routed = S().PostOk("/api/v1/requests", "cagri1", AtikIn("ATAKUM"), 201);
    EXPECT_EQ(routed["unit"], "CEVRE");
    EXPECT_EQ(routed["routing_rule_id"], rule_id);
    EXPECT_EQ(routed["priority"], "high");
    const Json events =
        S().GetOk("/api/v1/requests/" + std::to_string(routed["id"].get<std::int64_t>()) + "/events", "admin");
    bool recorded = false;
    for (const auto& e : events["items"]) {
        if (e["kind"] != "routed") {
            continue;
        }
        for (const auto& c : e["changes"]) {
            recorded = recorded || (c["field"] == "routing_rule_id" && c["after"] == std::to_string(rule_id));
        }
    }
    EXPECT_TRUE(recorded) << events;
    EXPECT_EQ(QueryInt(S().Db(), "SELECT routing_rule_id FROM requests WHERE id = " +
                                     std::to_string(routed["id"].get<std::int64_t>())),
              rule_id);

    // Without the rule, routing is back to the default.
    EXPECT_EQ(S().Call("DELETE", "/api/v1/routing-rules/" + std::to_string(rule_id), "admin").status, 204);
    EXPECT_EQ(TestRoute("ATAKUM")["unit"], "ILCE_ATAKUM");
    EXPECT_EQ(S().PostOk("/api/v1/requests", "cagri1", AtikIn("ATAKUM"), 201)["unit"], "ILCE_ATAKUM");
}

TEST_F(Routing, RuleTesterRejectsUnknownCodes) {
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/routing-rules/test", "admin", {{"category", "YOK.BOYLE"}}), 422,
                          "unknown-reference"));
    EXPECT_TRUE(IsProblem(
        S().Post("/api/v1/routing-rules/test", "admin", {{"category", "ATIK.TOPLANMADI"}, {"channel", "guvercin"}}),
        422, "unknown-reference"));
}

}  // namespace
}  // namespace alo153::test
