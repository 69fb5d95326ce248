// The citizen portal's endpoints without a login: filing a request, its limits, and the public catalog.
#include <regex>

#include "integration/web_support.hpp"

namespace alo153::test {
namespace {

const Headers kJson = {{"Content-Type", "application/json"}};

Json PortalBody(const std::string& description, const std::string& phone = "0533 444 55 66") {
    return {{"type", "complaint"},
            {"category", "YOL.CUKUR"},
            {"description", description},
            {"location", {{"district", "ATAKUM"}, {"street", "Atatürk Bulvarı"}}},
            {"citizen",
             {{"phone", phone},
              {"first_name", "Deniz"},
              {"last_name", "Ak"},
              {"email", "deniz@example.org"},
              {"kvkk_consent", true}}}};
}

class WebPublic : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<WebServer>(Environment{}); }
    static void TearDownTestSuite() { server_.reset(); }
    static WebServer& S() { return *server_; }
    static Reply File(const Json& body) { return S().Client().Post("/api/v1/public/requests", body.dump(), kJson); }

    static inline std::unique_ptr<WebServer> server_;
};

TEST_F(WebPublic, CitizenFilesARequestAndTracksItWithThePhonesLastDigits) {
    Reply r = File(PortalBody("Kaldırımın önünde derin bir çukur var, yaşlılar düşüyor"));
    ASSERT_EQ(r.status, 201) << r.body;
    Json receipt = ParseJson(r.body);
    // The citizen gets the receipt only: no ids, no unit codes, no personal data.
    std::set<std::string> keys;
    for (const auto& [key, value] : receipt.items()) {
        keys.insert(key);
    }
    EXPECT_EQ(keys, (std::set<std::string>{"tracking_number", "status", "status_label", "category_name", "unit_name",
                                           "due_at", "created_at"}));
    const std::string number = receipt["tracking_number"];
    EXPECT_TRUE(std::regex_match(number, std::regex(R"(\d{4}-\d{6}-\d)"))) << number;
    EXPECT_EQ(receipt["status"], "routed");
    EXPECT_FALSE(receipt["unit_name"].get<std::string>().empty());
    EXPECT_FALSE(receipt["category_name"].get<std::string>().empty());

    Reply tracked = S().Client().Get("/api/v1/public/track?number=" + number + "&phone_last4=5566");
    ASSERT_EQ(tracked.status, 200) << tracked.body;
    EXPECT_EQ(ParseJson(tracked.body)["tracking_number"], number);

    // Staff see it as a web request of a new citizen who gave consent.
    const Session& agent = S().As("cagri1");
    Json staff = ParseJson(S().Client().Get("/api/v1/requests/by-number/" + number, AuthHeaders(agent)).body);
    EXPECT_EQ(staff["channel"], "web");
    EXPECT_EQ(staff["type"], "complaint");
    EXPECT_EQ(staff["location"]["district"], "ATAKUM");
    ASSERT_TRUE(staff["citizen_id"].is_number_integer());
    EXPECT_EQ(QueryInt(S().Db(), "SELECT kvkk_consent FROM citizens WHERE id = " +
                                     std::to_string(staff["citizen_id"].get<std::int64_t>())),
              1);
    EXPECT_EQ(QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE created_by IS NOT NULL AND tracking_number = '" +
                                     number + "'"),
              0);
}

TEST_F(WebPublic, TypeDefaultsToRequestAndFieldsForStaffAreIgnored) {
    Json body = PortalBody("Parktaki salıncak kırık, çocuklar için tehlikeli", "0542 100 20 30");
    body.erase("type");
    body["category"] = "PARK.OYUN";
    body["channel"] = "phone";  // the portal is always the web channel
    body["citizen_id"] = 1;     // never someone else's record
    body["contact_id"] = 1;
    Reply r = File(body);
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string number = ParseJson(r.body)["tracking_number"];
    Json staff =
        ParseJson(S().Client().Get("/api/v1/requests/by-number/" + number, AuthHeaders(S().As("cagri1"))).body);
    EXPECT_EQ(staff["type"], "request");
    EXPECT_EQ(staff["channel"], "web");
    EXPECT_NE(staff["citizen_id"], 1);
    EXPECT_TRUE(staff["contact_id"].is_null());
}

TEST_F(WebPublic, TheSuggestionShownOnThePortalIsRecordedWithWhetherItWasTaken) {
    auto file = [](const std::string& suggested, const std::string& phone) {
        Json body = PortalBody("Sokağın ortasında büyük bir çukur var, araçlar zarar görüyor", phone);
        body["suggested_category"] = suggested;
        return File(body);
    };
    auto staff_view = [](const Reply& r) {
        const std::string number = ParseJson(r.body)["tracking_number"];
        return ParseJson(
            S().Client().Get("/api/v1/requests/by-number/" + number, AuthHeaders(S().As("cagri1"))).body);
    };
    Reply taken = file("YOL.CUKUR", "0542 300 40 50");
    ASSERT_EQ(taken.status, 201) << taken.body;
    Json a = staff_view(taken);
    EXPECT_EQ(a["suggested_category"], "YOL.CUKUR");
    EXPECT_EQ(a["suggestion_accepted"], true);

    Reply other = file("PARK.OYUN", "0542 300 40 51");  // the citizen chose another category than suggested
    ASSERT_EQ(other.status, 201) << other.body;
    Json b = staff_view(other);
    EXPECT_EQ(b["suggested_category"], "PARK.OYUN");
    EXPECT_EQ(b["suggestion_accepted"], false);

    EXPECT_EQ(file("YOK.BOYLE", "0542 300 40 52").status, 422);
}

struct BadCase {
    const char* name;
    std::function<void(Json&)> spoil;
    int status;
    const char* type;
    const char* field;
};

TEST_F(WebPublic, BadInputIsRefusedWithTheFieldToBlameAndWritesNothing) {
    const std::vector<BadCase> cases = {
        {"no consent", [](Json& b) { b["citizen"]["kvkk_consent"] = false; }, 400, "validation",
         "citizen.kvkk_consent"},
        {"consent missing", [](Json& b) { b["citizen"].erase("kvkk_consent"); }, 400, "validation",
         "citizen.kvkk_consent"},
        {"consent as text", [](Json& b) { b["citizen"]["kvkk_consent"] = "evet"; }, 400, "validation",
         "citizen.kvkk_consent"},
        {"no phone", [](Json& b) { b["citizen"].erase("phone"); }, 400, "validation", "citizen.phone"},
        {"no citizen", [](Json& b) { b.erase("citizen"); }, 400, "validation", "citizen.phone"},
        {"bad phone", [](Json& b) { b["citizen"]["phone"] = "12345"; }, 400, "validation", "citizen.phone"},
        {"unknown category", [](Json& b) { b["category"] = "YOK.BOYLE"; }, 422, "unknown-reference", "category"},
        {"top-level category", [](Json& b) { b["category"] = "YOL"; }, 400, "validation", "category"},
        {"no description", [](Json& b) { b.erase("description"); }, 400, "validation", "description"},
        {"too long", [](Json& b) { b["description"] = std::string(4001, 'a'); }, 400, "validation", "description"},
        {"long name", [](Json& b) { b["citizen"]["first_name"] = std::string(101, 'x'); }, 400, "validation",
         "citizen.name"},
        {"unknown district", [](Json& b) { b["location"]["district"] = "ISTANBUL"; }, 422, "unknown-reference",
         "location.district"},
        {"outside Turkey",
         [](Json& b) {
             b["location"] = {{"lat", 51.5}, {"lon", -0.12}};
         },
         400, "validation", "location"},
        {"unknown type", [](Json& b) { b["type"] = "sikayet"; }, 422, "unknown-reference", "type"},
        {"photo not base64",
         [](Json& b) {
             b["photos"] = {{{"data", "%%%"}}};
         },
         400, "validation", "photos"},
        {"photo not an image",
         [](Json& b) {
             b["photos"] = {{{"data", "aGVsbG8gd29ybGQ="}}};
         },
         415, "unsupported-media-type", ""},
        {"four photos",
         [](Json& b) {
             b["photos"] =
                 Json::array({{{"data", "AA=="}}, {{"data", "AA=="}}, {{"data", "AA=="}}, {{"data", "AA=="}}});
         },
         400, "validation", "photos"},
    };
    const RowCounts before = CountRows(S().Db());
    for (const auto& c : cases) {
        Json body = PortalBody("Sokak lambası yanmıyor, gece çok karanlık");
        c.spoil(body);
        Reply r = File(body);
        EXPECT_TRUE(IsProblem(r, c.status, c.type)) << c.name << ": " << r.body;
        if (*c.field != '\0') {
            EXPECT_EQ(ParseJson(r.body)["field"], c.field) << c.name << ": " << r.body;
        }
    }
    Reply not_json = S().Client().Post("/api/v1/public/requests", "{\"category\": ", kJson);
    EXPECT_TRUE(IsProblem(not_json, 400, "validation"));
    Reply not_object = S().Client().Post("/api/v1/public/requests", "[1,2]", kJson);
    EXPECT_TRUE(IsProblem(not_object, 400, "validation"));
    Reply wrong_type = S().Client().Post("/api/v1/public/requests", "a=b", {{"Content-Type", "text/plain"}});
    EXPECT_TRUE(IsProblem(wrong_type, 415, "unsupported-media-type"));
    Reply huge = S().Client().Post("/api/v1/public/requests", std::string(2 * 1024 * 1024, ' '), kJson);
    EXPECT_TRUE(IsProblem(huge, 413, "payload-too-large"));
    EXPECT_EQ(CountRows(S().Db()), before);
}

TEST_F(WebPublic, CatalogAndGazetteerAreReadableWithoutALogin) {
    Reply meta = S().Client().Get("/api/v1/meta");
    ASSERT_EQ(meta.status, 200);
    Json m = ParseJson(meta.body);
    EXPECT_FALSE(m["statuses"].empty());
    EXPECT_EQ(m["map_tile_url"], "");  // no tiles unless configured

    Reply districts = S().Client().Get("/api/v1/districts");
    ASSERT_EQ(districts.status, 200);
    EXPECT_EQ(ParseJson(districts.body)["items"].size(), 17u);
    Reply hoods = S().Client().Get("/api/v1/districts/ATAKUM/neighbourhoods");
    ASSERT_EQ(hoods.status, 200);
    EXPECT_GT(ParseJson(hoods.body)["items"].size(), 10u);
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/districts/YOK/neighbourhoods"), 404, "not-found"));

    // Staff-only data stays behind the login.
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/units"), 401, "unauthenticated"));
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/routing-rules"), 401, "unauthenticated"));
    EXPECT_TRUE(IsProblem(S().Client().Get("/api/v1/requests"), 401, "unauthenticated"));
}

/// Whether the category tree has `code` among its sub-categories.
bool HasCategory(const Json& tree, const std::string& code) {
    for (const auto& top : tree["items"]) {
        for (const auto& sub : top["children"]) {
            if (sub["code"] == code) {
                return true;
            }
        }
    }
    return false;
}

TEST_F(WebPublic, PublicCallersSeeActiveCategoriesOnly) {
    const Session& admin = S().As("admin");
    Reply off = S().Client().Patch("/api/v1/categories/CEVRE.GURULTU", R"({"active": false})", AuthHeaders(admin));
    ASSERT_EQ(off.status, 200) << off.body;

    EXPECT_FALSE(HasCategory(ParseJson(S().Client().Get("/api/v1/categories").body), "CEVRE.GURULTU"));
    EXPECT_FALSE(
        HasCategory(ParseJson(S().Client().Get("/api/v1/categories?include_inactive=true").body), "CEVRE.GURULTU"));
    EXPECT_TRUE(HasCategory(ParseJson(S().Client().Get("/api/v1/categories").body), "SU.ARIZA"));
    EXPECT_TRUE(
        HasCategory(ParseJson(S().Client().Get("/api/v1/categories?include_inactive=true", AuthHeaders(admin)).body),
                    "CEVRE.GURULTU"));

    // An inactive category cannot be filed on the portal either.
    Json body = PortalBody("Gece yarısı yüksek sesle müzik çalınıyor");
    body["category"] = "CEVRE.GURULTU";
    EXPECT_TRUE(IsProblem(File(body), 422, "unknown-reference"));
    ASSERT_EQ(S().Client().Patch("/api/v1/categories/CEVRE.GURULTU", R"({"active": true})", AuthHeaders(admin)).status,
              200);
}

TEST(WebPublicRateLimit, AClientOverItsLimitGets429WithRetryAfterAndNothingIsWritten) {
    WebServer server({{"ALO153_PUBLIC_CREATES", "2"}, {"ALO153_PUBLIC_WINDOW_SECONDS", "600"}});
    auto file = [&](const std::string& text) {
        return server.Client().Post("/api/v1/public/requests", PortalBody(text).dump(), kJson);
    };
    // Bad input does not use up the allowance; only requests actually filed count.
    Json bad = PortalBody("Çukur var");
    bad["citizen"]["kvkk_consent"] = false;
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(server.Client().Post("/api/v1/public/requests", bad.dump(), kJson).status, 400);
    }
    EXPECT_EQ(file("Birinci başvuru: yolda çukur").status, 201);
    EXPECT_EQ(file("İkinci başvuru: yolda çukur").status, 201);

    const RowCounts before = CountRows(server.Db());
    Reply limited = file("Üçüncü başvuru: yolda çukur");
    EXPECT_EQ(limited.status, 429) << limited.body;
    EXPECT_EQ(limited.Header("Content-Type"), "application/problem+json");
    const Json problem = ParseJson(limited.body);
    EXPECT_EQ(problem["type"], std::string(kProblemBase) + "too-many-requests");
    EXPECT_EQ(problem["title"], "Çok fazla istek");
    EXPECT_EQ(problem["status"], 429);
    const std::string retry = limited.Header("Retry-After");
    ASSERT_FALSE(retry.empty());
    EXPECT_GT(std::stoi(retry), 500);
    EXPECT_LE(std::stoi(retry), 600);
    EXPECT_EQ(CountRows(server.Db()), before);

    // Staff are not limited by the portal's allowance.
    Reply staff = server.Client().Post("/api/v1/requests", NewRequestBody("Su borusu patladı").dump(),
                                       AuthHeaders(server.As("cagri1")));
    EXPECT_EQ(staff.status, 201) << staff.body;
}

}  // namespace
}  // namespace alo153::test
