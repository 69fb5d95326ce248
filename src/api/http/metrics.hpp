#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace alo153::api::http {

/// Process metrics in the Prometheus text exposition format 0.0.4, served at /metrics.
///
/// HTTP traffic is recorded with ObserveRequest as alo153_http_requests_total{route,method,status} and
/// alo153_http_request_duration_seconds{route}; values owned elsewhere (write-queue depth, batch size, database
/// size) are read at render time through AddGauge / AddCounterFn. All members are thread-safe; observing a
/// label set seen before takes a shared lock and a few atomic increments.
class Metrics {
  public:
    /// The Content-Type of Render()'s output.
    static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
    /// Upper bounds (seconds) of the request duration histogram buckets; +Inf is implied.
    static constexpr std::array<double, 13> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                               0.1,    0.25,  0.5,    1,     2.5,  5};

    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    /// Counts one answered request and records its latency. `route` is the matched pattern (bounded set),
    /// never the raw path.
    void ObserveRequest(std::string_view route, std::string_view method, int status, std::chrono::nanoseconds latency);

    /// Registers a gauge whose value is read by calling `read` at render time. `read` must be cheap and
    /// thread-safe. Throws std::invalid_argument for a name that is not a valid metric name or already in use.
    void AddGauge(std::string name, std::string help, std::function<double()> read);

    /// Like AddGauge, for a monotonically increasing counter owned elsewhere (name should end in "_total").
    void AddCounterFn(std::string name, std::string help, std::function<double()> read);

    /// The number of requests observed with these labels (for tests and health pages).
    std::uint64_t RequestCount(std::string_view route, std::string_view method, int status) const;

    /// All metrics in the Prometheus text format 0.0.4 (HELP and TYPE lines, escaped label values).
    std::string Render() const;

  private:
    struct Histogram {
        std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets{};  ///< not cumulative
        std::atomic<std::uint64_t> sum_ns{0};
    };
    struct Callback {
        std::string help;
        std::string type;
        std::function<double()> read;
    };
    using CounterKey = std::tuple<std::string, std::string, int>;  ///< route, method, status
    using CounterKeyView = std::tuple<std::string_view, std::string_view, int>;
    struct CounterKeyLess {
        using is_transparent = void;
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const {
            return CounterKeyView(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
                   CounterKeyView(std::get<0>(b), std::get<1>(b), std::get<2>(b));
        }
    };

    void AddCallback(std::string name, std::string help, std::string type, std::function<double()> read);

    mutable std::shared_mutex counters_mutex_;
    std::map<CounterKey, std::unique_ptr<std::atomic<std::uint64_t>>, CounterKeyLess> counters_;
    mutable std::shared_mutex histograms_mutex_;
    std::map<std::string, std::unique_ptr<Histogram>, std::less<>> histograms_;
    mutable std::mutex callbacks_mutex_;
    std::map<std::string, Callback, std::less<>> callbacks_;
};

}  // namespace alo153::api::http
