#pragma once

#include <string_view>

#include "core/types.hpp"

namespace alo153::core {

/// Turkish labels of the stable codes, for people (screens, messages, exports). The codes themselves
/// (core/types.hpp) are what systems exchange; these are what a citizen or an agent reads.
std::string_view LabelTr(Status v);
std::string_view LabelTr(RequestType v);
std::string_view LabelTr(Channel v);
std::string_view LabelTr(ContactOutcome v);
std::string_view LabelTr(Role v);

/// The Turkish noun for an action as used in messages ("atama", "yeniden açma").
std::string_view ActionNounTr(Action action);

}  // namespace alo153::core
