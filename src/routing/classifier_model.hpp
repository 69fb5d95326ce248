#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace fasttext {
class FastText;
}

namespace alo153::routing {

/// A sub-category code and how likely it is, in [0, 1].
struct ScoredCategory {
    std::string category;
    double score = 0;
};

/// The most text the classifier reads (a request's description holds up to 4000 characters, at most
/// 4 bytes each); a longer paste is cut at a character boundary.
inline constexpr std::size_t kMaxClassifiedBytes = 16000;

/// The text as the classifier sees it, for training and prediction alike: cut to kMaxClassifiedBytes, then
/// folded and split into words by core::FoldForIndex (the one Turkish folding function), so "ÇÖP" and "cop"
/// are the same word and punctuation never glues to a word.
std::string ClassifierText(std::string_view utf8);

/// One labelled example: a sub-category code and a text as people wrote it.
struct LabelledText {
    std::string category;
    std::string text;
};

/// fastText settings (supervised, softmax, character n-grams so that words missing Turkish letters or
/// carrying a typo still share most of their n-grams with the right word).
struct TrainOptions {
    int dim = 48;
    int epochs = 0;  ///< 0: chosen from the amount of text (more epochs for a small corpus)
    double lr = 0.5;
    int min_char_ngram = 2;
    int max_char_ngram = 5;
    int word_ngrams = 2;
    int bucket = 100000;
    int threads = 2;
    int seed = 153;
    bool quantize = false;  ///< product-quantize the matrices: a few MB instead of tens, but minutes to train
    /// Each text is also learnt under its top-level code ("SU" besides "SU.ARIZA"): the top level, which
    /// decides the unit, then learns from all the texts of its sub-categories together.
    bool also_top_level = true;
};

/// What a training run did.
struct TrainReport {
    std::int64_t examples = 0;
    std::int64_t labels = 0;
    std::int64_t words = 0;  ///< vocabulary size
    int epochs = 0;
    double seconds = 0;
    std::int64_t file_bytes = 0;
};

/// A trained fastText model over sub-category codes. Immutable once loaded, so one instance serves every
/// thread at once (fastText 0.9.2's predict is const and keeps its state on the stack).
class ClassifierModel {
  public:
    ~ClassifierModel();
    ClassifierModel(const ClassifierModel&) = delete;
    ClassifierModel& operator=(const ClassifierModel&) = delete;

    /// Loads a model file. Errors (never a crash): kNotFound when the file does not exist, kValidation when it
    /// is not a complete fastText supervised model (wrong magic, truncated, trailing bytes, no labels).
    static core::Result<std::shared_ptr<const ClassifierModel>> Load(const std::string& path);

    /// Trains on `examples` (raw texts; ClassifierText is applied here) and writes the model to `path`
    /// through a temporary file renamed into place, so a running server never reads a half-written model.
    /// Errors: kValidation when there is nothing to learn from (no examples, one label only).
    static core::Result<TrainReport> Train(const std::vector<LabelledText>& examples, const TrainOptions& options,
                                           const std::string& path);

    /// The `k` most likely sub-categories of a text already passed through ClassifierText, best first.
    std::vector<ScoredCategory> Predict(const std::string& classifier_text, int k) const;
    /// The share of the text's words (0..1) that the model saw in training; low for another language.
    double KnownWordShare(const std::string& classifier_text) const;
    /// Every code the model knows (sub-categories, and top-level codes when trained with also_top_level).
    const std::vector<std::string>& Labels() const { return labels_; }
    std::int64_t FileBytes() const { return file_bytes_; }

  private:
    ClassifierModel();

    std::unique_ptr<fasttext::FastText> model_;
    std::vector<std::string> labels_;
    std::int64_t file_bytes_ = 0;
};

using ClassifierModelPtr = std::shared_ptr<const ClassifierModel>;

}  // namespace alo153::routing
