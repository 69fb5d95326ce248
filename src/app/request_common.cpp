#include "app/request_common.hpp"

#include <algorithm>

#include "core/labels.hpp"
#include "core/turkish_fold.hpp"

namespace alo153::app {

core::Error RequestNotFound() { return core::MakeError(core::ErrorCode::kNotFound, "Başvuru bulunamadı."); }

core::Result<core::Request> FindVisible(storage::Tx& tx, const Principal& who, core::Id id) {
    auto r = tx.FindRequest(id);
    if (!r || !CanSee(who, *r)) {
        return RequestNotFound();
    }
    return *r;
}

core::WorkingHours HoursOf(const core::Unit* unit) {
    core::WorkingHours hours;
    if (unit != nullptr) {
        hours.start_minute = unit->work_start_minute;
        hours.end_minute = unit->work_end_minute;
        hours.weekdays = unit->work_weekdays;
    }
    return hours;
}

core::SlaTermsOf SlaTermsFrom(const routing::Catalog& catalog) {
    return [&catalog](const std::string& category, const std::string& unit) {
        const core::Category* c = catalog.FindCategory(category);
        return core::SlaTerms{.minutes = std::chrono::minutes(c != nullptr ? c->sla_minutes : 0),
                              .clock = c != nullptr ? c->clock : core::SlaClock::kAroundTheClock,
                              .hours = HoursOf(catalog.FindUnit(unit))};
    };
}

std::string CreatedEventText(core::Channel channel) {
    return "Başvuru alındı (" + std::string(core::LabelTr(channel)) + ").";
}

std::string IndexedAddress(const core::Location& l) { return core::FoldForIndex(l.street + " " + l.address_text); }

void ReindexRequest(storage::Tx& tx, const core::Request& r, std::string_view added_text) {
    std::string notes = tx.IndexedNotes(r.id);
    if (!added_text.empty()) {
        notes += " " + core::FoldForIndex(added_text);
    }
    tx.IndexRequestText(r.id, core::FoldForIndex(r.description), IndexedAddress(r.location), notes);
}

std::vector<std::string> SearchWords(std::string_view text) {
    constexpr std::size_t kMaxWords = 10;
    constexpr std::size_t kMaxWordBytes = 50;
    std::vector<std::string> words;
    for (auto& token : core::FoldedTokens(text)) {
        if (token.empty() || words.size() == kMaxWords) {
            continue;
        }
        token.resize(std::min(token.size(), kMaxWordBytes));
        words.push_back(std::move(token));
    }
    return words;
}

}  // namespace alo153::app
