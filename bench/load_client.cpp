// alo153_load: an HTTP/1.1 keep-alive load generator for alo153 (bench/, STYLE.md habit 11).
//
// Opens N connections to a running `alo153 serve`, signs in once (session cookie + CSRF token, shared by every
// connection), then keeps one request in flight per connection (closed loop) until a duration or a request
// count is reached, and prints throughput and latency percentiles as one JSON object on stdout.
//
//   alo153_load --port 8153 --mode create --connections 64 --duration 10 --warmup 2
//   alo153_load --port 8153 --mode get --targets lookups.txt --connections 16 --duration 10
//
// Create bodies are realistic and random: a sub-category with one of its demo citizen texts, a district with
// one of its neighbourhoods and streets, sometimes a map pin, sometimes a new citizen (the data files compiled
// into alo153_app, so no path to find). GET targets are paths, one per line ('#' lines are comments).
//
// Bounded by construction: it stops issuing at the deadline or the count, and a hard timer stops the I/O
// context `--timeout` seconds after the deadline whatever the server does.
//
// One file of ~700 lines on purpose: a standalone tool (its sockets, sign-in, the load loop and the report),
// read and changed as a whole.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/tsv.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

struct Options {
    std::string host = "127.0.0.1";
    std::string port = "8153";
    std::string mode = "create";  ///< create | get | open311 (POST /open311/v2/requests.json with --api-key)
    std::string api_key;          ///< open311: the key sent as the api_key form field
    std::string targets_file;     ///< get: one path per line
    std::string user = "cagri1";
    std::string password = "alo153-demo";
    std::string label;
    int connections = 64;
    int threads = 1;
    double duration_s = 10;         ///< measured window, after the warm-up
    double warmup_s = 0;            ///< requests completing in the warm-up are not counted
    std::int64_t max_requests = 0;  ///< 0: no count bound (the duration bounds the run)
    double timeout_s = 10;          ///< per request, and grace after the deadline
    double citizen_ratio = 0.5;     ///< create: share of requests that carry a new citizen
    bool idempotency = false;       ///< create: send an Idempotency-Key header
    std::uint64_t seed = 153;
};

[[noreturn]] void Usage(const std::string& message) {
    std::cerr
        << "alo153_load: " << message << "\n"
        << "usage: alo153_load [--host H] [--port P] [--mode create|get|open311] [--targets FILE] [--connections N]\n"
           "                   [--threads 1|2] [--duration S] [--warmup S] [--requests N] [--timeout S]\n"
           "                   [--user U] [--password P] [--citizen-ratio R] [--idempotency] [--seed N]\n"
           "                   [--label TEXT] [--api-key KEY]\n";
    std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                Usage("missing value for " + a);
            }
            return argv[++i];
        };
        if (a == "--host") {
            o.host = next();
        } else if (a == "--port") {
            o.port = next();
        } else if (a == "--mode") {
            o.mode = next();
        } else if (a == "--targets") {
            o.targets_file = next();
        } else if (a == "--user") {
            o.user = next();
        } else if (a == "--password") {
            o.password = next();
        } else if (a == "--api-key") {
            o.api_key = next();
        } else if (a == "--label") {
            o.label = next();
        } else if (a == "--connections" || a == "-c") {
            o.connections = std::stoi(next());
        } else if (a == "--threads") {
            o.threads = std::stoi(next());
        } else if (a == "--duration" || a == "-d") {
            o.duration_s = std::stod(next());
        } else if (a == "--warmup") {
            o.warmup_s = std::stod(next());
        } else if (a == "--requests" || a == "-n") {
            o.max_requests = std::stoll(next());
        } else if (a == "--timeout") {
            o.timeout_s = std::stod(next());
        } else if (a == "--citizen-ratio") {
            o.citizen_ratio = std::stod(next());
        } else if (a == "--idempotency") {
            o.idempotency = true;
        } else if (a == "--seed") {
            o.seed = std::stoull(next());
        } else if (a == "--help" || a == "-h") {
            Usage("help");
        } else {
            Usage("unknown option " + a);
        }
    }
    if (o.mode != "create" && o.mode != "get" && o.mode != "open311") {
        Usage("--mode must be create, get or open311");
    }
    if (o.mode == "open311" && o.api_key.empty()) {
        Usage("--mode open311 needs --api-key KEY");
    }
    if (o.mode == "get" && o.targets_file.empty()) {
        Usage("--mode get needs --targets FILE");
    }
    if (o.connections < 1 || o.connections > 4096 || o.threads < 1 || o.threads > 8) {
        Usage("--connections 1..4096, --threads 1..8");
    }
    if (o.duration_s <= 0 || o.duration_s > 3600 || o.warmup_s < 0 || o.timeout_s <= 0) {
        Usage("--duration must be in (0, 3600], --warmup >= 0, --timeout > 0");
    }
    return o;
}

/// The realistic pieces a create body is drawn from.
struct Corpus {
    struct Text {
        std::string category;
        std::string text;
    };
    struct District {
        std::string code;
        double lat = 0;
        double lon = 0;
        std::vector<std::int64_t> neighbourhoods;
        std::vector<std::string> streets;
    };
    std::vector<Text> texts;
    std::vector<District> districts;
    std::vector<std::string> first_names;
    std::vector<std::string> last_names;
    /// open311: a valid answer for each required attribute, by sub-category ("&attribute%5Bcode%5D=value...").
    std::map<std::string, std::string> required_answers;
};

alo153::app::Tsv LoadTsv(const char* name) {
    auto tsv = alo153::app::ParseTsv(alo153::app::EmbeddedDataFile(name), name);
    if (!tsv.ok()) {
        throw std::runtime_error(std::string(name) + ": " + tsv.error().detail);
    }
    return std::move(tsv).value();
}

Corpus LoadCorpus() {
    Corpus c;
    for (const auto& row : LoadTsv("demo_texts.tsv").rows) {
        c.texts.push_back({row["category"], row["text"]});
    }
    std::map<std::string, std::size_t> index;
    for (const auto& row : LoadTsv("districts.tsv").rows) {
        index[row["district"]] = c.districts.size();
        c.districts.push_back({row["district"], std::stod(row["lat"]), std::stod(row["lon"]), {}, {}});
    }
    for (const auto& row : LoadTsv("samsun.tsv").rows) {
        if (auto it = index.find(row["district"]); it != index.end()) {
            c.districts[it->second].neighbourhoods.push_back(std::stoll(row["neighbourhood_id"]));
        }
    }
    for (const auto& row : LoadTsv("demo_streets.tsv").rows) {
        if (auto it = index.find(row["district"]); it != index.end()) {
            c.districts[it->second].streets.push_back(row["street"]);
        }
    }
    for (const auto& row : LoadTsv("demo_names.tsv").rows) {
        (row["kind"] == "first" ? c.first_names : c.last_names).push_back(row["name"]);
    }
    for (const auto& row : LoadTsv("open311_attributes.tsv").rows) {
        if (row["required"] != "1" || row["variable"] == "0") {
            continue;
        }
        const std::string& type = row["datatype"];
        std::string value = type == "number" ? "2" : type == "datetime" ? "2026-12-01T10:00:00%2B03:00" : "x";
        if (type.ends_with("valuelist")) {
            value = row["values"].substr(0, row["values"].find('='));
        }
        c.required_answers[row["category"]] += "&attribute%5B" + row["code"] + "%5D=" + value;
    }
    if (c.texts.empty() || c.districts.empty() || c.first_names.empty() || c.last_names.empty()) {
        throw std::runtime_error("embedded demo data is empty");
    }
    return c;
}

template <typename T>
const T& Pick(const std::vector<T>& v, std::mt19937_64& rng) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

/// Picks a code by weight, e.g. {{"phone", 70}, {"web", 10}}.
std::string Weighted(const std::vector<std::pair<const char*, int>>& choices, std::mt19937_64& rng) {
    int total = 0;
    for (const auto& c : choices) {
        total += c.second;
    }
    int x = std::uniform_int_distribution<int>(0, total - 1)(rng);
    for (const auto& c : choices) {
        if (x < c.second) {
            return c.first;
        }
        x -= c.second;
    }
    return choices.back().first;
}

std::string CreateBody(const Corpus& corpus, double citizen_ratio, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto& text = Pick(corpus.texts, rng);
    const auto& d = Pick(corpus.districts, rng);
    Json location = {{"district", d.code}};
    if (!d.neighbourhoods.empty() && unit(rng) < 0.8) {
        location["neighbourhood_id"] = Pick(d.neighbourhoods, rng);
    }
    if (!d.streets.empty()) {
        location["street"] = Pick(d.streets, rng);
    }
    location["address_text"] =
        "No: " + std::to_string(std::uniform_int_distribution<int>(1, 180)(rng)) +
        (unit(rng) < 0.5 ? "" : " Daire: " + std::to_string(std::uniform_int_distribution<int>(1, 24)(rng)));
    if (unit(rng) < 0.3) {
        std::uniform_real_distribution<double> jitter(-0.02, 0.02);
        location["lat"] = std::round((d.lat + jitter(rng)) * 1e5) / 1e5;
        location["lon"] = std::round((d.lon + jitter(rng)) * 1e5) / 1e5;
    }
    Json body = {
        {"type", Weighted({{"request", 60}, {"complaint", 25}, {"suggestion", 5}, {"report", 5}, {"thanks", 5}}, rng)},
        {"channel",
         Weighted({{"phone", 70}, {"web", 10}, {"mobile", 10}, {"walk_in", 4}, {"whatsapp", 4}, {"email", 2}}, rng)},
        {"category", text.category},
        {"description", text.text},
        {"location", location},
    };
    if (unit(rng) < citizen_ratio) {
        std::string phone = "05" + std::to_string(std::uniform_int_distribution<int>(30, 59)(rng));
        for (int i = 0; i < 7; ++i) {
            phone += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
        }
        body["citizen"] = {{"phone", phone},
                           {"first_name", Pick(corpus.first_names, rng)},
                           {"last_name", Pick(corpus.last_names, rng)},
                           {"kvkk_consent", true}};
    }
    return body.dump();
}

/// Percent-encodes a form value (UTF-8 bytes as %XX, space as '+').
std::string FormEncode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

/// An Open311 POST requests body as a partner's app sends it: a pin, an address, the answers the service
/// requires, and half the time the reporter's name and phone.
std::string Open311Body(const Corpus& corpus, const std::string& api_key, double citizen_ratio, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_real_distribution<double> jitter(-0.02, 0.02);
    const auto& text = Pick(corpus.texts, rng);
    const auto& d = Pick(corpus.districts, rng);
    char pin[64];
    std::snprintf(pin, sizeof pin, "&lat=%.5f&long=%.5f", d.lat + jitter(rng), d.lon + jitter(rng));
    std::string body =
        "api_key=" + api_key + "&service_code=" + text.category + pin + "&description=" + FormEncode(text.text);
    if (!d.streets.empty()) {
        body += "&address_string=" + FormEncode(Pick(d.streets, rng) + " No: " +
                                                std::to_string(std::uniform_int_distribution<int>(1, 180)(rng)));
    }
    if (auto it = corpus.required_answers.find(text.category); it != corpus.required_answers.end()) {
        body += it->second;
    }
    if (unit(rng) < citizen_ratio) {
        std::string phone = "05" + std::to_string(std::uniform_int_distribution<int>(30, 59)(rng));
        for (int i = 0; i < 7; ++i) {
            phone += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
        }
        body += "&phone=" + phone + "&first_name=" + FormEncode(Pick(corpus.first_names, rng)) +
                "&last_name=" + FormEncode(Pick(corpus.last_names, rng));
    }
    return body;
}

/// What every session shares: the options, the sign-in, the request material, the bounds and the clock.
struct Shared {
    Options options;
    tcp::resolver::results_type endpoints;
    std::string cookie;  ///< "alo153_session=..."
    std::string csrf;
    Corpus corpus;
    std::vector<std::string> targets;
    Clock::time_point start;
    Clock::time_point warmup_end;
    Clock::time_point deadline;
    std::atomic<std::int64_t> issued{0};
    std::atomic<int> live_sessions{0};
};

/// Per-connection figures, merged when the run ends.
struct Figures {
    std::vector<std::uint32_t> latency_us;  ///< requests completed in the measured window
    std::map<int, std::int64_t> statuses;   ///< HTTP status of measured requests
    std::int64_t ok = 0;                    ///< 2xx in the measured window
    std::int64_t failed = 0;                ///< non-2xx in the measured window
    std::int64_t io_errors = 0;             ///< connect/read/write failures and timeouts (any time)
    std::int64_t reconnects = 0;
    std::int64_t warmup = 0;  ///< completed during the warm-up
    Clock::time_point last_done{};
    std::vector<std::string> error_samples;
};

/// Reports an I/O failure once per kind, on stderr.
void Fail(beast::error_code ec, const char* what, Figures& f) {
    ++f.io_errors;
    if (f.io_errors <= 3) {
        std::cerr << "alo153_load: " << what << ": " << ec.message() << "\n";
    }
}

/// One keep-alive connection with one request in flight at a time (Beast example style: do_x / on_x).
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(asio::io_context& ioc, Shared& shared, std::uint64_t seed)
        : stream_(asio::make_strand(ioc)), shared_(shared), rng_(seed) {}

    void Run() {
        shared_.live_sessions.fetch_add(1);
        DoConnect();
    }

    Figures& Result() { return figures_; }

  private:
    void DoConnect() {
        stream_.expires_after(Timeout());
        // Connect (again, after an error) to the resolved loopback endpoint.
        stream_.async_connect(shared_.endpoints, beast::bind_front_handler(&Session::OnConnect, shared_from_this()));
    }

    void OnConnect(beast::error_code ec, const tcp::endpoint&) {
        if (ec) {
            Fail(ec, "connect", figures_);
            return Finish();  // a server that refuses connections will not get better within a benchmark
        }
        stream_.socket().set_option(tcp::no_delay(true));
        DoRequest();
    }

    void DoRequest() {
        const auto now = Clock::now();
        const auto& o = shared_.options;
        if (now >= shared_.deadline) {
            return Finish();
        }
        if (o.max_requests > 0 && shared_.issued.fetch_add(1) >= o.max_requests) {
            return Finish();
        }
        req_ = {};
        req_.version(11);
        req_.keep_alive(true);
        req_.set(http::field::host, o.host);
        req_.set(http::field::user_agent, "alo153_load");
        if (o.mode == "open311") {
            req_.method(http::verb::post);
            req_.target("/open311/v2/requests.json");
            req_.set(http::field::content_type, "application/x-www-form-urlencoded");
            req_.body() = Open311Body(shared_.corpus, o.api_key, o.citizen_ratio, rng_);
        } else if (o.mode == "create") {
            req_.set(http::field::cookie, shared_.cookie);
            req_.method(http::verb::post);
            req_.target("/api/v1/requests");
            req_.set(http::field::content_type, "application/json");
            req_.set("X-CSRF-Token", shared_.csrf);
            if (o.idempotency) {
                req_.set("Idempotency-Key", "load-" + std::to_string(rng_()));
            }
            req_.body() = CreateBody(shared_.corpus, o.citizen_ratio, rng_);
        } else {
            req_.set(http::field::cookie, shared_.cookie);
            req_.method(http::verb::get);
            req_.target(Pick(shared_.targets, rng_));
        }
        req_.prepare_payload();
        sent_at_ = now;
        stream_.expires_after(Timeout());
        // Send the request; the reply is read in OnWrite.
        http::async_write(stream_, req_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
    }

    void OnWrite(beast::error_code ec, std::size_t) {
        if (ec) {
            Fail(ec, "write", figures_);
            return Reconnect();
        }
        parser_.emplace();
        parser_->body_limit(64 * 1024 * 1024);
        // Read the whole response; its arrival ends the latency measurement.
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, std::size_t) {
        if (ec) {
            Fail(ec, "read", figures_);
            return Reconnect();
        }
        const auto done = Clock::now();
        auto res = parser_->release();
        const int status = static_cast<int>(res.result_int());
        if (sent_at_ >= shared_.warmup_end) {
            auto us = std::chrono::duration_cast<std::chrono::microseconds>(done - sent_at_).count();
            figures_.latency_us.push_back(static_cast<std::uint32_t>(std::min<std::int64_t>(us, UINT32_MAX)));
            ++figures_.statuses[status];
            figures_.last_done = std::max(figures_.last_done, done);
            if (status >= 200 && status < 300) {
                ++figures_.ok;
            } else {
                ++figures_.failed;
                if (figures_.error_samples.size() < 2) {
                    figures_.error_samples.push_back(std::to_string(status) + " " + req_.target().to_string() + " " +
                                                     res.body().substr(0, 300));
                }
            }
        } else {
            ++figures_.warmup;
        }
        if (!res.keep_alive()) {
            return Reconnect();
        }
        DoRequest();
    }

    void Reconnect() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
        buffer_.clear();
        if (Clock::now() >= shared_.deadline || ++figures_.reconnects > 100) {
            return Finish();
        }
        DoConnect();
    }

    void Finish() {
        if (finished_) {
            return;
        }
        finished_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
        shared_.live_sessions.fetch_sub(1);
    }

    std::chrono::steady_clock::duration Timeout() const {
        return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(shared_.options.timeout_s));
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> req_;
    std::optional<http::response_parser<http::string_body>> parser_;
    Shared& shared_;
    std::mt19937_64 rng_;
    Clock::time_point sent_at_{};
    Figures figures_;
    bool finished_ = false;
};

/// Signs in once with a blocking exchange; the cookie and CSRF token are then shared by every connection.
void SignIn(Shared& shared) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(shared.endpoints);
    http::request<http::string_body> req{http::verb::post, "/api/v1/auth/login", 11};
    req.set(http::field::host, shared.options.host);
    req.set(http::field::content_type, "application/json");
    req.body() = Json{{"username", shared.options.user}, {"password", shared.options.password}}.dump();
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    if (res.result_int() != 200) {
        throw std::runtime_error("sign-in failed: HTTP " + std::to_string(res.result_int()) + " " + res.body());
    }
    std::string set_cookie(res[http::field::set_cookie]);
    shared.cookie = set_cookie.substr(0, set_cookie.find(';'));
    shared.csrf = Json::parse(res.body()).at("csrf_token").get<std::string>();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

std::vector<std::string> ReadTargets(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read targets file " + path);
    }
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        if (!line.empty() && line[0] == '/') {
            out.push_back(line);
        }
    }
    if (out.empty()) {
        throw std::runtime_error("no targets (lines starting with '/') in " + path);
    }
    return out;
}

double Percentile(const std::vector<std::uint32_t>& sorted, double q) {
    if (sorted.empty()) {
        return 0;
    }
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Shared shared;
        shared.options = ParseOptions(argc, argv);
        const Options& o = shared.options;
        {
            asio::io_context resolver_ioc;
            tcp::resolver resolver(resolver_ioc);
            shared.endpoints = resolver.resolve(o.host, o.port);
        }
        if (o.mode == "create" || o.mode == "open311") {
            shared.corpus = LoadCorpus();
        } else {
            shared.targets = ReadTargets(o.targets_file);
        }
        if (o.mode != "open311") {
            SignIn(shared);  // Open311 clients send their API key with each request instead
        }

        asio::io_context ioc(o.threads);
        shared.start = Clock::now();
        auto seconds = [](double s) {
            return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
        };
        shared.warmup_end = shared.start + seconds(o.warmup_s);
        shared.deadline = shared.warmup_end + seconds(o.duration_s);
        std::vector<std::shared_ptr<Session>> sessions;
        for (int i = 0; i < o.connections; ++i) {
            sessions.push_back(
                std::make_shared<Session>(ioc, shared, o.seed * 1000003 + static_cast<std::uint64_t>(i)));
            sessions.back()->Run();
        }
        // The hard bound: whatever the server does, the run ends `timeout` seconds after the deadline.
        asio::steady_timer hard_stop(ioc, shared.deadline + seconds(o.timeout_s));
        hard_stop.async_wait([&ioc](beast::error_code) { ioc.stop(); });
        // A light poll that cancels the hard timer once every session has finished, so run() returns early.
        asio::steady_timer poll(ioc);
        std::function<void(beast::error_code)> check = [&](beast::error_code) {
            if (shared.live_sessions.load() == 0) {
                hard_stop.cancel();
                return;
            }
            poll.expires_after(std::chrono::milliseconds(20));
            poll.async_wait(check);
        };
        poll.expires_after(std::chrono::milliseconds(20));
        poll.async_wait(check);

        std::vector<std::thread> extra;
        for (int t = 1; t < o.threads; ++t) {
            extra.emplace_back([&ioc] { ioc.run(); });
        }
        ioc.run();
        for (auto& t : extra) {
            t.join();
        }
        const auto ended = Clock::now();

        Figures all;
        for (auto& s : sessions) {
            Figures& f = s->Result();
            all.latency_us.insert(all.latency_us.end(), f.latency_us.begin(), f.latency_us.end());
            for (auto [status, n] : f.statuses) {
                all.statuses[status] += n;
            }
            all.ok += f.ok;
            all.failed += f.failed;
            all.io_errors += f.io_errors;
            all.reconnects += f.reconnects;
            all.warmup += f.warmup;
            all.last_done = std::max(all.last_done, f.last_done);
            for (auto& e : f.error_samples) {
                if (all.error_samples.size() < 5) {
                    all.error_samples.push_back(e);
                }
            }
        }
        std::sort(all.latency_us.begin(), all.latency_us.end());
        // The measured window runs from the end of the warm-up to the last measured completion.
        auto window_end = all.last_done > shared.warmup_end ? all.last_done : ended;
        double window_s = std::chrono::duration<double>(window_end - shared.warmup_end).count();
        double sum_ms = 0;
        for (auto us : all.latency_us) {
            sum_ms += us / 1000.0;
        }
        Json statuses = Json::object();
        for (auto [status, n] : all.statuses) {
            statuses[std::to_string(status)] = n;
        }
        Json out = {
            {"label", o.label},
            {"mode", o.mode},
            {"connections", o.connections},
            {"threads", o.threads},
            {"warmup_s", o.warmup_s},
            {"window_s", std::round(window_s * 1000) / 1000},
            {"requests", static_cast<std::int64_t>(all.latency_us.size())},
            {"ok", all.ok},
            {"failed", all.failed},
            {"io_errors", all.io_errors},
            {"reconnects", all.reconnects},
            {"statuses", statuses},
            {"throughput_per_s", window_s > 0 ? std::round(static_cast<double>(all.ok) / window_s * 10) / 10 : 0.0},
            {"latency_ms",
             {{"p50", Percentile(all.latency_us, 0.50)},
              {"p90", Percentile(all.latency_us, 0.90)},
              {"p99", Percentile(all.latency_us, 0.99)},
              {"max", all.latency_us.empty() ? 0.0 : all.latency_us.back() / 1000.0},
              {"mean", all.latency_us.empty()
                           ? 0.0
                           : std::round(sum_ms / static_cast<double>(all.latency_us.size()) * 1000) / 1000}}},
        };
        if (o.mode == "get") {
            out["targets"] = shared.targets.size();
        }
        if (!all.error_samples.empty()) {
            out["error_samples"] = all.error_samples;
        }
        std::cout << out.dump() << std::endl;
        return all.ok > 0 && all.io_errors == 0 && all.failed == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "alo153_load: " << e.what() << "\n";
        return 2;
    }
}
