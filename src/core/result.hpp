#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace alo153::core {

/// The value of an operation that can fail in an expected way (bad input, not found, a rule says no).
/// Exceptions are kept for bugs and broken infrastructure (STYLE.md, habit 5).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(state_);
    }

private:
    std::variant<T, Error> state_;
};

/// Result of an operation that returns nothing on success.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

private:
    Error error_;
    bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace alo153::core

/// Returns the error of `expr` (a Result) from the enclosing function if it failed.
#define ALO153_TRY(expr)                         \
    do {                                         \
        const auto& alo153_try_result_ = (expr); \
        if (!alo153_try_result_.ok()) {          \
            return alo153_try_result_.error();   \
        }                                        \
    } while (false)
