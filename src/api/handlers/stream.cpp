// GET /api/v1/stream: the live-update stream (Server-Sent Events) of committed changes a user may see.
#include <charconv>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "api/handlers/handlers.hpp"
#include "app/change_feed.hpp"

namespace alo153::api::handlers {
namespace {

using http::Request;
using http::Response;

/// The SSE id of a change: "<event id>.<contact id>.<position>" (see app::FeedCursor).
std::string CursorId(const app::FeedCursor& c) {
    return std::to_string(c.event_id) + "." + std::to_string(c.contact_id) + "." + std::to_string(c.seq);
}

/// Parses CursorId's format; none for anything else.
std::optional<app::FeedCursor> ParseCursorId(std::string_view text) {
    std::uint64_t parts[3] = {0, 0, 0};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        auto [next, ec] = std::from_chars(p, end, parts[i]);
        if (ec != std::errc() || next == p || (i < 2 && (next == end || *next != '.')) || (i == 2 && next != end)) {
            return std::nullopt;
        }
        p = next + 1;
    }
    if (parts[0] > static_cast<std::uint64_t>(INT64_MAX) || parts[1] > static_cast<std::uint64_t>(INT64_MAX)) {
        return std::nullopt;
    }
    return app::FeedCursor{static_cast<core::Id>(parts[0]), static_cast<core::Id>(parts[1]), parts[2]};
}

/// One change as an SSE message (the contract with the browser code, docs/api.md "Live updates").
std::string FormatChange(const app::Change& change) {
    Json data;
    std::string event;
    if (change.kind == app::Change::Kind::kRequest) {
        const auto& e = change.event;
        event = "request";
        data = {{"event_id", e.event_id},
                {"request_id", e.request_id},
                {"tracking_number", e.tracking_number},
                {"kind", e.kind},
                {"status", core::ToCode(e.to_status.value_or(e.status))},
                {"unit", e.unit},
                {"category", e.category},
                {"at", FormatTime(e.at)}};
    } else {
        const auto& c = change.contact;
        event = "contact";
        data = {{"contact_id", c.id},
                {"channel", core::ToCode(c.channel)},
                {"outcome", c.outcome ? Json(core::ToCode(*c.outcome)) : Json(nullptr)},
                {"at", FormatTime(c.ended_at.value_or(c.started_at))}};
    }
    return "id: " + CursorId(change.cursor) + "\nevent: " + event +
           "\ndata: " + data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
}

/// The body of one stream: subscribes to the feed when the head is written, writes what `who` may see.
class EventStream final : public http::StreamSource {
  public:
    /// `still_valid` re-checks the caller's credentials (a read, no write), at most once per `recheck`, before
    /// changes are sent: a user who signed out, expired or lost the rights is sent nothing more after that.
    EventStream(app::ChangeFeed& feed, app::Principal who, std::optional<app::FeedCursor> from,
                std::function<bool()> still_valid, std::chrono::seconds recheck)
        : feed_(feed),
          who_(std::move(who)),
          from_(from),
          still_valid_(std::move(still_valid)),
          recheck_(recheck),
          next_check_(std::chrono::steady_clock::now() + recheck) {}

    void Open(std::shared_ptr<http::StreamSink> sink) override {
        std::lock_guard lock(mutex_);
        if (closed_) {
            return;
        }
        sink_ = std::move(sink);
        // The browser reconnects after 3 s when the connection drops, sending the last id it saw.
        sink_->Write("retry: 3000\n\n");
        auto deliver = [this](const std::vector<app::ChangePtr>& changes) {
            const auto now = std::chrono::steady_clock::now();
            if (now >= next_check_) {
                next_check_ = now + recheck_;
                if (!still_valid_()) {
                    if (auto sink = sink_) {
                        sink->Close();  // the browser reconnects and gets 401
                    }
                    return;
                }
            }
            std::string text;
            for (const auto& change : changes) {
                if (app::MaySee(who_, *change)) {
                    text += FormatChange(*change);
                }
            }
            if (!text.empty()) {
                Write(std::move(text));
            }
        };
        auto reset = [this] { Write("event: reset\ndata: {}\n\n"); };
        subscription_ = feed_.Subscribe(deliver, from_, reset).id;
    }

    void Closed() override {
        std::uint64_t id = 0;
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            id = std::exchange(subscription_, 0);
        }
        // After this returns the feed calls deliver no more (it unsubscribes under the feed's lock).
        if (id != 0) {
            feed_.Unsubscribe(id);
        }
        std::lock_guard lock(mutex_);
        sink_.reset();
    }

  private:
    void Write(std::string text) {
        std::shared_ptr<http::StreamSink> sink = sink_;  // set before subscribing, cleared after unsubscribing
        if (sink) {
            sink->Write(std::move(text));
        }
    }

    app::ChangeFeed& feed_;
    const app::Principal who_;
    const std::optional<app::FeedCursor> from_;
    const std::function<bool()> still_valid_;
    const std::chrono::seconds recheck_;
    std::chrono::steady_clock::time_point next_check_;
    std::mutex mutex_;
    std::shared_ptr<http::StreamSink> sink_;
    std::uint64_t subscription_ = 0;
    bool closed_ = false;
};

}  // namespace

void RegisterStream(http::Router& router, Context& ctx) {
    router.Add("GET", "/api/v1/stream", Authed(ctx, [&ctx](Request& req, const app::Principal& who) -> Answer {
                   // EventSource sends the last id it saw when it reconnects; a page that starts again may
                   // pass it as ?last_event_id= instead.
                   auto last = req.Header("last-event-id");
                   if (!last) {
                       last = req.Query("last_event_id");
                   }
                   std::optional<app::FeedCursor> from;
                   if (last && !last->empty()) {
                       from = ParseCursorId(*last);
                       if (!from) {
                           return core::MakeError(core::ErrorCode::kValidation,
                                                  "Last-Event-ID bu akışın verdiği bir kimlik olmalı.",
                                                  "Last-Event-ID");
                       }
                   }
                   Response res;
                   res.content_type = "text/event-stream";
                   res.Header("X-Accel-Buffering", "no");  // nginx: pass events through as they come
                   // What identified the caller, to check again later (the stream may stay open for hours).
                   auto credentials = std::make_shared<Request>();
                   credentials->method = "GET";
                   for (const auto& [name, value] : req.headers) {
                       if (name == "cookie" || name == "authorization" || name == "x-api-key") {
                           credentials->headers.emplace_back(name, value);
                       }
                   }
                   auto still_valid = [&ctx, credentials, who] {
                       auto now = Authenticate(ctx, *credentials);
                       return now.ok() && now->id == who.id && now->kind == who.kind && now->role == who.role &&
                              now->unit == who.unit;
                   };
                   res.stream = std::make_shared<EventStream>(ctx.app.Feed(), who, from, std::move(still_valid),
                                                              ctx.config.stream_recheck);
                   return res;
               }));
}

}  // namespace alo153::api::handlers
