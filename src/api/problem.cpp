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

/// Open311's own statuses where they differ from the REST API's.
int Open311Status(core::ErrorCode code, int rest_status) {
    switch (code) {
        case core::ErrorCode::kUnauthenticated:
        case core::ErrorCode::kForbidden:
        case core::ErrorCode::kCsrf:
            return 403;
        case core::ErrorCode::kUnknownReference:
        case core::ErrorCode::kBadTrackingNumber:
        case core::ErrorCode::kUnsupportedMedia:
            return 400;
        default:
            return rest_status;
    }
}

}  // namespace

int StatusOf(core::ErrorCode code, Audience audience) {
    const int rest = MappingOf(code).status;
    return audience == Audience::kOpen311 ? Open311Status(code, rest) : rest;
}

ClientError Describe(const core::Error& error, Audience audience) {
    const Mapping m = MappingOf(error.code);
    // Internal details go to the log, not to the client.
    if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
        spdlog::error("{} ({})", error.detail, m.slug);
    }
    return {StatusOf(error.code, audience), m.slug, m.title,
            error.code == core::ErrorCode::kInternal ? "Beklenmeyen bir hata oluştu." : error.detail};
}

http::Response Problem(const core::Error& error) {
    const ClientError described = Describe(error);
    std::vector<std::pair<std::string, std::string>> extra;
    if (!error.field.empty()) {
        extra.emplace_back("field", error.field);
    }
    auto response = http::MakeProblem(described.status, described.slug, described.title, described.detail, extra);
    if (described.status == 401) {
        response.Header("WWW-Authenticate", "Bearer realm=\"alo153\"");
    }
    if (described.status == 503) {
        response.Header("Retry-After", http::kRetryAfterSeconds);
    }
    return response;
}

}  // namespace alo153::api
