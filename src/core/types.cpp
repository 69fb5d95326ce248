#include "core/types.hpp"

#include <array>

namespace alo153::core {
namespace {

template <typename E, std::size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& codes, std::string_view code) {
    for (std::size_t i = 0; i < N; ++i) {
        if (codes[i] == code) {
            return static_cast<E>(i);
        }
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 8> kStatusCodes = {"new",      "routed", "in_progress", "on_hold",
                                                          "resolved", "closed", "rejected",    "reopened"};
constexpr std::array<std::string_view, 11> kActionCodes = {"route",   "accept", "assign", "start",  "hold",   "resume",
                                                           "resolve", "close",  "reject", "reopen", "reroute"};
constexpr std::array<std::string_view, 6> kTypeCodes = {"request", "complaint",   "suggestion",
                                                        "report",  "information", "thanks"};
constexpr std::array<std::string_view, 10> kChannelCodes = {"phone", "walk_in",  "web",          "mobile", "email",
                                                            "sms",   "whatsapp", "social_media", "cimer",  "open311"};
constexpr std::array<std::string_view, 5> kOutcomeCodes = {"request_opened", "informed", "transferred", "dropped",
                                                           "abusive"};
constexpr std::array<std::string_view, 5> kRoleCodes = {"agent", "supervisor", "unit_staff", "unit_manager", "admin"};
constexpr std::array<std::string_view, 4> kPriorityCodes = {"low", "normal", "high", "urgent"};
constexpr std::array<std::string_view, 4> kUnitKindCodes = {"internal", "company", "district", "external"};
constexpr std::array<std::string_view, 2> kSlaClockCodes = {"24x7", "working_hours"};

template <std::size_t N, typename E>
std::string_view At(const std::array<std::string_view, N>& a, E v) {
    return a.at(static_cast<std::size_t>(v));
}

}  // namespace

std::string_view ToCode(Status v) { return At(kStatusCodes, v); }
std::string_view ToCode(Action v) { return At(kActionCodes, v); }
std::string_view ToCode(RequestType v) { return At(kTypeCodes, v); }
std::string_view ToCode(Channel v) { return At(kChannelCodes, v); }
std::string_view ToCode(ContactOutcome v) { return At(kOutcomeCodes, v); }
std::string_view ToCode(Role v) { return At(kRoleCodes, v); }
std::string_view ToCode(Priority v) { return At(kPriorityCodes, v); }
std::string_view ToCode(UnitKind v) { return At(kUnitKindCodes, v); }
std::string_view ToCode(SlaClock v) { return At(kSlaClockCodes, v); }

std::optional<Status> ParseStatus(std::string_view c) { return Find<Status>(kStatusCodes, c); }
std::optional<Action> ParseAction(std::string_view c) { return Find<Action>(kActionCodes, c); }
std::optional<RequestType> ParseRequestType(std::string_view c) { return Find<RequestType>(kTypeCodes, c); }
std::optional<Channel> ParseChannel(std::string_view c) { return Find<Channel>(kChannelCodes, c); }
std::optional<ContactOutcome> ParseContactOutcome(std::string_view c) { return Find<ContactOutcome>(kOutcomeCodes, c); }
std::optional<Role> ParseRole(std::string_view c) { return Find<Role>(kRoleCodes, c); }
std::optional<Priority> ParsePriority(std::string_view c) { return Find<Priority>(kPriorityCodes, c); }
std::optional<UnitKind> ParseUnitKind(std::string_view c) { return Find<UnitKind>(kUnitKindCodes, c); }
std::optional<SlaClock> ParseSlaClock(std::string_view c) { return Find<SlaClock>(kSlaClockCodes, c); }

}  // namespace alo153::core
