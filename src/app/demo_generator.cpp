#include "app/demo_generator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/clock.hpp"
#include "app/rollups.hpp"
#include "app/tsv.hpp"
#include "core/labels.hpp"
#include "core/status_machine.hpp"
#include "core/tc_kimlik.hpp"
#include "core/tracking_number.hpp"
#include "core/turkish_fold.hpp"
#include "routing/catalog.hpp"
#include "routing/rule_engine.hpp"

namespace alo153::app {
namespace {

using core::Action;
using core::Id;
using core::Status;

constexpr std::int64_t kBatch = 10000;         // requests planned, then written, at a time
constexpr std::int64_t kTransaction = 100000;  // requests per bulk transaction
constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kOffset = core::kIstanbulOffset.count();

// ---- Randomness -------------------------------------------------------------------------------------------

std::uint64_t SplitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// A hash of (seed, salt, index), so that what belongs to one pool citizen does not depend on draw order.
std::uint64_t Mix(std::uint64_t seed, std::uint64_t salt, std::uint64_t index) {
    std::uint64_t s = seed ^ (salt * 0xd1b54a32d192ed03ULL) ^ (index * 0x9e3779b97f4a7c15ULL);
    SplitMix64(s);
    return SplitMix64(s);
}

/// xoshiro256**: fast, and the same sequence everywhere (the std distributions differ between libraries).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : s_) {
            s = SplitMix64(seed);
        }
    }

    std::uint64_t Next() {
        const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = Rotl(s_[3], 45);
        return result;
    }
    /// In [0, 1).
    double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
    /// In [0, n); n > 0.
    std::size_t Below(std::size_t n) {
        return std::min(static_cast<std::size_t>(Uniform() * static_cast<double>(n)), n - 1);
    }
    /// In [lo, hi]; lo <= hi.
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(Below(static_cast<std::size_t>(hi - lo + 1)));
    }
    bool Chance(double p) { return Uniform() < p; }
    /// Standard normal (Box–Muller).
    double Normal() {
        double u1 = 1.0 - Uniform();  // (0, 1]
        double u2 = Uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <typename T>
    const T& PickFrom(const std::vector<T>& items) {
        return items[Below(items.size())];
    }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

/// Picks an index with probability proportional to its weight.
class Weighted {
  public:
    void Add(double weight) {
        total_ += std::max(weight, 0.0);
        cumulative_.push_back(total_);
    }
    std::size_t Pick(Rng& rng) const {
        double x = rng.Uniform() * total_;
        auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
        return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
    }
    double Total() const { return total_; }
    bool Empty() const { return cumulative_.empty() || total_ <= 0; }

  private:
    std::vector<double> cumulative_;
    double total_ = 0;
};

// ---- Distributions (Samsun, by hand: shares of requests, not statistics) --------------------------------

struct NamedWeight {
    std::string_view code;
    double weight;
};

double WeightOf(std::string_view code, const auto& table, double fallback) {
    for (const auto& nw : table) {
        if (nw.code == code) {
            return nw.weight;
        }
    }
    return fallback;
}

// clang-format off
constexpr std::array<NamedWeight, 17> kTopWeights = {{
    {"ATIK", 16}, {"SU", 14}, {"YOL", 14}, {"TOPLU_TASIMA", 10}, {"ZABITA", 8}, {"PARK", 7}, {"AYDINLATMA", 6},
    {"TRAFIK", 5}, {"CEVRE", 4}, {"HAYVAN", 4}, {"ILACLAMA", 3}, {"SOSYAL", 3}, {"IMAR", 2}, {"GENEL", 2.5},
    {"KULTUR", 1.5}, {"MEZARLIK", 0.8}, {"ITFAIYE", 0.7},
}};

/// Sub-categories more (or less) common than their siblings; the rest weigh 1.
constexpr std::array<NamedWeight, 36> kSubWeights = {{
    {"ATIK.TOPLANMADI", 5}, {"ATIK.KONTEYNER", 2.5}, {"ATIK.SUPURME", 1.5}, {"ATIK.YIKAMA", 0.6},
    {"YOL.CUKUR", 5}, {"YOL.KALDIRIM", 2.5}, {"YOL.COKME", 0.3}, {"YOL.KAR", 1.2}, {"YOL.YENI", 0.8},
    {"SU.ARIZA", 4}, {"SU.KESINTI", 2.5}, {"SU.KANAL", 2.5}, {"SU.FATURA", 2}, {"SU.KALITE", 0.6},
    {"TOPLU_TASIMA.GECIKME", 4}, {"TOPLU_TASIMA.SOFOR", 2}, {"TOPLU_TASIMA.SAMKART", 2},
    {"TOPLU_TASIMA.YENI_HAT", 0.6}, {"ZABITA.ISGAL", 2.5}, {"ZABITA.SEYYAR", 1.8}, {"ZABITA.EKMEK", 0.8},
    {"PARK.BAKIM", 2}, {"PARK.AGAC", 2}, {"PARK.DEVRILEN", 0.5}, {"AYDINLATMA.LAMBA", 5}, {"AYDINLATMA.DIREK", 0.6},
    {"CEVRE.GURULTU", 3}, {"HAYVAN.SALDIRGAN", 2}, {"HAYVAN.YARALI", 1.5}, {"ILACLAMA.SIVRISINEK", 3},
    {"GENEL.BILGI", 3}, {"GENEL.DIGER", 1.5}, {"SOSYAL.YARDIM", 2}, {"MEZARLIK.CENAZE", 1.5},
    {"ITFAIYE.ASANSOR", 0.5}, {"SOSYAL.EVSIZ", 0.5},
}};

/// Relative request volume by district: population, with the city centre calling more per head.
constexpr std::array<NamedWeight, 17> kDistrictWeights = {{
    {"ILKADIM", 420}, {"ATAKUM", 300}, {"BAFRA", 150}, {"CARSAMBA", 140}, {"CANIK", 120}, {"VEZIRKOPRU", 80},
    {"TERME", 70}, {"TEKKEKOY", 65}, {"HAVZA", 35}, {"19MAYIS", 25}, {"ALACAM", 22}, {"KAVAK", 18},
    {"SALIPAZARI", 15}, {"LADIK", 14}, {"ASARCIK", 10}, {"AYVACIK", 9}, {"YAKAKENT", 7},
}};
// clang-format on

/// Order of core::Channel: phone, walk_in, web, mobile, email, sms, whatsapp, social_media, cimer, open311.
constexpr std::array<double, 10> kChannelWeights = {60, 6, 10, 9, 3, 1.5, 5, 1, 3, 1.5};

/// Local hour of day (calls follow office hours, with an evening tail).
constexpr std::array<double, 24> kHourWeights = {0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.4, 0.9, 1.4, 1.6,  1.6,
                                                 1.3,  1.4,  1.5,  1.45, 1.3,  1.0,  0.8,  0.7, 0.6, 0.5, 0.35, 0.22};

/// Monday ... Sunday.
constexpr std::array<double, 7> kWeekdayWeights = {1.15, 1.08, 1.05, 1.04, 1.0, 0.62, 0.5};

constexpr double kYearlyGrowth = 1.15;

/// How much more (or less) common a sub-category is in a month (1–12) than on average.
double SeasonFactor(std::string_view code, int month) {
    const bool winter = month == 12 || month <= 2;
    const bool summer = month >= 6 && month <= 8;
    const bool cold = month >= 10 || month <= 3;
    if (code == "YOL.KAR") {
        return winter ? 6.0 : (month == 3 || month == 11) ? 1.0 : 0.02;
    }
    if (code.starts_with("ILACLAMA.")) {
        return summer ? 2.6 : (month == 5 || month == 9) ? 1.5 : (month == 4 || month == 10) ? 0.7 : 0.25;
    }
    if (code == "SU.KESINTI") {
        return summer ? 2.0 : 0.9;
    }
    if (code.starts_with("SU.")) {
        return summer ? 1.35 : 1.0;
    }
    if (code == "ITFAIYE.SU_BASKINI") {
        return cold ? 2.0 : 0.5;
    }
    if (code == "ITFAIYE.BACA") {
        return cold ? 2.2 : 0.2;
    }
    if (code == "PARK.DEVRILEN") {
        return winter ? 2.0 : 0.8;
    }
    if (code.starts_with("PARK.")) {
        return month >= 4 && month <= 9 ? 1.3 : 0.7;
    }
    if (code == "CEVRE.GURULTU" || code == "CEVRE.DENIZ") {
        return summer ? 1.7 : 0.85;
    }
    if (code == "AYDINLATMA.LAMBA") {
        return cold ? 1.3 : 0.75;
    }
    if (code.starts_with("TOPLU_TASIMA.")) {
        return summer ? 0.8 : 1.05;
    }
    if (code == "YOL.CUKUR") {
        return month <= 4 ? 1.4 : 0.9;  // potholes open after frost and thaw
    }
    if (code == "SOSYAL.YARDIM") {
        return winter ? 1.5 : 0.9;
    }
    return 1.0;
}

/// A text and its folded form (for the search index), folded once.
struct Text {
    std::string text;
    std::string folded;
};

std::vector<Text> Texts(const std::vector<std::string_view>& items) {
    std::vector<Text> out;
    for (auto t : items) {
        out.push_back({std::string(t), core::FoldForIndex(t)});
    }
    return out;
}

struct AnswerSet {
    std::string_view top;
    std::vector<std::string_view> answers;
};

const std::array<AnswerSet, 17>& Answers() {
    static const std::array<AnswerSet, 17> kAnswers = {{
        {"ATIK",
         {"Bildiriminiz üzerine bölgedeki çöpler ekiplerimizce toplanmış, alan temizlenmiştir. Duyarlılığınız için "
          "teşekkür ederiz.",
          "Konteyner talebiniz değerlendirilmiş; belirtilen noktaya konteyner yerleştirilmiştir.",
          "Sokağınızda süpürme ve yıkama çalışması yapılmıştır."}},
        {"SU",
         {"Arıza ekiplerimizce giderilmiş, bölgeye su verilmiştir.",
          "Kanal hattındaki tıkanıklık açılmış, gerekli temizlik yapılmıştır.",
          "Sayaç ve abonelik kaydınız incelenmiş, gerekli düzeltme yapılmıştır."}},
        {"YOL",
         {"Belirtilen noktada asfalt yama çalışması tamamlanmıştır.", "Kaldırım onarımı ekiplerimizce yapılmıştır.",
          "Talebiniz yatırım programına alınmış, keşif çalışması tamamlanmıştır."}},
        {"TOPLU_TASIMA",
         {"Şikayetiniz işletmeye iletilmiş, sefer düzenlemesi yapılmıştır.",
          "Personelimiz hakkında gerekli işlem yapılmış, uyarı verilmiştir.", "Samkart işleminiz tamamlanmıştır."}},
        {"TRAFIK",
         {"Sinyalizasyon arızası giderilmiştir.", "Levha ve yol çizgisi çalışması yapılmıştır.",
          "Talebiniz trafik komisyonunda değerlendirilmiştir."}},
        {"ZABITA",
         {"Zabıta ekiplerimizce yerinde denetim yapılmış, gerekli yasal işlem uygulanmıştır.",
          "İşyeri denetlenmiş, eksiklikler için tutanak düzenlenmiştir.",
          "Kaldırım işgali kaldırılmış, ilgililer uyarılmıştır."}},
        {"PARK",
         {"Park ekiplerimizce gerekli bakım ve onarım yapılmıştır.", "Ağaç budama çalışması tamamlanmıştır.",
          "Devrilen ağaç kaldırılmış, alan güvenli hale getirilmiştir."}},
        {"MEZARLIK",
         {"Cenaze hizmeti planlandığı şekilde yerine getirilmiştir.",
          "Mezarlık alanında bakım ve temizlik yapılmıştır."}},
        {"CEVRE",
         {"Çevre ekiplerimizce yerinde inceleme yapılmış, sorumlular hakkında işlem başlatılmıştır.",
          "Gürültü kaynağı denetlenmiş, gerekli uyarı yapılmıştır."}},
        {"HAYVAN",
         {"Hayvan veteriner ekiplerimizce alınmış, tedavi altına alınmıştır.",
          "Bildirilen bölgedeki sokak hayvanları alınmış, kısırlaştırma programına dahil edilmiştir."}},
        {"ILACLAMA",
         {"Bölgede ilaçlama çalışması yapılmıştır.",
          "Haşere ve kemirgen mücadelesi kapsamında gerekli uygulama tamamlanmıştır."}},
        {"SOSYAL",
         {"Başvurunuz sosyal inceleme ekibimizce değerlendirilmiş, hane ziyareti yapılmıştır.",
          "Talebiniz doğrultusunda gerekli destek sağlanmıştır."}},
        {"IMAR",
         {"Yapı ekiplerimizce yerinde incelenmiş, gerekli işlem başlatılmıştır.",
          "İstediğiniz bilgi belirttiğiniz iletişim adresine gönderilmiştir."}},
        {"ITFAIYE", {"İtfaiye ekiplerimiz yerinde gerekli müdahaleyi yapmıştır.", "Baca temizliği yapılmıştır."}},
        {"AYDINLATMA",
         {"Arıza kaydınız YEDAŞ'a iletilmiş, aydınlatma onarılmıştır.",
          "Direk ve hat kontrolü yapılmış, tehlike giderilmiştir."}},
        {"KULTUR",
         {"Etkinlik ve kurs bilgileri tarafınıza iletilmiştir.",
          "Talebiniz ilgili müdürlüğümüzce değerlendirilmiştir."}},
        {"GENEL",
         {"İstediğiniz bilgi tarafınıza verilmiştir.",
          "Öneriniz ilgili birimlere iletilmiştir. İlginiz için teşekkür ederiz.",
          "Teşekkürünüz ilgili personele iletilmiştir."}},
    }};
    return kAnswers;
}

// ---- Local calendar helpers -------------------------------------------------------------------------------

std::chrono::year_month_day LocalDate(std::int64_t unix) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{(unix + kOffset) / kDay}}};
}

int LocalYear(std::int64_t unix) { return static_cast<int>(LocalDate(unix).year()); }
int LocalMonth(std::int64_t unix) { return static_cast<int>(static_cast<unsigned>(LocalDate(unix).month())); }

// ---- The world: catalog, staff and data files, read once ------------------------------------------------

struct UnitInfo {
    const core::Unit* unit = nullptr;
    core::WorkingHours hours;
    std::vector<Id> staff;
    std::vector<Id> managers;
};

struct CategoryInfo {
    const core::Category* category = nullptr;
    std::size_t top = 0;  ///< index into World::answers
    std::vector<Text> texts;
    Weighted types;  ///< over core::RequestType
};

struct DistrictInfo {
    const core::District* district = nullptr;
    double weight = 1;
    double spread = 0.02;  ///< degrees of jitter around the centre
    std::vector<Id> neighbourhoods;
    std::vector<std::string> neighbourhood_names;
    std::vector<std::string> streets;
};

struct World {
    std::unique_ptr<routing::Catalog> catalog;
    std::vector<UnitInfo> units;
    std::unordered_map<std::string, int> unit_index;
    std::vector<CategoryInfo> categories;  ///< active sub-categories
    std::array<Weighted, 12> category_by_month;
    std::array<double, 12> month_factor{};
    std::vector<DistrictInfo> districts;
    Weighted district_weights;
    Weighted channels;
    std::vector<std::string> first_names;
    std::vector<std::string> last_names;
    std::vector<Id> agents;
    std::vector<Id> supervisors;  ///< supervisors, or admins when there are none
    std::vector<Id> articles;
    std::vector<std::vector<Text>> answers;  ///< by top-level, as in Answers(); the last is the generic set
    std::vector<Text> reopen_answers;
    std::vector<Text> hold_reasons;
    std::vector<Text> reject_reasons;
    std::vector<Text> reopen_reasons;
    std::vector<std::string> transfer_notes;
    std::string abusive_note;
    std::array<std::string, 10> created_texts;  ///< by channel
};

Weighted TypesFor(std::string_view code) {
    // Order of core::RequestType: request, complaint, suggestion, report, information, thanks.
    std::array<double, 6> w = {40, 55, 3, 0, 2, 0};
    if (code == "GENEL.TESEKKUR") {
        w = {0, 0, 0, 0, 0, 1};
    } else if (code == "GENEL.ONERI") {
        w = {0, 0, 1, 0, 0, 0};
    } else if (code == "GENEL.BILGI" || code == "IMAR.BILGI" || code == "TOPLU_TASIMA.SEFER_BILGI" ||
               code == "AYDINLATMA.KESINTI" || code == "SU.KESINTI") {
        w = {25, 5, 0, 0, 70, 0};
    } else if (code.ends_with(".YENI") || code.ends_with("YENI_HAT") || code.ends_with(".KASIS") ||
               code.ends_with(".DUZENLEME") || code.ends_with(".KONTEYNER")) {
        w = {85, 5, 10, 0, 0, 0};
    } else if (code.starts_with("ZABITA.") || code == "IMAR.KACAK" || code == "CEVRE.KACAK_DOKUM") {
        w = {5, 50, 0, 45, 0, 0};
    }
    Weighted out;
    for (double x : w) {
        out.Add(x);
    }
    return out;
}

core::Result<World> BuildWorld(storage::Tx& tx) {
    World world;
    auto units = tx.ListUnits();
    auto categories = tx.ListCategories();
    auto districts = tx.ListDistricts();
    if (units.empty() || categories.empty() || districts.empty()) {
        return core::MakeError(core::ErrorCode::kValidation,
                               "Örnek veri için önce birimler, konular ve ilçeler yüklenmelidir.");
    }
    world.catalog = std::make_unique<routing::Catalog>(std::move(units), std::move(categories), std::move(districts),
                                                       tx.ListNeighbourhoods(), tx.ListRoutingRules());
    const routing::Catalog& catalog = *world.catalog;

    for (const auto& unit : catalog.Units()) {
        UnitInfo info;
        info.unit = &unit;
        info.hours.start_minute = unit.work_start_minute;  // as RequestService::HoursOf
        info.hours.end_minute = unit.work_end_minute;
        info.hours.weekdays = unit.work_weekdays;
        world.unit_index[unit.code] = static_cast<int>(world.units.size());
        world.units.push_back(std::move(info));
    }
    std::vector<Id> admins;
    for (const auto& user : tx.ListUsers()) {
        if (!user.active) {
            continue;
        }
        auto unit = world.unit_index.find(user.unit);
        switch (user.role) {
            case core::Role::kAgent:
                world.agents.push_back(user.id);
                break;
            case core::Role::kSupervisor:
                world.supervisors.push_back(user.id);
                break;
            case core::Role::kAdmin:
                admins.push_back(user.id);
                break;
            case core::Role::kUnitStaff:
                if (unit != world.unit_index.end()) {
                    world.units[static_cast<std::size_t>(unit->second)].staff.push_back(user.id);
                }
                break;
            case core::Role::kUnitManager:
                if (unit != world.unit_index.end()) {
                    world.units[static_cast<std::size_t>(unit->second)].managers.push_back(user.id);
                }
                break;
        }
    }
    if (world.supervisors.empty()) {
        world.supervisors = admins;
    }
    for (const auto& article : tx.SearchArticles("", false, 1000)) {
        world.articles.push_back(article.id);
    }

    // Texts citizens and agents write, by sub-category.
    std::unordered_map<std::string, std::vector<Text>> texts;
    if (auto tsv = ParseTsv(EmbeddedDataFile("demo_texts.tsv"), "demo_texts.tsv"); tsv.ok()) {
        for (const auto& row : tsv->rows) {
            const std::string& text = row["text"];
            if (!text.empty()) {
                texts[row["category"]].push_back({text, core::FoldForIndex(text)});
            }
        }
    }
    for (const auto& set : Answers()) {
        world.answers.push_back(Texts(set.answers));
    }
    world.answers.push_back(Texts({"Talebiniz ilgili birimimizce yerine getirilmiştir. Bilgilerinize sunarız."}));

    for (const auto& c : catalog.Categories()) {
        const core::Category* top = catalog.TopLevelOf(c.code);
        if (c.IsTopLevel() || !c.active || top == nullptr || !top->active) {
            continue;
        }
        // A category the catalog cannot route (its unit missing or inactive) is left out.
        if (!routing::Route(catalog, {c.code, catalog.Districts().front().code}).ok()) {
            continue;
        }
        CategoryInfo info;
        info.category = &c;
        info.top = world.answers.size() - 1;
        for (std::size_t i = 0; i < Answers().size(); ++i) {
            if (Answers()[i].top == top->code) {
                info.top = i;
            }
        }
        if (auto it = texts.find(c.code); it != texts.end()) {
            info.texts = std::move(it->second);
        }
        info.types = TypesFor(c.code);
        world.categories.push_back(std::move(info));
    }
    if (world.categories.empty()) {
        return core::MakeError(core::ErrorCode::kValidation, "Örnek veri için etkin alt konu bulunamadı.");
    }
    // A top-level category's weight is its share; its sub-categories split it by their own weights.
    std::unordered_map<std::string, double> siblings;
    for (const auto& info : world.categories) {
        siblings[info.category->parent] += WeightOf(info.category->code, kSubWeights, 1.0);
    }
    double months_total = 0;
    for (int m = 1; m <= 12; ++m) {
        auto& table = world.category_by_month[static_cast<std::size_t>(m - 1)];
        for (const auto& info : world.categories) {
            const core::Category& c = *info.category;
            table.Add(WeightOf(c.parent, kTopWeights, 1.0) * WeightOf(c.code, kSubWeights, 1.0) / siblings[c.parent] *
                      SeasonFactor(c.code, m));
        }
        months_total += table.Total();
    }
    // Seasonal sub-categories add volume rather than displace others: busier months get more requests.
    for (std::size_t m = 0; m < 12; ++m) {
        world.month_factor[m] = world.category_by_month[m].Total() / (months_total / 12);
    }

    std::unordered_map<std::string, std::vector<std::string>> streets;
    if (auto tsv = ParseTsv(EmbeddedDataFile("demo_streets.tsv"), "demo_streets.tsv"); tsv.ok()) {
        for (const auto& row : tsv->rows) {
            streets[row["district"]].push_back(row["street"]);
        }
    }
    for (const auto& d : catalog.Districts()) {
        DistrictInfo info;
        info.district = &d;
        info.weight = WeightOf(d.code, kDistrictWeights, 10.0);
        info.spread = info.weight >= 100 ? 0.015 : 0.03;
        for (const auto* n : catalog.NeighbourhoodsOf(d.code)) {
            if (!n->active) {
                continue;
            }
            info.neighbourhoods.push_back(n->id);
            info.neighbourhood_names.push_back(n->name);
        }
        info.streets = std::move(streets[d.code]);
        if (info.streets.empty()) {
            info.streets = {"Atatürk Caddesi", "Cumhuriyet Caddesi", "İstiklal Caddesi", "Gazi Caddesi"};
        }
        world.district_weights.Add(info.weight);
        world.districts.push_back(std::move(info));
    }
    for (double w : kChannelWeights) {
        world.channels.Add(w);
    }
    if (auto tsv = ParseTsv(EmbeddedDataFile("demo_names.tsv"), "demo_names.tsv"); tsv.ok()) {
        for (const auto& row : tsv->rows) {
            (row["kind"] == "first" ? world.first_names : world.last_names).push_back(row["name"]);
        }
    }
    if (world.first_names.empty()) {
        world.first_names = {"Ayşe", "Mehmet", "Fatma", "Ahmet"};
    }
    if (world.last_names.empty()) {
        world.last_names = {"Yılmaz", "Kaya", "Demir", "Şahin"};
    }

    world.reopen_answers = Texts({"Yeniden yapılan kontrolde sorun tamamen giderilmiştir. Bilgilerinize sunarız.",
                                  "Eksik kalan çalışma tamamlanmıştır. Anlayışınız için teşekkür ederiz."});
    world.hold_reasons = Texts({"Malzeme temini bekleniyor.", "Hava koşulları nedeniyle çalışma ertelendi.",
                                "İlgili kurumdan görüş bekleniyor.", "Vatandaşa ulaşılamadı, tekrar aranacak.",
                                "Yatırım programı onayı bekleniyor."});
    world.reject_reasons =
        Texts({"Konu belediyemizin görev alanında değildir; ilgili kuruma başvurmanız gerekmektedir.",
               "Mükerrer başvuru: aynı konu için açılmış başvuru üzerinden işlem yürütülmektedir.",
               "Adres bilgisi yetersiz olduğundan işlem yapılamamıştır.",
               "Bildirilen alan özel mülk içinde kaldığından belediyemizce müdahale edilememektedir."});
    world.reopen_reasons = Texts({"Vatandaş sorunun devam ettiğini bildirdi.",
                                  "Memnuniyet anketinde düşük puan verildi: sorun çözülmemiş.",
                                  "Yerinde yapılan kontrolde işin eksik kaldığı görüldü."});
    world.transfer_notes = {"112 Acil Çağrı Merkezine aktarıldı.", "İlçe belediyesi santraline aktarıldı.",
                            "SASKİ arıza hattına aktarıldı.", "YEDAŞ 186 arıza hattına aktarıldı."};
    world.abusive_note = "Hakaret içerikli arama; uyarıldı ve sonlandırıldı.";
    for (int c = 0; c < core::EnumCount<core::Channel>(); ++c) {
        world.created_texts[static_cast<std::size_t>(c)] =
            std::string("Başvuru alındı (") + std::string(core::LabelTr(static_cast<core::Channel>(c))) + ").";
    }
    return world;
}

// ---- When requests arrive ---------------------------------------------------------------------------------

/// The creation times of all requests, in order: a number per local day (weekday, season, holidays, growth
/// over the years, some day-to-day noise) spread over the hours of the day.
class CreationTimes {
  public:
    CreationTimes(std::int64_t start, std::int64_t end, std::int64_t n, const World& world,
                  const core::HolidayTable& holidays, std::uint64_t seed)
        : start_(start), end_(end) {
        first_day_ = (start + kOffset) / kDay;
        const std::int64_t last_day = (end - 1 + kOffset) / kDay;
        Rng noise(seed ^ 0x5eed0fda75ULL);
        double hours_total = 0;
        for (double w : kHourWeights) {
            hours_total += w;
        }
        std::vector<double> weights;
        double total = 0;
        for (std::int64_t d = first_day_; d <= last_day; ++d) {
            std::array<double, 24> hours{};
            double covered = HourWeights(d, hours) / hours_total;
            const std::int64_t unix_noon = d * kDay - kOffset + 12 * kHour;
            const auto date = LocalDate(unix_noon);
            double w = covered * kWeekdayWeights[static_cast<std::size_t>((d + 3) % 7)];  // 1970-01-01: Thursday
            w *= world.month_factor[static_cast<unsigned>(date.month()) - 1];
            switch (holidays.KindOn(date)) {
                case core::HolidayKind::kFullDay:
                    w *= 0.45;
                    break;
                case core::HolidayKind::kHalfDay:
                    w *= 0.8;
                    break;
                case core::HolidayKind::kNone:
                    break;
            }
            w *= std::pow(kYearlyGrowth, static_cast<double>(d - first_day_) / 365.25);
            w *= std::exp(0.12 * noise.Normal());
            weights.push_back(w);
            total += w;
        }
        // Cumulative rounding: the counts add up to exactly n.
        double cumulative = 0;
        std::int64_t assigned = 0;
        for (double w : weights) {
            cumulative += w;
            auto target = static_cast<std::int64_t>(std::llround(static_cast<double>(n) * cumulative / total));
            counts_.push_back(target - assigned);
            assigned = target;
        }
        if (!counts_.empty()) {
            counts_.back() += n - assigned;
        }
    }

    std::int64_t Next(Rng& rng) {
        while (pos_ == buffer_.size()) {
            FillDay(rng);
        }
        return buffer_[pos_++];
    }

  private:
    /// Hour weights of local day `d` limited to [start_, end_); returns their sum.
    double HourWeights(std::int64_t d, std::array<double, 24>& out) const {
        double sum = 0;
        for (std::size_t h = 0; h < 24; ++h) {
            auto [lo, hi] = HourWindow(d, h);
            out[h] = hi > lo ? kHourWeights[h] * static_cast<double>(hi - lo) / kHour : 0.0;
            sum += out[h];
        }
        return sum;
    }
    std::pair<std::int64_t, std::int64_t> HourWindow(std::int64_t d, std::size_t h) const {
        std::int64_t lo = d * kDay - kOffset + static_cast<std::int64_t>(h) * kHour;
        return {std::max(lo, start_), std::min(lo + kHour, end_)};
    }

    void FillDay(Rng& rng) {
        if (day_ >= counts_.size()) {
            throw std::logic_error("demo: more requests than planned");
        }
        const std::int64_t d = first_day_ + static_cast<std::int64_t>(day_);
        std::array<double, 24> hours{};
        HourWeights(d, hours);
        Weighted pick;
        for (double w : hours) {
            pick.Add(w);
        }
        buffer_.clear();
        pos_ = 0;
        for (std::int64_t i = 0; i < counts_[day_]; ++i) {
            auto [lo, hi] = HourWindow(d, pick.Pick(rng));
            buffer_.push_back(hi > lo ? rng.Between(lo, hi - 1) : lo);
        }
        std::sort(buffer_.begin(), buffer_.end());
        ++day_;
    }

    std::int64_t start_;
    std::int64_t end_;
    std::int64_t first_day_ = 0;
    std::vector<std::int64_t> counts_;
    std::size_t day_ = 0;
    std::vector<std::int64_t> buffer_;
    std::size_t pos_ = 0;
};

// ---- One planned request, and everything written with it --------------------------------------------------

struct ExtraContact {
    core::Contact contact;
    std::int64_t citizen_pool = -1;  ///< the caller, when a pool citizen already on record
};

struct Resolution {
    std::int64_t at = 0;
    std::int64_t seconds = 0;
};

/// Kept across chunks so strings and vectors keep their capacity.
struct DemoItem {
    core::Request request;
    int unit = 0;
    int category = 0;
    std::vector<core::Event> events;
    std::size_t event_count = 0;
    bool stopped = false;  ///< the next step would be after `end`: the request stays as it is
    std::string fts_body;
    std::string fts_address;
    std::string fts_notes;
    std::int64_t citizen_pool = -1;
    bool new_citizen = false;
    core::Citizen citizen;
    bool has_contact = false;
    core::Contact contact;
    std::vector<ExtraContact> extras;
    std::size_t extra_count = 0;
    std::vector<Resolution> resolutions;
};

std::string UnixText(std::int64_t t) { return std::to_string(t); }

/// Decides every request in order (deterministic for the seed); touches no database.
class Planner {
  public:
    Planner(const World& world, const core::SlaCalendar& calendar, const DemoOptions& options, std::int64_t start,
            std::int64_t end)
        : world_(world),
          calendar_(calendar),
          options_(options),
          end_(end),
          rng_(options.seed),
          times_(start, end, options.requests, world, calendar.holidays(), options.seed),
          pool_size_(std::max<std::int64_t>(1, options.requests / 3)),
          pool_home_(static_cast<std::size_t>(pool_size_), 0),
          previous_(start) {
        route_cache_.assign(world.categories.size() * world.districts.size() * 10 * 6, -1);
    }

    std::int64_t PoolSize() const { return pool_size_; }

    /// Plans the next `count` requests into items[0, count).
    void Fill(std::vector<DemoItem>& items, std::size_t count) {
        if (items.size() < count) {
            items.resize(count);
        }
        for (std::size_t i = 0; i < count; ++i) {
            PlanOne(items[i]);
        }
    }

  private:
    struct Route {
        int unit = 0;
        core::Priority priority = core::Priority::kNormal;
        std::optional<Id> rule_id;
        std::string reason;
    };

    const Route* RouteFor(std::size_t category, std::size_t district, core::Channel channel, core::RequestType type) {
        std::size_t key =
            ((category * world_.districts.size() + district) * 10 + static_cast<std::size_t>(channel)) * 6 +
            static_cast<std::size_t>(type);
        int& slot = route_cache_[key];
        if (slot == -1) {
            auto decision = routing::Route(*world_.catalog, {world_.categories[category].category->code,
                                                             world_.districts[district].district->code, channel, type});
            auto unit = decision.ok() ? world_.unit_index.find(decision->unit) : world_.unit_index.end();
            if (unit == world_.unit_index.end()) {
                slot = -2;
            } else {
                slot = static_cast<int>(routes_.size());
                routes_.push_back({unit->second, decision->priority, decision->rule_id, decision->reason});
            }
        }
        return slot >= 0 ? &routes_[static_cast<std::size_t>(slot)] : nullptr;
    }

    std::string Phone(std::uint64_t bits) const {
        static constexpr std::array<char, 4> kOperators = {'0', '3', '4', '5'};  // 50x, 53x, 54x, 55x
        std::string phone = "+905";
        phone += kOperators[bits % 4];
        bits /= 4;
        for (int i = 0; i < 8; ++i) {
            phone += static_cast<char>('0' + bits % 10);
            bits /= 10;
        }
        return phone;
    }
    std::string PoolPhone(std::int64_t pool) const {
        return Phone(Mix(options_.seed, 1, static_cast<std::uint64_t>(pool)));
    }
    /// A pool citizen: frequent callers have low numbers, so repeat callers are common.
    std::int64_t PickPool() {
        auto pool = static_cast<std::int64_t>(static_cast<double>(pool_size_) * std::pow(rng_.Uniform(), 1.3));
        return std::min(pool, pool_size_ - 1);
    }

    void MakeCitizen(DemoItem& item, std::int64_t pool, std::size_t district, std::int64_t at) {
        const auto p = static_cast<std::uint64_t>(pool);
        core::Citizen& c = item.citizen;
        c = core::Citizen{};
        c.phone = PoolPhone(pool);
        c.first_name = world_.first_names[Mix(options_.seed, 2, p) % world_.first_names.size()];
        c.last_name = world_.last_names[Mix(options_.seed, 3, p) % world_.last_names.size()];
        const std::uint64_t traits = Mix(options_.seed, 4, p);
        if (traits % 100 < 35) {
            c.tckn = core::GenerateTcKimlikNo(Mix(options_.seed, 5, p));
        }
        if ((traits / 100) % 100 < 12) {
            c.email = core::FoldTurkish(c.first_name) + "." + core::FoldTurkish(c.last_name) +
                      std::to_string(traits % 97) + "@example.com";
            std::replace(c.email.begin(), c.email.end(), ' ', '.');
        }
        if ((traits / 10000) % 100 < 25) {
            const auto& d = world_.districts[district];
            if (!d.neighbourhood_names.empty()) {
                c.address = d.neighbourhood_names[(traits / 1000000) % d.neighbourhood_names.size()] + ", ";
            }
            c.address +=
                d.streets[(traits / 100000000) % d.streets.size()] + " No: " + std::to_string(1 + (traits >> 40) % 120);
        }
        c.kvkk_consent = (traits >> 20) % 100 < 85;
        c.created_at = c.updated_at = core::FromUnix(at);
        item.new_citizen = true;
    }

    core::Event& NewEvent(DemoItem& item) {
        if (item.event_count == item.events.size()) {
            item.events.emplace_back();
        }
        core::Event& e = item.events[item.event_count++];
        e.actor_id.reset();
        e.from_status.reset();
        e.to_status.reset();
        e.is_public = false;
        e.text.clear();
        e.changes.clear();
        return e;
    }

    /// Takes a workflow action the way RequestService::Act does (status, timestamps, due time, version, the
    /// event with its field changes, the search notes). Returns false, and ends the request's history, when
    /// `at` is after the end of the demo.
    bool Act(DemoItem& item, Action action, std::int64_t at, std::optional<Id> actor, const Text* text = nullptr,
             std::optional<Id> assignee = std::nullopt) {
        if (item.stopped || at > end_) {
            item.stopped = true;
            return false;
        }
        core::Request& r = item.request;
        const Status before = r.status;
        auto next = core::NextStatus(before, action);
        if (!next.ok()) {
            throw std::logic_error("demo: illegal step " + next.error().detail);
        }
        core::Event& e = NewEvent(item);
        e.at = core::FromUnix(at);
        e.actor_id = actor;
        e.kind = core::ToCode(action);
        e.from_status = before;
        e.to_status = *next;
        if (text != nullptr) {
            e.text = text->text;
        }
        auto change = [&](const char* field, std::string old_value, std::string new_value) {
            if (old_value != new_value) {
                e.changes.push_back({field, std::move(old_value), std::move(new_value)});
            }
        };
        auto status = [&] { change("status", std::string(core::ToCode(before)), std::string(core::ToCode(*next))); };
        auto hours = world_.units[static_cast<std::size_t>(item.unit)].hours;
        const core::Category& category = *world_.categories[static_cast<std::size_t>(item.category)].category;
        switch (action) {
            case Action::kAccept:
                r.accepted_at = e.at;
                change("accepted_at", "", UnixText(at));
                break;
            case Action::kAssign:
                change("assignee_id", r.assignee_id ? std::to_string(*r.assignee_id) : "",
                       assignee ? std::to_string(*assignee) : "");
                r.assignee_id = assignee;
                if (!r.accepted_at) {
                    r.accepted_at = e.at;
                    change("accepted_at", "", UnixText(at));
                }
                break;
            case Action::kStart:
                status();
                if (!r.accepted_at) {
                    r.accepted_at = e.at;
                    change("accepted_at", "", UnixText(at));
                }
                break;
            case Action::kHold:
                status();
                r.hold_started_at = e.at;
                break;
            case Action::kResume: {
                status();
                core::Time held_at = r.hold_started_at.value_or(e.at);
                auto left = calendar_.CountedMinutes(held_at, r.due_at, category.clock, hours);
                core::Time due = calendar_.DueTime(e.at, left, category.clock, hours);
                change("due_at", UnixText(core::ToUnix(r.due_at)), UnixText(core::ToUnix(due)));
                r.due_at = due;
                r.hold_started_at.reset();
                break;
            }
            case Action::kResolve:
                status();
                change("public_answer", r.public_answer, text->text);
                r.public_answer = text->text;
                r.resolved_at = e.at;
                item.resolutions.push_back({at, at - core::ToUnix(r.created_at)});
                break;
            case Action::kClose:
                status();
                r.closed_at = e.at;
                break;
            case Action::kReject:
                status();
                change("reject_reason", r.reject_reason, text->text);
                r.reject_reason = text->text;
                r.hold_started_at.reset();
                break;
            case Action::kReopen: {
                status();
                core::Time due = DueTime(category, hours, at);
                change("due_at", UnixText(core::ToUnix(r.due_at)), UnixText(core::ToUnix(due)));
                change("accepted_at", r.accepted_at ? UnixText(core::ToUnix(*r.accepted_at)) : "", "");
                r.resolved_at.reset();
                r.closed_at.reset();
                r.hold_started_at.reset();
                r.accepted_at.reset();
                r.due_at = due;
                break;
            }
            case Action::kRoute:
            case Action::kReroute:
                throw std::logic_error("demo: routing is not a planned step");
        }
        r.status = *next;
        r.version += 1;
        r.updated_at = e.at;
        e.is_public = before != r.status || action == Action::kResolve || action == Action::kReject;
        if (action == Action::kHold || action == Action::kAssign) {
            e.is_public = before != r.status;
        }
        if (text != nullptr) {
            item.fts_notes += ' ';
            item.fts_notes += text->folded;
        }
        return true;
    }

    core::Time DueTime(const core::Category& category, const core::WorkingHours& hours, std::int64_t from) const {
        return calendar_.DueTime(core::FromUnix(from), std::chrono::minutes(category.sla_minutes), category.clock,
                                 hours);
    }

    /// A lognormal multiple of `window` (median e^mu); about 80% fall under 1 when mu = -0.67, sigma = 0.8.
    std::int64_t Duration(double window, double mu, double sigma, std::int64_t lo, std::int64_t hi) {
        double d = window * std::exp(mu + sigma * rng_.Normal());
        return std::clamp(static_cast<std::int64_t>(d), lo, hi);
    }
    std::int64_t Within(std::int64_t from, std::int64_t to, double lo, double hi) {
        return from + static_cast<std::int64_t>(static_cast<double>(to - from) * rng_.Uniform(lo, hi));
    }

    /// The request's life after routing: accepted, maybe assigned, started, maybe held, resolved with an answer,
    /// closed; a few rejected, a few reopened and resolved again. Steps after `end` do not happen (yet).
    void Lifecycle(DemoItem& item) {
        const UnitInfo& unit = world_.units[static_cast<std::size_t>(item.unit)];
        const CategoryInfo& category = world_.categories[static_cast<std::size_t>(item.category)];
        const core::Request& r = item.request;
        const std::int64_t created = core::ToUnix(r.created_at);
        const std::int64_t window =
            std::clamp<std::int64_t>(core::ToUnix(r.due_at) - created, 15 * kMinute, 200 * kDay);
        // Who acts, as the live permissions allow (MayAct): the unit's people when it has any, else the call
        // centre's supervisors; closing and reopening is for supervisors and managers, not unit staff.
        std::optional<Id> supervisor;
        if (!world_.supervisors.empty()) {
            supervisor = rng_.PickFrom(world_.supervisors);
        }
        std::optional<Id> manager;
        if (!unit.managers.empty()) {
            manager = rng_.PickFrom(unit.managers);
        }
        std::optional<Id> staff = manager ? manager : supervisor;
        if (!unit.staff.empty()) {
            staff = rng_.PickFrom(unit.staff);
        }
        manager = manager ? manager : staff;
        const std::optional<Id> closer = supervisor ? supervisor : unit.managers.empty() ? std::nullopt : manager;

        if (rng_.Chance(0.03)) {
            const Text& reason = rng_.PickFrom(world_.reject_reasons);
            std::int64_t t = created + Duration(static_cast<double>(window), -2.0, 0.8, 5 * kMinute, 20 * kDay);
            if (rng_.Chance(0.5)) {
                Act(item, Action::kAccept, t, manager);
                t = Within(t, t + window, 0.05, 0.5);
                Act(item, Action::kReject, t, staff, &reason);
            } else {
                Act(item, Action::kReject, t, manager, &reason);
            }
            return;
        }
        const std::int64_t resolve_at =
            created + Duration(static_cast<double>(window), -0.67, 0.8, 10 * kMinute, 120 * kDay);
        std::int64_t t = Within(created, resolve_at, 0.02, 0.2);
        Act(item, Action::kAccept, t, manager);
        std::optional<Id> assignee;
        if (!unit.staff.empty() && rng_.Chance(0.6)) {
            // A manager assigns anyone of the unit; staff may only take a request themselves.
            assignee = unit.managers.empty() ? staff : rng_.PickFrom(unit.staff);
            t = Within(t, resolve_at, 0.01, 0.1);
            Act(item, Action::kAssign, t, unit.managers.empty() ? staff : manager, nullptr, assignee);
        }
        const std::optional<Id> worker = assignee ? assignee : staff;
        t = Within(t, resolve_at, 0.05, 0.35);
        Act(item, Action::kStart, t, worker);
        if (resolve_at - t > 4 * kHour && rng_.Chance(0.08)) {
            t = Within(t, resolve_at, 0.1, 0.4);
            Act(item, Action::kHold, t, worker, &rng_.PickFrom(world_.hold_reasons));
            t = Within(t, resolve_at, 0.3, 0.8);
            Act(item, Action::kResume, t, worker);
        }
        const auto& answers = world_.answers[category.top];
        Act(item, Action::kResolve, resolve_at, worker, &answers[rng_.Below(answers.size())]);
        const bool reopen = rng_.Chance(0.025);
        const bool close = rng_.Chance(0.93);
        const std::int64_t close_at = resolve_at + rng_.Between(kDay, 10 * kDay);
        if (!reopen) {
            if (close) {
                Act(item, Action::kClose, close_at, closer);
            }
            return;
        }
        const std::int64_t reopen_at = resolve_at + rng_.Between(2 * kHour, 4 * kDay);
        if (close && close_at < reopen_at) {
            Act(item, Action::kClose, close_at, closer);
        }
        if (!Act(item, Action::kReopen, reopen_at, closer, &rng_.PickFrom(world_.reopen_reasons))) {
            return;
        }
        const std::int64_t window2 =
            std::clamp<std::int64_t>(core::ToUnix(r.due_at) - reopen_at, 15 * kMinute, 200 * kDay);
        const std::int64_t resolve2 =
            reopen_at + Duration(static_cast<double>(window2), -1.2, 0.6, 10 * kMinute, 60 * kDay);
        t = Within(reopen_at, resolve2, 0.05, 0.2);
        Act(item, Action::kAccept, t, manager);
        t = Within(t, resolve2, 0.1, 0.4);
        Act(item, Action::kStart, t, worker);
        Act(item, Action::kResolve, resolve2, worker, &rng_.PickFrom(world_.reopen_answers));
        if (rng_.Chance(0.9)) {
            Act(item, Action::kClose, resolve2 + rng_.Between(kDay, 10 * kDay), closer);
        }
    }

    /// Information calls, transfers, dropped and abusive calls between the previous request and this one, so
    /// that all contacts come to `contacts_per_request` per request.
    void ExtraContacts(DemoItem& item, std::int64_t from, std::int64_t to) {
        double target = options_.contacts_per_request * static_cast<double>(planned_ + 1);
        double deficit = target - static_cast<double>(contacts_) - (item.has_contact ? 1 : 0);
        auto n = static_cast<std::int64_t>(std::floor(deficit + rng_.Uniform()));
        item.extra_count = 0;
        std::array<std::int64_t, 64> starts{};
        n = std::clamp<std::int64_t>(n, 0, static_cast<std::int64_t>(starts.size()));
        for (std::int64_t i = 0; i < n; ++i) {
            starts[static_cast<std::size_t>(i)] =
                from +
                static_cast<std::int64_t>(rng_.Below(static_cast<std::size_t>(std::max<std::int64_t>(1, to - from))));
        }
        std::sort(starts.begin(), starts.begin() + n);
        for (std::int64_t i = 0; i < n; ++i) {
            if (item.extra_count == item.extras.size()) {
                item.extras.emplace_back();
            }
            ExtraContact& x = item.extras[item.extra_count++];
            core::Contact& c = x.contact;
            c = core::Contact{};
            x.citizen_pool = -1;
            const double ch = rng_.Uniform();
            c.channel = ch < 0.88   ? core::Channel::kPhone
                        : ch < 0.93 ? core::Channel::kWalkIn
                        : ch < 0.97 ? core::Channel::kWhatsapp
                        : ch < 0.99 ? core::Channel::kEmail
                                    : core::Channel::kSms;
            const double who = rng_.Uniform();
            if (who < 0.55) {
                std::int64_t pool = PickPool();
                c.caller_phone = PoolPhone(pool);
                // Linked only when on record before this request (a citizen is recorded with their request).
                if (pool_home_[static_cast<std::size_t>(pool)] != 0 &&
                    !(item.new_citizen && pool == item.citizen_pool)) {
                    x.citizen_pool = pool;
                }
            } else if (who < 0.95) {
                c.caller_phone = Phone(rng_.Next());
            }
            if (!world_.agents.empty()) {
                c.agent_id = rng_.PickFrom(world_.agents);
            }
            const double outcome = rng_.Uniform();
            std::int64_t seconds = 0;
            if (outcome < 0.68) {
                c.outcome = core::ContactOutcome::kInformed;
                if (!world_.articles.empty() && rng_.Chance(0.8)) {
                    c.article_id = rng_.PickFrom(world_.articles);
                }
                seconds = rng_.Between(60, 420);
            } else if (outcome < 0.80) {
                c.outcome = core::ContactOutcome::kTransferred;
                c.note = rng_.PickFrom(world_.transfer_notes);
                seconds = rng_.Between(30, 180);
            } else if (outcome < 0.94) {
                c.outcome = core::ContactOutcome::kDropped;
                seconds = rng_.Between(3, 40);
            } else {
                c.outcome = core::ContactOutcome::kAbusive;
                c.note = world_.abusive_note;
                seconds = rng_.Between(10, 90);
            }
            c.started_at = core::FromUnix(starts[static_cast<std::size_t>(i)]);
            c.ended_at = core::FromUnix(std::min(starts[static_cast<std::size_t>(i)] + seconds, end_));
        }
        contacts_ += n + (item.has_contact ? 1 : 0);
    }

    void PlanOne(DemoItem& item) {
        const std::int64_t created = times_.Next(rng_);
        const int month = LocalMonth(created);
        item.event_count = 0;
        item.stopped = false;
        item.new_citizen = false;
        item.has_contact = false;
        item.resolutions.clear();
        item.fts_notes.clear();

        // Who: a pool citizen (repeat callers common), or nobody (anonymous).
        item.citizen_pool = rng_.Chance(0.10) ? -1 : PickPool();
        std::size_t district = world_.district_weights.Pick(rng_);
        if (item.citizen_pool >= 0) {
            auto& home = pool_home_[static_cast<std::size_t>(item.citizen_pool)];
            if (home == 0) {
                home = static_cast<std::uint8_t>(district + 1);
                MakeCitizen(item, item.citizen_pool, district, created);
            } else if (rng_.Chance(0.7)) {
                district = home - 1u;  // most people report things near home
            }
        }
        // What, and how it came in.
        const auto channel = static_cast<core::Channel>(world_.channels.Pick(rng_));
        const Route* route = nullptr;
        std::size_t category = 0;
        core::RequestType type = core::RequestType::kRequest;
        for (int attempt = 0; route == nullptr; ++attempt) {
            if (attempt == 100) {
                throw std::logic_error("demo: the catalog routes no category");
            }
            category = world_.category_by_month[static_cast<std::size_t>(month - 1)].Pick(rng_);
            type = static_cast<core::RequestType>(world_.categories[category].types.Pick(rng_));
            route = RouteFor(category, district, channel, type);
        }
        const CategoryInfo& info = world_.categories[category];
        const DistrictInfo& place = world_.districts[district];
        item.unit = route->unit;
        item.category = static_cast<int>(category);
        const UnitInfo& unit = world_.units[static_cast<std::size_t>(route->unit)];

        core::Request& r = item.request;
        r.id = 0;
        r.year = LocalYear(created);
        r.sequence = 0;
        r.type = type;
        r.channel = channel;
        r.category = info.category->code;
        r.unit = unit.unit->code;
        r.status = Status::kRouted;
        r.priority = route->priority;
        r.location.district = place.district->code;
        r.location.neighbourhood_id.reset();
        if (!place.neighbourhoods.empty()) {
            r.location.neighbourhood_id = rng_.PickFrom(place.neighbourhoods);
        }
        const std::string& street = rng_.PickFrom(place.streets);
        r.location.street = street;
        r.location.address_text.clear();
        const auto house = rng_.Between(1, 140);
        if (rng_.Chance(0.45)) {
            r.location.address_text = "No: " + std::to_string(house);
        }
        r.location.lat = std::round((place.district->lat + place.spread * rng_.Normal()) * 1e6) / 1e6;
        r.location.lon = std::round((place.district->lon + place.spread * 1.3 * rng_.Normal()) * 1e6) / 1e6;
        if (!info.texts.empty()) {
            r.description = rng_.PickFrom(info.texts).text;
        } else {
            r.description = info.category->name_tr + " - " + street;
        }
        if (rng_.Chance(0.25)) {
            r.description += " (" + street + " No: " + std::to_string(house) + ")";
        }
        r.citizen_id.reset();
        r.contact_id.reset();
        r.assignee_id.reset();
        r.created_by.reset();
        r.api_key_id.reset();
        r.routing_rule_id = route->rule_id;
        r.created_at = r.updated_at = core::FromUnix(created);
        r.due_at = DueTime(*info.category, unit.hours, created);
        r.accepted_at.reset();
        r.hold_started_at.reset();
        r.resolved_at.reset();
        r.closed_at.reset();
        r.public_answer.clear();
        r.reject_reason.clear();
        r.version = 1;
        item.fts_body = core::FoldForIndex(r.description);
        item.fts_address = core::FoldForIndex(r.location.street + " " + r.location.address_text);

        // Calls and visits are taken by an agent, who records the contact and opens the request from it.
        if ((channel == core::Channel::kPhone || channel == core::Channel::kWalkIn) && !world_.agents.empty()) {
            r.created_by = rng_.PickFrom(world_.agents);
        }
        if (channel == core::Channel::kPhone || channel == core::Channel::kWalkIn) {
            item.has_contact = true;
            core::Contact& c = item.contact;
            c = core::Contact{};
            c.channel = channel;
            c.agent_id = r.created_by;
            if (item.citizen_pool >= 0) {
                c.caller_phone = PoolPhone(item.citizen_pool);
            } else if (channel == core::Channel::kPhone && rng_.Chance(0.7)) {
                c.caller_phone = Phone(rng_.Next());
            }
            c.started_at = core::FromUnix(created - rng_.Between(90, 400));
            c.ended_at = r.created_at;
            c.outcome = core::ContactOutcome::kRequestOpened;
        }
        ExtraContacts(item, previous_, created);
        previous_ = created;

        core::Event& made = NewEvent(item);
        made.at = r.created_at;
        made.actor_id = r.created_by;
        made.kind = "created";
        made.to_status = Status::kNew;
        made.is_public = true;
        made.text = world_.created_texts[static_cast<std::size_t>(channel)];
        core::Event& routed = NewEvent(item);
        routed.at = r.created_at;
        routed.kind = "routed";
        routed.from_status = Status::kNew;
        routed.to_status = Status::kRouted;
        routed.is_public = true;
        routed.text = route->reason;
        routed.changes.push_back({"unit", "", r.unit});
        if (route->rule_id) {
            routed.changes.push_back({"routing_rule_id", "", std::to_string(*route->rule_id)});
        }
        Lifecycle(item);
        ++planned_;
    }

    const World& world_;
    const core::SlaCalendar& calendar_;
    const DemoOptions& options_;
    std::int64_t end_;
    Rng rng_;
    CreationTimes times_;
    std::int64_t pool_size_;
    std::vector<std::uint8_t> pool_home_;  ///< home district + 1 of each pool citizen; 0 = not on record yet
    std::int64_t previous_;
    std::int64_t planned_ = 0;
    std::int64_t contacts_ = 0;
    std::vector<int> route_cache_;  ///< -1 not routed yet, -2 no route, else an index into routes_
    std::deque<Route> routes_;      // stable addresses
};

// ---- Writing ----------------------------------------------------------------------------------------------

/// Writes planned requests in order, keeping ids, tracking numbers and rollups as the live path would.
class Writer {
  public:
    Writer(const World& world, std::int64_t pool_size, Id next_request_id)
        : world_(world), pool_ids_(static_cast<std::size_t>(pool_size), 0), next_request_id_(next_request_id) {}

    void Write(storage::Tx& tx, std::vector<DemoItem>& items, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            WriteOne(tx, items[i]);
        }
        Flush(tx);
        // Search rows last: FTS5 flushes its pending terms to disk at every statement savepoint (which each
        // upsert above opens), so interleaving them costs a tiny segment and a merge per request.
        for (std::size_t i = 0; i < count; ++i) {
            const DemoItem& item = items[i];
            tx.IndexRequestText(item.request.id, item.fts_body, item.fts_address, item.fts_notes);
        }
    }

    DemoReport& report() { return report_; }

  private:
    void CountContact(const core::Contact& c) {
        const auto outcome = static_cast<std::uint64_t>(c.outcome ? static_cast<int>(*c.outcome) + 1 : 0);
        const auto key = (static_cast<std::uint64_t>(LocalHour(c.started_at)) << 8) |
                         (static_cast<std::uint64_t>(c.channel) << 4) | outcome;
        ++contact_counts_[key];
        ++report_.contacts;
    }

    void WriteOne(storage::Tx& tx, DemoItem& item) {
        core::Request& r = item.request;
        if (item.new_citizen) {
            pool_ids_[static_cast<std::size_t>(item.citizen_pool)] = tx.InsertCitizen(item.citizen);
            ++report_.citizens;
        }
        if (item.citizen_pool >= 0) {
            r.citizen_id = pool_ids_[static_cast<std::size_t>(item.citizen_pool)];
        }
        for (std::size_t i = 0; i < item.extra_count; ++i) {
            ExtraContact& x = item.extras[i];
            if (x.citizen_pool >= 0) {
                Id id = pool_ids_[static_cast<std::size_t>(x.citizen_pool)];
                if (id != 0) {
                    x.contact.citizen_id = id;
                }
            }
            tx.InsertContact(x.contact);
            CountContact(x.contact);
        }
        if (item.has_contact) {
            item.contact.citizen_id = r.citizen_id;
            item.contact.request_id = next_request_id_;  // ids are assigned in order; checked below
            r.contact_id = tx.InsertContact(item.contact);
            CountContact(item.contact);
        }
        auto& sequence_name = sequence_names_[r.year];
        if (sequence_name.empty()) {
            sequence_name = "tracking-" + std::to_string(r.year);
        }
        r.sequence = tx.NextSequence(sequence_name);
        r.tracking_number = core::FormatTrackingNumber({r.year, r.sequence});
        r.id = tx.InsertRequest(r);
        if (item.has_contact && r.id != next_request_id_) {
            item.contact.id = *r.contact_id;
            item.contact.request_id = r.id;
            tx.UpdateContact(item.contact);
        }
        next_request_id_ = r.id + 1;
        for (std::size_t i = 0; i < item.event_count; ++i) {
            item.events[i].request_id = r.id;
            tx.InsertEvent(item.events[i]);
        }
        report_.events += static_cast<std::int64_t>(item.event_count);

        // Rollups: what CountCreated and CountChanged add up to over the request's history.
        const auto unit = static_cast<std::uint64_t>(item.unit);
        const auto key = (static_cast<std::uint64_t>(LocalDay(r.created_at)) << 32) | (unit << 20) |
                         (static_cast<std::uint64_t>(item.category) << 4) | static_cast<std::uint64_t>(r.status);
        ++request_counts_[key];
        if (core::IsOpen(r.status)) {
            ++open_counts_[(unit << 4) | static_cast<std::uint64_t>(r.status)];
        }
        for (const auto& res : item.resolutions) {
            tx.AddResolution(LocalDay(core::FromUnix(res.at)), r.unit, ResolutionBucket(res.seconds), res.seconds);
        }
        ++report_.requests;
    }

    void Flush(storage::Tx& tx) {
        for (const auto& [key, n] : request_counts_) {
            const auto& unit = world_.units[(key >> 20) & 0xfff].unit->code;
            const auto& category = world_.categories[(key >> 4) & 0xffff].category->code;
            tx.BumpRequestRollup(static_cast<std::int64_t>(key >> 32), unit, category, static_cast<Status>(key & 0xf),
                                 n);
        }
        for (const auto& [key, n] : open_counts_) {
            tx.BumpOpenRollup(world_.units[key >> 4].unit->code, static_cast<Status>(key & 0xf), n);
        }
        for (const auto& [key, n] : contact_counts_) {
            const auto outcome = key & 0xf;
            std::string code =
                outcome == 0 ? "open" : std::string(core::ToCode(static_cast<core::ContactOutcome>(outcome - 1)));
            tx.BumpContactRollup(static_cast<std::int64_t>(key >> 8), static_cast<core::Channel>((key >> 4) & 0xf),
                                 code, n);
        }
        request_counts_.clear();
        open_counts_.clear();
        contact_counts_.clear();
    }

    const World& world_;
    std::vector<Id> pool_ids_;  ///< citizen id of each pool citizen on record, else 0
    Id next_request_id_;
    std::unordered_map<int, std::string> sequence_names_;
    std::unordered_map<std::uint64_t, std::int64_t> request_counts_;
    std::unordered_map<std::uint64_t, std::int64_t> open_counts_;
    std::unordered_map<std::uint64_t, std::int64_t> contact_counts_;
    DemoReport report_;
};

}  // namespace

DemoGenerator::DemoGenerator(storage::sqlite::SqliteStore& store, const core::SlaCalendar& calendar)
    : store_(store), calendar_(calendar) {}

core::Result<DemoReport> DemoGenerator::Generate(const DemoOptions& given,
                                                 const std::function<void(std::int64_t done)>& progress) {
    const auto started = std::chrono::steady_clock::now();
    DemoOptions options = given;
    if (options.end == core::Time{}) {
        options.end = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
    if (options.requests < 0 || options.requests > 100'000'000) {
        return core::MakeError(core::ErrorCode::kValidation, "Başvuru sayısı 0 ile 100.000.000 arasında olmalı.",
                               "requests");
    }
    if (options.years < 1 || options.years > 20) {
        return core::MakeError(core::ErrorCode::kValidation, "Yıl sayısı 1 ile 20 arasında olmalı.", "years");
    }
    if (!(options.contacts_per_request >= 0 && options.contacts_per_request <= 50)) {
        return core::MakeError(core::ErrorCode::kValidation, "Başvuru başına görüşme 0 ile 50 arasında olmalı.",
                               "contacts_per_request");
    }
    const std::int64_t end = core::ToUnix(options.end);
    const std::int64_t start = end - (365LL * options.years + options.years / 4) * kDay;
    if (start < 0) {
        return core::MakeError(core::ErrorCode::kValidation, "Bitiş zamanı geçersiz.", "end");
    }

    std::optional<Id> last_request;
    auto world = store_.Read([&](storage::Tx& tx) -> core::Result<World> {
        storage::RequestFilter newest;
        newest.limit = 1;
        auto existing = tx.ListRequests(newest);
        if (!existing.empty()) {
            last_request = existing.front().id;
        }
        return BuildWorld(tx);
    });
    ALO153_TRY(world);
    if (last_request) {
        return core::MakeError(core::ErrorCode::kValidation,
                               "Örnek veri yalnızca başvurusu olmayan bir veritabanına yüklenebilir.");
    }

    Planner planner(*world, calendar_, options, start, end);
    Writer writer(*world, planner.PoolSize(), 1);
    // The planner fills one buffer on the second core while the writer writes the other.
    std::array<std::vector<DemoItem>, 2> buffers;
    std::int64_t planned = 0;
    auto plan = [&](std::size_t buffer) {
        auto n = static_cast<std::size_t>(std::min<std::int64_t>(kBatch, options.requests - planned));
        planner.Fill(buffers[buffer], n);
        planned += static_cast<std::int64_t>(n);
        return n;
    };
    std::size_t b = 0;
    std::size_t current = plan(b);
    std::int64_t done = 0;
    while (current > 0) {
        store_.BulkLoad(
            [&](storage::Tx& tx) {
                for (std::int64_t in_transaction = 0; current > 0 && in_transaction < kTransaction;) {
                    std::future<std::size_t> next;
                    if (planned < options.requests) {
                        next = std::async(std::launch::async, plan, b ^ 1);
                    }
                    writer.Write(tx, buffers[b], current);
                    done += static_cast<std::int64_t>(current);
                    in_transaction += static_cast<std::int64_t>(current);
                    current = next.valid() ? next.get() : 0;
                    b ^= 1;
                    if (progress) {
                        progress(done);
                    }
                }
            },
            /*relaxed=*/true);
    }
    DemoReport report = writer.report();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

core::Result<DemoReport> GenerateDemo(storage::sqlite::SqliteStore& store, const core::SlaCalendar& calendar,
                                      const DemoOptions& options,
                                      const std::function<void(std::int64_t done)>& progress) {
    return DemoGenerator(store, calendar).Generate(options, progress);
}

}  // namespace alo153::app
