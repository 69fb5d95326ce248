#include "core/utf8.hpp"

namespace alo153::core {

bool IsValidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const Utf8Step step = DecodeUtf8At(text, pos);
        if (step.length == 0) return false;
        pos += step.length;
    }
    return true;
}

}  // namespace alo153::core
