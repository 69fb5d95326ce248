#include "app/catalog_service.hpp"

#include <regex>

#include "core/validation.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

const std::regex kCodePattern("^[A-Z0-9_]{2,32}$");
const std::regex kCategoryCodePattern("^[A-Z0-9_]{2,32}(\\.[A-Z0-9_]{2,32})?$");

core::Result<void> RequireAdmin(const Principal& who) { return RequireRole(who, {core::Role::kAdmin}); }

core::Result<std::string> CleanName(const std::string& name, std::string_view field) {
    return core::CleanText(name, field, 200, true);
}

}  // namespace

CatalogService::CatalogService(storage::Store& store) : store_(store) { Reload(); }

routing::CatalogPtr CatalogService::Current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

void CatalogService::Reload() {
    auto catalog = store_.Read([](storage::Tx& tx) {
        return std::make_shared<const routing::Catalog>(tx.ListUnits(), tx.ListCategories(), tx.ListDistricts(),
                                                        tx.ListNeighbourhoods(), tx.ListRoutingRules());
    });
    std::lock_guard lock(mutex_);
    current_ = std::move(catalog);
}

core::Result<void> CatalogService::ValidateUnitTarget(const routing::Catalog& catalog, const std::string& unit) const {
    if (unit.empty() || unit == core::kDistrictUnit) {
        return core::Ok();
    }
    const core::Unit* u = catalog.FindUnit(unit);
    if (u == nullptr || !u->active) {
        return MakeError(ErrorCode::kUnknownReference, "Birim bulunamadı: " + unit, "unit");
    }
    return core::Ok();
}

core::Result<core::Unit> CatalogService::CreateUnit(const Principal& who, core::Unit unit) {
    ALO153_TRY(RequireAdmin(who));
    if (!std::regex_match(unit.code, kCodePattern)) {
        return MakeError(ErrorCode::kValidation, "Birim kodu büyük harf, rakam ve _ içermeli (2-32 karakter).", "code");
    }
    auto name = CleanName(unit.name, "name");
    ALO153_TRY(name);
    unit.name = *name;
    if (unit.kind == core::UnitKind::kDistrict && Current()->FindDistrict(unit.district) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "İlçe bulunamadı: " + unit.district, "district");
    }
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Unit> {
        for (const auto& u : tx.ListUnits()) {
            if (u.code == unit.code) {
                return MakeError(ErrorCode::kConflict, "Bu birim kodu kullanılmış; kodlar yeniden kullanılamaz.",
                                 "code");
            }
        }
        unit.id = tx.InsertUnit(unit);
        return unit;
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::Unit> CatalogService::UpdateUnit(const Principal& who, const std::string& code,
                                                    const UnitChange& change) {
    ALO153_TRY(RequireAdmin(who));
    if (change.name) {
        ALO153_TRY(CleanName(*change.name, "name"));
    }
    auto minute_ok = [](const std::optional<int>& m) { return !m || (*m >= 0 && *m <= 24 * 60); };
    if (!minute_ok(change.work_start_minute) || !minute_ok(change.work_end_minute)) {
        return MakeError(ErrorCode::kValidation, "Çalışma saatleri 0-1440 dakika arasında olmalı.", "working_hours");
    }
    if (change.work_weekdays && (*change.work_weekdays < 0 || *change.work_weekdays > 127)) {
        return MakeError(ErrorCode::kValidation, "Çalışma günleri geçersiz.", "work_weekdays");
    }
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Unit> {
        for (auto u : tx.ListUnits()) {
            if (u.code != code) {
                continue;
            }
            if (change.name) {
                u.name = *core::CleanText(*change.name, "name", 200, true);
            }
            u.active = change.active.value_or(u.active);
            u.work_start_minute = change.work_start_minute.value_or(u.work_start_minute);
            u.work_end_minute = change.work_end_minute.value_or(u.work_end_minute);
            u.work_weekdays = static_cast<std::uint8_t>(change.work_weekdays.value_or(u.work_weekdays));
            if (u.work_end_minute <= u.work_start_minute) {
                return MakeError(ErrorCode::kValidation, "Mesai bitişi başlangıçtan sonra olmalı.", "working_hours");
            }
            tx.UpdateUnit(u);
            return u;
        }
        return MakeError(ErrorCode::kNotFound, "Birim bulunamadı: " + code);
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::Category> CatalogService::CreateCategory(const Principal& who, core::Category category) {
    ALO153_TRY(RequireAdmin(who));
    if (!std::regex_match(category.code, kCategoryCodePattern)) {
        return MakeError(ErrorCode::kValidation, "Konu kodu ANA veya ANA.ALT biçiminde olmalı (büyük harf, rakam, _).",
                         "code");
    }
    auto catalog = Current();
    auto dot = category.code.find('.');
    category.parent = dot == std::string::npos ? std::string{} : category.code.substr(0, dot);
    if (!category.parent.empty()) {
        const core::Category* parent = catalog->FindCategory(category.parent);
        if (parent == nullptr || !parent->IsTopLevel()) {
            return MakeError(ErrorCode::kUnknownReference, "Üst konu bulunamadı: " + category.parent, "code");
        }
    }
    auto name = CleanName(category.name_tr, "name_tr");
    ALO153_TRY(name);
    category.name_tr = *name;
    ALO153_TRY(ValidateUnitTarget(*catalog, category.unit));
    if (category.parent.empty() && category.unit.empty()) {
        return MakeError(ErrorCode::kValidation, "Ana konunun varsayılan birimi zorunludur.", "unit");
    }
    if (category.sla_minutes < 0 || category.sla_minutes > 365 * 24 * 60) {
        return MakeError(ErrorCode::kValidation, "SLA süresi 0 ile 525600 dakika arasında olmalı.", "sla_minutes");
    }
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Category> {
        for (const auto& c : tx.ListCategories()) {
            if (c.code == category.code) {
                return MakeError(ErrorCode::kConflict, "Bu konu kodu kullanılmış; kodlar yeniden kullanılamaz.",
                                 "code");
            }
        }
        category.id = tx.InsertCategory(category);
        return category;
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::Category> CatalogService::UpdateCategory(const Principal& who, const std::string& code,
                                                            const CategoryChange& change) {
    ALO153_TRY(RequireAdmin(who));
    auto catalog = Current();
    if (change.unit) {
        ALO153_TRY(ValidateUnitTarget(*catalog, *change.unit));
    }
    if (change.name_tr) {
        ALO153_TRY(CleanName(*change.name_tr, "name_tr"));
    }
    if (change.sla_minutes && (*change.sla_minutes < 0 || *change.sla_minutes > 365 * 24 * 60)) {
        return MakeError(ErrorCode::kValidation, "SLA süresi 0 ile 525600 dakika arasında olmalı.", "sla_minutes");
    }
    if (change.keywords) {
        ALO153_TRY(core::CleanText(*change.keywords, "keywords", 2000, false));
    }
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Category> {
        for (auto c : tx.ListCategories()) {
            if (c.code != code) {
                continue;
            }
            c.name_tr = change.name_tr ? *core::CleanText(*change.name_tr, "name_tr", 200, true) : c.name_tr;
            c.name_en = change.name_en.value_or(c.name_en);
            c.unit = change.unit.value_or(c.unit);
            c.sla_minutes = change.sla_minutes.value_or(c.sla_minutes);
            c.clock = change.clock.value_or(c.clock);
            c.priority = change.priority.value_or(c.priority);
            c.urgent = change.urgent.value_or(c.urgent);
            c.keywords = change.keywords.value_or(c.keywords);
            c.active = change.active.value_or(c.active);
            if (c.IsTopLevel() && c.unit.empty()) {
                return MakeError(ErrorCode::kValidation, "Ana konunun varsayılan birimi zorunludur.", "unit");
            }
            tx.UpdateCategory(c);
            return c;
        }
        return MakeError(ErrorCode::kNotFound, "Konu bulunamadı: " + code);
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::Neighbourhood> CatalogService::CreateNeighbourhood(const Principal& who, const std::string& district,
                                                                      const std::string& name) {
    ALO153_TRY(RequireAdmin(who));
    if (Current()->FindDistrict(district) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "İlçe bulunamadı: " + district, "district");
    }
    auto clean = CleanName(name, "name");
    ALO153_TRY(clean);
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Neighbourhood> {
        for (const auto& n : tx.ListNeighbourhoods()) {
            if (n.district == district && n.name == *clean) {
                return MakeError(ErrorCode::kConflict, "Bu ilçede bu adla bir mahalle var.", "name");
            }
        }
        core::Neighbourhood n{0, district, *clean, true};
        n.id = tx.InsertNeighbourhood(n);
        return n;
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::Neighbourhood> CatalogService::UpdateNeighbourhood(const Principal& who, core::Id id,
                                                                      std::optional<std::string> name,
                                                                      std::optional<bool> active) {
    ALO153_TRY(RequireAdmin(who));
    if (name) {
        auto clean = CleanName(*name, "name");
        ALO153_TRY(clean);
        name = *clean;
    }
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::Neighbourhood> {
        for (auto n : tx.ListNeighbourhoods()) {
            if (n.id == id) {
                n.name = name.value_or(n.name);
                n.active = active.value_or(n.active);
                tx.UpdateNeighbourhood(n);
                return n;
            }
        }
        return MakeError(ErrorCode::kNotFound, "Mahalle bulunamadı.");
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<void> CatalogService::ValidateRule(const routing::Catalog& catalog, const core::RoutingRule& rule) const {
    auto name = core::CleanText(rule.name, "name", 200, true);
    ALO153_TRY(name);
    if (!rule.category.empty() && catalog.FindCategory(rule.category) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "Konu bulunamadı: " + rule.category, "category");
    }
    if (!rule.district.empty() && catalog.FindDistrict(rule.district) == nullptr) {
        return MakeError(ErrorCode::kUnknownReference, "İlçe bulunamadı: " + rule.district, "district");
    }
    if (rule.unit.empty()) {
        return MakeError(ErrorCode::kValidation, "Hedef birim zorunludur.", "unit");
    }
    return ValidateUnitTarget(catalog, rule.unit);
}

core::Result<core::RoutingRule> CatalogService::CreateRule(const Principal& who, core::RoutingRule rule) {
    ALO153_TRY(RequireAdmin(who));
    ALO153_TRY(ValidateRule(*Current(), rule));
    rule.name = *core::CleanText(rule.name, "name", 200, true);
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::RoutingRule> {
        rule.id = tx.InsertRoutingRule(rule);
        return rule;
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<core::RoutingRule> CatalogService::UpdateRule(const Principal& who, core::RoutingRule rule) {
    ALO153_TRY(RequireAdmin(who));
    ALO153_TRY(ValidateRule(*Current(), rule));
    rule.name = *core::CleanText(rule.name, "name", 200, true);
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<core::RoutingRule> {
        for (const auto& r : tx.ListRoutingRules()) {
            if (r.id == rule.id) {
                tx.UpdateRoutingRule(rule);
                return rule;
            }
        }
        return MakeError(ErrorCode::kNotFound, "Yönlendirme kuralı bulunamadı.");
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<void> CatalogService::DeleteRule(const Principal& who, core::Id id) {
    ALO153_TRY(RequireAdmin(who));
    auto result = store_.Write([&](storage::Tx& tx) -> core::Result<void> {
        for (const auto& r : tx.ListRoutingRules()) {
            if (r.id == id) {
                tx.DeleteRoutingRule(id);
                return core::Ok();
            }
        }
        return MakeError(ErrorCode::kNotFound, "Yönlendirme kuralı bulunamadı.");
    });
    if (result.ok()) {
        Reload();
    }
    return result;
}

core::Result<routing::RoutingDecision> CatalogService::TestRoute(const routing::RoutingInput& input) const {
    return routing::Route(*Current(), input);
}

}  // namespace alo153::app
