// Open311 GeoReport v2 conformance against the real server (issue 5): every endpoint in XML and JSON, the
// spec's element names and W3C datetimes with the Istanbul offset, every class of bad input with nothing
// written, tokens of a batch service, the servicerequestupdates extension both ways, the privacy rule, and a
// request filed through Open311 reaching its unit's queue with its resolution coming back as an update.
// One file of ~700 lines on purpose: the suite shares one server and one demo database, which a split would
// start once per file.
#include <pugixml.hpp>

#include <chrono>
#include <regex>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

const std::regex kW3cTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00)");

/// The element names of a node's children, in order.
std::vector<std::string> ChildNames(const pugi::xml_node& node) {
    std::vector<std::string> out;
    for (const auto& c : node.children()) {
        if (c.type() == pugi::node_element) {
            out.emplace_back(c.name());
        }
    }
    return out;
}

const std::vector<std::string> kRequestElements = {"service_request_id",
                                                   "status",
                                                   "status_notes",
                                                   "service_name",
                                                   "service_code",
                                                   "description",
                                                   "agency_responsible",
                                                   "service_notice",
                                                   "requested_datetime",
                                                   "updated_datetime",
                                                   "expected_datetime",
                                                   "address",
                                                   "address_id",
                                                   "zipcode",
                                                   "lat",
                                                   "long",
                                                   "media_url"};

class Open311 : public ServerSuite<Open311> {
  protected:
    static void SetUpTestSuite() {
        ServerSuite<Open311>::SetUpTestSuite();
        Json key = S().PostOk("/api/v1/api-keys", "admin", {{"name", "Kent Uygulaması"}}, 201);
        key_ = key["key"].get<std::string>();
        key_id_ = key["id"].get<std::int64_t>();
    }

    void SetUp() override { before_ = Snapshot(); }

    /// Row counts of every table a write could touch, the Open311 ones included.
    static RowCounts Snapshot() {
        RowCounts counts = CountRows(S().Db());
        for (const char* table : {"request_attributes", "open311_submissions"}) {
            counts.rows[table] = QueryInt(S().Db(), std::string("SELECT count(*) FROM ") + table);
        }
        return counts;
    }
    void ExpectNothingWritten() { EXPECT_EQ(Snapshot(), before_); }

    static Reply Get(const std::string& path) { return S().Client().Get(path); }
    static Reply PostForm(const std::string& path, const std::string& form) {
        return S().Client().Post(path, form, {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    /// A valid SU.ARIZA submission with the suite's key, plus `extra` (already encoded).
    static std::string Form(const std::string& extra = {}) {
        return "api_key=" + key_ +
               "&service_code=SU.ARIZA&lat=41.2867&long=36.33&attribute%5Bsu_akiyor%5D=evet"
               "&description=" +
               UrlEncode("Sokakta boru patladı, su akıyor") + extra;
    }
    static pugi::xml_document Xml(const Reply& r) {
        pugi::xml_document doc;
        auto parsed = doc.load_string(r.body.c_str());
        EXPECT_EQ(parsed.status, pugi::status_ok) << r.body;
        EXPECT_NE(r.Header("Content-Type").find("text/xml"), std::string::npos);
        return doc;
    }
    /// Files a SU.ARIZA request through Open311 (XML) and returns its service_request_id.
    static std::string File(const std::string& extra = {}) {
        Reply r = PostForm("/open311/v2/requests.xml", Form(extra));
        EXPECT_EQ(r.status, 200) << r.body;
        auto doc = Xml(r);
        return doc.child("service_requests").child("request").child_value("service_request_id");
    }
    /// The staff view (REST) of a request by tracking number.
    static Json Staff(const std::string& number, const std::string& user = "amir") {
        Json r = S().GetOk("/api/v1/requests/by-number/" + number, user);
        return S().GetOk("/api/v1/requests/" + std::to_string(r["id"].get<std::int64_t>()), user);
    }
    /// Checks an Open311 error in both its forms.
    static void ExpectError(const Reply& r, int status, bool xml) {
        EXPECT_EQ(r.status, status) << r.body;
        if (xml) {
            auto doc = Xml(r);
            auto error = doc.child("errors").child("error");
            ASSERT_TRUE(error) << r.body;
            EXPECT_EQ(std::string(error.child_value("code")), std::to_string(status));
            EXPECT_FALSE(std::string(error.child_value("description")).empty());
        } else {
            Json j = ParseJson(r.body);
            ASSERT_TRUE(j.is_array()) << r.body;
            ASSERT_EQ(j.size(), 1u);
            EXPECT_EQ(j[0]["code"], status);
            EXPECT_TRUE(j[0]["description"].is_string());
        }
    }

    static inline std::string key_;
    static inline std::int64_t key_id_ = 0;
    RowCounts before_;
};

TEST_F(Open311, ServicesListInBothFormats) {
    auto doc = Xml(Get("/open311/v2/services.xml"));
    auto services = doc.child("services");
    ASSERT_TRUE(services);
    int n = 0;
    bool saw_batch = false;
    for (auto s : services.children("service")) {
        ++n;
        EXPECT_EQ(ChildNames(s), (std::vector<std::string>{"service_code", "service_name", "description", "metadata",
                                                           "type", "keywords", "group"}));
        std::string code = s.child_value("service_code");
        EXPECT_EQ(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._"), std::string::npos) << code;
        if (code == "SU.ARIZA") {
            EXPECT_STREQ(s.child_value("metadata"), "true");
            EXPECT_STREQ(s.child_value("type"), "realtime");
            EXPECT_STREQ(s.child_value("group"), "Su ve Kanalizasyon");
        }
        if (code == "GENEL.ONERI") {
            saw_batch = std::string(s.child_value("type")) == "batch";
        }
        EXPECT_NE(code.find('.'), std::string::npos) << "only sub-categories are services";
    }
    EXPECT_GT(n, 90);
    EXPECT_TRUE(saw_batch);

    Reply j = Get("/open311/v2/services.json");
    EXPECT_EQ(j.status, 200);
    EXPECT_EQ(j.Header("Access-Control-Allow-Origin"), "*");
    EXPECT_NE(j.Header("Content-Type").find("application/json"), std::string::npos);
    auto list = nlohmann::ordered_json::parse(j.body);  // keeps the element order of the answer
    ASSERT_TRUE(list.is_array());
    EXPECT_EQ(static_cast<int>(list.size()), n);
    EXPECT_EQ(list[0].begin().key(), "service_code");
    EXPECT_TRUE(list[0]["metadata"].is_boolean());
}

TEST_F(Open311, ServiceDefinitionCarriesTheQuestions) {
    auto doc = Xml(Get("/open311/v2/services/AYDINLATMA.DIREK.xml"));
    auto def = doc.child("service_definition");
    ASSERT_TRUE(def);
    EXPECT_STREQ(def.child_value("service_code"), "AYDINLATMA.DIREK");
    auto attr = def.child("attributes").child("attribute");
    EXPECT_EQ(ChildNames(attr), (std::vector<std::string>{"variable", "code", "datatype", "required",
                                                          "datatype_description", "order", "description", "values"}));
    EXPECT_STREQ(attr.child_value("code"), "tehlike");
    EXPECT_STREQ(attr.child_value("datatype"), "singlevaluelist");
    EXPECT_STREQ(attr.child_value("required"), "true");
    EXPECT_EQ(
        std::distance(attr.child("values").children("value").begin(), attr.child("values").children("value").end()), 3);
    EXPECT_STREQ(attr.child("values").child("value").child_value("key"), "kablo_acik");
    EXPECT_STREQ(attr.child("values").child("value").child_value("name"), "Açıkta kablo");
    EXPECT_STREQ(attr.next_sibling("attribute").child_value("variable"), "false");

    Json j = ParseJson(Get("/open311/v2/services/HAYVAN.YARALI.json").body);
    EXPECT_EQ(j["service_code"], "HAYVAN.YARALI");
    ASSERT_EQ(j["attributes"].size(), 2u);
    EXPECT_EQ(j["attributes"][0]["code"], "hayvan_turu");
    EXPECT_EQ(j["attributes"][0]["values"][0], (Json{{"key", "kopek"}, {"name", "Köpek"}}));
    EXPECT_EQ(j["attributes"][1]["datatype"], "number");

    // A service without questions has an empty list.
    Json plain = ParseJson(Get("/open311/v2/services/SU.FATURA.json").body);
    EXPECT_EQ(plain["attributes"], Json::array());
}

TEST_F(Open311, UnknownServiceOrJurisdictionIs404) {
    ExpectError(Get("/open311/v2/services/YOK.BOYLE.xml"), 404, true);
    ExpectError(Get("/open311/v2/services/SU.json"), 404, false);  // a top-level category is not a service
    ExpectError(Get("/open311/v2/services.xml?jurisdiction_id=ankara.bel.tr"), 404, true);
    ExpectError(Get("/open311/v2/requests.json?jurisdiction_id=ankara.bel.tr"), 404, false);
    EXPECT_EQ(Get("/open311/v2/services.xml?jurisdiction_id=samsun.bel.tr").status, 200);
    ExpectError(PostForm("/open311/v2/requests.xml", Form("&jurisdiction_id=ankara.bel.tr")), 404, true);
    Reply r = PostForm("/open311/v2/requests.json", "api_key=" + key_ + "&service_code=YOK.BOYLE&lat=41.2&long=36.3");
    ExpectError(r, 404, false);
    ExpectError(Get("/open311/v2/requests/2026-999999-0.xml"), 404, true);
    ExpectError(Get("/open311/v2/services.html"), 404, true);
    ExpectNothingWritten();
}

TEST_F(Open311, FiledRequestReadsBackInBothFormats) {
    std::string id = File(
        "&attribute%5Bsayac_no%5D=SYC-778&first_name=Ay%C5%9Fe&last_name=Kocaba%C5%9F"
        "&email=ayse.kocabas%40example.org&phone=0532+765+43+21&device_id=dev-1&account_id=acc-9"
        "&address_string=" +
        UrlEncode("Gazi Caddesi No 12"));
    ASSERT_FALSE(id.empty());

    Reply xr = Get("/open311/v2/requests/" + id + ".xml");
    ASSERT_EQ(xr.status, 200) << xr.body;
    auto doc = Xml(xr);
    auto req = doc.child("service_requests").child("request");
    EXPECT_EQ(ChildNames(req), kRequestElements);
    EXPECT_EQ(std::string(req.child_value("service_request_id")), id);
    EXPECT_STREQ(req.child_value("status"), "open");
    EXPECT_STREQ(req.child_value("service_code"), "SU.ARIZA");
    EXPECT_STREQ(req.child_value("agency_responsible"), "SASKİ Genel Müdürlüğü");
    EXPECT_STREQ(req.child_value("description"), "Sokakta boru patladı, su akıyor");
    for (const char* t : {"requested_datetime", "updated_datetime", "expected_datetime"}) {
        EXPECT_TRUE(std::regex_match(std::string(req.child_value(t)), kW3cTime)) << t << ": " << req.child_value(t);
    }
    EXPECT_STREQ(req.child_value("lat"), "41.2867");
    EXPECT_STREQ(req.child_value("long"), "36.33");
    EXPECT_NE(std::string(req.child_value("address")).find("Gazi Caddesi No 12"), std::string::npos);

    auto j = nlohmann::ordered_json::parse(Get("/open311/v2/requests/" + id + ".json").body);
    ASSERT_TRUE(j.is_array());
    ASSERT_EQ(j.size(), 1u);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j[0].items()) {
        keys.push_back(k);
    }
    EXPECT_EQ(keys, kRequestElements);
    EXPECT_EQ(j[0]["lat"], 41.2867);
    EXPECT_TRUE(std::regex_match(j[0]["requested_datetime"].get<std::string>(), kW3cTime));

    // Staff see the channel, the key that filed it and the answers; the citizen was recorded.
    Json staff = Staff(id);
    EXPECT_EQ(staff["channel"], "open311");
    EXPECT_EQ(staff["unit"], "SASKI");
    EXPECT_EQ(staff["api_key_id"], key_id_);
    EXPECT_EQ(staff["api_key_name"], "Kent Uygulaması");
    EXPECT_EQ(staff["attributes"], (Json{{"su_akiyor", "evet"}, {"sayac_no", "SYC-778"}}));
    ASSERT_TRUE(staff["citizen_id"].is_number());
}

TEST_F(Open311, ListAndDatetimeAnswersAreStored) {
    Reply r = PostForm("/open311/v2/requests.json",
                       "api_key=" + key_ +
                           "&service_code=YOL.CUKUR&lat=41.28&long=36.33&attribute%5Bbuyukluk%5D=buyuk"
                           "&attribute%5Btehlike%5D%5B%5D=arac&attribute%5Btehlike%5D%5B%5D=yaya&description=" +
                           UrlEncode("Kavşakta derin çukur"));
    ASSERT_EQ(r.status, 200) << r.body;
    Json staff = Staff(ParseJson(r.body)[0]["service_request_id"]);
    EXPECT_EQ(staff["attributes"], (Json{{"buyukluk", "buyuk"}, {"tehlike", {"arac", "yaya"}}}));

    Reply h = PostForm("/open311/v2/requests.xml", "api_key=" + key_ +
                                                       "&service_code=ATIK.HACIMLI&lat=41.33&long=36.27&attribute%5B"
                                                       "esyalar%5D=kanepe&attribute%5Buygun_tarih%5D=" +
                                                       UrlEncode("2026-12-01T10:00:00+03:00"));
    ASSERT_EQ(h.status, 200) << h.body;
    std::string id = Xml(h).child("service_requests").child("request").child_value("service_request_id");
    Json hs = Staff(id);
    EXPECT_EQ(hs["attributes"]["uygun_tarih"], "2026-12-01T10:00:00+03:00");
    // Without a description, the service's name describes the request.
    EXPECT_EQ(hs["description"], "Hacimli atık alımı");
}

TEST_F(Open311, PublicResponsesNeverCarryPersonalDataNotesOrStaff) {
    std::string id = File(
        "&first_name=Zehra&last_name=Karaku%C5%9Fo%C4%9Flu&email=zehra.k%40example.org"
        "&phone=0533+444+55+66");
    Json staff = Staff(id, "saski.personel");
    const std::string rid = std::to_string(staff["id"].get<std::int64_t>());
    S().PostOk("/api/v1/requests/" + rid + "/notes", "saski.personel",
               {{"text", "İç not: vana 3 numaralı ekipte"}, {"public", false}}, 201);
    S().PostOk("/api/v1/requests/" + rid + "/actions/resolve", "saski.personel",
               {{"answer", "Boru değiştirildi, su verildi."}});
    std::string everything;
    for (const std::string& path : std::vector<std::string>{
             "/open311/v2/requests/" + id + ".xml", "/open311/v2/requests/" + id + ".json", "/open311/v2/requests.xml",
             "/open311/v2/requests.json", "/open311/v2/servicerequestupdates.xml?api_key=" + key_,
             "/open311/v2/servicerequestupdates.json?api_key=" + key_}) {
        Reply r = Get(path);
        ASSERT_EQ(r.status, 200) << path;
        everything += r.body;
    }
    for (const char* secret : {"Karakuşoğlu", "zehra.k@example.org", "0533", "5334445566", "444 55 66", "İç not",
                               "vana 3", "Hasan Şahin", "saski.personel", "Kent Uygulaması", "Zehra"}) {
        EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
    }
    // Contact data typed into a description is masked in public, kept for staff.
    Reply typed_reply = PostForm("/open311/v2/requests.json",
                                 "api_key=" + key_ + "&service_code=SU.FATURA&lat=41.28&long=36.33&description=" +
                                     UrlEncode("Bana 0533 444 55 66 veya zehra.k@example.org adresinden ulaşın, "
                                               "29.11.2026'dan beri akıyor"));
    ASSERT_EQ(typed_reply.status, 200) << typed_reply.body;
    const std::string typed = ParseJson(typed_reply.body)[0]["service_request_id"];
    Json pub = ParseJson(Get("/open311/v2/requests/" + typed + ".json").body);
    EXPECT_EQ(pub[0]["description"], "Bana *** veya *** adresinden ulaşın, 29.11.2026'dan beri akıyor");
    EXPECT_NE(Staff(typed)["description"].get<std::string>().find("0533 444 55 66"), std::string::npos);
    // The public answer is the status note, and the request is closed for Open311.
    Json j = ParseJson(Get("/open311/v2/requests/" + id + ".json").body);
    EXPECT_EQ(j[0]["status"], "closed");
    EXPECT_EQ(j[0]["status_notes"], "Boru değiştirildi, su verildi.");
}

TEST_F(Open311, BatchServiceAnswersWithATokenThatResolves) {
    Reply r = PostForm("/open311/v2/requests.json", "api_key=" + key_ + "&service_code=GENEL.ONERI&address_id=" +
                                                        std::to_string(QueryInt(S().Db(),
                                                                                "SELECT min(id) FROM neighbourhoods "
                                                                                "WHERE district = 'ATAKUM'")) +
                                                        "&description=" + UrlEncode("Sahile bisiklet yolu yapılsın"));
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = ParseJson(r.body);
    ASSERT_TRUE(j[0].contains("token"));
    EXPECT_FALSE(j[0].contains("service_request_id"));
    const std::string token = j[0]["token"];
    EXPECT_EQ(token.size(), 32u);

    auto doc = Xml(Get("/open311/v2/tokens/" + token + ".xml"));
    auto req = doc.child("service_requests").child("request");
    std::string id = req.child_value("service_request_id");
    EXPECT_EQ(std::string(req.child_value("token")), token);
    Json tj = ParseJson(Get("/open311/v2/tokens/" + token + ".json").body);
    EXPECT_EQ(tj[0]["service_request_id"], id);
    // The id names the request that was filed, in the district of the neighbourhood given as address_id.
    Json staff = Staff(id);
    EXPECT_EQ(staff["category"], "GENEL.ONERI");
    EXPECT_EQ(staff["location"]["district"], "ATAKUM");
    Json pub = ParseJson(Get("/open311/v2/requests/" + id + ".json").body);
    EXPECT_NE(pub[0]["address"].get<std::string>().find("Atakum"), std::string::npos) << pub.dump();

    ExpectError(Get("/open311/v2/tokens/0123456789abcdef0123456789abcdef.xml"), 404, true);
}

TEST_F(Open311, RequestsListFiltersAndLimits) {
    std::string a = File();
    std::string b = File();
    // Ids: exactly those, other filters ignored.
    Json j = ParseJson(Get("/open311/v2/requests.json?service_request_id=" + a + "," + b + "&status=closed").body);
    ASSERT_EQ(j.size(), 2u);
    // Default: the last 90 days, at most 1,000, newest first, open and closed.
    Json all = ParseJson(Get("/open311/v2/requests.json").body);
    ASSERT_TRUE(all.is_array());
    EXPECT_LE(all.size(), 1000u);
    EXPECT_EQ(all[0]["service_request_id"], b);
    // The cut-off computed here, not with SQL's clock functions, so that the query runs on both backends.
    const std::int64_t since =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() -
        90 * 86400;
    const std::int64_t recent =
        QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE created_at >= " + std::to_string(since));
    EXPECT_EQ(static_cast<std::int64_t>(all.size()), std::min<std::int64_t>(recent, 1000));
    // service_code and status.
    Json su = ParseJson(Get("/open311/v2/requests.json?service_code=SU.ARIZA&status=open").body);
    ASSERT_FALSE(su.empty());
    for (const auto& r : su) {
        EXPECT_EQ(r["service_code"], "SU.ARIZA");
        EXPECT_EQ(r["status"], "open");
    }
    // Dates: a window in the future is empty; XML of an empty list is still well-formed.
    auto doc = Xml(Get("/open311/v2/requests.xml?start_date=2099-01-01T00:00:00Z&end_date=2099-02-01T00:00:00Z"));
    EXPECT_TRUE(doc.child("service_requests"));
    EXPECT_TRUE(doc.child("service_requests").children().begin() == doc.child("service_requests").children().end());
    Json window = ParseJson(
        Get("/open311/v2/requests.json?start_date=" + UrlEncode(all[0]["requested_datetime"].get<std::string>())).body);
    EXPECT_GE(window.size(), 1u);
}

TEST_F(Open311, ExtensionsNarrowOnlyWhenAsked) {
    std::string near = File();
    Reply far_reply = PostForm("/open311/v2/requests.json",
                               "api_key=" + key_ +
                                   "&service_code=SU.ARIZA&lat=41.10&long=36.60&attribute%5Bsu_akiyor%5D=hayir"
                                   "&description=Uzak");
    ASSERT_EQ(far_reply.status, 200) << far_reply.body;
    const std::string far_id = ParseJson(far_reply.body)[0]["service_request_id"];
    // Radius around the first point: the near one in, the far one (~30 km) out, and every result in range.
    Json circle = ParseJson(Get("/open311/v2/requests.json?lat=41.2867&long=36.33&radius=500").body);
    bool has_near = false;
    for (const auto& r : circle) {
        has_near = has_near || r["service_request_id"] == near;
        EXPECT_NE(r["service_request_id"], far_id);
    }
    EXPECT_TRUE(has_near);
    // Bounding box (west,south,east,north) around the far one only.
    Json box = ParseJson(Get("/open311/v2/requests.json?bbox=36.5,41.0,36.7,41.2").body);
    bool has_far = false;
    for (const auto& r : box) {
        has_far = has_far || r["service_request_id"] == far_id;
        EXPECT_GE(r["lat"].get<double>(), 41.0);
        EXPECT_LE(r["lat"].get<double>(), 41.2);
    }
    EXPECT_TRUE(has_far);
    // Paging: page 2 of size 1 is the second newest.
    Json p1 = ParseJson(Get("/open311/v2/requests.json?page_size=1").body);
    Json p2 = ParseJson(Get("/open311/v2/requests.json?page_size=1&page=2").body);
    ASSERT_EQ(p1.size(), 1u);
    ASSERT_EQ(p2.size(), 1u);
    EXPECT_EQ(p1[0]["service_request_id"], far_id);
    EXPECT_NE(p2[0]["service_request_id"], far_id);
    // updated_after: only what changed since.
    Json since = ParseJson(
        Get("/open311/v2/requests.json?updated_after=" + UrlEncode(p1[0]["updated_datetime"].get<std::string>())).body);
    for (const auto& r : since) {
        EXPECT_GT(r["updated_datetime"].get<std::string>(), p1[0]["updated_datetime"].get<std::string>());
    }
    // Bad extension values are 400.
    ExpectError(Get("/open311/v2/requests.json?bbox=1,2,3"), 400, false);
    ExpectError(Get("/open311/v2/requests.xml?radius=100"), 400, true);
    ExpectError(Get("/open311/v2/requests.xml?page_size=1001"), 400, true);
    ExpectError(Get("/open311/v2/requests.xml?updated_after=yesterday"), 400, true);
    // Bad standard parameters too.
    ExpectError(Get("/open311/v2/requests.json?status=fixed"), 400, false);
    ExpectError(Get("/open311/v2/requests.xml?start_date=29.11.2026"), 400, true);
    ExpectError(Get("/open311/v2/requests.xml?start_date=2026-11-02&end_date=2026-11-01"), 400, true);
    ExpectError(Get("/open311/v2/requests.json?service_code=%FF%FE"), 400, false);  // invalid UTF-8
}

TEST_F(Open311, BadSubmissionsAreRefusedAndWriteNothing) {
    struct Case {
        const char* what;
        std::string form;
        int status;
    };
    std::string long_text(4001, 'a');
    const std::string base = "&service_code=SU.ARIZA&lat=41.2867&long=36.33&attribute%5Bsu_akiyor%5D=evet";
    const std::vector<Case> cases = {
        {"no api key", base.substr(1), 403},
        {"wrong api key", "api_key=alo153_000000000000_" + std::string(64, '0') + base, 403},
        {"garbage api key", "api_key=nope" + base, 403},
        {"no service_code", "api_key=" + key_ + "&lat=41.2&long=36.3", 400},
        {"no location", "api_key=" + key_ + "&service_code=SU.ARIZA&attribute%5Bsu_akiyor%5D=evet", 400},
        {"lat without long", "api_key=" + key_ + "&service_code=SU.ARIZA&lat=41.2&attribute%5Bsu_akiyor%5D=evet", 400},
        {"malformed lat",
         "api_key=" + key_ +
             "&service_code=SU.ARIZA&lat=41,28&long=36.33"
             "&attribute%5Bsu_akiyor%5D=evet",
         400},
        {"malformed lat only", "api_key=" + key_ + "&service_code=SU.ARIZA&lat=abc&long=36.3", 400},
        {"outside Turkey",
         "api_key=" + key_ +
             "&service_code=SU.ARIZA&lat=48.85&long=2.35"
             "&attribute%5Bsu_akiyor%5D=evet",
         400},
        {"missing required attribute", "api_key=" + key_ + "&service_code=SU.ARIZA&lat=41.2&long=36.3", 400},
        {"empty required attribute",
         "api_key=" + key_ +
             "&service_code=SU.ARIZA&lat=41.2&long=36.3"
             "&attribute%5Bsu_akiyor%5D=",
         400},
        {"value not in the list",
         "api_key=" + key_ +
             "&service_code=SU.ARIZA&lat=41.2&long=36.3"
             "&attribute%5Bsu_akiyor%5D=belki",
         400},
        {"unknown attribute", Form("&attribute%5Brenk%5D=mavi"), 400},
        {"number attribute not a number",
         "api_key=" + key_ +
             "&service_code=ATIK.TOPLANMADI&lat=41.2&long=36.3"
             "&attribute%5Bgun_sayisi%5D=uc",
         400},
        {"datetime attribute not a time",
         "api_key=" + key_ +
             "&service_code=ATIK.HACIMLI&lat=41.2&long=36.3"
             "&attribute%5Besyalar%5D=kanepe&attribute%5Buygun_tarih%5D=yarin",
         400},
        {"two values for a single list", Form("&attribute%5Bsu_akiyor%5D=hayir"), 400},
        {"description over 4,000", "api_key=" + key_ + base + "&description=" + long_text, 400},
        {"invalid UTF-8", Form("&description=%FF%FEbozuk"), 400},
        {"invalid UTF-8 in a name", Form("&first_name=%C3%28"), 400},
        {"bad escape", Form("&description=%G1"), 400},
        {"bad phone", Form("&phone=12"), 400},
        {"bad email", Form("&email=not-an-address"), 400},
        {"unknown neighbourhood", "api_key=" + key_ + "&service_code=GENEL.ONERI&address_id=99999999", 400},
        {"address_id not a number", "api_key=" + key_ + "&service_code=GENEL.ONERI&address_id=x1", 400},
        {"media_url not http", Form("&media_url=javascript%3Aalert(1)"), 400},
        {"waste with an address text only (no district to route to)",
         "api_key=" + key_ + "&service_code=ATIK.SUPURME&address_string=Kale", 400},
    };
    for (const auto& c : cases) {
        for (bool xml : {true, false}) {
            Reply r = PostForm(std::string("/open311/v2/requests.") + (xml ? "xml" : "json"), c.form);
            ExpectError(r, c.status, xml);
            if (r.status != c.status) {
                ADD_FAILURE() << c.what << ": " << r.body;
            }
        }
    }
    // Not a form body at all.
    Reply json = S().Client().Post("/open311/v2/requests.json", "{\"service_code\":\"SU.ARIZA\"}",
                                   {{"Content-Type", "application/json"}});
    ExpectError(json, 400, false);
    ExpectNothingWritten();
}

TEST_F(Open311, RevokedKeyIsRefused) {
    Json key = S().PostOk("/api/v1/api-keys", "admin", {{"name", "Eski portal"}}, 201);
    const std::string secret = key["key"];
    Reply ok = PostForm("/open311/v2/requests.json", "api_key=" + secret +
                                                         "&service_code=SU.ARIZA&lat=41.28&long=36.33"
                                                         "&attribute%5Bsu_akiyor%5D=evet&description=Ok");
    EXPECT_EQ(ok.status, 200) << ok.body;
    Reply del = S().Call("DELETE", "/api/v1/api-keys/" + std::to_string(key["id"].get<std::int64_t>()), "admin");
    EXPECT_LT(del.status, 300) << del.body;
    before_ = Snapshot();
    ExpectError(PostForm("/open311/v2/requests.xml", "api_key=" + secret +
                                                         "&service_code=SU.ARIZA&lat=41.28&long=36.33"
                                                         "&attribute%5Bsu_akiyor%5D=evet&description=Ok"),
                403, true);
    ExpectError(Get("/open311/v2/servicerequestupdates.xml?api_key=" + secret), 403, true);
    ExpectNothingWritten();
}

TEST_F(Open311, FiledRequestReachesTheUnitQueueAndItsResolutionComesBackAsAnUpdate) {
    std::string id = File();
    // SASKİ's staff see it in their queue.
    Json queue = S().GetOk("/api/v1/requests?channel=open311&limit=200", "saski.personel");
    Json mine;
    for (const auto& r : queue["items"]) {
        if (r["tracking_number"] == id) {
            mine = r;
        }
    }
    ASSERT_FALSE(mine.is_null()) << "not in SASKİ's queue";
    EXPECT_EQ(mine["status"], "routed");
    const std::string rid = std::to_string(mine["id"].get<std::int64_t>());
    S().PostOk("/api/v1/requests/" + rid + "/actions/start", "saski.personel", Json::object());
    S().PostOk("/api/v1/requests/" + rid + "/actions/resolve", "saski.personel",
               {{"answer", "Arıza giderildi, hat yenilendi."}});

    auto doc = Xml(Get("/open311/v2/servicerequestupdates.xml?api_key=" + key_ + "&service_request_id=" + id));
    auto updates = doc.child("service_request_updates");
    ASSERT_TRUE(updates);
    std::vector<std::string> statuses;
    std::string last_description;
    std::int64_t last_id = 0;
    for (auto u : updates.children("request_update")) {
        EXPECT_EQ(ChildNames(u), (std::vector<std::string>{"update_id", "service_request_id", "status",
                                                           "updated_datetime", "description", "media_url"}));
        EXPECT_EQ(std::string(u.child_value("service_request_id")), id);
        EXPECT_TRUE(std::regex_match(std::string(u.child_value("updated_datetime")), kW3cTime));
        std::int64_t update_id = std::stoll(u.child_value("update_id"));
        EXPECT_GT(update_id, last_id);
        last_id = update_id;
        statuses.emplace_back(u.child_value("status"));
        last_description = u.child_value("description");
    }
    ASSERT_GE(statuses.size(), 3u);
    EXPECT_EQ(statuses.back(), "closed");
    EXPECT_EQ(last_description, "Arıza giderildi, hat yenilendi.");
    // The update_id is the event id.
    EXPECT_EQ(last_id,
              QueryInt(S().Db(), "SELECT max(id) FROM events WHERE request_id = " + rid + " AND kind = 'resolve'"));
}

TEST_F(Open311, ClientCommentsAndStillNotFixedReopens) {
    std::string id = File();
    Json staff = Staff(id, "saski.personel");
    const std::string rid = std::to_string(staff["id"].get<std::int64_t>());

    // A comment on an open request: recorded, visible in the feed, the request stays as it is.
    Reply c = PostForm("/open311/v2/servicerequestupdates.json",
                       "api_key=" + key_ + "&service_request_id=" + id +
                           "&description=" + UrlEncode("Su şimdi daha çok akıyor") + "&status=open");
    ASSERT_EQ(c.status, 200) << c.body;
    Json cj = ParseJson(c.body);
    EXPECT_EQ(cj[0]["status"], "open");
    EXPECT_EQ(Staff(id)["status"], "routed");
    Json feed = ParseJson(Get("/open311/v2/servicerequestupdates.json?api_key=" + key_).body);
    bool seen = false;
    for (const auto& u : feed) {
        seen = seen || (u["update_id"] == cj[0]["update_id"] && u["description"] == "Su şimdi daha çok akıyor");
    }
    EXPECT_TRUE(seen);

    // Resolved, then "still not fixed": reopened with a new due time, one transaction.
    S().PostOk("/api/v1/requests/" + rid + "/actions/resolve", "saski.personel", {{"answer", "Onarıldı."}});
    Reply x = PostForm("/open311/v2/servicerequestupdates.xml",
                       "api_key=" + key_ + "&service_request_id=" + id +
                           "&status=OPEN&description=" + UrlEncode("Hâlâ akıyor, düzelmedi"));
    ASSERT_EQ(x.status, 200) << x.body;
    auto doc = Xml(x);
    EXPECT_STREQ(doc.child("service_request_updates").child("request_update").child_value("status"), "open");
    Json after = Staff(id);
    EXPECT_EQ(after["status"], "reopened");
    Json pub = ParseJson(Get("/open311/v2/requests/" + id + ".json").body);
    EXPECT_EQ(pub[0]["status"], "open");
    // A comment without "open" on a closed request does not reopen it.
    S().PostOk("/api/v1/requests/" + rid + "/actions/resolve", "saski.personel", {{"answer", "Tekrar onarıldı."}});
    Reply thanks = PostForm("/open311/v2/servicerequestupdates.json",
                            "api_key=" + key_ + "&service_request_id=" + id + "&description=Te%C5%9Fekk%C3%BCrler");
    ASSERT_EQ(thanks.status, 200);
    EXPECT_EQ(Staff(id)["status"], "resolved");

    // Bad updates write nothing.
    before_ = Snapshot();
    ExpectError(PostForm("/open311/v2/servicerequestupdates.json", "service_request_id=" + id + "&description=x"), 403,
                false);
    ExpectError(PostForm("/open311/v2/servicerequestupdates.xml",
                         "api_key=" + key_ + "&service_request_id=" + id + "&description="),
                400, true);
    ExpectError(PostForm("/open311/v2/servicerequestupdates.xml",
                         "api_key=" + key_ + "&service_request_id=2026-999999-0&description=x"),
                404, true);
    ExpectError(PostForm("/open311/v2/servicerequestupdates.xml",
                         "api_key=" + key_ + "&service_request_id=" + id + "&description=x&status=fixed"),
                400, true);
    ExpectError(PostForm("/open311/v2/servicerequestupdates.json",
                         "api_key=" + key_ + "&service_request_id=" + id + "&description=" + std::string(4001, 'x')),
                400, false);
    ExpectError(Get("/open311/v2/servicerequestupdates.json"), 403, false);
    ExpectError(Get("/open311/v2/servicerequestupdates.json?api_key=" + key_ + "&start_date=dun"), 400, false);
    ExpectNothingWritten();
}

TEST_F(Open311, UpdatesFeedHonoursTheDateWindow) {
    std::string id = File();
    Json all =
        ParseJson(Get("/open311/v2/servicerequestupdates.json?api_key=" + key_ + "&service_request_id=" + id).body);
    ASSERT_GE(all.size(), 2u);
    Json none = ParseJson(
        Get("/open311/v2/servicerequestupdates.json?api_key=" + key_ + "&start_date=2099-01-01&end_date=2099-01-02")
            .body);
    EXPECT_EQ(none, Json::array());
    Json paged = ParseJson(Get("/open311/v2/servicerequestupdates.json?api_key=" + key_ + "&service_request_id=" + id +
                               "&page_size=1&page=2")
                               .body);
    ASSERT_EQ(paged.size(), 1u);
    EXPECT_EQ(paged[0]["update_id"], all[1]["update_id"]);
}

TEST_F(Open311, DiscoveryDocumentInBothFormats) {
    auto doc = Xml(Get("/open311/discovery.xml"));
    auto d = doc.child("discovery");
    ASSERT_TRUE(d);
    EXPECT_TRUE(std::regex_match(std::string(d.child_value("changeset")), kW3cTime));
    auto e = d.child("endpoints").child("endpoint");
    EXPECT_STREQ(e.child_value("specification"), "http://wiki.open311.org/GeoReport_v2");
    EXPECT_EQ(std::string(e.child_value("url")), "http://127.0.0.1:" + std::to_string(S().Port()) + "/open311/v2");
    EXPECT_STREQ(e.child("formats").child("format").child_value(), "text/xml");
    Json j = ParseJson(Get("/open311/discovery.json").body);
    EXPECT_EQ(j["endpoints"][0]["formats"], (Json{"text/xml", "application/json"}));
}

TEST_F(Open311, AttachedPhotoIsTheMediaUrl) {
    std::string id = File("&media_url=" + UrlEncode("https://example.org/foto/1.jpg"));
    Json pub = ParseJson(Get("/open311/v2/requests/" + id + ".json").body);
    EXPECT_EQ(pub[0]["media_url"], "https://example.org/foto/1.jpg");
    // A photo staff attach becomes the media URL, served without a session.
    Json staff = Staff(id, "saski.personel");
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
    Reply up = S().Call("POST", "/api/v1/requests/" + std::to_string(staff["id"].get<std::int64_t>()) + "/photos",
                        "saski.personel", png, {{"Content-Type", "image/png"}});
    ASSERT_EQ(up.status, 201) << up.body;
    pub = ParseJson(Get("/open311/v2/requests/" + id + ".json").body);
    std::string url = pub[0]["media_url"];
    const std::string prefix = "http://127.0.0.1:" + std::to_string(S().Port());
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    Reply img = Get(url.substr(prefix.size()));
    EXPECT_EQ(img.status, 200);
    EXPECT_EQ(img.body, png);
    ExpectError(Get("/open311/v2/requests/" + id + "/media/" + std::string(64, '0')), 404, true);
}

}  // namespace
}  // namespace alo153::test

namespace alo153::test {
namespace {

// The jurisdiction and the public address are settings (TOML or ALO153_* environment), checked at start-up.
TEST(Open311Settings, JurisdictionAndPublicUrlComeFromTheEnvironment) {
    TempDir dir;
    const std::string db = dir.File("o.db");
    CopyDatabase(DemoTemplate(), db);
    ServerProcess server(
        Binary(), db, {},
        {{"ALO153_OPEN311_JURISDICTION", "ornek.bel.tr"}, {"ALO153_PUBLIC_URL", "https://alo153.ornek.bel.tr/"}});
    TestClient client(server.Port());
    EXPECT_EQ(client.Get("/open311/v2/services.json?jurisdiction_id=ornek.bel.tr").status, 200);
    EXPECT_EQ(client.Get("/open311/v2/services.json?jurisdiction_id=samsun.bel.tr").status, 404);
    Json discovery = ParseJson(client.Get("/open311/discovery.json").body);
    EXPECT_EQ(discovery["endpoints"][0]["url"], "https://alo153.ornek.bel.tr/open311/v2");
}

TEST(Open311Settings, ABadJurisdictionStopsTheServerNamingTheSetting) {
    TempDir dir;
    const std::string db = dir.File("o.db");
    CopyDatabase(DemoTemplate(), db);
    CommandResult r = RunCli(db, {"serve", "--port", "0"}, {{"ALO153_OPEN311_JURISDICTION", "Samsun Belediyesi"}});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("open311.jurisdiction_id"), std::string::npos) << r.err;
    CommandResult url = RunCli(db, {"serve", "--port", "0"}, {{"ALO153_PUBLIC_URL", "alo153.samsun.bel.tr"}});
    EXPECT_NE(url.exit_code, 0);
    EXPECT_NE(url.err.find("server.public_url"), std::string::npos) << url.err;
}

}  // namespace
}  // namespace alo153::test
