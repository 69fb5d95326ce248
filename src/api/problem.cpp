#include "api/problem.hpp"

#include <spdlog/spdlog.h>

namespace alo153::api {
namespace {

struct Mapping {
    int status;
    const char* slug;
    const char* title;
};

Mapping MappingOf(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
        case ErrorCode::kValidation:
            return {400, "validation", "Geçersiz bilgi"};
        case ErrorCode::kNotFound:
            return {404, "not-found", "Kaynak bulunamadı"};
        case ErrorCode::kUnknownReference:
            return {422, "unknown-reference", "Tanımsız kod veya kayıt"};
        case ErrorCode::kIllegalTransition:
            return {409, "illegal-transition", "Bu durumda bu işlem yapılamaz"};
        case ErrorCode::kConflict:
            return {409, "conflict", "Kayıt çakışması"};
        case ErrorCode::kPreconditionFailed:
            return {412, "stale-version", "Kayıt değişmiş"};
        case ErrorCode::kPreconditionRequired:
            return {428, "precondition-required", "If-Match başlığı gerekli"};
        case ErrorCode::kBadTrackingNumber:
            return {400, "bad-tracking-number", "Takip numarası hatalı"};
        case ErrorCode::kUnauthenticated:
            return {401, "unauthenticated", "Oturum açmanız gerekiyor"};
        case ErrorCode::kForbidden:
            return {403, "forbidden", "Yetkiniz yok"};
        case ErrorCode::kCsrf:
            return {403, "csrf", "Güvenlik belirteci eksik veya hatalı"};
        case ErrorCode::kPayloadTooLarge:
            return {413, "payload-too-large", "İstek gövdesi çok büyük"};
        case ErrorCode::kUnsupportedMedia:
            return {415, "unsupported-media-type", "Desteklenmeyen içerik türü"};
        case ErrorCode::kTooManyRequests:
            return {429, "too-many-requests", "Çok fazla istek"};
        case ErrorCode::kUnavailable:
            return {503, "unavailable", "Hizmet geçici olarak kullanılamıyor"};
        case ErrorCode::kInternal:
            return {500, "internal", "Sunucu hatası"};
    }
    return {500, "internal", "Sunucu hatası"};
}

}  // namespace

int StatusOf(core::ErrorCode code) { return MappingOf(code).status; }

http::Response Problem(const core::Error& error) {
    Mapping m = MappingOf(error.code);
    std::vector<std::pair<std::string, std::string>> extra;
    if (!error.field.empty()) {
        extra.emplace_back("field", error.field);
    }
    // Internal details go to the log, not to the client.
    if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
        spdlog::error("{} ({})", error.detail, m.slug);
    }
    std::string detail = error.code == core::ErrorCode::kInternal ? "Beklenmeyen bir hata oluştu." : error.detail;
    auto response = http::MakeProblem(m.status, m.slug, m.title, detail, extra);
    if (m.status == 401) {
        response.Header("WWW-Authenticate", "Bearer realm=\"alo153\"");
    }
    return response;
}

}  // namespace alo153::api
