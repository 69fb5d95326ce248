// The category classifier through the real binary: POST /api/v1/classify, the suggestion recorded on create and
// its figure, /readyz without a model, training while serving (picked up without a restart), and the CLI.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/live_server.hpp"

namespace alo153::test {
namespace {

Json PostClassify(TestClient& client, const Json& body, int expected_status = 200) {
    Reply r = client.Post("/api/v1/classify", body.dump(), {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, expected_status) << r.body;
    return ParseJson(r.body);
}

std::vector<Json> JsonLines(const std::string& text) {
    std::vector<Json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(ParseJson(line));
    }
    return out;
}

class Classify : public ServerSuite<Classify> {};

TEST_F(Classify, ServesWithoutAModelAndSaysSoInReadyz) {
    Reply ready = S().Get("/readyz", "");
    ASSERT_EQ(ready.status, 200) << ready.body;
    Json j = ParseJson(ready.body);
    EXPECT_EQ(j["checks"]["classifier"], "keywords") << ready.body;
    EXPECT_NE(j["detail"]["classifier"].get<std::string>().find("Model dosyası yok"), std::string::npos);
    EXPECT_NE(S().Get("/metrics", "").body.find("\nalo153_classifier_model_loaded 0"), std::string::npos);
}

TEST_F(Classify, SuggestsWithoutLoginFromTheCatalogKeywords) {
    Json j = PostClassify(S().Client(), {{"text", "Sokakta boru patladı, su akıyor"}});
    ASSERT_FALSE(j["suggestions"].empty()) << j;
    EXPECT_EQ(j["source"], "keywords");
    const Json& first = j["suggestions"][0];
    EXPECT_EQ(first["category"], "SU.ARIZA");
    EXPECT_EQ(first["top"], "SU");
    EXPECT_EQ(first["unit"], "SASKI");
    EXPECT_FALSE(first["name"].get<std::string>().empty());
    EXPECT_EQ(first["top_name"], "Su ve Kanalizasyon");
    EXPECT_GT(first["score"].get<double>(), 0.0);
    // The same with a staff session.
    Reply staff = S().Post("/api/v1/classify", "cagri1", Json{{"text", "cop toplanmadi"}, {"top", 1}});
    ASSERT_EQ(staff.status, 200) << staff.body;
    EXPECT_EQ(ParseJson(staff.body)["suggestions"].size(), 1u);
}

TEST_F(Classify, DistrictDecidesTheUnitOfWaste) {
    Json without = PostClassify(S().Client(), {{"text", "Çöpler üç gündür toplanmadı"}});
    ASSERT_FALSE(without["suggestions"].empty());
    EXPECT_EQ(without["suggestions"][0]["top"], "ATIK");
    EXPECT_TRUE(without["suggestions"][0]["unit"].is_null());
    Json with = PostClassify(S().Client(), {{"text", "Çöpler üç gündür toplanmadı"}, {"district", "ATAKUM"}});
    EXPECT_EQ(with["suggestions"][0]["unit"], "ILCE_ATAKUM");
}

TEST_F(Classify, BadInputGetsAClearAnswerAndWritesNothing) {
    RowCounts before = CountRows(S().Db());
    auto& c = S().Client();
    const Headers json = {{"Content-Type", "application/json"}};
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", "{not json", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", "[1,2]", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", R"({"text": 42})", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", R"({})", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", R"({"text": "su", "top": 0})", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", R"({"text": "su", "top": "3"})", json), 400, "validation"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", R"({"text": "su", "district": "PARIS"})", json), 422,
                          "unknown-reference"));
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", "text=su", {{"Content-Type", "text/plain"}}), 415,
                          "unsupported-media-type"));
    for (const char* text : {"", "    ", "?!?! ... ---", "\xF0\x9F\x98\xA1\xF0\x9F\x98\xA1\xF0\x9F\x91\x8E"}) {
        Json j = PostClassify(c, {{"text", text}});
        EXPECT_TRUE(j["suggestions"].empty()) << text;
        EXPECT_EQ(j["source"], "none") << text;
    }
    std::string paste;
    while (paste.size() < 100 * 1024) {
        paste += "Sokak lambası yanmıyor, her yer karanlık. ";
    }
    Json big = PostClassify(c, {{"text", paste}});
    ASSERT_FALSE(big["suggestions"].empty());
    EXPECT_EQ(big["suggestions"][0]["top"], "AYDINLATMA");
    EXPECT_TRUE(IsProblem(c.Post("/api/v1/classify", Json{{"text", std::string(2 * 1024 * 1024, 'a')}}.dump(), json),
                          413, "payload-too-large"));
    EXPECT_EQ(CountRows(S().Db()), before);
}

TEST_F(Classify, SuggestionShownIsRecordedOnCreateAndCounted) {
    Json taken = NewRequestBody("Boru patladı", "0532 700 00 01");
    taken["suggested_category"] = "SU.ARIZA";
    Json a = S().PostOk("/api/v1/requests", "cagri1", taken, 201);
    EXPECT_EQ(a["suggested_category"], "SU.ARIZA");
    EXPECT_EQ(a["suggestion_accepted"], true);
    Json overruled = NewRequestBody("Boru patladı ama yol da çöktü", "0532 700 00 02");
    overruled["suggested_category"] = "YOL.COKME";
    Json b = S().PostOk("/api/v1/requests", "cagri1", overruled, 201);
    EXPECT_EQ(b["suggestion_accepted"], false);
    Json none = S().PostOk("/api/v1/requests", "cagri1", NewRequestBody("Su yok", "0532 700 00 03"), 201);
    EXPECT_TRUE(none["suggested_category"].is_null());
    EXPECT_TRUE(none["suggestion_accepted"].is_null());
    Json read = S().GetOk("/api/v1/requests/" + std::to_string(b["id"].get<std::int64_t>()), "cagri1");
    EXPECT_EQ(read["suggested_category"], "YOL.COKME");

    RowCounts before = CountRows(S().Db());
    Json unknown = NewRequestBody("Boru patladı", "0532 700 00 04");
    unknown["suggested_category"] = "SU.YOK_BOYLE";
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/requests", "cagri1", unknown), 422, "unknown-reference"));
    unknown["suggested_category"] = 7;
    EXPECT_TRUE(IsProblem(S().Post("/api/v1/requests", "cagri1", unknown), 400, "validation"));
    EXPECT_EQ(CountRows(S().Db()), before);

    Json stats = S().GetOk("/api/v1/stats/suggestions", "amir");
    EXPECT_EQ(stats["total_shown"], 2);
    EXPECT_EQ(stats["accepted"], 1);
    EXPECT_DOUBLE_EQ(stats["accepted_pct"].get<double>(), 50.0);
    ASSERT_EQ(stats["by_category"].size(), 2u);
    EXPECT_EQ(stats["by_category"][0]["category"], "SU.ARIZA");
    EXPECT_DOUBLE_EQ(stats["by_category"][0]["accepted_pct"].get<double>(), 100.0);
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/stats/suggestions?from=2026-13-01", "amir"), 400, "validation"));
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/stats/suggestions", "saski.personel"), 403, "forbidden"));
    EXPECT_TRUE(IsProblem(S().Get("/api/v1/stats/suggestions", ""), 401, "unauthenticated"));
}

/// A server on its own demo copy that looks at its model file every second.
struct WatchedServer {
    TempDir dir;
    std::string db = dir.File("alo153.db");
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<TestClient> client;

    explicit WatchedServer(const std::string& model_bytes = {}) {
        CopyDatabase(DemoTemplate(), db);
        if (!model_bytes.empty()) {
            std::ofstream(dir.File("classifier.ftz"), std::ios::binary) << model_bytes;
        }
        server = std::make_unique<ServerProcess>(Binary(), db, std::vector<std::string>{},
                                                 Environment{{"ALO153_CLASSIFIER_RELOAD_SECONDS", "1"}});
        client = std::make_unique<TestClient>(server->Port());
    }
    Json Ready() { return ParseJson(client->Get("/readyz").body); }
};

TEST(ClassifyTraining, TrainWhileServingIsPickedUpWithoutARestart) {
    WatchedServer w;
    EXPECT_EQ(w.Ready()["checks"]["classifier"], "keywords");
    // A small run (few epochs, small vectors): the demo history and the built-in corpus.
    CommandResult trained =
        RunCli(w.db, {"classify", "train", "--epochs", "8", "--dim", "24", "--threads", "1", "--bucket", "50000"});
    ASSERT_EQ(trained.exit_code, 0) << trained.err;
    EXPECT_NE(trained.out.find("resolved requests read"), std::string::npos) << trained.out;
    ASSERT_TRUE(std::filesystem::exists(w.dir.File("classifier.ftz")));
    for (const auto& entry : std::filesystem::directory_iterator(w.dir.Path())) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
    }
    Json ready;
    for (int i = 0; i < 50 && ready["checks"]["classifier"] != "model"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        ready = w.Ready();
    }
    ASSERT_EQ(ready["checks"]["classifier"], "model") << ready;
    Json j = PostClassify(*w.client, {{"text", "mahallede sokak lambalari yanmiyor"}});
    EXPECT_EQ(j["source"], "model");
    ASSERT_FALSE(j["suggestions"].empty());
    EXPECT_EQ(j["suggestions"][0]["top"], "AYDINLATMA") << j;
    EXPECT_FALSE(j["low_confidence"].get<bool>()) << j;

    // The CLI: one JSON object per input line, in order, with the same model.
    CommandResult cli = RunCommand("/bin/sh",
                                   {"-c", "printf 'Su borusu patladi\\n\\n!!!\\nyolda cukur var\\n' | '" + Binary() +
                                              "' --db '" + w.db + "' classify --top 2"},
                                   w.dir.Path().string());
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    auto lines = JsonLines(cli.out);
    ASSERT_EQ(lines.size(), 4u) << cli.out;
    EXPECT_EQ(lines[0]["text"], "Su borusu patladi");
    ASSERT_EQ(lines[0]["suggestions"].size(), 2u);
    EXPECT_EQ(lines[0]["suggestions"][0]["top"], "SU");
    EXPECT_EQ(lines[0]["suggestions"][0]["unit"], "SASKI");
    EXPECT_TRUE(lines[1]["suggestions"].empty());
    EXPECT_TRUE(lines[2]["suggestions"].empty());
    EXPECT_EQ(lines[3]["suggestions"][0]["top"], "YOL");

    // eval: figures on a CODES<TAB>TEXT file; a malformed file is refused.
    std::ofstream(w.dir.File("eval.tsv")) << "SU\tsu borusu patladi\nYOL|TRAFIK\tyolda cukur var\n";
    CommandResult eval = RunCli(w.db, {"classify", "eval", w.dir.File("eval.tsv")});
    ASSERT_EQ(eval.exit_code, 0) << eval.err;
    EXPECT_NE(eval.out.find("examples 2"), std::string::npos) << eval.out;
    EXPECT_NE(eval.out.find("confusion"), std::string::npos) << eval.out;
    std::ofstream(w.dir.File("bad.tsv")) << "SU su borusu patladi\n";
    CommandResult bad = RunCli(w.db, {"classify", "eval", w.dir.File("bad.tsv")});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("satır 1"), std::string::npos) << bad.err;

    // A broken file replacing the model: the loaded model keeps serving, and readyz says what happened.
    std::ofstream(w.dir.File("classifier.ftz.new"), std::ios::binary) << std::string(1000, 'x');
    std::filesystem::rename(w.dir.File("classifier.ftz.new"), w.dir.File("classifier.ftz"));
    for (int i = 0; i < 50 && ready["detail"]["classifier"].get<std::string>().find("okunamadı") == std::string::npos;
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        ready = w.Ready();
    }
    EXPECT_EQ(ready["checks"]["classifier"], "model") << ready;
    EXPECT_NE(ready["detail"]["classifier"].get<std::string>().find("okunamadı"), std::string::npos) << ready;
    EXPECT_EQ(PostClassify(*w.client, {{"text", "sokak lambasi yanmiyor"}})["source"], "model");
}

TEST(ClassifyTraining, CorruptModelAtStartServesOnKeywords) {
    WatchedServer w(std::string("\x00\x01garbage, not a fastText model", 31));
    Json ready = w.Ready();
    EXPECT_EQ(ready["status"], "ready");
    EXPECT_EQ(ready["checks"]["classifier"], "keywords") << ready;
    EXPECT_NE(ready["detail"]["classifier"].get<std::string>().find("okunamadı"), std::string::npos) << ready;
    Json j = PostClassify(*w.client, {{"text", "Sokakta boru patladı"}});
    EXPECT_EQ(j["source"], "keywords");
    EXPECT_EQ(j["suggestions"][0]["top"], "SU");
    CommandResult missing = RunCli(w.db, {"classify", "--model", w.dir.File("nope.ftz")});
    EXPECT_EQ(missing.exit_code, 0) << missing.err;  // stdin is empty: nothing to classify, no crash
}

}  // namespace
}  // namespace alo153::test
