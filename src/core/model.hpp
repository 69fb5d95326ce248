#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace alo153::core {

/// A unit that acts on requests: a department, a municipal company, a district municipality or an
/// outside body such as the electricity distributor.
struct Unit {
    Id id = 0;
    std::string code;  ///< stable, never reused (CATALOG.md)
    std::string name;
    UnitKind kind = UnitKind::kInternal;
    std::string district;  ///< for district municipalities: the district code they serve
    bool active = true;
    int work_start_minute = 8 * 60 + 30;  ///< local (Istanbul) working hours, for working-hours SLAs
    int work_end_minute = 17 * 60 + 30;
    std::uint8_t work_weekdays = 0b0011111;  ///< bit 0 = Monday ... bit 6 = Sunday
};

/// The literal a category's unit takes when requests go to the district municipality of their location.
inline constexpr std::string_view kDistrictUnit = "@district";

/// A top-level category (parent empty) or a sub-category ("TOP.SUB").
struct Category {
    Id id = 0;
    std::string code;
    std::string parent;
    std::string name_tr;
    std::string name_en;
    std::string unit;  ///< default unit code, kDistrictUnit, or empty for "the parent's unit"
    int sla_minutes = 0;
    SlaClock clock = SlaClock::kWorkingHours;
    Priority priority = Priority::kNormal;
    bool urgent = false;
    std::string keywords;  ///< '|'-separated words and phrases people use for it
    bool active = true;

    bool IsTopLevel() const { return parent.empty(); }
};

struct District {
    std::string code;  ///< ASCII upper case, e.g. "ATAKUM"
    std::string name;
    double lat = 0;
    double lon = 0;
};

struct Neighbourhood {
    Id id = 0;
    std::string district;
    std::string name;
    bool active = true;
};

struct Citizen {
    Id id = 0;
    std::string phone;  ///< E.164, "+905321234567"; empty when unknown
    std::string first_name;
    std::string last_name;
    std::string tckn;  ///< T.C. kimlik no, optional, checksum-validated
    std::string email;
    std::string address;
    bool kvkk_consent = false;
    Time created_at{};
    Time updated_at{};
    int version = 1;
};

struct Location {
    std::string district;
    std::optional<Id> neighbourhood_id;
    std::string street;
    std::string address_text;
    std::optional<double> lat;
    std::optional<double> lon;

    bool operator==(const Location&) const = default;
};

struct Request {
    Id id = 0;
    int year = 0;
    std::int64_t sequence = 0;
    std::string tracking_number;
    RequestType type = RequestType::kRequest;
    Channel channel = Channel::kPhone;
    std::string category;
    std::string unit;
    Status status = Status::kNew;
    Priority priority = Priority::kNormal;
    std::string description;
    Location location;
    std::optional<Id> citizen_id;
    std::optional<Id> contact_id;
    std::optional<Id> assignee_id;
    std::optional<Id> created_by;
    std::optional<Id> api_key_id;
    std::optional<Id> routing_rule_id;
    Time created_at{};
    Time updated_at{};
    Time due_at{};
    std::optional<Time> accepted_at;
    std::optional<Time> hold_started_at;
    std::optional<Time> resolved_at;
    std::optional<Time> closed_at;
    std::string public_answer;
    std::string reject_reason;
    int version = 1;
    std::string suggested_category;           ///< the classifier's top suggestion shown at intake, if any
    std::optional<bool> suggestion_accepted;  ///< whether the request was filed under it (unset: none shown)

    /// Every field, so that a round trip through a store can be checked whole (a new field is compared too).
    bool operator==(const Request&) const = default;
};

/// One field an event changed, as text (an audit trail is read by people).
struct FieldChange {
    std::string field;
    std::string before;
    std::string after;
};

/// One change to a request: who, when, what, before and after. Written in the same transaction as the change.
struct Event {
    Id id = 0;
    Id request_id = 0;
    Time at{};
    std::optional<Id> actor_id;
    std::string actor_name;  ///< filled on read
    std::string kind;        ///< "created", "routed", an Action code, "note", "photo_added", ...
    std::optional<Status> from_status;
    std::optional<Status> to_status;
    bool is_public = false;  ///< shown to the citizen (status changes, public answers)
    std::string text;
    std::vector<FieldChange> changes;
};

struct Photo {
    Id id = 0;
    Id request_id = 0;
    std::string sha256;
    std::string content_type;
    std::int64_t size = 0;
    Time created_at{};
    std::optional<Id> uploaded_by;
};

/// A call, visit or message, whether or not it opens a request.
struct Contact {
    Id id = 0;
    Channel channel = Channel::kPhone;
    std::string caller_phone;
    std::optional<Id> citizen_id;
    std::optional<Id> agent_id;
    std::optional<Id> request_id;
    std::optional<Id> article_id;
    Time started_at{};
    std::optional<Time> ended_at;
    std::optional<ContactOutcome> outcome;
    std::string note;
    int version = 1;
};

/// A knowledge-base article agents read to callers.
struct Article {
    Id id = 0;
    std::string title;
    std::string body;
    std::string category;
    std::string tags;  ///< '|'-separated
    bool active = true;
    Time updated_at{};
    int version = 1;
};

struct User {
    Id id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::kAgent;
    std::string unit;  ///< for unit_staff and unit_manager: the unit they belong to
    std::string password_hash;
    bool active = true;
    Time created_at{};
};

struct Session {
    std::string token_hash;
    Id user_id = 0;
    std::string csrf_token;
    Time created_at{};
    Time expires_at{};
};

struct ApiKey {
    Id id = 0;
    std::string name;
    std::string prefix;  ///< the public part of the key, to find it
    std::string key_hash;
    Role role = Role::kAgent;
    std::string unit;
    bool active = true;
    Time created_at{};
    std::optional<Time> revoked_at;
};

/// An admin-editable routing rule; rules are tried in ascending position, the first match decides.
/// Empty conditions match anything; `category` matches a top-level code or an exact sub-category code.
struct RoutingRule {
    Id id = 0;
    int position = 0;
    std::string name;
    std::string category;
    std::string district;
    std::optional<Channel> channel;
    std::optional<RequestType> type;
    std::string unit;  ///< target unit code, or kDistrictUnit
    std::optional<Priority> priority;
    bool active = true;
};

}  // namespace alo153::core
