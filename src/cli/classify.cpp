// `alo153 classify`: suggestions for texts on standard input, training, evaluation and cross-validation of the
// category classifier (issue 3; docs/classifier.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include <unistd.h>

#include "api/json_mapping.hpp"
#include "app/application.hpp"
#include "cli/commands.hpp"
#include "routing/classifier_eval.hpp"

namespace alo153::cli {
namespace {

int Fail(const core::Error& e) {
    std::cerr << "alo153: " << e.detail << (e.field.empty() ? "" : " (" + e.field + ")") << "\n";
    return 1;
}

core::Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::MakeError(core::ErrorCode::kNotFound, "Dosya okunamadı: " + path, "file");
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Args {
    int top = 3;
    std::string model;
    std::string district;
    // train
    bool no_history = false;
    std::string corpus;
    std::string output;
    int max_copies = 20;
    routing::TrainOptions train;
    bool quantize = false;
    // eval, cv
    std::string file;
    bool ascii = false;
    bool no_keyword_examples = false;
    bool keywords_only = false;
    int folds = 5;
    double keyword_weight = routing::ClassifierTuning{}.keyword_weight;
};

void AddModelOption(CLI::App* cmd, Args& a) {
    cmd->add_option("--model", a.model, "Model file (default: classifier.model, classifier.ftz beside the database)");
}

void AddTrainOptions(CLI::App* cmd, Args& a) {
    cmd->add_option("--epochs", a.train.epochs, "Epochs (0: chosen from the amount of text)")
        ->check(CLI::Range(0, 200));
    cmd->add_option("--dim", a.train.dim, "Vector dimension")->check(CLI::Range(4, 300));
    cmd->add_option("--threads", a.train.threads, "Training threads")->check(CLI::Range(1, 64));
    cmd->add_option("--bucket", a.train.bucket, "Hash buckets for character and word n-grams")
        ->check(CLI::Range(1000, 2000000));
    cmd->add_flag("--quantize", a.quantize, "Product-quantize the matrices (a smaller file, much slower training)");
    cmd->add_flag("--no-keywords", a.no_keyword_examples, "Do not learn the catalog's keywords as short texts");
    cmd->add_option("--word-ngrams", a.train.word_ngrams, "Word n-grams")->check(CLI::Range(1, 5));
    cmd->add_option("--minn", a.train.min_char_ngram, "Shortest character n-gram")->check(CLI::Range(0, 10));
    cmd->add_option("--maxn", a.train.max_char_ngram, "Longest character n-gram")->check(CLI::Range(0, 10));
    cmd->add_option("--lr", a.train.lr, "Learning rate")->check(CLI::Range(0.01, 5.0));
}

routing::ClassifierTuning Tuning(const Args& a) {
    routing::ClassifierTuning t;
    t.keyword_weight = a.keyword_weight;
    return t;
}

}  // namespace

void AddClassify(CLI::App& app, Runner& run) {
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "classify", "Suggest categories: one text per line on stdin, one JSON object per line on stdout");
    cmd->require_subcommand(0, 1);
    cmd->add_option("--top", args->top, "How many suggestions")->check(CLI::Range(1, 20));
    cmd->add_option("--district", args->district, "District code (decides the unit of ATIK)");
    AddModelOption(cmd, *args);
    cmd->callback([&run, args, cmd] {
        if (!cmd->get_subcommands().empty()) {
            return;  // a sub-command set `run`
        }
        run = [args](Config& config) {
            if (!args->model.empty()) {
                config.app.classifier_model = args->model;
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto& classifier = application.Classifier();
            std::string line;
            while (std::getline(std::cin, line)) {
                if (!line.empty() && line.back() == '\r') {
                    line.pop_back();
                }
                auto s = classifier.Suggest(line, args->district, args->top);
                if (!s.ok()) {
                    return Fail(s.error());
                }
                api::Json out = api::ToJson(*s);
                out["text"] = line;
                std::cout << out.dump(-1, ' ', false, api::Json::error_handler_t::replace) << '\n';
            }
            std::cout.flush();
            return 0;
        };
    });

    auto* train = cmd->add_subcommand(
        "train",
        "Train a model from the corpus and the final categories of resolved requests; a running server "
        "picks it up");
    AddModelOption(train, *args);
    AddTrainOptions(train, *args);
    train->add_flag("--no-history", args->no_history, "Train on the corpus only");
    train->add_option("--corpus", args->corpus, "Labelled corpus (category<TAB>text; default: the built-in one)");
    train->add_option("--output", args->output, "Write the model here instead of the configured path");
    train->add_option("--max-copies", args->max_copies, "Count an identical historical text at most N times")
        ->check(CLI::Range(1, 1000000));
    train->callback([&run, args] {
        run = [args](Config& config) {
            if (!args->model.empty()) {
                config.app.classifier_model = args->model;
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            app::ClassifierTrainOptions options;
            options.use_history = !args->no_history;
            options.max_copies_per_text = args->max_copies;
            options.output = args->output;
            options.model = args->train;
            options.model.quantize = args->quantize;
            options.keyword_examples = !args->no_keyword_examples;
            if (!args->corpus.empty()) {
                auto text = ReadFile(args->corpus);
                if (!text.ok()) {
                    return Fail(text.error());
                }
                options.corpus_tsv = *text;
            }
            auto r = application.Classifier().Train(options);
            if (!r.ok()) {
                return Fail(r.error());
            }
            std::cout << "Model eğitildi / model trained: "
                      << (args->output.empty() ? application.Classifier().Config().model_path : args->output) << "\n"
                      << "  corpus texts " << r->corpus_examples << ", resolved requests read " << r->history_requests
                      << ", used " << r->history_examples << " (read in " << r->read_seconds << " s)\n"
                      << "  examples " << r->model.examples << ", categories " << r->model.labels << ", words "
                      << r->model.words << ", epochs " << r->model.epochs << ", trained in " << r->model.seconds
                      << " s, file " << r->model.file_bytes << " bytes\n";
            return 0;
        };
    });

    auto* eval = cmd->add_subcommand("eval",
                                     "Top-1 / top-3 accuracy, per-category figures and the confusion "
                                     "matrix on a file of CODES<TAB>TEXT lines");
    eval->add_option("file", args->file, "Evaluation file")->required();
    AddModelOption(eval, *args);
    eval->add_flag("--ascii", args->ascii, "Replace Turkish letters by ASCII look-alikes and lower-case first");
    eval->add_flag("--keywords-only", args->keywords_only, "Ignore the model (the cold-start figure)");
    eval->add_option("--keyword-weight", args->keyword_weight, "Share of keyword evidence")
        ->check(CLI::Range(0.0, 1.0));
    eval->callback([&run, args] {
        run = [args](Config& config) {
            if (!args->model.empty()) {
                config.app.classifier_model = args->model;
            }
            auto content = ReadFile(args->file);
            if (!content.ok()) {
                return Fail(content.error());
            }
            auto examples = routing::ParseEvalFile(*content);
            if (!examples.ok()) {
                return Fail(examples.error());
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto catalog = application.Catalog().Current();
            auto keywords = application.Classifier().Keywords();
            auto model = args->keywords_only ? nullptr : application.Classifier().Model();
            if (!args->keywords_only && !model) {
                std::cerr << "alo153: " << application.Classifier().Status().detail << "\n";
            }
            auto tuning = Tuning(*args);
            auto report = routing::Evaluate(*examples, [&](const std::string& text) {
                return routing::Suggest(*catalog, *keywords, model.get(),
                                        args->ascii ? routing::AsciiLookalikeLower(text) : text, "", 3, tuning);
            });
            std::cout << routing::FormatEvalReport(report);
            return 0;
        };
    });

    auto* cv = cmd->add_subcommand("cv", "k-fold cross-validation on the labelled corpus (top-level accuracy)");
    AddTrainOptions(cv, *args);
    cv->add_option("--folds", args->folds, "Folds")->check(CLI::Range(2, 20));
    cv->add_option("--corpus", args->corpus, "Labelled corpus (default: the built-in one)");
    cv->add_flag("--ascii", args->ascii, "Replace Turkish letters by ASCII look-alikes and lower-case the test texts");
    cv->add_option("--keyword-weight", args->keyword_weight, "Share of keyword evidence")->check(CLI::Range(0.0, 1.0));
    cv->callback([&run, args] {
        run = [args](Config& config) {
            std::string text;
            if (!args->corpus.empty()) {
                auto read = ReadFile(args->corpus);
                if (!read.ok()) {
                    return Fail(read.error());
                }
                text = *read;
            }
            auto corpus = text.empty() ? app::BuiltInCorpus() : app::ParseCorpus(text, args->corpus);
            if (!corpus.ok()) {
                return Fail(corpus.error());
            }
            app::SystemClock clock;
            app::Application application(config.app, clock);
            auto catalog = application.Catalog().Current();
            auto keywords = application.Classifier().Keywords();
            auto examples = *corpus;
            std::mt19937 rng(153);
            std::shuffle(examples.begin(), examples.end(), rng);
            auto options = args->train;
            options.quantize = args->quantize;
            const auto tuning = Tuning(*args);
            std::vector<routing::EvalExample> tested;
            std::vector<routing::Suggestions> answers;
            const std::string path =
                (std::filesystem::temp_directory_path() / ("alo153-cv-" + std::to_string(::getpid()) + ".ftz"))
                    .string();
            double train_seconds = 0;
            for (int fold = 0; fold < args->folds; ++fold) {
                std::vector<routing::LabelledText> learn;
                std::vector<const routing::LabelledText*> test;
                for (std::size_t i = 0; i < examples.size(); ++i) {
                    if (static_cast<int>(i % static_cast<std::size_t>(args->folds)) == fold) {
                        test.push_back(&examples[i]);
                    } else {
                        learn.push_back(examples[i]);
                    }
                }
                if (!args->no_keyword_examples) {
                    auto extra = app::KeywordExamples(*catalog);
                    learn.insert(learn.end(), extra.begin(), extra.end());
                }
                auto trained = routing::ClassifierModel::Train(learn, options, path);
                if (!trained.ok()) {
                    return Fail(trained.error());
                }
                train_seconds += trained->seconds;
                auto model = routing::ClassifierModel::Load(path);
                if (!model.ok()) {
                    return Fail(model.error());
                }
                for (const auto* e : test) {
                    std::string input = args->ascii ? routing::AsciiLookalikeLower(e->text) : e->text;
                    tested.push_back({{e->category.substr(0, e->category.find('.'))}, input});
                    answers.push_back(routing::Suggest(*catalog, *keywords, model->get(), input, "", 3, tuning));
                }
            }
            std::filesystem::remove(path);
            std::size_t next = 0;
            auto report = routing::Evaluate(tested, [&](const std::string&) { return answers[next++]; });
            std::cout << args->folds << "-fold cross-validation over " << examples.size() << " texts (training "
                      << train_seconds << " s in all)\n"
                      << routing::FormatEvalReport(report);
            return 0;
        };
    });
}

}  // namespace alo153::cli
