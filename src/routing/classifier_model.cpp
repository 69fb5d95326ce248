#include "routing/classifier_model.hpp"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_set>

#include <unistd.h>

#include "core/turkish_fold.hpp"

namespace alo153::routing {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";
// fastText's file header: a magic number and a format version (fasttext.cc, FASTTEXT_FILEFORMAT_MAGIC_INT32).
constexpr std::int32_t kFastTextMagic = 793712314;
constexpr std::int32_t kFastTextVersion = 12;

core::Error Invalid(const std::string& path, const std::string& why) {
    return core::MakeError(core::ErrorCode::kValidation, "Sınıflandırıcı modeli okunamadı (" + path + "): " + why,
                           "model");
}

/// Epochs for `tokens` words of training text: many passes over a small corpus, few over a large history,
/// so that training a million requests stays within minutes.
int EpochsFor(std::int64_t tokens) {
    const double budget = 2e7;  // words processed in total
    return std::clamp(static_cast<int>(budget / static_cast<double>(std::max<std::int64_t>(tokens, 1))), 5, 40);
}

}  // namespace

std::string ClassifierText(std::string_view utf8) {
    if (utf8.size() > kMaxClassifiedBytes) {
        std::size_t cut = kMaxClassifiedBytes;
        // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        utf8 = utf8.substr(0, cut);
    }
    return core::FoldForIndex(utf8);
}

ClassifierModel::ClassifierModel() : model_(std::make_unique<fasttext::FastText>()) {}
ClassifierModel::~ClassifierModel() = default;

core::Result<ClassifierModelPtr> ClassifierModel::Load(const std::string& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return core::MakeError(core::ErrorCode::kNotFound, "Sınıflandırıcı modeli bulunamadı: " + path, "model");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return core::MakeError(core::ErrorCode::kNotFound, "Sınıflandırıcı modeli açılamadı: " + path, "model");
    }
    std::int32_t magic = 0;
    std::int32_t version = 0;
    in.read(reinterpret_cast<char*>(&magic), sizeof magic);
    in.read(reinterpret_cast<char*>(&version), sizeof version);
    if (!in || magic != kFastTextMagic || version > kFastTextVersion) {
        return Invalid(path, "fastText model dosyası değil");
    }
    std::shared_ptr<ClassifierModel> model(new ClassifierModel());
    try {
        model->model_->loadModel(in);
    } catch (const std::exception& e) {
        return Invalid(path, e.what());
    }
    // fastText reads a truncated file without complaint (the stream just fails): a model is whole only when
    // every byte was read and no byte is left over.
    if (!in || static_cast<std::uintmax_t>(in.tellg()) != size || in.peek() != std::char_traits<char>::eof()) {
        return Invalid(path, "dosya eksik veya bozuk");
    }
    auto args = model->model_->getArgs();
    auto dict = model->model_->getDictionary();
    if (args.model != fasttext::model_name::sup || dict->nlabels() < 1) {
        return Invalid(path, "denetimli sınıflandırma modeli değil");
    }
    for (std::int32_t i = 0; i < dict->nlabels(); ++i) {
        std::string label = dict->getLabel(i);
        if (label.rfind(kLabelPrefix, 0) == 0) {
            label.erase(0, kLabelPrefix.size());
        }
        model->labels_.push_back(std::move(label));
    }
    model->file_bytes_ = static_cast<std::int64_t>(size);
    return ClassifierModelPtr(std::move(model));
}

std::vector<ScoredCategory> ClassifierModel::Predict(const std::string& classifier_text, int k) const {
    std::vector<ScoredCategory> out;
    if (classifier_text.empty() || k <= 0) {
        return out;
    }
    std::istringstream line(classifier_text + "\n");
    std::vector<std::int32_t> words;
    std::vector<std::int32_t> labels;
    model_->getDictionary()->getLine(line, words, labels);
    fasttext::Predictions predictions;
    model_->predict(k, words, predictions, 0.0);
    for (const auto& [log_prob, label] : predictions) {
        out.push_back({labels_[static_cast<std::size_t>(label)], std::exp(static_cast<double>(log_prob))});
    }
    return out;
}

double ClassifierModel::KnownWordShare(const std::string& classifier_text) const {
    auto dict = model_->getDictionary();
    std::istringstream in(classifier_text);
    std::string word;
    int known = 0;
    int total = 0;
    while (in >> word) {
        ++total;
        known += dict->getId(word) >= 0 ? 1 : 0;
    }
    return total == 0 ? 0.0 : static_cast<double>(known) / total;
}

core::Result<TrainReport> ClassifierModel::Train(const std::vector<LabelledText>& examples, const TrainOptions& options,
                                                 const std::string& path) {
    auto started = std::chrono::steady_clock::now();
    TrainReport report;
    std::unordered_set<std::string> labels;
    std::filesystem::path target(path);
    if (target.has_parent_path()) {
        std::filesystem::create_directories(target.parent_path());
    }
    // fastText trains from a file: one line per example, "__label__CODE folded words".
    const std::string corpus_path = path + ".train-" + std::to_string(::getpid()) + ".txt";
    std::int64_t tokens = 0;
    {
        std::ofstream corpus(corpus_path, std::ios::binary | std::ios::trunc);
        if (!corpus) {
            return core::MakeError(core::ErrorCode::kValidation, "Eğitim dosyası yazılamadı: " + corpus_path, "model");
        }
        for (const auto& e : examples) {
            std::string text = ClassifierText(e.text);
            if (text.empty() || e.category.empty() || e.category.find_first_of(" \t\n") != std::string::npos) {
                continue;
            }
            tokens += 1 + static_cast<std::int64_t>(std::count(text.begin(), text.end(), ' '));
            corpus << kLabelPrefix << e.category << ' ' << text << '\n';
            labels.insert(e.category);
            if (auto dot = e.category.find('.'); options.also_top_level && dot != std::string::npos) {
                corpus << kLabelPrefix << e.category.substr(0, dot) << ' ' << text << '\n';
            }
            ++report.examples;
        }
    }
    auto remove_corpus = [&] { std::filesystem::remove(corpus_path); };
    if (report.examples == 0 || labels.size() < 2) {
        remove_corpus();
        return core::MakeError(
            core::ErrorCode::kValidation,
            "Eğitim için en az iki konuda örnek metin gerekir (" + std::to_string(report.examples) + " örnek).",
            "examples");
    }
    fasttext::Args args;
    args.input = corpus_path;
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::softmax;
    args.dim = options.dim;
    args.epoch = options.epochs > 0 ? options.epochs : EpochsFor(tokens);
    args.lr = options.lr;
    args.minn = options.min_char_ngram;
    args.maxn = options.max_char_ngram;
    args.wordNgrams = options.word_ngrams;
    args.bucket = options.bucket;
    // A large history carries every house number and misspelling once: words seen once are left to the
    // character n-grams, which keeps the file (and training) small. A small corpus keeps every word.
    args.minCount = report.examples > 20000 ? 2 : 1;
    args.thread = std::max(1, options.threads);
    args.seed = options.seed;
    args.verbose = 0;
    const std::string tmp_path = path + ".tmp-" + std::to_string(::getpid());
    try {
        fasttext::FastText ft;
        ft.train(args);
        if (options.quantize) {
            fasttext::Args q;
            q.input = corpus_path;
            q.qnorm = true;
            q.qout = false;
            q.retrain = false;
            q.cutoff = 0;
            q.dsub = 2;
            q.verbose = 0;
            ft.quantize(q);
        }
        ft.saveModel(tmp_path);
        report.words = ft.getDictionary()->nwords();
    } catch (const std::exception& e) {
        remove_corpus();
        std::filesystem::remove(tmp_path);
        return core::MakeError(core::ErrorCode::kValidation, std::string("Eğitim başarısız: ") + e.what(), "model");
    }
    remove_corpus();
    std::filesystem::rename(tmp_path, path);
    report.labels = static_cast<std::int64_t>(labels.size());
    report.epochs = args.epoch;
    report.file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace alo153::routing
