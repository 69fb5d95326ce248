// Finding things over HTTP: Turkish full-text search, cursor pagination; and contacts with their figures.
#include <set>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

std::set<std::int64_t> Ids(const Json& page) {
    std::set<std::int64_t> ids;
    for (const auto& item : page["items"]) {
        ids.insert(item["id"].get<std::int64_t>());
    }
    return ids;
}

class Search : public ServerSuite<Search> {};

TEST_F(Search, FoldsTurkishLettersAndCase) {
    const Json cop = S().PostOk("/api/v1/requests", "cagri1",
                                {{"category", "ATIK.TOPLANMADI"},
                                 {"description", "Çöp toplanmadı, sokak kokuyor"},
                                 {"location", {{"district", "CANIK"}}}},
                                201);
    const Json iskele = S().PostOk("/api/v1/requests", "cagri1",
                                   {{"category", "YOL.KORKULUK"},
                                    {"description", "Sahildeki iskele korkuluğu kırılmış"},
                                    {"location", {{"district", "ATAKUM"}, {"address_text", "Çarşı iskelesi yanı"}}}},
                                   201);
    const std::int64_t cop_id = cop["id"];
    const std::int64_t iskele_id = iskele["id"];

    for (const char* q : {"cop toplanmadi", "ÇÖP TOPLANMADI", "Çöp", "toplanmadi kokuyor"}) {
        EXPECT_TRUE(Ids(S().GetOk("/api/v1/requests?q=" + UrlEncode(q), "cagri1")).count(cop_id)) << q;
    }
    for (const char* q : {"ISKELE", "iskele", "İSKELE", "korkulugu kirilmis", "carsi"}) {
        EXPECT_TRUE(Ids(S().GetOk("/api/v1/requests?q=" + UrlEncode(q), "cagri1")).count(iskele_id)) << q;
    }
    // Every word must match; an unrelated word finds nothing of ours.
    EXPECT_FALSE(Ids(S().GetOk("/api/v1/requests?q=" + UrlEncode("cop zeplin"), "cagri1")).count(cop_id));
    EXPECT_TRUE(S().GetOk("/api/v1/requests?q=" + UrlEncode("qqzzxxyy"), "cagri1")["items"].empty());
    // FTS5 syntax in the query is taken as plain words, not an error.
    EXPECT_EQ(S().Get("/api/v1/requests?q=" + UrlEncode("cop\" OR NEAR(* -"), "cagri1").status, 200);
}

TEST_F(Search, FindsNotesToo) {
    const Json r = S().PostOk("/api/v1/requests", "cagri1", NewRequestBody("Kanalizasyon taşıyor"), 201);
    const std::string id = std::to_string(r["id"].get<std::int64_t>());
    S().PostOk("/api/v1/requests/" + id + "/notes", "saski.personel", {{"text", "Mazgal ızgarası tıkalı"}}, 201);
    EXPECT_TRUE(Ids(S().GetOk("/api/v1/requests?q=" + UrlEncode("MAZGAL IZGARASI"), "saski.personel"))
                    .count(r["id"].get<std::int64_t>()));
}

class Pagination : public ServerSuite<Pagination> {
  protected:
    /// Walks every page of `query` with limit=7; checks there are no duplicates and returns the ids in order.
    static std::vector<std::int64_t> Walk(const std::string& query, const std::string& user) {
        std::vector<std::int64_t> ids;
        std::set<std::int64_t> seen;
        std::string cursor;
        for (int page = 0; page < 1000; ++page) {
            Json j = S().GetOk("/api/v1/requests?limit=7&" + query + (cursor.empty() ? "" : "&cursor=" + cursor), user);
            EXPECT_LE(j["items"].size(), 7u);
            for (const auto& item : j["items"]) {
                const std::int64_t id = item["id"];
                EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id << " on page " << page;
                ids.push_back(id);
            }
            if (j["next_cursor"].is_null()) {
                EXPECT_FALSE(j["items"].empty() && page > 0) << "an empty last page";
                return ids;
            }
            cursor = UrlEncode(j["next_cursor"].get<std::string>());
        }
        ADD_FAILURE() << "more than 1000 pages";
        return ids;
    }
};

TEST_F(Pagination, WalksEveryPageOnceNewestFirst) {
    const auto ids = Walk("unit=SASKI", "amir");
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()),
              QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE unit = 'SASKI'"));
    EXPECT_GT(ids.size(), 14u) << "enough for several pages";
    EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend())) << "newest (highest id) first";
}

TEST_F(Pagination, WalksCombinedFiltersAndDueOrder) {
    auto ids = Walk("status=closed&status=resolved&district=ILKADIM", "amir");
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()),
              QueryInt(S().Db(),
                       "SELECT count(*) FROM requests WHERE status IN ('closed', 'resolved') "
                       "AND district = 'ILKADIM'"));
    ids = Walk("sort=due", "saski.personel");
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()),
              QueryInt(S().Db(), "SELECT count(*) FROM requests WHERE unit = 'SASKI'"));
    ids = Walk("", "cagri1");
    EXPECT_EQ(static_cast<std::int64_t>(ids.size()), QueryInt(S().Db(), "SELECT count(*) FROM requests"));
}

TEST_F(Pagination, RejectsBadCursorsAndLimits) {
    for (const char* q : {"cursor=abc", "cursor=-5", "limit=0", "limit=201", "limit=yedi", "sort=random"}) {
        EXPECT_TRUE(IsProblem(S().Get(std::string("/api/v1/requests?") + q, "amir"), 400, "validation")) << q;
    }
}

class Contacts : public ServerSuite<Contacts> {};

TEST_F(Contacts, InformedCallRecordsTheArticleAndCountsInTheFigures) {
    const Json articles = S().GetOk("/api/v1/articles?q=su", "cagri1");
    ASSERT_FALSE(articles["items"].empty());
    const std::int64_t article_id = articles["items"][0]["id"];
    const Json before = S().GetOk("/api/v1/stats", "amir");

    const Json started =
        S().PostOk("/api/v1/contacts", "cagri1", {{"channel", "phone"}, {"caller_phone", "0532 444 55 66"}}, 201);
    ASSERT_TRUE(started["id"].is_number_integer()) << started;
    EXPECT_TRUE(started["outcome"].is_null());
    const std::string id = std::to_string(started["id"].get<std::int64_t>());
    const Json ended = S().PostOk("/api/v1/contacts/" + id + "/end", "cagri1",
                                  {{"outcome", "informed"}, {"article_id", article_id}, {"note", "Kesinti bilgisi"}});
    EXPECT_EQ(ended["outcome"], "informed");
    EXPECT_EQ(ended["article_id"], article_id);
    EXPECT_FALSE(ended["ended_at"].is_null());
    EXPECT_TRUE(ended["request_id"].is_null());

    const Json again = S().GetOk("/api/v1/contacts/" + id, "cagri1");
    EXPECT_EQ(again["article_id"], article_id);
    EXPECT_EQ(again["caller_phone"], "+905324445566");
    const Json by_phone = S().GetOk("/api/v1/citizens?phone=" + UrlEncode("05324445566"), "cagri1");
    ASSERT_EQ(by_phone["contacts"].size(), 1u) << by_phone;
    EXPECT_EQ(by_phone["contacts"][0]["id"], started["id"]);

    // A call that was answered on the spot: one more contact, "informed", and no request.
    const Json after = S().GetOk("/api/v1/stats", "amir");
    auto n = [](const Json& j, const char* pointer) {
        Json::json_pointer p(pointer);
        return j.contains(p) ? j[p].get<std::int64_t>() : 0;
    };
    EXPECT_EQ(n(after, "/contacts/total"), n(before, "/contacts/total") + 1);
    EXPECT_EQ(n(after, "/contacts/by_outcome/informed"), n(before, "/contacts/by_outcome/informed") + 1);
    EXPECT_EQ(n(after, "/contacts/by_channel/phone"), n(before, "/contacts/by_channel/phone") + 1);
    EXPECT_EQ(n(after, "/requests/total"), n(before, "/requests/total"));

    // A contact ends once; a second end changes nothing, in the figures either.
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/contacts/" + id + "/end", "cagri1", {{"outcome", "dropped"}}), 409,
                          "illegal-transition"));
    const Json later = S().GetOk("/api/v1/stats", "amir");
    EXPECT_EQ(later["contacts"], after["contacts"]);
    EXPECT_EQ(S().GetOk("/api/v1/contacts/" + id, "cagri1")["outcome"], "informed");
}

TEST_F(Contacts, BadOutcomesAndArticlesAreRejected) {
    const Json started = S().PostOk("/api/v1/contacts", "cagri1", {{"caller_phone", "0532 444 55 77"}}, 201);
    const std::string end = "/api/v1/contacts/" + std::to_string(started["id"].get<std::int64_t>()) + "/end";
    const RowCounts before = CountRows(S().Db());
    EXPECT_TRUE(IsProblem(S().Post(end, "cagri1", {{"outcome", "bilinmiyor"}}), 422, "unknown-reference"));
    EXPECT_TRUE(IsProblem(S().Post(end, "cagri1", Json::object()), 400, "validation"));
    EXPECT_TRUE(
        IsProblem(S().Post(end, "cagri1", {{"outcome", "informed"}, {"article_id", 99999}}), 422, "unknown-reference"));
    EXPECT_TRUE(
        IsProblem(S().Post("/api/v1/contacts/99999999/end", "cagri1", {{"outcome", "dropped"}}), 404, "not-found"));
    EXPECT_EQ(CountRows(S().Db()), before);
    EXPECT_EQ(S().GetOk("/api/v1/contacts/" + std::to_string(started["id"].get<std::int64_t>()), "cagri1")["outcome"],
              nullptr);
}

}  // namespace
}  // namespace alo153::test
