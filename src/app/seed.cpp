#include "app/seed.hpp"

#include <algorithm>
#include <charconv>

#include "app/tsv.hpp"
#include "core/turkish_fold.hpp"

namespace alo153::app {
namespace {

core::Result<Tsv> Load(std::string_view name) { return ParseTsv(EmbeddedDataFile(name), name); }

core::Error BadRow(std::string_view file, const TsvRow& row, std::string_view what) {
    return core::MakeError(core::ErrorCode::kValidation,
                           std::string(file) + ":" + std::to_string(row.Line()) + ": " + std::string(what));
}

int ToInt(const std::string& s, int fallback) {
    int v = fallback;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

core::Result<void> LoadUnits(storage::Tx& tx) {
    auto tsv = Load("units.tsv");
    ALO153_TRY(tsv);
    for (const auto& row : tsv->rows) {
        core::Unit u;
        u.code = row["code"];
        u.name = row["name"];
        auto kind = core::ParseUnitKind(row["kind"]);
        if (!kind) {
            return BadRow("units.tsv", row, "bilinmeyen birim türü");
        }
        u.kind = *kind;
        u.district = row["district"];
        tx.InsertUnit(u);
    }
    return core::Ok();
}

core::Result<void> LoadCategories(storage::Tx& tx) {
    auto tsv = Load("categories.tsv");
    ALO153_TRY(tsv);
    for (const auto& row : tsv->rows) {
        core::Category c;
        c.code = row["code"];
        c.parent = row["parent"];
        c.name_tr = row["name_tr"];
        c.name_en = row["name_en"];
        c.unit = row["unit"];
        c.sla_minutes = ToInt(row["sla_minutes"], 0);
        c.clock = core::ParseSlaClock(row["clock"]).value_or(core::SlaClock::kWorkingHours);
        c.priority = core::ParsePriority(row["priority"]).value_or(core::Priority::kNormal);
        c.urgent = row["urgent"] == "1";
        c.keywords = row["keywords"];
        if (c.code.empty() || c.name_tr.empty()) {
            return BadRow("categories.tsv", row, "kod ve ad zorunlu");
        }
        tx.InsertCategory(c);
    }
    return core::Ok();
}

core::Result<void> LoadGazetteer(storage::Tx& tx) {
    auto districts = Load("districts.tsv");
    ALO153_TRY(districts);
    for (const auto& row : districts->rows) {
        tx.InsertDistrict({row["district"], row["name"], std::stod(row["lat"]), std::stod(row["lon"])});
    }
    auto neighbourhoods = Load("samsun.tsv");
    ALO153_TRY(neighbourhoods);
    for (const auto& row : neighbourhoods->rows) {
        core::Neighbourhood n;
        n.id = ToInt(row["neighbourhood_id"], 0);
        n.district = row["district"];
        n.name = row["neighbourhood_name"];
        if (n.id <= 0) {
            return BadRow("samsun.tsv", row, "geçersiz mahalle numarası");
        }
        tx.InsertNeighbourhood(n);
    }
    return core::Ok();
}

core::Result<void> LoadArticles(storage::Tx& tx, core::Time now) {
    auto tsv = Load("articles.tsv");
    ALO153_TRY(tsv);
    for (const auto& row : tsv->rows) {
        core::Article a;
        a.title = row["title"];
        a.body = row["body"];
        a.category = row["category"];
        a.tags = row["tags"];
        a.updated_at = now;
        tx.InsertArticle(a, core::FoldForIndex(a.title), core::FoldForIndex(a.body), core::FoldForIndex(a.tags));
    }
    return core::Ok();
}

}  // namespace

bool IsOpen311Seeded(storage::Tx& tx) {
    return !tx.ListServiceTypes().empty() || !tx.ListServiceAttributes("").empty();
}

core::Result<void> LoadOpen311Seed(storage::Tx& tx) {
    auto services = Load("open311_services.tsv");
    ALO153_TRY(services);
    for (const auto& row : services->rows) {
        const std::string& type = row["type"];
        if (type != "realtime" && type != "batch" && type != "blackbox") {
            return BadRow("open311_services.tsv", row, "tür realtime, batch veya blackbox olmalı");
        }
        tx.InsertServiceType(row["category"], type);
    }
    auto attributes = Load("open311_attributes.tsv");
    ALO153_TRY(attributes);
    static constexpr std::string_view kDatatypes[] = {"string", "number",          "datetime",
                                                      "text",   "singlevaluelist", "multivaluelist"};
    for (const auto& row : attributes->rows) {
        storage::ServiceAttribute a;
        a.category = row["category"];
        a.code = row["code"];
        a.datatype = row["datatype"];
        a.required = row["required"] == "1";
        a.order = ToInt(row["order"], 0);
        a.description = row["description"];
        a.datatype_description = row["datatype_description"];
        a.variable = row["variable"] != "0";
        if (a.code.empty() || a.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            return BadRow("open311_attributes.tsv", row, "kod küçük ASCII harf, rakam ve _ olmalı");
        }
        if (std::find(std::begin(kDatatypes), std::end(kDatatypes), a.datatype) == std::end(kDatatypes)) {
            return BadRow("open311_attributes.tsv", row, "bilinmeyen veri türü");
        }
        const std::string& values = row["values"];
        std::size_t start = 0;
        while (start < values.size()) {
            std::size_t bar = values.find('|', start);
            std::string item = values.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
            std::size_t eq = item.find('=');
            if (eq == std::string::npos || eq == 0) {
                return BadRow("open311_attributes.tsv", row, "seçenekler anahtar=ad biçiminde olmalı");
            }
            a.values.emplace_back(item.substr(0, eq), item.substr(eq + 1));
            start = bar == std::string::npos ? values.size() : bar + 1;
        }
        if (a.datatype.ends_with("valuelist") && a.values.empty()) {
            return BadRow("open311_attributes.tsv", row, "liste türünde seçenek zorunlu");
        }
        tx.InsertServiceAttribute(a);
    }
    return core::Ok();
}

bool IsSeeded(storage::Tx& tx) { return !tx.ListUnits().empty(); }

core::Result<void> LoadSeed(storage::Tx& tx, core::Time now) {
    ALO153_TRY(LoadUnits(tx));
    ALO153_TRY(LoadCategories(tx));
    ALO153_TRY(LoadGazetteer(tx));
    ALO153_TRY(LoadArticles(tx, now));
    return core::Ok();
}

}  // namespace alo153::app
