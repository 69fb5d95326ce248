// The knowledge base: the articles agents read to callers; supervisors and admins write them.
#include "api/handlers/handlers.hpp"

namespace alo153::api::handlers {
namespace {

using app::Principal;
using http::Request;

/// An article from a POST or PUT body; `tags` is an array of strings.
core::Result<core::Article> ParseArticle(Body& b, core::Id id) {
    core::Article a;
    a.id = id;
    a.title = b.Str("title").value_or("");
    a.body = b.Str("body").value_or("");
    a.category = b.Str("category").value_or("");
    a.active = b.Bool("active").value_or(true);
    if (const Json* tags = b.Raw("tags"); tags != nullptr && tags->is_array()) {
        for (const auto& t : *tags) {
            if (t.is_string()) {
                a.tags += (a.tags.empty() ? "" : "|") + t.get<std::string>();
            }
        }
    }
    ALO153_TRY(b.Status());
    return a;
}

/// POST (id 0) and PUT: the article with its new version as ETag.
Answer SaveArticle(Context& ctx, Request& req, const Principal& who, core::Id id) {
    auto body = Body::Parse(req, ctx.config.json_limit);
    ALO153_TRY(body);
    auto article = ParseArticle(*body, id);
    ALO153_TRY(article);
    auto if_match = IfMatch(req);
    ALO153_TRY(if_match);
    auto saved = ctx.app.Articles().SaveArticle(who, std::move(article).value(), *if_match);
    ALO153_TRY(saved);
    return VersionedResponse(id == 0 ? 201 : 200, ToJson(*saved), saved->version);
}

}  // namespace

void RegisterArticles(http::Router& router, Context& ctx) {
    auto& articles = ctx.app.Articles();
    router.Add("GET", "/api/v1/articles", Authed(ctx, [&articles](Request& req, const Principal&) -> Answer {
                   auto limit = IntQuery(req, "limit", 20, 1, 100);
                   ALO153_TRY(limit);
                   bool all = req.Query("include_inactive") == std::optional<std::string_view>("true");
                   return ItemsResponse(articles.SearchArticles(req.Query("q").value_or(""), all, *limit));
               }));
    router.Add("GET", "/api/v1/articles/{id}", Authed(ctx, [&articles](Request& req, const Principal&) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   auto a = articles.GetArticle(*id);
                   ALO153_TRY(a);
                   return VersionedResponse(200, ToJson(*a), a->version);
               }));
    router.Add("POST", "/api/v1/articles",
               Authed(ctx, [&ctx](Request& req, const Principal& who) { return SaveArticle(ctx, req, who, 0); }));
    router.Add("PUT", "/api/v1/articles/{id}", Authed(ctx, [&ctx](Request& req, const Principal& who) -> Answer {
                   auto id = IdParam(req, "id");
                   ALO153_TRY(id);
                   return SaveArticle(ctx, req, who, *id);
               }));
}

}  // namespace alo153::api::handlers
