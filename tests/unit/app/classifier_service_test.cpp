// The classifier service on a real SQLite store: keywords without a model, validation, training from the final
// categories of resolved requests, reloading a changed model file, and the suggestion figures of intake.
#include "app/classifier_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "app/application.hpp"
#include "unit/app/app_fixture.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::Role;

class ClassifierServiceTest : public test::AppTest {
  protected:
    ClassifierServiceTest() : AppTest(core::FromUnix(1772600000)) {
        agent_ = AddStaff("cagri1", Role::kAgent, "");
        supervisor_ = AddStaff("amir", Role::kSupervisor, "");
        saski_ = AddStaff("saski.personel", Role::kUnitStaff, "SASKI");
    }

    core::Request Create(const std::string& category, const std::string& text, const std::string& suggested = "") {
        CreateRequest c;
        c.category = category;
        c.description = text;
        c.location.district = "ILKADIM";
        c.suggested_category = suggested;
        auto r = app_.Intake().Create(agent_, std::move(c));
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
        return r.ok() ? r->request : core::Request{};
    }

    /// A small, fast training run: a few corpus texts, no keyword texts.
    static ClassifierTrainOptions SmallRun() {
        ClassifierTrainOptions o;
        o.corpus_tsv =
            "category\ttext\n"
            "SU.ARIZA\tboru patladı su akıyor\nSU.ARIZA\tsu borusu sızdırıyor\nSU.ARIZA\tana hat patlak\n"
            "YOL.CUKUR\tyolda çukur var\nYOL.CUKUR\tasfalt bozuk çukurlar\nYOL.CUKUR\tçukura girdim\n"
            "PARK.BAKIM\tparkın çimleri biçilmedi\nPARK.BAKIM\tyeşil alan bakımsız\nPARK.BAKIM\tparkta otlar uzadı\n";
        o.keyword_examples = false;
        o.model.dim = 16;
        o.model.epochs = 40;
        o.model.bucket = 20000;
        o.model.threads = 1;
        return o;
    }

    Principal agent_;
    Principal supervisor_;
    Principal saski_;
};

TEST_F(ClassifierServiceTest, WithoutAModelItServesOnKeywordsAndSaysSo) {
    ClassifierStatus status = app_.Classifier().Status();
    EXPECT_FALSE(status.model_loaded);
    EXPECT_NE(status.detail.find("Model dosyası yok"), std::string::npos) << status.detail;
    EXPECT_EQ(status.model_path, dir_.File("classifier.ftz"));
    auto s = app_.Classifier().Suggest("Sokakta boru patladı, su akıyor", "", 3);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->source, routing::SuggestionSource::kKeywords);
    ASSERT_FALSE(s->items.empty());
    EXPECT_EQ(s->items.front().category, "SU.ARIZA");
}

TEST_F(ClassifierServiceTest, BadArgumentsAreRefused) {
    for (int top : {0, -1, 21}) {
        auto s = app_.Classifier().Suggest("su yok", "", top);
        ASSERT_FALSE(s.ok()) << top;
        EXPECT_EQ(s.error().code, ErrorCode::kValidation);
    }
    auto d = app_.Classifier().Suggest("su yok", "PARIS", 3);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kUnknownReference);
}

TEST_F(ClassifierServiceTest, KeywordsEditedByAnAdministratorCountAtOnce) {
    Principal admin = AddStaff("admin", Role::kAdmin, "");
    CategoryChange change;
    change.keywords = "kelebek vadisi|kelebekler";
    ASSERT_TRUE(app_.Catalog().UpdateCategory(admin, "PARK.BAKIM", change).ok());
    auto s = app_.Classifier().Suggest("Kelebek vadisinde sorun var", "", 3);
    ASSERT_TRUE(s.ok());
    ASSERT_FALSE(s->items.empty());
    EXPECT_EQ(s->items.front().category, "PARK.BAKIM");
}

TEST_F(ClassifierServiceTest, TrainingLearnsTheFinalCategoryOfResolvedRequestsAndServesTheModel) {
    // Filed under SU.ARIZA, corrected to PARK.BAKIM by re-routing, then resolved: PARK.BAKIM is what counts.
    for (int i = 0; i < 5; ++i) {
        core::Request r = Create("SU.ARIZA", "qwzx sulama hattı parkta");
        ActionInput reroute{.text = "Park birimi", .unit = "PARK", .category = "PARK.BAKIM"};
        ASSERT_TRUE(app_.Workflow().Act(supervisor_, r.id, core::Action::kReroute, reroute).ok());
        ASSERT_TRUE(app_.Workflow().Act(supervisor_, r.id, core::Action::kResolve, {.text = "Yapıldı"}).ok());
    }
    Create("YOL.CUKUR", "açık kalan talep, eğitimde sayılmaz");

    auto report = app_.Classifier().Train(SmallRun());
    ASSERT_TRUE(report.ok()) << report.error().detail;
    EXPECT_EQ(report->history_requests, 5);
    EXPECT_EQ(report->history_examples, 5);
    EXPECT_EQ(report->corpus_examples, 9);
    EXPECT_TRUE(std::filesystem::exists(dir_.File("classifier.ftz")));

    ClassifierStatus status = app_.Classifier().Status();
    EXPECT_TRUE(status.model_loaded) << status.detail;
    auto s = app_.Classifier().Suggest("qwzx", "", 3);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->source, routing::SuggestionSource::kModel);
    ASSERT_FALSE(s->items.empty());
    EXPECT_EQ(s->items.front().category, "PARK.BAKIM");

    // Capped repeats: at most one copy of each text.
    auto capped = SmallRun();
    capped.max_copies_per_text = 1;
    auto second = app_.Classifier().Train(capped);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->history_examples, 1);
}

TEST_F(ClassifierServiceTest, AChangedModelFileIsReloadedAndABrokenOneKeepsTheOldModel) {
    EXPECT_FALSE(app_.Classifier().ReloadIfChanged());  // nothing there, nothing changed
    auto other = SmallRun();
    other.output = dir_.File("elsewhere.ftz");
    ASSERT_TRUE(app_.Classifier().Train(other).ok());
    EXPECT_FALSE(app_.Classifier().Status().model_loaded);  // written elsewhere: not the serving path

    std::filesystem::copy_file(dir_.File("elsewhere.ftz"), dir_.File("classifier.ftz"));
    EXPECT_TRUE(app_.Classifier().ReloadIfChanged());
    auto serving = app_.Classifier().Model();
    ASSERT_NE(serving, nullptr);
    EXPECT_FALSE(app_.Classifier().ReloadIfChanged());

    std::ofstream(dir_.File("classifier.ftz"), std::ios::binary | std::ios::trunc) << "not a model at all";
    EXPECT_FALSE(app_.Classifier().ReloadIfChanged());
    EXPECT_EQ(app_.Classifier().Model(), serving);
    EXPECT_NE(app_.Classifier().Status().detail.find("okunamadı"), std::string::npos);

    std::filesystem::remove(dir_.File("classifier.ftz"));
    EXPECT_FALSE(app_.Classifier().ReloadIfChanged());
    EXPECT_EQ(app_.Classifier().Model(), serving);
}

TEST_F(ClassifierServiceTest, TrainingWithABadCorpusIsRefused) {
    auto o = SmallRun();
    o.corpus_tsv = "category\ttext\nSU.ARIZA\n";
    auto r = app_.Classifier().Train(o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kValidation);
    o.corpus_tsv = "category\ttext\nSU.ARIZA\tsu\n";  // one category only
    o.use_history = false;
    EXPECT_FALSE(app_.Classifier().Train(o).ok());
    EXPECT_FALSE(std::filesystem::exists(dir_.File("classifier.ftz")));
}

TEST_F(ClassifierServiceTest, SuggestionsShownAtIntakeAreCountedPerSuggestedCategory) {
    core::Request taken = Create("SU.ARIZA", "Boru patladı", "SU.ARIZA");
    EXPECT_EQ(taken.suggested_category, "SU.ARIZA");
    EXPECT_EQ(taken.suggestion_accepted, std::optional<bool>(true));
    core::Request overruled = Create("SU.ARIZA", "Boru patladı, yol çöktü", "YOL.COKME");
    EXPECT_EQ(overruled.suggestion_accepted, std::optional<bool>(false));
    core::Request none = Create("SU.ARIZA", "Su yok");
    EXPECT_FALSE(none.suggestion_accepted.has_value());

    CreateRequest unknown;
    unknown.category = "SU.ARIZA";
    unknown.description = "Boru patladı";
    unknown.suggested_category = "SU";  // a top-level code is never a suggestion
    auto refused = app_.Intake().Create(agent_, unknown);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnknownReference);
    EXPECT_EQ(refused.error().field, "suggested_category");

    const std::int64_t today = LocalDay(clock_.Now());
    auto stats = app_.Stats().Suggestions(supervisor_, today, today + 1);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->total.shown, 2);
    EXPECT_EQ(stats->total.accepted, 1);
    EXPECT_EQ(stats->by_category.at("SU.ARIZA").accepted, 1);
    EXPECT_EQ(stats->by_category.at("YOL.COKME").shown, 1);
    EXPECT_EQ(stats->by_category.at("YOL.COKME").accepted, 0);
    auto read_back = app_.Queries().Get(agent_, overruled.id);
    ASSERT_TRUE(read_back.ok());
    EXPECT_EQ(read_back->suggested_category, "YOL.COKME");
    EXPECT_EQ(read_back->suggestion_accepted, std::optional<bool>(false));

    EXPECT_EQ(app_.Stats().Suggestions(saski_, today, today + 1).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(app_.Stats().Suggestions(supervisor_, today, today).error().code, ErrorCode::kValidation);
}

}  // namespace
}  // namespace alo153::app
