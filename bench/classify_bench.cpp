// classify_bench: the classifier's figures of issue 3 (docs/benchmarks.md, "Classifier"):
//   model load time (median of 5), model file size, per-classification latency (p50/p99/max over the texts of
//   an evaluation file, as ClassifierService::Suggest runs in the server's handler), and, with --train, the
//   time to retrain from the database's history plus the built-in corpus.
// A plain timing tool printing one JSON line (like load_client), not a Google Benchmark: the figures are
// percentiles over individual calls. Never point --db at a database you care about: opening it migrates it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "routing/classifier_eval.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double Percentile(std::vector<double> v, double q) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

int Usage() {
    std::cerr << "usage: classify_bench --db DB --model MODEL --eval FILE [--iterations N] [--train] [--threads N]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string db, model, eval_file;
    int iterations = 20;
    int threads = 2;
    bool train = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--db") {
            db = next();
        } else if (a == "--model") {
            model = next();
        } else if (a == "--eval") {
            eval_file = next();
        } else if (a == "--iterations") {
            iterations = std::stoi(next());
        } else if (a == "--threads") {
            threads = std::stoi(next());
        } else if (a == "--train") {
            train = true;
        } else {
            return Usage();
        }
    }
    if (db.empty() || model.empty() || eval_file.empty()) {
        return Usage();
    }
    std::ifstream in(eval_file);
    std::stringstream content;
    content << in.rdbuf();
    auto examples = alo153::routing::ParseEvalFile(content.str());
    if (!examples.ok() || examples->empty()) {
        std::cerr << "classify_bench: cannot read " << eval_file << "\n";
        return 1;
    }

    alo153::app::SystemClock clock;
    alo153::app::AppConfig config;
    config.database_url = db;
    config.classifier_model = model;
    alo153::app::Application application(config, clock);
    auto& classifier = application.Classifier();

    std::ostringstream out;
    out << "{";
    if (train) {
        alo153::app::ClassifierTrainOptions options;
        options.model.threads = threads;
        auto started = Clock::now();
        auto r = classifier.Train(options);
        if (!r.ok()) {
            std::cerr << "classify_bench: " << r.error().detail << "\n";
            return 1;
        }
        out << "\"train_seconds\":" << std::chrono::duration<double>(Clock::now() - started).count()
            << ",\"train_read_seconds\":" << r->read_seconds << ",\"train_fit_seconds\":" << r->model.seconds
            << ",\"history_requests\":" << r->history_requests << ",\"history_examples\":" << r->history_examples
            << ",\"examples\":" << r->model.examples << ",\"epochs\":" << r->model.epochs << ",";
    }
    std::vector<double> loads;
    std::int64_t bytes = 0;
    for (int i = 0; i < 5; ++i) {
        auto started = Clock::now();
        auto loaded = alo153::routing::ClassifierModel::Load(model);
        loads.push_back(Micros(Clock::now() - started) / 1000.0);
        if (!loaded.ok()) {
            std::cerr << "classify_bench: " << loaded.error().detail << "\n";
            return 1;
        }
        bytes = (*loaded)->FileBytes();
    }
    if (!classifier.Model()) {
        std::cerr << "classify_bench: " << classifier.Status().detail << "\n";
        return 1;
    }
    std::vector<std::string> texts;
    for (const auto& e : *examples) {
        texts.push_back(e.text);
        texts.push_back(alo153::routing::AsciiLookalikeLower(e.text));
    }
    std::vector<double> micros;
    for (int it = 0; it < iterations; ++it) {
        for (const auto& t : texts) {
            auto started = Clock::now();
            auto s = classifier.Suggest(t, "ILKADIM", 3);
            micros.push_back(Micros(Clock::now() - started));
            if (!s.ok()) {
                return 1;
            }
        }
    }
    std::string paste;
    while (paste.size() < 100 * 1024) {
        paste += texts[paste.size() % texts.size()] + " ";
    }
    std::vector<double> long_micros;
    for (int it = 0; it < 50; ++it) {
        auto started = Clock::now();
        (void)classifier.Suggest(paste, "", 3);
        long_micros.push_back(Micros(Clock::now() - started));
    }
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "\"model_bytes\":%lld,\"load_ms_median\":%.1f,\"classifications\":%zu,\"p50_us\":%.0f,"
                  "\"p99_us\":%.0f,\"max_us\":%.0f,\"paste_100kb_p50_us\":%.0f,\"paste_100kb_max_us\":%.0f}",
                  static_cast<long long>(bytes), Percentile(loads, 0.5), micros.size(), Percentile(micros, 0.5),
                  Percentile(micros, 0.99), Percentile(micros, 1.0), Percentile(long_micros, 0.5),
                  Percentile(long_micros, 1.0));
    out << buf;
    std::cout << out.str() << std::endl;
    return 0;
}
