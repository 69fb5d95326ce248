#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/catalog_service.hpp"
#include "core/result.hpp"
#include "routing/classifier.hpp"
#include "storage/store.hpp"

namespace alo153::app {

/// What the classifier service needs to know.
struct ClassifierConfig {
    std::string model_path;  ///< the fastText model file (a missing one means: keywords only)
    std::chrono::seconds reload_check{5};
    routing::ClassifierTuning tuning;
};

/// How to retrain.
struct ClassifierTrainOptions {
    bool use_history = true;       ///< add the final categories of resolved and closed requests
    int max_copies_per_text = 20;  ///< identical (category, text) pairs of the history count at most this often
    std::string corpus_tsv;        ///< the labelled corpus (category<TAB>text); empty: BuiltInCorpus()
    std::string output;            ///< where to write the model; empty: the configured model path
    bool keyword_examples = true;  ///< also learn each category's keywords as short texts (KeywordExamples)
    routing::TrainOptions model;
};

struct ClassifierTrainReport {
    std::int64_t corpus_examples = 0;
    std::int64_t history_requests = 0;  ///< resolved or closed requests read
    std::int64_t history_examples = 0;  ///< of them, used (after capping repeated texts)
    double read_seconds = 0;
    routing::TrainReport model;
};

/// What /readyz and the log say about the classifier.
struct ClassifierStatus {
    bool model_loaded = false;
    std::string model_path;
    std::string detail;  ///< Turkish: which model is serving, or why none is (keywords only)
    std::int64_t labels = 0;
    std::int64_t file_bytes = 0;
    double load_seconds = 0;
};

/// Suggests the category of a request's text (issue 3): a fastText model over Turkish-folded text, combined
/// with the catalog's keywords so that new categories are suggested from day one. The model file is watched:
/// a new one (training writes a temporary file and renames it) replaces the serving model without a restart;
/// a missing or broken one leaves the service running on keywords (or on the previous model).
class ClassifierService {
  public:
    ClassifierService(storage::Store& store, CatalogService& catalog, ClassifierConfig config);
    ~ClassifierService();
    ClassifierService(const ClassifierService&) = delete;
    ClassifierService& operator=(const ClassifierService&) = delete;

    /// Ranked suggestions for `text`. `district` (optional) decides the unit of district-routed categories;
    /// `top` is 1..20. Errors: kValidation (top out of range), kUnknownReference (unknown district).
    core::Result<routing::Suggestions> Suggest(std::string_view text, const std::string& district, int top) const;

    /// Trains a new model from the corpus and (optionally) the history, writes it (temporary file, then
    /// rename) and serves it. Errors: kValidation (no usable examples, unreadable corpus).
    core::Result<ClassifierTrainReport> Train(const ClassifierTrainOptions& options);

    /// The model file is read on first use (Suggest, Status, Model, StartWatching), not at construction.
    /// Loads the model file again if it changed since the last look (size or modification time).
    /// Returns whether a new model is now serving.
    bool ReloadIfChanged();
    /// Starts a background thread calling ReloadIfChanged every `reload_check`.
    void StartWatching();
    void StopWatching();

    ClassifierStatus Status() const;
    /// The serving model, or null (keywords only).
    routing::ClassifierModelPtr Model() const;
    /// The keyword index of the current catalog snapshot (rebuilt when the catalog changes).
    std::shared_ptr<const routing::KeywordIndex> Keywords() const;
    const ClassifierConfig& Config() const { return config_; }

  private:
    struct FileStamp {
        std::filesystem::file_time_type mtime{};
        std::uintmax_t size = 0;
        bool exists = false;
        bool operator==(const FileStamp&) const = default;
    };
    FileStamp Stamp() const;
    void LoadFrom(const FileStamp& stamp);
    void EnsureLoaded() const;

    storage::Store& store_;
    CatalogService& catalog_;
    ClassifierConfig config_;

    mutable std::once_flag first_load_;
    mutable std::mutex mutex_;  // guards the fields below (copies of shared pointers are taken under it)
    routing::ClassifierModelPtr model_;
    ClassifierStatus status_;
    FileStamp stamp_;
    mutable routing::CatalogPtr keyword_catalog_;
    mutable std::shared_ptr<const routing::KeywordIndex> keywords_;

    std::mutex watch_mutex_;
    std::condition_variable watch_cv_;
    bool stop_watching_ = false;
    std::thread watcher_;
};

/// A labelled corpus (TSV with columns category and text) as (sub-category, text) pairs.
core::Result<std::vector<routing::LabelledText>> ParseCorpus(std::string_view tsv, std::string_view name);
/// The built-in corpus: data/routing/train.tsv and the demo texts of data/seed/demo_texts.tsv (both written
/// for this project and labelled by hand; never the held-out data/routing/eval.tsv).
core::Result<std::vector<routing::LabelledText>> BuiltInCorpus();
/// The catalog's keywords as training texts: one short text per keyword phrase of each active category,
/// labelled with its code (top-level phrases with the top-level code).
std::vector<routing::LabelledText> KeywordExamples(const routing::Catalog& catalog);

}  // namespace alo153::app
