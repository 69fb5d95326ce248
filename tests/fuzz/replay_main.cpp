// Runs a fuzz target over its committed seeds (and any files or folders named on the command line), so that
// the ordinary test run replays every corpus input with the compiler it was built with. libFuzzer is not
// needed: this main stands in for it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> InputsUnder(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
            if (entry.is_regular_file()) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());  // a stable order makes a failure easy to find again
    } else {
        files.push_back(path);
    }
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> roots;
    for (int i = 1; i < argc; ++i) {
        roots.emplace_back(argv[i]);
    }
    if (roots.empty()) {
        roots.emplace_back(ALO153_FUZZ_CORPUS);
    }
    std::size_t replayed = 0;
    for (const auto& root : roots) {
        for (const auto& file : InputsUnder(root)) {
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "cannot read %s\n", file.c_str());
                return 1;
            }
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            // Print first, so that a crash names the input that caused it.
            std::fprintf(stderr, "replay %s (%zu bytes)\n", file.c_str(), bytes.size());
            std::fflush(stderr);
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::fprintf(stderr, "no inputs found (an empty corpus replays nothing)\n");
        return 1;
    }
    std::printf("%zu inputs replayed\n", replayed);
    return 0;
}
