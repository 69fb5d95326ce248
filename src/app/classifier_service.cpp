#include "app/classifier_service.hpp"

#include <spdlog/spdlog.h>

#include <unordered_map>

#include "app/tsv.hpp"

namespace alo153::app {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

/// A sub-category that may be learnt and suggested now (active, under an active top-level category).
bool Usable(const routing::Catalog& catalog, const std::string& code) {
    const core::Category* c = catalog.FindCategory(code);
    if (c == nullptr || !c->active || c->IsTopLevel()) {
        return false;
    }
    const core::Category* parent = catalog.FindCategory(c->parent);
    return parent != nullptr && parent->active;
}

}  // namespace

core::Result<std::vector<routing::LabelledText>> BuiltInCorpus() {
    auto corpus = ParseCorpus(EmbeddedDataFile("train.tsv"), "train.tsv");
    ALO153_TRY(corpus);
    auto demo = ParseCorpus(EmbeddedDataFile("demo_texts.tsv"), "demo_texts.tsv");
    ALO153_TRY(demo);
    corpus->insert(corpus->end(), demo->begin(), demo->end());
    return corpus;
}

std::vector<routing::LabelledText> KeywordExamples(const routing::Catalog& catalog) {
    std::vector<routing::LabelledText> out;
    for (const auto& c : catalog.Categories()) {
        if (!c.active || (!c.IsTopLevel() && !Usable(catalog, c.code))) {
            continue;
        }
        std::size_t start = 0;
        while (start < c.keywords.size()) {
            std::size_t bar = c.keywords.find('|', start);
            if (bar == std::string::npos) {
                bar = c.keywords.size();
            }
            if (bar > start) {
                out.push_back({c.code, c.keywords.substr(start, bar - start)});
            }
            start = bar + 1;
        }
    }
    return out;
}

core::Result<std::vector<routing::LabelledText>> ParseCorpus(std::string_view tsv, std::string_view name) {
    auto parsed = ParseTsv(tsv, name);
    ALO153_TRY(parsed);
    std::vector<routing::LabelledText> out;
    for (const auto& row : parsed->rows) {
        if (row["category"].empty() || row["text"].empty()) {
            return core::MakeError(core::ErrorCode::kValidation,
                                   std::string(name) + ": satır " + std::to_string(row.Line()) +
                                       ": 'category' ve 'text' sütunları gerekli",
                                   "corpus");
        }
        out.push_back({row["category"], row["text"]});
    }
    return out;
}

ClassifierService::ClassifierService(storage::Store& store, CatalogService& catalog, ClassifierConfig config)
    : store_(store), catalog_(catalog), config_(std::move(config)) {
    status_.model_path = config_.model_path;
}

void ClassifierService::EnsureLoaded() const {
    // The first use loads the model, so commands that never classify (migrate, user add...) do not pay for it.
    std::call_once(first_load_, [this] { const_cast<ClassifierService*>(this)->LoadFrom(Stamp()); });
}

ClassifierService::~ClassifierService() { StopWatching(); }

ClassifierService::FileStamp ClassifierService::Stamp() const {
    FileStamp s;
    std::error_code ec;
    auto status = std::filesystem::status(config_.model_path, ec);
    if (ec || !std::filesystem::is_regular_file(status)) {
        return s;
    }
    s.size = std::filesystem::file_size(config_.model_path, ec);
    s.mtime = std::filesystem::last_write_time(config_.model_path, ec);
    s.exists = !ec;
    return s;
}

void ClassifierService::LoadFrom(const FileStamp& stamp) {
    if (!stamp.exists) {
        std::lock_guard lock(mutex_);
        stamp_ = stamp;
        if (model_) {
            status_.detail =
                "Model dosyası kaldırıldı (" + config_.model_path + "); yüklü model kullanılmaya devam ediyor.";
            spdlog::warn("classifier: model file {} is gone; the loaded model keeps serving", config_.model_path);
        } else {
            status_.detail = "Model dosyası yok (" + config_.model_path +
                             "): öneriler yalnızca konu anahtar kelimelerinden. 'alo153 classify train' ile eğitin.";
            spdlog::warn(
                "classifier: no model at {}: suggestions from catalog keywords only (run 'alo153 classify "
                "train')",
                config_.model_path);
        }
        return;
    }
    auto started = Clock::now();
    auto loaded = routing::ClassifierModel::Load(config_.model_path);
    const double seconds = SecondsSince(started);
    std::lock_guard lock(mutex_);
    stamp_ = stamp;
    if (!loaded.ok()) {
        status_.detail = loaded.error().detail + (model_ ? " Önceki model kullanılmaya devam ediyor."
                                                         : " Öneriler yalnızca konu anahtar kelimelerinden.");
        spdlog::error("classifier: {} ({})", loaded.error().detail,
                      model_ ? "the previous model keeps serving" : "suggestions from catalog keywords only");
        return;
    }
    model_ = *loaded;
    status_.model_loaded = true;
    status_.labels = static_cast<std::int64_t>(model_->Labels().size());
    status_.file_bytes = model_->FileBytes();
    status_.load_seconds = seconds;
    status_.detail = "Model yüklendi: " + config_.model_path + " (" + std::to_string(status_.labels) + " konu)";
    spdlog::info("classifier: model {} loaded in {:.0f} ms ({} categories, {} bytes)", config_.model_path,
                 seconds * 1000, status_.labels, status_.file_bytes);
}

bool ClassifierService::ReloadIfChanged() {
    EnsureLoaded();
    FileStamp now = Stamp();
    routing::ClassifierModelPtr before;
    {
        std::lock_guard lock(mutex_);
        if (now == stamp_) {
            return false;
        }
        before = model_;
    }
    LoadFrom(now);
    return Model() != before;
}

void ClassifierService::StartWatching() {
    EnsureLoaded();
    std::lock_guard lock(watch_mutex_);
    if (watcher_.joinable()) {
        return;
    }
    stop_watching_ = false;
    // One thread polls the file: cheap (a stat every few seconds) and independent of how the file is replaced.
    watcher_ = std::thread([this] {
        std::unique_lock wait_lock(watch_mutex_);
        while (!watch_cv_.wait_for(wait_lock, config_.reload_check, [this] { return stop_watching_; })) {
            wait_lock.unlock();
            try {
                ReloadIfChanged();
            } catch (const std::exception& e) {
                spdlog::error("classifier: reloading the model failed: {}", e.what());
            }
            wait_lock.lock();
        }
    });
}

void ClassifierService::StopWatching() {
    {
        std::lock_guard lock(watch_mutex_);
        stop_watching_ = true;
    }
    watch_cv_.notify_all();
    if (watcher_.joinable()) {
        watcher_.join();
    }
}

ClassifierStatus ClassifierService::Status() const {
    EnsureLoaded();
    std::lock_guard lock(mutex_);
    return status_;
}

routing::ClassifierModelPtr ClassifierService::Model() const {
    EnsureLoaded();
    std::lock_guard lock(mutex_);
    return model_;
}

std::shared_ptr<const routing::KeywordIndex> ClassifierService::Keywords() const {
    auto catalog = catalog_.Current();
    std::lock_guard lock(mutex_);
    if (keyword_catalog_ != catalog || !keywords_) {
        keywords_ = std::make_shared<const routing::KeywordIndex>(*catalog);
        keyword_catalog_ = catalog;
    }
    return keywords_;
}

core::Result<routing::Suggestions> ClassifierService::Suggest(std::string_view text, const std::string& district,
                                                              int top) const {
    if (top < 1 || top > 20) {
        return core::MakeError(core::ErrorCode::kValidation, "'top' 1 ile 20 arasında olmalı.", "top");
    }
    auto catalog = catalog_.Current();
    if (!district.empty() && catalog->FindDistrict(district) == nullptr) {
        return core::MakeError(core::ErrorCode::kUnknownReference, "İlçe bulunamadı: " + district, "district");
    }
    auto keywords = Keywords();
    auto model = Model();
    return routing::Suggest(*catalog, *keywords, model.get(), text, district, top, config_.tuning);
}

core::Result<ClassifierTrainReport> ClassifierService::Train(const ClassifierTrainOptions& options) {
    auto started = Clock::now();
    auto catalog = catalog_.Current();
    ClassifierTrainReport report;
    auto corpus = options.corpus_tsv.empty() ? BuiltInCorpus() : ParseCorpus(options.corpus_tsv, "corpus");
    ALO153_TRY(corpus);
    std::vector<routing::LabelledText> examples;
    for (auto& e : *corpus) {
        if (Usable(*catalog, e.category)) {
            examples.push_back(std::move(e));
            ++report.corpus_examples;
        }
    }
    if (options.keyword_examples) {
        for (auto& e : KeywordExamples(*catalog)) {
            examples.push_back(std::move(e));
        }
    }
    if (options.use_history) {
        // A municipality's history repeats itself ("çöp toplanmadı" thousands of times): identical texts of a
        // category add little after a few copies but cost training time, so each counts at most N times.
        std::unordered_map<std::string, int> copies;
        store_.Read([&](storage::Tx& tx) {
            tx.ForEachResolvedText([&](const std::string& category, const std::string& description) {
                ++report.history_requests;
                if (!Usable(*catalog, category)) {
                    return;
                }
                std::string text = routing::ClassifierText(description);
                if (text.empty()) {
                    return;
                }
                int& n = copies[category + '\t' + text];
                if (n++ >= options.max_copies_per_text) {
                    return;
                }
                examples.push_back({category, std::move(text)});
                ++report.history_examples;
            });
        });
    }
    report.read_seconds = SecondsSince(started);
    const std::string output = options.output.empty() ? config_.model_path : options.output;
    auto trained = routing::ClassifierModel::Train(examples, options.model, output);
    ALO153_TRY(trained);
    report.model = *trained;
    spdlog::info("classifier: trained on {} corpus texts and {} of {} historical requests in {:.1f} s -> {}",
                 report.corpus_examples, report.history_examples, report.history_requests, SecondsSince(started),
                 output);
    if (output == config_.model_path) {
        ReloadIfChanged();
    }
    return report;
}

}  // namespace alo153::app
