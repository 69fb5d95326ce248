#include "api/handler_support.hpp"

#include <algorithm>
#include <charconv>

namespace alo153::api {

std::string ClientAddress(const std::vector<std::string>& trusted, const http::Request& req) {
    auto is_trusted = [&](std::string_view a) { return std::find(trusted.begin(), trusted.end(), a) != trusted.end(); };
    if (!is_trusted(req.remote_address)) {
        return req.remote_address;
    }
    const auto header = req.Header("x-forwarded-for");
    if (!header) {
        return req.remote_address;
    }
    // "client, proxy1, proxy2": each proxy appends the address it heard from; read from the right, past ours.
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto comma = rest.rfind(',');
        std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
        while (!hop.empty() && hop.front() == ' ') {
            hop.remove_prefix(1);
        }
        while (!hop.empty() && hop.back() == ' ') {
            hop.remove_suffix(1);
        }
        if (!hop.empty() && !is_trusted(hop)) {
            return std::string(hop);
        }
    }
    return req.remote_address;
}

core::Result<app::Principal> Authenticate(const Context& ctx, const http::Request& req) {
    auto& auth = ctx.app.Auth();
    std::optional<std::string> key;
    if (auto h = req.Header("authorization"); h && h->rfind("Bearer ", 0) == 0) {
        key = std::string(h->substr(7));
    } else if (auto k = req.Header("x-api-key")) {
        key = std::string(*k);
    }
    if (key) {
        return auth.FromApiKey(*key);  // no cookie, so no CSRF risk
    }
    auto token = req.Cookie(kSessionCookie);
    if (!token) {
        return core::MakeError(core::ErrorCode::kUnauthenticated, "Oturum açmanız gerekiyor.");
    }
    auto who = auth.FromSession(*token);
    ALO153_TRY(who);
    const bool safe = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
    if (!safe) {
        auto csrf = req.Header("x-csrf-token");
        if (!csrf || csrf->size() != who->csrf_token.size() || *csrf != who->csrf_token) {
            return core::MakeError(core::ErrorCode::kCsrf,
                                   "Değişiklik isteklerinde X-CSRF-Token başlığı oturumun belirteciyle gönderilmeli.");
        }
    }
    return who;
}

http::Response ToResponse(Answer answer) { return answer.ok() ? std::move(answer).value() : Problem(answer.error()); }

http::Router::Handler Public(PublicHandler handler) {
    return [handler = std::move(handler)](http::Request& req) { return ToResponse(handler(req)); };
}

http::Router::Handler Authed(Context& ctx, AuthedHandler handler) {
    return [&ctx, handler = std::move(handler)](http::Request& req) {
        auto who = Authenticate(ctx, req);
        if (!who.ok()) {
            return Problem(who.error());
        }
        return ToResponse(handler(req, *who));
    };
}

http::Response JsonResponse(int status, const Json& body) {
    http::Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return r;
}

http::Response VersionedResponse(int status, const Json& body, int version) {
    auto r = JsonResponse(status, body);
    r.Header("ETag", "\"" + std::to_string(version) + "\"");
    return r;
}

core::Result<std::optional<int>> IfMatch(const http::Request& req) {
    auto h = req.Header("if-match");
    if (!h) {
        return std::optional<int>{};
    }
    std::string_view v = *h;
    if (v.rfind("W/", 0) == 0) {
        v.remove_prefix(2);
    }
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    int version = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), version);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || version < 1) {
        return core::MakeError(core::ErrorCode::kValidation, "If-Match başlığı geçersiz.", "If-Match");
    }
    return std::optional<int>{version};
}

core::Result<core::Id> IdParam(const http::Request& req, const std::string& name) {
    const std::string& s = req.Param(name);
    core::Id id = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), id);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || id <= 0) {
        return core::MakeError(core::ErrorCode::kNotFound, "Kayıt bulunamadı.");
    }
    return id;
}

core::Result<std::optional<core::Id>> IdQuery(const http::Request& req, std::string_view name) {
    auto q = req.Query(name);
    if (!q) {
        return std::optional<core::Id>{};
    }
    core::Id v = 0;
    auto r = std::from_chars(q->data(), q->data() + q->size(), v);
    if (r.ec != std::errc() || r.ptr != q->data() + q->size() || v <= 0) {
        return core::MakeError(core::ErrorCode::kValidation, std::string(name) + " pozitif bir tam sayı olmalı.",
                               std::string(name));
    }
    return std::optional<core::Id>{v};
}

core::Result<int> IntQuery(const http::Request& req, std::string_view name, int fallback, int min, int max) {
    auto q = req.Query(name);
    if (!q) {
        return fallback;
    }
    int v = 0;
    auto r = std::from_chars(q->data(), q->data() + q->size(), v);
    if (r.ec != std::errc() || r.ptr != q->data() + q->size() || v < min || v > max) {
        return core::MakeError(core::ErrorCode::kValidation,
                               std::string(name) + " " + std::to_string(min) + " ile " + std::to_string(max) +
                                   " arasında bir sayı olmalı.",
                               std::string(name));
    }
    return v;
}

core::Result<Body> Body::Parse(const http::Request& req, std::size_t limit) {
    if (req.body.size() > limit) {
        return core::MakeError(core::ErrorCode::kPayloadTooLarge,
                               "İstek gövdesi en fazla " + std::to_string(limit / 1024) + " KB olabilir.");
    }
    if (auto ct = req.Header("content-type"); ct && ct->find("json") == std::string_view::npos) {
        return core::MakeError(core::ErrorCode::kUnsupportedMedia, "İstek gövdesi application/json olmalı.");
    }
    // Deeply nested input would exhaust the stack when copied or destroyed: refuse it before parsing.
    constexpr int kMaxDepth = 32;
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < req.body.size(); ++i) {
        char ch = req.body[i];
        if (in_string) {
            if (ch == '\\') {
                ++i;
            } else if (ch == '"') {
                in_string = false;
            }
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > kMaxDepth) {
                return core::MakeError(core::ErrorCode::kValidation, "İstek gövdesi çok derin iç içe.");
            }
        } else if (ch == '}' || ch == ']') {
            --depth;
        }
    }
    Json json = Json::parse(req.body, nullptr, false);
    if (json.is_discarded()) {
        return core::MakeError(core::ErrorCode::kValidation, "İstek gövdesi geçerli bir JSON değil.");
    }
    if (!json.is_object()) {
        return core::MakeError(core::ErrorCode::kValidation, "İstek gövdesi bir JSON nesnesi olmalı.");
    }
    return Body(std::move(json));
}

void Body::Fail(const char* name, const char* expected) {
    if (!error_) {
        error_ = core::MakeError(core::ErrorCode::kValidation,
                                 "'" + prefix_ + name + "' alanı " + expected + " olmalı.", prefix_ + name);
    }
}

void Body::BadCode(const char* name) {
    if (!error_) {
        error_ = core::MakeError(core::ErrorCode::kUnknownReference, "'" + prefix_ + name + "' için geçersiz kod.",
                                 prefix_ + name);
    }
}

const Json* Body::Raw(const char* name) const {
    auto it = json_.find(name);
    return it == json_.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> Body::Str(const char* name) {
    const Json* v = Raw(name);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        Fail(name, "metin");
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::int64_t> Body::Int(const char* name) {
    const Json* v = Raw(name);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_number_integer()) {
        Fail(name, "tam sayı");
        return std::nullopt;
    }
    return v->get<std::int64_t>();
}

std::optional<double> Body::Num(const char* name) {
    const Json* v = Raw(name);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_number()) {
        Fail(name, "sayı");
        return std::nullopt;
    }
    return v->get<double>();
}

std::optional<bool> Body::Bool(const char* name) {
    const Json* v = Raw(name);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_boolean()) {
        Fail(name, "true/false");
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<Body> Body::Object(const char* name) {
    const Json* v = Raw(name);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_object()) {
        Fail(name, "nesne");
        return std::nullopt;
    }
    return Body(*v, prefix_ + name + ".");
}

core::Result<void> Body::Status() const {
    if (error_) {
        return *error_;
    }
    return core::Ok();
}

}  // namespace alo153::api
