// The citizen portal's write: filing a request without an account, limited per client address.
#include <sodium.h>

#include <memory>

#include "api/handlers/handlers.hpp"
#include "app/rate_limiter.hpp"

namespace alo153::api::handlers {
namespace {

using http::Request;
using http::Response;

constexpr std::size_t kMaxPortalPhotos = 3;

core::Result<std::string> DecodeBase64(const std::string& text) {
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n",
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return core::MakeError(core::ErrorCode::kValidation, "Fotoğraf base64 olarak kodlanmalı.", "photos");
    }
    out.resize(len);
    return out;
}

/// The portal's body: the fields of POST /api/v1/requests a citizen may give, nothing that names staff data.
core::Result<app::CreateRequest> ParsePortalCreate(const Context& ctx, const Request& req) {
    if (req.body.size() > ctx.config.json_limit && req.body.find("\"photos\"") == std::string::npos) {
        return core::MakeError(core::ErrorCode::kPayloadTooLarge, "İstek gövdesi çok büyük.");
    }
    auto parsed = Body::Parse(req, ctx.config.body_limit);
    ALO153_TRY(parsed);
    Body& b = *parsed;
    app::CreateRequest c;
    c.type = CodeField<core::RequestType>(b, "type", core::ParseRequestType).value_or(core::RequestType::kRequest);
    c.category = b.Str("category").value_or("");
    c.description = b.Str("description").value_or("");
    if (auto loc = b.Object("location")) {
        c.location.district = loc->Str("district").value_or("");
        if (auto n = loc->Int("neighbourhood_id")) {
            c.location.neighbourhood_id = *n;
        }
        c.location.street = loc->Str("street").value_or("");
        c.location.address_text = loc->Str("address_text").value_or("");
        c.location.lat = loc->Num("lat");
        c.location.lon = loc->Num("lon");
        ALO153_TRY(loc->Status());
    }
    if (auto citizen = b.Object("citizen")) {
        app::NewCitizen n;
        n.phone = citizen->Str("phone").value_or("");
        n.first_name = citizen->Str("first_name").value_or("");
        n.last_name = citizen->Str("last_name").value_or("");
        n.email = citizen->Str("email").value_or("");
        n.kvkk_consent = citizen->Bool("kvkk_consent").value_or(false);
        ALO153_TRY(citizen->Status());
        c.citizen = n;
    }
    if (const Json* photos = b.Raw("photos")) {
        if (!photos->is_array()) {
            return core::MakeError(core::ErrorCode::kValidation, "'photos' alanı bir dizi olmalı.", "photos");
        }
        if (photos->size() > kMaxPortalPhotos) {
            return core::MakeError(core::ErrorCode::kValidation,
                                   "En fazla " + std::to_string(kMaxPortalPhotos) + " fotoğraf eklenebilir.", "photos");
        }
        for (const auto& p : *photos) {
            if (!p.is_object() || !p.contains("data") || !p["data"].is_string()) {
                return core::MakeError(core::ErrorCode::kValidation,
                                       "Her fotoğraf {\"data\": \"<base64>\"} biçiminde olmalı.", "photos");
            }
            auto bytes = DecodeBase64(p["data"].get<std::string>());
            ALO153_TRY(bytes);
            c.photos.push_back(std::move(bytes).value());
        }
    } else if (req.body.size() > ctx.config.json_limit) {
        return core::MakeError(core::ErrorCode::kPayloadTooLarge, "İstek gövdesi çok büyük.");
    }
    ALO153_TRY(b.Status());
    return c;
}

/// What the citizen gets back: the tracking number and what happens next, no internal fields.
Json PortalReceipt(const core::Request& r, const routing::Catalog& catalog) {
    const core::Category* category = catalog.FindCategory(r.category);
    const core::Unit* unit = catalog.FindUnit(r.unit);
    return {{"tracking_number", r.tracking_number},
            {"status", core::ToCode(r.status)},
            {"status_label", core::LabelTr(r.status)},
            {"category_name", category != nullptr ? category->name_tr : ""},
            {"unit_name", unit != nullptr ? unit->name : ""},
            {"due_at", FormatTime(r.due_at)},
            {"created_at", FormatTime(r.created_at)}};
}

}  // namespace

void RegisterPortal(http::Router& router, Context& ctx) {
    // Owned by the route: one limiter for every portal create of this server.
    auto limiter = std::make_shared<app::RateLimiter>(ctx.config.public_creates_per_window, ctx.config.public_window,
                                                      ctx.app.GetClock());
    router.Add("POST", "/api/v1/public/requests", [&ctx, limiter](Request& req) {
        // Counted per client address (the proxy's, behind a reverse proxy); only successful creates count.
        const std::string& client = req.remote_address;
        if (auto wait = limiter->RetryAfter(client)) {
            Response res = Problem(core::MakeError(core::ErrorCode::kTooManyRequests,
                                                   "Kısa sürede çok fazla başvuru gönderildi; lütfen " +
                                                       std::to_string((wait->count() + 59) / 60) +
                                                       " dakika sonra yeniden deneyin ya da Alo 153'ü arayın."));
            res.Header("Retry-After", std::to_string(wait->count()));
            return res;
        }
        auto command = ParsePortalCreate(ctx, req);
        if (!command.ok()) {
            return Problem(command.error());
        }
        auto created = ctx.app.Requests().CreateFromPortal(std::move(command).value());
        if (!created.ok()) {
            return Problem(created.error());
        }
        limiter->Record(client);
        return JsonResponse(201, PortalReceipt(created->request, *ctx.app.Catalog().Current()));
    });
}

}  // namespace alo153::api::handlers
