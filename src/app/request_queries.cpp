#include "app/request_queries.hpp"

#include <charconv>

#include "core/phone.hpp"
#include "core/tracking_number.hpp"

namespace alo153::app {
namespace {

using core::ErrorCode;
using core::MakeError;

/// Parses "<id>" (newest first) or "<due>.<id>" (due first).
std::optional<std::pair<std::int64_t, core::Id>> ParseCursor(std::string_view cursor, bool due_order) {
    std::int64_t key = 0;
    core::Id id = 0;
    const char* p = cursor.data();
    const char* end = cursor.data() + cursor.size();
    if (due_order) {
        auto r = std::from_chars(p, end, key);
        if (r.ec != std::errc() || r.ptr == end || *r.ptr != '.') {
            return std::nullopt;
        }
        p = r.ptr + 1;
    }
    auto r = std::from_chars(p, end, id);
    if (r.ec != std::errc() || r.ptr != end || id <= 0) {
        return std::nullopt;
    }
    return std::make_pair(key, id);
}

}  // namespace

RequestQueries::RequestQueries(storage::Store& store) : store_(store) {}

core::Result<core::Request> RequestQueries::Get(const Principal& who, core::Id id) const {
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequest(id); });
    if (!r || !CanSee(who, *r)) {
        return RequestNotFound();
    }
    return *r;
}

core::Result<core::Request> RequestQueries::GetByNumber(const Principal& who, std::string_view tracking_number) const {
    auto number = core::ParseTrackingNumber(tracking_number);
    ALO153_TRY(number);
    auto r = store_.Read([&](storage::Tx& tx) { return tx.FindRequestByNumber(number->year, number->sequence); });
    if (!r || !CanSee(who, *r)) {
        return RequestNotFound();
    }
    return *r;
}

core::Result<RequestPage> RequestQueries::List(const Principal& who, storage::RequestFilter filter,
                                               std::string_view text, std::string_view cursor) const {
    if (who.IsUnitRole()) {
        filter.units = {who.unit};  // deny by default: a unit sees its own queue only
    }
    if (filter.limit < 1 || filter.limit > 200) {
        return MakeError(ErrorCode::kValidation, "Sayfa boyutu 1 ile 200 arasında olmalı.", "limit");
    }
    const bool due_order = filter.order == storage::RequestFilter::Order::kDueFirst;
    if (!cursor.empty()) {
        filter.after = ParseCursor(cursor, due_order);
        if (!filter.after) {
            return MakeError(ErrorCode::kValidation, "Sayfa imleci geçersiz.", "cursor");
        }
    }
    if (!text.empty()) {
        filter.words = SearchWords(text);
        if (filter.words.empty()) {
            return RequestPage{};
        }
    }
    int limit = filter.limit;
    filter.limit = limit + 1;  // one more tells whether a next page exists
    RequestPage page;
    page.items = store_.Read([&](storage::Tx& tx) { return tx.ListRequests(filter); });
    if (static_cast<int>(page.items.size()) > limit) {
        page.items.resize(static_cast<std::size_t>(limit));
        const auto& last = page.items.back();
        page.next_cursor = due_order ? std::to_string(core::ToUnix(last.due_at)) + "." + std::to_string(last.id)
                                     : std::to_string(last.id);
    }
    return page;
}

core::Result<std::vector<core::Event>> RequestQueries::History(const Principal& who, core::Id id) const {
    return store_.Read([&](storage::Tx& tx) -> core::Result<std::vector<core::Event>> {
        ALO153_TRY(FindVisible(tx, who, id));
        return tx.ListEvents(id);
    });
}

core::Result<std::vector<core::Photo>> RequestQueries::Photos(const Principal& who, core::Id id) const {
    return store_.Read([&](storage::Tx& tx) -> core::Result<std::vector<core::Photo>> {
        ALO153_TRY(FindVisible(tx, who, id));
        return tx.ListPhotos(id);
    });
}

core::Result<core::Request> RequestQueries::Track(std::string_view tracking_number,
                                                  std::string_view phone_last4) const {
    auto number = core::ParseTrackingNumber(tracking_number);
    ALO153_TRY(number);
    if (phone_last4.size() != 4 || phone_last4.find_first_not_of("0123456789") != std::string_view::npos) {
        return MakeError(ErrorCode::kValidation, "Telefon numaranızın son dört hanesini girin.", "phone_last4");
    }
    return store_.Read([&](storage::Tx& tx) -> core::Result<core::Request> {
        auto r = tx.FindRequestByNumber(number->year, number->sequence);
        if (!r || !r->citizen_id) {
            return RequestNotFound();
        }
        auto citizen = tx.FindCitizen(*r->citizen_id);
        if (!citizen || citizen->phone.size() < 4 || core::PhoneLastFour(citizen->phone) != phone_last4) {
            return RequestNotFound();
        }
        return *r;
    });
}

std::vector<core::Event> RequestQueries::PublicHistory(core::Id id) const {
    auto events = store_.Read([&](storage::Tx& tx) { return tx.ListEvents(id); });
    std::vector<core::Event> out;
    for (auto& e : events) {
        if (!e.is_public) {
            continue;
        }
        e.actor_id.reset();
        e.actor_name.clear();
        e.changes.clear();
        // Only answers and reasons meant for the citizen keep their text; the rest may be internal.
        if (e.kind == "routed") {
            e.text = "Başvurunuz ilgili birime iletildi.";
        } else if (e.kind != "created" && e.kind != "resolve" && e.kind != "reject" && e.kind != "answer" &&
                   e.kind != "comment") {
            e.text.clear();
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace alo153::app
