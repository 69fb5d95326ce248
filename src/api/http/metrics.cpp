#include "api/http/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace alo153::api::http {
namespace {

/// The value of `key` in a map of unique_ptrs guarded by `mutex`, added (`make` gives the key to store and the
/// value) when missing. Lookups share the lock; only the first request of a route or label takes it alone.
template <typename Map, typename Key, typename Make>
auto* FindOrAdd(std::shared_mutex& mutex, Map& map, const Key& key, Make make) {
    {
        std::shared_lock lock(mutex);
        if (const auto it = map.find(key); it != map.end()) {
            return it->second.get();
        }
    }
    std::unique_lock lock(mutex);
    auto it = map.find(key);
    if (it == map.end()) {
        it = map.insert(make()).first;
    }
    return it->second.get();
}

constexpr std::string_view kRequestsTotal = "alo153_http_requests_total";
constexpr std::string_view kRequestDuration = "alo153_http_request_duration_seconds";

bool IsValidMetricName(std::string_view name) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) {
            return false;
        }
    }
    return true;
}

/// Escapes a label value: backslash, double quote and line feed.
void AppendLabelValue(std::string& out, std::string_view value) {
    for (const char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
}

/// Escapes HELP text: backslash and line feed.
void AppendHelp(std::string& out, std::string_view help) {
    for (const char c : help) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
}

void AppendNumber(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        char buffer[64];
        const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general);
        out.append(buffer, result.ptr);
    }
}

void AppendHeader(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
    out += "# HELP ";
    out += name;
    out += ' ';
    AppendHelp(out, help);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

}  // namespace

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status,
                             std::chrono::nanoseconds latency) {
    const CounterKeyView key(route, method, status);
    FindOrAdd(counters_mutex_, counters_, key, [&] {
        return std::pair(CounterKey(std::string(route), std::string(method), status),
                         std::make_unique<std::atomic<std::uint64_t>>(0));
    })->fetch_add(1, std::memory_order_relaxed);

    Histogram* histogram = FindOrAdd(histograms_mutex_, histograms_, route,
                                     [&] { return std::pair(std::string(route), std::make_unique<Histogram>()); });
    const auto nanoseconds = std::max<std::int64_t>(latency.count(), 0);
    const double seconds = static_cast<double>(nanoseconds) / 1e9;
    std::size_t bucket = 0;
    while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) {
        ++bucket;
    }
    histogram->buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    histogram->sum_ns.fetch_add(static_cast<std::uint64_t>(nanoseconds), std::memory_order_relaxed);
}

std::uint64_t Metrics::RequestCount(std::string_view route, std::string_view method, int status) const {
    std::shared_lock lock(counters_mutex_);
    const auto it = counters_.find(CounterKeyView(route, method, status));
    return it == counters_.end() ? 0 : it->second->load(std::memory_order_relaxed);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
    AddCallback(std::move(name), std::move(help), "gauge", std::move(read));
}

void Metrics::AddCounterFn(std::string name, std::string help, std::function<double()> read) {
    AddCallback(std::move(name), std::move(help), "counter", std::move(read));
}

void Metrics::AddCallback(std::string name, std::string help, std::string type, std::function<double()> read) {
    if (!IsValidMetricName(name) || name.rfind("alo153_http_request", 0) == 0) {
        throw std::invalid_argument("invalid or reserved metric name: " + name);
    }
    if (!read) {
        throw std::invalid_argument("metric needs a read function: " + name);
    }
    std::lock_guard lock(callbacks_mutex_);
    if (!callbacks_.emplace(name, Callback{std::move(help), std::move(type), std::move(read)}).second) {
        throw std::invalid_argument("metric registered twice: " + name);
    }
}

std::string Metrics::Render() const {
    std::string out;
    out.reserve(4096);

    AppendHeader(out, kRequestsTotal, "HTTP requests answered, by route pattern, method and status.", "counter");
    {
        std::shared_lock lock(counters_mutex_);
        for (const auto& [key, counter] : counters_) {
            out += kRequestsTotal;
            out += "{route=\"";
            AppendLabelValue(out, std::get<0>(key));
            out += "\",method=\"";
            AppendLabelValue(out, std::get<1>(key));
            out += "\",status=\"";
            out += std::to_string(std::get<2>(key));
            out += "\"} ";
            out += std::to_string(counter->load(std::memory_order_relaxed));
            out += '\n';
        }
    }

    AppendHeader(out, kRequestDuration, "Time from reading a request to sending its response, by route pattern.",
                 "histogram");
    {
        std::shared_lock lock(histograms_mutex_);
        for (const auto& [route, histogram] : histograms_) {
            std::string labels = "{route=\"";
            AppendLabelValue(labels, route);
            labels += '"';
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i <= kLatencyBuckets.size(); ++i) {
                cumulative += histogram->buckets[i].load(std::memory_order_relaxed);
                out += kRequestDuration;
                out += "_bucket";
                out += labels;
                out += ",le=\"";
                if (i < kLatencyBuckets.size()) {
                    AppendNumber(out, kLatencyBuckets[i]);
                } else {
                    out += "+Inf";
                }
                out += "\"} ";
                out += std::to_string(cumulative);
                out += '\n';
            }
            out += kRequestDuration;
            out += "_sum";
            out += labels;
            out += "} ";
            AppendNumber(out, static_cast<double>(histogram->sum_ns.load(std::memory_order_relaxed)) / 1e9);
            out += '\n';
            // The count is the +Inf bucket, so the two always agree even while requests are being observed.
            out += kRequestDuration;
            out += "_count";
            out += labels;
            out += "} ";
            out += std::to_string(cumulative);
            out += '\n';
        }
    }

    // Copy the callbacks so that slow or re-entrant read functions never run under the lock.
    std::map<std::string, Callback, std::less<>> callbacks;
    {
        std::lock_guard lock(callbacks_mutex_);
        callbacks = callbacks_;
    }
    for (const auto& [name, callback] : callbacks) {
        double value = 0;
        try {
            value = callback.read();
        } catch (...) {
            continue;  // A value that cannot be read now is left out rather than reported wrong.
        }
        AppendHeader(out, name, callback.help, callback.type);
        out += name;
        out += ' ';
        AppendNumber(out, value);
        out += '\n';
    }
    return out;
}

}  // namespace alo153::api::http
