// The category classifier: suggestions for a text (public: the citizen portal uses it too).
#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {
using http::Request;
}  // namespace

void RegisterClassify(http::Router& router, Context& ctx) {
    // No login needed: the text is classified, not stored, and nothing personal is answered.
    router.Add("POST", "/api/v1/classify", Public([&ctx](Request& req) -> Answer {
                   auto parsed = Body::Parse(req, ctx.config.json_limit);
                   ALO153_TRY(parsed);
                   Body& b = *parsed;
                   auto text = b.Str("text");
                   auto district = b.Str("district");
                   auto top = b.Int("top");
                   ALO153_TRY(b.Status());
                   if (!text) {
                       return core::MakeError(core::ErrorCode::kValidation, "'text' gerekli.", "text");
                   }
                   if (top && (*top < 1 || *top > 20)) {
                       return core::MakeError(core::ErrorCode::kValidation, "'top' 1 ile 20 arasında olmalı.", "top");
                   }
                   return Reply(200, ctx.app.Classifier().Suggest(*text, district.value_or(""),
                                                                  static_cast<int>(top.value_or(3))));
               }));
}

}  // namespace alo153::api::handlers
