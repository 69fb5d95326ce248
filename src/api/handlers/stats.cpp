// Figures: the dashboard's (requests opened, resolved, late, by unit and day) and how often agents and
// citizens took the classifier's suggestion.
#include "api/handlers/handlers.hpp"

#include "app/clock.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;

/// Local days [from, to) of ?from=YYYY-MM-DD&to=YYYY-MM-DD (both inclusive in the query); the last 30 days
/// by default.
struct DayRange {
    std::int64_t from = 0;
    std::int64_t to = 0;
};

core::Result<DayRange> ReadDayRange(const Context& ctx, const Request& req) {
    const std::int64_t today = app::LocalDay(ctx.app.GetClock().Now());
    DayRange range{today - 29, today + 1};
    for (auto [name, target, shift] : {std::tuple{"from", &range.from, 0}, std::tuple{"to", &range.to, 1}}) {
        if (auto q = req.Query(name)) {
            auto t = ParseTime(*q);
            if (!t || q->size() != 10) {
                return core::MakeError(core::ErrorCode::kValidation,
                                       std::string(name) + " YYYY-MM-DD biçiminde olmalı.", name);
            }
            *target = app::LocalDay(*t) + shift;
        }
    }
    return range;
}

}  // namespace

void RegisterStats(http::Router& router, Context& ctx) {
    router.Add("GET", "/api/v1/stats", Authed(ctx, [&ctx](Request& req, const Principal& who) -> Answer {
                   auto range = ReadDayRange(ctx, req);
                   ALO153_TRY(range);
                   return Reply(200, ctx.app.Stats().Compute(who, range->from, range->to));
               }));
    router.Add("GET", "/api/v1/stats/suggestions", Authed(ctx, [&ctx](Request& req, const Principal& who) -> Answer {
                   auto range = ReadDayRange(ctx, req);
                   ALO153_TRY(range);
                   return Reply(200, ctx.app.Stats().Suggestions(who, range->from, range->to));
               }));
}

}  // namespace alo153::api::handlers
