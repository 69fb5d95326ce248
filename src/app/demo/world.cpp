#include "app/demo/world.hpp"

#include <algorithm>
#include <string_view>

#include "app/request_common.hpp"
#include "app/tsv.hpp"
#include "core/turkish_fold.hpp"
#include "routing/rule_engine.hpp"

namespace alo153::app::demo {
namespace {

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

}  // namespace

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
    for (const auto& article : tx.SearchArticles({}, false, 1000)) {
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
        world.created_texts[static_cast<std::size_t>(c)] = CreatedEventText(static_cast<core::Channel>(c));
    }
    return world;
}

}  // namespace alo153::app::demo
