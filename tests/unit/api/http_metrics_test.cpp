#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "api/http/metrics.hpp"

namespace alo153::api::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HttpMetrics, CountsRequestsByRouteMethodAndStatus) {
    Metrics metrics;
    metrics.ObserveRequest("/healthz", "GET", 200, microseconds(100));
    metrics.ObserveRequest("/healthz", "GET", 200, microseconds(100));
    metrics.ObserveRequest("/healthz", "GET", 503, microseconds(100));
    EXPECT_EQ(metrics.RequestCount("/healthz", "GET", 200), 2u);
    EXPECT_EQ(metrics.RequestCount("/healthz", "GET", 503), 1u);
    EXPECT_EQ(metrics.RequestCount("/healthz", "POST", 200), 0u);
    const std::string text = metrics.Render();
    EXPECT_TRUE(Contains(text, "# TYPE alo153_http_requests_total counter\n"));
    EXPECT_TRUE(Contains(text, "alo153_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2\n"));
    EXPECT_TRUE(Contains(text, "alo153_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"503\"} 1\n"));
}

TEST(HttpMetrics, HistogramBucketsAreCumulative) {
    Metrics metrics;
    metrics.ObserveRequest("/r", "GET", 200, microseconds(300));   // <= 0.0005
    metrics.ObserveRequest("/r", "GET", 200, milliseconds(3));     // <= 0.005
    metrics.ObserveRequest("/r", "GET", 200, milliseconds(7000));  // +Inf only
    const std::string text = metrics.Render();
    const std::string prefix = "alo153_http_request_duration_seconds";
    EXPECT_TRUE(Contains(text, "# TYPE " + prefix + " histogram\n"));
    EXPECT_TRUE(Contains(text, prefix + "_bucket{route=\"/r\",le=\"0.0005\"} 1\n"));
    EXPECT_TRUE(Contains(text, prefix + "_bucket{route=\"/r\",le=\"0.0025\"} 1\n"));
    EXPECT_TRUE(Contains(text, prefix + "_bucket{route=\"/r\",le=\"0.005\"} 2\n"));
    EXPECT_TRUE(Contains(text, prefix + "_bucket{route=\"/r\",le=\"5\"} 2\n"));
    EXPECT_TRUE(Contains(text, prefix + "_bucket{route=\"/r\",le=\"+Inf\"} 3\n"));
    EXPECT_TRUE(Contains(text, prefix + "_count{route=\"/r\"} 3\n"));
    EXPECT_TRUE(Contains(text, prefix + "_sum{route=\"/r\"} 7.0033\n"));
}

TEST(HttpMetrics, EscapesLabelValuesAndHelp) {
    Metrics metrics;
    metrics.ObserveRequest("/a\"b\\c\nd", "GET", 200, microseconds(1));
    metrics.AddGauge("alo153_test_gauge", "line one\nback\\slash", [] { return 1.5; });
    const std::string text = metrics.Render();
    EXPECT_TRUE(Contains(text, "route=\"/a\\\"b\\\\c\\nd\""));
    EXPECT_TRUE(Contains(text, "# HELP alo153_test_gauge line one\\nback\\\\slash\n"));
}

TEST(HttpMetrics, RendersGaugesAndCounterFunctions) {
    Metrics metrics;
    double depth = 3;
    metrics.AddGauge("alo153_write_queue_depth", "Writes waiting for the writer thread.", [&] { return depth; });
    metrics.AddCounterFn("alo153_write_batches_total", "Write batches committed.", [] { return 42.0; });
    metrics.AddGauge("alo153_broken", "Throws.", []() -> double { throw std::runtime_error("no"); });
    depth = 5;
    const std::string text = metrics.Render();
    EXPECT_TRUE(Contains(text, "# TYPE alo153_write_queue_depth gauge\nalo153_write_queue_depth 5\n"));
    EXPECT_TRUE(Contains(text, "# TYPE alo153_write_batches_total counter\nalo153_write_batches_total 42\n"));
    EXPECT_FALSE(Contains(text, "alo153_broken"));
}

TEST(HttpMetrics, RejectsInvalidOrDuplicateNames) {
    Metrics metrics;
    EXPECT_THROW(metrics.AddGauge("9lives", "", [] { return 0.0; }), std::invalid_argument);
    EXPECT_THROW(metrics.AddGauge("has space", "", [] { return 0.0; }), std::invalid_argument);
    EXPECT_THROW(metrics.AddGauge("alo153_http_requests_total", "", [] { return 0.0; }), std::invalid_argument);
    metrics.AddGauge("alo153_db_size_bytes", "", [] { return 0.0; });
    EXPECT_THROW(metrics.AddGauge("alo153_db_size_bytes", "", [] { return 0.0; }), std::invalid_argument);
}

TEST(HttpMetrics, ConcurrentObservationsAreAllCounted) {
    Metrics metrics;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&metrics, t] {
            for (int i = 0; i < 1000; ++i) {
                metrics.ObserveRequest(t % 2 == 0 ? "/even" : "/odd", "GET", 200 + i % 2, microseconds(i));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(metrics.RequestCount("/even", "GET", 200) + metrics.RequestCount("/even", "GET", 201), 4000u);
    EXPECT_EQ(metrics.RequestCount("/odd", "GET", 201), 2000u);
    EXPECT_TRUE(Contains(metrics.Render(), "alo153_http_request_duration_seconds_count{route=\"/odd\"} 4000\n"));
}

}  // namespace
}  // namespace alo153::api::http
