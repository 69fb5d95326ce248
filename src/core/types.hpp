#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alo153::core {

/// A point in time, UTC, to the second. Shown to people in Europe/Istanbul (UTC+3, no daylight saving).
using Time = std::chrono::sys_seconds;
using Id = std::int64_t;

/// Istanbul's offset from UTC. Turkey has kept UTC+3 all year since 2016.
inline constexpr std::chrono::seconds kIstanbulOffset{3 * 3600};

/// Status of a request (CATALOG.md, "Statuses"). Which may follow which is in status_machine.hpp.
enum class Status { kNew, kRouted, kInProgress, kOnHold, kResolved, kClosed, kRejected, kReopened };

/// What a person does to a request; the status machine decides whether it is allowed now.
enum class Action { kRoute, kAccept, kAssign, kStart, kHold, kResume, kResolve, kClose, kReject, kReopen, kReroute };

/// Request type (başvuru türü).
enum class RequestType { kRequest, kComplaint, kSuggestion, kReport, kInformation, kThanks };

/// The way a contact or request reached the municipality.
enum class Channel { kPhone, kWalkIn, kWeb, kMobile, kEmail, kSms, kWhatsapp, kSocialMedia, kCimer, kOpen311 };

/// How a contact ended.
enum class ContactOutcome { kRequestOpened, kInformed, kTransferred, kDropped, kAbusive };

enum class Role { kAgent, kSupervisor, kUnitStaff, kUnitManager, kAdmin };

enum class Priority { kLow, kNormal, kHigh, kUrgent };

enum class UnitKind { kInternal, kCompany, kDistrict, kExternal };

/// How an SLA is counted: around the clock, or over the unit's working hours without public holidays.
enum class SlaClock { kAroundTheClock, kWorkingHours };

// Stable codes (the API, the database and other systems use these; names are shown to people).
std::string_view ToCode(Status v);
std::string_view ToCode(Action v);
std::string_view ToCode(RequestType v);
std::string_view ToCode(Channel v);
std::string_view ToCode(ContactOutcome v);
std::string_view ToCode(Role v);
std::string_view ToCode(Priority v);
std::string_view ToCode(UnitKind v);
std::string_view ToCode(SlaClock v);

std::optional<Status> ParseStatus(std::string_view code);
std::optional<Action> ParseAction(std::string_view code);
std::optional<RequestType> ParseRequestType(std::string_view code);
std::optional<Channel> ParseChannel(std::string_view code);
std::optional<ContactOutcome> ParseContactOutcome(std::string_view code);
std::optional<Role> ParseRole(std::string_view code);
std::optional<Priority> ParsePriority(std::string_view code);
std::optional<UnitKind> ParseUnitKind(std::string_view code);
std::optional<SlaClock> ParseSlaClock(std::string_view code);

/// Every value of an enum, in declaration order (for listings and exhaustive tests).
template <typename E>
constexpr int EnumCount();
template <>
constexpr int EnumCount<Status>() {
    return 8;
}
template <>
constexpr int EnumCount<Action>() {
    return 11;
}
template <>
constexpr int EnumCount<RequestType>() {
    return 6;
}
template <>
constexpr int EnumCount<Channel>() {
    return 10;
}
template <>
constexpr int EnumCount<ContactOutcome>() {
    return 5;
}
template <>
constexpr int EnumCount<Role>() {
    return 5;
}
template <>
constexpr int EnumCount<Priority>() {
    return 4;
}

/// Seconds since the Unix epoch, for storage.
inline std::int64_t ToUnix(Time t) { return t.time_since_epoch().count(); }
inline Time FromUnix(std::int64_t s) { return Time{std::chrono::seconds{s}}; }

}  // namespace alo153::core
