#include "routing/classifier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "routing/classifier_eval.hpp"

namespace alo153::routing {
namespace {

using core::ErrorCode;
using core::UnitKind;

/// A small catalog: three top-level categories, one of them routed to the district municipality.
Catalog SmallCatalog(bool with_new_category = false) {
    std::vector<core::Unit> units = {
        {.code = "SASKI", .kind = UnitKind::kCompany},
        {.code = "FEN", .kind = UnitKind::kInternal},
        {.code = "ILCE_ATAKUM", .kind = UnitKind::kDistrict, .district = "ATAKUM"},
    };
    std::vector<core::Category> categories = {
        {.code = "SU", .name_tr = "Su", .unit = "SASKI", .keywords = "su|saski"},
        {.code = "SU.ARIZA", .parent = "SU", .name_tr = "Su arızası", .keywords = "boru patladı|su kaçağı|arıza"},
        {.code = "SU.FATURA", .parent = "SU", .name_tr = "Su faturası", .keywords = "fatura|tahakkuk"},
        {.code = "YOL", .name_tr = "Yol", .unit = "FEN", .keywords = "yol|asfalt"},
        {.code = "YOL.CUKUR", .parent = "YOL", .name_tr = "Çukur", .keywords = "çukur|asfalt bozuk"},
        {.code = "YOL.KALDIRIM", .parent = "YOL", .name_tr = "Kaldırım", .keywords = "kaldırım|bordür"},
        {.code = "ATIK", .name_tr = "Çöp", .unit = "@district", .keywords = "çöp"},
        {.code = "ATIK.TOPLANMADI", .parent = "ATIK", .name_tr = "Çöp toplanmadı", .keywords = "çöp toplanmadı"},
        {.code = "ATIK.KONTEYNER", .parent = "ATIK", .name_tr = "Konteyner", .keywords = "konteyner|çöp kutusu"},
        {.code = "ATIK.ESKI", .parent = "ATIK", .name_tr = "Eski", .keywords = "eskimiş konu", .active = false},
    };
    if (with_new_category) {
        categories.push_back({.code = "YOL.KAR",
                              .parent = "YOL",
                              .name_tr = "Kar ve buzlanma",
                              .keywords = "kar küreme|buzlanma|tuzlama"});
    }
    std::vector<core::District> districts = {{"ATAKUM", "Atakum", 41.33, 36.27}};
    return Catalog(std::move(units), std::move(categories), std::move(districts), {}, {});
}

std::vector<LabelledText> SmallCorpus() {
    return {
        {"SU.ARIZA", "Sokakta boru patladı, su akıyor"},
        {"SU.ARIZA", "yolun altından su fışkırıyor kaçak var"},
        {"SU.ARIZA", "Ana hat patlak, su boşa akıyor"},
        {"SU.ARIZA", "Şebeke borusu sızdırıyor, her yer su"},
        {"SU.ARIZA", "vana kaçırıyor su akıyor"},
        {"SU.ARIZA", "Su borusu patlamış sabahtan beri akıyor"},
        {"SU.FATURA", "Su faturam çok yüksek geldi"},
        {"SU.FATURA", "faturaya itiraz etmek istiyorum"},
        {"SU.FATURA", "Tahakkuk hatalı, fazla ödeme çıkmış"},
        {"SU.FATURA", "Su borcumu taksitle ödemek istiyorum"},
        {"SU.FATURA", "bu ay iki fatura geldi"},
        {"SU.FATURA", "Fatura tutarı tüketimimden fazla"},
        {"YOL.CUKUR", "Yolda büyük bir çukur var"},
        {"YOL.CUKUR", "asfalt bozuldu çukurlar oluştu"},
        {"YOL.CUKUR", "Çukura girdim lastiğim patladı"},
        {"YOL.CUKUR", "Caddede asfalt parçalanmış"},
        {"YOL.CUKUR", "yol delik deşik yama yapılsın"},
        {"YOL.CUKUR", "Asfaltta derin çukur, araçlar vuruyor"},
        {"YOL.KALDIRIM", "Kaldırım taşları yerinden çıkmış"},
        {"YOL.KALDIRIM", "kaldırım kırık yürüyemiyoruz"},
        {"YOL.KALDIRIM", "Bordür taşları dağılmış"},
        {"YOL.KALDIRIM", "Okulun önündeki kaldırım çöktü"},
        {"YOL.KALDIRIM", "kaldırıma parke döşensin"},
        {"YOL.KALDIRIM", "Kaldırım çok dar ve bozuk"},
        {"ATIK.TOPLANMADI", "Çöpler üç gündür toplanmadı"},
        {"ATIK.TOPLANMADI", "çöp arabası gelmedi her yer çöp"},
        {"ATIK.TOPLANMADI", "Çöpler alınmıyor koku var"},
        {"ATIK.TOPLANMADI", "Sokağın çöpü toplanmıyor"},
        {"ATIK.TOPLANMADI", "çöpçüler uğramadı"},
        {"ATIK.TOPLANMADI", "Çöp toplama yapılmadı"},
        {"ATIK.KONTEYNER", "Konteynerin kapağı kırık"},
        {"ATIK.KONTEYNER", "sokağa çöp konteyneri konsun"},
        {"ATIK.KONTEYNER", "Çöp kutusu yandı yenisi lazım"},
        {"ATIK.KONTEYNER", "konteynerin yeri değişsin"},
        {"ATIK.KONTEYNER", "Konteyner yetmiyor bir tane daha"},
        {"ATIK.KONTEYNER", "Çöp bidonu devrildi, tekerleği kırık"},
    };
}

TrainOptions FastOptions() {
    TrainOptions o;
    o.dim = 16;
    o.epochs = 50;
    o.bucket = 20000;
    o.threads = 1;
    return o;
}

/// A model trained once for the whole suite (a fraction of a second), in a temporary directory.
class ClassifierModelTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                         ("alo153-classifier-test-" + std::to_string(::getpid())));
        std::filesystem::create_directories(*dir_);
        auto trained = ClassifierModel::Train(SmallCorpus(), FastOptions(), Path("model.bin"));
        ASSERT_TRUE(trained.ok()) << trained.error().detail;
        auto loaded = ClassifierModel::Load(Path("model.bin"));
        ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
        model_ = new ClassifierModelPtr(*loaded);
    }
    static void TearDownTestSuite() {
        delete model_;
        std::filesystem::remove_all(*dir_);
        delete dir_;
    }
    static std::string Path(const std::string& name) { return (*dir_ / name).string(); }
    static void WriteFile(const std::string& path, const std::string& bytes) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    }
    static std::string ReadFile(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    Suggestions Run(std::string_view text, const std::string& district = "", const Catalog& catalog = SmallCatalog()) {
        KeywordIndex keywords(catalog);
        return Suggest(catalog, keywords, model_->get(), text, district, 3);
    }

    static std::filesystem::path* dir_;
    static ClassifierModelPtr* model_;
};
std::filesystem::path* ClassifierModelTest::dir_ = nullptr;
ClassifierModelPtr* ClassifierModelTest::model_ = nullptr;

TEST(ClassifierText, FoldsTurkishAndDropsPunctuation) {
    EXPECT_EQ(ClassifierText("ÇÖP TOPLANMADI!!! (Atakum'da)"), "cop toplanmadi atakum da");
    EXPECT_EQ(ClassifierText("cop toplanmadi atakumda"), "cop toplanmadi atakumda");
}

TEST(ClassifierText, CutsALongPasteAtACharacterBoundary) {
    std::string paste;
    while (paste.size() < 100 * 1024) {
        paste += "ğ";  // two bytes each: a cut in the middle would leave half a letter
    }
    std::string folded = ClassifierText(paste);
    EXPECT_EQ(folded, std::string(kMaxClassifiedBytes / 2, 'g'));
    std::string odd = "x" + paste;  // shifts every letter by one byte
    EXPECT_EQ(ClassifierText(odd).size(), 1 + (kMaxClassifiedBytes - 1) / 2);
}

TEST(KeywordIndex, KeywordOfFourLettersMatchesWithSuffixes) {
    Catalog catalog = SmallCatalog();
    KeywordIndex index(catalog);
    auto hits = index.Match({"cukurlar", "var"});
    ASSERT_EQ(hits.count("YOL.CUKUR"), 1u);
    EXPECT_GT(hits["YOL.CUKUR"], 0);
}

TEST(KeywordIndex, ShortKeywordMatchesOnlyTheWholeWord) {
    EXPECT_TRUE(KeywordWordMatches("su", "su"));
    EXPECT_FALSE(KeywordWordMatches("sucuk", "su"));
    EXPECT_TRUE(KeywordWordMatches("faturam", "fatura"));
    EXPECT_FALSE(KeywordWordMatches("fat", "fatura"));
    EXPECT_TRUE(KeywordWordMatches("copler", "cop"));
    EXPECT_FALSE(KeywordWordMatches("kararname", "kar"));
}

TEST(KeywordIndex, PhraseNeedsItsWordsInOrderAndTopLevelWordsSpreadToSubCategories) {
    Catalog catalog = SmallCatalog();
    KeywordIndex index(catalog);
    auto in_order = index.Match({"boru", "patladi"});
    auto reversed = index.Match({"patladi", "boru"});
    EXPECT_GT(in_order["SU.ARIZA"], reversed["SU.ARIZA"]);
    auto top_only = index.Match({"su"});
    EXPECT_GT(top_only["SU.ARIZA"], 0);
    EXPECT_EQ(top_only["SU.ARIZA"], top_only["SU.FATURA"]);
}

TEST(KeywordIndex, InactiveCategoriesAreNotMatched) {
    Catalog catalog = SmallCatalog();
    KeywordIndex index(catalog);
    EXPECT_EQ(index.Match({"eskimis", "konu"}).count("ATIK.ESKI"), 0u);
}

TEST(Suggest, WithoutModelKeywordsDecide) {
    Catalog catalog = SmallCatalog();
    KeywordIndex keywords(catalog);
    auto s = Suggest(catalog, keywords, nullptr, "Sokakta boru patladı", "", 3);
    EXPECT_EQ(s.source, SuggestionSource::kKeywords);
    ASSERT_FALSE(s.items.empty());
    EXPECT_EQ(s.items.front().category, "SU.ARIZA");
    EXPECT_EQ(s.items.front().top, "SU");
    EXPECT_EQ(s.items.front().unit, "SASKI");
    EXPECT_EQ(s.items.front().top_name, "Su");
}

TEST(Suggest, NothingToGoByGivesNoSuggestion) {
    Catalog catalog = SmallCatalog();
    KeywordIndex keywords(catalog);
    for (std::string text : {"", "   \t  ", "?!... ---", "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D", "\xff\xfe\xfd"}) {
        auto s = Suggest(catalog, keywords, nullptr, text, "", 3);
        EXPECT_TRUE(s.items.empty()) << text;
        EXPECT_EQ(s.source, SuggestionSource::kNone) << text;
        EXPECT_TRUE(s.low_confidence) << text;
    }
    auto english = Suggest(catalog, keywords, nullptr, "The weather is lovely today", "", 3);
    EXPECT_TRUE(english.items.empty());
}

TEST_F(ClassifierModelTest, TrainedModelSuggestsTheRightCategoryForUnseenTexts) {
    struct Case {
        const char* text;
        const char* top;
    };
    for (const Case& c :
         {Case{"Mahallede boru patladı, su akıyor", "SU"}, Case{"faturam yanlış geldi", "SU"},
          Case{"Yoldaki çukurlar yüzünden araç hasar gördü", "YOL"}, Case{"Çöplerimiz toplanmadı", "ATIK"}}) {
        auto s = Run(c.text);
        ASSERT_FALSE(s.items.empty()) << c.text;
        EXPECT_EQ(s.items.front().top, c.top) << c.text;
        EXPECT_EQ(s.source, SuggestionSource::kModel);
    }
}

TEST_F(ClassifierModelTest, MissingTurkishLettersUpperCaseAndTyposStillWork) {
    for (const char* text : {"COPLER TOPLANMADI", "coplerimiz toplanmadi", "coplr toplanmadı", "ÇÖPLER TOPLANMADI"}) {
        auto s = Run(text);
        ASSERT_FALSE(s.items.empty()) << text;
        EXPECT_EQ(s.items.front().category, "ATIK.TOPLANMADI") << text;
    }
}

TEST_F(ClassifierModelTest, ScoresAreRankedAndSumToAtMostOne) {
    auto s = Run("Kaldırım taşları kırık");
    ASSERT_EQ(s.items.size(), 3u);
    double sum = 0;
    for (std::size_t i = 0; i < s.items.size(); ++i) {
        sum += s.items[i].score;
        if (i > 0) {
            EXPECT_GE(s.items[i - 1].score, s.items[i].score);
        }
    }
    EXPECT_LE(sum, 1.0 + 1e-9);
    EXPECT_EQ(s.items.front().category, "YOL.KALDIRIM");
}

TEST_F(ClassifierModelTest, DistrictDecidesTheUnitOfDistrictRoutedCategories) {
    auto without = Run("Çöpler toplanmadı");
    ASSERT_FALSE(without.items.empty());
    EXPECT_EQ(without.items.front().unit, "");  // which district municipality is not known yet
    auto with = Run("Çöpler toplanmadı", "ATAKUM");
    EXPECT_EQ(with.items.front().unit, "ILCE_ATAKUM");
}

TEST_F(ClassifierModelTest, CategoryAddedTodayIsSuggestedFromItsKeywords) {
    Catalog catalog = SmallCatalog(/*with_new_category=*/true);
    auto s = Run("Yokuşta buzlanma var, tuzlama yapılmadı", "", catalog);
    bool found = false;
    for (const auto& item : s.items) {
        found = found || item.category == "YOL.KAR";
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(s.items.front().top, "YOL");
}

TEST_F(ClassifierModelTest, InactiveCategoriesAreNeverSuggested) {
    auto s = Run("eskimiş konu çöp");
    for (const auto& item : s.items) {
        EXPECT_NE(item.category, "ATIK.ESKI");
    }
}

TEST_F(ClassifierModelTest, AnotherLanguageIsFlaggedLowConfidence) {
    auto s = Run("I would like to know when the museum opens on Sundays");
    EXPECT_TRUE(s.low_confidence);
    auto cyrillic = Run("Здравствуйте, у нас нет воды");
    EXPECT_TRUE(cyrillic.low_confidence);
}

TEST_F(ClassifierModelTest, AHundredKilobytePasteIsCutAndClassifiedQuickly) {
    std::string paste;
    while (paste.size() < 100 * 1024) {
        paste += "Sokakta boru patladı, su akıyor. ";
    }
    auto started = std::chrono::steady_clock::now();
    auto s = Run(paste);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    ASSERT_FALSE(s.items.empty());
    EXPECT_EQ(s.items.front().top, "SU");
    EXPECT_LT(ms.count(), 200);
}

TEST_F(ClassifierModelTest, OneModelServesManyThreadsAtOnce) {
    const std::vector<std::string> texts = {"boru patladı", "faturam yüksek", "yolda çukur", "kaldırım kırık",
                                            "çöp toplanmadı", "konteyner kırık"};
    std::vector<std::string> expected;
    for (const auto& t : texts) {
        expected.push_back(Run(t).items.front().category);
    }
    Catalog catalog = SmallCatalog();
    KeywordIndex keywords(catalog);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                std::size_t k = static_cast<std::size_t>(i + t) % texts.size();
                auto s = Suggest(catalog, keywords, model_->get(), texts[k], "", 3);
                if (s.items.empty() || s.items.front().category != expected[k]) {
                    ++mismatches;
                }
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(ClassifierModelTest, MissingModelFileIsNotFound) {
    auto r = ClassifierModel::Load(Path("does-not-exist.bin"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST_F(ClassifierModelTest, CorruptModelFilesAreRefusedNotCrashedOn) {
    const std::string good = ReadFile(Path("model.bin"));
    ASSERT_GT(good.size(), 1000u);
    std::string garbage(4096, '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) {
        garbage[i] = static_cast<char>((i * 7919 + 13) % 251);
    }
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty", ""},
        {"garbage", garbage},
        {"truncated header", good.substr(0, 6)},
        {"truncated half", good.substr(0, good.size() / 2)},
        {"truncated end", good.substr(0, good.size() - 10)},
        {"trailing bytes", good + "extra"},
        {"text file", "__label__SU su akıyor\n"},
    };
    for (const auto& [name, bytes] : cases) {
        WriteFile(Path("corrupt.bin"), bytes);
        auto r = ClassifierModel::Load(Path("corrupt.bin"));
        ASSERT_FALSE(r.ok()) << name;
        EXPECT_EQ(r.error().code, ErrorCode::kValidation) << name;
    }
}

TEST_F(ClassifierModelTest, TrainingWithoutEnoughExamplesIsRefusedAndWritesNothing) {
    auto none = ClassifierModel::Train({}, FastOptions(), Path("none.bin"));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::kValidation);
    auto one_label = ClassifierModel::Train({{"SU.ARIZA", "boru patladı"}, {"SU.ARIZA", "su akıyor"}}, FastOptions(),
                                            Path("one.bin"));
    ASSERT_FALSE(one_label.ok());
    auto only_punctuation =
        ClassifierModel::Train({{"SU.ARIZA", "!!!"}, {"YOL.CUKUR", "..."}}, FastOptions(), Path("punct.bin"));
    ASSERT_FALSE(only_punctuation.ok());
    EXPECT_FALSE(std::filesystem::exists(Path("none.bin")));
    EXPECT_FALSE(std::filesystem::exists(Path("one.bin")));
    EXPECT_FALSE(std::filesystem::exists(Path("punct.bin")));
    for (const auto& entry : std::filesystem::directory_iterator(*dir_)) {
        EXPECT_EQ(entry.path().filename().string().find(".train-"), std::string::npos) << entry.path();
    }
}

TEST(Eval, ParsesCodesAndTextsAndRefusesMalformedLines) {
    auto ok = ParseEvalFile("# comment\ncodes\ttext\nSU\tsu yok\nATIK|CEVRE\tmoloz dökülmüş\n\n");
    ASSERT_TRUE(ok.ok());
    ASSERT_EQ(ok->size(), 2u);
    EXPECT_EQ((*ok)[1].accepted, (std::vector<std::string>{"ATIK", "CEVRE"}));
    EXPECT_EQ((*ok)[1].text, "moloz dökülmüş");
    for (const char* bad : {"SU su yok\n", "\tsu yok\n", "SU\t\n", "|\tmetin\n"}) {
        EXPECT_FALSE(ParseEvalFile(bad).ok()) << bad;
    }
}

TEST(Eval, AsciiLookalikeLowerReplacesEveryTurkishLetter) {
    EXPECT_EQ(AsciiLookalikeLower("ÇÖP İŞİ ĞÜÇ ılık Âşık"), "cop isi guc ilik asik");
}

TEST(Eval, CountsTopOneAndTopThreeHitsAtTheTopLevel) {
    std::vector<EvalExample> examples = {{{"SU"}, "a"}, {{"YOL"}, "b"}, {{"ATIK", "YOL"}, "c"}};
    auto suggest = [](const std::string& text) {
        Suggestions s;
        s.source = SuggestionSource::kModel;
        if (text == "a") {
            s.items = {{.category = "SU.ARIZA", .top = "SU"}};
        } else if (text == "b") {
            s.items = {{.category = "SU.ARIZA", .top = "SU"}, {.category = "YOL.CUKUR", .top = "YOL"}};
        } else {
            s.items = {{.category = "YOL.CUKUR", .top = "YOL"}};
        }
        return s;
    };
    EvalReport r = Evaluate(examples, suggest);
    EXPECT_EQ(r.examples, 3);
    EXPECT_EQ(r.top1, 2);  // "c" accepts YOL
    EXPECT_EQ(r.top3, 3);
    EXPECT_EQ((r.confusion[{"YOL", "SU"}]), 1);
    EXPECT_NE(FormatEvalReport(r).find("top-1  66.7%"), std::string::npos) << FormatEvalReport(r);
}

}  // namespace
}  // namespace alo153::routing
