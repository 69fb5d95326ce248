// The catalog: units, categories, districts and neighbourhoods, routing rules.
#include "storage/postgres/pg_tx.hpp"

#include <string>
#include <vector>

#include "storage/postgres/tx_shared.hpp"

namespace alo153::storage::postgres {
namespace {

constexpr const char* kListUnits =
    "SELECT id, code, name, kind, district, active, work_start_minute, work_end_minute, work_weekdays "
    "FROM units ORDER BY id";

constexpr const char* kInsertUnit =
    "INSERT INTO units (code, name, kind, district, active, work_start_minute, work_end_minute, work_weekdays) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

constexpr const char* kUpdateUnit =
    "UPDATE units SET name = $2, kind = $3, district = $4, active = $5, work_start_minute = $6, "
    "work_end_minute = $7, work_weekdays = $8 WHERE code = $1";

constexpr const char* kListCategories =
    "SELECT id, code, parent, name_tr, name_en, unit, sla_minutes, clock, priority, urgent, keywords, active "
    "FROM categories ORDER BY id";

constexpr const char* kInsertCategory =
    "INSERT INTO categories (code, parent, name_tr, name_en, unit, sla_minutes, clock, priority, urgent, keywords, "
    "active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";

constexpr const char* kUpdateCategory =
    "UPDATE categories SET parent = $2, name_tr = $3, name_en = $4, unit = $5, sla_minutes = $6, clock = $7, "
    "priority = $8, urgent = $9, keywords = $10, active = $11 WHERE code = $1";

constexpr const char* kListDistricts = "SELECT code, name, lat, lon FROM districts ORDER BY name COLLATE \"C\"";

constexpr const char* kInsertDistrict = "INSERT INTO districts (code, name, lat, lon) VALUES ($1, $2, $3, $4)";

constexpr const char* kListNeighbourhoods = "SELECT id, district, name, active FROM neighbourhoods ORDER BY id";

constexpr const char* kInsertNeighbourhood =
    "INSERT INTO neighbourhoods (district, name, active) VALUES ($1, $2, $3) RETURNING id";

// The seed numbers neighbourhoods itself (the ids other systems know them by).
constexpr const char* kInsertNeighbourhoodWithId =
    "INSERT INTO neighbourhoods (id, district, name, active) VALUES ($1, $2, $3, $4) RETURNING id";

// After an explicit id, the identity goes on after the largest id (PostgreSQL does not move it itself).
constexpr const char* kAdvanceNeighbourhoodIds =
    "SELECT setval(pg_get_serial_sequence('neighbourhoods', 'id'), (SELECT max(id) FROM neighbourhoods))";

constexpr const char* kUpdateNeighbourhood = "UPDATE neighbourhoods SET name = $2, active = $3 WHERE id = $1";

constexpr const char* kListRules =
    "SELECT id, position, name, category, district, channel, type, unit, priority, active "
    "FROM routing_rules ORDER BY position, id";

constexpr const char* kInsertRule =
    "INSERT INTO routing_rules (position, name, category, district, channel, type, unit, priority, active) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

constexpr const char* kUpdateRule =
    "UPDATE routing_rules SET position = $1, name = $2, category = $3, district = $4, channel = $5, type = $6, "
    "unit = $7, priority = $8, active = $9 WHERE id = $10";

constexpr const char* kDeleteRule = "DELETE FROM routing_rules WHERE id = $1";

void BindUnit(Statement& s, const core::Unit& u) {
    s.Bind(1, u.code).Bind(2, u.name).Bind(3, core::ToCode(u.kind)).Bind(4, u.district).Bind(5, u.active);
    s.Bind(6, u.work_start_minute).Bind(7, u.work_end_minute).Bind(8, static_cast<int>(u.work_weekdays));
}

void BindCategory(Statement& s, const core::Category& c) {
    s.Bind(1, c.code).Bind(2, c.parent).Bind(3, c.name_tr).Bind(4, c.name_en).Bind(5, c.unit);
    s.Bind(6, c.sla_minutes).Bind(7, core::ToCode(c.clock)).Bind(8, core::ToCode(c.priority));
    s.Bind(9, c.urgent).Bind(10, c.keywords).Bind(11, c.active);
}

void BindRule(Statement& s, const core::RoutingRule& r) {
    s.Bind(1, r.position).Bind(2, r.name).Bind(3, r.category).Bind(4, r.district);
    s.Bind(5, r.channel ? core::ToCode(*r.channel) : std::string_view{});
    s.Bind(6, r.type ? core::ToCode(*r.type) : std::string_view{});
    s.Bind(7, r.unit).Bind(8, r.priority ? core::ToCode(*r.priority) : std::string_view{}).Bind(9, r.active);
}

}  // namespace

std::vector<core::Unit> PgTx::ListUnits() {
    std::vector<core::Unit> out;
    auto s = conn_.Prepare(kListUnits);
    while (s.Step()) {
        core::Unit u;
        u.id = s.Int(0);
        u.code = s.Text(1);
        u.name = s.Text(2);
        u.kind = ParseOr(core::ParseUnitKind, s.Text(3), core::UnitKind::kInternal);
        u.district = s.Text(4);
        u.active = s.Int(5) != 0;
        u.work_start_minute = static_cast<int>(s.Int(6));
        u.work_end_minute = static_cast<int>(s.Int(7));
        u.work_weekdays = static_cast<std::uint8_t>(s.Int(8));
        out.push_back(std::move(u));
    }
    return out;
}

Id PgTx::InsertUnit(const core::Unit& unit) {
    auto s = conn_.Prepare(kInsertUnit);
    BindUnit(s, unit);
    return s.RunReturningId();
}

void PgTx::UpdateUnit(const core::Unit& unit) {
    auto s = conn_.Prepare(kUpdateUnit);
    BindUnit(s, unit);
    s.Run();
}

std::vector<core::Category> PgTx::ListCategories() {
    std::vector<core::Category> out;
    auto s = conn_.Prepare(kListCategories);
    while (s.Step()) {
        core::Category c;
        c.id = s.Int(0);
        c.code = s.Text(1);
        c.parent = s.Text(2);
        c.name_tr = s.Text(3);
        c.name_en = s.Text(4);
        c.unit = s.Text(5);
        c.sla_minutes = static_cast<int>(s.Int(6));
        c.clock = ParseOr(core::ParseSlaClock, s.Text(7), core::SlaClock::kWorkingHours);
        c.priority = ParseOr(core::ParsePriority, s.Text(8), core::Priority::kNormal);
        c.urgent = s.Int(9) != 0;
        c.keywords = s.Text(10);
        c.active = s.Int(11) != 0;
        out.push_back(std::move(c));
    }
    return out;
}

Id PgTx::InsertCategory(const core::Category& category) {
    auto s = conn_.Prepare(kInsertCategory);
    BindCategory(s, category);
    return s.RunReturningId();
}

void PgTx::UpdateCategory(const core::Category& category) {
    auto s = conn_.Prepare(kUpdateCategory);
    BindCategory(s, category);
    s.Run();
}

std::vector<core::District> PgTx::ListDistricts() {
    std::vector<core::District> out;
    auto s = conn_.Prepare(kListDistricts);
    while (s.Step()) {
        out.push_back({s.Text(0), s.Text(1), s.Real(2), s.Real(3)});
    }
    return out;
}

void PgTx::InsertDistrict(const core::District& d) {
    conn_.Prepare(kInsertDistrict).Bind(1, d.code).Bind(2, d.name).Bind(3, d.lat).Bind(4, d.lon).Run();
}

std::vector<core::Neighbourhood> PgTx::ListNeighbourhoods() {
    std::vector<core::Neighbourhood> out;
    auto s = conn_.Prepare(kListNeighbourhoods);
    while (s.Step()) {
        out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0});
    }
    return out;
}

void PgTx::UpdateNeighbourhood(const core::Neighbourhood& n) {
    conn_.Prepare(kUpdateNeighbourhood).Bind(1, n.id).Bind(2, n.name).Bind(3, n.active).Run();
}

Id PgTx::InsertNeighbourhood(const core::Neighbourhood& n) {
    if (n.id == 0) {
        return conn_.Prepare(kInsertNeighbourhood)
            .Bind(1, n.district)
            .Bind(2, n.name)
            .Bind(3, n.active)
            .RunReturningId();
    }
    Id id = conn_.Prepare(kInsertNeighbourhoodWithId)
                .Bind(1, n.id)
                .Bind(2, n.district)
                .Bind(3, n.name)
                .Bind(4, n.active)
                .RunReturningId();
    conn_.Prepare(kAdvanceNeighbourhoodIds).Run();
    return id;
}

std::vector<core::RoutingRule> PgTx::ListRoutingRules() {
    std::vector<core::RoutingRule> out;
    auto s = conn_.Prepare(kListRules);
    while (s.Step()) {
        core::RoutingRule r;
        r.id = s.Int(0);
        r.position = static_cast<int>(s.Int(1));
        r.name = s.Text(2);
        r.category = s.Text(3);
        r.district = s.Text(4);
        r.channel = core::ParseChannel(s.Text(5));
        r.type = core::ParseRequestType(s.Text(6));
        r.unit = s.Text(7);
        r.priority = core::ParsePriority(s.Text(8));
        r.active = s.Int(9) != 0;
        out.push_back(std::move(r));
    }
    return out;
}

Id PgTx::InsertRoutingRule(const core::RoutingRule& rule) {
    auto s = conn_.Prepare(kInsertRule);
    BindRule(s, rule);
    return s.RunReturningId();
}

void PgTx::UpdateRoutingRule(const core::RoutingRule& rule) {
    auto s = conn_.Prepare(kUpdateRule);
    BindRule(s, rule);
    s.Bind(10, rule.id).Run();
}

void PgTx::DeleteRoutingRule(Id id) { conn_.Prepare(kDeleteRule).Bind(1, id).Run(); }

}  // namespace alo153::storage::postgres
