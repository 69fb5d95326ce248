#pragma once

#include <cstdio>
#include <cstdlib>

/// Stops the fuzz target when an invariant of the code under test does not hold. A failed check is a finding
/// like a crash: libFuzzer saves the input, and the replay test fails. Unlike assert() it stays on in release
/// builds, where the replay tests run.
#define FUZZ_CHECK(cond)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)
