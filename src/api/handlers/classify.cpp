// The category classifier: suggestions for a text (public: the citizen portal uses it too) and the figure of
// how often agents and citizens took the suggestion.
#include "api/handlers/handlers.hpp"

#include "app/clock.hpp"

namespace alo153::api::handlers {
namespace {
using app::Principal;
using http::Request;
}  // namespace

void RegisterClassify(http::Router& router, Context& ctx) {
    // No login needed: the text is classified, not stored, and nothing personal is answered.
    router.Add("POST", "/api/v1/classify", [&ctx](Request& req) {
        auto parsed = Body::Parse(req, ctx.config.json_limit);
        if (!parsed.ok()) {
            return Problem(parsed.error());
        }
        Body& b = *parsed;
        auto text = b.Str("text");
        auto district = b.Str("district");
        auto top = b.Int("top");
        if (auto status = b.Status(); !status.ok()) {
            return Problem(status.error());
        }
        if (!text) {
            return Problem(core::MakeError(core::ErrorCode::kValidation, "'text' gerekli.", "text"));
        }
        if (top && (*top < 1 || *top > 20)) {
            return Problem(core::MakeError(core::ErrorCode::kValidation, "'top' 1 ile 20 arasında olmalı.", "top"));
        }
        return Reply(200,
                     ctx.app.Classifier().Suggest(*text, district.value_or(""), static_cast<int>(top.value_or(3))));
    });

    router.Add(
        "GET", "/api/v1/stats/suggestions", Authed(ctx, [&ctx](Request& req, const Principal& who) {
            std::int64_t today = app::LocalDay(ctx.app.GetClock().Now());
            std::int64_t from = today - 29;
            std::int64_t to = today + 1;
            for (auto [name, target, shift] : {std::tuple{"from", &from, 0}, std::tuple{"to", &to, 1}}) {
                if (auto q = req.Query(name)) {
                    auto t = ParseTime(*q);
                    if (!t || q->size() != 10) {
                        return Problem(core::MakeError(core::ErrorCode::kValidation,
                                                       std::string(name) + " YYYY-MM-DD biçiminde olmalı.", name));
                    }
                    *target = app::LocalDay(*t) + shift;
                }
            }
            return Reply(200, ctx.app.Stats().Suggestions(who, from, to));
        }));
}

}  // namespace alo153::api::handlers
